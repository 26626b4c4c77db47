//! Module names and the Kconfig symbols that build them, read from the
//! tree's Kbuild Makefiles.
//!
//! A module is the object named on an `obj-$(CONFIG_X) += name.o` line: a
//! composite module (`ixgbe-y := ixgbe_main.o ...`) is built under its own
//! name, so `ixgbe` maps to `IXGBE`. The map is two-way: module -> the
//! symbols whose lines name it, symbol -> the modules its lines name. Names
//! are compared with `-` and `_` alike, as the kernel does (`aesni-intel.o`
//! is loaded as `aesni_intel`).
//!
//! Reading follows `scripts/kconfig/streamline_config.pl` exactly (see
//! [`makefile`]), because [`crate::localmod`] must reproduce
//! `make localmodconfig`. A module built only by `obj-y`/`obj-m` lines is
//! not mapped, as in the kernel's script.

pub mod defconfig;
pub mod makefile;
mod scan;

pub use makefile::MakefileSyntax;
pub use scan::{makefiles, scan_tree, ScannedMakefile};

use crate::error::Error;
use crate::model::{Model, SymbolId, SymbolType};
use rustc_hash::FxHashMap;
use std::path::Path;

/// One object named on an `obj-$(CONFIG_X)` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRule {
    /// The object name, `-` turned into `_` (`aesni_intel`).
    pub module: String,
    /// The config as written, `CONFIG_` included.
    pub config: String,
    /// The Makefile, relative to the tree, and the line the rule starts on.
    pub file: String,
    pub line: u32,
}

impl ObjectRule {
    /// The symbol name: the config without `CONFIG_`.
    pub fn symbol(&self) -> &str {
        self.config.strip_prefix("CONFIG_").unwrap_or(&self.config)
    }
}

/// The two-way map between module names and symbols.
#[derive(Debug, Default)]
pub struct ModuleMap {
    rules: Vec<ObjectRule>,
    by_module: FxHashMap<String, Vec<usize>>,
    by_symbol: FxHashMap<String, Vec<usize>>,
}

/// `-` and `_` are the same in module names.
pub fn normalize_module_name(name: &str) -> String {
    name.replace('-', "_")
}

impl ModuleMap {
    /// Read the Makefiles of the tree at `root` with the syntax of its
    /// kernel version (from the top Makefile; the newest without one).
    pub fn load(root: &Path) -> Result<ModuleMap, Error> {
        let v = crate::macros::read_version(&root.join("Makefile"));
        let syntax = match (v.version.parse(), v.patchlevel.parse()) {
            (Ok(ver), Ok(patch)) => MakefileSyntax::for_version(ver, patch),
            _ => MakefileSyntax { braces: true },
        };
        Ok(ModuleMap::from_makefiles(scan_tree(root, syntax)?))
    }

    /// Build the map from scanned Makefiles, in their order.
    pub fn from_makefiles(makefiles: Vec<ScannedMakefile>) -> ModuleMap {
        let mut map = ModuleMap::default();
        for mf in makefiles {
            for ol in mf.lines {
                for module in ol.objects {
                    map.push(ObjectRule {
                        module,
                        config: ol.config.clone(),
                        file: mf.path.clone(),
                        line: ol.line,
                    });
                }
            }
        }
        map
    }

    fn push(&mut self, rule: ObjectRule) {
        let i = self.rules.len();
        self.by_module
            .entry(rule.module.clone())
            .or_default()
            .push(i);
        self.by_symbol
            .entry(rule.symbol().to_owned())
            .or_default()
            .push(i);
        self.rules.push(rule);
    }

    /// Every rule, in Makefile order.
    pub fn rules(&self) -> &[ObjectRule] {
        &self.rules
    }

    /// The rules naming `module` exactly as given (`-` already `_` in the
    /// map, so `aesni-intel` finds nothing: streamline_config's lookup).
    pub fn exact(&self, module: &str) -> impl Iterator<Item = &ObjectRule> {
        self.by_module
            .get(module)
            .into_iter()
            .flatten()
            .map(|&i| &self.rules[i])
    }

    /// The rules building `module`, `-` and `_` alike.
    pub fn module(&self, module: &str) -> impl Iterator<Item = &ObjectRule> {
        self.exact(&normalize_module_name(module))
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// The rules of `symbol` (with or without `CONFIG_`).
    pub fn symbol(&self, symbol: &str) -> impl Iterator<Item = &ObjectRule> {
        let name = symbol.strip_prefix("CONFIG_").unwrap_or(symbol);
        self.by_symbol
            .get(name)
            .into_iter()
            .flatten()
            .map(|&i| &self.rules[i])
    }

    /// Whether any Makefile builds `module`.
    pub fn knows(&self, module: &str) -> bool {
        self.by_module.contains_key(&normalize_module_name(module))
    }

    /// Up to `n` module names closest to `name` (Jaro-Winkler), best first.
    pub fn closest(&self, name: &str, n: usize) -> Vec<&str> {
        let wanted = normalize_module_name(name);
        let mut scored: Vec<(f64, &str)> = self
            .by_module
            .keys()
            .map(|k| (strsim::jaro_winkler(&wanted, k), k.as_str()))
            .filter(|(s, _)| *s >= 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().take(n).map(|(_, k)| k).collect()
    }
}

/// A module name in a request (`ixgbe=y`), resolved to the symbol that
/// builds it: the first of its rules (in Makefile order) whose symbol the
/// model defines. Returns the symbol and how to show it, `ixgbe (IXGBE)`.
/// `None` when `name` builds no module of this tree's Kconfig; callers try
/// `name` as a symbol first.
pub fn resolve_request_name(
    map: &ModuleMap,
    model: &Model,
    name: &str,
) -> Option<(SymbolId, String)> {
    map.module(name).find_map(|rule| {
        let id = model.lookup(rule.symbol())?;
        let sym = model.sym(id);
        let defined = !sym.is_const && sym.ty != SymbolType::Unknown;
        defined.then(|| (id, format!("{name} ({})", rule.symbol())))
    })
}
