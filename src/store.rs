//! ksolve's on-disk caches share these: what identifies a file's version
//! without reading it ([`Stamp`]), a checksum that finds torn or flipped
//! bytes, and writing a file so that readers never see half of it.
//!
//! The caches themselves: probe results (`macros::probe`), syntax trees
//! (`source::cache`) and whole loaded models (`tree::snapshot`).

use std::io::Write;
use std::path::Path;

pub(crate) mod dir;
pub(crate) mod temp;

/// What identifies a version of a file without reading it: size,
/// modification and change time (nanoseconds included) and inode. The change
/// time cannot be set back by a tool (unlike the modification time, which
/// `touch -d`, `tar` and `git` set), and any write updates it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Stamp(pub [u64; 6]);

impl Stamp {
    #[cfg(unix)]
    pub(crate) fn of(meta: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp([
            meta.size(),
            meta.mtime() as u64,
            meta.mtime_nsec() as u64,
            meta.ctime() as u64,
            meta.ctime_nsec() as u64,
            meta.ino(),
        ])
    }

    #[cfg(not(unix))]
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        let since = |t: std::io::Result<std::time::SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .unwrap_or_default()
        };
        let m = since(meta.modified());
        Stamp([meta.len(), m.as_secs(), m.subsec_nanos().into(), 0, 0, 0])
    }

    /// The stamp of the file at `path` now (`None` if it cannot be read).
    pub(crate) fn of_path(path: &Path) -> Option<Stamp> {
        std::fs::metadata(path).ok().map(|m| Stamp::of(&m))
    }
}

/// A 64-bit checksum (FxHash's mixing over 8-byte words): it finds
/// truncation and flipped bits at memory speed; it is not meant to resist
/// an adversary who can write the cache directory anyway.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let v = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        h = (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    for &b in words.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h
}

/// Whether [`write_atomically`] flushes the file to disk before it replaces
/// the old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Durability {
    /// The user's record (a replay file): `fsync` first.
    Synced,
    /// A cache entry: the rename alone keeps readers from a half-written
    /// file, and a crash costs a re-run. An `fsync` per probe made a cold
    /// run wait for the disk about a hundred times.
    RenameOnly,
}

/// Writes to a temporary file next to `path` (creating the directory), then
/// renames it into place.
pub(crate) fn write_atomically(
    path: &Path,
    bytes: &[u8],
    durability: Durability,
) -> std::io::Result<()> {
    write_atomically_with(path, durability, |out| out.write_all(bytes))
}

/// Like [`write_atomically`], with the contents written by `write` (through
/// a buffer) instead of held in memory at once.
pub(crate) fn write_atomically_with(
    path: &Path,
    durability: Durability,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    temp::sweep(dir, ".tmp");
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    let _registered = temp::register(tmp.path());
    {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        write(&mut out)?;
        out.flush()?;
    }
    if durability == Durability::Synced {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A parse cache or stored model not used for this long is removed when
/// another one is written next to it ([`evict_unused`]): the trees it was
/// of are gone, or were not loaded for a month.
pub(crate) const UNUSED_FOR: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);

/// Records that the cache file at `path` was used now (its modification
/// time; access times are not kept on many systems). Failing is harmless:
/// the file may only be evicted sooner.
pub(crate) fn mark_used(path: &Path) {
    use std::os::unix::fs::OpenOptionsExt;
    let opened = std::fs::File::options()
        .append(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path);
    if let Ok(file) = opened {
        if file.metadata().is_ok_and(|m| m.is_file()) {
            let _ = file.set_modified(std::time::SystemTime::now());
        }
    }
}

/// Removes the `.bin` files of `dir` not used (see [`mark_used`]) for
/// [`UNUSED_FOR`], except `keep`: how the parse and model caches stay
/// bounded by the trees one actually loads.
pub(crate) fn evict_unused(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for e in entries.flatten() {
        let path = e.path();
        if path == keep || path.extension() != Some("bin".as_ref()) {
            continue;
        }
        let unused = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > UNUSED_FOR);
        if unused {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Cache files being written on other threads (see [`in_background`]).
static WRITES: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>> =
    std::sync::Mutex::new(Vec::new());

/// Runs `write` (a cache write) on its own thread, so that the command's
/// own output does not wait for it; [`wait_for_writes`] waits for it before
/// the process ends. If no thread can be started the write is skipped: a
/// cache is never needed.
pub(crate) fn in_background(write: impl FnOnce() + Send + 'static) {
    let spawned = std::thread::Builder::new()
        .name("ksolve-cache".into())
        .spawn(write);
    if let Ok(handle) = spawned {
        WRITES
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(handle);
    }
}

/// Waits for every cache write started by [`in_background`]: call it
/// before the process ends (a write cut short leaves a temporary file).
pub fn wait_for_writes() {
    let handles = std::mem::take(&mut *WRITES.lock().unwrap_or_else(|e| e.into_inner()));
    for h in handles {
        let _ = h.join();
    }
}
