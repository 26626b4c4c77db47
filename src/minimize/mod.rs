//! `ksolve minimize`: the smallest fragment F such that `olddefconfig` of
//! BASE plus F writes what `olddefconfig` of TARGET writes.
//!
//! conf computes every symbol from its own user value and the values of the
//! symbols it names (`sym_calc_value`, scripts/kconfig/symbol.c), and the
//! dependency order has no cycles. So a fragment reproduces the target
//! exactly when every symbol, with every other symbol at its target value,
//! reaches its target value from its user value in BASE plus F. A symbol
//! that does so from BASE's user value needs no line; one that does not
//! needs one, in every fragment that works. The lines this test asks for are
//! therefore the minimum, and removing any of them breaks the result
//! (`pin.rs` runs the test; a choice and its members are one unit, as
//! `sym_calc_choice` picks the member from all of them).
//!
//! A symbol that no line brings to its target value (a prompt capping a
//! user value below what a default gives, a value conf rejects) is
//! unreachable and reported with the blockers `check` gives. The answer is
//! then evaluated for real; if it still differs from the target (a case the
//! argument above misses), the differing lines are added and pruned again
//! by real evaluations, and `verified` says whether the result matched.
//! Nothing here builds text: report/minimize.rs renders the result.

mod along;
mod pin;

pub use along::{brings_along, Change, Via};
pub use pin::Outcome;

use crate::config::{self, write::escape, Assignment, ConfigFile, Olddefconfig};
use crate::eval::Evaluation;
use crate::model::{Model, SymbolId, SymbolType};
use pin::{logical_values, outcome, Group, Pinned};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// What to prefer among equally small answers.
#[derive(Clone, Copy, Debug, Default)]
pub struct MinimizeOptions<'a> {
    /// An existing fragment: its lines are used wherever one of them does
    /// the job, so that updating it gives a small diff.
    pub keep: Option<&'a ConfigFile>,
}

/// One line of the answer.
#[derive(Clone, Debug)]
pub struct Line {
    pub sym: SymbolId,
    pub assignment: Assignment,
    /// The line comes from the `--keep` fragment.
    pub kept: bool,
}

/// A target value no fragment line produces.
#[derive(Clone, Debug)]
pub struct Unreachable {
    pub sym: SymbolId,
    pub wanted: Outcome,
}

/// The answer, with the evaluations it was checked with.
#[derive(Debug)]
pub struct Minimized<'m> {
    /// In the order `.config` writes the symbols.
    pub lines: Vec<Line>,
    pub unreachable: Vec<Unreachable>,
    /// Lines of the `--keep` fragment the answer does without.
    pub dropped: Vec<Assignment>,
    /// `olddefconfig` of BASE plus the lines equals the target's, apart
    /// from the header.
    pub verified: bool,
    /// The symbols whose written line still differs from the target's.
    pub differing: Vec<SymbolId>,
    /// olddefconfig of BASE plus the lines.
    pub result: Olddefconfig<'m>,
    /// olddefconfig of TARGET.
    pub target: Olddefconfig<'m>,
}

/// The smallest fragment that turns `base` into `target`.
pub fn minimize<'m>(
    model: &'m Model,
    base: &ConfigFile,
    target: &ConfigFile,
    opts: MinimizeOptions<'_>,
) -> Minimized<'m> {
    let target = config::olddefconfig(model, &config::merge([target]));
    let base_merged = config::merge([base]);
    let mut base_ev = Evaluation::new(model);
    base_ev.apply_user(&base_merged);
    let kept = kept_lines(model, opts.keep);
    let mut pinned = Pinned::new(target.evaluation.clone(), base_ev);
    let mut lines = Vec::new();
    let mut unreachable = Vec::new();
    for g in groups(model) {
        let missing = pinned.mismatches(&g, &[]);
        if missing.is_empty() {
            continue;
        }
        match first_working(&mut pinned, &g, &kept) {
            Some(found) => lines.extend(found),
            None => unreachable.extend(missing.into_iter().map(|s| Unreachable {
                sym: s,
                wanted: outcome(pinned.target(), s),
            })),
        }
    }
    sort_in_config_order(model, &mut lines);
    let (lines, result) = settle(model, base, &target, lines);
    let differing = differing(&result.evaluation, &target.evaluation);
    let verified = body(&result.text) == body(&target.text);
    let used: FxHashSet<SymbolId> = lines.iter().map(|l| l.sym).collect();
    let dropped = opts.keep.map_or_else(Vec::new, |k| {
        k.assignments
            .iter()
            .filter(|a| model.lookup(&a.name).map_or(true, |s| !used.contains(&s)))
            .cloned()
            .collect()
    });
    Minimized {
        lines,
        unreachable,
        dropped,
        verified,
        differing,
        result,
        target,
    }
}

