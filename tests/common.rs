//! Helpers shared by the integration tests.

use ksolve::{config, ConfigFile, LoadOptions, MenuEnds, Semantics, Tree};
use std::path::{Path, PathBuf};
use std::process::Command;

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
    opts.menu_ends = Some(fixture_menu_ends(dir));
    opts.probe_cache = false;
    opts.env = Some(fixture_env(dir));
    Tree::load(&opts)
}

/// The `# end of` rule of the fixture's `kernel` version (default 6.12).
pub fn fixture_menu_ends(dir: &Path) -> MenuEnds {
    let version = std::fs::read_to_string(dir.join("kernel")).unwrap_or_default();
    let mut fields = version.trim().split('.').map(|f| f.parse::<u32>().ok());
    match (fields.next().flatten(), fields.next().flatten()) {
        (Some(v), Some(p)) => MenuEnds::for_version(v, p),
        _ => MenuEnds::Every,
    }
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

/// Write `files` (name, contents) into a fresh tree.
pub fn tree_of(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The binary as the tests run it: no probe cache, and no `ARCH` from the
/// environment the tests run in.
pub fn ksolve() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ksolve"));
    cmd.arg("--no-probe-cache").env_remove("ARCH");
    cmd
}

/// Run `cmd` to its end: (exit status, stdout, stderr), the status -1
/// when a signal ended it.
pub fn finish(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("ksolve runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}
