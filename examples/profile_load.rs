//! Where a warm olddefconfig spends its time, phase by phase:
//! `cargo run --release --example profile_load -- TREE CONFIG`.

use ksolve::{config, ConfigFile, LoadOptions, Tree};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (tree, cfg) = (&args[1], &args[2]);
    let t0 = Instant::now();
    let tree = Tree::load(&LoadOptions::new(tree)).expect("tree loads");
    let t1 = Instant::now();
    let base = ConfigFile::read(std::path::Path::new(cfg)).expect("config reads");
    let merged = config::merge([&base]);
    let t2 = Instant::now();
    let r = config::olddefconfig(&tree.model, &merged);
    let t3 = Instant::now();
    eprintln!(
        "load {:?} (files {}, symbols {}), read {:?}, evaluate+write {:?} ({} bytes)",
        t1 - t0,
        tree.sources.names().len(),
        tree.model.symbols.len(),
        t2 - t1,
        t3 - t2,
        r.text.len()
    );
}
