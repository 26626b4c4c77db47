//! `$(shell,...)` probes: running them as the kernel does, remembering their
//! output on disk, and replaying them from a file.
//!
//! # Running
//! A probe runs as `/bin/sh -c CMD` in the tree's directory (conf runs in the
//! object tree, which is the source tree for in-tree builds), with the
//! environment conf would have: the environment make was started with
//! (minus `LC_ALL`: the top Makefile says `unexport LC_ALL`) and the
//! variables the Makefile exports ([`KernelEnv::vars`]) on top. Standard input is `/dev/null`, standard error passes
//! through. Its exit status is ignored, as `popen` ignores it. The output is
//! post-processed as scripts/kconfig/preprocess.c `do_shell` does: one read
//! of up to 4096 bytes (then the pipe is closed, so `$(shell,yes)` ends as
//! under conf), at most 4095 bytes kept, trailing newlines removed, other
//! newlines turned into spaces, cut at a NUL.
//! Bytes that are not UTF-8 are kept (`config::decode`), as conf keeps them.
//!
//! # Where a result comes from, in order
//! 1. the replay file, when one was given (`--probes FILE`);
//! 2. this process's memory (the same command in the same environment runs
//!    once per process);
//! 3. the on-disk cache, unless disabled;
//! 4. a live run, whose result is then stored in 2., 3. and the replay map.
//!
//! # On-disk cache
//! Directory: `$KSOLVE_CACHE_DIR/probes`, else `$XDG_CACHE_HOME/ksolve/probes`,
//! else `$HOME/.cache/ksolve/probes` (see [`ProbeCache`]), used only when it
//! is the user's own and not writable by others (`store::dir`: an entry is
//! pasted into later commands, so a writable cache runs other people's
//! commands). One file per probe, `<key>.json`, where `<key>` is the hex
//! SHA-256 of the command, the tree's real path (links resolved), the
//! digest of every exported variable of the kernel environment and `PATH`,
//! and the digest of everything else the command depends on
//! (`probe/deps.rs`: the programs it runs as `PATH` finds them, every match;
//! the tree's scripts it runs and what they run; the variables it and they
//! read). So installing `pahole`, switching the compiler behind a wrapper,
//! editing a script or re-pointing a tree link each changes the key. The
//! file holds `{"version":3,"cmd":"...","output":"..."}`; it is written to a
//! temporary file in the same directory and renamed into place, so readers
//! never see half a file. An entry that cannot be read or parsed, that is
//! not a regular file, or whose `cmd` differs, is ignored and overwritten.
//! A cache directory that cannot be used disables the cache for this run;
//! the cache is never fatal.
//!
//! The kernel environment includes `CC_VERSION_TEXT` (and
//! `RUSTC_VERSION_TEXT` on trees that export it), so upgrading the compiler
//! changes every key. Those two are cached themselves only under the
//! identity of the compiler binary (`toolchain_id`) and the command's
//! dependencies, else run live. What a binary reads on its own (a
//! compiler's configuration file) is not seen: clear the cache (or disable
//! it) after changing only such a file.
//!
//! The key hashes the environment's digest ([`KernelEnv::digest`], computed
//! once) and the dependencies' identities, found once per run; entries are
//! renamed into place without `fsync`: a cache entry lost in a crash only
//! costs a re-run.
//!
//! # Parallel probes
//! During a speculative lowering pass ([`Probes::speculate`]) unknown
//! commands are queued for threads that run them ([`Probes::serve`]); see
//! `tree::lower` and `probe/speculate.rs`.
//!
//! # Replay file
//! A JSON object mapping command text (after macro expansion, exactly as
//! passed to `/bin/sh -c`) to its processed output:
//! ```json
//! {
//!   "LC_ALL=C gcc --version 2>/dev/null | head -n 1": "gcc (Debian 14.2.0-19) 14.2.0",
//!   "{ gcc -v; } >/dev/null 2>&1 && echo \"y\" || echo \"n\"": "y"
//! }
//! ```
//! The working directory and environment are not part of a replay entry: a
//! replay file pins the results of one machine so that another reproduces
//! them. A missing file starts empty; commands not found in it are run and
//! added, and [`Probes::save`] writes the updated map back (sorted keys,
//! atomically).

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::error::ProbeError;
use super::kernel_env::KernelEnv;
use crate::store::{write_atomically, Durability};

