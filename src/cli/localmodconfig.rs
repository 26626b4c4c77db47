//! `ksolve localmodconfig`: what `make LSMOD=FILE localmodconfig` writes,
//! and the modules it could not map, with the closest names.

use super::args::Global;
use super::output;
use super::run::{load, report_reading, style, Inputs};
use crate::kbuild::ModuleMap;
use crate::localmod::{self, KconfigFacts, LocalModOptions};
use crate::macros::{srcarch_from_arch, subarch_from_machine};
use crate::report::check::{self as check_report, CheckOptions};
use crate::report::localmod as report;
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct LocalmodconfigArgs {
    /// `lsmod` output or a modprobed-db list (one module name a line)
    #[arg(long, value_name = "FILE")]
    pub modules: PathBuf,
    /// Write the result here (atomically) instead of standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Keep every config of Kconfig files under PREFIX as it is (make's LMC_KEEP, `:`-separated)
    #[arg(long, value_name = "PREFIX", env = "LMC_KEEP", value_delimiter = ':')]
    pub keep: Vec<String>,
    /// Build these modules (or symbols) in, with the modules they need; exit 1 if one cannot be y
    #[arg(long, value_name = "NAME", num_args = 1..)]
    pub builtin: Vec<String>,
    /// Fragments merged onto the result as merge_config.sh -m does, then olddefconfig; their requests are checked (exit 1 if one is lost)
    #[arg(value_name = "FRAGMENT")]
    pub fragments: Vec<PathBuf>,
}

pub(super) fn run(global: &Global, args: &LocalmodconfigArgs) -> anyhow::Result<i32> {
    let modules_text = std::fs::read(&args.modules)
        .with_context(|| format!("{}: cannot read", args.modules.display()))?;
    let modules = localmod::parse_module_list(&String::from_utf8_lossy(&modules_text));
    let base_path = global
        .config
        .clone()
        .unwrap_or_else(|| global.tree.join(".config"));
    let (map, inputs) = std::thread::scope(|s| {
        let map = s.spawn(|| ModuleMap::load(&global.tree));
        let inputs = load(global, &[]);
        (map.join().expect("makefile reader"), inputs)
    });
    let (map, inputs) = (map?, inputs?);
    let base = String::from_utf8_lossy(
        &std::fs::read(&base_path)
            .with_context(|| format!("{}: cannot read", base_path.display()))?,
    )
    .into_owned();
    let srcarch = srcarch(global);
    let env = |name: &str| {
        if name == "SRCARCH" {
            Some(srcarch.clone())
        } else {
            std::env::var(name).ok()
        }
    };
    let facts = localmod::read_facts(&global.tree, "Kconfig", &env)?;
    let opts = LocalModOptions {
        base: &base,
        modules,
        keep: args.keep.clone(),
        objtree: &global.tree,
    };
    let (text, code) = streamline(global, &inputs, &map, &facts, &opts, &args.builtin);
    let (text, code) = if args.fragments.is_empty() {
        (text, code)
    } else {
        let model = &inputs.tree.model;
        let (text, lost) = with_fragments(global, model, &text, &args.fragments)?;
        (text, code.max(lost))
    };
    match &args.output {
        Some(path) => output::write_atomic(path, &text)?,
        None => output::print(&text),
    }
    Ok(code)
}

/// localmodconfig, with the modules of `builtin` built in when there are
/// any; its notes on standard error. Returns the config and the exit
/// status (1 when a `--builtin` request does not hold).
fn streamline(
    global: &Global,
    inputs: &Inputs,
    map: &ModuleMap,
    facts: &KconfigFacts,
    opts: &LocalModOptions<'_>,
    builtin: &[String],
) -> (String, i32) {
    let model = &inputs.tree.model;
    let notes = |s: &localmod::Streamlined| {
        if !global.quiet {
            report_reading(inputs, &[]);
            eprint!("{}", report::text(&report::build(s, map)));
        }
    };
    if builtin.is_empty() {
        let result = localmod::localmodconfig(model, map, facts, opts);
        notes(&result.streamlined);
        return (result.text, 0);
    }
    let result = localmod::localmodconfig_builtin(model, map, facts, opts, builtin);
    notes(&result.streamlined);
    let rep = report::builtin(model, map, &result);
    eprint!("{}", report::builtin_text(&rep, &style()));
    (result.text, rep.exit)
}

/// The fragments merged onto the localmodconfig result and evaluated, and
/// the check of their requests (on standard error: the config may be on
/// standard output). Returns the text and check's exit status.
fn with_fragments(
    global: &Global,
    model: &crate::Model,
    text: &str,
    paths: &[PathBuf],
) -> anyhow::Result<(String, i32)> {
    let fragments = paths
        .iter()
        .map(|f| crate::ConfigFile::read(f))
        .collect::<Result<Vec<_>, _>>()?;
    let mut done = localmod::fragments::apply_fragments(model, text, &fragments);
    let opts = CheckOptions::default();
    let rep = check_report::build(&mut done.check, opts);
    if !global.quiet {
        eprint!("{}", check_report::text(&rep, opts, &super::run::style()));
    }
    Ok((done.result.text, rep.summary.exit))
}

/// `SRCARCH` as the top Makefile computes it.
fn srcarch(global: &Global) -> String {
    let arch = global
        .arch
        .clone()
        .or_else(|| std::env::var("ARCH").ok().filter(|a| !a.is_empty()));
    match arch {
        Some(a) => srcarch_from_arch(&a),
        None => srcarch_from_arch(&subarch_from_machine(std::env::consts::ARCH)),
    }
}
