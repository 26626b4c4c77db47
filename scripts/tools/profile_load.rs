//! Where a warm olddefconfig spends its time, phase by phase, and what the
//! model's parts take in memory:
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
        tree.model.files.len(),
        tree.model.symbols.len(),
        t2 - t1,
        t3 - t2,
        r.text.len()
    );
    sizes(&tree.model);
    ksolve::wait_for_writes();
}

/// The model's parts, counted and sized (structs plus what they own on the
/// heap, without the allocator's overhead).
fn sizes(m: &ksolve::Model) {
    use std::mem::size_of;
    let vec = |len: usize, each: usize| len * each;
    let string = |s: &Option<String>| s.as_ref().map_or(0, |s| s.capacity());
    let symbols: usize = m
        .symbols
        .iter()
        .map(|s| {
            string(&s.name)
                + vec(s.props.capacity(), 4)
                + vec(s.menus.capacity(), 4)
                + vec(s.members.capacity(), 4)
        })
        .sum::<usize>()
        + vec(m.symbols.len(), size_of::<ksolve::model::Symbol>());
    let props: usize = m.props.iter().map(|p| string(&p.text)).sum::<usize>()
        + vec(m.props.len(), size_of::<ksolve::model::Property>());
    let help: usize = m.menus.iter().map(|n| string(&n.help)).sum();
    let menus: usize = m
        .menus
        .iter()
        .map(|n| vec(n.children.capacity(), 4))
        .sum::<usize>()
        + vec(m.menus.len(), size_of::<ksolve::model::MenuNode>());
    eprintln!(
        "symbols {} ({} kB), properties {} ({} kB), menus {} ({} kB + help {} kB), expressions {} ({} kB), graph edges {}",
        m.symbols.len(), symbols >> 10,
        m.props.len(), props >> 10,
        m.menus.len(), menus >> 10, help >> 10,
        m.exprs.len(), (m.exprs.len() * size_of::<ksolve::model::Expr>()) >> 10,
        m.graph().edge_count(),
    );
}
