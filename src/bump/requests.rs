//! The fragments' requests evaluated on one tree, and compared across the
//! two trees.
//!
//! `evaluate` is the one place that decides whether a request holds and
//! why not; it is written against `config::olddefconfig` and
//! `explain::blockers` and is meant to become a call into `ksolve check`'s
//! findings once that engine is on this branch.

use crate::config::{self, Assignment, ConfigFile};
use crate::eval::{user::string_valid, value::strtoll, value::strtoull, Evaluation, Tristate};
use crate::explain::{blockers, Blocker};
use crate::model::{Model, SymbolId, SymbolType};

/// One request on one tree.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// `None` when the tree does not define the symbol.
    pub sym: Option<SymbolId>,
    /// The value after olddefconfig.
    pub value: Option<String>,
    pub held: bool,
    /// What keeps the symbol from the request, when it does not hold.
    pub blockers: Vec<Blocker>,
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

/// The requests of the fragments: the last line for each symbol (an
/// earlier one is overridden, as `merge_config.sh` overrides it).
pub fn requests(fragments: &[ConfigFile]) -> Vec<Assignment> {
    let all: Vec<&Assignment> = fragments.iter().flat_map(|f| &f.assignments).collect();
    all.iter()
        .enumerate()
        .filter(|(i, a)| !all[i + 1..].iter().any(|b| b.name == a.name))
        .map(|(_, a)| (*a).clone())
        .collect()
}

/// Evaluate base and fragments on `model` as olddefconfig does, and each
/// request against the result.
pub fn evaluate<'m>(model: &'m Model, base: &ConfigFile, fragments: &[ConfigFile], requests: &[Assignment]) -> (Evaluation<'m>, Vec<Outcome>) {
    let merged = config::merge(std::iter::once(base).chain(fragments));
    let mut ev = config::olddefconfig(model, &merged).evaluation;
    let outcomes = requests.iter().map(|r| outcome(&mut ev, r)).collect();
    (ev, outcomes)
}

fn outcome(ev: &mut Evaluation<'_>, request: &Assignment) -> Outcome {
    let Some(s) = super::known(ev.model, &request.name) else {
        return Outcome { sym: None, value: None, held: false, blockers: Vec::new() };
    };
    let held = holds(ev, s, &request.value);
    let blockers = if held { Vec::new() } else { blockers(ev, s, &request.value) };
    Outcome { sym: Some(s), value: Some(ev.string_value(s)), held, blockers }
}

/// Whether `s` has the value `requested` asks for, as conf reads it.
fn holds(ev: &mut Evaluation<'_>, s: SymbolId, requested: &str) -> bool {
    let ty = ev.model.sym(s).ty;
    let got = ev.string_value(s);
    let tri = |v: &str| match v.as_bytes().first() {
        Some(b'y') => Some(Tristate::Yes),
        Some(b'm') => Some(Tristate::Mod),
        Some(b'n') => Some(Tristate::No),
        _ => None,
    };
    match ty {
        SymbolType::Bool | SymbolType::Tristate => tri(requested).is_some() && tri(requested) == tri(&got),
        SymbolType::Int if string_valid(ty, requested) => got.parse::<i64>().ok() == Some(strtoll(requested, 10)),
        SymbolType::Hex if string_valid(ty, requested) => string_valid(ty, &got) && strtoull(&got, 16) == strtoull(requested, 16),
        SymbolType::String => unquote(requested) == got,
        _ => requested == got,
    }
}

fn unquote(value: &str) -> String {
    let Some(rest) = value.strip_prefix('"') else { return value.to_string() };
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}
