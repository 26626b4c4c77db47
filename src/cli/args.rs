//! Raw command-line arguments, as clap parses them. No Kconfig logic here.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "ksolve",
    version,
    about = "A Kconfig dependency solver for the Linux kernel",
    long_about = "ksolve reads a kernel's Kconfig tree and a .config, reproduces `make olddefconfig` \
                  byte for byte, and tells what a config fragment loses and why.\n\n\
                  make's variables are taken as make takes them: `ksolve LLVM=1 CC=clang-19 O=build olddefconfig`.\n\n\
                  Exit status: 0 all good, 1 findings (a request that does not hold), 2 usage or input error."
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Debug, Args)]
pub(crate) struct Global {
    /// Kernel source tree ($srctree)
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub tree: PathBuf,
    /// Architecture, as make's ARCH= (default: $ARCH, else the host's)
    #[arg(long, global = true, value_name = "ARCH")]
    pub arch: Option<String>,
    /// Base configuration (default: DIR/.config)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Replay $(shell,...) results from FILE (commands missing from it run and are added).
    /// FILE is code: its results are pasted into later commands, so use only a file you trust
    #[arg(long, global = true, value_name = "FILE")]
    pub probes: Option<PathBuf>,
    /// Do not use the on-disk cache of $(shell,...) results
    #[arg(long, global = true)]
    pub no_probe_cache: bool,
    /// Print nothing but errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Which kernel's rules apply: legacy (up to 6.10) or modern (6.11+); default: from the
    /// tree's Makefile (a tree without one, as scripts/kconfig/tests, gets modern)
    #[arg(long, global = true, value_enum, value_name = "RULES")]
    pub rules: Option<Rules>,
    /// Output format: text (default), json, github (check, bump), dot (graph's default), fragment (solve)
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// make's command-line variables (`LLVM=1`, `CC=clang-19`, `O=build`),
    /// split off the arguments before clap sees them (cli/make_args.rs).
    #[arg(skip)]
    pub make_vars: Vec<(String, String)>,
}

