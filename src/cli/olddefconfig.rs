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
    let fragments: Vec<ksolve::check::Fragment> = (inputs.fragments.iter())
        .map(|f| ksolve::check::Fragment {
            edits: f.edits.clone(),
        })
        .collect();
    let merged = ksolve::check::input_merge(&inputs.base, &fragments);
    let result = config::olddefconfig(&inputs.tree.model, &merged);
    if !global.quiet {
        report_reading(&inputs, &result.user_warnings);
    }
    match &args.output {
        Some(path) => output::write_atomic(path, &result.text)?,
        None => output::print(&result.text),
    }
    Ok(0)
}
