//! From parsed arguments to library calls, one function per command.

use super::args::{Cli, Command, Format, Global};
use anyhow::{bail, Context};
use clap::Parser;
use ksolve::config::ConfigFile;
use ksolve::eval::user::UserWarning;
use ksolve::{LoadOptions, Tree};
use std::path::PathBuf;

/// Evaluation recurses along dependency chains; give it room.
const STACK_SIZE: usize = 256 << 20;

/// Parse arguments, run, and return the exit status (0 ok, 1 findings,
/// 2 usage or input error).
pub fn main() -> i32 {
    ksolve::store::temp::remove_on_signals();
    let cli = Cli::parse();
    let worker = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || run(cli));
    let done = worker.map(|h| h.join());
    ksolve::store::wait_for_writes();
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

fn run(cli: Cli) -> anyhow::Result<i32> {
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
            let mut out = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut out)?;
            super::output::print(&String::from_utf8_lossy(&out));
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
    }
}

/// A run's inputs, validated. The tree is never freed: the process ends
/// after the command, and freeing the model's allocations one by one was a
/// tenth of a warm run.
pub struct Inputs {
    pub tree: std::mem::ManuallyDrop<Tree>,
    pub base: ConfigFile,
    /// The fragments as the fragment reader reads them (`config::fragment`).
    pub fragments: Vec<ksolve::config::scripts_config::Script>,
}

/// How to load `tree` under the global options (`ARCH` from `--arch`, else
/// the environment, as make reads it).
pub fn load_options(global: &Global, tree: &std::path::Path) -> LoadOptions {
    let mut opts = LoadOptions::new(tree);
    opts.arch = global
        .arch
        .clone()
        .or_else(|| std::env::var("ARCH").ok().filter(|a| !a.is_empty()));
    opts.probes_file = global.probes.clone();
    opts.probe_cache = !global.no_probe_cache;
    opts.help = false;
    opts
}

/// Load the tree, the base config and the fragments named by the global
/// options.
pub fn load(global: &Global, fragments: &[PathBuf]) -> anyhow::Result<Inputs> {
    let opts = load_options(global, &global.tree);
    if !global.tree.join("Kconfig").is_file() {
        bail!(
            "{}: no Kconfig here; is this a kernel source tree? (use --tree DIR)",
            global.tree.display()
        );
    }
    let base_path = global
        .config
        .clone()
        .unwrap_or_else(|| global.tree.join(".config"));
    if !base_path.is_file() {
        bail!(
            "{}: no such config file (give the base with --config FILE)",
            base_path.display()
        );
    }
    let base = ConfigFile::read(&base_path)?;
    let fragments = fragments
        .iter()
        .map(|f| ksolve::config::fragment::read(f))
        .collect::<Result<Vec<_>, _>>()?;
    let tree = Tree::load(&opts)?;
    if let Some(p) = &global.probes {
        tree.probes
            .save(p)
            .with_context(|| format!("{}: cannot save probe results", p.display()))?;
    }
    if !global.quiet {
        for d in &tree.diagnostics {
            eprintln!("{d}");
        }
    }
    Ok(Inputs {
        tree: std::mem::ManuallyDrop::new(tree),
        base,
        fragments,
    })
}

/// conf's warnings about the lines it read.
pub fn report_reading(inputs: &Inputs, warnings: &[UserWarning]) {
    let model = &inputs.tree.model;
    for w in inputs
        .base
        .warnings
        .iter()
        .chain(inputs.fragments.iter().flat_map(|f| &f.warnings))
    {
        eprintln!("{}:{}: warning: {}", w.file, w.line, w.message);
    }
    for w in warnings {
        if let UserWarning::Invalid {
            sym,
            value,
            file,
            line,
        } = w
        {
            eprintln!(
                "{file}:{line}: warning: symbol value '{value}' invalid for {}",
                model.name(*sym)
            );
        }
    }
}

/// Colour only on a terminal, and never with `NO_COLOR` set.
pub fn style() -> ksolve::report::Style {
    use std::io::IsTerminal;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    ksolve::report::Style {
        color: !no_color && std::io::stdout().is_terminal(),
    }
}

/// The format asked for, if the command supports it (else a usage error).
pub fn format(global: &Global, allowed: &[Format], default: Format) -> anyhow::Result<Format> {
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
pub fn request_symbol(
    tree: &ksolve::Tree,
    modules: &mut Option<ksolve::kbuild::ModuleMap>,
    name: &str,
) -> Option<(ksolve::SymbolId, String)> {
    let model = &tree.model;
    let plain = name.strip_prefix("CONFIG_").unwrap_or(name);
    let defined = |s: ksolve::SymbolId| model.sym(s).ty != ksolve::model::SymbolType::Unknown;
    if let Some(s) = model.lookup(plain).filter(|&s| defined(s)) {
        return Some((s, plain.to_string()));
    }
    if modules.is_none() {
        *modules = ksolve::kbuild::ModuleMap::load(&tree.root).ok();
    }
    let found = ksolve::kbuild::resolve_request_name(modules.as_ref()?, model, plain)?;
    eprintln!("ksolve: module {}", found.1);
    Some(found)
}

/// `NAME=VALUE` requests with module names rewritten to their symbols.
pub fn module_requests(tree: &ksolve::Tree, requests: &[String]) -> Vec<String> {
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
