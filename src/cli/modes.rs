//! `ksolve allnoconfig`, `allyesconfig`, `allmodconfig`, `alldefconfig`,
//! `randconfig`, `defconfig`, `savedefconfig`, `listnewconfig`: conf's batch
//! modes, named as make's targets. The environment conf reads is read the
//! same way: `KCONFIG_ALLCONFIG`, `KCONFIG_SEED`, `KCONFIG_PROBABILITY`,
//! `KCONFIG_CONFIG` (where the result goes unless `-o` says).

use super::args::Global;
use super::output;
use super::run::{load_conf_mode, load_options, load_tree, report_files, InfoStream};
use crate::config::modes::{self, parse_probability, parse_seed};
use crate::config::{self, ConfigFile};
use crate::eval::modes::Fill;
use crate::model::kernel_form::Rules;
use anyhow::{bail, Context};
use clap::Args;
use std::path::{Path, PathBuf};

/// The modes `why` and `check` evaluate under (`--mode`); fragments are
/// then read as that mode's KCONFIG_ALLCONFIG.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ModeArg {
    Olddefconfig,
    Allnoconfig,
    Allyesconfig,
    Allmodconfig,
    Alldefconfig,
    Randconfig,
}

impl ModeArg {
    /// The fill and seed of a batch mode (`None` for olddefconfig); the
    /// seed and probabilities come from the environment as for randconfig.
    pub(crate) fn fill(self) -> anyhow::Result<Option<(Fill, u32)>> {
        let fill = match self {
            ModeArg::Olddefconfig => return Ok(None),
            ModeArg::Allnoconfig => Fill::No,
            ModeArg::Allyesconfig => Fill::Yes,
            ModeArg::Allmodconfig => Fill::Mod,
            ModeArg::Alldefconfig => Fill::Default,
            ModeArg::Randconfig => Fill::Random(probabilities()?),
        };
        Ok(Some((fill, seed())))
    }
}

