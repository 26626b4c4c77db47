//! Loaded models kept on disk: a warm run whose inputs are unchanged reads
//! the finished model (symbols, menus, expressions, dependency graph and
//! order) instead of decoding 1,600 syntax trees and lowering them again.
//!
//! # Where
//! `<cache>/model/<key>.bin` next to the probe and parse caches, where
//! `<key>` hashes what picks the model before anything is computed: this
//! ksolve binary (its path and [`Stamp`], so a rebuilt or upgraded ksolve
//! never reads another's layout), the tree's path, the top Kconfig file, the
//! rule set, `--arch` and the variables that choose an architecture and a
//! toolchain (`ARCH`, `SRCARCH`, `SUBARCH`, `CROSS_COMPILE`, `LLVM`, `CC`).
//!
//! # When it is used
//! Only when everything the model was computed from is as it was:
//! * every Kconfig file read, by its [`Stamp`] (size, times, inode; as the
//!   parse cache), every name looked for and not found still missing, every
//!   `source` glob matching the same names;
//! * the kernel environment: the digest that keys the probe cache (exported
//!   variables and `PATH`) and every variable a macro looked up, found or
//!   not;
//! * the `$(shell,...)` results used: each is still in the probe cache (a
//!   cleared probe cache, the documented cure after a toolchain change that
//!   the keys do not see, clears this one too).
//!
//! Runs with a replay file (`--probes`) or without caches do not read or
//! write it. A file with another format, a bad checksum, or that does not
//! decode is ignored and replaced; this cache is never fatal. It is written
//! to a temporary file and renamed (`store::write_atomically`).
//!
//! # Layout
//! `MAGIC`, `FORMAT` (u32 LE), the length of the inputs (u64 LE), the inputs
//! ([`Inputs`], postcard), the model and the diagnostics ([`Stored`],
//! postcard), and a checksum of all that (u64 LE). The inputs come first so
//! that a stale entry is recognised before the model is decoded.

use super::LoadOptions;
use crate::macros::{Diagnostic, KernelEnv, Preprocessor, Probes};
use crate::model::{Model, Semantics};
use crate::source::FileInputs;
use crate::store::{checksum, write_atomically, Durability, Stamp};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"ksolveMS";
/// Bumped when the layout of the file changes. (A change of the model's own
/// types comes with a new binary, which the key already tells apart.)
const FORMAT: u32 = 1;

/// What a stored model was computed from, checked before it is used.
#[derive(serde::Serialize, serde::Deserialize)]
struct Inputs {
    env_digest: [u8; 32],
    env: Vec<(String, Option<String>)>,
    probes: Vec<String>,
    files: FileInputs,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    model: Model,
    diagnostics: Vec<Diagnostic>,
}

/// The variables besides `--arch` that choose what a tree's model is for;
/// part of the file's key so that switching between two architectures keeps
/// one model for each.
const KEYED_VARIABLES: &[&str] = &["ARCH", "SRCARCH", "SUBARCH", "CROSS_COMPILE", "LLVM", "CC"];

/// Where the model of this load is kept, or `None` when no model is kept
/// for it (no cache, a replay file, or ksolve's own binary not found).
pub(super) fn path(cache: &Path, opts: &LoadOptions, semantics: Semantics) -> Option<PathBuf> {
    if opts.probes_file.is_some() {
        return None;
    }
    let exe = std::env::current_exe().ok()?;
    let exe_stamp = Stamp::of_path(&exe)?;
    let tree = std::fs::canonicalize(&opts.tree).ok()?;
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update(bytes);
        h.update([0u8]);
    };
    field(format!("ksolve-model-v{FORMAT}").as_bytes());
    field(exe.as_os_str().as_encoded_bytes());
    for v in exe_stamp.0 {
        field(&v.to_le_bytes());
    }
    field(tree.as_os_str().as_encoded_bytes());
    field(opts.top.as_bytes());
    field(format!("{semantics:?}").as_bytes());
    field(opts.arch.as_deref().unwrap_or("\u{0}").as_bytes());
    for name in KEYED_VARIABLES {
        let value = match &opts.env {
            Some(env) => env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            None => std::env::var(name).ok(),
        };
        field(name.as_bytes());
        field(value.as_deref().unwrap_or("\u{0}").as_bytes());
    }
    let key: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Some(cache.join("model").join(format!("{key}.bin")))
}

/// A stored model whose files are unchanged, not decoded yet.
pub(super) struct Entry {
    bytes: Vec<u8>,
    inputs: Inputs,
    /// Where the model starts in `bytes`.
    model_at: usize,
}

/// The entry at `path` if it is whole and the files it was computed from
/// are as they were under `root`.
pub(super) fn read(path: &Path, root: &Path) -> Option<Entry> {
    let bytes = std::fs::read(path).ok()?;
    let body_len = bytes.len().checked_sub(8)?;
    let (body, sum) = bytes.split_at(body_len);
    if body.len() < 20 || &body[..8] != MAGIC || checksum(body).to_le_bytes() != sum {
        return None;
    }
    let format = u32::from_le_bytes(body[8..12].try_into().ok()?);
    let inputs_len = usize::try_from(u64::from_le_bytes(body[12..20].try_into().ok()?)).ok()?;
    let model_at = 20usize.checked_add(inputs_len)?;
    if format != FORMAT || model_at > body.len() {
        return None;
    }
    let inputs: Inputs = postcard::from_bytes(&body[20..model_at]).ok()?;
    if !inputs.files.unchanged(root) {
        return None;
    }
    Some(Entry {
        bytes,
        inputs,
        model_at,
    })
}

impl Entry {
    /// The model and its diagnostics, if it was computed in this kernel
    /// environment and the probe results it used are still cached.
    pub(super) fn model(self, env: &KernelEnv, probes: &Probes) -> Option<(Model, Vec<Diagnostic>)> {
        let inputs = &self.inputs;
        let probe_dir = probes.cache_dir()?;
        let same_env = inputs.env_digest == *env.digest()
            && (inputs.env.iter()).all(|(name, value)| env.lookup(name) == value.as_deref());
        let cached = (inputs.probes.iter()).all(|key| probe_dir.join(format!("{key}.json")).is_file());
        if !same_env || !cached {
            return None;
        }
        let end = self.bytes.len() - 8;
        let mut stored: Stored = postcard::from_bytes(&self.bytes[self.model_at..end]).ok()?;
        drop(self);
        stored.model.index_names();
        Some((stored.model, stored.diagnostics))
    }
}

/// Keeps `model` at `path` with what it was computed from. Failing to write
/// only costs the next run a full load.
pub(super) fn store(
    path: &Path,
    files: FileInputs,
    pp: &Preprocessor,
    model: &Model,
    diagnostics: &[Diagnostic],
) {
    let probes = pp.probes();
    if probes.cache_dir().is_none() {
        return;
    }
    let inputs = Inputs {
        env_digest: *pp.env().digest(),
        env: pp.env_lookups(),
        probes: probes.keys(),
        files,
    };
    #[derive(serde::Serialize)]
    struct StoredRef<'a> {
        model: &'a Model,
        diagnostics: &'a [Diagnostic],
    }
    let Ok(inputs) = postcard::to_stdvec(&inputs) else {
        return;
    };
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&(inputs.len() as u64).to_le_bytes());
    out.extend_from_slice(&inputs);
    let stored = StoredRef { model, diagnostics };
    let Ok(out) = postcard::to_extend(&stored, out) else {
        return;
    };
    let mut out = out;
    out.extend_from_slice(&checksum(&out).to_le_bytes());
    let _ = write_atomically(path, &out, Durability::RenameOnly);
}
