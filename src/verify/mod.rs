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
use std::path::Path;

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
    /// Its objects are not installed, but their Makefile lines sit inside
    /// an `ifdef`/`ifeq` block (linked into another module instead, as
    /// mdio-bus.o into libphy.ko): the built `.config` decides.
    Conditional,
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
/// same symbol replaces an earlier one) against `installed`. `root` is the
/// tree the Makefiles of `map` were read from.
pub fn verify(
    map: &ModuleMap,
    model: &Model,
    root: &Path,
    installed: &Installed,
    fragments: &[ConfigFile],
) -> Vec<Verdict> {
    let built = installed.config.as_ref().map(built_values);
    let mut blocks = Conditionals::new(root);
    crate::config::merge(fragments)
        .into_iter()
        .map(|line| {
            let mut v = verdict(map, model, installed, built.as_ref(), line);
            if v.status == Status::Absent
                && map
                    .symbol(&v.line.name)
                    .all(|r| blocks.contains(&r.file, r.line))
            {
                v.status = Status::Conditional;
                v.holds = v.built_value.as_ref().map(|b| *b == requested(&v.line));
            }
            v
        })
        .collect()
}

/// Which Makefile lines sit inside an `ifdef`, `ifndef`, `ifeq` or `ifneq`
/// block; each Makefile read once, at most `MAX_MAKEFILE` bytes.
struct Conditionals<'a> {
    root: &'a Path,
    depth: FxHashMap<String, Vec<u32>>,
}

const MAX_MAKEFILE: u64 = 4 << 20;

impl<'a> Conditionals<'a> {
    fn new(root: &'a Path) -> Self {
        Conditionals {
            root,
            depth: FxHashMap::default(),
        }
    }

    fn contains(&mut self, file: &str, line: u32) -> bool {
        let root = self.root;
        let depth = self
            .depth
            .entry(file.to_string())
            .or_insert_with(|| block_depths(&root.join(file)));
        depth
            .get(line.saturating_sub(1) as usize)
            .is_some_and(|&d| d > 0)
    }
}

/// The `if` nesting depth of each line of a Makefile (empty when it cannot
/// be read: then no line counts as conditional).
fn block_depths(path: &Path) -> Vec<u32> {
    let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= MAX_MAKEFILE);
    let text = if small {
        std::fs::read(path).unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut depth = 0u32;
    String::from_utf8_lossy(&text)
        .lines()
        .map(|l| {
            let word = l.split_whitespace().next().unwrap_or("");
            match word {
                "ifdef" | "ifndef" | "ifeq" | "ifneq" => {
                    depth += 1;
                    depth
                }
                "endif" => {
                    let here = depth;
                    depth = depth.saturating_sub(1);
                    here
                }
                _ => depth,
            }
        })
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
        let name = rule
            .module
            .rsplit('/')
            .next()
            .unwrap_or(&rule.module)
            .to_string();
        if modules.iter().any(|(m, _)| *m == name) {
            continue;
        }
        own.push(
            map.module(&rule.module)
                .all(|r| r.symbol() == rule.symbol()),
        );
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
        Status::NoModule | Status::Conditional => built_value.as_ref().map(|v| *v == wanted),
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
        let e = best
            .entry(rule.module.as_str())
            .or_insert(crate::Tristate::No);
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

#[cfg(test)]
mod tests {
    #[test]
    fn lines_inside_ifdef_blocks_are_conditional_and_endif_closes_them() {
        let dir = tempfile::tempdir().unwrap();
        let mk = dir.path().join("Makefile");
        let text = "obj-$(CONFIG_A) += a.o\nifdef CONFIG_P\n  ifneq ($(X),y)\nobj-$(CONFIG_B) += b.o\n  endif\nelse\nobj-$(CONFIG_C) += c.o\nendif\nobj-$(CONFIG_D) += d.o\n";
        std::fs::write(&mk, text).unwrap();
        let d = super::block_depths(&mk);
        let inside: Vec<bool> = [1, 4, 7, 9].iter().map(|&l| d[l - 1] > 0).collect();
        assert_eq!(inside, [false, true, true, false]);
        assert!(super::block_depths(&dir.path().join("missing")).is_empty());
    }
}
