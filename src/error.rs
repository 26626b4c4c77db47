//! The library's error type. Every error that comes from user input names
//! the file and line it came from.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A Kconfig syntax error, already rendered with the source line and a
    /// caret (`file:line:col: error: ...`).
    #[error("{0}")]
    Syntax(String),
    /// A semantic error in the Kconfig tree (a `source` that cannot be
    /// opened, a recursive inclusion, a macro error, a dependency loop...).
    #[error("{file}:{line}: error: {message}")]
    Kconfig {
        file: String,
        line: u32,
        message: String,
    },
    /// An error in the Kconfig tree that conf reports in its own layout
    /// (several lines, not always with a file and line: "Recursive
    /// inclusion detected.", every dependency loop, ...), already worded
    /// exactly as conf prints it, without the last newline. conf exits 1.
    #[error("{0}")]
    Conf(String),
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

impl Error {
    /// An error in the Kconfig tree itself (its syntax, its macros, its
    /// `source` statements, conf's checks after parsing): conf prints it
    /// and exits 1.
    pub fn in_kconfig_tree(&self) -> bool {
        match self {
            Error::AfterMessages { error, .. } => error.in_kconfig_tree(),
            _ => matches!(
                self,
                Error::Syntax(_) | Error::Kconfig { .. } | Error::Conf(_)
            ),
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

    pub fn kconfig(file: &str, line: u32, message: impl Into<String>) -> Error {
        Error::Kconfig {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
