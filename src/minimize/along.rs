//! What one line of a minimized fragment brings with it: the symbols whose
//! written value changes when the line is taken out, and through which
//! property of theirs (`select`, `imply`, a `default`, or a `depends on`
//! that hides or shows them), read off the target's evaluation.

use super::pin::{outcome, Outcome};
use super::{differing, evaluate, Minimized};
use crate::config::ConfigFile;
use crate::eval::Tristate;
use crate::model::{Model, SymbolId};

/// How a symbol follows the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// A `select` forces it.
    Select,
    /// An `imply` raises it.
    Imply,
    /// A `default` gives it.
    Default,
    /// Its prompt or `depends on` shows, hides or caps it.
    Dependency,
}

/// One symbol the line changes.
#[derive(Clone, Debug)]
pub struct Change {
    pub sym: SymbolId,
    /// Its outcome without the line.
    pub without: Outcome,
    /// Its outcome with it (the target's).
    pub with: Outcome,
    pub via: Via,
}

/// What line `i` of `m` brings with it.
pub fn brings_along(model: &Model, base: &ConfigFile, m: &Minimized<'_>, i: usize) -> Vec<Change> {
    let mut rest = m.lines.clone();
    let line = rest.remove(i);
    let without = evaluate(model, base, &rest);
    let target = &m.target.evaluation;
    differing(&without.evaluation, target)
        .into_iter()
        .filter(|&s| s != line.sym && shown(&without.evaluation, s) | shown(target, s))
        .map(|s| Change {
            sym: s,
            without: outcome(&without.evaluation, s),
            with: outcome(target, s),
            via: via(target.state(s)),
        })
        .collect()
}

/// Written to `.config`: a change a user would see.
fn shown(ev: &crate::Evaluation<'_>, s: SymbolId) -> bool {
    ev.state(s).write
}

fn via(st: &crate::eval::SymState) -> Via {
    if st.rev_dep != Tristate::No {
        Via::Select
    } else if st.implied != Tristate::No {
        Via::Imply
    } else if st.default_used.is_some() && !st.has_user {
        Via::Default
    } else {
        Via::Dependency
    }
}
