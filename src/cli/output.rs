//! Writing results: atomically to a file, or to standard output (a closed
//! pipe ends the program quietly).

use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// Write `text` to `path` atomically: a temporary file in the same
/// directory, renamed over the target once complete.
pub fn write_atomic(path: &Path, text: &str) -> anyhow::Result<()> {
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
    let mut tmp = tempfile::Builder::new()
        .prefix(".ksolve-")
        .permissions(std::fs::Permissions::from_mode(mode))
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot create a temporary file", dir.display()))?;
    let (head, tail) = text.as_bytes().split_at(text.len() / 2);
    tmp.write_all(head)
        .map(|_| pause_for_tests())
        .and_then(|_| tmp.write_all(tail))
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("{}: write failed", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("{}: cannot replace", path.display()))?;
    Ok(())
}

/// With `KSOLVE_TEST_SLOW_WRITE` set, stop half way through a write for a
/// while, so that a test can kill the process there (tests/adversarial.rs).
fn pause_for_tests() {
    if std::env::var_os("KSOLVE_TEST_SLOW_WRITE").is_some() {
        std::thread::sleep(std::time::Duration::from_secs(30));
    }
}

/// Print to standard output; a closed pipe (`| head`) exits quietly.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("ksolve: standard output: {e}");
        std::process::exit(2);
    }
}
