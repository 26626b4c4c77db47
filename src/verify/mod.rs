//! `ksolve verify`: did the fragment's requests make it into the built
//! kernel? Each fragment line's symbol is mapped to the modules its Kbuild
//! lines build ([`crate::kbuild`]); each module is looked up in what
//! `make modules_install` installed ([`installed`]): builtin, a module file,
//! or absent. A symbol that builds no module of its own (a bool, a helper)
//! is decided by the installed `build/.config` when there is one.
//!
//! Before a build, [`summary`] counts what a config produces from the same
//! Makefile map: a module name is builtin when the symbol of one of its
//! `obj-$(CONFIG_X)` lines is `y`, a module when one is `m` and none `y`.
//! (Directory lines such as `obj-$(CONFIG_NET) += net/` are not followed,
//! so a module below a directory that is off still counts.)
//! Nothing here builds text: report/verify.rs renders the results.

pub mod installed;

pub use installed::Installed;

use crate::config::{Assignment, ConfigFile};
use crate::eval::Evaluation;
use crate::kbuild::ModuleMap;
use crate::model::{Model, SymbolType};
use rustc_hash::FxHashMap;

/// Where one module ended up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    Builtin,
    /// Installed as this file (relative to the modules directory).
    Module(String),
    Absent,
}

/// What a fragment line got in the built kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Builtin,
    Module,
    Absent,
    /// Some of its modules builtin, some installed as files.
    Mixed,
    /// It builds no module of its own; the value is the built `.config`'s
    /// when one is installed.
    NoModule,
}

/// One fragment line's verdict.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub line: Assignment,
    pub modules: Vec<(String, Found)>,
    pub status: Status,
    /// The value in the installed `build/.config` (`n` for a missing line).
    pub built_value: Option<String>,
    /// The request made it (`None`: nothing tells).
    pub holds: Option<bool>,
}

/// Check every line of `fragments` (merged in order: a later line for the
/// same symbol replaces an earlier one) against `installed`.
pub fn verify(map: &ModuleMap, model: &Model, installed: &Installed, fragments: &[ConfigFile]) -> Vec<Verdict> {
    let built = installed.config.as_ref().map(built_values);
    crate::config::merge(fragments)
        .into_iter()
        .map(|line| verdict(map, model, installed, built.as_ref(), line))
        .collect()
}

fn verdict(
    map: &ModuleMap,
    model: &Model,
    installed: &Installed,
    built: Option<&FxHashMap<String, String>>,
    line: Assignment,
) -> Verdict {
    let mut modules: Vec<(String, Found)> = Vec::new();
    let mut own: Vec<bool> = Vec::new();
    for rule in map.symbol(&line.name) {
        // `obj-$(CONFIG_RAS_FMPM) += amd/fmpm.o` installs fmpm.ko.
        let name = rule.module.rsplit('/').next().unwrap_or(&rule.module).to_string();
        if modules.iter().any(|(m, _)| *m == name) {
            continue;
        }
        own.push(map.module(&rule.module).all(|r| r.symbol() == rule.symbol()));
        modules.push((name.clone(), found(installed, &name)));
    }
    // A bool's objects are never listed in modules.builtin.
    let is_bool = model
        .lookup(&line.name)
        .is_some_and(|s| model.sym(s).ty == SymbolType::Bool);
    let status = if modules.is_empty() || is_bool {
        Status::NoModule
    } else {
        aggregate(&modules, &own)
    };
    let built_value = built.map(|b| b.get(&line.name).cloned().unwrap_or_else(|| "n".into()));
    let wanted = requested(&line);
    let holds = match status {
        Status::Builtin => Some(wanted == "y"),
        Status::Module => Some(wanted == "m"),
        Status::Absent => Some(wanted == "n"),
        Status::Mixed => Some(false),
        Status::NoModule => built_value.as_ref().map(|v| *v == wanted),
    };
    Verdict {
        line,
        modules,
        status,
        built_value,
        holds,
    }
}

fn found(installed: &Installed, module: &str) -> Found {
    if installed.builtin.contains(module) || installed.builtin_modinfo.contains(module) {
        Found::Builtin
    } else if let Some(path) = installed.modules.get(module) {
        Found::Module(path.clone())
    } else {
        Found::Absent
    }
}

/// Builtin when some module is builtin and none installed as a file, a
/// module for the reverse, absent when none is found. Objects another
/// symbol's lines also build (`libahci`) say nothing about this symbol
/// unless nothing else does; an absent object beside a found one is a
/// part built only under another config (`ifdef`, an `-$(CONFIG_Y)` line).
fn aggregate(modules: &[(String, Found)], own: &[bool]) -> Status {
    let mine: Vec<&Found> = modules
        .iter()
        .zip(own)
        .filter(|(_, &o)| o)
        .map(|((_, f), _)| f)
        .collect();
    let considered: Vec<&Found> = if mine.is_empty() {
        modules.iter().map(|(_, f)| f).collect()
    } else {
        mine
    };
    let builtin = considered.iter().any(|f| **f == Found::Builtin);
    let module = considered.iter().any(|f| matches!(f, Found::Module(_)));
    match (builtin, module) {
        (true, false) => Status::Builtin,
        (false, true) => Status::Module,
        (true, true) => Status::Mixed,
        (false, false) => Status::Absent,
    }
}

/// The value a line asks for, as `.config` writes it (`n` for `is not set`).
fn requested(a: &Assignment) -> String {
    if a.not_set {
        "n".into()
    } else {
        a.value.clone()
    }
}

fn built_values(c: &ConfigFile) -> FxHashMap<String, String> {
    c.assignments
        .iter()
        .map(|a| (a.name.clone(), requested(a)))
        .collect()
}

/// What a config builds, counted from the Makefile map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Module names built as `.ko` files.
    pub modules: Vec<String>,
    /// Module names built into the kernel image.
    pub builtin: Vec<String>,
}

/// Count the modules and builtin drivers of an evaluated config.
pub fn summary(map: &ModuleMap, ev: &mut Evaluation<'_>) -> Summary {
    let model = ev.model;
    let mut best: FxHashMap<&str, crate::Tristate> = FxHashMap::default();
    for rule in map.rules() {
        let Some(s) = model.lookup(rule.symbol()) else {
            continue;
        };
        if model.sym(s).ty != SymbolType::Tristate {
            continue;
        }
        let v = ev.tristate(s);
        let e = best.entry(rule.module.as_str()).or_insert(crate::Tristate::No);
        *e = (*e).or(v);
    }
    let mut out = Summary::default();
    for (name, v) in best {
        match v {
            crate::Tristate::Yes => out.builtin.push(name.to_string()),
            crate::Tristate::Mod => out.modules.push(name.to_string()),
            crate::Tristate::No => {}
        }
    }
    out.modules.sort();
    out.builtin.sort();
    out
}
