//! From parsed arguments to library calls, one function per command.

use super::args::{Cli, Command, Format, Global};
use crate::config::{defconfig_list, ConfigFile};
use crate::eval::modes::Fill;
use crate::eval::user::UserWarning;
use crate::{LoadOptions, Tree};
use anyhow::{bail, Context};
use clap::Parser;
use std::path::PathBuf;

/// Evaluation recurses along dependency chains; give it room.
const STACK_SIZE: usize = 256 << 20;

/// Parse arguments, run, and return the exit status (0 ok, 1 findings,
/// 2 usage or input error).
pub(crate) fn main() -> i32 {
    crate::store::temp::remove_on_signals();
    let (own, make_vars) = super::make_args::split(std::env::args_os().skip(1).collect());
    let mut cli = Cli::parse_from(std::iter::once("ksolve".into()).chain(own));
    cli.global.make_vars = make_vars;
    let worker = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || run(cli));
    let done = worker.map(|h| h.join());
    crate::store::wait_for_writes();
    match done {
        Ok(Ok(Ok(code))) => code,
        Ok(Ok(Err(e))) => {
            eprintln!("ksolve: {e:#}");
            2
        }
        _ => {
            eprintln!("ksolve: internal error");
            2
        }
    }
}

fn run(mut cli: Cli) -> anyhow::Result<i32> {
    cli.global.tree = crate::tree::find_root(&cli.global.tree);
    match &cli.command {
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "ksolve",
                &mut out,
            );
            super::output::print(&String::from_utf8_lossy(&out));
            Ok(0)
        }
        Command::Manpage => {
            super::output::print(&super::manpage::render()?);
            Ok(0)
        }
        Command::Olddefconfig(args) => super::olddefconfig::run(&cli.global, args),
        Command::Module(args) => super::module::run(&cli.global, args),
        Command::Localmodconfig(args) => super::localmodconfig::run(&cli.global, args),
        Command::Bump(args) => super::bump::run(&cli.global, args),
        Command::Check(args) => super::check::run(&cli.global, args),
        Command::Why(args) => super::why::run(&cli.global, args),
        Command::Graph(args) => super::graph::run(&cli.global, args),
        Command::Config(args) => super::config_cmd::run(&cli.global, args),
        Command::Solve(args) => super::solve::run(&cli.global, args),
        Command::Minimize(args) => super::minimize::run(&cli.global, args),
        Command::Verify(args) => super::verify::run(&cli.global, args),
        // Issue 16: conf's batch modes.
        Command::Allnoconfig(a) => super::modes::run_all(&cli.global, Fill::No, "allnoconfig", a),
        Command::Allyesconfig(a) => {
            super::modes::run_all(&cli.global, Fill::Yes, "allyesconfig", a)
        }
        Command::Allmodconfig(a) => {
            super::modes::run_all(&cli.global, Fill::Mod, "allmodconfig", a)
        }
        Command::Alldefconfig(a) => {
            super::modes::run_all(&cli.global, Fill::Default, "alldefconfig", a)
        }
        Command::Randconfig(a) => {
            let fill = Fill::Random(Default::default());
            super::modes::run_all(&cli.global, fill, "randconfig", a)
        }
        Command::Defconfig(a) => super::modes::run_defconfig(&cli.global, a),
        Command::Savedefconfig(a) => super::modes::run_savedefconfig(&cli.global, a),
        Command::Listnewconfig(a) => super::modes::run_listnewconfig(&cli.global, a),
        Command::Helpnewconfig(a) => super::modes::run_helpnewconfig(&cli.global, a),
    }
}

/// A run's inputs, validated. The tree is never freed: the process ends
/// after the command, and freeing the model's allocations one by one was a
/// tenth of a warm run.
pub(super) struct Inputs {
    pub tree: std::mem::ManuallyDrop<Tree>,
    pub base: ConfigFile,
    /// The fragments as the fragment reader reads them (`config::fragment`).
    pub fragments: Vec<crate::config::scripts_config::Script>,
}

impl Inputs {
    /// The base with the fragments' edits, merged as `merge_config.sh -m`.
    pub(super) fn merged(&self) -> Vec<crate::Assignment> {
        let fragments: Vec<crate::check::Fragment> = (self.fragments.iter())
            .map(|f| crate::check::Fragment {
                edits: f.edits.clone(),
            })
            .collect();
        crate::check::input_merge(&self.base, &fragments)
    }
}

