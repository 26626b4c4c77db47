//! What `make modules_install` left in `/lib/modules/RELEASE`: the builtin
//! modules (`modules.builtin`, one `kernel/DIR/NAME.ko` path a line, and
//! `modules.builtin.modinfo`, NUL-separated `NAME.KEY=VALUE` records, both
//! written by scripts/Makefile.modinst and scripts/Makefile.vmlinux_o), the
//! module files under `kernel/`, `updates/` and `extra/` (`.ko`, `.ko.gz`,
//! `.ko.xz`, `.ko.zst`), and `build/.config` when the build link resolves.
//! Everything here is input: sizes and the walk's depth are bounded, and a
//! damaged line is skipped, never trusted.

use crate::config::ConfigFile;
use crate::error::Error;
use crate::kbuild::normalize_module_name;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};

/// Largest index file read (the real ones are a few hundred kB).
const MAX_INDEX: u64 = 64 << 20;
/// Deepest directory below `kernel/` the walk enters.
const MAX_DEPTH: usize = 16;
const MODULE_SUFFIXES: [&str; 4] = [".ko", ".ko.gz", ".ko.xz", ".ko.zst"];

/// One installed kernel's modules.
#[derive(Debug, Default)]
pub struct Installed {
    pub dir: PathBuf,
    /// Builtin module names (`-` as `_`), from `modules.builtin`.
    pub builtin: FxHashSet<String>,
    /// Builtin names seen only in `modules.builtin.modinfo`.
    pub builtin_modinfo: FxHashSet<String>,
    /// Module name -> the file, relative to `dir`.
    pub modules: FxHashMap<String, String>,
    /// `build/.config`, when present.
    pub config: Option<ConfigFile>,
    /// No `modules.builtin` was found.
    pub no_builtin_index: bool,
}

/// Read the modules directory `dir`; the built config is `config` if
/// given, else `dir/build/.config` when it exists.
pub fn read(dir: &Path, config: Option<&Path>) -> Result<Installed, Error> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{}: not a directory (give /lib/modules/RELEASE, as make modules_install fills it)",
            dir.display()
        )));
    }
    let mut out = Installed {
        dir: dir.to_path_buf(),
        ..Installed::default()
    };
    match read_index(&dir.join("modules.builtin"))? {
        Some(text) => out.builtin = builtin_names(&text),
        None => out.no_builtin_index = true,
    }
    if let Some(text) = read_index(&dir.join("modules.builtin.modinfo"))? {
        out.builtin_modinfo = modinfo_names(&text)
            .into_iter()
            .filter(|n| !out.builtin.contains(n))
            .collect();
    }
    for top in ["kernel", "updates", "extra"] {
        walk(dir, &dir.join(top), 0, &mut out.modules)?;
    }
    let default = dir.join("build/.config");
    match config {
        Some(c) => out.config = Some(ConfigFile::read(c)?),
        None if default.is_file() => out.config = Some(ConfigFile::read(&default)?),
        None => {}
    }
    Ok(out)
}

/// A file's text, `None` when it does not exist; refused past `MAX_INDEX`.
fn read_index(path: &Path) -> Result<Option<String>, Error> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    if meta.len() > MAX_INDEX {
        return Err(Error::Usage(format!(
            "{}: {} bytes; more than an index of modules can be ({MAX_INDEX})",
            path.display(),
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// The module names of `modules.builtin`: the file name of each path,
/// without `.ko`.
pub fn builtin_names(text: &str) -> FxHashSet<String> {
    text.lines().filter_map(|l| module_name(l.trim())).collect()
}

/// The module names of `modules.builtin.modinfo`'s `NAME.file=PATH`
/// records: builtin code that is no module (`microcode.parm=...`) has
/// parameters there but no `file`.
pub fn modinfo_names(text: &str) -> FxHashSet<String> {
    text.split('\0')
        .filter_map(|rec| {
            let (name, rest) = rec.split_once('.')?;
            let valid = !name.is_empty()
                && rest.starts_with("file=")
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            valid.then(|| normalize_module_name(name))
        })
        .collect()
}

/// `kernel/drivers/net/ethernet/intel/ixgbe/ixgbe.ko.xz` -> `ixgbe`.
fn module_name(path: &str) -> Option<String> {
    let file = path.rsplit('/').next()?;
    let stem = MODULE_SUFFIXES.iter().find_map(|s| file.strip_suffix(s))?;
    (!stem.is_empty()).then(|| normalize_module_name(stem))
}

fn walk(
    root: &Path,
    dir: &Path,
    depth: usize,
    out: &mut FxHashMap<String, String>,
) -> Result<(), Error> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let ty = entry.file_type().map_err(|e| Error::io(&entry.path(), e))?;
        let path = entry.path();
        if ty.is_dir() {
            walk(root, &path, depth + 1, out)?;
        } else if let Some(name) = module_name(&entry.file_name().to_string_lossy()) {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.entry(name).or_insert_with(|| rel.display().to_string());
        }
    }
    Ok(())
}
