//! `ksolve olddefconfig`: merge fragments onto the base and write what
//! `make olddefconfig` would.

use super::args::Global;
use super::output;
use super::run::{
    load_conf_mode, print_diagnostics, report_reading_with, InfoStream, ReadingWarnings,
};
use crate::config;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct OlddefconfigArgs {
    /// Config fragments merged onto the base in order
    #[arg(value_name = "FRAGMENT")]
    pub fragments: Vec<PathBuf>,
    /// Write the result here (atomically) instead of standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

pub(super) fn run(global: &Global, args: &OlddefconfigArgs) -> anyhow::Result<i32> {
    // As conf: `$(info)` on standard output unless the config goes there.
    let info = match args.output {
        Some(_) => InfoStream::Stdout,
        None => InfoStream::Stderr,
    };
    let inputs = match load_conf_mode(
        global,
        &super::run::load_options(global, &global.tree),
        &args.fragments,
        info,
    ) {
        Ok(inputs) => inputs,
        Err(e) => return conf_error(e, info),
    };
    let merged = inputs.merged();
    let mut result = config::olddefconfig(&inputs.tree.model, &merged);
    let conf_env = ConfEnv::of(&inputs.tree);
    let optional = ReadingWarnings {
        unknown: conf_env.warn_unknown,
    };
    let warned = match global.quiet {
        false => report_reading_with(&inputs, &result.user_warnings, optional),
        true => 0,
    };
    if conf_env.werror && warned > 0 {
        // conf_errors(): conf stops before writing.
        return Ok(1);
    }
    match &args.output {
        Some(path) => output::write_atomic(path, &result.text)?,
        None => output::print(&result.text),
    }
    super::modes::warn_changed_input(global, &inputs.tree, &mut result.evaluation);
    Ok(0)
}

/// The environment variables the tree's conf reads to warn more, as its
/// version honours them (`confdata.c`).
#[derive(Clone, Copy, Debug)]
struct ConfEnv {
    /// `KCONFIG_WARN_UNKNOWN_SYMBOLS` set (6.1+).
    warn_unknown: bool,
    /// `KCONFIG_WERROR` set (6.1+): a warning about the .config is an error.
    werror: bool,
}

impl ConfEnv {
    fn of(tree: &crate::Tree) -> ConfEnv {
        let since = |v| crate::tree::kernel_version(&tree.root).map_or(true, |have| have >= v);
        let set = |k| std::env::var_os(k).is_some();
        ConfEnv {
            warn_unknown: since((6, 1)) && set("KCONFIG_WARN_UNKNOWN_SYMBOLS"),
            werror: since((6, 1)) && set("KCONFIG_WERROR"),
        }
    }
}

/// An error in the Kconfig tree is printed as conf prints it, after the
/// messages the tree printed before it, and the exit status is conf's (1);
/// any other error is the binary's (2).
fn conf_error(e: anyhow::Error, info: InfoStream) -> anyhow::Result<i32> {
    match e.downcast_ref::<crate::Error>() {
        Some(k) if k.in_kconfig_tree() => {
            let mut k = k;
            if let crate::Error::AfterMessages { messages, error } = k {
                print_diagnostics(messages, info);
                k = error;
            }
            eprintln!("{k}");
            Ok(1)
        }
        _ => Err(e),
    }
}
