//! The evaluator's side of conf's batch modes: `conf_set_all_new_symbols`
//! (allno/allyes/allmod/alldef/randconfig and defconfig), the
//! `randomize_choice_values` of each kernel generation, and what
//! `conf_write_defconfig` and `check_conf` ask of a symbol
//! (`sym_get_string_default`, `sym_is_changeable`, `sym_choice_default`).
//!
//! Modern kernels (scripts/kconfig/conf.c, 6.11+) walk the menu tree and give
//! every prompted bool or tristate that has no value yet a user value; a
//! choice is randomized by picking members one at a time. Legacy kernels
//! (6.1's conf.c) walk the symbol hash table instead (`for_all_symbols`),
//! give choices and their members values too, and randomize a choice by
//! picking one member once; the order of that walk decides which `rand()`
//! call goes to which symbol, so it is reproduced in [`super::hash_order`].

use super::value::Tristate;
use super::Evaluation;
use crate::model::{MenuId, Semantics, SymbolId, SymbolType};

/// What conf answers for a new symbol (`enum conf_def_mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// alldefconfig, defconfig: nothing; symbols take their defaults.
    Default,
    Yes,
    Mod,
    No,
    /// randconfig, with `KCONFIG_PROBABILITY`'s percentages.
    Random(Probabilities),
}

/// randconfig's chances, in percent: a bool is `y` with `bool_y`; a
/// tristate is `y` below `tri_y` and `m` below `tri_y + tri_m`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Probabilities {
    pub bool_y: i32,
    pub tri_y: i32,
    pub tri_m: i32,
}

impl Default for Probabilities {
    fn default() -> Self {
        Probabilities {
            bool_y: 50,
            tri_y: 33,
            tri_m: 33,
        }
    }
}

/// A source of `rand()` results (glibc's, see [`crate::config::rand`]).
pub trait Rand {
    fn rand(&mut self) -> i32;
}

