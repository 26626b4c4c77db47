//! `ksolve check`: what a set of fragments asks for, and what survives.
//!
//! The fragments are merged onto the base and evaluated exactly as
//! `olddefconfig` does; the base is also evaluated alone. Every assignment
//! written in a fragment becomes one [`Finding`] (its [`Status`], and for a
//! lost request the blocking [`Reason`]s as data); symbols the fragments changed
//! without naming them are [`Collateral`]; base lines that do not survive
//! on their own are [`Drift`]. Nothing here builds text: the report layer
//! renders these afterwards.

mod input;
mod status;
mod suggest;
pub mod waiver;

pub use input::{merge as input_merge, Edit, Fragment};
pub use status::{compare, Invalid};
pub use suggest::Suggester;

use crate::config::{self, Assignment, ConfigFile};
use crate::eval::{user::UserWarning, Evaluation, Origin};
use crate::explain::{blockers, Reason};
use crate::model::{Model, SymbolId};
use rustc_hash::FxHashMap;

/// What became of one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// The result has the requested value.
    Ok,
    /// The result has the requested value, and so had the base alone.
    Redundant,
    /// A later fragment line sets the same symbol.
    Overridden,
    /// The result differs from the request.
    Dropped,
    /// No such symbol in this tree.
    Unknown,
    /// A value the symbol's type or range does not allow.
    Invalid,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Redundant => "redundant",
            Status::Overridden => "overridden",
            Status::Dropped => "dropped",
            Status::Unknown => "unknown",
            Status::Invalid => "invalid",
        }
    }

    /// Whether the request failed (exit status 1).
    pub fn is_failure(self) -> bool {
        match self {
            Status::Dropped | Status::Unknown | Status::Invalid => true,
            Status::Ok | Status::Redundant | Status::Overridden => false,
        }
    }
}

/// One assignment written in a fragment, and what became of it.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The request as written (`value` is `n` for `is not set` and for a
    /// `scripts/config --undefine`).
    pub request: Assignment,
    pub sym: Option<SymbolId>,
    pub status: Status,
    /// The value after olddefconfig (`None` for an unknown symbol).
    pub result: Option<String>,
    /// The value the base alone evaluates to.
    pub base: Option<String>,
    /// For a dropped or invalid request: what keeps the symbol from it.
    pub blockers: Vec<Reason>,
    pub invalid: Option<Invalid>,
    /// For an unknown symbol: the closest names in this tree.
    pub suggestions: Vec<String>,
    /// For an overridden request: the line that wins.
    pub overridden_by: Option<Origin>,
    /// A failing request a maintainer accepted (check/waiver.rs): the
    /// reason they gave. Still listed and counted; no longer a failure.
    pub waived: Option<String>,
}

/// A symbol the fragments changed without naming it.
#[derive(Clone, Debug)]
pub struct Collateral {
    pub sym: SymbolId,
    pub before: String,
    pub after: String,
}

/// A line of the base config that does not survive evaluation on its own.
#[derive(Clone, Debug)]
pub struct Drift {
    pub line: Assignment,
    pub sym: Option<SymbolId>,
    /// `None` when the symbol does not exist.
    pub result: Option<String>,
}

/// The outcome of a check.
pub struct Check<'m> {
    pub findings: Vec<Finding>,
    pub collateral: Vec<Collateral>,
    pub drift: Vec<Drift>,
    /// Base and fragments, evaluated.
    pub evaluation: Evaluation<'m>,
    /// The base alone, evaluated.
    pub base_evaluation: Evaluation<'m>,
    pub user_warnings: Vec<UserWarning>,
}

impl Check<'_> {
    pub fn failures(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.status.is_failure() && f.waived.is_none())
            .count()
    }
}

/// Check `fragments` merged in order onto `base`.
pub fn check<'m>(model: &'m Model, base: &ConfigFile, fragments: &[Fragment]) -> Check<'m> {
    let merged = input::merge(base, fragments);
    check_merged(model, base, &merged, fragments)
}

/// Check the requests of `fragments` against `merged`, the config they
/// produced (`ksolve config` edits lines in place, as scripts/config does,
/// rather than merging).
pub fn check_merged<'m>(
    model: &'m Model,
    base: &ConfigFile,
    merged: &[Assignment],
    fragments: &[Fragment],
) -> Check<'m> {
    let base_run = config::olddefconfig(model, &config::merge([base]));
    let run = config::olddefconfig(model, merged);
    check_runs(model, base, base_run, run, fragments)
}

/// Check fragments read as the `KCONFIG_ALLCONFIG` of a batch mode
/// (`check --mode allmodconfig`): the base is the mode on its own.
pub fn check_mode<'m>(
    model: &'m Model,
    fragments: &[Fragment],
    fill: crate::eval::modes::Fill,
    seed: u32,
) -> Check<'m> {
    let empty = ConfigFile::parse("", "(none)");
    let merged = input::merge(&empty, fragments);
    let base_run = config::modes::all_config(model, fill, None, seed);
    let run = config::modes::all_config(model, fill, Some(&merged), seed);
    check_runs(model, &empty, base_run, run, fragments)
}

