//! Loaded models kept on disk: a warm run whose inputs are unchanged reads
//! the finished model (symbols, menus, expressions, dependency graph and
//! order) instead of decoding 1,600 syntax trees and lowering them again.
//!
//! # Where
//! `<cache>/model/<load>-<build>.bin` next to the probe and parse caches.
//! `<load>` hashes what picks the model before anything is computed: the
//! tree's path, the top Kconfig file, the rule set, `--arch` and the
//! variables that choose an architecture and a toolchain (`ARCH`,
//! `SRCARCH`, `SUBARCH`, `CROSS_COMPILE`, `LLVM`, `CC`). `<build>` hashes
//! this ksolve binary (its path and [`Stamp`]), so a rebuilt or upgraded
//! ksolve never reads another's layout; storing a model removes those of
//! other builds for the same load, and those of any load not used for 30
//! days (a run that uses a model sets its modification time; see
//! `store::evict_unused`).
//!
//! # When it is used
//! Only when everything the model was computed from is as it was:
//! * every Kconfig file read, by its [`Stamp`] (size, times, inode; as the
//!   parse cache), every name looked for and not found still missing, every
//!   `source` glob matching the same names;
//! * the kernel environment: the digest that keys the probe cache (exported
//!   variables and `PATH`) and every variable a macro looked up, found or
//!   not;
//! * the `$(shell,...)` results used: each is still in the probe cache
//!   under the key it would get now (`Probes::still_cached`: the programs,
//!   scripts and variables it depends on are unchanged).
//!
//! Runs with a replay file (`--probes`) or without caches do not read or
//! write it. A file with another format, a bad checksum, or that does not
//! decode is ignored and replaced; this cache is never fatal. It is written
//! to a temporary file and renamed (`store::write_atomically`).
//!
//! # Layout
//! `MAGIC` and `FORMAT` (u32 LE), then frames: each is its length (u32
//! LE), a checksum of its bytes (u64 LE) and at most about [`FRAME`] bytes
//! of whole postcard values. The values: the inputs ([`Inputs`]) first, so
//! that a stale entry is recognised before the model is read; then the
//! model's parts, each list as its length and its items, the help texts
//! last (read only when asked for). Reading goes frame
//! by frame, so the file is never in memory whole next to the model it
//! decodes into, and each list is allocated once at its final size.

use super::LoadOptions;
use crate::macros::{Diagnostic, KernelEnv, Preprocessor, Probes};
use crate::model::{ExprArena, MenuEnds, MenuId, Model, Parts, Semantics};
use crate::source::FileInputs;
use crate::store::{checksum, write_atomically_with, Durability, Stamp};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"ksolveMS";
/// Bumped when the layout of the file changes. (A change of the model's own
/// types comes with a new binary, which the key already tells apart.)
const FORMAT: u32 = 3;

/// What a stored model was computed from, checked before it is used.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Inputs {
    env_digest: [u8; 32],
    env: Vec<(String, Option<String>)>,
    /// The commands and keys of the probe results used.
    probes: Vec<(String, String)>,
    files: FileInputs,
}

/// The variables besides `--arch` that choose what a tree's model is for;
/// part of the file's key so that switching between two architectures keeps
/// one model for each.
const KEYED_VARIABLES: &[&str] = &["ARCH", "SRCARCH", "SUBARCH", "CROSS_COMPILE", "LLVM", "CC"];

/// Where the model of this load is kept, or `None` when no model is kept
/// for it (no cache, a replay file, or ksolve's own binary not found).
pub(super) fn path(
    cache: &Path,
    opts: &LoadOptions,
    semantics: Semantics,
    menu_ends: MenuEnds,
) -> Option<PathBuf> {
    if opts.probes_file.is_some() {
        return None;
    }
    let exe = std::env::current_exe().ok()?;
    let exe_stamp = Stamp::of_path(&exe)?;
    let tree = std::fs::canonicalize(&opts.tree).ok()?;
    // What the model is of, and which ksolve made it: files of the same
    // first half are the same load by other builds (see `store`).
    let mut of = Sha256::new();
    let mut field = |bytes: &[u8]| {
        of.update(bytes);
        of.update([0u8]);
    };
    field(format!("ksolve-model-v{FORMAT}").as_bytes());
    field(tree.as_os_str().as_encoded_bytes());
    field(opts.top.as_bytes());
    field(format!("{semantics:?} {menu_ends:?}").as_bytes());
    field(opts.arch.as_deref().unwrap_or("\u{0}").as_bytes());
    for name in KEYED_VARIABLES {
        let value = match &opts.env {
            Some(env) => env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            None => std::env::var(name).ok(),
        };
        field(name.as_bytes());
        field(value.as_deref().unwrap_or("\u{0}").as_bytes());
    }
    let mut by = Sha256::new();
    by.update(exe.as_os_str().as_encoded_bytes());
    for v in exe_stamp.0 {
        by.update(v.to_le_bytes());
    }
    let hex = |d: &[u8]| -> String { d[..16].iter().map(|b| format!("{b:02x}")).collect() };
    let name = format!("{}-{}.bin", hex(&of.finalize()), hex(&by.finalize()));
    Some(cache.join("model").join(name))
}