#[derive(Debug, Args)]
pub(crate) struct AllArgs {
    /// Fragments merged after KCONFIG_ALLCONFIG's file, as more of it
    #[arg(value_name = "FRAGMENT")]
    pub fragments: Vec<PathBuf>,
    /// Write here (atomically; `-` for standard output) instead of
    /// $KCONFIG_CONFIG or ./.config, where conf writes
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct DefconfigArgs {
    /// A defconfig file, or NAME_defconfig as make finds it
    /// (arch/$SRCARCH/configs/); the arch's KBUILD_DEFCONFIG when omitted
    #[arg(value_name = "FILE")]
    pub file: Option<String>,
    /// Fragments merged onto the defconfig
    #[arg(value_name = "FRAGMENT")]
    pub fragments: Vec<PathBuf>,
    /// Write here (atomically; `-` for standard output) instead of
    /// $KCONFIG_CONFIG or ./.config
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct SavedefconfigArgs {
    /// Fragments merged onto the base config first
    #[arg(value_name = "FRAGMENT")]
    pub fragments: Vec<PathBuf>,
    /// Write here (atomically; `-` for standard output) instead of
    /// ./defconfig, where make writes
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ListnewconfigArgs {
    /// Fragments merged onto the base config first
    #[arg(value_name = "FRAGMENT")]
    pub fragments: Vec<PathBuf>,
}

/// The all*config modes and randconfig.
pub(super) fn run_all(
    global: &Global,
    fill: Fill,
    name: &str,
    args: &AllArgs,
) -> anyhow::Result<i32> {
    let mut files = allconfig_files(name)?;
    for f in &args.fragments {
        files.push(ConfigFile::read(f)?);
    }
    let fill = match fill {
        Fill::Random(_) => Fill::Random(probabilities()?),
        other => other,
    };
    let seed = if matches!(fill, Fill::Random(_)) {
        Some(seed())
    } else {
        None
    };
    let tree = load_tree(global, &load_options(global, &global.tree))?;
    let allconfig = (!files.is_empty()).then(|| config::merge(&files));
    let result = modes::all_config(&tree.model, fill, allconfig.as_deref(), seed.unwrap_or(1));
    if !global.quiet {
        report_files(&tree.model, &files, &result.user_warnings);
    }
    let mut result = result;
    warn_changed_input(global, &tree, &mut result.evaluation);
    let out = output_path(args.output.as_deref(), None);
    if let Some(seed) = seed {
        let line = format!("KCONFIG_SEED=0x{seed:X}");
        if out.is_none() {
            eprintln!("{line}")
        } else {
            println!("{line}")
        }
    }
    write_config(global, out.as_deref(), &result.text)
}

/// `KCONFIG_ALLCONFIG`: a file, or `1`/empty for `allNAME.config` (then
/// `all.config`) in the current directory, as conf looks them up.
fn allconfig_files(mode: &str) -> anyhow::Result<Vec<ConfigFile>> {
    let Some(name) = std::env::var_os("KCONFIG_ALLCONFIG") else {
        return Ok(Vec::new());
    };
    if !name.is_empty() && name != "1" {
        let f = ConfigFile::read(Path::new(&name)).map_err(|_| {
            anyhow::anyhow!(
                "Can't read seed configuration \"{}\"",
                name.to_string_lossy()
            )
        })?;
        return Ok(vec![f]);
    }
    let own = format!(
        "all{}.config",
        mode.trim_start_matches("all").trim_end_matches("config")
    );
    let own = if mode == "randconfig" {
        "allrandom.config".to_string()
    } else {
        own
    };
    for candidate in [own.as_str(), "all.config"] {
        if Path::new(candidate).is_file() {
            return Ok(vec![ConfigFile::read(Path::new(candidate))?]);
        }
    }
    bail!("KCONFIG_ALLCONFIG set, but no \"{own}\" or \"all.config\" file found")
}

/// `KCONFIG_SEED`, else a seed from the clock as conf makes one.
fn seed() -> u32 {
    if let Some(s) = std::env::var("KCONFIG_SEED")
        .ok()
        .and_then(|s| parse_seed(&s))
    {
        return s;
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    ((now.as_secs() as u32).wrapping_add(1)).wrapping_mul(now.subsec_micros() + 1)
}

fn probabilities() -> anyhow::Result<crate::eval::modes::Probabilities> {
    let env = std::env::var("KCONFIG_PROBABILITY").unwrap_or_default();
    parse_probability(&env).map_err(anyhow::Error::msg)
}

/// `-o FILE`, `-o -` (standard output: `None`), else `default` or conf's
/// $KCONFIG_CONFIG / .config.
fn output_path(opt: Option<&Path>, default: Option<&str>) -> Option<PathBuf> {
    match opt {
        Some(p) if p == Path::new("-") => None,
        Some(p) => Some(p.to_path_buf()),
        None => Some(PathBuf::from(default.map(str::to_string).unwrap_or_else(
            || {
                std::env::var("KCONFIG_CONFIG")
                    .ok()
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| ".config".to_string())
            },
        ))),
    }
}

fn write_config(global: &Global, out: Option<&Path>, text: &str) -> anyhow::Result<i32> {
    match out {
        Some(path) => {
            output::write_atomic(path, text)?;
            if !global.quiet {
                println!("#\n# configuration written to {}\n#", path.display());
            }
        }
        None => output::print(text),
    }
    Ok(0)
}

/// `defconfig [FILE]`.
pub(super) fn run_defconfig(global: &Global, args: &DefconfigArgs) -> anyhow::Result<i32> {
    let opts = load_options(global, &global.tree);
    let path = defconfig_file(global, &opts, args.file.as_deref());
    if !path.is_file() {
        bail!(
            "Can't find default configuration \"{}\" (a make target that merges \
             fragments, as powerpc's ppc64le_defconfig is, is not modelled: give a file)",
            path.display()
        );
    }
    let base = ConfigFile::read(&path)
        .with_context(|| format!("Can't find default configuration \"{}\"", path.display()))?;
    let mut files = vec![base];
    for f in &args.fragments {
        files.push(ConfigFile::read(f)?);
    }
    let tree = load_tree(global, &opts)?;
    let merged = config::merge(&files);
    let result = modes::defconfig(&tree.model, &merged);
    if !global.quiet {
        report_files(&tree.model, &files, &result.user_warnings);
    }
    let mut result = result;
    warn_changed_input(global, &tree, &mut result.evaluation);
    write_config(
        global,
        output_path(args.output.as_deref(), None).as_deref(),
        &result.text,
    )
}

/// The file `make defconfig` / `make NAME_defconfig` would read.
fn defconfig_file(global: &Global, opts: &crate::LoadOptions, file: Option<&str>) -> PathBuf {
    use crate::kbuild::defconfig::defconfig_path;
    let (srcarch, name) = arch_defconfig(global, opts);
    match file {
        Some(f) if Path::new(f).is_file() || f.contains('/') => PathBuf::from(f),
        Some(f) if f != "defconfig" => defconfig_path(&global.tree, &srcarch, f),
        _ => defconfig_path(&global.tree, &srcarch, &name),
    }
}

/// `$(SRCARCH)` and the arch's `KBUILD_DEFCONFIG`, as make computes them.
pub(super) fn arch_defconfig(global: &Global, opts: &crate::LoadOptions) -> (String, String) {
    let machine = std::env::consts::ARCH;
    let arch = opts
        .arch
        .clone()
        .unwrap_or_else(|| crate::macros::subarch_from_machine(machine));
    let srcarch = crate::macros::srcarch_from_arch(&arch);
    let name = crate::kbuild::defconfig::kbuild_defconfig(&global.tree, &arch, &srcarch, machine);
    (srcarch, name)
}

/// `savedefconfig`.
pub(super) fn run_savedefconfig(global: &Global, args: &SavedefconfigArgs) -> anyhow::Result<i32> {
    let inputs = conf_mode_inputs(global, &args.fragments, false)?;
    let merged = inputs.merged();
    let (mut ev, _) = modes::read(&inputs.tree.model, &merged);
    let text = modes::savedefconfig_evaluated(&mut ev);
    warn_changed_input(global, &inputs.tree, &mut ev);
    match output_path(args.output.as_deref(), Some("defconfig")) {
        Some(path) => output::write_atomic(&path, &text)?,
        None => output::print(&text),
    }
    Ok(0)
}

/// With `KCONFIG_WARN_CHANGED_INPUT` set and a tree whose conf reads it
/// (7.2+, or one without a Makefile), the user values the result does not
/// keep, on standard error as conf prints them (config/changed_input.rs).
pub(super) fn warn_changed_input(
    global: &Global,
    tree: &crate::Tree,
    ev: &mut crate::Evaluation<'_>,
) {
    let honoured = crate::tree::kernel_version(&tree.root).map_or(true, |v| v >= (7, 2));
    let set = std::env::var_os("KCONFIG_WARN_CHANGED_INPUT").is_some_and(|v| !v.is_empty());
    if honoured && set && !global.quiet {
        if let Some(w) = config::changed_input(ev) {
            eprint!("{w}");
        }
    }
}

/// `helpnewconfig`: the new options with their help, as conf prints it.
pub(super) fn run_helpnewconfig(global: &Global, args: &ListnewconfigArgs) -> anyhow::Result<i32> {
    let inputs = conf_mode_inputs(global, &args.fragments, true)?;
    let merged = inputs.merged();
    let model = &inputs.tree.model;
    let rules = Rules::for_model(model, crate::tree::kernel_version(&inputs.tree.root));
    output::print(&crate::report::help::helpnewconfig(model, rules, &merged));
    Ok(0)
}

/// `listnewconfig`.
pub(super) fn run_listnewconfig(global: &Global, args: &ListnewconfigArgs) -> anyhow::Result<i32> {
    let inputs = conf_mode_inputs(global, &args.fragments, false)?;
    let merged = inputs.merged();
    output::print(&modes::listnewconfig(&inputs.tree.model, &merged));
    Ok(0)
}

/// The inputs of a mode whose output is on standard output or in a file
/// (the tree's `$(info)` goes to standard error), the help texts kept when
/// `with_help`.
fn conf_mode_inputs(
    global: &Global,
    fragments: &[PathBuf],
    with_help: bool,
) -> anyhow::Result<super::run::Inputs> {
    let mut opts = load_options(global, &global.tree);
    opts.help = with_help;
    load_conf_mode(global, &opts, fragments, InfoStream::Stderr)
}