impl Evaluation<'_> {
    /// Whether the symbol has a user value (`sym_has_value`).
    pub fn has_user(&self, s: SymbolId) -> bool {
        self.st[s.index()].has_user
    }

    fn set_user_tri(&mut self, s: SymbolId, tri: Tristate) {
        let st = &mut self.st[s.index()];
        (st.user_tri, st.has_user, st.user_origin) = (tri, true, None);
    }

    /// `conf_set_all_new_symbols`, then `sym_clear_all_valid`.
    pub fn set_all_new_symbols(&mut self, fill: Fill, rng: &mut dyn Rand) {
        match self.model.semantics {
            Semantics::Modern => self.modern_set_all(fill, rng),
            Semantics::Legacy => self.legacy_set_all(fill, rng),
        }
        self.invalidate();
    }

    fn modern_set_all(&mut self, fill: Fill, rng: &mut dyn Rand) {
        let model = self.model;
        for m in model.menu_preorder() {
            let node = model.menu(m);
            let Some(s) = node.sym else { continue };
            let sym = model.sym(s);
            if node.prompt.is_none()
                || self.has_user(s)
                || !sym.ty.is_logical()
                || sym.choice_block.is_some()
            {
                continue;
            }
            if sym.is_choice {
                if matches!(fill, Fill::Random(_)) {
                    self.modern_randomize_choice(m, rng);
                }
                continue;
            }
            if let Some(tri) = new_value(fill, sym.ty, rng) {
                self.set_user_tri(s, tri);
            }
        }
    }

    /// Modern `randomize_choice_values`: members without a value are
    /// picked one at a time, each moved to the tail of the priority list
    /// (below what `KCONFIG_ALLCONFIG` named).
    fn modern_randomize_choice(&mut self, choice: MenuId, rng: &mut dyn Rand) {
        let subtree = self.model.subtree_symbols(choice);
        let mut cnt = subtree.iter().filter(|&&s| !self.has_user(s)).count() as i32;
        while cnt > 0 {
            let mut x = rng.rand() % cnt;
            for &s in &subtree {
                if self.has_user(s) {
                    continue;
                }
                x -= 1;
                if x < 0 {
                    self.set_user_tri(s, Tristate::Yes);
                    let list = self.priority.entry(choice).or_default();
                    list.retain(|&m| m != s);
                    list.push(s);
                    break;
                }
            }
            cnt -= 1;
        }
    }

    /// Legacy `conf_set_all_new_symbols`: every bool or tristate without a
    /// value, choices and members included, in hash-table order; then the
    /// choices that still have none.
    fn legacy_set_all(&mut self, fill: Fill, rng: &mut dyn Rand) {
        let model = self.model;
        let order = super::hash_order::legacy_symbol_order(model);
        for &s in &order {
            let sym = model.sym(s);
            if self.has_user(s) || self.st[s.index()].valid || !sym.ty.is_logical() {
                continue;
            }
            let Some(tri) = new_value(fill, sym.ty, rng) else {
                continue;
            };
            self.st[s.index()].user_tri = tri;
            // A random choice gets its value below, from its members.
            if !(sym.is_choice && matches!(fill, Fill::Random(_))) {
                self.set_user_tri(s, tri);
            }
        }
        self.invalidate();
        for &cs in &order {
            if self.has_user(cs) || !model.sym(cs).is_choice {
                continue;
            }
            self.calc(cs);
            if matches!(fill, Fill::Random(_)) {
                self.legacy_randomize_choice(cs, rng);
            } else {
                // set_all_choice_values: the choice now counts as set.
                let st = &mut self.st[cs.index()];
                (st.has_user, st.valid) = (true, false);
            }
        }
    }

    /// Legacy `randomize_choice_values`: a choice that is `y` gets one
    /// member at random, the others `n`.
    fn legacy_randomize_choice(&mut self, cs: SymbolId, rng: &mut dyn Rand) {
        if self.st[cs.index()].curr.tri != Tristate::Yes {
            return;
        }
        let members = self.model.sym(cs).members.clone();
        if members.is_empty() {
            return;
        }
        let def = rng.rand() % members.len() as i32;
        for (i, &m) in members.iter().enumerate() {
            self.set_user_tri(m, Tristate::from_bool(i as i32 == def));
            self.st[m.index()].valid = false;
        }
        let chosen = members[def as usize];
        let st = &mut self.st[cs.index()];
        (st.user_choice, st.has_user, st.valid) = (Some(chosen), true, false);
    }

    /// `sym_is_changeable`: a prompt shows a value the user may change.
    pub fn is_changeable(&mut self, s: SymbolId) -> bool {
        self.calc(s);
        let st = &self.st[s.index()];
        st.visible > st.rev_dep
    }

    /// `sym_get_string_default`: the value the symbol would have without a
    /// user value.
    pub fn string_default(&mut self, s: SymbolId) -> String {
        self.calc_visibility(s);
        let model = self.model;
        let ty = model.sym(s).ty;
        let mut val = Tristate::No;
        let mut text = String::new();
        if let Some((p, vis)) = self.default_prop(s) {
            let e = model.prop(p).expr.expect("default has a value");
            if ty.is_logical() {
                val = self.eval(e).and(vis);
            } else if let crate::model::Expr::Symbol(ds) = model.exprs.get(e) {
                self.calc(ds);
                text = self.st[ds.index()].curr.val.clone();
            }
        }
        let st = &self.st[s.index()];
        val = val.or(st.rev_dep);
        let choice_value = model.sym(s).choice_block.is_some();
        if val == Tristate::Mod
            && ((!choice_value && self.modules_val == Tristate::No) || ty == SymbolType::Bool)
        {
            val = Tristate::Yes;
        }
        val = val.max(st.implied);
        let modern = model.semantics == Semantics::Modern;
        match ty {
            SymbolType::Bool | SymbolType::Tristate => val.as_str().to_string(),
            SymbolType::Int if modern && text.is_empty() => "0".to_string(),
            SymbolType::Hex if modern && text.is_empty() => "0x0".to_string(),
            _ => text,
        }
    }

    /// The member a choice picks by default (`sym_choice_default`), for the
    /// choice that `member` belongs to; legacy only for non-optional
    /// choices.
    pub fn default_member(&mut self, member: SymbolId) -> Option<SymbolId> {
        let model = self.model;
        match model.semantics {
            Semantics::Modern => self.choice_default(model.sym(member).choice_menu?),
            Semantics::Legacy => {
                let cs = model.menu(model.sym(member).choice_block?).sym?;
                if model.sym(cs).optional {
                    return None;
                }
                let members = model.sym(cs).members.clone();
                self.legacy_choice_default(cs, &members)
            }
        }
    }
}

/// The value `fill` gives a new symbol of type `ty` (`None`: keep none).
fn new_value(fill: Fill, ty: SymbolType, rng: &mut dyn Rand) -> Option<Tristate> {
    Some(match fill {
        Fill::Default => return None,
        Fill::Yes => Tristate::Yes,
        Fill::Mod => Tristate::Mod,
        Fill::No => Tristate::No,
        Fill::Random(p) => {
            let cnt = rng.rand() % 100;
            if ty == SymbolType::Tristate {
                if cnt < p.tri_y {
                    Tristate::Yes
                } else if cnt < p.tri_y + p.tri_m {
                    Tristate::Mod
                } else {
                    Tristate::No
                }
            } else if cnt < p.bool_y {
                Tristate::Yes
            } else {
                Tristate::No
            }
        }
    })
}
