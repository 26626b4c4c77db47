//! `ksolve module`: module names to the symbols that build them, and back,
//! with the Makefile line that says so.

use super::args::Global;
use super::output;
use clap::Args;
use ksolve::kbuild::{ModuleMap, ObjectRule};
use ksolve::{Model, Tree};

#[derive(Debug, Args)]
pub struct ModuleArgs {
    /// Module names (`-` and `_` alike), or symbols with --symbol
    #[arg(value_name = "NAME", required = true)]
    pub names: Vec<String>,
    /// The names are symbols: print the modules they build
    #[arg(long)]
    pub symbol: bool,
}

pub fn run(global: &Global, args: &ModuleArgs) -> anyhow::Result<i32> {
    let (map, tree) = std::thread::scope(|s| {
        let map = s.spawn(|| ModuleMap::load(&global.tree));
        let tree = load_tree(global);
        (map.join().expect("makefile reader"), tree)
    });
    let (map, tree) = (map?, tree?);
    let mut text = String::new();
    let mut missing = 0;
    for name in &args.names {
        let found = if args.symbol {
            symbol_lines(&map, &tree.model, name)
        } else {
            module_lines(&map, &tree.model, name)
        };
        match found {
            Some(lines) => text.push_str(&lines),
            None => {
                missing += 1;
                text.push_str(&not_found(&map, name, args.symbol));
            }
        }
    }
    output::print(&text);
    Ok(if missing > 0 { 1 } else { 0 })
}

/// The Kconfig tree, to tell which symbols exist for this architecture.
fn load_tree(global: &Global) -> anyhow::Result<Tree> {
    Ok(Tree::load(&super::run::load_options(global, &global.tree))?)
}

fn rule_line(rule: &ObjectRule, model: &Model, shown: &str) -> String {
    let note = if model.lookup(rule.symbol()).is_some() {
        ""
    } else {
        "  (no such symbol in this architecture's Kconfig)"
    };
    format!("{shown}\t{}:{}{note}\n", rule.file, rule.line)
}

fn module_lines(map: &ModuleMap, model: &Model, name: &str) -> Option<String> {
    let rules: Vec<_> = map.module(name).collect();
    let mut out = String::new();
    for rule in &rules {
        out.push_str(&rule_line(
            rule,
            model,
            &format!("{name}: {}", rule.symbol()),
        ));
    }
    (!rules.is_empty()).then_some(out)
}

fn symbol_lines(map: &ModuleMap, model: &Model, name: &str) -> Option<String> {
    let rules: Vec<_> = map.symbol(name).collect();
    let mut out = String::new();
    for rule in &rules {
        out.push_str(&rule_line(
            rule,
            model,
            &format!("{}: {}", rule.symbol(), rule.module),
        ));
    }
    (!rules.is_empty()).then_some(out)
}

fn not_found(map: &ModuleMap, name: &str, symbol: bool) -> String {
    if symbol {
        return format!("{name}: no Makefile line builds a module with this symbol\n");
    }
    let close = map.closest(name, 5);
    if close.is_empty() {
        format!("{name}: no Makefile builds this module\n")
    } else {
        format!(
            "{name}: no Makefile builds this module; closest: {}\n",
            close.join(", ")
        )
    }
}
