//! Choices: which member is `y`.
//!
//! Modern kernels (6.11+, `sym_calc_choice`): the first visible member, in
//! priority order, that the user set to `y`; else the active default unless
//! the user set it to `n`; else the first visible member the user said
//! nothing about; else the least recently set visible member.
//!
//! Legacy kernels: a choice is a symbol whose value (`y`, `m`, `n`) bounds
//! its members; when `y`, the member the user chose if it is visible, else
//! the default.

use super::value::Tristate;
use super::Evaluation;
use crate::model::{Expr, MenuId, PropKind, SymbolId};

impl Evaluation<'_> {
    /// Modern `sym_calc_choice`: sets the value of every visible member.
    pub(crate) fn calc_choice(&mut self, choice: MenuId) -> Option<SymbolId> {
        let priority = self.priority.get(&choice).cloned().unwrap_or_default();
        let mut res = None;
        for &s in &priority {
            self.calc_visibility(s);
            let st = &self.st[s.index()];
            if st.visible == Tristate::No {
                continue;
            }
            if st.has_user && st.user_tri == Tristate::Yes {
                res = Some(s);
                break;
            }
        }
        if res.is_none() {
            res = self.choice_default(choice);
            if let Some(d) = res {
                let st = &self.st[d.index()];
                if st.has_user && st.user_tri == Tristate::No {
                    res = None;
                }
            }
        }
        let subtree = self.model.subtree_symbols(choice);
        if res.is_none() {
            res = subtree.iter().copied().find(|&s| {
                let st = &self.st[s.index()];
                st.visible != Tristate::No && !st.has_user
            });
        }
        if res.is_none() {
            res = priority
                .iter()
                .rev()
                .copied()
                .find(|&s| self.st[s.index()].visible != Tristate::No);
        }
        for s in subtree {
            let st = &mut self.st[s.index()];
            if st.visible == Tristate::No {
                continue;
            }
            st.curr.tri = Tristate::from_bool(Some(s) == res);
            st.curr.val = st.curr.tri.as_str().to_string();
            st.valid = true;
            st.write = true;
        }
        res
    }

    /// `sym_choice_default`: the first active default naming a visible
    /// member, else the first visible member.
    pub(super) fn choice_default(&mut self, choice: MenuId) -> Option<SymbolId> {
        let csym = self.model.menu(choice).sym?;
        self.visible_default(csym).or_else(|| {
            self.model
                .subtree_symbols(choice)
                .into_iter()
                .find(|&s| self.st[s.index()].visible != Tristate::No)
        })
    }

    /// The first `default` of a choice whose condition holds and whose
    /// member is visible.
    fn visible_default(&mut self, csym: SymbolId) -> Option<SymbolId> {
        let model = self.model;
        for &p in &model.sym(csym).props {
            if model.prop(p).kind != PropKind::Default
                || self.eval_opt(model.prop(p).visible) == Tristate::No
            {
                continue;
            }
            let Some(Expr::Symbol(d)) = model.prop(p).expr.map(|e| model.exprs.get(e)) else {
                continue;
            };
            if self.st[d.index()].visible != Tristate::No {
                return Some(d);
            }
        }
        None
    }

    /// Legacy `sym_calc_choice`: the selected member of a choice that is `y`.
    pub(crate) fn legacy_calc_choice(&mut self, choice: SymbolId) -> Option<SymbolId> {
        let members = self.model.sym(choice).members.clone();
        let mut all_user = true;
        for &m in &members {
            self.calc_visibility(m);
            if self.st[m.index()].visible != Tristate::No && !self.st[m.index()].has_user {
                all_user = false;
            }
        }
        // The user's choice only counts while every visible member has a
        // user value.
        if !all_user {
            self.st[choice.index()].has_user = false;
        }
        if let Some(u) = self.st[choice.index()].user_choice {
            if self.st[u.index()].visible != Tristate::No {
                return Some(u);
            }
        }
        let d = self.legacy_choice_default(choice, &members);
        if d.is_none() {
            self.st[choice.index()].curr.tri = Tristate::No;
        }
        d
    }

    pub(super) fn legacy_choice_default(
        &mut self,
        choice: SymbolId,
        members: &[SymbolId],
    ) -> Option<SymbolId> {
        self.visible_default(choice).or_else(|| {
            members
                .iter()
                .copied()
                .find(|&m| self.st[m.index()].visible != Tristate::No)
        })
    }

    /// Legacy: the members of a written choice are written while visible.
    pub(crate) fn legacy_mark_members_written(&mut self, choice: SymbolId) {
        if !self.st[choice.index()].write {
            return;
        }
        for &m in &self.model.sym(choice).members {
            if self.st[m.index()].visible != Tristate::No {
                self.st[m.index()].write = true;
            }
        }
    }
}
