//! `ksolve verify`: after a build, per fragment line, whether its module is
//! builtin, a module or absent in what `make modules_install` installed;
//! before one (no `--modules-dir`), how many modules and builtin drivers
//! the base config plus the fragments produce.

use super::args::{Format, Global};
use super::output;
use super::run::{format, load, load_options, style};
use crate::kbuild::ModuleMap;
use crate::report::verify as report;
use crate::{config, verify, ConfigFile, Tree};
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// Config fragments whose requests to check, merged in order
    #[arg(value_name = "FRAGMENT", required = true)]
    pub fragments: Vec<PathBuf>,
    /// The installed modules (/lib/modules/RELEASE); without it, count what the base config plus the fragments would build
    #[arg(long, value_name = "DIR")]
    pub modules_dir: Option<PathBuf>,
    /// The config the kernel was built with (default: DIR/build/.config when present)
    #[arg(long, value_name = "FILE", requires = "modules_dir")]
    pub built_config: Option<PathBuf>,
}

pub(super) fn run(global: &Global, args: &VerifyArgs) -> anyhow::Result<i32> {
    let fmt = format(global, &[Format::Text, Format::Json], Format::Text)?;
    match &args.modules_dir {
        Some(dir) => installed(global, args, dir, fmt),
        None => before_build(global, args, fmt),
    }
}

fn installed(
    global: &Global,
    args: &VerifyArgs,
    dir: &std::path::Path,
    fmt: Format,
) -> anyhow::Result<i32> {
    let fragments = args
        .fragments
        .iter()
        .map(|f| ConfigFile::read(f))
        .collect::<Result<Vec<_>, _>>()?;
    let found = verify::installed::read(dir, args.built_config.as_deref())?;
    let (map, tree) = std::thread::scope(|s| {
        let map = s.spawn(|| ModuleMap::load(&global.tree));
        let tree = Tree::load(&load_options(global, &global.tree));
        (map.join().expect("makefile reader"), tree)
    });
    let (map, tree) = (map?, tree.context("loading the Kconfig tree")?);
    let verdicts = verify::verify(&map, &tree.model, &global.tree, &found, &fragments);
    let rep = report::build(&dir.display().to_string(), &verdicts);
    if fmt == Format::Json {
        output::print(&(serde_json::to_string_pretty(&rep)? + "\n"));
    } else if !global.quiet {
        if found.no_builtin_index {
            eprintln!("ksolve: {}: no modules.builtin; every module not installed as a file counts as absent", dir.display());
        }
        output::print(&report::text(&rep, &style()));
    }
    Ok(rep.exit)
}

fn before_build(global: &Global, args: &VerifyArgs, fmt: Format) -> anyhow::Result<i32> {
    let (map, inputs) = std::thread::scope(|s| {
        let map = s.spawn(|| ModuleMap::load(&global.tree));
        let inputs = load(global, &args.fragments);
        (map.join().expect("makefile reader"), inputs)
    });
    let (map, inputs) = (map?, inputs?);
    let merged = inputs.merged();
    let mut result = config::olddefconfig(&inputs.tree.model, &merged);
    let counted = verify::summary(&map, &mut result.evaluation);
    let rep = report::summary(&counted);
    match fmt {
        Format::Json => output::print(&(serde_json::to_string_pretty(&rep)? + "\n")),
        _ => output::print(&report::summary_text(&rep)),
    }
    Ok(0)
}
