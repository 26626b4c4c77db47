//! Errors of the macro language, of `$(shell,...)` probes and of building
//! the kernel environment.
//!
//! A [`MacroError`] always carries the file (as written in `source`) and the
//! line the kernel would report, so it renders as the kernel's
//! `FILE:LINE: message`. Where our message adds something to the kernel's
//! (the bound that was hit), the kernel's text comes first.

use std::path::PathBuf;

/// An error while expanding or assigning a macro, at a place in a Kconfig file.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {kind}")]
pub struct MacroError {
    /// The file name as the kernel prints it (the path as written in `source`).
    pub file: String,
    /// The line the kernel reports (its lexer's current line).
    pub line: u32,
    pub kind: MacroErrorKind,
}

/// What went wrong, with the kernel's wording (scripts/kconfig/preprocess.c).
#[derive(Debug, thiserror::Error)]
pub enum MacroErrorKind {
    #[error("Recursive variable '{0}' references itself (eventually)")]
    SelfReference(String),
    #[error("Too deep recursive expansion (bound: {bound} nested references)")]
    TooDeep { bound: usize },
    #[error("unterminated reference to '{0}': missing ')'")]
    Unterminated(String),
    #[error("too few function arguments passed to '{0}'")]
    TooFewArguments(String),
    #[error("too many function arguments passed to '{0}'")]
    TooManyArgumentsFor(String),
    #[error("too many function arguments (bound: {bound})")]
    TooManyArguments { bound: usize },
    /// `$(error-if,y,MESSAGE)`: the message as written by the Kconfig author.
    #[error("{0}")]
    ErrorIf(String),
    /// A `$(shell,...)` that could not be run at all.
    #[error("{0}")]
    Probe(#[from] ProbeError),
}

/// A `$(shell,...)` probe that could not be run, or a replay file or cache
/// that could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error("{cmd}: cannot run /bin/sh: {source}")]
    Spawn { cmd: String, source: std::io::Error },
    #[error("{path}: cannot read probe replay file: {source}")]
    ReplayRead {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: malformed probe replay file (expected a JSON object of command -> output strings): {source}")]
    ReplayFormat {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path}: cannot write probe replay file: {source}")]
    ReplayWrite {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The kernel environment could not be built from the tree's Makefiles.
#[derive(Debug, thiserror::Error)]
pub enum KernelEnvError {
    /// scripts/Makefile.clang has no `--target=` for this architecture; make
    /// itself stops with this `$(error ...)`.
    #[error("{path}: add '--target=' option to scripts/Makefile.clang (no clang target for SRCARCH={srcarch})")]
    NoClangTarget { path: PathBuf, srcarch: String },
    #[error("{0}")]
    Probe(#[from] ProbeError),
}
