//! `ksolve olddefconfig`: merge fragments onto the base and write what
//! `make olddefconfig` would.

use super::args::Global;
use super::output;
use super::run::{load_as, report_reading, InfoStream};
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
    // As conf: `$(info)` on standard output unless the config goes there.
    let info = match args.output {
        Some(_) => InfoStream::Stdout,
        None => InfoStream::Stderr,
    };
    let inputs = match load_as(global, &args.fragments, info) {
        Ok(inputs) => inputs,
        Err(e) => return conf_error(e),
    };
    let files = std::iter::once(&inputs.base).chain(&inputs.fragments);
    let merged = config::merge(files);
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

/// An error in the Kconfig tree is printed as conf prints it, and the exit
/// status is conf's (1); any other error is the binary's (2).
fn conf_error(e: anyhow::Error) -> anyhow::Result<i32> {
    match e.downcast_ref::<ksolve::Error>() {
        Some(k) if k.in_kconfig_tree() => {
            eprintln!("{k}");
            Ok(1)
        }
        _ => Err(e),
    }
}
