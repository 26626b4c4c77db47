//! `ksolve olddefconfig`: merge fragments onto the base and write what
//! `make olddefconfig` would.

use super::args::Global;
use super::output;
use super::run::{load, report_reading};
use clap::Args;
use ksolve::config;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct OlddefconfigArgs {
    /// Config fragments merged onto the base in order
    #[arg(value_name = "FRAGMENT")]
    pub fragments: Vec<PathBuf>,
    /// Write the result here (atomically) instead of standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

pub fn run(global: &Global, args: &OlddefconfigArgs) -> anyhow::Result<i32> {
    let inputs = load(global, &args.fragments)?;
    let files = std::iter::once(&inputs.base).chain(&inputs.fragments);
    let merged = config::merge(files);
    let mut result = config::olddefconfig(&inputs.tree.model, &merged);
    if !global.quiet {
        report_reading(&inputs, &result.user_warnings);
    }
    super::modes::warn_changed_input(&mut result.evaluation);
    match &args.output {
        Some(path) => output::write_atomic(path, &result.text)?,
        None => output::print(&result.text),
    }
    Ok(0)
}
