//! Helpers shared by the integration tests.

use ksolve::{config, ConfigFile, LoadOptions, Semantics, Tree};
use std::path::{Path, PathBuf};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("kernel-fixtures")
}

/// The environment a fixture's `env` file gives conf (plus PATH).
pub fn fixture_env(dir: &Path) -> Vec<(String, String)> {
    let mut env = vec![(
        "PATH".to_string(),
        std::env::var("PATH").unwrap_or_default(),
    )];
    if let Ok(text) = std::fs::read_to_string(dir.join("env")) {
        for line in text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            if let Some((k, v)) = line.split_once('=') {
                env.push((k.trim().to_string(), v.to_string()));
            }
        }
    }
    env
}

/// Load a fixture tree with the given rules, no probe cache.
pub fn load_fixture(dir: &Path, semantics: Semantics) -> Result<Tree, ksolve::Error> {
    let mut opts = LoadOptions::new(dir);
    opts.semantics = Some(semantics);
    opts.probe_cache = false;
    opts.env = Some(fixture_env(dir));
    Tree::load(&opts)
}

/// `olddefconfig` on a fixture: base.config plus fragment.config if present.
pub fn olddefconfig_fixture(
    dir: &Path,
    semantics: Semantics,
    with_fragment: bool,
) -> Result<String, ksolve::Error> {
    let tree = load_fixture(dir, semantics)?;
    let mut files = vec![ConfigFile::read(&dir.join("base.config"))?];
    let frag = dir.join("fragment.config");
    if with_fragment && frag.is_file() {
        files.push(ConfigFile::read(&frag)?);
    }
    let merged = config::merge(&files);
    Ok(config::olddefconfig(&tree.model, &merged).text)
}
