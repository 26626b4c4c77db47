//! `ksolve bump --from OLD --to NEW FRAGMENT...`: what moving to another
//! kernel tree does to the fragments' requests. Exit 0 when nothing that
//! held is lost and no request names a removed symbol, 1 otherwise.

use super::args::Format;
use super::args::Global;
use super::output;
use crate::bump;
use crate::report::bump as report;
use crate::{ConfigFile, LoadOptions, Tree};
use anyhow::{bail, Context};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub(crate) struct BumpArgs {
    /// The kernel tree the configuration comes from
    #[arg(long, value_name = "OLD_TREE")]
    pub from: PathBuf,
    /// The kernel tree it moves to
    #[arg(long, value_name = "NEW_TREE")]
    pub to: PathBuf,
    /// The new tree's own base config (default: the --config base, carried forward)
    #[arg(long, value_name = "FILE")]
    pub to_config: Option<PathBuf>,
    /// Config fragments merged onto the base in order
    #[arg(value_name = "FRAGMENT", required = true)]
    pub fragments: Vec<PathBuf>,
    /// List every definition that differs, also those that change no value or verdict
    #[arg(long)]
    pub all_diffs: bool,
}

/// Loads take long enough to be worth one thread per tree; they recurse
/// along `source` and expression depth, so give them the main stack's room.
const LOAD_STACK: usize = 64 << 20;

pub(super) fn run(global: &Global, args: &BumpArgs) -> anyhow::Result<i32> {
    let fmt = super::run::format(
        global,
        &[Format::Text, Format::Json, Format::Github],
        Format::Text,
    )?;
    let base_path = global
        .config
        .clone()
        .unwrap_or_else(|| args.from.join(".config"));
    let base = read_config(&base_path, "give the base with --config FILE")?;
    let new_base = args
        .to_config
        .as_deref()
        .map(|p| read_config(p, "check --to-config"))
        .transpose()?;
    let fragments = super::check::read_fragments(&args.fragments)?;
    let (old, new) = load_both(global, &args.from, &args.to)?;
    if !global.quiet {
        for d in old.diagnostics.iter().chain(&new.diagnostics) {
            eprintln!("{d}");
        }
    }
    let inputs = bump::Inputs {
        base: &base,
        new_base: new_base.as_ref(),
        fragments: &fragments,
        trees: Some((&old.root, &new.root)),
    };
    let mut result = bump::bump(&old.model, &new.model, inputs);
    let (from, to) = (
        args.from.display().to_string(),
        args.to.display().to_string(),
    );
    let mut rep = report::build(
        &mut result,
        report::Labels {
            from: &from,
            to: &to,
        },
    );
    rep.all_diffs = args.all_diffs;
    let text = match fmt {
        Format::Json => serde_json::to_string_pretty(&rep)? + "\n",
        Format::Github => report::github(&rep),
        _ => report::text(&rep),
    };
    output::print(&text);
    Ok(if rep.ok { 0 } else { 1 })
}

fn read_config(path: &Path, hint: &str) -> anyhow::Result<ConfigFile> {
    if !path.is_file() {
        bail!("{}: no such config file ({hint})", path.display());
    }
    Ok(ConfigFile::read(path)?)
}

/// Both trees, loaded at the same time.
fn load_both(global: &Global, from: &Path, to: &Path) -> anyhow::Result<(Tree, Tree)> {
    for dir in [from, to] {
        if !dir.join("Kconfig").is_file() {
            bail!(
                "{}: no Kconfig here; is this a kernel source tree?",
                dir.display()
            );
        }
    }
    let (o, n) = (options(global, from), options(global, to));
    std::thread::scope(|scope| {
        let spawn = |opts: &LoadOptions| {
            let opts = opts.clone();
            std::thread::Builder::new()
                .stack_size(LOAD_STACK)
                .spawn_scoped(scope, move || Tree::load(&opts))
        };
        let (a, b) = (spawn(&o)?, spawn(&n)?);
        let join = |h: std::thread::ScopedJoinHandle<'_, Result<Tree, crate::Error>>| {
            h.join()
                .map_err(|_| anyhow::anyhow!("tree loading panicked"))
        };
        let old = join(a)?.with_context(|| format!("loading {}", from.display()))?;
        let new = join(b)?.with_context(|| format!("loading {}", to.display()))?;
        Ok((old, new))
    })
}

/// Help texts are kept: renames are found partly by them.
fn options(global: &Global, tree: &Path) -> LoadOptions {
    LoadOptions {
        help: true,
        ..super::run::load_options(global, tree)
    }
}
