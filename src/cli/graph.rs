//! `ksolve graph`: a symbol's dependency cone as dot or JSON.

use super::args::{Format, Global};
use super::output;
use super::run::{format, load};
use crate::report::graph::{cone, dot, ConeOptions};
use anyhow::bail;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct GraphArgs {
    /// The symbol at the centre (CONFIG_ optional)
    #[arg(value_name = "SYMBOL")]
    pub symbol: String,
    /// Config fragments merged onto the base first (for the values shown)
    #[arg(value_name = "FRAGMENT")]
    pub fragments: Vec<PathBuf>,
    /// Edges to follow from the symbol
    #[arg(long, default_value_t = 2)]
    pub depth: usize,
    /// Only what points at the symbol (what depends on it, selects it)
    #[arg(long, conflicts_with = "down")]
    pub up: bool,
    /// Only what the symbol points at (what it depends on, selects, defaults to)
    #[arg(long)]
    pub down: bool,
}

pub(super) fn run(global: &Global, args: &GraphArgs) -> anyhow::Result<i32> {
    let fmt = format(global, &[Format::Dot, Format::Json], Format::Dot)?;
    let fragments = super::check::read_fragments(&args.fragments)?;
    let inputs = load(global, &[])?;
    let model = &inputs.tree.model;
    let name = args.symbol.strip_prefix("CONFIG_").unwrap_or(&args.symbol);
    let Some(s) = model.lookup(name) else {
        bail!("{name}: no such symbol in this tree")
    };
    let merged = crate::check::input_merge(&inputs.base, &fragments);
    let mut run = crate::config::olddefconfig(model, &merged);
    let opts = ConeOptions {
        depth: args.depth,
        up: !args.down,
        down: !args.up,
    };
    let g = cone(&mut run.evaluation, s, opts);
    let text = match fmt {
        Format::Json => serde_json::to_string_pretty(&g)? + "\n",
        _ => dot(&g),
    };
    output::print(&text);
    Ok(0)
}