/// How to load `tree` under the global options (`ARCH` from `--arch`, else
/// the environment, as make reads it).
pub(super) fn load_options(global: &Global, tree: &std::path::Path) -> LoadOptions {
    let mut opts = LoadOptions::new(tree);
    opts.arch = global
        .make_var("ARCH")
        .map(str::to_string)
        .or_else(|| global.arch.clone())
        .or_else(|| std::env::var("ARCH").ok().filter(|a| !a.is_empty()));
    opts.make_vars = global.make_vars.clone();
    opts.probes_file = global.probes.clone();
    opts.probe_cache = !global.no_probe_cache;
    opts.help = false;
    opts.semantics = global.rules.map(|r| match r {
        super::args::Rules::Legacy => crate::Semantics::Legacy,
        super::args::Rules::Modern => crate::Semantics::Modern,
    });
    opts
}

/// Where `$(info)` output goes. conf prints it on standard output; a
/// command whose standard output is its result prints it on standard error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum InfoStream {
    Stdout,
    Stderr,
}

/// The tree's messages, `$(info)` on `info`, the others on standard error.
pub(super) fn print_diagnostics(diagnostics: &[crate::macros::Diagnostic], info: InfoStream) {
    for d in diagnostics {
        match (d.kind, info) {
            (crate::macros::DiagnosticKind::Info, InfoStream::Stdout) => println!("{d}"),
            _ => eprintln!("{d}"),
        }
    }
}

/// Load the tree, the base config and the fragments named by the global
/// options.
pub(super) fn load(global: &Global, fragments: &[PathBuf]) -> anyhow::Result<Inputs> {
    let opts = load_options(global, &global.tree);
    load_as(global, &opts, fragments, InfoStream::Stderr)
}

/// [`load`], with `$(info)` output on `info`.
pub(super) fn load_as(
    global: &Global,
    opts: &LoadOptions,
    fragments: &[PathBuf],
    info: InfoStream,
) -> anyhow::Result<Inputs> {
    check_tree(global)?;
    let base_path = global
        .config
        .clone()
        .unwrap_or_else(|| default_config(global));
    if !base_path.is_file() {
        bail!(
            "{}: no such config file (give the base with --config FILE)",
            base_path.display()
        );
    }
    let base = ConfigFile::read(&base_path)?;
    let fragments = fragments
        .iter()
        .map(|f| crate::config::fragment::read(f))
        .collect::<Result<Vec<_>, _>>()?;
    let tree = load_tree_as(global, opts, info)?;
    if let Some(w) = arch_mismatch(&tree, &base_path).filter(|_| !global.quiet) {
        eprintln!("ksolve: warning: {w}");
    }
    Ok(Inputs {
        tree,
        base,
        fragments,
    })
}

fn check_tree(global: &Global) -> anyhow::Result<()> {
    if !global.tree.join("Kconfig").is_file() {
        bail!(
            "{}: no Kconfig here; is this a kernel source tree? (use --tree DIR)",
            global.tree.display()
        );
    }
    Ok(())
}

/// Load the tree alone (modes that start from no config), saving the probe
/// results and printing the tree's diagnostics.
pub(super) fn load_tree(
    global: &Global,
    opts: &LoadOptions,
) -> anyhow::Result<std::mem::ManuallyDrop<Tree>> {
    load_tree_as(global, opts, InfoStream::Stderr)
}

/// [`load_tree`], with `$(info)` output on `info`.
fn load_tree_as(
    global: &Global,
    opts: &LoadOptions,
    info: InfoStream,
) -> anyhow::Result<std::mem::ManuallyDrop<Tree>> {
    check_tree(global)?;
    let tree = Tree::load(opts)?;
    if let Some(p) = &global.probes {
        tree.probes
            .save(p)
            .with_context(|| format!("{}: cannot save probe results", p.display()))?;
    }
    if !global.quiet {
        print_diagnostics(&tree.diagnostics, info);
    }
    Ok(std::mem::ManuallyDrop::new(tree))
}

/// The architecture of a config's header (`# Linux/arm64 6.12.0 Kernel
/// Configuration`, from the tree's `mainmenu`) when it is not the run's.
fn arch_mismatch(tree: &Tree, config: &std::path::Path) -> Option<String> {
    use std::io::Read;
    let arch_of = |title: &str| -> Option<String> {
        let word = title
            .split_whitespace()
            .find_map(|w| w.strip_prefix("Linux/"))?;
        Some(crate::macros::srcarch_from_arch(word))
    };
    let mut head = String::new();
    std::fs::File::open(config)
        .ok()?
        .take(512)
        .read_to_string(&mut head)
        .ok()?;
    let theirs = head
        .lines()
        .take(4)
        .find_map(|l| arch_of(l.strip_prefix("# ")?))?;
    let model = &tree.model;
    let title = model
        .menu(crate::model::MenuId::ROOT)
        .prompt
        .and_then(|p| model.prop(p).text.as_deref())?;
    let ours = arch_of(title)?;
    (theirs != ours).then(|| {
        format!(
            "{}: written for Linux/{theirs} (its header), but this run is for {ours}; \
             its lines of other architectures will drift (give ARCH={theirs} or --arch {theirs})",
            config.display()
        )
    })
}

