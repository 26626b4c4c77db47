//! Tests of the macro language, probes and the kernel environment. Expected
//! values marked "kernel:" were checked against the 6.12 tree's own `conf`.

mod expand;
mod kernel_env;
mod probe;
mod top_makefile;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::{KernelEnv, Location, Preprocessor, ProbeCache, ProbeOptions, Probes};

/// A preprocessor whose environment is ours plus `env` (as inherited, not
/// exported), with probes running uncached in `dir`.
fn preprocessor_in(dir: &Path, env: &[(&str, &str)]) -> Preprocessor {
    let env = kernel_env(dir, &[], env);
    let probes = Probes::new(ProbeOptions {
        dir: dir.to_owned(),
        cache: ProbeCache::Disabled,
        replay: None,
    })
    .unwrap();
    Preprocessor::new(env, Arc::new(probes))
}

fn preprocessor(env: &[(&str, &str)]) -> Preprocessor {
    preprocessor_in(Path::new("/"), env)
}

fn at(line: u32) -> Location<'static> {
    Location {
        file: "Kconfig",
        line,
    }
}

/// An environment exporting `exported`, inheriting ours plus `inherited`.
fn kernel_env(dir: &Path, exported: &[(&str, &str)], inherited: &[(&str, &str)]) -> KernelEnv {
    let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let mut all: BTreeMap<String, String> = std::env::vars().collect();
    all.extend(map(inherited));
    KernelEnv::from_vars(dir, map(exported), all)
}
