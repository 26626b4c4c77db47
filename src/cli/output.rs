//! Writing results: to a file (`-o`), or to standard output (a closed pipe
//! ends the program quietly).
//!
//! What `-o PATH` does depends on what is at `PATH`, after
//! scripts/kconfig/confdata.c `conf_write` (6.12), except that ksolve never
//! replaces a node that is not a regular file:
//! * nothing, or a regular file: a temporary file in the same directory,
//!   renamed over it once complete (conf writes `NAME.PID.tmp` and renames
//!   it), keeping the old file's mode;
//! * a device node or a FIFO (`/dev/null`, `/dev/stdout`, a pipe to
//!   another program): written in place, as `>` in a shell would. conf
//!   renames the node to `NAME.old` and puts a regular file in its place;
//!   as root that replaced `/dev/full`;
//! * a symbolic link: followed, and its target written as above, so the
//!   link stays a link (conf renames the link to `NAME.old`);
//! * with `KCONFIG_OVERWRITECONFIG` set and not empty: written in place
//!   through any link, as conf then does (`fopen(name, "w")`), for a
//!   `.config` that must keep its inode;
//! * a directory: an error.

use anyhow::{bail, Context};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Links followed before giving up, as the kernel's `ELOOP` bound.
const MAX_LINKS: usize = 40;

/// Write `text` to `path` as the module header says.
pub(super) fn write_atomic(path: &Path, text: &str) -> anyhow::Result<()> {
    let overwrite = std::env::var_os("KCONFIG_OVERWRITECONFIG").is_some_and(|v| !v.is_empty());
    if overwrite {
        return write_in_place(path, text, true);
    }
    let target = follow_links(path)?;
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => bail!("{}: Is a directory", path.display()),
        Ok(m) if !m.is_file() => write_in_place(&target, text, false),
        _ => replace(&target, text),
    }
}

/// The path a chain of symbolic links at `path` ends at (itself when it is
/// not a link; possibly a name that does not exist yet).
fn follow_links(path: &Path) -> anyhow::Result<PathBuf> {
    let mut at = path.to_owned();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&at)
                    .with_context(|| format!("{}: cannot read the link", at.display()))?;
                at = match at.parent() {
                    Some(dir) => dir.join(to),
                    None => to,
                };
            }
            _ => return Ok(at),
        }
    }
    bail!("{}: too many levels of symbolic links", path.display())
}

/// Open `path` for writing and write `text` into it: a device or FIFO as
/// it is, a file truncated first (`create` also makes a missing one).
fn write_in_place(path: &Path, text: &str, create: bool) -> anyhow::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(create)
        .truncate(true)
        .open(path)
        .with_context(|| format!("{}: cannot open for writing", path.display()))?;
    file.write_all(&crate::config::encode(text))
        .and_then(|_| file.flush())
        .with_context(|| format!("{}: write failed", path.display()))
}

/// Replace the regular file (or nothing) at `path` atomically: a temporary
/// file in the same directory, renamed over the target once complete.
fn replace(path: &Path, text: &str) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // Keep the mode of the file we replace; a new file gets 0666 less the
    // umask, as conf's fopen() would.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o7777)
        .unwrap_or(0o666);
    crate::store::temp::sweep(dir, TEMP_PREFIX);
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .permissions(std::fs::Permissions::from_mode(mode))
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot create a temporary file", dir.display()))?;
    let _registered = crate::store::temp::register(tmp.path());
    let bytes = crate::config::encode(text);
    let (head, tail) = bytes.split_at(bytes.len() / 2);
    tmp.write_all(head)
        .map(|_| pause_for_tests())
        .and_then(|_| tmp.write_all(tail))
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("{}: write failed", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("{}: cannot replace", path.display()))?;
    Ok(())
}

/// The name of ksolve's temporary files next to an output: `.ksolve-` and
/// six random characters.
const TEMP_PREFIX: &str = ".ksolve-";

/// With `KSOLVE_TEST_SLOW_WRITE` set, stop half way through a write for a
/// while, so that a test can kill the process there (tests/adversarial.rs).
fn pause_for_tests() {
    if std::env::var_os("KSOLVE_TEST_SLOW_WRITE").is_some() {
        std::thread::sleep(std::time::Duration::from_secs(30));
    }
}

/// Print to standard output; a closed pipe (`| head`) exits quietly.
pub(super) fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let bytes = crate::config::encode(text);
    if let Err(e) = out.write_all(&bytes).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("ksolve: standard output: {e}");
        std::process::exit(2);
    }
}
