//! `ksolve module`: module names to the symbols that build them, and back,
//! with the Makefile line that says so.

use super::args::Global;
use super::output;
use crate::kbuild::ModuleMap;
use crate::report::module as report;
use crate::Tree;
use clap::Args;

#[derive(Debug, Args)]
pub(crate) struct ModuleArgs {
    /// Module names (`-` and `_` alike), or symbols with --symbol
    #[arg(value_name = "NAME", required = true)]
    pub names: Vec<String>,
    /// The names are symbols: print the modules they build
    #[arg(long)]
    pub symbol: bool,
}

pub(super) fn run(global: &Global, args: &ModuleArgs) -> anyhow::Result<i32> {
    let (map, tree) = std::thread::scope(|s| {
        let map = s.spawn(|| ModuleMap::load(&global.tree));
        let tree = load_tree(global);
        (map.join().expect("makefile reader"), tree)
    });
    let (map, tree) = (map?, tree?);
    let found: Vec<_> = args
        .names
        .iter()
        .map(|name| report::lookup(&map, &tree.model, name, args.symbol))
        .collect();
    let text: String = found.iter().map(report::text).collect();
    output::print(&text);
    let missing = found.iter().any(|l| l.rules.is_empty());
    Ok(i32::from(missing))
}

/// The Kconfig tree, to tell which symbols exist for this architecture.
fn load_tree(global: &Global) -> anyhow::Result<Tree> {
    Ok(Tree::load(&super::run::load_options(global, &global.tree))?)
}
