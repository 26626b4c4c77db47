//! The parse cache: the syntax tree of every file of a tree, kept on disk so
//! that a warm run reads one file instead of parsing 1,600 (on the 6.12 x86
//! tree the parse is four fifths of a run's instructions; see
//! docs/performance.md).
//!
//! # Where and what
//! One file per tree: `<cache>/parse/<key>.bin` next to the probe cache
//! (`$KSOLVE_CACHE_DIR`, `$XDG_CACHE_HOME/ksolve` or `~/.cache/ksolve`),
//! `<key>` a hash of the tree's root path. It holds, for each file read from
//! that tree, its name, a [`Stamp`] of its metadata and its syntax tree in
//! the encoding of `syntax::binary`; a header names the format and the
//! ksolve version, and a checksum over everything ends it.
//!
//! # When an entry is used
//! Only when the file's size, modification time, change time and inode are
//! those recorded (nanoseconds included). The change time cannot be set back
//! by a tool (unlike the modification time, which `touch -d`, `tar` and
//! `git` set), and any write updates it, so an edited file is always seen as
//! edited. The contents are not hashed: reading and hashing the 10 MB of a
//! tree would cost a fifth of the warm run this cache exists to shorten.
//!
//! A file with another version, a bad checksum or an entry that does not
//! decode is ignored (the files are parsed again and the cache rewritten);
//! the cache is never fatal. It is written to a temporary file and renamed,
//! without `fsync`: a crash can at worst lose the cache, never yield a
//! half-written one.
//!
//! # Eviction
//! A run that reads the file, or uses the tree's stored model instead,
//! sets its modification time; writing one removes the others not used for
//! [`crate::store::UNUSED_FOR`] (30 days), so the directory holds the trees
//! one actually loads.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

pub(crate) use crate::store::Stamp;
use crate::store::{checksum, write_atomically, Durability};
use crate::syntax::ast;
use crate::syntax::binary::{self, Reader, Writer};

const MAGIC: &[u8; 8] = b"ksolvePC";
/// Bumped when the layout of the file or of `syntax::binary` changes.
const FORMAT: u64 = 2;
/// A parse cache larger than this is not read (a kernel tree's is 6 MB).
const MAX_CACHE: u64 = 1 << 30;

/// What the cache will hold for a file read in this run: its stamp, and
/// its syntax tree encoded with the paths it sources literally, or `None`
/// when the cache has them already.
#[derive(Debug)]
pub(crate) struct Record {
    pub(crate) stamp: Stamp,
    pub(crate) encoded: Option<(Vec<u8>, Vec<String>)>,
}

/// One file in the cache as read.
#[derive(Debug)]
struct Entry {
    stamp: Stamp,
    /// The paths the file sources literally, so that the files to read
    /// next are known without decoding its tree.
    sources: Vec<String>,
    start: usize,
    len: usize,
}

/// The cache of one tree, as read at the start of the run.
#[derive(Debug)]
pub(crate) struct ParseCache {
    path: PathBuf,
    root: String,
    /// The file as read (empty when there was none or it was unusable).
    blob: Vec<u8>,
    /// File name -> its entry; the encoded tree is a range of `blob`.
    entries: FxHashMap<String, Entry>,
}

impl ParseCache {
    /// The cache of the tree at `root`, in the directory `dir`
    /// (`<cache>/parse`); an unreadable or invalid file reads as empty.
    pub(crate) fn open(dir: &Path, root: &Path) -> ParseCache {
        let (path, root) = Self::file_of(dir, root);
        let blob = crate::store::dir::read_regular(&path, MAX_CACHE).unwrap_or_default();
        let mut cache = ParseCache {
            path,
            root,
            blob,
            entries: FxHashMap::default(),
        };
        if cache.index().is_none() {
            cache.entries.clear();
            cache.blob = Vec::new();
        } else {
            crate::store::mark_used(&cache.path);
        }
        cache
    }

    /// The cache file of the tree at `root` in `dir`, and the root as the
    /// file names it.
    fn file_of(dir: &Path, root: &Path) -> (PathBuf, String) {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
        let root = root.to_string_lossy().into_owned();
        let path = dir.join(format!("{:016x}.bin", checksum(root.as_bytes())));
        (path, root)
    }

