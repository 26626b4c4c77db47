//! The semantic difference of one symbol between two trees: removed (with
//! rename candidates), added, type changed, prompt added or removed,
//! definition lines added or removed, defined in other files.

use super::known;
use super::lines::{lines, Line, LineKind};
use super::rename::{Candidate, NewNames};
use crate::model::{graph::EdgeKind, Model, SymbolId, SymbolType};

/// How a symbol differs between the old and the new tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Defined in the old tree only. `transitional`: the new tree keeps
    /// the name as a `transitional` symbol (read from old configs, never
    /// written).
    Removed {
        transitional: bool,
        candidates: Vec<Candidate>,
    },
    /// Defined in the new tree only.
    Added,
    TypeChanged {
        old: SymbolType,
        new: SymbolType,
    },
    /// The symbol lost its last prompt: a user value no longer counts,
    /// only `default` and `select` set it. The candidates are where the
    /// prompt may have gone (a new symbol, as for a rename: 6.12's
    /// NVME_AUTH became a library and its prompt NVME_HOST_AUTH's).
    PromptRemoved {
        old: Vec<Line>,
        candidates: Vec<Candidate>,
    },
    /// The symbol gained a prompt: a user value now counts.
    PromptAdded {
        new: Vec<Line>,
    },
    /// Lines of the definitions that only one tree has.
    Lines {
        removed: Vec<Line>,
        added: Vec<Line>,
    },
    /// Defined in other files.
    Moved {
        old: Vec<String>,
        new: Vec<String>,
    },
}

/// One symbol's differences.
#[derive(Clone, Debug, PartialEq)]
pub struct SymbolDiff {
    pub name: String,
    pub old: Option<SymbolId>,
    pub new: Option<SymbolId>,
    pub changes: Vec<Change>,
}

/// The differences of `name` between `old` and `new`; empty when the two
/// definitions say the same thing.
pub(super) fn diff_symbol(
    old: &Model,
    new: &Model,
    name: &str,
    renames: &NewNames<'_>,
) -> SymbolDiff {
    let (o, n) = (known(old, name), known(new, name));
    let changes = match (o, n) {
        (Some(o), None) => {
            let transitional = new.lookup(name).is_some_and(|t| new.sym(t).transitional);
            vec![Change::Removed {
                transitional,
                candidates: renames.candidates(old, o, name),
            }]
        }
        (None, Some(_)) => vec![Change::Added],
        (Some(o), Some(n)) => definition_changes(old, o, new, n, renames),
        (None, None) => Vec::new(),
    };
    SymbolDiff {
        name: name.to_string(),
        old: o,
        new: n,
        changes,
    }
}

fn definition_changes(
    old: &Model,
    o: SymbolId,
    new: &Model,
    n: SymbolId,
    renames: &NewNames<'_>,
) -> Vec<Change> {
    let mut changes = Vec::new();
    let (ot, nt) = (old.sym(o).ty, new.sym(n).ty);
    if ot != nt {
        changes.push(Change::TypeChanged { old: ot, new: nt });
    }
    let (mut ol, mut nl) = (lines(old, o), lines(new, n));
    let is_prompt = |l: &Line| l.kind == LineKind::Prompt;
    match (ol.iter().any(is_prompt), nl.iter().any(is_prompt)) {
        (true, false) => {
            let candidates = renames.candidates(old, o, old.name(o));
            changes.push(Change::PromptRemoved {
                old: take(&mut ol, LineKind::Prompt),
                candidates,
            })
        }
        (false, true) => changes.push(Change::PromptAdded {
            new: take(&mut nl, LineKind::Prompt),
        }),
        _ => {}
    }
    let (removed, added) = line_diff(&ol, &nl);
    if !removed.is_empty() || !added.is_empty() {
        changes.push(Change::Lines { removed, added });
    }
    let (of, nf) = (files(old, o), files(new, n));
    if of != nf {
        changes.push(Change::Moved { old: of, new: nf });
    }
    changes
}

fn take(lines: &mut Vec<Line>, kind: LineKind) -> Vec<Line> {
    let (taken, rest) = std::mem::take(lines)
        .into_iter()
        .partition(|l| l.kind == kind);
    *lines = rest;
    taken
}

/// Lines only in `old`, and lines only in `new`, matched as multisets by
/// what they say.
fn line_diff(old: &[Line], new: &[Line]) -> (Vec<Line>, Vec<Line>) {
    let mut used = vec![false; new.len()];
    let mut removed = Vec::new();
    for l in old {
        match new
            .iter()
            .enumerate()
            .position(|(i, m)| !used[i] && m.key() == l.key())
        {
            Some(i) => used[i] = true,
            None => removed.push(l.clone()),
        }
    }
    let added = new
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(l, _)| l.clone())
        .collect();
    (removed, added)
}

/// The files that define `s`, sorted, without repeats.
fn files(model: &Model, s: SymbolId) -> Vec<String> {
    let mut v: Vec<String> = model
        .sym(s)
        .menus
        .iter()
        .map(|&m| model.file_name(model.menu(m).loc.file).to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The names in the dependency cone of `roots`: everything their
/// `depends on` and prompt conditions mention, transitively (choices are
/// walked through but not named).
pub(super) fn cone(model: &Model, roots: &[SymbolId]) -> Vec<String> {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut stack: Vec<SymbolId> = roots.to_vec();
    let mut out = Vec::new();
    while let Some(s) = stack.pop() {
        if !seen.insert(s) {
            continue;
        }
        if let Some(name) = model.sym(s).name.as_deref().filter(|_| !roots.contains(&s)) {
            out.push(name.to_string());
        }
        for (t, e) in model.graph().outgoing(s) {
            if matches!(e.kind, EdgeKind::Depends | EdgeKind::Visibility) && !model.sym(t).is_const
            {
                stack.push(t);
            }
        }
    }
    out
}