/// Where make's config targets keep `.config`: `KCONFIG_CONFIG` (make's
/// variable, else the environment's; default `.config`) in the object tree
/// (`O=`, else `KBUILD_OUTPUT`, relative to the source tree as `make -C`
/// takes them; default the source tree).
pub(super) fn default_config(global: &Global) -> PathBuf {
    objtree(global)
        .join(make_or_env(global, "KCONFIG_CONFIG").unwrap_or_else(|| ".config".to_string()))
}

/// A variable as make sees it: its command line, else the environment
/// (empty counts as unset).
fn make_or_env(global: &Global, name: &str) -> Option<String> {
    global
        .make_var(name)
        .map(str::to_string)
        .or_else(|| std::env::var(name).ok())
        .filter(|v| !v.is_empty())
}

/// The object tree, where conf runs: `O=`, else `KBUILD_OUTPUT`, relative
/// to the source tree; default the source tree.
fn objtree(global: &Global) -> PathBuf {
    match make_or_env(global, "O").or_else(|| make_or_env(global, "KBUILD_OUTPUT")) {
        Some(o) => global.tree.join(o),
        None => global.tree.clone(),
    }
}

/// [`load_as`] for conf's modes that read the config with `conf_read(NULL)`
/// (olddefconfig, savedefconfig, listnewconfig, helpnewconfig): with no
/// config file, the first readable file of the tree's defconfig list
/// (config/defconfig_list.rs), announced on `info` as conf announces it;
/// when none is readable, conf starts from nothing.
pub(super) fn load_conf_mode(
    global: &Global,
    opts: &LoadOptions,
    fragments: &[PathBuf],
    info: InfoStream,
) -> anyhow::Result<Inputs> {
    if global.config.is_some() || default_config(global).is_file() {
        return load_as(global, opts, fragments, info);
    }
    let tree = load_tree_as(global, opts, info)?;
    let list = defconfig_list::candidates(&tree.model, &global.tree, &make_list(global, opts));
    if list.is_empty() {
        bail!(
            "{}: no such config file (give the base with --config FILE)",
            default_config(global).display()
        );
    }
    let base = match defconfig_list::find(&list, &objtree(global), &global.tree) {
        Some((name, path)) => {
            if !global.quiet {
                let m = defconfig_list::message(&name);
                match info {
                    InfoStream::Stdout => print!("{m}"),
                    InfoStream::Stderr => eprint!("{m}"),
                }
            }
            ConfigFile::read(&path)?
        }
        None => ConfigFile::default(),
    };
    let fragments = fragments
        .iter()
        .map(|f| crate::config::fragment::read(f))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Inputs {
        tree,
        base,
        fragments,
    })
}

/// make's side of the defconfig list: its variables, `uname -r`, the
/// arch's KBUILD_DEFCONFIG.
fn make_list(global: &Global, opts: &LoadOptions) -> defconfig_list::MakeList {
    let kernel_release = std::process::Command::new("uname")
        .arg("-r")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let (srcarch, kbuild_defconfig) = super::modes::arch_defconfig(global, opts);
    defconfig_list::MakeList {
        override_list: global
            .make_var("KCONFIG_DEFCONFIG_LIST")
            .map(str::to_string),
        cross_compiling: make_or_env(global, "cross_compiling").is_some(),
        kernel_release,
        srcarch,
        kbuild_defconfig,
    }
}

/// Which of conf's optional warnings about the lines it read to print.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct ReadingWarnings {
    /// `KCONFIG_WARN_UNKNOWN_SYMBOLS` (6.1+): lines naming no symbol.
    pub unknown: bool,
}

/// conf's warnings about the lines it read; how many it printed (conf
/// counts them for `KCONFIG_WERROR`).
pub(super) fn report_reading(inputs: &Inputs, warnings: &[UserWarning]) -> usize {
    report_reading_with(inputs, warnings, ReadingWarnings::default())
}

