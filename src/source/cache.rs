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
//! the encoding of `syntax::binary` (all postcard, [`Header`] and
//! [`EntryHead`] derived like the tree); a header names the format and the
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

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

pub(crate) use crate::store::Stamp;
use crate::store::{checksum, write_atomically, Durability};
use crate::syntax::ast;
use crate::syntax::binary;

const MAGIC: &[u8; 8] = b"ksolvePC";
/// Bumped when the layout of the file or of `syntax::binary` changes (3:
/// the syntax tree derived, postcard; a format-2 file reads as another
/// format, its magic and version number being where they were).
const FORMAT: u64 = 3;
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

/// The start of the file; `files` entries follow, each an [`EntryHead`]
/// and the `len` bytes of its encoded tree, then the checksum.
#[derive(Serialize, Deserialize)]
struct Header<'a> {
    magic: [u8; 8],
    format: u64,
    version: &'a str,
    root: &'a str,
    files: u64,
}

/// What the cache says of one file before its encoded tree.
#[derive(Serialize, Deserialize)]
struct EntryHead<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    stamp: Stamp,
    sources: Cow<'a, [String]>,
    len: u64,
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
        let (header, mut rest) = postcard::take_from_bytes::<Header>(body).ok()?;
        let header_ok = header.magic == *MAGIC
            && header.format == FORMAT
            && header.version == env!("CARGO_PKG_VERSION")
            && header.root == self.root;
        if !header_ok {
            return None;
        }
        for _ in 0..header.files {
            let (head, after) = postcard::take_from_bytes::<EntryHead>(rest).ok()?;
            let len = usize::try_from(head.len).ok()?;
            let start = body.len() - after.len();
            rest = after.get(len..)?;
            self.entries.insert(
                head.name.into_owned(),
                Entry {
                    stamp: head.stamp,
                    sources: head.sources.into_owned(),
                    start,
                    len,
                },
            );
        }
        rest.is_empty().then_some(())
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
        let header = Header {
            magic: *MAGIC,
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION"),
            root: &self.root,
            files: fresh.len() as u64,
        };
        let Ok(mut out) = postcard::to_extend(&header, Vec::with_capacity(size + 256)) else {
            return;
        };
        for (name, stamp, encoded, sources) in fresh {
            let head = EntryHead {
                name: name.into(),
                stamp,
                sources: sources.into(),
                len: encoded.len() as u64,
            };
            let Ok(more) = postcard::to_extend(&head, out) else {
                return;
            };
            out = more;
            out.extend_from_slice(encoded);
        }
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        let _ = write_atomically(&self.path, &out, Durability::RenameOnly);
        if let Some(dir) = self.path.parent() {
            crate::store::evict_unused(dir, &self.path);
        }
    }
}
