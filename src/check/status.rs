//! Comparing a request with a value, and telling an invalid request (one
//! the symbol's type or range cannot hold) from a lost one.

use crate::eval::user::string_valid;
use crate::eval::value::{strtoll, strtoull};
use crate::eval::{Evaluation, Tristate};
use crate::model::{PropKind, SymbolId, SymbolType};

/// Why a request is invalid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// Not a value of the type (`m` for a bool, `0xZZ` for a hex).
    Type { ty: SymbolType },
    /// Outside the `range` active now, `low`..`high`.
    Range { low: String, high: String },
    /// A string value conf cannot read: it does not start with a quote
    /// (conf ignores it silently) or has no closing quote (conf: "invalid
    /// string found").
    Unquoted { closing_missing: bool },
}

/// The value of a logical request as conf reads it (first character),
/// `m` included whatever the type: the caller tells a bool's `m` apart.
fn tristate_of(value: &str) -> Option<Tristate> {
    crate::eval::user::read_tristate(SymbolType::Tristate, value)
}

/// A string request without its quotes and escapes (an unterminated one
/// keeps what it has).
pub(super) fn unquote(value: &str) -> String {
    crate::config::unquote(value).0
}

/// Whether `s` has the value `requested` asks for.
pub fn compare(ev: &mut Evaluation<'_>, s: SymbolId, requested: &str) -> bool {
    let ty = ev.model.sym(s).ty;
    let got = ev.string_value(s);
    match ty {
        SymbolType::Bool | SymbolType::Tristate => tristate_of(requested) == tristate_of(&got),
        SymbolType::Int if string_valid(ty, requested) => {
            got.parse::<i64>().ok() == Some(strtoll(requested, 10))
        }
        SymbolType::Hex if string_valid(ty, requested) => {
            string_valid(ty, &got) && strtoull(&got, 16) == strtoull(requested, 16)
        }
        SymbolType::String => unquote(requested) == got,
        _ => requested == got,
    }
}

/// Why `requested` is not a value `s` can hold, if it is not.
pub(super) fn invalid(ev: &mut Evaluation<'_>, s: SymbolId, requested: &str) -> Option<Invalid> {
    let ty = ev.model.sym(s).ty;
    match ty {
        SymbolType::Bool | SymbolType::Tristate => match tristate_of(requested) {
            Some(Tristate::Mod) if ty == SymbolType::Bool => Some(Invalid::Type { ty }),
            Some(_) => None,
            None => Some(Invalid::Type { ty }),
        },
        SymbolType::Int | SymbolType::Hex if !string_valid(ty, requested) => {
            Some(Invalid::Type { ty })
        }
        SymbolType::Int | SymbolType::Hex => out_of_range(ev, s, requested),
        SymbolType::String if !requested.starts_with('"') => Some(Invalid::Unquoted {
            closing_missing: false,
        }),
        SymbolType::String if !crate::config::unquote(requested).1 => Some(Invalid::Unquoted {
            closing_missing: true,
        }),
        _ => None,
    }
}

fn out_of_range(ev: &mut Evaluation<'_>, s: SymbolId, requested: &str) -> Option<Invalid> {
    let ty = ev.model.sym(s).ty;
    let (p, _) = ev.first_active(s, PropKind::Range)?;
    let (lo, hi) = ev.model.prop(p).range?;
    let base = if ty == SymbolType::Hex { 16 } else { 10 };
    let v = strtoll(requested, base);
    let (l, h) = (ev.range_bound(lo, base), ev.range_bound(hi, base));
    if v >= l && v <= h {
        return None;
    }
    Some(Invalid::Range {
        low: ev.string_value(lo),
        high: ev.string_value(hi),
    })
}
