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
                  Exit status: 0 all good, 1 findings (a request that does not hold), 2 usage or input error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Kernel source tree ($srctree)
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub tree: PathBuf,
    /// Architecture, as make's ARCH= (default: $ARCH, else the host's)
    #[arg(long, global = true, value_name = "ARCH")]
    pub arch: Option<String>,
    /// Base configuration (default: DIR/.config)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Replay $(shell,...) results from FILE (commands missing from it run and are added)
    #[arg(long, global = true, value_name = "FILE")]
    pub probes: Option<PathBuf>,
    /// Do not use the on-disk cache of $(shell,...) results
    #[arg(long, global = true)]
    pub no_probe_cache: bool,
    /// Print nothing but errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Merge fragments onto the base config and evaluate as `make olddefconfig`
    #[command(after_help = "Example:\n  ksolve --tree /usr/src/linux --config server.config olddefconfig extra.config -o .config")]
    Olddefconfig(super::olddefconfig::OlddefconfigArgs),
    /// Find the lines to add so that requests (SYMBOL=VALUE, fragments) hold, or name the conflict
    #[command(after_help = "Example:\n  ksolve --tree /usr/src/linux --config server.config solve IXGBE=y\n\n\
                            Exit status: 0 solved, 1 conflict, 2 usage or input error.")]
    Solve(super::solve::SolveArgs),
}
