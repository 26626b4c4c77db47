//! `ksolve minimize`: the smallest fragment that turns the base config
//! (`--config`) into a target config, checked by evaluating it.

use super::args::{Format, Global};
use super::output;
use super::run::{format, load, report_reading, style};
use crate::minimize::{self, MinimizeOptions};
use crate::report::minimize as report;
use crate::ConfigFile;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct MinimizeArgs {
    /// The config to reach (a full .config, e.g. after menuconfig, or an old one on a new tree)
    #[arg(value_name = "TARGET")]
    pub target: PathBuf,
    /// Write the fragment here (atomically) instead of standard output
    #[arg(short, long, value_name = "FRAGMENT")]
    pub output: Option<PathBuf>,
    /// Prefer this fragment's lines wherever they do the job (a small diff when updating it)
    #[arg(long, value_name = "FRAGMENT")]
    pub keep: Option<PathBuf>,
    /// Say for each line what it brings with it (select, imply, defaults)
    #[arg(long)]
    pub explain: bool,
}

pub(super) fn run(global: &Global, args: &MinimizeArgs) -> anyhow::Result<i32> {
    let fmt = format(
        global,
        &[Format::Text, Format::Json, Format::Fragment],
        Format::Text,
    )?;
    let target = ConfigFile::read(&args.target)?;
    let keep = match &args.keep {
        Some(p) => Some(ConfigFile::read(p)?),
        None => None,
    };
    let inputs = load(global, &[])?;
    let model = &inputs.tree.model;
    let opts = MinimizeOptions {
        keep: keep.as_ref(),
    };
    let mut found = minimize::minimize(model, &inputs.base, &target, opts);
    if !global.quiet {
        report_reading(&inputs, &found.result.user_warnings);
    }
    let rep = report::build(model, &inputs.base, &mut found, args.explain);
    let fragment = match fmt {
        Format::Fragment => report::lines(&rep),
        _ => report::fragment(&rep),
    };
    match (&args.output, fmt) {
        (Some(path), _) => output::write_atomic(path, &fragment)?,
        (None, Format::Json) => {}
        (None, _) => output::print(&fragment),
    }
    if fmt == Format::Json {
        output::print(&(serde_json::to_string_pretty(&rep)? + "\n"));
    } else if !global.quiet {
        eprint!("{}", report::notes(&rep, &style()));
    }
    Ok(rep.summary.exit)
}
