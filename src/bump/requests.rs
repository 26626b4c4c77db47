//! The fragments' requests evaluated on one tree, and compared across the
//! two trees.
//!
//! Whether a request holds, and why not, is `ksolve check`'s business:
//! each tree gets one check run, and its findings are compared.

use crate::check::{self, Finding, Fragment, Status};
use crate::config::{Assignment, ConfigFile};
use crate::eval::Evaluation;
use crate::explain::Reason;
use crate::model::{Model, SymbolId};

/// One request on one tree.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// `None` when the tree does not define the symbol.
    pub sym: Option<SymbolId>,
    /// The value after olddefconfig.
    pub value: Option<String>,
    pub held: bool,
    /// What keeps the symbol from the request, when it does not hold.
    pub blockers: Vec<Reason>,
}

/// What the bump does to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// Held on the old tree and holds on the new one.
    Held,
    /// Held on the old tree, not on the new one.
    Lost,
    /// The old tree defines the symbol, the new one does not.
    Removed,
    /// Did not hold on the old tree (or the symbol was unknown there),
    /// holds on the new one.
    Gained,
    /// Holds on neither tree.
    NotHeld,
    /// Neither tree defines the symbol.
    Unknown,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Held => "held",
            Verdict::Lost => "lost",
            Verdict::Removed => "removed",
            Verdict::Gained => "gained",
            Verdict::NotHeld => "not-held",
            Verdict::Unknown => "unknown",
        }
    }

    /// Whether the bump fails because of this request (exit status 1).
    pub fn is_failure(self) -> bool {
        matches!(self, Verdict::Lost | Verdict::Removed)
    }

    pub fn of(old: &Outcome, new: &Outcome) -> Verdict {
        match (old.sym.is_some(), new.sym.is_some()) {
            (true, false) => Verdict::Removed,
            (false, false) => Verdict::Unknown,
            _ if new.held && old.held => Verdict::Held,
            _ if new.held => Verdict::Gained,
            _ if old.held => Verdict::Lost,
            _ => Verdict::NotHeld,
        }
    }
}

/// Run `ksolve check` on `model`: every request that no later line
/// overrides, with what became of it.
pub(super) fn evaluate<'m>(
    model: &'m Model,
    base: &ConfigFile,
    fragments: &[Fragment],
) -> (Evaluation<'m>, Vec<(Assignment, Outcome)>) {
    let run = check::check(model, base, fragments);
    let outcomes = run
        .findings
        .into_iter()
        .filter(|f| f.overridden_by.is_none())
        .map(|f| outcome(model, f))
        .collect();
    (run.evaluation, outcomes)
}

/// A `transitional` symbol (Linux 6.18) is read from old configs but never
/// written: a request naming it names a removed symbol.
fn outcome(model: &Model, f: Finding) -> (Assignment, Outcome) {
    let sym = f
        .sym
        .filter(|_| f.status != Status::Unknown)
        .filter(|&s| !model.sym(s).transitional);
    let held = sym.is_some() && matches!(f.status, Status::Ok | Status::Redundant);
    (
        f.request,
        Outcome {
            sym,
            value: f.result,
            held,
            blockers: f.blockers,
        },
    )
}