    /// Records that the cache of the tree at `root` is in use although not
    /// read (a stored model of the tree was), so that it is not evicted.
    pub(crate) fn mark_used(dir: &Path, root: &Path) {
        crate::store::mark_used(&Self::file_of(dir, root).0);
    }

    fn index(&mut self) -> Option<()> {
        let (body, sum) = self.blob.split_last_chunk::<8>()?;
        if checksum(body) != u64::from_le_bytes(*sum) {
            return None;
        }
        let mut r = Reader::new(body);
        let header_ok = r.slice(MAGIC.len())? == MAGIC
            && r.uint()? == FORMAT
            && r.str()? == env!("CARGO_PKG_VERSION")
            && r.str()? == self.root;
        if !header_ok {
            return None;
        }
        let n = r.uint()?;
        for _ in 0..n {
            let name = r.str()?.to_owned();
            let mut stamp = [0u64; 6];
            for v in &mut stamp {
                *v = r.uint()?;
            }
            let count = r.uint()?;
            let mut sources = Vec::new();
            for _ in 0..count {
                sources.push(r.str()?.to_owned());
            }
            let len = usize::try_from(r.uint()?).ok()?;
            let start = r.pos;
            r.slice(len)?;
            self.entries.insert(
                name,
                Entry {
                    stamp: Stamp(stamp),
                    sources,
                    start,
                    len,
                },
            );
        }
        (r.pos == body.len()).then_some(())
    }

    /// The paths `name` sources literally, if the cache has it for this
    /// `stamp` (its tree is decoded when needed, by [`ParseCache::get`]).
    pub(crate) fn sources(&self, name: &str, stamp: Stamp) -> Option<&[String]> {
        let entry = self.entries.get(name)?;
        (entry.stamp == stamp).then_some(&entry.sources[..])
    }

    /// The syntax tree of `name` if the cache has it for this `stamp`.
    pub(crate) fn get(&self, name: &str, stamp: Stamp, id: ast::FileId) -> Option<ast::File> {
        let entry = self.entries.get(name)?;
        if entry.stamp != stamp {
            return None;
        }
        binary::decode(&self.blob[entry.start..entry.start + entry.len], id)
    }

    /// Writes the cache anew when this run parsed a file: `records` (the
    /// files read in this run) and the entries of the old cache for files
    /// this run did not read (another `ARCH=` reads other files of the same
    /// tree). Failing only costs a parse next time.
    pub(crate) fn store<'a>(&self, records: impl Iterator<Item = (&'a str, &'a Record)>) {
        let records: Vec<(&str, &Record)> = records.collect();
        if records.iter().all(|(_, r)| r.encoded.is_none()) {
            return;
        }
        let old = |name: &str| {
            let e = self.entries.get(name)?;
            Some((
                e.stamp,
                &self.blob[e.start..e.start + e.len],
                &e.sources[..],
            ))
        };
        let mut fresh: Vec<(&str, Stamp, &[u8], &[String])> = Vec::with_capacity(records.len());
        for (name, r) in &records {
            match &r.encoded {
                Some((e, sources)) => fresh.push((name, r.stamp, e, sources)),
                None => fresh.extend(old(name).map(|(s, e, src)| (*name, s, e, src))),
            }
        }
        let seen: rustc_hash::FxHashSet<&str> = records.iter().map(|(n, _)| *n).collect();
        for name in self.entries.keys() {
            if !seen.contains(name.as_str()) {
                fresh.extend(old(name).map(|(s, e, src)| (name.as_str(), s, e, src)));
            }
        }
        let size = fresh
            .iter()
            .map(|(n, _, e, _)| n.len() + e.len() + 64)
            .sum::<usize>();
        let mut out = Vec::with_capacity(size + 256);
        out.extend_from_slice(MAGIC);
        let mut w = Writer { out: &mut out };
        w.uint(FORMAT);
        w.str(env!("CARGO_PKG_VERSION"));
        w.str(&self.root);
        w.uint(fresh.len() as u64);
        for (name, stamp, encoded, sources) in fresh {
            w.str(name);
            for v in stamp.0 {
                w.uint(v);
            }
            w.uint(sources.len() as u64);
            for path in sources {
                w.str(path);
            }
            w.uint(encoded.len() as u64);
            w.out.extend_from_slice(encoded);
        }
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        let _ = write_atomically(&self.path, &out, Durability::RenameOnly);
        if let Some(dir) = self.path.parent() {
            crate::store::evict_unused(dir, &self.path);
        }
    }
}
