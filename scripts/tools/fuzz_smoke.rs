//! A stable-toolchain fuzz driver for the targets in `fuzz/targets.rs`
//! (cargo-fuzz needs nightly): mutates seeds from `kernel-fixtures/` and
//! the fuzz corpora with byte flips, token insertions, splices and
//! repetitions, for a bounded time per target.
//!
//! `cargo run --release --example fuzz_smoke -- [SECONDS] [TARGET...]`
//!
//! The input about to run is written to `fuzz/artifacts/TARGET/last` so that
//! an abort (a stack overflow cannot be caught) leaves it behind; an input
//! that panics is saved as `fuzz/artifacts/TARGET/crash-N` and the driver
//! exits 1 at the end.

#[path = "../../fuzz/targets.rs"]
mod targets;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Fragments that make mutations reach deeper than random bytes.
const TOKENS: &[&str] = &[
    "config ",
    "menuconfig ",
    "choice\n",
    "endchoice\n",
    "menu \"m\"\n",
    "endmenu\n",
    "if ",
    "endif\n",
    "\tbool \"b\"\n",
    "\ttristate \"t\"\n",
    "\tint\n",
    "\thex\n",
    "\tstring\n",
    "\tdefault ",
    "\tdepends on ",
    "\tselect ",
    "\timply ",
    "\trange 0 9\n",
    "\thelp\n\t  text\n",
    "\tdef_bool y\n",
    "\tmodules\n",
    "source \"Kconfig\"\n",
    "rsource \"x\"\n",
    "$(",
    ")",
    "$(info,",
    "$(warning-if,y,",
    "$(error-if,",
    "$(if,",
    "$(filter,",
    "$(1)",
    "X = ",
    "X := ",
    "X += ",
    "&&",
    "||",
    "!",
    "(",
    ")",
    "=",
    "!=",
    "<=",
    "\"",
    "'",
    "\\\n",
    "\t",
    "\n",
    " if ",
    "y",
    "m",
    "n",
    "0x",
    "-",
    "CONFIG_",
    "# CONFIG_",
    " is not set\n",
    "=y\n",
    "=m\n",
    "=\"s\"\n",
    "\u{e9}",
    "\r\n",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(input.len() + 1);
        match rng.below(6) {
            0 if !input.is_empty() => {
                let i = at.min(input.len() - 1);
                input[i] ^= 1 << rng.below(8);
            }
            1 => input
                .splice(at..at, TOKENS[rng.below(TOKENS.len())].bytes())
                .for_each(drop),
            2 if !input.is_empty() => {
                let end = (at + rng.below(64)).min(input.len());
                input.drain(at..end);
            }
            3 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                let end = (from + rng.below(256)).min(other.len());
                input
                    .splice(at..at, other[from..end].iter().copied())
                    .for_each(drop);
            }
            4 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                let times = 1 + rng.below(2000);
                input
                    .splice(at..at, token.repeat(times).into_bytes())
                    .for_each(drop);
            }
            _ => input.insert(at, rng.next() as u8),
        }
    }
    input.truncate(1 << 20);
}

fn seeds(root: &Path, target: &str) -> Vec<Vec<u8>> {
    let mut out = vec![Vec::new()];
    let mut dirs = vec![
        root.join("kernel-fixtures"),
        root.join("fuzz/corpus").join(target),
    ];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                out.push(bytes);
            }
        }
    }
    out
}

fn run(root: &Path, name: &str, target: fn(&[u8]), budget: Duration) -> usize {
    let artifacts: PathBuf = root.join("fuzz/artifacts").join(name);
    let _ = std::fs::create_dir_all(&artifacts);
    let seeds = seeds(root, name);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ budget.as_nanos() as u64 ^ std::process::id() as u64);
    let (started, mut runs, mut crashes) = (Instant::now(), 0usize, 0usize);
    while started.elapsed() < budget {
        let mut input = seeds[rng.below(seeds.len())].clone();
        mutate(&mut rng, &seeds, &mut input);
        let _ = std::fs::write(artifacts.join("last"), &input);
        let t = Instant::now();
        if std::panic::catch_unwind(|| target(&input)).is_err() {
            let _ = std::fs::write(artifacts.join(format!("crash-{crashes}")), &input);
            crashes += 1;
        }
        if t.elapsed() > Duration::from_secs(2) {
            let _ = std::fs::write(artifacts.join(format!("slow-{runs}")), &input);
            eprintln!("{name}: slow input ({:?}) saved", t.elapsed());
        }
        runs += 1;
    }
    let _ = std::fs::remove_file(artifacts.join("last"));
    eprintln!("{name}: {runs} runs, {crashes} crashes");
    crashes
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(10);
    let wanted: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::panic::set_hook(Box::new(|info| eprintln!("panic: {info}")));
    let mut crashes = 0;
    for &(name, target) in targets::TARGETS {
        if wanted.is_empty() || wanted.contains(&name) {
            crashes += run(root, name, target, Duration::from_secs(seconds));
        }
    }
    std::process::exit(i32::from(crashes > 0));
}
