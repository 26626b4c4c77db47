//! Expands the macros of a real kernel tree and times its `$(shell,...)`
//! probes, sequentially and prefetched in parallel.
//!
//! `cargo run --release --example macro_probe [--env] [TREE]` (default: the
//! unpacked 6.12 tree under /var/tmp/ksolve-trees). Fails when the tree is
//! absent. `--env` prints the kernel environment instead.
//!
//! It defines scripts/Kconfig.include's variables, then expands every macro
//! reference found on property lines of the tree's Kconfig files (all but
//! other architectures', Documentation's and kconfig's own tests), as the
//! kernel's lexer does for every file it reads, whatever `if` surrounds it.
//! This is an approximation of the lowering pass, for checking the
//! expander and the probes on real input.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use ksolve::macros::{
    KernelEnv, KernelOptions, Location, Preprocessor, ProbeCache, ProbeOptions, Probes,
};
use ksolve::syntax::ast::AssignOp;

const DEFAULT_TREE: &str = "/var/tmp/ksolve-trees/linux-source-6.12";

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let print_env = args.iter().any(|a| a == "--env");
    args.retain(|a| a != "--env");
    let tree = PathBuf::from(args.first().cloned().unwrap_or_else(|| DEFAULT_TREE.into()));
    anyhow::ensure!(
        tree.join("scripts/Kconfig.include").is_file(),
        "{}: not a kernel tree",
        tree.display()
    );
    if print_env {
        // `--env`: the exported variables, one NAME=VALUE a line, to diff
        // against `env` run from a recipe of the tree's own Makefile.
        let env = KernelEnv::detect(
            &tree,
            &KernelOptions::from_process(None),
            &probes(&tree, ProbeCache::Disabled)?,
        )?;
        for (k, v) in env.vars() {
            println!("{k}={v}");
        }
        return Ok(());
    }
    let files = kconfig_files(&tree)?;

    let replay = tempfile::NamedTempFile::new()?;
    let started = Instant::now();
    let (pp, references) = expand_tree(&tree, &files, None)?;
    let sequential = started.elapsed();
    pp.probes().save(replay.path())?;
    let commands: Vec<String> = serde_json::from_str::<std::collections::BTreeMap<String, String>>(
        &std::fs::read_to_string(replay.path())?,
    )?
    .into_keys()
    .collect();

    let started = Instant::now();
    let fresh = probes(&tree, ProbeCache::Disabled)?;
    fresh.prefetch(&commands, pp.env())?;
    let prefetch = started.elapsed();
    let (again, _) = expand_tree(&tree, &files, Some(Arc::new(fresh)))?;
    let parallel = started.elapsed();

    report(&pp, references, commands.len(), files.len());
    println!(
        "sequential: {:.2} s ({} live probes)",
        sequential.as_secs_f64(),
        pp.probes().stats().live
    );
    println!(
        "prefetched in parallel ({} threads): {:.2} s prefetch, {:.2} s total ({} live probes in the second expansion)",
        rayon::current_num_threads(),
        prefetch.as_secs_f64(),
        parallel.as_secs_f64(),
        again.probes().stats().live
    );
    Ok(())
}

fn probes(tree: &Path, cache: ProbeCache) -> anyhow::Result<Probes> {
    Ok(Probes::new(ProbeOptions {
        dir: tree.to_owned(),
        cache,
        replay: None,
    })?)
}

/// Defines Kconfig.include, then expands every reference of every file.
/// Returns the preprocessor and the number of references expanded.
fn expand_tree(
    tree: &Path,
    files: &[PathBuf],
    probes_in: Option<Arc<Probes>>,
) -> anyhow::Result<(Preprocessor, usize)> {
    let probes = match probes_in {
        Some(p) => p,
        None => Arc::new(probes(tree, ProbeCache::Disabled)?),
    };
    let env = KernelEnv::detect(tree, &KernelOptions::from_process(None), &probes)?;
    let mut pp = Preprocessor::new(env, probes);
    define_include(&mut pp, tree)?;
    let mut count = 0;
    for file in files {
        let name = file.strip_prefix(tree)?.display().to_string();
        let text = std::fs::read_to_string(file)?;
        for (i, line) in text.lines().enumerate() {
            if !is_property_line(line) {
                continue;
            }
            for reference in references(line) {
                pp.expand_word(
                    reference,
                    Location {
                        file: &name,
                        line: i as u32 + 1,
                    },
                )?;
                count += 1;
            }
        }
    }
    Ok((pp, count))
}

