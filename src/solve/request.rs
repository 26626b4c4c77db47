//! Requests: `SYMBOL=VALUE` from the command line or a fragment's lines,
//! checked against the tree.

use super::SolveError;
use crate::config::Assignment;
use crate::eval::{user::string_valid, Origin, Tristate};
use crate::model::{Model, SymbolId, SymbolType};
use std::sync::Arc;

/// A value someone wants a symbol to end with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub sym: SymbolId,
    /// As a .config line has it: `y`, `m`, `n`, a number, a quoted string.
    pub value: String,
    pub origin: Origin,
}

impl Request {
    /// `SYMBOL=VALUE` or `CONFIG_SYMBOL=VALUE`; `origin` says where it was
    /// written.
    pub fn parse(model: &Model, text: &str, origin: Origin) -> Result<Request, SolveError> {
        let Some((name, value)) = text.split_once('=') else {
            return Err(SolveError::Syntax {
                text: text.to_string(),
                origin,
            });
        };
        let name = name.trim();
        let name = name.strip_prefix("CONFIG_").unwrap_or(name);
        Request::new(model, name, value.trim(), origin)
    }

    /// Every assignment of a fragment is a request.
    pub fn from_assignment(model: &Model, a: &Assignment) -> Result<Request, SolveError> {
        let origin = Origin {
            file: a.file.clone(),
            line: a.line,
        };
        Request::new(model, &a.name, &a.value, origin)
    }

    fn new(model: &Model, name: &str, value: &str, origin: Origin) -> Result<Request, SolveError> {
        let Some(sym) = model
            .lookup(name)
            .filter(|&s| model.sym(s).ty != SymbolType::Unknown)
        else {
            return Err(SolveError::UnknownSymbol {
                name: name.to_string(),
                origin,
            });
        };
        let ty = model.sym(sym).ty;
        // Read as conf reads a .config line: `yes` is `y` (eval/user.rs).
        let value = match ty {
            SymbolType::String if !value.starts_with('"') => {
                format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
            }
            SymbolType::Bool | SymbolType::Tristate => {
                match crate::eval::user::read_tristate(ty, value) {
                    Some(t) => t.as_str().to_string(),
                    None => value.to_string(),
                }
            }
            _ => value.to_string(),
        };
        let ok = match ty {
            SymbolType::Bool | SymbolType::Tristate => {
                crate::eval::user::read_tristate(ty, &value).is_some()
            }
            SymbolType::Int | SymbolType::Hex => string_valid(ty, &value),
            _ => true,
        };
        if !ok {
            return Err(SolveError::InvalidValue {
                name: name.to_string(),
                value,
                ty: ty.name(),
                origin,
            });
        }
        Ok(Request { sym, value, origin })
    }

    /// The requested value of a bool or tristate.
    pub fn tristate(&self) -> Option<Tristate> {
        match self.value.as_str() {
            "y" => Some(Tristate::Yes),
            "m" => Some(Tristate::Mod),
            "n" => Some(Tristate::No),
            _ => None,
        }
    }

    /// The value the symbol must show in the evaluation (strings unquoted).
    pub fn expected(&self) -> String {
        crate::config::unquote(&self.value).0
    }

    /// The request as a config line.
    pub fn assignment(&self, model: &Model) -> Assignment {
        Assignment {
            name: model.name(self.sym).to_string(),
            value: self.value.clone(),
            not_set: false,
            file: self.origin.file.clone(),
            line: self.origin.line,
        }
    }
}

/// Where a command-line request came from: its position among the
/// requests.
pub fn command_line(index: usize) -> Origin {
    Origin {
        file: Arc::from("command line"),
        line: index as u32 + 1,
    }
}