fn check_runs<'m>(
    model: &'m Model,
    base: &ConfigFile,
    base_run: config::Olddefconfig<'m>,
    run: config::Olddefconfig<'m>,
    fragments: &[Fragment],
) -> Check<'m> {
    let mut evaluation = run.evaluation;
    let mut base_evaluation = base_run.evaluation;
    let edits: Vec<&Edit> = fragments.iter().flat_map(|f| &f.edits).collect();
    let next = next_of_same_name(&edits);
    let mut suggester = Suggester::new(model);
    let mut findings = Vec::with_capacity(edits.len());
    for (i, edit) in edits.iter().enumerate() {
        let later = next[i].map(|j| edits[j]);
        let mut f = finding(&mut evaluation, &mut base_evaluation, edit, &mut suggester);
        if let Some(later) = later {
            if !f.status.is_failure() || f.status == Status::Dropped {
                f.status = Status::Overridden;
            }
            f.overridden_by = Some(later.origin());
        }
        findings.push(f);
    }
    let named: rustc_hash::FxHashSet<&str> = edits.iter().map(|e| e.name()).collect();
    let collateral = collateral(model, &base_run.text, &run.text, &named);
    let drift = drift(&mut base_evaluation, base);
    Check {
        findings,
        collateral,
        drift,
        evaluation,
        base_evaluation,
        user_warnings: run.user_warnings,
    }
}

/// For each edit, the index of the next edit of the same symbol.
fn next_of_same_name(edits: &[&Edit]) -> Vec<Option<usize>> {
    let mut next = vec![None; edits.len()];
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, e) in edits.iter().enumerate().rev() {
        next[i] = seen.insert(e.name(), i);
    }
    next
}

fn finding(
    ev: &mut Evaluation<'_>,
    base_ev: &mut Evaluation<'_>,
    edit: &Edit,
    suggester: &mut Suggester<'_>,
) -> Finding {
    let request = edit.assignment();
    let model = ev.model;
    let mut f = Finding {
        sym: None,
        status: Status::Unknown,
        result: None,
        base: None,
        blockers: Vec::new(),
        invalid: None,
        suggestions: Vec::new(),
        overridden_by: None,
        waived: None,
        request,
    };
    let Some(s) = model
        .lookup(&f.request.name)
        .filter(|&s| model.sym(s).ty != crate::model::SymbolType::Unknown)
    else {
        f.suggestions = suggester.suggest(&f.request.name);
        return f;
    };
    f.sym = Some(s);
    f.result = Some(ev.string_value(s));
    f.base = Some(base_ev.string_value(s));
    if let Some(inv) = status::invalid(ev, s, &f.request.value) {
        f.status = Status::Invalid;
        f.blockers = blockers(ev, s, &f.request.value);
        f.invalid = Some(inv);
        return f;
    }
    // A transitional name is read but never written: the line is lost
    // from the .config, whatever the value carried to its successor.
    f.status = if model.sym(s).transitional {
        f.blockers = blockers(ev, s, &f.request.value);
        f.result = None;
        Status::Dropped
    } else if !compare(ev, s, &f.request.value) {
        f.blockers = blockers(ev, s, &f.request.value);
        Status::Dropped
    } else if compare(base_ev, s, &f.request.value) {
        Status::Redundant
    } else {
        Status::Ok
    };
    f
}

/// Up to three defined symbols whose names are closest to `name`.
pub fn suggestions(model: &Model, name: &str) -> Vec<String> {
    Suggester::new(model).suggest(name)
}

/// Symbols whose written value differs between the two outputs, in the
/// order of the full output, leaving out the ones in `named`.
fn collateral(
    model: &Model,
    before: &str,
    after: &str,
    named: &rustc_hash::FxHashSet<&str>,
) -> Vec<Collateral> {
    let before = written_values(before);
    let after_file = ConfigFile::parse(after, "");
    let after: FxHashMap<String, String> = written_values_of(&after_file);
    let mut names: Vec<&String> = after_file.assignments.iter().map(|a| &a.name).collect();
    let mut gone: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    gone.sort();
    names.extend(gone);
    let mut out = Vec::new();
    for name in names {
        let Some(sym) = model.lookup(name) else {
            continue;
        };
        if named.contains(name.as_str()) {
            continue;
        }
        let absent = if model.sym(sym).ty.is_logical() {
            "n"
        } else {
            ""
        };
        let b = before.get(name).map_or(absent, String::as_str);
        let a = after.get(name).map_or(absent, String::as_str);
        if a != b {
            out.push(Collateral {
                sym,
                before: b.to_string(),
                after: a.to_string(),
            });
        }
    }
    out
}

fn written_values(text: &str) -> FxHashMap<String, String> {
    written_values_of(&ConfigFile::parse(text, ""))
}

fn written_values_of(file: &ConfigFile) -> FxHashMap<String, String> {
    file.assignments
        .iter()
        .map(|a| (a.name.clone(), a.value.clone()))
        .collect()
}

/// Base lines whose symbol is unknown or evaluates to another value.
fn drift(base_ev: &mut Evaluation<'_>, base: &ConfigFile) -> Vec<Drift> {
    let model = base_ev.model;
    let last: FxHashMap<&str, usize> = base
        .assignments
        .iter()
        .enumerate()
        .map(|(i, a)| (a.name.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for (i, a) in base.assignments.iter().enumerate() {
        if last.get(a.name.as_str()) != Some(&i) {
            continue;
        }
        let sym = model
            .lookup(&a.name)
            .filter(|&s| model.sym(s).ty != crate::model::SymbolType::Unknown);
        match sym {
            None => out.push(Drift {
                line: a.clone(),
                sym: None,
                result: None,
            }),
            Some(s) if !compare(base_ev, s, &a.value) => out.push(Drift {
                line: a.clone(),
                sym: Some(s),
                result: Some(base_ev.string_value(s)),
            }),
            Some(_) => {}
        }
    }
    out
}
