//! `ksolve config`: `scripts/config` with a report. Edits the config as the
//! kernel's script does, then says which options will not survive
//! `olddefconfig`, as `check` does.

use super::args::{Format, Global};
use super::output;
use super::run::{format, load};
use clap::Args;
use ksolve::check::{self, Fragment};
use ksolve::config::scripts_config::{self, Script, Word};
use ksolve::report::check::{self as report, CheckOptions};
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(disable_help_flag = false)]
pub struct ConfigArgs {
    /// The config to edit (default: --config, else DIR/.config)
    #[arg(long, value_name = "CONFIG")]
    pub file: Option<PathBuf>,
    /// Report only; leave the file as it is
    #[arg(long)]
    pub dry_run: bool,
    /// scripts/config options: -e X, -d X, -m X, --set-val X V, --set-str X S, -u X, ...
    #[arg(
        value_name = "OPTIONS",
        trailing_var_arg = true,
        allow_hyphen_values = true,
        required = true
    )]
    pub options: Vec<String>,
}

pub fn run(global: &Global, args: &ConfigArgs) -> anyhow::Result<i32> {
    let fmt = format(
        global,
        &[Format::Text, Format::Json, Format::Github],
        Format::Text,
    )?;
    let path = args
        .file
        .clone()
        .or_else(|| global.config.clone())
        .unwrap_or_else(|| global.tree.join(".config"));
    let script = read_options(&args.options)?;
    let original =
        std::fs::read_to_string(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let edited = scripts_config::edit_text(&original, &script.edits);
    let mut global = global.clone();
    global.config = Some(path.clone());
    let inputs = load(&global, &[])?;
    let edited_file = ksolve::ConfigFile::parse(&edited, &path.display().to_string());
    let fragment = Fragment {
        edits: script.edits,
    };
    let mut result = check::check_merged(
        &inputs.tree.model,
        &inputs.base,
        &edited_file.assignments,
        &[fragment],
    );
    if !args.dry_run {
        output::write_atomic(&path, &edited)?;
    }
    let opts = CheckOptions::default();
    let rep = report::build(&mut result, opts);
    super::check::print_report(&global, fmt, &rep, opts)?;
    Ok(rep.summary.exit)
}

/// The options as `scripts/config` reads them; a finding's "line" is the
/// option's position on the command line.
fn read_options(options: &[String]) -> anyhow::Result<Script> {
    let words: Vec<Word> = options
        .iter()
        .enumerate()
        .map(|(i, o)| Word {
            text: o.clone(),
            line: i as u32 + 1,
            dynamic: false,
        })
        .collect();
    let mut script = Script::default();
    scripts_config::options(&words, &std::sync::Arc::from("command line"), &mut script)?;
    Ok(script)
}
