//! `ksolve module` output: module names to the symbols that build them
//! and back, one line per Makefile rule with its place, and the closest
//! names for a module nothing builds. Text only (no JSON document).

use crate::kbuild::{ModuleMap, ObjectRule};
use crate::model::Model;
use std::fmt::Write as _;

/// How many close names a miss offers.
const CLOSEST: usize = 5;

/// What a name looked up in the Makefiles gave.
#[derive(Clone, Debug)]
pub struct Lookup {
    pub name: String,
    /// The name is a symbol (`--symbol`): the rules list its modules.
    pub by_symbol: bool,
    pub rules: Vec<RuleLine>,
    /// For a module nothing builds: the closest module names.
    pub closest: Vec<String>,
}

/// One Makefile rule that builds the module with the symbol.
#[derive(Clone, Debug)]
pub struct RuleLine {
    pub module: String,
    pub symbol: String,
    pub file: String,
    pub line: u32,
    /// This architecture's Kconfig defines the symbol.
    pub defined: bool,
}

/// The rules for `name`, a module name or (`by_symbol`) a symbol.
pub fn lookup(map: &ModuleMap, model: &Model, name: &str, by_symbol: bool) -> Lookup {
    let rules: Vec<&ObjectRule> = if by_symbol {
        map.symbol(name).collect()
    } else {
        map.module(name).collect()
    };
    let closest = if rules.is_empty() && !by_symbol {
        map.closest(name, CLOSEST)
            .into_iter()
            .map(str::to_string)
            .collect()
    } else {
        Vec::new()
    };
    Lookup {
        name: name.to_string(),
        by_symbol,
        rules: rules
            .iter()
            .map(|r| RuleLine {
                module: r.module.clone(),
                symbol: r.symbol().to_string(),
                file: r.file.clone(),
                line: r.line,
                defined: model.lookup(r.symbol()).is_some(),
            })
            .collect(),
        closest,
    }
}

/// `NAME: SYMBOL<TAB>FILE:LINE` per rule (`SYMBOL: MODULE` with
/// `--symbol`), or what was not found.
pub fn text(l: &Lookup) -> String {
    if l.rules.is_empty() {
        return not_found(l);
    }
    let mut out = String::new();
    for r in &l.rules {
        let (about, what) = if l.by_symbol {
            (&r.symbol, &r.module)
        } else {
            (&l.name, &r.symbol)
        };
        let note = if r.defined {
            ""
        } else {
            "  (no such symbol in this architecture's Kconfig)"
        };
        let _ = writeln!(out, "{about}: {what}\t{}:{}{note}", r.file, r.line);
    }
    out
}

fn not_found(l: &Lookup) -> String {
    let name = &l.name;
    if l.by_symbol {
        return format!("{name}: no Makefile line builds a module with this symbol\n");
    }
    if l.closest.is_empty() {
        format!("{name}: no Makefile builds this module\n")
    } else {
        format!(
            "{name}: no Makefile builds this module; closest: {}\n",
            l.closest.join(", ")
        )
    }
}