/// Removes the models stored for the same load by other ksolve builds
/// (named with the same first half): one model per tree, top file, rule
/// set and architecture, whatever number of upgrades.
fn remove_older_builds(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let Some((of, _)) = name.split_once('-') else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let other = e.file_name();
        let other = other.to_string_lossy();
        if other != name && other.starts_with(&format!("{of}-")) && other.ends_with(".bin") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// A stored model whose files are unchanged; the model not read yet.
pub(super) struct Entry {
    frames: FrameReader<std::io::BufReader<std::fs::File>>,
    inputs: Inputs,
}

/// The entry at `path` if its header and inputs are whole and the files it
/// was computed from are as they were under `root`.
pub(super) fn read(path: &Path, root: &Path) -> Option<Entry> {
    use std::io::Read;
    let mut file =
        std::io::BufReader::with_capacity(1 << 16, crate::store::dir::open_regular(path)?);
    let mut header = [0u8; 12];
    file.read_exact(&mut header).ok()?;
    if &header[..8] != MAGIC || header[8..] != FORMAT.to_le_bytes() {
        return None;
    }
    let mut frames = FrameReader::new(file);
    let inputs: Inputs = frames.value()?;
    if !inputs.files.unchanged(root) {
        return None;
    }
    Some(Entry { frames, inputs })
}

impl Entry {
    /// The model and its diagnostics, if it was computed in this kernel
    /// environment and the probe results it used are still cached.
    /// Help texts are read only when `help` is set.
    pub(super) fn model(
        mut self,
        env: &KernelEnv,
        probes: &Probes,
        help: bool,
    ) -> Option<(Model, Vec<Diagnostic>)> {
        let inputs = &self.inputs;
        probes.cache_dir()?;
        let same_env = inputs.env_digest == *env.digest()
            && (inputs.env.iter()).all(|(name, value)| env.lookup(name) == value.as_deref());
        let cached = (inputs.probes.iter()).all(|(cmd, key)| probes.still_cached(cmd, key, env));
        if !same_env || !cached {
            return None;
        }
        let f = &mut self.frames;
        let (semantics, modules) = f.value()?;
        // Fields in the order they were written.
        let mut model = Model::assemble(Parts {
            semantics,
            symbols: f.list()?,
            props: f.list()?,
            menus: f.list()?,
            exprs: ExprArena::from_nodes(f.list()?),
            modules,
            files: f.list()?,
            order: f.list()?,
            by_name: Some(f.list()?),
        });
        let diagnostics = f.list()?;
        if help {
            for (menu, text) in f.list::<(MenuId, String)>()? {
                model.menus.get_mut(menu.index())?.help = Some(text);
            }
            f.end()?;
        } else {
            f.skip_to_end()?;
        }
        Some((model, diagnostics))
    }
}

/// What a model lowered from `files` with `pp` was computed from; `None`
/// without a probe cache (nothing to check the probes against later).
pub(super) fn inputs(files: FileInputs, pp: &Preprocessor) -> Option<Inputs> {
    let probes = pp.probes();
    probes.cache_dir()?;
    Some(Inputs {
        env_digest: *pp.env().digest(),
        env: pp.env_lookups(),
        probes: probes.used(),
        files,
    })
}

/// Keeps `model` at `path` with what it was computed from. Failing to write
/// only costs the next run a full load.
pub(super) fn store(path: &Path, inputs: &Inputs, model: &Model, diagnostics: &[Diagnostic]) {
    let _ = write_atomically_with(path, Durability::RenameOnly, |out| {
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        let mut f = FrameWriter::new(out);
        f.value(inputs)?;
        f.value(&(model.semantics, model.modules))?;
        f.list(&model.symbols)?;
        f.list(&model.props)?;
        f.list(&model.menus)?;
        f.list(model.exprs.nodes())?;
        f.list(&model.files)?;
        f.list(&model.order)?;
        f.list(model.name_index())?;
        f.list(diagnostics)?;
        f.list(&model.help_texts())?;
        f.finish()
    });
    remove_older_builds(path);
    if let Some(dir) = path.parent() {
        crate::store::evict_unused(dir, path);
    }
}

/// Frames are cut after the value that makes them this long.
const FRAME: usize = 1 << 16;
/// A frame is refused beyond this (a single value larger than this is not
/// written by ksolve).
const MAX_FRAME: usize = 64 << 20;
/// The frame that ends the file.
const END: &[u8] = b"end";

struct FrameWriter<'w> {
    out: &'w mut dyn Write,
    buf: Vec<u8>,
}