mod deps;
mod speculate;
use deps::Deps;
use speculate::Wanted;
pub use speculate::{pending, PENDING};

/// The kernel's `do_shell` reads into a 4096-byte buffer and keeps at most
/// 4095 bytes.
const SHELL_OUTPUT_MAX: usize = 4095;

/// A cache entry larger than this is not one ksolve wrote (an output is at
/// most 4095 bytes).
const MAX_ENTRY: u64 = 1 << 20;

/// Bumped when the key derivation or the entry format changes.
const CACHE_VERSION: u32 = 3;

/// Where the on-disk cache lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProbeCache {
    /// No on-disk cache.
    Disabled,
    /// `$KSOLVE_CACHE_DIR/probes`, `$XDG_CACHE_HOME/ksolve/probes` or
    /// `$HOME/.cache/ksolve/probes`, from our process environment.
    Default,
    /// This directory, used as is.
    Dir(PathBuf),
}

/// How to build a [`Probes`].
#[derive(Clone, Debug)]
pub struct ProbeOptions {
    /// The directory probes run in: the kernel tree.
    pub dir: PathBuf,
    pub cache: ProbeCache,
    /// A replay file to read results from (`--probes FILE`).
    pub replay: Option<PathBuf>,
}

/// Where the results of this run came from, for reports and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProbeStats {
    pub live: usize,
    pub disk_hits: usize,
    pub replay_hits: usize,
    pub memory_hits: usize,
}

/// Runs `$(shell,...)` commands, with a memory, an on-disk cache and an
/// optional replay file. Shared by reference (`&self`) and across threads.
#[derive(Debug)]
pub struct Probes {
    dir: PathBuf,
    /// `dir` with every link resolved: what keys the cache (the same path
    /// re-pointed at another tree is another tree).
    real_dir: PathBuf,
    /// What the commands depend on, found once per run (`probe/deps.rs`).
    deps: Deps,
    cache_dir: Option<PathBuf>,
    replay: Option<Mutex<BTreeMap<String, String>>>,
    memory: Mutex<HashMap<String, (String, String)>>,
    /// The keys of `memory` whose results are in the on-disk cache.
    on_disk: Mutex<Vec<String>>,
    /// While set, a command with no known result is not run: it is queued
    /// in `wanted` and a stand-in ([`pending`]) is its output (see
    /// [`Probes::speculate`]).
    speculating: AtomicBool,
    wanted: Mutex<Wanted>,
    /// Signalled when `wanted` gets a command or closes.
    ready: Condvar,
    /// Signalled when a queued command has run.
    progress: Condvar,
    live: AtomicUsize,
    disk_hits: AtomicUsize,
    replay_hits: AtomicUsize,
    memory_hits: AtomicUsize,
}

impl Probes {
    /// Builds the runner; reads the replay file if one is given (a missing
    /// file counts as empty, a malformed one is an error).
    pub fn new(options: ProbeOptions) -> Result<Probes, ProbeError> {
        let replay = match &options.replay {
            Some(path) => Some(Mutex::new(read_replay(path)?)),
            None => None,
        };
        let cache_dir = match options.cache {
            ProbeCache::Disabled => None,
            ProbeCache::Default => cache_root(|k| std::env::var(k).ok())
                .and_then(|root| crate::store::dir::trusted(&root, crate::store::dir::SUBDIRS))
                .map(|root| root.join("probes")),
            ProbeCache::Dir(dir) => crate::store::dir::trusted(&dir, &[]),
        };
        let real_dir = std::fs::canonicalize(&options.dir).unwrap_or_else(|_| options.dir.clone());
        Ok(Probes {
            dir: options.dir,
            real_dir,
            deps: Deps::default(),
            cache_dir,
            replay,
            memory: Mutex::new(HashMap::new()),
            on_disk: Mutex::new(Vec::new()),
            speculating: AtomicBool::new(false),
            wanted: Mutex::new(Wanted::default()),
            ready: Condvar::new(),
            progress: Condvar::new(),
            live: AtomicUsize::new(0),
            disk_hits: AtomicUsize::new(0),
            replay_hits: AtomicUsize::new(0),
            memory_hits: AtomicUsize::new(0),
        })
    }

