//! Short text for the solver's reasons (blockers, causes), drawn by the
//! report layer's one-line reasons ([`crate::report::reason::short`]).

use crate::explain::{Explanation, Reason};
use crate::model::{Model, SymbolId};
use crate::report::reason::short;

/// Why `s` cannot have the value it was asked for.
pub fn blocker(model: &Model, s: SymbolId, b: &Reason) -> String {
    short::blocker(model, s, b)
}

/// The main reason for a value that changed on its own.
pub fn cause(model: &Model, ex: &Explanation) -> String {
    short::cause(model, ex)
}
