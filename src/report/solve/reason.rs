//! One-line text for the solver's reasons, as `solve` prints them after
//! each line of its answer: drawn by the report layer's one-line reasons
//! ([`crate::report::reason::short`]); `check` and `why` print the full
//! reason trees of [`crate::report::reason`].

use crate::explain::{Explanation, Reason};
use crate::model::{Model, SymbolId};
use crate::report::reason::short;

/// Why `s` cannot have the value it was asked for.
pub(super) fn blocker(model: &Model, s: SymbolId, b: &Reason) -> String {
    short::blocker(model, s, b)
}

/// The main reason for a value that changed on its own.
pub(super) fn cause(model: &Model, ex: &Explanation) -> String {
    short::cause(model, ex)
}

/// Every blocker of `s`, `; `-separated.
pub(super) fn blockers(model: &Model, s: SymbolId, bs: &[Reason]) -> String {
    let why: Vec<String> = bs.iter().map(|b| blocker(model, s, b)).collect();
    why.join("; ")
}
