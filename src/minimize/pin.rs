//! The pinned evaluation: every symbol holds the target's value, so that one
//! symbol, or one choice with its members, can be recomputed from its own
//! user value alone.
//!
//! `sym_calc_value` (scripts/kconfig/symbol.c) computes a symbol from its
//! own user value and the values of the symbols its prompts, defaults,
//! `depends on`, `select` and `imply` name. With every other symbol at the
//! target's value, a symbol reaches its target value from the base's user
//! value or it does not; that is what decides whether the fragment needs a
//! line for it. A choice is one unit: `sym_calc_choice` picks the member
//! from all members' user values and the order they were set in.

use crate::config::Assignment;
use crate::eval::{Evaluation, SymState};
use crate::model::{MenuId, SymbolId};

/// A symbol's result as the written `.config` shows it: the value, and
/// whether a line is written at all (`SYMBOL_WRITE`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub value: String,
    pub written: bool,
}

/// The outcome recorded in a symbol's state.
pub(crate) fn outcome(ev: &Evaluation<'_>, s: SymbolId) -> Outcome {
    state_outcome(ev, s, ev.state(s))
}

/// One symbol, or a choice symbol with the symbols of its menu.
pub(crate) struct Group {
    pub syms: Vec<SymbolId>,
    pub choice: Option<MenuId>,
}

/// The target's evaluation (every value computed) and the base's user
/// values.
pub(crate) struct Pinned<'m> {
    target: Evaluation<'m>,
    base: Evaluation<'m>,
}

impl<'m> Pinned<'m> {
    /// `target` must be fully computed; `base` only needs its user values.
    pub(super) fn new(target: Evaluation<'m>, base: Evaluation<'m>) -> Pinned<'m> {
        Pinned { target, base }
    }

    pub(super) fn target(&self) -> &Evaluation<'m> {
        &self.target
    }

    /// The members of `g` whose outcome differs from the target's when they
    /// carry the base's user values with `lines` applied on top, in order
    /// (as a fragment merged after the base). Empty: `lines` are enough.
    /// The pinned state is restored afterwards.
    pub(super) fn mismatches(&mut self, g: &Group, lines: &[Assignment]) -> Vec<SymbolId> {
        let saved: Vec<SymState> = g
            .syms
            .iter()
            .map(|&s| self.target.st[idx(s)].clone())
            .collect();
        let saved_priority = g.choice.and_then(|c| self.target.priority.get(&c).cloned());
        let rejected = self.load_user_values(g, lines);
        for &s in &g.syms {
            self.target.st[idx(s)].valid = false;
        }
        for &s in &g.syms {
            self.target.calc(s);
        }
        let mut out: Vec<SymbolId> = g
            .syms
            .iter()
            .zip(&saved)
            .filter(|&(&s, st)| outcome(&self.target, s) != state_outcome(&self.target, s, st))
            .map(|(&s, _)| s)
            .collect();
        if rejected && out.is_empty() {
            out.push(g.syms[0]);
        }
        for (&s, st) in g.syms.iter().zip(saved) {
            self.target.st[idx(s)] = st;
        }
        if let (Some(c), Some(p)) = (g.choice, saved_priority) {
            self.target.priority.insert(c, p);
        }
        self.target.warnings.clear();
        out
    }

    /// The base's user values for `g`, then `lines`; true when conf would
    /// reject one of the lines.
    fn load_user_values(&mut self, g: &Group, lines: &[Assignment]) -> bool {
        for &s in &g.syms {
            let from = &self.base.st[idx(s)];
            let to = &mut self.target.st[idx(s)];
            to.has_user = from.has_user;
            to.user_tri = from.user_tri;
            to.user_val = from.user_val.clone();
            to.user_origin = from.user_origin.clone();
            to.user_choice = from.user_choice;
        }
        if let Some(c) = g.choice {
            if let Some(p) = self.base.priority.get(&c) {
                self.target.priority.insert(c, p.clone());
            }
        }
        let mut rejected = false;
        for a in lines {
            let Some(s) = self.target.model.lookup(&a.name) else {
                rejected = true;
                continue;
            };
            if self.target.set_user_value(s, a) {
                self.target.choice_bookkeeping(s);
            } else {
                rejected = true;
            }
        }
        rejected
    }
}

fn state_outcome(ev: &Evaluation<'_>, s: SymbolId, st: &SymState) -> Outcome {
    let value = if ev.model.sym(s).ty.is_logical() {
        st.curr.tri.as_str().to_string()
    } else {
        st.curr.val.clone()
    };
    Outcome {
        value,
        written: st.write,
    }
}

fn idx(s: SymbolId) -> usize {
    s.index()
}

/// The values a line for a bool or tristate may carry, the target's first.
pub(crate) fn logical_values(first: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for v in [first, "y", "m", "n"] {
        let t = match v {
            "y" => "y",
            "m" => "m",
            _ => "n",
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}