impl<'w> FrameWriter<'w> {
    fn new(out: &'w mut dyn Write) -> Self {
        FrameWriter {
            out,
            buf: Vec::with_capacity(FRAME + 4096),
        }
    }

    fn value<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> std::io::Result<()> {
        let buf = std::mem::take(&mut self.buf);
        self.buf = postcard::to_extend(v, buf).map_err(std::io::Error::other)?;
        if self.buf.len() >= FRAME {
            self.flush()?;
        }
        Ok(())
    }

    fn list<T: serde::Serialize>(&mut self, items: &[T]) -> std::io::Result<()> {
        self.value(&(items.len() as u64))?;
        items.iter().try_for_each(|item| self.value(item))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            self.out.write_all(&(self.buf.len() as u32).to_le_bytes())?;
            self.out.write_all(&checksum(&self.buf).to_le_bytes())?;
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.flush()?;
        self.buf.extend_from_slice(END);
        self.flush()
    }
}

struct FrameReader<R> {
    input: R,
    buf: Vec<u8>,
    at: usize,
}

impl<R: std::io::BufRead + std::io::Seek> FrameReader<R> {
    /// Passes over the frames left without reading them (the help texts
    /// when they are not wanted), to the end frame: a truncated file is
    /// refused even where it is not read.
    fn skip_to_end(&mut self) -> Option<()> {
        loop {
            let mut head = [0u8; 12];
            self.input.read_exact(&mut head).ok()?;
            let len = u32::from_le_bytes(head[..4].try_into().ok()?) as usize;
            if len == END.len() {
                self.buf.resize(len, 0);
                self.input.read_exact(&mut self.buf).ok()?;
                self.at = 0;
                if self.buf == END && checksum(&self.buf).to_le_bytes() == head[4..] {
                    let mut rest = [0u8; 1];
                    return matches!(self.input.read(&mut rest), Ok(0)).then_some(());
                }
            } else {
                self.input.seek_relative(i64::try_from(len).ok()?).ok()?;
            }
        }
    }
}

impl<R: std::io::Read> FrameReader<R> {
    fn new(input: R) -> Self {
        FrameReader {
            input,
            buf: Vec::new(),
            at: 0,
        }
    }

    /// The next frame, checked, into `buf`.
    fn next_frame(&mut self) -> Option<()> {
        let mut head = [0u8; 12];
        self.input.read_exact(&mut head).ok()?;
        let len = u32::from_le_bytes(head[..4].try_into().ok()?) as usize;
        if len == 0 || len > MAX_FRAME {
            return None;
        }
        self.buf.resize(len, 0);
        self.input.read_exact(&mut self.buf).ok()?;
        self.at = 0;
        (checksum(&self.buf).to_le_bytes() == head[4..]).then_some(())
    }

    fn value<T: serde::de::DeserializeOwned>(&mut self) -> Option<T> {
        if self.at == self.buf.len() {
            self.next_frame()?;
        }
        let (v, rest) = postcard::take_from_bytes(&self.buf[self.at..]).ok()?;
        self.at = self.buf.len() - rest.len();
        Some(v)
    }

    /// A list, allocated at its length (bounded by what the file could
    /// hold: every item takes at least a byte).
    fn list<T: serde::de::DeserializeOwned>(&mut self) -> Option<Vec<T>> {
        let n = usize::try_from(self.value::<u64>()?).ok()?;
        let mut out = Vec::with_capacity(n.min(MAX_FRAME));
        for _ in 0..n {
            out.push(self.value()?);
        }
        Some(out)
    }

    /// The end frame follows, and nothing after it.
    fn end(&mut self) -> Option<()> {
        if self.at != self.buf.len() {
            return None;
        }
        self.next_frame()?;
        let mut rest = [0u8; 1];
        (self.buf == END && matches!(self.input.read(&mut rest), Ok(0))).then_some(())
    }
}
