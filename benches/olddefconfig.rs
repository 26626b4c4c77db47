//! Load + olddefconfig + write, on the bundled example (always) and on a
//! real kernel tree when `KSOLVE_BENCH_TREE` names one (with
//! `KSOLVE_BENCH_CONFIG` as the base config), two ways:
//! * warm: from the on-disk caches (probe results, parsed files and the
//!   stored model), as a second run does; the first iteration fills them;
//! * no caches (`LoadOptions::probe_cache` off): every file parsed and
//!   lowered, every probe run (the example has none).

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
    let uncached = LoadOptions {
        probe_cache: false,
        ..opts.clone()
    };
    c.bench_function(
        "example: parse + lower + olddefconfig + write (no caches)",
        |b| b.iter(|| run(&uncached, &configs)),
    );
    if let Some((opts, base)) = common::real_tree() {
        let configs = [base];
        let mut group = c.benchmark_group("real tree");
        group.sample_size(20);
        group.bench_function("load + olddefconfig + write", |b| {
            b.iter(|| run(&opts, &configs))
        });
        let uncached = LoadOptions {
            probe_cache: false,
            ..opts.clone()
        };
        group.sample_size(10);
        group.bench_function("parse + lower + olddefconfig + write (no caches)", |b| {
            b.iter(|| run(&uncached, &configs))
        });
        group.sample_size(20);
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
