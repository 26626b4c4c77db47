//! Choices under Linux 6.11+ rules (`sym_calc_choice`) as a formula.
//!
//! Without an answer line, the member picked is the kernel's: the first
//! visible member (in priority order) the user set to `y`; else the active
//! default unless the user set it to `n`; else the first visible member the
//! user said nothing about; else the last visible one in priority order.
//! An answer line `MEMBER=y` comes last in the .config, so it has the
//! highest priority: that member is picked (the solver only writes it for a
//! visible member, and for at most one member per choice).

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
            self.in_progress[s.0 as usize] = true;
        }
        let vis: Vec<Bit> = members.iter().map(|&s| self.visibility(s).m).collect();
        for &s in &members {
            self.in_progress[s.0 as usize] = false;
        }
        let natural = self.natural_choice(choice, &members, &vis);
        let mut written = Vec::new();
        for (i, &s) in members.iter().enumerate() {
            if !self.has_prompt(s) {
                written.push(Bit::F);
                continue;
            }
            let w = self.cnf.var();
            self.cnf.implies(Bit::L(w), vis[i]);
            self.lines.insert(s, LineVars { written: w, value: Tri::Y });
            written.push(Bit::L(w));
        }
        for i in 0..written.len() {
            for j in i + 1..written.len() {
                self.cnf.clause(&[written[i].not(), written[j].not()]);
            }
        }
        let any_written = self.cnf.or_all(&written);
        for (i, &s) in members.iter().enumerate() {
            let keep = self.cnf.and(any_written.not(), natural[i]);
            let chosen = self.cnf.or(written[i], keep);
            self.values.insert(s, Tri { m: chosen, y: chosen });
            self.encoded.push(s);
        }
    }

    /// What the kernel picks with the base's user values.
    fn natural_choice(&mut self, choice: MenuId, members: &[SymbolId], vis: &[Bit]) -> Vec<Bit> {
        let idx = |s: SymbolId| members.iter().position(|&m| m == s);
        let priority: Vec<usize> = self.base.priority.get(&choice).cloned().unwrap_or_default().into_iter().filter_map(idx).collect();
        let user = |e: &Self, i: usize| {
            let st = e.base.state(members[i]);
            st.has_user.then_some(st.user_tri)
        };
        let step1: Vec<(usize, Bit)> =
            priority.iter().filter(|&&i| user(self, i) == Some(Tristate::Yes)).map(|&i| (i, vis[i])).collect();
        let mut step2 = self.choice_defaults(choice, members, vis);
        step2.extend((0..members.len()).map(|i| (i, vis[i])));
        let step3: Vec<(usize, Bit)> = (0..members.len()).filter(|&i| user(self, i).is_none()).map(|i| (i, vis[i])).collect();
        let step4: Vec<(usize, Bit)> = priority.iter().rev().map(|&i| (i, vis[i])).collect();
        let n = members.len();
        let (p1, any1) = self.first_of(&step1, n);
        let (mut p2, _) = self.first_of(&step2, n);
        for (i, p) in p2.iter_mut().enumerate() {
            if user(self, i) == Some(Tristate::No) {
                *p = Bit::F;
            }
        }
        let any2 = self.cnf.or_all(&p2);
        let (p3, any3) = self.first_of(&step3, n);
        let (p4, _) = self.first_of(&step4, n);
        let mut out = Vec::with_capacity(n);
        let none1 = any1.not();
        let none12 = self.cnf.and(none1, any2.not());
        let none123 = self.cnf.and(none12, any3.not());
        for i in 0..n {
            let parts = [p1[i], self.cnf.and(none1, p2[i]), self.cnf.and(none12, p3[i]), self.cnf.and(none123, p4[i])];
            out.push(self.cnf.or_all(&parts));
        }
        out
    }

    /// `sym_choice_default`'s defaults: each names a member and counts when
    /// its condition holds and that member is visible.
    fn choice_defaults(&mut self, choice: MenuId, members: &[SymbolId], vis: &[Bit]) -> Vec<(usize, Bit)> {
        let model = self.model;
        let Some(csym) = model.menu(choice).sym else { return Vec::new() };
        let mut out = Vec::new();
        for p in model.props_of(csym, PropKind::Default).collect::<Vec<_>>() {
            let Some(Expr::Symbol(d)) = model.prop(p).expr.map(|e| model.exprs.get(e)) else { continue };
            let Some(i) = members.iter().position(|&m| m == d) else { continue };
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

    /// The symbols of the menu nodes under a choice, depth first
    /// (`menu_for_each_sub_entry`).
    pub(crate) fn subtree_symbols(&self, choice: MenuId) -> Vec<SymbolId> {
        let mut out = Vec::new();
        let mut stack: Vec<MenuId> = self.model.menu(choice).children.iter().rev().copied().collect();
        while let Some(m) = stack.pop() {
            let node = self.model.menu(m);
            let member = |s: &SymbolId| self.model.sym(*s).choice_menu == Some(choice) && !out.contains(s);
            if let Some(s) = node.sym.filter(member) {
                out.push(s);
            }
            stack.extend(node.children.iter().rev().copied());
        }
        out
    }
}
