//! What a probe's output depends on besides its command text and the
//! exported kernel environment: part of its cache key, so that a cached
//! result is used only while all of it is unchanged (issue 14).
//!
//! * **Programs**, found as `sh` finds them: each command word (after
//!   `{`, `(`, `!`, `if`/`then`/.. and `VAR=value` prefixes, and after
//!   `env`, `exec`, `command`, `nice`, `nohup`, `time`), each plain-word
//!   argument of a program given by path or of `env` (the tree's scripts
//!   take tool names: `scripts/pahole-version.sh pahole`), and plain
//!   `VAR=value` values. For each, every directory of `PATH` (empty or
//!   relative entries relative to the tree) is looked in, and every match
//!   counts by device, inode, size, modification and change time: so
//!   installing `pahole` into a directory already on `PATH`, re-pointing
//!   an `update-alternatives` link, or switching the compiler a
//!   `ccache`/`distcc` masquerade directory hands on to (the next match in
//!   `PATH`) changes the key. Shell builtins are not looked up.
//! * **Files** named by a word with a `/` (relative to the tree; `/dev` and
//!   `/proc` aside): their identity as above, or their absence.
//! * **Scripts**: a file or program that starts with `#!` (up to 256 KiB)
//!   is read and its own commands counted the same way, to a depth of 4;
//!   `$(dirname $0)/` in it means the script's directory.
//! * **Variables**: every `$NAME`/`${NAME}` in the command and those
//!   scripts, with its value (or its absence) in the probe's environment,
//!   and the inherited variables toolchains read themselves (`CCACHE_*`,
//!   `DISTCC_*`, `GCC_*`, `COMPILER_PATH`, `LIBRARY_PATH`, `CPATH`,
//!   `*_INCLUDE_PATH`, `LANG`, `LANGUAGE`, `LC_*`).
//!
//! Redirection targets and `-o` arguments are outputs, not counted.
//! Not seen: what a binary reads on its own (a compiler's configuration
//! file, a script run through a variable ksolve cannot expand). Identities
//! are computed once per [`Deps`] (one per run), so a warm run stats each
//! program of `PATH` once.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};

use crate::config::scripts_config::{commands, Word};
use crate::macros::kernel_env::KernelEnv;

/// Scripts read within scripts, at most.
const MAX_DEPTH: usize = 4;
/// A script larger than this is counted by its identity alone.
const MAX_SCRIPT: u64 = 256 << 10;

/// `dash`'s builtins: run without looking in `PATH`.
const BUILTINS: &[&str] = &[
    ".", ":", "[", "alias", "bg", "break", "cd", "continue", "echo", "eval", "exit", "export",
    "false", "fg", "getopts", "hash", "jobs", "kill", "local", "printf", "pwd", "read", "readonly",
    "return", "set", "shift", "test", "times", "trap", "true", "type", "ulimit", "umask",
    "unalias", "unset", "wait",
];
/// Words after which the next word is a command again.
const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "do", "while", "until", "!", "{", "(", "}", ")", "fi", "done",
];
/// Commands whose first non-option argument is a command.
const WRAPPERS: &[&str] = &["env", "exec", "command", "nice", "nohup", "time"];
/// Inherited variables that compilers and their wrappers read themselves.
const TOOL_VARIABLES: &[&str] = &[
    "CCACHE_",
    "DISTCC_",
    "GCC_",
    "COMPILER_PATH",
    "LIBRARY_PATH",
    "CPATH",
    "C_INCLUDE_PATH",
    "CPLUS_INCLUDE_PATH",
    "OBJC_INCLUDE_PATH",
    "LANG",
    "LANGUAGE",
    "LC_",
];

/// The identities found so far in this run, by program name or file path.
#[derive(Debug, Default)]
pub(crate) struct Deps {
    memo: Mutex<FxHashMap<String, String>>,
}

impl Deps {
    /// A digest of everything `cmd`, run in `env`, depends on (see the
    /// module header).
    pub(crate) fn digest(&self, cmd: &str, env: &KernelEnv) -> [u8; 32] {
        let mut facts = Vec::new();
        self.scan(cmd, env, None, 0, &mut facts);
        for (k, v) in env.inherited() {
            if TOOL_VARIABLES.iter().any(|p| k.starts_with(p)) && k != "LC_ALL" {
                facts.push(format!("v {k}={v}"));
            }
        }
        facts.sort_unstable();
        facts.dedup();
        let mut h = Sha256::new();
        for f in &facts {
            h.update(f.as_bytes());
            h.update([0u8]);
        }
        h.finalize().into()
    }

    /// The facts of shell text `text` (a command, or a script in `dir`).
    fn scan(
        &self,
        text: &str,
        env: &KernelEnv,
        dir: Option<&Path>,
        depth: usize,
        facts: &mut Vec<String>,
    ) {
        let text = match dir {
            Some(d) => text
                .replace("$(dirname \"$0\")/", &format!("{}/", d.display()))
                .replace("$(dirname $0)/", &format!("{}/", d.display())),
            None => text.to_owned(),
        };
        for name in variables(&text) {
            let value = env.lookup(name).map_or("\u{0}unset", |v| v);
            facts.push(format!("v {name}={value}"));
        }
        for cmd in commands(&text) {
            for word in programs(&cmd) {
                let fact = self.identity(word, env, depth);
                facts.push(fact);
            }
        }
    }