/// [`report_reading`], with conf's optional warnings as asked.
pub(super) fn report_reading_with(
    inputs: &Inputs,
    warnings: &[UserWarning],
    optional: ReadingWarnings,
) -> usize {
    let read = inputs
        .base
        .warnings
        .iter()
        .chain(inputs.fragments.iter().flat_map(|f| &f.warnings));
    report_warnings(&inputs.tree.model, read, warnings, optional)
}

/// conf's warnings about the lines of `files`.
pub(super) fn report_files<'a>(
    model: &crate::Model,
    files: impl IntoIterator<Item = &'a ConfigFile>,
    warnings: &[UserWarning],
) -> usize {
    report_files_with(model, files, warnings, ReadingWarnings::default())
}

/// [`report_files`], with conf's optional warnings as asked; how many it
/// printed.
pub(super) fn report_files_with<'a>(
    model: &crate::Model,
    files: impl IntoIterator<Item = &'a ConfigFile>,
    warnings: &[UserWarning],
    optional: ReadingWarnings,
) -> usize {
    let read = files.into_iter().flat_map(|f| &f.warnings);
    report_warnings(model, read, warnings, optional)
}

/// conf's warnings: the readers' (`read`), then the evaluation's.
fn report_warnings<'a>(
    model: &crate::Model,
    read: impl Iterator<Item = &'a crate::config::ReadWarning>,
    warnings: &[UserWarning],
    optional: ReadingWarnings,
) -> usize {
    let mut printed = 0;
    for w in read {
        eprintln!("{}:{}:warning: {}", w.file, w.line, w.message);
        printed += 1;
    }
    for w in warnings {
        match w {
            UserWarning::Invalid {
                sym,
                value,
                file,
                line,
            } => eprintln!(
                "{file}:{line}:warning: symbol value '{value}' invalid for {}",
                model.name(*sym)
            ),
            UserWarning::Unknown { name, file, line } if optional.unknown => {
                eprintln!("{file}:{line}:warning: unknown symbol: {name}")
            }
            _ => continue,
        }
        printed += 1;
    }
    printed
}

/// Colour only on a terminal, and never with `NO_COLOR` set.
pub(super) fn style() -> crate::report::Style {
    use std::io::IsTerminal;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    crate::report::Style {
        color: !no_color && std::io::stdout().is_terminal(),
    }
}

/// The format asked for, if the command supports it (else a usage error).
pub(super) fn format(
    global: &Global,
    allowed: &[Format],
    default: Format,
) -> anyhow::Result<Format> {
    let f = global.format.unwrap_or(default);
    if !allowed.contains(&f) {
        let names: Vec<String> = allowed
            .iter()
            .map(|a| format!("{a:?}").to_lowercase())
            .collect();
        bail!(
            "--format {}: this command writes {}",
            format!("{f:?}").to_lowercase(),
            names.join(", ")
        );
    }
    Ok(f)
}

/// A request name as a symbol of the tree: `CONFIG_X`, `X`, or a module
/// name the Kbuild Makefiles map to a symbol (`ixgbe` -> IXGBE, shown as
/// `ixgbe (IXGBE)` on standard error). `None` when it is neither.
pub(super) fn request_symbol(
    tree: &crate::Tree,
    modules: &mut Option<crate::kbuild::ModuleMap>,
    name: &str,
) -> Option<(crate::SymbolId, String)> {
    let model = &tree.model;
    let plain = name.strip_prefix("CONFIG_").unwrap_or(name);
    let defined = |s: crate::SymbolId| model.sym(s).ty != crate::model::SymbolType::Unknown;
    if let Some(s) = model.lookup(plain).filter(|&s| defined(s)) {
        return Some((s, plain.to_string()));
    }
    if modules.is_none() {
        *modules = crate::kbuild::ModuleMap::load(&tree.root).ok();
    }
    let found = crate::kbuild::resolve_request_name(modules.as_ref()?, model, plain)?;
    eprintln!("ksolve: module {}", found.1);
    Some(found)
}

/// `NAME=VALUE` requests with module names rewritten to their symbols.
pub(super) fn module_requests(tree: &crate::Tree, requests: &[String]) -> Vec<String> {
    let mut modules = None;
    requests
        .iter()
        .map(|r| {
            let (name, value) = r.split_once('=').unwrap_or((r.as_str(), ""));
            match request_symbol(tree, &mut modules, name) {
                Some((s, _)) if !r.contains('=') => tree.model.name(s).to_string(),
                Some((s, _)) => format!("{}={value}", tree.model.name(s)),
                None => r.clone(),
            }
        })
        .collect()
}