    /// The directory probes run in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The on-disk cache directory in use, if any.
    pub fn cache_dir(&self) -> Option<&Path> {
        self.cache_dir.as_deref()
    }

    /// The output of `cmd` run with the kernel environment `env`, from the
    /// replay file, memory, the disk cache or a live run.
    pub fn shell(&self, cmd: &str, env: &KernelEnv) -> Result<String, ProbeError> {
        self.lookup(cmd, env, true, self.speculating.load(Ordering::SeqCst))
    }

    /// The output of `cmd` cached under `identity` instead of the kernel
    /// environment: for the compiler version texts, which are part of that
    /// environment, keyed by what identifies the compiler binary
    /// (`toolchain_id`): the environment is not part of the key, as the
    /// identity covers what in it the version commands depend on.
    pub(crate) fn shell_identified(
        &self,
        cmd: &str,
        env: &KernelEnv,
        identity: &str,
    ) -> Result<String, ProbeError> {
        let mut h = Sha256::new();
        for f in [
            b"ksolve-toolchain-v2".as_slice(),
            cmd.as_bytes(),
            self.real_dir.as_os_str().as_encoded_bytes(),
            identity.as_bytes(),
            &self.deps.digest(cmd, env),
        ] {
            h.update(f);
            h.update([0u8]);
        }
        let key = hex(&h.finalize());
        self.lookup_keyed(cmd, key, Kind::Identified, || {
            run_shell(cmd, &self.dir, env)
        })
    }

    /// Like [`Probes::shell`] but never reads or writes the on-disk cache:
    /// for the toolchain fingerprints (`CC_VERSION_TEXT`) that are part of
    /// every cache key.
    pub fn shell_uncached(&self, cmd: &str, env: &KernelEnv) -> Result<String, ProbeError> {
        self.lookup(cmd, env, false, false)
    }

    /// Runs the commands not yet known, in parallel, so that later
    /// [`Probes::shell`] calls find their results in memory.
    pub fn prefetch(&self, cmds: &[String], env: &KernelEnv) -> Result<(), ProbeError> {
        let mut unique: Vec<&String> = cmds.iter().collect();
        unique.sort();
        unique.dedup();
        unique
            .par_iter()
            .try_for_each(|cmd| self.shell(cmd, env).map(|_| ()))
    }

    /// Writes the replay map (the file's entries plus every command run
    /// since) to `path`, atomically. Without a replay file, writes the
    /// commands of this run.
    pub fn save(&self, path: &Path) -> Result<(), ProbeError> {
        let map = self.replay_snapshot();
        let text = serde_json::to_string_pretty(&map).expect("a string map always serializes");
        write_atomically(path, format!("{text}\n").as_bytes(), Durability::Synced).map_err(
            |source| ProbeError::ReplayWrite {
                path: path.to_owned(),
                source,
            },
        )
    }

    /// The commands and on-disk cache keys of every result keyed by the
    /// kernel environment that this process has used from or put in that
    /// cache (each `<cache dir>/<key>.json`, unless writing it failed; not
    /// the compiler version texts, which are part of the environment).
    pub fn used(&self) -> Vec<(String, String)> {
        let memory = lock(&self.memory);
        let mut used: Vec<(String, String)> = (lock(&self.on_disk).iter())
            .filter_map(|key| Some((memory.get(key)?.0.clone(), key.clone())))
            .collect();
        used.sort();
        used.dedup();
        used
    }

    /// Whether the result of `cmd` in `env` would still be read from the
    /// cache under `key`: nothing it depends on changed, and the entry is
    /// there.
    pub fn still_cached(&self, cmd: &str, key: &str, env: &KernelEnv) -> bool {
        let Some(dir) = &self.cache_dir else {
            return false;
        };
        self.key(cmd, env) == key
            && std::fs::symlink_metadata(dir.join(format!("{key}.json"))).is_ok_and(|m| m.is_file())
    }

    /// The on-disk cache key of `cmd` in `env` (see [`cache_key`]).
    pub(crate) fn key(&self, cmd: &str, env: &KernelEnv) -> String {
        key_with(cmd, &self.real_dir, env, &self.deps)
    }

