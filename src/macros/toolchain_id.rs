//! What identifies the compiler whose `--version` gives `CC_VERSION_TEXT`
//! and `RUSTC_VERSION_TEXT`, so that those texts can be cached.
//!
//! They key every probe of the cache, so they used to run live on every
//! run: three processes (`uname`, `gcc --version`, `rustc --version`
//! through rustup's proxy), ≈ 45 ms of CPU on a warm run whose own work is
//! about as much. A version text only changes when the binary that prints
//! it does, so it is cached under the binary's identity:
//!
//! * the command word as `sh` resolves it in the tree (through `PATH`,
//!   empty or relative entries relative to the tree), its canonical path
//!   (so switching an `update-alternatives` or `/usr/bin/gcc-N` symlink
//!   changes it), and that file's size, modification and change times and
//!   inode (an upgraded package replaces the file);
//! * when that binary is rustup's proxy, whose identity says nothing about
//!   the toolchain it runs: the `RUSTUP_*`, `CARGO_HOME` and `HOME`
//!   variables, rustup's `settings.toml` (default toolchain and directory
//!   overrides), each installed toolchain's name and `bin/rustc` (an update
//!   replaces it), and any `rust-toolchain`/`rust-toolchain.toml` in the
//!   tree or a directory above it (rustup looks there from the probe's
//!   working directory).
//!
//! A command that is not a single plain word (`CC="ccache gcc"`) or that
//! cannot be found has no identity: it runs live, as before.

use std::path::{Path, PathBuf};

use super::kernel_env::KernelEnv;

/// The identity of `tool` (`gcc`, `rustc`, `/opt/clang/bin/clang`) as the
/// kernel environment `env` would run it, or `None` to run it live.
pub(crate) fn identity(tool: &str, env: &KernelEnv) -> Option<String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._+-/".contains(c);
    if tool.is_empty() || !tool.chars().all(plain) {
        return None;
    }
    let resolved = resolve(tool, env)?;
    let canonical = std::fs::canonicalize(&resolved).ok()?;
    let mut id = format!(
        "{}\n{}\n{}\n",
        resolved.display(),
        canonical.display(),
        stamp(&canonical)
    );
    let proxy = canonical
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("rustup"));
    if proxy {
        rustup_state(env, &mut id);
    }
    Some(id)
}

/// Where `sh -c TOOL` run in the tree finds TOOL.
fn resolve(tool: &str, env: &KernelEnv) -> Option<PathBuf> {
    let tree = env.tree();
    if tool.contains('/') {
        return Some(tree.join(tool)).filter(|p| executable(p));
    }
    let path = env.lookup("PATH")?;
    path.split(':')
        .map(|dir| {
            if dir.is_empty() {
                tree.to_owned()
            } else {
                tree.join(dir)
            }
        })
        .map(|dir| dir.join(tool))
        .find(|p| executable(p))
}

fn executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Size, times and inode of `path`, or `-` when it does not exist.
fn stamp(path: &Path) -> String {
    let Ok(meta) = std::fs::metadata(path) else {
        return "-".to_owned();
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (mt, mtn, ct, ctn) = (
            meta.mtime(),
            meta.mtime_nsec(),
            meta.ctime(),
            meta.ctime_nsec(),
        );
        format!(
            "{} {mt}.{mtn} {ct}.{ctn} {} {}",
            meta.size(),
            meta.ino(),
            meta.dev()
        )
    }
    #[cfg(not(unix))]
    {
        format!("{} {:?}", meta.len(), meta.modified().ok())
    }
}

/// What decides which toolchain rustup's proxy runs.
fn rustup_state(env: &KernelEnv, id: &mut String) {
    let mut vars: Vec<(&String, &String)> = env
        .inherited()
        .iter()
        .chain(env.vars())
        .filter(|(k, _)| k.starts_with("RUSTUP_") || *k == "CARGO_HOME" || *k == "HOME")
        .collect();
    vars.sort();
    for (k, _) in &vars {
        id.push_str(&format!("{k}={}\n", env.lookup(k).unwrap_or("")));
    }
    let home = match env.lookup("RUSTUP_HOME").filter(|h| !h.is_empty()) {
        Some(home) => PathBuf::from(home),
        None => Path::new(env.lookup("HOME").unwrap_or("")).join(".rustup"),
    };
    let settings = home.join("settings.toml");
    id.push_str(&format!("{} {}\n", settings.display(), stamp(&settings)));
    let mut toolchains: Vec<PathBuf> = std::fs::read_dir(home.join("toolchains"))
        .map(|dir| dir.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    toolchains.sort();
    for toolchain in toolchains {
        let rustc = toolchain.join("bin/rustc");
        id.push_str(&format!("{} {}\n", rustc.display(), stamp(&rustc)));
    }
    let tree = std::fs::canonicalize(env.tree()).unwrap_or_else(|_| env.tree().to_owned());
    for dir in tree.ancestors() {
        for name in ["rust-toolchain", "rust-toolchain.toml"] {
            let file = dir.join(name);
            id.push_str(&format!("{} {}\n", file.display(), stamp(&file)));
        }
    }
}
