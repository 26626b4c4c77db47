//! The Kconfig macro language (Documentation/kbuild/kconfig-macro-language.rst):
//! variables, user functions, built-in functions, `$(shell,...)` probes and
//! the environment the kernel's Makefile hands to conf.
//!
//! The kernel expands macros while it lexes (scripts/kconfig/preprocess.c,
//! lexer.l), so the lowering pass walks the parsed files in document order
//! and calls, for each piece of raw text:
//! * [`Preprocessor::assign`] for `NAME = value`, `NAME := value`,
//!   `NAME += value` lines;
//! * [`Preprocessor::expand_word`] for a bare word that contains `$`
//!   (`$(success,$(CC) -v)`, `FOO$(BAR)`, a macro-only line's words);
//! * [`Preprocessor::expand_quoted`] for the text between the quotes of a
//!   string, which also processes `\x` escapes.
//!
//! # The language, in brief
//! * `$(NAME)` or `$(NAME,ARG,...)`: the clause is split on commas outside
//!   parentheses; the name and each argument are expanded; then, in order:
//!   `$(1)`..`$(n)` of the user function being called, a variable (a
//!   recursive one is expanded now, with the arguments as `$(1)`..), a
//!   built-in function, an environment variable (only without arguments),
//!   else nothing. `$` not followed by `(` is a plain `$`.
//! * `=` stores the value raw; `:=` expands it first; `+=` appends with a
//!   space, keeping the flavor of an existing variable (recursive if new).
//! * Built-ins: `shell`, `info`, `warning-if`, `error-if`, `filename`,
//!   `lineno`. `info` and `warning-if` messages are recorded as
//!   [`Diagnostic`]s, not printed: the caller renders them.
//!
//! # Where the kernel's line numbers come from
//! Messages and `$(lineno)` use the kernel lexer's current line. For words
//! and strings that is the line they are written on. For `:=` (and `+=` on a
//! simple variable) the kernel expands the value once the parser has read the
//! end of line, so `$(lineno)` and errors there report the *next* line;
//! [`Preprocessor::assign`] reproduces that. Pass the physical line of the
//! token (after any `\`-newline continuation) as [`Location::line`].

mod clang_flags;
mod error;
mod expand;
mod functions;
mod kernel_env;
mod makefile_env;
mod probe;
mod toolchain_id;
pub(crate) mod top_makefile;

#[cfg(test)]
mod tests;

pub use clang_flags::{clang_flags, inline_clang_flags, ClangInput};
pub use error::{KernelEnvError, MacroError, MacroErrorKind, ProbeError};
pub use expand::{Preprocessor, MAX_EXPANSION_DEPTH, MAX_FUNCTION_ARGS};
pub use kernel_env::{
    parse_version, read_version, srcarch_from_arch, subarch_from_machine, toolchain, toolchain_in,
    KernelEnv, KernelOptions, KernelVersion, LlvmForms,
};
pub use probe::{
    cache_key, cache_root, default_cache_dir, pending, shell_output, ProbeCache, ProbeOptions,
    ProbeStats, Probes, PENDING,
};
pub use top_makefile::{Context as MakefileContext, TopMakefile};

/// Where a piece of raw text was written: the file name as the kernel prints
/// it (the path as written in `source`, after expansion) and the line the
/// kernel's lexer is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location<'a> {
    pub file: &'a str,
    pub line: u32,
}

/// A message a built-in function asked to print.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub kind: DiagnosticKind,
    pub file: String,
    pub line: u32,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DiagnosticKind {
    /// `$(info,MSG)`: the kernel prints `MSG` on standard output.
    Info,
    /// `$(warning-if,y,MSG)`: the kernel prints `FILE:LINE: MSG` on standard
    /// error.
    Warning,
    /// A warning of conf's own while parsing (`menu_warn`, ...): the
    /// message is the whole line as conf prints it on standard error.
    Conf,
}

impl Diagnostic {
    /// A warning of conf's own, `line` as conf prints it.
    pub fn conf_warning(line: String) -> Diagnostic {
        Diagnostic {
            kind: DiagnosticKind::Conf,
            file: String::new(),
            line: 0,
            message: line,
        }
    }
}

impl std::fmt::Display for Diagnostic {
    /// The line the kernel prints, without the newline.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            DiagnosticKind::Info | DiagnosticKind::Conf => write!(f, "{}", self.message),
            DiagnosticKind::Warning => write!(f, "{}:{}: {}", self.file, self.line, self.message),
        }
    }
}