    /// Where the results of this run came from so far.
    pub fn stats(&self) -> ProbeStats {
        ProbeStats {
            live: self.live.load(Ordering::Relaxed),
            disk_hits: self.disk_hits.load(Ordering::Relaxed),
            replay_hits: self.replay_hits.load(Ordering::Relaxed),
            memory_hits: self.memory_hits.load(Ordering::Relaxed),
        }
    }

    fn replay_snapshot(&self) -> BTreeMap<String, String> {
        match &self.replay {
            Some(map) => lock(map).clone(),
            None => lock(&self.memory).values().cloned().collect(),
        }
    }

    fn lookup(
        &self,
        cmd: &str,
        env: &KernelEnv,
        disk: bool,
        speculative: bool,
    ) -> Result<String, ProbeError> {
        let key = self.key(cmd, env);
        let kind = if disk {
            Kind::Environment
        } else {
            Kind::Uncached
        };
        if speculative {
            return self.lookup_keyed(cmd, key, kind, || Ok(self.want(cmd)));
        }
        let claimed = self.claim_or_wait(cmd);
        let out = self.lookup_keyed(cmd, key, kind, || run_shell(cmd, &self.dir, env));
        if let Some(i) = claimed {
            self.mark_finished(i);
        }
        out
    }

    fn lookup_keyed(
        &self,
        cmd: &str,
        key: String,
        kind: Kind,
        run: impl FnOnce() -> Result<String, ProbeError>,
    ) -> Result<String, ProbeError> {
        let disk = kind != Kind::Uncached;
        if let Some(out) = self.replay.as_ref().and_then(|m| lock(m).get(cmd).cloned()) {
            self.replay_hits.fetch_add(1, Ordering::Relaxed);
            return Ok(out);
        }
        if let Some(out) = self.in_memory(&key) {
            self.memory_hits.fetch_add(1, Ordering::Relaxed);
            return Ok(out);
        }
        let cached = if disk { self.on_disk(&key, cmd) } else { None };
        let out = match cached {
            Some(out) => {
                self.disk_hits.fetch_add(1, Ordering::Relaxed);
                out
            }
            None => {
                let out = run()?;
                if out.starts_with(PENDING) {
                    return Ok(out);
                }
                self.live.fetch_add(1, Ordering::Relaxed);
                if disk {
                    self.store_on_disk(&key, cmd, &out);
                }
                out
            }
        };
        if kind == Kind::Environment && self.cache_dir.is_some() {
            lock(&self.on_disk).push(key.clone());
        }
        self.remember(key, cmd, &out);
        Ok(out)
    }

    fn in_memory(&self, key: &str) -> Option<String> {
        lock(&self.memory).get(key).map(|(_, out)| out.clone())
    }

    fn remember(&self, key: String, cmd: &str, out: &str) {
        lock(&self.memory).insert(key, (cmd.to_owned(), out.to_owned()));
        if let Some(replay) = &self.replay {
            lock(replay).insert(cmd.to_owned(), out.to_owned());
        }
    }

    fn on_disk(&self, key: &str, cmd: &str) -> Option<String> {
        let path = self.cache_dir.as_ref()?.join(format!("{key}.json"));
        let bytes = crate::store::dir::read_regular(&path, MAX_ENTRY)?;
        let entry: CacheEntry = serde_json::from_slice(&bytes).ok()?;
        (entry.version == CACHE_VERSION && entry.cmd == cmd).then_some(entry.output)
    }

    /// Failing to write the cache only costs a re-run next time.
    fn store_on_disk(&self, key: &str, cmd: &str, out: &str) {
        let Some(dir) = &self.cache_dir else { return };
        let entry = CacheEntry {
            version: CACHE_VERSION,
            cmd: cmd.to_owned(),
            output: out.to_owned(),
        };
        let Ok(text) = serde_json::to_vec(&entry) else {
            return;
        };
        let _ = write_atomically(
            &dir.join(format!("{key}.json")),
            &text,
            Durability::RenameOnly,
        );
    }
}

/// What keys a result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// The kernel environment: [`cache_key`].
    Environment,
    /// The compiler's identity ([`Probes::shell_identified`]).
    Identified,
    /// Not cached on disk.
    Uncached,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct CacheEntry {
    version: u32,
    cmd: String,
    output: String,
}

