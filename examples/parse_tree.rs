//! Parse every file named `Kconfig*` under a directory and report errors.
//!
//! ```text
//! cargo run --release --example parse_tree -- /path/to/linux
//! ```
//! Prints each error rendered with its source line, then `N files, M errors`
//! and the time spent parsing (reading files excluded).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ksolve::syntax::{ast::FileId, parse_file};

fn main() {
    let Some(root) = std::env::args_os().nth(1) else {
        eprintln!("usage: parse_tree DIR");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    collect(Path::new(&root), &mut files);
    files.sort();
    let mut errors = 0;
    let mut elapsed = Duration::ZERO;
    for (index, path) in files.iter().enumerate() {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("{}: {err}", path.display());
                errors += 1;
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let start = Instant::now();
        let result = parse_file(&text, FileId(index as u32));
        elapsed += start.elapsed();
        if let Err(err) = result {
            errors += 1;
            print!("{}", err.render(&path.display().to_string(), &text));
        }
    }
    println!("{} files, {errors} errors, parsed in {:.1} ms", files.len(), elapsed.as_secs_f64() * 1e3);
}

/// Every regular file named `Kconfig*` under `dir`, not following symlinks.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let path = entry.path();
        if kind.is_dir() {
            collect(&path, out);
        } else if kind.is_file() && entry.file_name().to_string_lossy().starts_with("Kconfig") {
            out.push(path);
        }
    }
}
