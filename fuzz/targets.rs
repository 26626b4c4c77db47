//! The fuzz targets' bodies, shared by the cargo-fuzz crate
//! (`fuzz/fuzz_targets/*.rs`, needs nightly) and the stable-toolchain
//! driver `scripts/tools/fuzz_smoke.rs`. Each takes arbitrary bytes and must
//! return without panicking, overflowing the stack or running away.
//!
//! No target may run a command: inputs that mention `shell` are skipped, so
//! `$(shell,...)` from fuzzed text never reaches `/bin/sh`.

#![allow(dead_code)]

use ksolve::macros::{KernelEnv, Location, Preprocessor, ProbeCache, ProbeOptions, Probes};
use ksolve::syntax::ast::FileId;
use ksolve::{config, ConfigFile, LoadOptions, Semantics, Tree};
use std::sync::Arc;

/// Bytes as the tree reader decodes them (Latin-1 for non-UTF-8).
fn text(data: &[u8]) -> String {
    match std::str::from_utf8(data) {
        Ok(t) => t.to_string(),
        Err(_) => data.iter().map(|&b| b as char).collect(),
    }
}

fn runs_commands(data: &[u8]) -> bool {
    data.windows(5).any(|w| w == b"shell")
}

/// The Kconfig parser: any text parses or yields an error that renders.
pub fn parse(data: &[u8]) {
    let text = text(data);
    if let Err(e) = ksolve::syntax::parse_file(&text, FileId::new(0)) {
        let _ = e.render("Kconfig", &text);
    }
}

/// The macro expander: the first line is assignments and references
/// written as a Kconfig file would, expanded both as a word and quoted.
pub fn expand(data: &[u8]) {
    if runs_commands(data) {
        return;
    }
    let text = text(data);
    let dir = std::env::temp_dir();
    let Ok(probes) = Probes::new(ProbeOptions {
        dir: dir.clone(),
        cache: ProbeCache::Disabled,
        replay: None,
    }) else {
        return;
    };
    let env = KernelEnv::from_vars(&dir, Default::default(), Default::default());
    let mut pp = Preprocessor::new(env, Arc::new(probes));
    let at = Location {
        file: "Kconfig",
        line: 1,
    };
    for line in text.lines() {
        if let Some((name, value)) = line.split_once('=') {
            let op = ksolve::syntax::ast::AssignOp::Recursive;
            let _ = pp.assign(name.trim(), op, value, at);
        } else {
            let _ = pp.expand_word(line, at);
            let _ = pp.expand_quoted(line, at);
        }
    }
}

/// Load `kconfig` as a one-file tree; `None` if it does not load.
fn load(kconfig: &[u8]) -> Option<(tempfile::TempDir, Tree)> {
    if runs_commands(kconfig) {
        return None;
    }
    let dir = tempfile::tempdir().ok()?;
    std::fs::write(dir.path().join("Kconfig"), kconfig).ok()?;
    let mut opts = LoadOptions::new(dir.path());
    opts.semantics = Some(Semantics::Modern);
    opts.probe_cache = false;
    opts.env = Some(Vec::new());
    let tree = Tree::load(&opts).ok()?;
    Some((dir, tree))
}

/// The evaluator: a model built from fuzzed Kconfig text, evaluated with
/// no user values, then re-read: olddefconfig must be idempotent.
pub fn evaluate(data: &[u8]) {
    let Some((_dir, tree)) = load(data) else {
        return;
    };
    let first = config::olddefconfig(&tree.model, &[]).text;
    let again = ConfigFile::parse(&first, ".config");
    let second = config::olddefconfig(&tree.model, &config::merge([&again])).text;
    assert_eq!(first, second, "olddefconfig is not idempotent");
}

const MODEL: &str = "config MODULES\n\tbool \"m\"\n\tmodules\n\tdefault y\n\
config A\n\ttristate \"a\"\n\tselect B\nconfig B\n\tbool \"b\"\n\tdepends on C || !A\n\
config C\n\tbool \"c\"\nconfig N\n\tint \"n\"\n\trange 1 10\nconfig H\n\thex \"h\"\n\
config S\n\tstring \"s\"\nchoice\n\tprompt \"ch\"\nconfig X\n\tbool \"x\"\nconfig Y\n\tbool \"y\"\nendchoice\n";

thread_local! {
    static FIXED: Option<(tempfile::TempDir, Tree)> = load(MODEL.as_bytes());
}

/// The .config and fragment reader: the bytes read as a base and as a
/// fragment, merged and evaluated on a small fixed model.
pub fn config_reader(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (base, frag) = text.split_at(text.find("\n\n").unwrap_or(text.len()));
    let base = ConfigFile::parse(base, ".config");
    let frag = ConfigFile::parse(frag, "frag.config");
    FIXED.with(|fixed| {
        let (_, tree) = fixed.as_ref().expect("the fixed model loads");
        let _ = config::olddefconfig(&tree.model, &config::merge([&base, &frag]));
    });
}

/// A fuzz target: it takes the raw input bytes.
pub type Target = fn(&[u8]);

/// Every target, by name.
pub const TARGETS: &[(&str, Target)] = &[
    ("parse", parse),
    ("expand", expand),
    ("evaluate", evaluate),
    ("config_reader", config_reader),
];
