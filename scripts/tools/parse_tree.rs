//! Parse every file named `Kconfig*` under a directory and report errors.
//!
//! ```text
//! cargo run --release --example parse_tree -- /path/to/linux
//! ```
//! Prints each error rendered with its source line, then `N files, M errors`
//! and the time spent parsing (reading files excluded): wall-clock time and,
//! on Linux, this thread's CPU time (steadier on a busy machine). Set
//! `PARSE_REPEAT=N` to parse everything N times (for profiling); the times
//! printed are then per round.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ksolve::syntax::ast::{File, FileId, PropertyKind, Statement};
use ksolve::syntax::parse_file;

fn main() {
    let Some(root) = std::env::args_os().nth(1) else {
        eprintln!("usage: parse_tree DIR");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    collect(Path::new(&root), &mut files);
    files.sort();
    let texts: Vec<(PathBuf, String)> = files
        .into_iter()
        .filter_map(|path| match std::fs::read(&path) {
            Ok(bytes) => Some((path, String::from_utf8_lossy(&bytes).into_owned())),
            Err(err) => {
                eprintln!("{}: {err}", path.display());
                None
            }
        })
        .collect();
    let rounds: u32 = std::env::var("PARSE_REPEAT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
        .max(1);
    let mut errors = 0;
    let mut counts = Counts::default();
    let (wall, cpu) = (Instant::now(), thread_cpu_ns());
    for round in 0..rounds {
        for (index, (path, text)) in texts.iter().enumerate() {
            match parse_file(text, FileId::new(index as u32)) {
                Ok(file) if round == 0 => counts.file(&file),
                Err(err) if round == 0 => {
                    errors += 1;
                    print!("{}", err.render(&path.display().to_string(), text));
                }
                _ => {}
            }
        }
    }
    println!(
        "{} config/menuconfig, {} menu, {} choice, {} if, {} source, {} help texts",
        counts.configs, counts.menus, counts.choices, counts.ifs, counts.sources, counts.helps
    );
    let wall = wall.elapsed() / rounds;
    let bytes: usize = texts.iter().map(|(_, text)| text.len()).sum();
    print!(
        "{} files ({:.1} MB), {errors} errors, parsed in {:.1} ms",
        texts.len(),
        bytes as f64 / 1e6,
        ms(wall)
    );
    match (cpu, thread_cpu_ns()) {
        (Some(start), Some(end)) => println!(
            " ({:.1} ms CPU)",
            (end - start) as f64 / 1e6 / f64::from(rounds)
        ),
        _ => println!(),
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// CPU time of this thread in nanoseconds (Linux `schedstat`).
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Every regular file named `Kconfig*` under `dir`, not following symlinks.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() {
            collect(&path, out);
        } else if kind.is_file() && entry.file_name().to_string_lossy().starts_with("Kconfig") {
            out.push(path);
        }
    }
}

/// How many of each statement were parsed, to compare with `grep -c`.
#[derive(Default)]
struct Counts {
    configs: usize,
    menus: usize,
    choices: usize,
    ifs: usize,
    sources: usize,
    helps: usize,
}

impl Counts {
    fn file(&mut self, file: &File) {
        self.statements(&file.statements);
    }

    fn statements(&mut self, statements: &[Statement]) {
        for statement in statements {
            match statement {
                Statement::Config { properties, .. } => {
                    self.configs += 1;
                    self.helps += properties
                        .iter()
                        .filter(|p| matches!(p.kind, PropertyKind::Help(_)))
                        .count();
                }
                Statement::Menu { body, .. } => {
                    self.menus += 1;
                    self.statements(body);
                }
                Statement::Choice {
                    body, properties, ..
                } => {
                    self.choices += 1;
                    self.helps += properties
                        .iter()
                        .filter(|p| matches!(p.kind, PropertyKind::Help(_)))
                        .count();
                    self.statements(body);
                }
                Statement::If { body, .. } => {
                    self.ifs += 1;
                    self.statements(body);
                }
                Statement::Source { .. } => self.sources += 1,
                _ => {}
            }
        }
    }
}
