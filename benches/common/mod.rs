//! The trees the benches run on: the bundled example always, and a real
//! kernel tree when `KSOLVE_BENCH_TREE` names one (with
//! `KSOLVE_BENCH_CONFIG` as its base config).

use ksolve::LoadOptions;
use std::path::{Path, PathBuf};

/// `kernel-fixtures/example`, loaded as for x86 on 6.12.7; its folder
/// (`opts.tree`) holds `base.config` and `fragment.config`.
pub fn example() -> LoadOptions {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("kernel-fixtures/example");
    let mut opts = LoadOptions::new(dir);
    opts.env = Some(vec![
        ("ARCH".into(), "x86".into()),
        ("SRCARCH".into(), "x86".into()),
        ("KERNELVERSION".into(), "6.12.7".into()),
    ]);
    // As the command line loads for olddefconfig.
    opts.help = false;
    opts
}

/// The real tree and its base config, when both variables are set.
pub fn real_tree() -> Option<(LoadOptions, PathBuf)> {
    let tree = std::env::var("KSOLVE_BENCH_TREE").ok()?;
    let base = std::env::var("KSOLVE_BENCH_CONFIG").ok()?;
    let mut opts = LoadOptions::new(tree);
    opts.help = false;
    Some((opts, PathBuf::from(base)))
}
