//! `sym_calc_value` and `sym_calc_visibility`: the value of one symbol from
//! its prompts' visibility, its user value, its defaults, `imply` and
//! `select`, then its range.

use super::value::{strtoll, Tristate};
use super::{Current, EvalWarning, Evaluation};
use crate::model::{Expr, PropId, PropKind, Semantics, SymbolId, SymbolType};

impl Evaluation<'_> {
    pub(crate) fn calc(&mut self, s: SymbolId) {
        if self.st[s.index()].valid {
            return;
        }
        self.st[s.index()].valid = true;
        let old = self.st[s.index()].curr.clone();
        let Some(mut newval) = self.initial_value(s) else {
            return;
        };
        self.st[s.index()].write = false;
        self.st[s.index()].default_used = None;
        self.calc_visibility(s);
        if self.st[s.index()].visible != Tristate::No {
            self.st[s.index()].write = true;
        }
        // A recursive reference sees the initial value.
        self.st[s.index()].curr = newval.clone();
        match self.effective_type(s) {
            SymbolType::Bool | SymbolType::Tristate => {
                newval.tri = self.calc_logical(s);
                if newval.tri == Tristate::Mod && self.effective_type(s) == SymbolType::Bool {
                    newval.tri = Tristate::Yes;
                }
            }
            SymbolType::Int | SymbolType::Hex | SymbolType::String => {
                if let Some(v) = self.calc_text(s) {
                    newval.val = v;
                }
            }
            SymbolType::Unknown => {}
        }
        self.adopt_transitional(s, &newval);
        self.st[s.index()].curr = newval;
        self.settle(s, &old);
    }

    /// The value `sym_calc_value` starts from, by type; `None` for a
    /// symbol of no type, whose value is its name (set here).
    fn initial_value(&mut self, s: SymbolId) -> Option<Current> {
        let sym = self.model.sym(s);
        let legacy = self.model.semantics == Semantics::Legacy;
        let initial = match sym.ty {
            SymbolType::Int if !legacy => "0",
            SymbolType::Hex if !legacy => "0x0",
            SymbolType::Int | SymbolType::Hex | SymbolType::String => "",
            SymbolType::Bool | SymbolType::Tristate => "n",
            SymbolType::Unknown => {
                let name = sym.name.clone().unwrap_or_default();
                self.st[s.index()].curr = Current {
                    tri: Tristate::No,
                    val: name,
                };
                return None;
            }
        };
        Some(Current {
            tri: Tristate::No,
            val: initial.to_string(),
        })
    }

    /// What follows a symbol's new value (`old` was its value before): a
    /// legacy choice's selection, the range, the `modules` value, and
    /// whether the symbol is written.
    fn settle(&mut self, s: SymbolId, old: &Current) {
        let sym = self.model.sym(s);
        let legacy = self.model.semantics == Semantics::Legacy;
        if legacy && sym.is_choice && self.st[s.index()].curr.tri == Tristate::Yes {
            let chosen = self.legacy_calc_choice(s);
            self.st[s.index()].curr_choice = chosen;
        }
        self.validate_range(s);
        if s == self.model.modules && self.st[s.index()].curr != *old {
            self.modules_val = self.st[s.index()].curr.tri;
        }
        if sym.is_choice {
            if legacy {
                self.legacy_mark_members_written(s);
            }
            // A choice is never written itself (legacy: SYMBOL_NO_WRITE).
            self.st[s.index()].write = false;
        }
        if sym.transitional || sym.no_write {
            self.st[s.index()].write = false;
        }
    }

    /// Linux 6.18+ (`sym_calc_value`): a value that came from a `default`
    /// naming a single `transitional` symbol the user set becomes this
    /// symbol's user value, as if the .config had named it (oldconfig does
    /// not ask for it; it stays on later passes). The origin is the old
    /// name's line.
    fn adopt_transitional(&mut self, s: SymbolId, newval: &Current) {
        let st = &self.st[s.index()];
        if st.has_user {
            return;
        }
        let Some(e) = st.default_used.and_then(|p| self.model.prop(p).expr) else {
            return;
        };
        let Expr::Symbol(old) = self.model.exprs.get(e) else {
            return;
        };
        if !self.model.sym(old).transitional || !self.st[old.index()].has_user {
            return;
        }
        let origin = self.st[old.index()].user_origin.clone();
        let logical = self.model.sym(s).ty.is_logical();
        let st = &mut self.st[s.index()];
        (st.has_user, st.user_origin) = (true, origin);
        if logical {
            st.user_tri = newval.tri;
        } else {
            st.user_val = Some(newval.val.clone());
        }
    }

    /// The tristate value of a bool or tristate symbol.
    fn calc_logical(&mut self, s: SymbolId) -> Tristate {
        let sym = self.model.sym(s);
        match self.model.semantics {
            Semantics::Modern => {
                if let Some(choice) = sym.choice_menu {
                    self.calc_choice(choice);
                    return self.st[s.index()].curr.tri;
                }
            }
            Semantics::Legacy => {
                if let Some(block) = sym.choice_block {
                    if self.st[s.index()].visible == Tristate::Yes {
                        let choice = self.model.menu(block).sym.expect("choice symbol");
                        let chosen = self.st[choice.index()].curr_choice;
                        return Tristate::from_bool(chosen == Some(s));
                    }
                }
            }
        }
        let st = &self.st[s.index()];
        let mut tri = Tristate::No;
        let user = (st.visible != Tristate::No && st.has_user).then(|| st.user_tri.and(st.visible));
        if let Some(u) = user {
            tri = u;
        } else {
            if st.rev_dep != Tristate::No {
                self.st[s.index()].write = true;
            }
            if !sym.is_choice {
                tri = self.default_and_implied(s);
            }
        }
        let st = &self.st[s.index()];
        if st.dir_dep < st.rev_dep {
            let dep = st.dir_dep;
            self.warnings
                .push(EvalWarning::UnmetDependency { sym: s, dep });
        }
        tri.or(self.st[s.index()].rev_dep)
    }

    fn default_and_implied(&mut self, s: SymbolId) -> Tristate {
        let mut tri = Tristate::No;
        if let Some((p, vis)) = self.default_prop(s) {
            let e = self.model.prop(p).expr.expect("default has a value");
            tri = self.eval(e).and(vis);
            self.st[s.index()].default_used = Some(p);
            if tri != Tristate::No {
                self.st[s.index()].write = true;
            }
        }
        let st = &self.st[s.index()];
        if st.implied != Tristate::No {
            let (implied, dir_dep) = (st.implied, st.dir_dep);
            self.st[s.index()].write = true;
            tri = tri.or(implied).and(dir_dep);
        }
        tri
    }

    /// The value of an int, hex or string symbol: the user's while a prompt
    /// is visible, else the first active default's (a single symbol).
    fn calc_text(&mut self, s: SymbolId) -> Option<String> {
        let st = &self.st[s.index()];
        if st.visible != Tristate::No && st.has_user {
            return st.user_val.clone();
        }
        let (p, _) = self.default_prop(s)?;
        self.st[s.index()].default_used = Some(p);
        let e = self.model.prop(p).expr?;
        let Expr::Symbol(ds) = self.model.exprs.get(e) else {
            return None;
        };
        self.st[s.index()].write = true;
        self.calc(ds);
        Some(self.st[ds.index()].curr.val.clone())
    }

    /// The first `default` whose condition is not `n`, with that condition's
    /// value (`sym_get_default_prop`).
    pub(crate) fn default_prop(&mut self, s: SymbolId) -> Option<(PropId, Tristate)> {
        self.first_active(s, PropKind::Default)
    }

    pub(crate) fn first_active(
        &mut self,
        s: SymbolId,
        kind: PropKind,
    ) -> Option<(PropId, Tristate)> {
        let model = self.model;
        for &p in &model.sym(s).props {
            if model.prop(p).kind != kind {
                continue;
            }
            let vis = self.eval_opt(model.prop(p).visible);
            if vis != Tristate::No {
                return Some((p, vis));
            }
        }
        None
    }

    /// `sym_calc_visibility`: the visibility of the prompts, and the values
    /// of `depends on`, `select` and `imply` for non-choice symbols.
    pub(crate) fn calc_visibility(&mut self, s: SymbolId) {
        let model = self.model;
        let sym = model.sym(s);
        if sym.transitional {
            // Linux 6.18+: a transitional symbol is visible, so that its
            // user value is read; it has no dependencies (conf's checks
            // refuse any), and conf leaves their values at `n`.
            let st = &mut self.st[s.index()];
            st.visible = Tristate::Yes;
            (st.dir_dep, st.rev_dep, st.implied) = (Tristate::No, Tristate::No, Tristate::No);
            return;
        }
        let legacy_choice = match (model.semantics, sym.choice_block) {
            (Semantics::Legacy, Some(b)) => model.menu(b).sym,
            _ => None,
        };
        let mut tri = Tristate::No;
        for &p in &sym.props {
            if model.prop(p).text.is_none() {
                continue;
            }
            let mut v = self.eval_opt(model.prop(p).visible);
            // Legacy: a tristate member shown as `m` disappears once its
            // choice is `y`.
            if let Some(c) = legacy_choice {
                if sym.ty == SymbolType::Tristate
                    && v == Tristate::Mod
                    && self.st[c.index()].curr.tri == Tristate::Yes
                {
                    v = Tristate::No;
                }
            }
            tri = tri.or(v);
        }
        if tri == Tristate::Mod
            && (sym.ty != SymbolType::Tristate || self.modules_val == Tristate::No)
        {
            tri = Tristate::Yes;
        }
        self.st[s.index()].visible = tri;
        let is_choice_value = match model.semantics {
            Semantics::Modern => sym.choice_block.is_some(),
            Semantics::Legacy => legacy_choice.is_some(),
        };
        if is_choice_value {
            return;
        }
        let dir_dep = self.dep_value(s, sym.dir_dep, Tristate::Yes);
        let rev_dep = self.dep_value(s, sym.rev_dep, Tristate::No);
        let implied = self.dep_value(s, sym.implied, Tristate::No);
        let st = &mut self.st[s.index()];
        (st.dir_dep, st.rev_dep, st.implied) = (dir_dep, rev_dep, implied);
    }

    fn dep_value(
        &mut self,
        s: SymbolId,
        e: Option<crate::model::ExprId>,
        missing: Tristate,
    ) -> Tristate {
        let v = e.map_or(missing, |e| self.eval(e));
        if v == Tristate::Mod && self.effective_type(s) == SymbolType::Bool {
            Tristate::Yes
        } else {
            v
        }
    }

    /// `sym_validate_range`: an int or hex value outside the active range
    /// becomes the bound it passed.
    fn validate_range(&mut self, s: SymbolId) {
        let base = match self.model.sym(s).ty {
            SymbolType::Int => 10,
            SymbolType::Hex => 16,
            _ => return,
        };
        let Some((p, _)) = self.first_active(s, PropKind::Range) else {
            return;
        };
        let (lo, hi) = self.model.prop(p).range.expect("range has bounds");
        let val = strtoll(&self.st[s.index()].curr.val, base);
        let low = self.range_bound(lo, base);
        let bound = if val >= low {
            let high = self.range_bound(hi, base);
            if val <= high {
                return;
            }
            hi
        } else {
            lo
        };
        let v = self.st[bound.index()].curr.val.clone();
        self.st[s.index()].curr.val = v;
    }

    /// `sym_get_range_val`
    pub(crate) fn range_bound(&mut self, b: SymbolId, base: u32) -> i64 {
        self.calc(b);
        let base = match self.model.sym(b).ty {
            SymbolType::Int => 10,
            SymbolType::Hex => 16,
            _ => base,
        };
        strtoll(&self.st[b.index()].curr.val, base)
    }
}
