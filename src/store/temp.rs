//! Temporary files that an interrupted run must not leave behind.
//!
//! Outputs (`-o FILE`) and cache entries are written to a temporary file
//! next to their place and renamed over it. A run stopped by `SIGINT`,
//! `SIGTERM` or `SIGHUP` between the two used to leave the temporary file
//! for good (`.ksolve-XXXXXX` next to the output, `.tmpXXXXXX` in the
//! cache). Each temporary file is registered here while it exists; the
//! signal handler ([`remove_on_signals`]) unlinks the registered ones and
//! then dies of the signal as it would have. A `SIGKILL` cannot be caught:
//! [`sweep`] removes what such runs left, once it is an hour old.
//!
//! The handler may only do what is async-signal-safe: it reads a fixed
//! array of pointers to C strings and calls `unlink(2)`. A path's string is
//! never freed once registered (a run registers about a hundred), so the
//! handler never reads freed memory.

use std::ffi::CString;
use std::path::Path;
use std::sync::atomic::{AtomicPtr, Ordering};

const SLOTS: usize = 256;

#[allow(clippy::declare_interior_mutable_const)]
const EMPTY: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());
static REGISTERED: [AtomicPtr<libc::c_char>; SLOTS] = [EMPTY; SLOTS];

/// A temporary file the signal handler removes until this is dropped.
#[derive(Debug)]
pub(crate) struct Registered(Option<usize>);

/// Registers `path` for removal on a signal (when every slot is taken, it
/// is not: [`sweep`] removes it later).
pub(crate) fn register(path: &Path) -> Registered {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = CString::new(path.as_os_str().as_bytes()) else {
        return Registered(None);
    };
    let raw = c.into_raw();
    for (i, slot) in REGISTERED.iter().enumerate() {
        let free = slot.compare_exchange(
            std::ptr::null_mut(),
            raw,
            Ordering::SeqCst,
            Ordering::SeqCst,
        );
        if free.is_ok() {
            return Registered(Some(i));
        }
    }
    // SAFETY: `raw` came from `into_raw` above and was never shared.
    drop(unsafe { CString::from_raw(raw) });
    Registered(None)
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Some(i) = self.0 {
            // Left allocated: the handler may be reading it on another thread.
            REGISTERED[i].store(std::ptr::null_mut(), Ordering::SeqCst);
        }
    }
}

extern "C" fn on_signal(sig: libc::c_int) {
    for slot in &REGISTERED {
        let p = slot.load(Ordering::SeqCst);
        if !p.is_null() {
            // SAFETY: registered strings are NUL-terminated and never freed.
            unsafe { libc::unlink(p) };
        }
    }
    // SAFETY: resetting to the default action and re-raising are
    // async-signal-safe; the process then ends as the signal says.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

/// Installs the handler for `SIGINT`, `SIGTERM` and `SIGHUP` (the binary
/// calls this first; a library user keeps its own handlers).
pub(crate) fn remove_on_signals() {
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: `on_signal` only does async-signal-safe work.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
}

/// A temporary file older than this was left by a run that was killed.
pub(crate) const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes from `dir` the regular files named `prefix` and six more
/// characters (as `tempfile` names them) not modified for
/// [`ABANDONED_AFTER`]: what killed runs left there. Once per directory
/// and process: a cold run writes a hundred entries into one.
pub(crate) fn sweep(dir: &Path, prefix: &str) {
    static SWEPT: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
        if swept.iter().any(|d| d == dir) {
            return;
        }
        swept.push(dir.to_owned());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        if rest.len() != 6 || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let old = e
            .metadata()
            .ok()
            .filter(|m| m.file_type().is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > ABANDONED_AFTER);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