/// The `--keep` fragment's lines by symbol (the last one of a symbol wins,
/// as when merging).
fn kept_lines(model: &Model, keep: Option<&ConfigFile>) -> FxHashMap<SymbolId, Assignment> {
    let mut out = FxHashMap::default();
    for a in keep.map_or(&[][..], |k| &k.assignments[..]) {
        if let Some(s) = model.lookup(&a.name) {
            out.insert(s, a.clone());
        }
    }
    out
}

/// Every unit the test runs on: each choice with its menu's symbols, and
/// each other defined symbol alone.
fn groups(model: &Model) -> Vec<Group> {
    let mut out = Vec::new();
    let mut in_choice = vec![false; model.symbols.len()];
    for (i, sym) in model.symbols.iter().enumerate() {
        if !sym.is_choice || sym.menus.is_empty() {
            continue;
        }
        let menu = sym.menus[0];
        let mut syms = vec![SymbolId(i as u32)];
        syms.extend(model.subtree_symbols(menu));
        for s in &syms {
            in_choice[s.index()] = true;
        }
        out.push(Group {
            syms,
            choice: Some(menu),
        });
    }
    for (i, sym) in model.symbols.iter().enumerate().skip(3) {
        if in_choice[i] || sym.is_const || sym.ty == SymbolType::Unknown || sym.name.is_none() {
            continue;
        }
        out.push(Group {
            syms: vec![SymbolId(i as u32)],
            choice: None,
        });
    }
    out
}

/// The first candidate set of lines that brings `g` to the target: a kept
/// line, else the target's own value, else another value conf accepts.
fn first_working(
    pinned: &mut Pinned<'_>,
    g: &Group,
    kept: &FxHashMap<SymbolId, Assignment>,
) -> Option<Vec<Line>> {
    for cand in candidates(pinned, g, kept) {
        let assignments: Vec<Assignment> = cand.iter().map(|l| l.assignment.clone()).collect();
        if pinned.mismatches(g, &assignments).is_empty() {
            return Some(cand);
        }
    }
    None
}

fn candidates(
    pinned: &Pinned<'_>,
    g: &Group,
    kept: &FxHashMap<SymbolId, Assignment>,
) -> Vec<Vec<Line>> {
    let ev = pinned.target();
    let model = ev.model;
    let mut out: Vec<Vec<Line>> = Vec::new();
    for &s in &g.syms {
        if let Some(a) = kept.get(&s) {
            out.push(vec![Line {
                sym: s,
                assignment: a.clone(),
                kept: true,
            }]);
        }
    }
    let members = g.syms.iter().copied().filter(|&s| !model.sym(s).is_choice);
    for s in members {
        let want = outcome(ev, s);
        if g.choice.is_some() && want.value != "y" {
            continue;
        }
        let values: Vec<String> = if model.sym(s).ty.is_logical() && g.choice.is_none() {
            logical_values(&want.value)
                .into_iter()
                .map(String::from)
                .collect()
        } else {
            vec![want.value.clone()]
        };
        for v in values {
            out.push(vec![Line {
                sym: s,
                assignment: line_for(model, s, &v),
                kept: false,
            }]);
        }
    }
    out
}

/// The assignment a fragment line `CONFIG_NAME=value` makes.
fn line_for(model: &Model, s: SymbolId, value: &str) -> Assignment {
    let ty = model.sym(s).ty;
    let raw = if ty == SymbolType::String {
        escape(value)
    } else {
        value.to_string()
    };
    Assignment {
        name: model.name(s).to_string(),
        value: raw,
        not_set: ty.is_logical() && value == "n",
        file: Arc::from("<minimize>"),
        line: 0,
    }
}

