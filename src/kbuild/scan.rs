//! Finding and reading every Kbuild Makefile of a tree, in parallel.
//!
//! streamline_config runs `find $srctree -name Makefile -or -name Kbuild`:
//! every directory (hidden ones, `tools/`, other architectures included),
//! symbolic links not followed, unreadable directories skipped. The order
//! does not matter to its result; ours is sorted so the map is stable.

use super::makefile::{obj_lines, MakefileSyntax, ObjLine};
use crate::error::Error;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A Makefile's `obj-$(CONFIG_...)` lines, with its path relative to the
/// tree.
#[derive(Debug)]
pub struct ScannedMakefile {
    pub path: String,
    pub lines: Vec<ObjLine>,
}

/// Read every `Makefile` and `Kbuild` under `root`.
pub fn scan_tree(root: &Path, syntax: MakefileSyntax) -> Result<Vec<ScannedMakefile>, Error> {
    let mut files = find_makefiles(root);
    files.sort();
    files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let text = String::from_utf8_lossy(&bytes);
            let rel = path
                .strip_prefix(root)
                .unwrap_or(path)
                .to_string_lossy()
                .into_owned();
            Ok(ScannedMakefile {
                path: rel,
                lines: obj_lines(&text, syntax),
            })
        })
        .collect()
}

/// Every `Makefile` and `Kbuild` under `root`, sorted.
pub fn makefiles(root: &Path) -> Vec<PathBuf> {
    let mut files = find_makefiles(root);
    files.sort();
    files
}

/// `find DIR -name Makefile -or -name Kbuild`, minus directories of that
/// name (streamline_config reads nothing from those).
fn find_makefiles(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut subdirs = Vec::new();
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            subdirs.push(entry.path());
        } else if matches!(entry.file_name().to_str(), Some("Makefile" | "Kbuild")) {
            found.push(entry.path());
        }
    }
    let nested: Vec<PathBuf> = subdirs
        .par_iter()
        .flat_map_iter(|d| find_makefiles(d))
        .collect();
    found.extend(nested);
    found
}