impl Global {
    /// A make variable given on the command line (the last one wins).
    pub(crate) fn make_var(&self, name: &str) -> Option<&str> {
        self.make_vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Kconfig rule sets (`--rules`): the kernel reworked choices in 6.11.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Rules {
    Legacy,
    Modern,
}

/// Output formats; each command accepts the ones that make sense for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
    Github,
    Dot,
    /// Just the config lines (solve)
    Fragment,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print a shell completion script
    #[command(after_help = "Example:\n  ksolve completions bash > /etc/bash_completion.d/ksolve")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff)
    #[command(after_help = "Example:\n  ksolve manpage > /usr/local/share/man/man1/ksolve.1")]
    Manpage,
    /// Merge fragments onto the base config and evaluate as `make olddefconfig`
    #[command(
        after_help = "Exit status: 0 written, 1 the Kconfig tree has an error (printed as conf prints it; conf exits 1 too), 2 usage or input error.\n\n\
                            Example:\n  ksolve --tree /usr/src/linux --config server.config olddefconfig extra.config -o .config"
    )]
    Olddefconfig(super::olddefconfig::OlddefconfigArgs),
    /// Module names to the symbols that build them (from the Kbuild Makefiles), or back with --symbol
    #[command(
        after_help = "Example:\n  ksolve --tree /usr/src/linux module ixgbe aesni_intel libphy\n  ksolve --tree /usr/src/linux module --symbol PHYLIB"
    )]
    Module(super::module::ModuleArgs),
    /// Keep only the modules a system loads, as `make LSMOD=FILE localmodconfig`
    #[command(
        after_help = "Example:\n  lsmod > mods; ksolve --tree /usr/src/linux --config /boot/config-$(uname -r) localmodconfig --modules mods -o .config"
    )]
    Localmodconfig(super::localmodconfig::LocalmodconfigArgs),
    /// Compare what the fragments get on two kernel trees: a CI gate for version bumps
    #[command(
        after_help = "Exit status: 0 nothing that held is lost, 1 a request is lost or names a removed symbol, 2 usage or input error.\n\nExample:\n  ksolve bump --from linux-6.1 --to linux-6.12 --config server.config validator.config"
    )]
    Bump(super::bump::BumpArgs),
    /// Audit fragments: which requests survive olddefconfig, and why the others do not
    #[command(
        after_help = "Exit status: 0 every request holds, 1 a request is dropped, unknown or invalid, 2 usage or input error.\n\n\
                            Example:\n  ksolve --tree /usr/src/linux --config server.config check builtins.config"
    )]
    Check(super::check::CheckArgs),
    /// Explain a symbol's value (SYMBOL), or what keeps it from a value (SYMBOL=VALUE)
    #[command(
        after_help = "Example:\n  ksolve --tree /usr/src/linux --config server.config why IXGBE=y builtins.config"
    )]
    Why(super::why::WhyArgs),
    /// Draw a symbol's dependency cone (Graphviz dot or JSON)
    #[command(
        after_help = "Example:\n  ksolve --tree /usr/src/linux --config server.config graph IXGBE --depth 2 | dot -Tsvg > ixgbe.svg"
    )]
    Graph(super::graph::GraphArgs),
    /// Edit a config as scripts/config does, then report the options that will not survive olddefconfig
    #[command(
        after_help = "Exit status: 0 every option survives, 1 one does not, 2 usage or input error.\n\n\
                            Example:\n  ksolve --tree . config --file .config -e IXGBE -d INTEL_IOATDMA --set-val NR_CPUS 64"
    )]
    Config(super::config_cmd::ConfigArgs),
    /// Find the lines to add so that requests (SYMBOL=VALUE, fragments) hold, or name the conflict
    #[command(
        after_help = "Example:\n  ksolve --tree /usr/src/linux --config server.config solve IXGBE=y\n\n\
                            Exit status: 0 solved, 1 conflict, 2 usage or input error."
    )]
    Solve(super::solve::SolveArgs),
    /// The smallest fragment that turns the base config into TARGET (olddefconfig of both alike)
    #[command(
        after_help = "Exit status: 0 the fragment gives TARGET, 1 some of TARGET cannot be reached, 2 usage or input error.\n\n\
                            Example:\n  ksolve --tree /usr/src/linux --config server.config minimize .config --keep builtins.config -o builtins.config"
    )]
    Minimize(super::minimize::MinimizeArgs),
    /// Whether each fragment line made it into the installed kernel (builtin, module, absent)
    #[command(
        after_help = "Without --modules-dir: how many modules and builtin drivers the base config plus the fragments build.\n\n\
                            Exit status: 0 every request made it, 1 one did not, 2 usage or input error.\n\n\
                            Example:\n  ksolve --tree /usr/src/linux verify --modules-dir /lib/modules/$(uname -r) builtins.config"
    )]
    Verify(super::verify::VerifyArgs),
    // Issue 16: conf's batch modes, named as make's targets (src/cli/modes.rs).
    /// New config: every new option `n` (`make allnoconfig`; KCONFIG_ALLCONFIG read first)
    #[command(
        after_help = "Example:\n  KCONFIG_ALLCONFIG=tiny.config ksolve --tree /usr/src/linux allnoconfig -o .config"
    )]
    Allnoconfig(super::modes::AllArgs),
    /// New config: every new option `y` (`make allyesconfig`)
    Allyesconfig(super::modes::AllArgs),
    /// New config: every new option `m` where it can be (`make allmodconfig`)
    Allmodconfig(super::modes::AllArgs),
    /// New config: every option at its default (`make alldefconfig`)
    Alldefconfig(super::modes::AllArgs),
    /// New config with random answers (`make randconfig`; KCONFIG_SEED, KCONFIG_PROBABILITY)
    #[command(
        after_help = "Example:\n  KCONFIG_SEED=0x1234 ksolve --tree /usr/src/linux randconfig -o .config"
    )]
    Randconfig(super::modes::AllArgs),
    /// New config from a defconfig file (`make defconfig`, `make NAME_defconfig`)
    #[command(
        after_help = "Example:\n  ksolve --tree /usr/src/linux --arch arm64 defconfig -o .config\n  ksolve --tree /usr/src/linux defconfig i386_defconfig -o .config"
    )]
    Defconfig(super::modes::DefconfigArgs),
    /// Save the minimal config that gives back the base (`make savedefconfig`)
    #[command(
        after_help = "Example:\n  ksolve --tree /usr/src/linux --config .config savedefconfig -o defconfig"
    )]
    Savedefconfig(super::modes::SavedefconfigArgs),
    /// List the options the base config says nothing about, with their defaults (`make listnewconfig`)
    #[command(
        after_help = "Example:\n  ksolve --tree linux-6.12 --config config-6.1 listnewconfig"
    )]
    Listnewconfig(super::modes::ListnewconfigArgs),
    /// List the new options with their help texts (`make helpnewconfig`)
    #[command(
        after_help = "Example:\n  ksolve --tree linux-6.12 --config config-6.1 helpnewconfig"
    )]
    Helpnewconfig(super::modes::ListnewconfigArgs),
}
