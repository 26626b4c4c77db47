//! `make localmodconfig`: keep only the modules a system loads.
//!
//! The kernel's recipe (scripts/kconfig/Makefile) runs
//! `streamline_config.pl --localmodconfig` on `.config` and, unless its
//! output is the same bytes as `.config`, runs `conf --oldconfig` on it.
//! With no answers on standard input, oldconfig gives every new symbol its
//! default, which is what olddefconfig does; so the result here is
//! [`streamline`](streamline::streamline) followed by
//! [`config::olddefconfig`](crate::config::olddefconfig).
//!
//! Differences from running the script, on purpose: a module list that is
//! an executable is read, not run; `LMC_KEEP` entries are path prefixes,
//! not regular expressions.

pub mod builtin;
pub mod fragments;
pub mod kconfig;
pub mod streamline;

pub use builtin::{localmodconfig_builtin, BuiltinConfig, Request};
pub use kconfig::{read_facts, KconfigFacts};
pub use streamline::{streamline, StreamlineInput, Streamlined};

use crate::config::{self, ConfigFile};
use crate::kbuild::ModuleMap;
use crate::model::Model;
use std::path::Path;

/// The module names of an `lsmod` listing or a one-name-a-line list, as
/// streamline_config reads them: the first word of each line that starts
/// with one, except the `Module ...` header.
pub fn parse_module_list(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for line in crate::kbuild::makefile::perl_lines(text) {
        if line.starts_with("Module") {
            continue;
        }
        let word: String = line
            .chars()
            .take_while(|c| !crate::kbuild::makefile::is_space(*c))
            .collect();
        if !word.is_empty() && seen.insert(word.clone()) {
            out.push(word);
        }
    }
    out
}

/// The inputs of a localmodconfig run besides the tree.
pub struct LocalModOptions<'a> {
    /// The base `.config`, as text.
    pub base: &'a str,
    /// Module names (see [`parse_module_list`]).
    pub modules: Vec<String>,
    /// `LMC_KEEP` prefixes.
    pub keep: Vec<String>,
    /// Where relative key paths in the base are looked up (make's working
    /// directory: the tree, without `O=`).
    pub objtree: &'a Path,
}

/// The result: the config `make localmodconfig` writes, and the
/// streamline report.
#[derive(Debug)]
pub struct LocalModConfig {
    pub text: String,
    pub streamlined: Streamlined,
    /// Whether conf ran (streamline_config changed something).
    pub conf_ran: bool,
}

/// Run localmodconfig on a loaded model.
pub fn localmodconfig(
    model: &Model,
    map: &ModuleMap,
    facts: &KconfigFacts,
    opts: &LocalModOptions,
) -> LocalModConfig {
    let input = StreamlineInput {
        config_lines: opts.base.split_inclusive('\n').collect(),
        modules: opts.modules.clone(),
        keep: opts.keep.clone(),
        objtree: opts.objtree,
    };
    let streamlined = streamline(&input, map, facts);
    if streamlined.text == opts.base {
        return LocalModConfig {
            text: opts.base.to_owned(),
            streamlined,
            conf_ran: false,
        };
    }
    let file = ConfigFile::parse(&streamlined.text, ".config");
    let merged = config::merge([&file]);
    let text = config::olddefconfig(model, &merged).text;
    LocalModConfig {
        text,
        streamlined,
        conf_ran: true,
    }
}
