//! `ksolve check`: audit fragments against the base config.

use super::args::{Format, Global};
use super::output;
use super::run::{format, load, style};
use crate::check::{self, Fragment};
use crate::report::check::{self as report, CheckOptions, CheckReport};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Config fragments (`.config` lines or `scripts/config` invocations), merged in order
    #[arg(value_name = "FRAGMENT", required = true)]
    pub fragments: Vec<PathBuf>,
    /// List the base config's own lines that do not survive (not only count them)
    #[arg(long)]
    pub show_base: bool,
    /// List every request, also the ones that hold
    #[arg(long)]
    pub all: bool,
    /// Accepted findings: lines of `CONFIG_X [dropped,unknown,invalid] [# reason]`
    /// (also `# ksolve-waive: REASON` comments above a fragment line)
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// Check against this mode instead of olddefconfig (no base config;
    /// the fragments are its KCONFIG_ALLCONFIG)
    #[arg(long, value_enum, value_name = "MODE")]
    pub mode: Option<super::modes::ModeArg>,
}

pub(super) fn run(global: &Global, args: &CheckArgs) -> anyhow::Result<i32> {
    let fmt = format(
        global,
        &[Format::Text, Format::Json, Format::Github],
        Format::Text,
    )?;
    let (fragments, lost) = read_fragments_noting_losses(&args.fragments)?;
    let mode = args.mode.map(|m| m.fill()).transpose()?.flatten();
    let tree;
    let mut result = match mode {
        Some((fill, seed)) => {
            tree = super::run::load_tree(global, &super::run::load_options(global, &global.tree))?;
            check::check_mode(&tree.model, &fragments, fill, seed)
        }
        None => {
            let inputs = load(global, &[])?;
            tree = inputs.tree;
            check::check(&tree.model, &inputs.base, &fragments)
        }
    };
    let waivers = read_waivers(&args.fragments, args.waivers.as_deref())?;
    for w in check::waiver::apply(&mut result, &waivers) {
        if !global.quiet {
            eprintln!(
                "{}:{}: warning: waiver matches no failing request",
                w.file, w.line
            );
        }
    }
    let opts = CheckOptions {
        show_base: args.show_base,
        all: args.all,
    };
    let rep = report::build(&mut result, opts);
    print_report(global, fmt, &rep, opts)?;
    Ok(if lost {
        rep.summary.exit.max(1)
    } else {
        rep.summary.exit
    })
}

/// Print a check report in the format asked for (`-q` silences text only).
pub(super) fn print_report(
    global: &Global,
    fmt: Format,
    rep: &CheckReport,
    opts: CheckOptions,
) -> anyhow::Result<()> {
    let text = match fmt {
        Format::Json => serde_json::to_string_pretty(rep)? + "\n",
        Format::Github => report::github(rep),
        _ => report::text(rep, opts, &style()),
    };
    if !global.quiet || fmt != Format::Text {
        output::print(&text);
    }
    Ok(())
}

/// The waivers: comments in the fragments, then the waiver file.
fn read_waivers(
    fragments: &[PathBuf],
    file: Option<&std::path::Path>,
) -> anyhow::Result<Vec<check::waiver::Waiver>> {
    let read = |p: &std::path::Path| -> anyhow::Result<String> {
        let bytes = std::fs::read(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    let mut out = Vec::new();
    for p in fragments {
        let name = p.display().to_string();
        out.extend(check::waiver::from_fragment(&read(p)?, &name)?);
    }
    if let Some(p) = file {
        out.extend(check::waiver::from_file(
            &read(p)?,
            &p.display().to_string(),
        )?);
    }
    Ok(out)
}

/// Read fragments with the one fragment reader (`config::fragment`); its
/// warnings go to standard error, a lost request's as an error. Returns
/// the fragments and whether a request was lost.
pub(super) fn read_fragments(paths: &[PathBuf]) -> anyhow::Result<Vec<Fragment>> {
    Ok(read_fragments_noting_losses(paths)?.0)
}

/// [`read_fragments`], and whether a request on a line conf does not read
/// was lost (a finding: `check` exits 1).
pub(super) fn read_fragments_noting_losses(
    paths: &[PathBuf],
) -> anyhow::Result<(Vec<Fragment>, bool)> {
    let mut out = Vec::new();
    let mut lost = false;
    for p in paths {
        let parsed = crate::config::fragment::read(p)?;
        for w in &parsed.warnings {
            let kind = if w.lost { "error" } else { "warning" };
            eprintln!("{}:{}: {kind}: {}", w.file, w.line, w.message);
            lost |= w.lost;
        }
        out.push(Fragment {
            edits: parsed.edits,
        });
    }
    Ok((out, lost))
}