/// Order lines as `.config` writes their symbols (a symbol's first menu
/// entry, depth first).
fn sort_in_config_order(model: &Model, lines: &mut [Line]) {
    let mut position = vec![usize::MAX; model.menus.len()];
    for (i, m) in model.menu_preorder().into_iter().enumerate() {
        position[m.index()] = i;
    }
    let key = |s: SymbolId| {
        model
            .sym(s)
            .menus
            .iter()
            .map(|m| position[m.index()])
            .min()
            .unwrap_or(usize::MAX)
    };
    lines.sort_by_key(|l| (key(l.sym), l.sym.0));
}

/// The `.config` text without conf's header (the comment lines before the
/// first empty or non-comment line).
pub fn body(text: &str) -> &str {
    let mut rest = text;
    while rest.starts_with('#') {
        match rest.find('\n') {
            Some(i) => rest = &rest[i + 1..],
            None => return "",
        }
    }
    rest
}

/// The symbols whose outcome differs between two evaluations.
pub(crate) fn differing(a: &Evaluation<'_>, b: &Evaluation<'_>) -> Vec<SymbolId> {
    (3..a.model.symbols.len() as u32)
        .map(SymbolId)
        .filter(|&s| a.model.sym(s).ty != SymbolType::Unknown && outcome(a, s) != outcome(b, s))
        .collect()
}

/// Evaluate BASE plus `lines`; where the result still differs, add the
/// target's lines for the differing symbols and remove again every added
/// line a real evaluation shows to be unneeded.
fn settle<'m>(
    model: &'m Model,
    base: &ConfigFile,
    target: &Olddefconfig<'m>,
    mut lines: Vec<Line>,
) -> (Vec<Line>, Olddefconfig<'m>) {
    let mut result = evaluate(model, base, &lines);
    if body(&result.text) == body(&target.text) {
        return (lines, result);
    }
    let have: FxHashSet<SymbolId> = lines.iter().map(|l| l.sym).collect();
    let added: Vec<Line> = differing(&result.evaluation, &target.evaluation)
        .into_iter()
        .filter(|&s| {
            !have.contains(&s) && target.evaluation.state(s).visible != crate::Tristate::No
        })
        .map(|s| Line {
            sym: s,
            assignment: line_for(model, s, &outcome(&target.evaluation, s).value),
            kept: false,
        })
        .collect();
    if added.is_empty() {
        return (lines, result);
    }
    let first_added = lines.len();
    lines.extend(added);
    let trial = evaluate(model, base, &lines);
    if body(&trial.text) != body(&target.text) {
        lines.truncate(first_added);
        return (lines, result);
    }
    result = trial;
    let mut i = first_added;
    while i < lines.len() {
        let line = lines.remove(i);
        let without = evaluate(model, base, &lines);
        if body(&without.text) == body(&target.text) {
            result = without;
        } else {
            lines.insert(i, line);
            i += 1;
        }
    }
    sort_in_config_order(model, &mut lines);
    (lines, result)
}

/// olddefconfig of BASE with `lines` merged after it, as a fragment.
pub(crate) fn evaluate<'m>(
    model: &'m Model,
    base: &ConfigFile,
    lines: &[Line],
) -> Olddefconfig<'m> {
    let fragment = ConfigFile {
        assignments: lines.iter().map(|l| l.assignment.clone()).collect(),
        warnings: Vec::new(),
    };
    config::olddefconfig(model, &config::merge([base, &fragment]))
}

/// Lines of `lines` whose removal still gives the target: the deletion
/// check, by real evaluation. Empty for every answer of [`minimize`] that
/// is verified.
pub fn removable(model: &Model, base: &ConfigFile, m: &Minimized<'_>) -> Vec<SymbolId> {
    let want = body(&m.target.text);
    (0..m.lines.len())
        .filter(|&i| {
            let mut rest = m.lines.clone();
            rest.remove(i);
            body(&evaluate(model, base, &rest).text) == want
        })
        .map(|i| m.lines[i].sym)
        .collect()
}
