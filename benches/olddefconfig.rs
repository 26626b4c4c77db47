//! Load + olddefconfig + write, on the bundled example (always) and on a
//! real kernel tree when `KSOLVE_BENCH_TREE` names one (with
//! `KSOLVE_BENCH_CONFIG` as the base config). Probe results come from the
//! on-disk cache, as in a warm run; the first iteration fills it.

use criterion::{criterion_group, criterion_main, Criterion};
use ksolve::{config, ConfigFile, LoadOptions, Tree};
use std::path::PathBuf;

mod common;

fn run(opts: &LoadOptions, configs: &[PathBuf]) -> usize {
    let tree = Tree::load(opts).expect("tree loads");
    let files: Vec<ConfigFile> = configs
        .iter()
        .map(|p| ConfigFile::read(p).expect("config reads"))
        .collect();
    let merged = config::merge(&files);
    config::olddefconfig(&tree.model, &merged).text.len()
}

fn bench(c: &mut Criterion) {
    let opts = common::example();
    let configs = [
        opts.tree.join("base.config"),
        opts.tree.join("fragment.config"),
    ];
    c.bench_function("example: load + olddefconfig + write", |b| {
        b.iter(|| run(&opts, &configs))
    });
    if let Some((opts, base)) = common::real_tree() {
        let configs = [base];
        let mut group = c.benchmark_group("real tree");
        group.sample_size(20);
        group.bench_function("load + olddefconfig + write", |b| {
            b.iter(|| run(&opts, &configs))
        });
        let tree = Tree::load(&opts).expect("tree loads");
        let files = [ConfigFile::read(&configs[0]).expect("config reads")];
        let merged = config::merge(&files);
        group.bench_function("olddefconfig + write (tree loaded)", |b| {
            b.iter(|| config::olddefconfig(&tree.model, &merged).text.len())
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
