//! Which cache directories ksolve trusts, and opening the files in them.
//!
//! Probe results are pasted into later `$(shell,...)` commands, so whoever
//! can write the cache can run commands as the user of ksolve. A cache
//! directory is used only when it is the user's own (owned by the effective
//! user) and not writable by group or others, as ssh refuses keys; its
//! `probes/`, `parse/` and `model/` must be real directories (not symbolic
//! links) with the same owner and mode. A directory ksolve creates is made
//! `0700` whatever the umask. A refused directory is named on standard
//! error, once, with the reason, and the run goes on without any cache.
//!
//! Files inside are opened without following a symbolic link and without
//! waiting (`O_NOFOLLOW | O_NONBLOCK`), and used only when they are regular
//! files: a FIFO or `/dev/zero` planted there is a miss, never a hang or
//! gigabytes read. Reads are bounded by the kind of file.

use std::io::Read;
use std::path::{Path, PathBuf};

/// The subdirectories of ksolve's cache.
pub(crate) const SUBDIRS: &[&str] = &["probes", "parse", "model"];

/// Why a cache directory is not used.
#[derive(Debug)]
enum Refusal {
    Unusable(std::io::Error),
    Link,
    NotDirectory,
    Owner(u32),
    Writable(u32),
}

/// `root` (made if missing) when it and its `subdirs` are safe to use as
/// ksolve's cache; `None`, said on standard error once, otherwise.
pub(crate) fn trusted(root: &Path, subdirs: &[&str]) -> Option<PathBuf> {
    let checked = check_root(root).and_then(|()| {
        subdirs
            .iter()
            .try_for_each(|name| check_subdir(&root.join(name)).map_err(|r| (root.join(name), r)))
    });
    match checked {
        Ok(()) => Some(root.to_owned()),
        Err((dir, refusal)) => {
            say_refused(&dir, &refusal);
            None
        }
    }
}

/// The root may be reached through links (a `~/.cache` on another disk);
/// what it resolves to must be ours.
fn check_root(root: &Path) -> Result<(), (PathBuf, Refusal)> {
    let fail = |r| (root.to_owned(), r);
    if std::fs::metadata(root).is_err() {
        create_private(root).map_err(|e| fail(Refusal::Unusable(e)))?;
    }
    let meta = std::fs::metadata(root).map_err(|e| fail(Refusal::Unusable(e)))?;
    owned_and_private(&meta).map_err(fail)
}

/// A subdirectory must be a directory itself, never a link.
fn check_subdir(dir: &Path) -> Result<(), Refusal> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            create_private(dir).map_err(Refusal::Unusable)?;
            std::fs::symlink_metadata(dir).map_err(Refusal::Unusable)?
        }
        Err(e) => return Err(Refusal::Unusable(e)),
    };
    if meta.file_type().is_symlink() {
        return Err(Refusal::Link);
    }
    owned_and_private(&meta)
}

fn owned_and_private(meta: &std::fs::Metadata) -> Result<(), Refusal> {
    use std::os::unix::fs::MetadataExt;
    if !meta.is_dir() {
        return Err(Refusal::NotDirectory);
    }
    // SAFETY: geteuid cannot fail and touches no memory.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        return Err(Refusal::Owner(meta.uid()));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(Refusal::Writable(meta.mode() & 0o7777));
    }
    Ok(())
}

/// Makes `dir` and any missing parent, each `0700` whatever the umask.
fn create_private(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    let mut missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
    missing.reverse();
    for d in missing {
        match std::fs::DirBuilder::new().mode(0o700).create(d) {
            Ok(()) => std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o700))?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn say_refused(dir: &Path, refusal: &Refusal) {
    static SAID: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
    if said.iter().any(|d| d == dir) {
        return;
    }
    said.push(dir.to_owned());
    let why = match refusal {
        Refusal::Unusable(e) => format!("cannot be used ({e})"),
        Refusal::Link => "is a symbolic link".to_owned(),
        Refusal::NotDirectory => "is not a directory".to_owned(),
        Refusal::Owner(uid) => format!("is owned by user {uid}, not by you"),
        Refusal::Writable(mode) => format!(
            "is writable by others (mode {mode:04o}; `chmod go-w {}` if it is yours alone)",
            dir.display()
        ),
    };
    eprintln!(
        "ksolve: warning: cache directory {} {why}: running without the cache \
         (its entries would be run as commands; use a directory of your own, or \
         --no-probe-cache)",
        dir.display()
    );
}

/// Opens the regular file at `path` without following a link or waiting
/// on a FIFO; `None` for anything else.
pub(crate) fn open_regular(path: &Path) -> Option<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    file.metadata().ok().filter(|m| m.is_file())?;
    Some(file)
}

/// The bytes of the regular file at `path` if it holds at most `max`.
pub(crate) fn read_regular(path: &Path, max: u64) -> Option<Vec<u8>> {
    let file = open_regular(path)?;
    let len = file.metadata().ok()?.len();
    if len > max {
        return None;
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= max).then_some(bytes)
}
