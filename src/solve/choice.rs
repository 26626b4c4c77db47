//! Choices under Linux 6.11+ rules (`sym_calc_choice`) as a formula.
//!
//! Without an answer line, the member picked is the kernel's: the first
//! visible member (in priority order) the user set to `y`; else the active
//! default unless the user set it to `n`; else the first visible member the
//! user said nothing about; else the last visible one in priority order.
//! An answer line `MEMBER=y` comes last in the .config, so it has the
//! highest priority: that member is picked (the solver only writes it for a
//! visible member, and for at most one member per choice). A line
//! `MEMBER=n` takes the member out of the default and of "no user value".
//! (The priority a line gives only matters to the last fallback, which is
//! kept in the base's order.)

use super::cnf::{Bit, Tri};
use super::encode::{Encoder, LineVars};
use crate::eval::Tristate;
use crate::model::{Expr, MenuId, PropKind, SymbolId};

impl Encoder<'_> {
    pub(crate) fn encode_choice(&mut self, choice: MenuId) {
        let members = self.subtree_symbols(choice);
        // A member's prompt that names another member reads its base value,
        // as the kernel's recursion guard does.
        for &s in &members {
            self.in_progress[s.index()] = true;
        }
        let vis: Vec<Bit> = members.iter().map(|&s| self.visibility(s).m).collect();
        for &s in &members {
            self.in_progress[s.index()] = false;
        }
        let lines = self.member_lines(&members, &vis);
        let natural = self.natural_choice(choice, &members, &vis, &lines);
        let picked: Vec<Bit> = lines
            .iter()
            .map(|l| l.map_or(Bit::F, |l| self.cnf.and(Bit::L(l.written), l.value.y)))
            .collect();
        for i in 0..picked.len() {
            for j in i + 1..picked.len() {
                self.cnf.clause(&[picked[i].not(), picked[j].not()]);
            }
        }
        let any_picked = self.cnf.or_all(&picked);
        for (i, &s) in members.iter().enumerate() {
            let keep = self.cnf.and(any_picked.not(), natural[i]);
            let chosen = self.cnf.or(picked[i], keep);
            self.values.insert(
                s,
                Tri {
                    m: chosen,
                    y: chosen,
                },
            );
            self.encoded.push(s);
        }
    }

    /// A possible line per member with a prompt: `y` (only for a visible
    /// member) or `n`.
    fn member_lines(&mut self, members: &[SymbolId], vis: &[Bit]) -> Vec<Option<LineVars>> {
        let mut out = Vec::new();
        for (i, &s) in members.iter().enumerate() {
            if !self.has_prompt(s) {
                out.push(None);
                continue;
            }
            let written = self.cnf.var();
            let value = self.cnf.free_tri(true);
            self.cnf.implies(Bit::L(written).not(), value.m.not());
            let picked = self.cnf.and(Bit::L(written), value.y);
            self.cnf.implies(picked, vis[i]);
            let l = LineVars { written, value };
            self.lines.insert(s, l);
            out.push(Some(l));
        }
        out
    }

    /// What the kernel picks with the base's user values.
    fn natural_choice(
        &mut self,
        choice: MenuId,
        members: &[SymbolId],
        vis: &[Bit],
        lines: &[Option<LineVars>],
    ) -> Vec<Bit> {
        let idx = |s: SymbolId| members.iter().position(|&m| m == s);
        let priority: Vec<usize> = self
            .base
            .priority
            .get(&choice)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter_map(idx)
            .collect();
        // Per member: the base's user value unless a line (`n`) replaces it.
        let n = members.len();
        let (mut user_y, mut user_n, mut has_user) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..n {
            let st = self.base.state(members[i]);
            let (by, bn, bh) = (
                st.has_user && st.user_tri == Tristate::Yes,
                st.has_user && st.user_tri == Tristate::No,
                st.has_user,
            );
            let w = lines[i].map_or(Bit::F, |l| Bit::L(l.written));
            let ny = self.cnf.and(w.not(), Bit::from_bool(by));
            user_y.push(ny);
            let wn = lines[i].map_or(Bit::F, |l| self.cnf.and(w, l.value.m.not()));
            let kept_n = self.cnf.and(w.not(), Bit::from_bool(bn));
            user_n.push(self.cnf.or(wn, kept_n));
            has_user.push(self.cnf.or(w, Bit::from_bool(bh)));
        }
        let mut step1 = Vec::new();
        for &i in &priority {
            step1.push((i, self.cnf.and(user_y[i], vis[i])));
        }
        let mut step2 = self.choice_defaults(choice, members, vis);
        step2.extend((0..n).map(|i| (i, vis[i])));
        let mut step3 = Vec::new();
        for i in 0..n {
            step3.push((i, self.cnf.and(has_user[i].not(), vis[i])));
        }
        let step4: Vec<(usize, Bit)> = priority.iter().rev().map(|&i| (i, vis[i])).collect();
        let (p1, any1) = self.first_of(&step1, n);
        let (mut p2, _) = self.first_of(&step2, n);
        for i in 0..n {
            p2[i] = self.cnf.and(p2[i], user_n[i].not());
        }
        let any2 = self.cnf.or_all(&p2);
        let (p3, any3) = self.first_of(&step3, n);
        let (p4, _) = self.first_of(&step4, n);
        let mut out = Vec::with_capacity(n);
        let none1 = any1.not();
        let none12 = self.cnf.and(none1, any2.not());
        let none123 = self.cnf.and(none12, any3.not());
        for i in 0..n {
            let parts = [
                p1[i],
                self.cnf.and(none1, p2[i]),
                self.cnf.and(none12, p3[i]),
                self.cnf.and(none123, p4[i]),
            ];
            out.push(self.cnf.or_all(&parts));
        }
        out
    }

    /// `sym_choice_default`'s defaults: each names a member and counts when
    /// its condition holds and that member is visible.
    fn choice_defaults(
        &mut self,
        choice: MenuId,
        members: &[SymbolId],
        vis: &[Bit],
    ) -> Vec<(usize, Bit)> {
        let model = self.model;
        let Some(csym) = model.menu(choice).sym else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for p in model.props_of(csym, PropKind::Default).collect::<Vec<_>>() {
            let Some(Expr::Symbol(d)) = model.prop(p).expr.map(|e| model.exprs.get(e)) else {
                continue;
            };
            let Some(i) = members.iter().position(|&m| m == d) else {
                continue;
            };
            let cond = self.expr_opt(model.prop(p).visible, Tri::Y);
            let b = self.cnf.and(cond.m, vis[i]);
            out.push((i, b));
        }
        out
    }

    /// The first entry whose bit holds: per member, whether it is picked;
    /// and whether any entry held.
    fn first_of(&mut self, entries: &[(usize, Bit)], n: usize) -> (Vec<Bit>, Bit) {
        let mut picked = vec![Bit::F; n];
        let mut none = Bit::T;
        for &(i, c) in entries {
            let take = self.cnf.and(none, c);
            picked[i] = self.cnf.or(picked[i], take);
            none = self.cnf.and(none, c.not());
        }
        (picked, none.not())
    }

    /// The members of a choice in menu order, each once
    /// (`menu_for_each_sub_entry` over the choice block).
    pub(crate) fn subtree_symbols(&self, choice: MenuId) -> Vec<SymbolId> {
        let mut out: Vec<SymbolId> = Vec::new();
        for s in self.model.subtree_symbols(choice) {
            if self.model.sym(s).choice_menu == Some(choice) && !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }
}
