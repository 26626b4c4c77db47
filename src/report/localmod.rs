//! `ksolve localmodconfig` notes, on standard error beside the config
//! (which goes to standard output or `-o`): the modules no Makefile builds
//! with the closest names, what `streamline_config.pl` warns about, and
//! for `--builtin` the names it could not resolve, the dependencies raised
//! with a request, and each request that does not hold with its reasons
//! as `ksolve why` draws them ([`crate::report::reason`]).

use super::text::{tree, Style};
use super::{ReasonNode, Reasons};
use crate::config;
use crate::explain::Limits;
use crate::kbuild::ModuleMap;
use crate::localmod::{BuiltinConfig, Streamlined};
use crate::model::Model;
use std::fmt::Write as _;

/// How many close names a note offers.
const CLOSEST: usize = 3;

/// What localmodconfig has to say about the modules it was given.
#[derive(Clone, Debug, Default)]
pub struct LocalmodReport {
    /// Modules no Makefile builds, with the closest module names.
    pub unmapped: Vec<Unresolved>,
    /// Promptless configs that nothing enabled selects.
    pub unselected: Vec<String>,
    /// Modules whose configs are not `y` or `m` in the result, with them.
    pub unconfigured: Vec<(String, Vec<String>)>,
    /// Key and certificate paths that were reset.
    pub notes: Vec<String>,
}

/// A name that resolves to nothing, with the closest module names.
#[derive(Clone, Debug)]
pub struct Unresolved {
    pub name: String,
    pub closest: Vec<String>,
}

/// What `--builtin` did not do as asked.
#[derive(Clone, Debug, Default)]
pub struct BuiltinReport {
    /// Names that are neither a module of this tree nor a symbol.
    pub unknown: Vec<Unresolved>,
    /// Symbols requested `y` as well, so that another request holds.
    pub raised: Vec<Raised>,
    /// Requests that do not hold.
    pub failed: Vec<Failed>,
    /// 1 when a request does not hold or a name is unknown, else 0.
    pub exit: i32,
}

/// A dependency requested `y` with the request that needs it.
#[derive(Clone, Debug)]
pub struct Raised {
    /// As the user named it (`ixgbe (IXGBE)`) or the symbol.
    pub shown: String,
    pub needed_by: String,
}

/// A request that does not hold, and what keeps it from `y`.
#[derive(Clone, Debug)]
pub struct Failed {
    pub shown: String,
    pub reasons: Vec<ReasonNode>,
}

fn unresolved(map: &ModuleMap, name: &str) -> Unresolved {
    Unresolved {
        name: name.to_string(),
        closest: map
            .closest(name, CLOSEST)
            .into_iter()
            .map(str::to_string)
            .collect(),
    }
}

/// The notes of one streamline run.
pub fn build(s: &Streamlined, map: &ModuleMap) -> LocalmodReport {
    LocalmodReport {
        unmapped: s.unmapped.iter().map(|m| unresolved(map, m)).collect(),
        unselected: s.unselected.clone(),
        unconfigured: s.unconfigured.clone(),
        notes: s.notes.clone(),
    }
}

/// The report of `--builtin`; the failed requests are explained on the
/// evaluation of the config written.
pub fn builtin(model: &Model, map: &ModuleMap, result: &BuiltinConfig) -> BuiltinReport {
    let raised = result
        .requests
        .iter()
        .filter_map(|r| {
            Some(Raised {
                shown: r.shown.clone(),
                needed_by: model.name(r.needed_by?).to_string(),
            })
        })
        .collect();
    let mut failed = Vec::new();
    if !result.failed.is_empty() {
        let mut ev = config::olddefconfig(model, &result.merged).evaluation;
        for (r, blockers) in &result.failed {
            let reasons = Reasons::new(&mut ev, Limits::default()).blockers(r.sym, "y", blockers);
            failed.push(Failed {
                shown: r.shown.clone(),
                reasons,
            });
        }
    }
    BuiltinReport {
        unknown: result.unknown.iter().map(|n| unresolved(map, n)).collect(),
        raised,
        exit: i32::from(!result.failed.is_empty() || !result.unknown.is_empty()),
        failed,
    }
}

/// The notes as `ksolve:` lines.
pub fn text(r: &LocalmodReport) -> String {
    let mut out = String::new();
    for m in &r.unmapped {
        let _ = write!(
            out,
            "ksolve: module {}: no Makefile builds it; left out",
            m.name
        );
        if !m.closest.is_empty() {
            let _ = write!(out, " (closest: {})", m.closest.join(", "));
        }
        out.push('\n');
    }
    for c in &r.unselected {
        let _ = writeln!(
            out,
            "ksolve: warning: {c} is required, but nothing in the current config selects it"
        );
    }
    for (m, configs) in &r.unconfigured {
        let _ = writeln!(
            out,
            "ksolve: module {m} did not have configs {}",
            configs.join(" ")
        );
    }
    for n in &r.notes {
        let _ = writeln!(out, "ksolve: {n}");
    }
    out
}

/// The `--builtin` report as `ksolve:` lines, each failed request followed
/// by its reason trees.
pub fn builtin_text(r: &BuiltinReport, style: &Style) -> String {
    let mut out = String::new();
    for u in &r.unknown {
        let close = if u.closest.is_empty() {
            "none".to_string()
        } else {
            u.closest.join(", ")
        };
        let _ = writeln!(
            out,
            "ksolve: --builtin {}: neither a module of this tree nor a symbol; closest: {close}",
            u.name
        );
    }
    for q in &r.raised {
        let _ = writeln!(
            out,
            "ksolve: {}=y as well, so that {}=y holds without losing features (see `ksolve solve`)",
            q.shown, q.needed_by
        );
    }
    for f in &r.failed {
        let _ = writeln!(out, "ksolve: {}=y does not hold:", f.shown);
        for n in &f.reasons {
            tree(&mut out, n, 1, style);
        }
    }
    out
}
