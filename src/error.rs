//! The library's error type. Every error that comes from user input names
//! the file and line it came from; each variant keeps what went wrong as
//! data and words it only when displayed.

use crate::macros::MacroError;
use crate::syntax::{Excerpt, SyntaxError};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A Kconfig syntax error, shown with the source line and a caret
    /// (`file:line:col: error: ...`).
    #[error(transparent)]
    Syntax(Box<SyntaxErrorIn>),
    /// An error of the macro language (`$(error-if,...)`, a variable that
    /// references itself, ...), at the file and line the kernel names.
    #[error(transparent)]
    Macro(Box<MacroError>),
    /// A semantic error in the Kconfig tree (a `source` nested too deep, a
    /// dependency loop, ...).
    #[error("{file}:{line}: error: {kind}")]
    Kconfig {
        file: String,
        line: u32,
        kind: Box<KconfigErrorKind>,
    },
    /// An error in the Kconfig tree that conf reports in its own words and
    /// layout. conf exits 1.
    #[error(transparent)]
    Conf(Box<ConfError>),
    /// A configuration file or fragment that cannot be used.
    #[error("{file}:{line}: error: {message}")]
    Config {
        file: String,
        line: u32,
        message: String,
    },
    #[error("{0}")]
    Usage(String),
    /// An error met after the tree had printed messages (`$(info)`,
    /// `$(warning-if)`, conf's own warnings), which conf prints before it.
    /// Shown as the error alone.
    #[error("{error}")]
    AfterMessages {
        messages: Vec<crate::macros::Diagnostic>,
        error: Box<Error>,
    },
}

// The large variants are boxed: an `Error` is in every `Result` of the
// lowering walk, which recurses once per nested block and sourced file.

/// A syntax error in a file: where, what, and the line it is on.
#[derive(Debug, thiserror::Error)]
#[error("{}", error.render_excerpt(file, excerpt))]
pub struct SyntaxErrorIn {
    pub file: String,
    pub error: SyntaxError,
    /// The line it is on, cut around the column.
    pub excerpt: Excerpt,
}

/// What is wrong with a Kconfig tree that conf reads (an [`Error::Kconfig`]).
#[derive(Debug, thiserror::Error)]
pub enum KconfigErrorKind {
    #[error(
        "file of {size} bytes is larger than the limit for one Kconfig file ({limit_mib} MiB)"
    )]
    FileTooLarge { size: u64, limit_mib: u64 },
    /// A bound of ours: conf would loop or run out of stack.
    #[error("`source` nested more than {0} deep")]
    SourceTooDeep(usize),
    /// streamline_config.pl's bound on `source` (`localmodconfig`).
    #[error("source nesting deeper than {0}")]
    SourceNestingTooDeep(usize),
    #[error("menus nested more than {0} deep (counting blocks in sourced files)")]
    MenusTooDeep(usize),
    /// A line of macros that expands to words.
    #[error("unknown statement \"{0}\"")]
    UnknownStatement(String),
    /// A symbol operand, as written, that expands to nothing.
    #[error("`{0}` expands to nothing where a symbol is expected")]
    EmptySymbol(String),
    #[error("`option defconfig_list` outside a config entry")]
    DefconfigListOutsideEntry,
    #[error("trying to redefine defconfig symbol")]
    DefconfigListRedefined,
    #[error("symbol '{new}' redefines option 'modules' already defined by symbol '{old}'")]
    ModulesRedefined { new: String, old: String },
    #[error("`modules` outside a config entry")]
    ModulesOutsideEntry,
    /// A dependency loop of a tree older than 6.11, each step of the loop
    /// on a line, as `Model::describe_cycle` words them.
    #[error("{0}")]
    DependencyLoop(String),
}

/// An error in the Kconfig tree as conf words it (several lines, not always
/// with a file and line), without the last newline.
#[derive(Debug, thiserror::Error)]
pub enum ConfError {
    /// `source` of a file that does not exist.
    #[error("{file}:{line}: can't open file \"{name}\"")]
    CannotOpen {
        file: String,
        line: u32,
        name: String,
    },
    /// `zconf_nextfile`: a file that includes itself, and each file that
    /// led to it with the line of its `source`, innermost first, down to
    /// the top file.
    #[error(
        "Recursive inclusion detected.\nInclusion path:\n  current file : {name}{}",
        inclusion_path(included_from)
    )]
    RecursiveInclusion {
        name: String,
        included_from: Vec<(String, u32)>,
    },
    /// Linux 7.2+ (`file_lookup`): a file read a second time anywhere in
    /// the tree, and where it was first read.
    #[error(
        "{file}:{line}: error: repeated inclusion of {name}\n\
         {first_file}:{first_line}: note: location of first inclusion of {name}"
    )]
    RepeatedInclusion {
        file: String,
        line: u32,
        name: String,
        first_file: String,
        first_line: u32,
    },
    /// What conf's checks after parsing print when one fails: its
    /// warnings, then its errors, each a complete report.
    #[error("{}", .0.join("\n"))]
    Checks(Vec<String>),
}

/// `included from: FILE:LINE` lines, as conf lists them.
fn inclusion_path(included_from: &[(String, u32)]) -> String {
    let lines = included_from.iter();
    lines
        .map(|(file, line)| format!("\n  included from: {file}:{line}"))
        .collect()
}

impl Error {
    /// An error in the Kconfig tree itself (its syntax, its macros, its
    /// `source` statements, conf's checks after parsing): conf prints it
    /// and exits 1.
    pub fn in_kconfig_tree(&self) -> bool {
        match self {
            Error::AfterMessages { error, .. } => error.in_kconfig_tree(),
            Error::Syntax(_) | Error::Macro(_) | Error::Kconfig { .. } | Error::Conf(_) => true,
            Error::Io { .. } | Error::Config { .. } | Error::Usage(_) => false,
        }
    }

    /// This error, after the messages printed so far (if any).
    pub fn after(self, messages: &[crate::macros::Diagnostic]) -> Error {
        if messages.is_empty() {
            return self;
        }
        Error::AfterMessages {
            messages: messages.to_vec(),
            error: Box::new(self),
        }
    }
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn kconfig(file: &str, line: u32, kind: KconfigErrorKind) -> Error {
        Error::Kconfig {
            file: file.to_string(),
            line,
            kind: Box::new(kind),
        }
    }

    /// A syntax error in `file`, whose text is `source`.
    pub fn syntax(file: &str, error: SyntaxError, source: &str) -> Error {
        Error::Syntax(Box::new(SyntaxErrorIn {
            file: file.to_string(),
            excerpt: error.excerpt(source),
            error,
        }))
    }
}

impl From<MacroError> for Error {
    fn from(e: MacroError) -> Error {
        Error::Macro(Box::new(e))
    }
}

impl From<ConfError> for Error {
    fn from(e: ConfError) -> Error {
        Error::Conf(Box::new(e))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