fn define_include(pp: &mut Preprocessor, tree: &Path) -> anyhow::Result<()> {
    let file = "scripts/Kconfig.include";
    let text = std::fs::read_to_string(tree.join(file))?;
    for (i, line) in text.lines().enumerate() {
        let at = Location {
            file,
            line: i as u32 + 1,
        };
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        match assignment(line) {
            Some((name, op, value)) => pp.assign(name, op, value, at)?,
            None => {
                pp.expand_word(line.trim(), at)?;
            }
        }
    }
    Ok(())
}

fn assignment(line: &str) -> Option<(&str, AssignOp, &str)> {
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    let (name, rest) = line.split_at(end);
    let rest = rest.trim_start();
    let (op, value) = if let Some(v) = rest.strip_prefix(":=") {
        (AssignOp::Simple, v)
    } else if let Some(v) = rest.strip_prefix("+=") {
        (AssignOp::Append, v)
    } else {
        (AssignOp::Recursive, rest.strip_prefix('=')?)
    };
    (!name.is_empty()).then_some((name, op, value.trim_start()))
}

const PROPERTY_WORDS: &[&str] = &[
    "default",
    "def_bool",
    "def_tristate",
    "depends",
    "bool",
    "tristate",
    "string",
    "int",
    "hex",
    "prompt",
    "select",
    "imply",
    "range",
    "visible",
    "if",
    "source",
    "mainmenu",
    "menu",
    "comment",
];

fn is_property_line(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    line.contains("$(") && (PROPERTY_WORDS.contains(&first) || first.starts_with("$("))
}

/// The top-level `$(...)` references of a line.
fn references(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("$(") {
        let mut nest = 0;
        let body = &rest[start + 2..];
        let Some(end) = body.char_indices().find_map(|(i, c)| match c {
            '(' => {
                nest += 1;
                None
            }
            ')' if nest == 0 => Some(i),
            ')' => {
                nest -= 1;
                None
            }
            _ => None,
        }) else {
            break;
        };
        out.push(&rest[start..start + 2 + end + 1]);
        rest = &body[end + 1..];
    }
    out
}

fn kconfig_files(tree: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![tree.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            let rel = path.strip_prefix(tree)?.to_string_lossy().into_owned();
            let skipped = rel == "Documentation"
                || rel == "scripts/kconfig/tests"
                || rel == "tools"
                || (rel.starts_with("arch/") && rel.matches('/').count() == 1 && rel != "arch/x86");
            if skipped {
                continue;
            }
            if path.is_dir() {
                dirs.push(path);
            } else if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("Kconfig"))
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn report(pp: &Preprocessor, references: usize, commands: usize, files: usize) {
    let env = pp.env().vars();
    for name in [
        "ARCH",
        "SRCARCH",
        "CC",
        "LD",
        "KERNELVERSION",
        "CC_VERSION_TEXT",
        "RUSTC_VERSION_TEXT",
    ] {
        println!("{name}={}", env.get(name).map_or("(unset)", |v| v.as_str()));
    }
    for name in [
        "cc-name",
        "cc-version",
        "ld-name",
        "ld-version",
        "m32-flag",
        "m64-flag",
        "rustc-version",
    ] {
        println!("{name} = {}", pp.variable(name).unwrap_or("(undefined)"));
    }
    println!("{files} Kconfig files, {references} references expanded, {commands} distinct shell commands");
    for d in pp.diagnostics() {
        println!("diagnostic: {d}");
    }
    let used: Vec<_> = pp.env_used().iter().map(|(k, _)| k.as_str()).collect();
    println!("environment used: {}", used.join(" "));
}