    /// `word`'s identity: a file's (`/` in it) or a program's through `PATH`.
    fn identity(&self, word: &str, env: &KernelEnv, depth: usize) -> String {
        let path = env.lookup("PATH").unwrap_or("");
        let memo_key = if word.contains('/') {
            format!("f {word}")
        } else {
            format!("p {path}\u{0}{word}")
        };
        if let Some(known) = lock(&self.memo).get(&memo_key) {
            return known.clone();
        }
        let tree = env.tree();
        let mut id = memo_key.clone();
        if word.contains('/') {
            let file = tree.join(word);
            id.push_str(&self.file(&file, env, depth));
        } else {
            let dirs = path.split(':').map(|d| tree.join(d));
            for (i, dir) in dirs.enumerate() {
                let file = dir.join(word);
                if let Some(meta) = std::fs::metadata(&file).ok().filter(|m| m.is_file()) {
                    id.push_str(&format!(" {i}:{}", self.known(&file, &meta, env, depth)));
                }
            }
        }
        lock(&self.memo).insert(memo_key, id.clone());
        id
    }

    /// A file's identity, and that of what it runs when it is a script.
    fn file(&self, file: &Path, env: &KernelEnv, depth: usize) -> String {
        match std::fs::metadata(file) {
            Ok(meta) => self.known(file, &meta, env, depth),
            Err(_) => " absent".to_owned(),
        }
    }

    /// [`Deps::file`] of a file whose metadata is known.
    fn known(
        &self,
        file: &Path,
        meta: &std::fs::Metadata,
        env: &KernelEnv,
        depth: usize,
    ) -> String {
        let mut id = format!(" {}", stamp(meta));
        if meta.is_file() && meta.len() <= MAX_SCRIPT && depth < MAX_DEPTH {
            if let Some(text) = script_text(file) {
                let mut facts = Vec::new();
                let dir = file.parent().map(PathBuf::from);
                self.scan(&text, env, dir.as_deref(), depth + 1, &mut facts);
                facts.sort_unstable();
                facts.dedup();
                id.push_str(&format!(" [{}]", facts.join("\u{1}")));
            }
        }
        id
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(unix)]
fn stamp(meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    format!(
        "{}:{}:{}:{}.{}:{}.{}",
        meta.dev(),
        meta.ino(),
        meta.size(),
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ctime(),
        meta.ctime_nsec()
    )
}

#[cfg(not(unix))]
fn stamp(meta: &std::fs::Metadata) -> String {
    format!("{}:{:?}", meta.len(), meta.modified().ok())
}

/// The text of `file` if it is a `#!` script (a binary's first two bytes
/// only are read).
fn script_text(file: &Path) -> Option<String> {
    use std::io::Read;
    let mut f = std::fs::File::open(file).ok()?;
    let mut magic = [0u8; 2];
    f.read_exact(&mut magic).ok()?;
    if &magic != b"#!" {
        return None;
    }
    let mut bytes = magic.to_vec();
    f.take(MAX_SCRIPT).read_to_end(&mut bytes).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The names of the variables `text` expands: `$NAME` and `${NAME...}`.
fn variables(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let body = rest.strip_prefix('{').unwrap_or(rest);
        let len = body
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        let name = &body[..len];
        if name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            out.push(name);
        }
        rest = &body[len..];
    }
    out
}

/// The words of one simple command that name programs or files it runs.
fn programs(cmd: &[Word]) -> Vec<&str> {
    let mut out = Vec::new();
    let mut words = cmd.iter().filter(|w| !w.dynamic).map(|w| w.text.as_str());
    let mut at_command = true;
    let mut args_are_programs = false;
    let mut output_next = false;
    for w in &mut words {
        let w = w.trim_start_matches(['(', '{', '!']);
        // Where output goes is not an input: `> FILE`, `2>FILE`, `-o FILE`.
        if std::mem::take(&mut output_next) {
            continue;
        }
        let redirect = w.trim_start_matches(|c: char| c.is_ascii_digit() || c == '&');
        if redirect.starts_with('>') || w == "-o" {
            output_next = redirect.len() <= 2 || w == "-o";
            continue;
        }
        if let Some(input) = redirect.strip_prefix('<') {
            if is_file_word(input) {
                out.push(input);
            }
            continue;
        }
        if w.is_empty() || (at_command && KEYWORDS.contains(&w)) {
            continue;
        }
        if let Some(value) = assignment(w) {
            if plain(value) || value.contains('/') {
                out.push(value);
            }
            continue;
        }
        if at_command {
            if w.starts_with('-') {
                continue;
            }
            if BUILTINS.contains(&w) {
                at_command = false;
                continue;
            }
            at_command = WRAPPERS.contains(&w);
            args_are_programs = at_command || w.contains('/');
            if plain(w) || is_file_word(w) {
                out.push(w);
            }
        } else if is_file_word(w) || (args_are_programs && plain(w)) {
            out.push(w);
        }
    }
    out
}

/// The value of `NAME=VALUE`, a shell assignment (or an `env` argument).
fn assignment(w: &str) -> Option<&str> {
    let (name, value) = w.split_once('=')?;
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    valid.then_some(value)
}

/// A word that can only be a program name.
fn plain(w: &str) -> bool {
    !w.is_empty()
        && w.len() <= 64
        && !w.starts_with('-')
        && w.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._+-".contains(&b))
        && !BUILTINS.contains(&w)
        && !KEYWORDS.contains(&w)
}

/// A word naming a file whose identity matters (not `/dev/null`).
fn is_file_word(w: &str) -> bool {
    w.contains('/')
        && !w.starts_with('-')
        && !w.starts_with("/dev/")
        && !w.starts_with("/proc/")
        && w.len() <= 4096
}