/// A poisoned lock only means another probe thread panicked; the maps stay
/// consistent (each update is a single insert), so keep going.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `$KSOLVE_CACHE_DIR/probes`, `$XDG_CACHE_HOME/ksolve/probes` or
/// `$HOME/.cache/ksolve/probes`; empty values count as unset.
pub fn default_cache_dir(getenv: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    cache_root(getenv).map(|dir| dir.join("probes"))
}

/// ksolve's cache directory, which holds `probes/` and `parse/`:
/// `$KSOLVE_CACHE_DIR`, `$XDG_CACHE_HOME/ksolve` or `$HOME/.cache/ksolve`.
pub fn cache_root(getenv: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let get = |k: &str| getenv(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = get("KSOLVE_CACHE_DIR") {
        return Some(dir);
    }
    if let Some(dir) = get("XDG_CACHE_HOME") {
        return Some(dir.join("ksolve"));
    }
    get("HOME").map(|home| home.join(".cache").join("ksolve"))
}

/// SHA-256 over the command, the directory and the digest of the exported
/// kernel environment and `PATH` ([`KernelEnv::digest`], computed once per
/// environment), each field NUL-terminated so that no two inputs collide by
/// concatenation. The rest of the inherited environment (`TERM`, `PWD`, ..)
/// is left out so that the cache survives a new shell.
pub fn cache_key(cmd: &str, dir: &Path, env: &KernelEnv) -> String {
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    key_with(cmd, &real, env, &Deps::default())
}

/// [`cache_key`] with the tree's real path and what is known of the
/// command's dependencies so far.
fn key_with(cmd: &str, dir: &Path, env: &KernelEnv, deps: &Deps) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update(bytes);
        h.update([0u8]);
    };
    field(format!("ksolve-probe-v{CACHE_VERSION}").as_bytes());
    field(cmd.as_bytes());
    field(dir.as_os_str().as_encoded_bytes());
    field(env.digest());
    field(&deps.digest(cmd, env));
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Runs `cmd` with `/bin/sh -c` and post-processes its standard output.
fn run_shell(cmd: &str, dir: &Path, env: &KernelEnv) -> Result<String, ProbeError> {
    let spawn_error = |source| ProbeError::Spawn {
        cmd: cmd.to_owned(),
        source,
    };
    let mut child = Command::new("/bin/sh")
        .arg("-c")
        .arg(cmd)
        .current_dir(dir)
        .env_clear()
        .envs(
            env.inherited()
                .iter()
                .filter(|(k, _)| k.as_str() != "LC_ALL"),
        )
        .envs(env.vars())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(spawn_error)?;
    // As `do_shell`: one `fread` of the buffer's size, then `pclose`, which
    // closes the pipe (a writer like `yes` then dies of SIGPIPE) and waits.
    let mut out = Vec::with_capacity(SHELL_OUTPUT_MAX + 1);
    if let Some(stdout) = child.stdout.take() {
        stdout
            .take(SHELL_OUTPUT_MAX as u64 + 1)
            .read_to_end(&mut out)
            .map_err(spawn_error)?;
    }
    child.wait().map_err(spawn_error)?;
    Ok(shell_output(&out))
}

/// The kernel's `do_shell` post-processing of a command's standard output:
/// at most 4095 bytes, trailing newlines removed, the others made spaces,
/// and cut at a NUL (`xstrdup` copies a C string).
pub fn shell_output(bytes: &[u8]) -> String {
    let mut end = bytes.len().min(SHELL_OUTPUT_MAX);
    while end > 0 && bytes[end - 1] == b'\n' {
        end -= 1;
    }
    let text: Vec<u8> = bytes[..end]
        .iter()
        .take_while(|&&b| b != 0)
        .map(|&b| if b == b'\n' { b' ' } else { b })
        .collect();
    crate::config::decode(&text)
}

fn read_replay(path: &Path) -> Result<BTreeMap<String, String>, ProbeError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(source) => {
            return Err(ProbeError::ReplayRead {
                path: path.to_owned(),
                source,
            })
        }
    };
    serde_json::from_str(&text).map_err(|source| ProbeError::ReplayFormat {
        path: path.to_owned(),
        source,
    })
}
