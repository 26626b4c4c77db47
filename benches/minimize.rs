//! `minimize` end to end as the command runs it (load, olddefconfig of the
//! target, the per-symbol test, the verifying evaluation), on the bundled
//! example always and, when `KSOLVE_BENCH_TREE` names a real tree with
//! `KSOLVE_BENCH_CONFIG` as the base:
//! * seed: TARGET = the base plus `KSOLVE_BENCH_FRAGMENT` through
//!   olddefconfig (the validator fragment: issue 17's < 1 s case);
//! * distribution: BASE = `KSOLVE_BENCH_DISTRO_BASE` (Debian's amd64
//!   config), TARGET = `KSOLVE_BENCH_CONFIG` (issue 17's < 10 s case).

use criterion::{criterion_group, criterion_main, Criterion};
use ksolve::minimize::{minimize, MinimizeOptions};
use ksolve::{config, ConfigFile, LoadOptions, Tree};
use std::path::Path;

mod common;

fn read(p: &Path) -> ConfigFile {
    ConfigFile::read(p).expect("config reads")
}

/// Load the tree and minimize `base` -> `target`; the answer's size.
fn run(opts: &LoadOptions, base: &ConfigFile, target: &ConfigFile) -> usize {
    let tree = Tree::load(opts).expect("tree loads");
    let m = minimize(&tree.model, base, target, MinimizeOptions::default());
    assert!(m.verified);
    m.lines.len()
}

/// The olddefconfig of `base` plus `fragment`, as a config file.
fn target_of(opts: &LoadOptions, base: &ConfigFile, fragment: &ConfigFile) -> ConfigFile {
    let tree = Tree::load(opts).expect("tree loads");
    let text = config::olddefconfig(&tree.model, &config::merge([base, fragment])).text;
    ConfigFile::parse(&text, "target")
}

fn bench(c: &mut Criterion) {
    let opts = common::example();
    let base = read(&opts.tree.join("base.config"));
    let target = target_of(&opts, &base, &read(&opts.tree.join("fragment.config")));
    c.bench_function("example: load + minimize", |b| {
        b.iter(|| run(&opts, &base, &target))
    });
    let Some((opts, base_path)) = common::real_tree() else {
        return;
    };
    let base = read(&base_path);
    let mut group = c.benchmark_group("real tree");
    group.sample_size(10);
    if let Ok(frag) = std::env::var("KSOLVE_BENCH_FRAGMENT") {
        let target = target_of(&opts, &base, &read(Path::new(&frag)));
        group.bench_function("seed: load + minimize", |b| {
            b.iter(|| run(&opts, &base, &target))
        });
    }
    if let Ok(distro) = std::env::var("KSOLVE_BENCH_DISTRO_BASE") {
        let distro = read(Path::new(&distro));
        group.bench_function("distribution: load + minimize", |b| {
            b.iter(|| run(&opts, &distro, &base))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
