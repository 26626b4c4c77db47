//! `ksolve config`: a drop-in for the tree's `scripts/config`, then a
//! report. The file, standard output (`--state`) and the exit status are the
//! script's (src/config/script_run.rs); the report of the options that will
//! not survive `olddefconfig` goes to standard error, or to standard output
//! with `--format json|github`, and decides the exit status with `--strict`.

use super::args::{Format, Global};
use super::output;
use super::run::load_options;
use crate::check::{self, Fragment};
use crate::config::script_run::{self, Flavor, Outcome};
use crate::report::check::{self as report, CheckOptions};
use crate::{ConfigFile, Tree};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct ConfigArgs {
    /// Report only; leave the file as it is
    #[arg(long)]
    pub dry_run: bool,
    /// Exit 1 when an option set will not survive olddefconfig (default: the script's status)
    #[arg(long)]
    pub strict: bool,
    /// scripts/config's arguments: --file F, -e X, -d X, -m X, --set-val X V, --set-str X S, -u X, -s X, -E A B, --refresh, -k
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true,
        required = true
    )]
    pub args: Vec<String>,
}

pub(super) fn run(global: &Global, args: &ConfigArgs) -> anyhow::Result<i32> {
    let fmt = global.format.unwrap_or(Format::Text);
    if !matches!(fmt, Format::Text | Format::Json | Format::Github) {
        anyhow::bail!("--format: config writes text, json, github");
    }
    let flavor = std::fs::read_to_string(global.tree.join("scripts/config"))
        .map(|t| Flavor::of_script(&t))
        .unwrap_or(Flavor::InPlace);
    let prefix = std::env::var("CONFIG_").unwrap_or_else(|_| "CONFIG_".to_string());
    let mut tree: Option<Tree> = None;
    let mut refresh = |file: &str, text: Option<&str>| -> Result<String, String> {
        let tree = match &tree {
            Some(t) => t,
            None => tree.insert(
                Tree::load(&load_options(global, &global.tree)).map_err(|e| format!("{e:#}"))?,
            ),
        };
        let base = ConfigFile::parse(text.unwrap_or(""), file);
        let merged = crate::config::merge(std::iter::once(&base));
        Ok(crate::config::olddefconfig(&tree.model, &merged).text)
    };
    let mut read = |f: &str| read_text(f);
    let script = script_args(global, &args.args);
    let outcome = script_run::run(flavor, &prefix, &script, &mut read, &mut refresh);
    if !args.dry_run {
        write_back(&outcome)?;
    }
    output::print(&outcome.stdout);
    eprint!("{}", outcome.stderr);
    if outcome.exit != 0 || outcome.edits.iter().all(is_undefine) {
        return Ok(outcome.exit);
    }
    let findings = audit(global, fmt, &outcome, tree.as_ref())?;
    Ok(if args.strict {
        findings.max(outcome.exit)
    } else {
        outcome.exit
    })
}

fn is_undefine(e: &crate::check::Edit) -> bool {
    matches!(e, crate::check::Edit::Undefine { .. })
}

/// The script's arguments, with the default file made explicit: the
/// script edits `./.config`; ksolve `--config`, else the tree's `.config`.
fn script_args(global: &Global, args: &[String]) -> Vec<String> {
    if args.iter().any(|a| a == "--file") {
        return args.to_vec();
    }
    let file = global
        .config
        .clone()
        .unwrap_or_else(|| super::run::default_config(global));
    let mut v = vec!["--file".to_string(), file.display().to_string()];
    v.extend_from_slice(args);
    v
}

/// File names are the script's: relative to the current directory.
fn resolve(file: &str) -> PathBuf {
    PathBuf::from(file)
}

fn read_text(file: &str) -> Option<String> {
    std::fs::read(resolve(file))
        .ok()
        .map(|b| crate::config::decode(&b))
}

fn write_back(outcome: &Outcome) -> anyhow::Result<()> {
    let Some(text) = &outcome.text else {
        return Ok(());
    };
    let path = resolve(&outcome.file);
    if outcome.original.as_deref() == Some(text.as_str()) {
        return Ok(());
    }
    output::write_atomic(&path, text)
}

/// Check the edits against the tree: which of them `olddefconfig` undoes.
/// Returns the report's exit status (0 or 1). Without a tree there is
/// nothing to audit against: say so, and leave the script's status.
fn audit(
    global: &Global,
    fmt: Format,
    outcome: &Outcome,
    loaded: Option<&Tree>,
) -> anyhow::Result<i32> {
    if !global.tree.join("Kconfig").is_file() {
        if !global.quiet {
            eprintln!(
                "ksolve: {}: no Kconfig tree here, edits not audited (use --tree DIR)",
                global.tree.display()
            );
        }
        return Ok(0);
    }
    let owned;
    let tree = match loaded {
        Some(t) => t,
        None => {
            owned = Tree::load(&load_options(global, &global.tree))?;
            &owned
        }
    };
    if !global.quiet {
        for d in &tree.diagnostics {
            eprintln!("{d}");
        }
    }
    let name = outcome.file.clone();
    let base = ConfigFile::parse(outcome.original.as_deref().unwrap_or(""), &name);
    let edited = ConfigFile::parse(outcome.text.as_deref().unwrap_or(""), &name);
    let fragment = Fragment {
        edits: outcome.edits.clone(),
    };
    let mut result = check::check_merged(&tree.model, &base, &edited.assignments, &[fragment]);
    let opts = CheckOptions::default();
    let rep = report::build(&mut result, opts);
    if fmt == Format::Text {
        if !global.quiet {
            eprint!(
                "{}",
                report::text(&rep, opts, &crate::report::Style { color: false })
            );
        }
    } else {
        super::check::print_report(global, fmt, &rep, opts)?;
    }
    Ok(rep.summary.exit)
}
