//! `solve` after the tree is loaded: on the bundled example (always) and on
//! a real kernel tree when `KSOLVE_BENCH_TREE` names one (with
//! `KSOLVE_BENCH_CONFIG` as the base config). The requests are the seed's
//! validator case: IXGBE builtin.

use criterion::{criterion_group, criterion_main, Criterion};
use ksolve::solve::{self, command_line, Request};
use ksolve::{config, Assignment, ConfigFile, LoadOptions, Tree};
use std::path::Path;

mod common;

fn run(tree: &Tree, base: &[Assignment], requests: &[&str]) -> usize {
    let reqs = requests
        .iter()
        .enumerate()
        .map(|(i, r)| Request::parse(&tree.model, r, command_line(i)).unwrap())
        .collect();
    match solve::solve(&tree.model, base, reqs) {
        Ok(sol) => sol.lines.len(),
        Err(_) => 0,
    }
}

fn bench_tree(c: &mut Criterion, label: &str, opts: &LoadOptions, base: &Path) {
    let tree = Tree::load(opts).expect("tree loads");
    let base = config::merge([&ConfigFile::read(base).expect("config reads")]);
    let mut group = c.benchmark_group(label);
    group.sample_size(20);
    group.bench_function("solve IXGBE=y", |b| {
        b.iter(|| run(&tree, &base, &["IXGBE=y"]))
    });
    group.bench_function("solve IXGBE=y DCA=y INTEL_IOATDMA=n (conflict)", |b| {
        b.iter(|| run(&tree, &base, &["IXGBE=y", "DCA=y", "INTEL_IOATDMA=n"]))
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    let opts = common::example();
    bench_tree(c, "example", &opts, &opts.tree.join("base.config"));
    if let Some((opts, base)) = common::real_tree() {
        bench_tree(c, "real tree", &opts, &base);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
