//! The kernel's value rules (`sym_calc_value`) as a formula: the value of
//! every bool/tristate symbol the requests depend on, as a function of the
//! user values the answer may add.
//!
//! Symbols are encoded on demand, following what a value needs (the
//! dependency graph's `needs`), so the encoded set is always closed: the
//! value of an encoded symbol depends only on encoded symbols and on
//! constants. What stays constant ("frozen") is taken from the evaluation of
//! base + requests: int/hex/string symbols, the `modules` symbol, and (for
//! Linux < 6.11 rules) choices and their members.

use super::cnf::{Bit, Cnf, Tri};
use crate::eval::{compare_values, Evaluation, Tristate};
use crate::model::{Expr, ExprId, Model, PropKind, Semantics, SymbolId, SymbolType};
use rustc_hash::FxHashMap;
use varisat::Lit;

/// An answer line the solver may write for a symbol: whether it is written
/// and its value.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LineVars {
    pub written: Lit,
    pub value: Tri,
}

pub(crate) struct Encoder<'m> {
    pub model: &'m Model,
    pub cnf: Cnf,
    /// Base + requests, evaluated: the values of frozen symbols.
    pub statics: Evaluation<'m>,
    /// The base alone, evaluated: user values the answer builds on, and the
    /// values losses and changes are measured against.
    pub base: Evaluation<'m>,
    modules_on: bool,
    pub(crate) values: FxHashMap<SymbolId, Tri>,
    exprs: FxHashMap<ExprId, Tri>,
    pub(crate) in_progress: Vec<bool>,
    pub lines: FxHashMap<SymbolId, LineVars>,
    /// Encoded (not frozen) symbols, in encoding order.
    pub encoded: Vec<SymbolId>,
    /// Frozen symbols that an encoded value read and that could change in
    /// a real run (they have a prompt or dependencies).
    pub frozen_read: Vec<SymbolId>,
}

impl<'m> Encoder<'m> {
    pub(crate) fn new(
        model: &'m Model,
        statics: Evaluation<'m>,
        base: Evaluation<'m>,
    ) -> Encoder<'m> {
        let mut statics = statics;
        let modules_on = statics.tristate(model.modules) != Tristate::No;
        Encoder {
            model,
            cnf: Cnf::new(),
            statics,
            base,
            modules_on,
            values: FxHashMap::default(),
            exprs: FxHashMap::default(),
            in_progress: vec![false; model.symbols.len()],
            lines: FxHashMap::default(),
            encoded: Vec::new(),
            frozen_read: Vec::new(),
        }
    }

    pub(crate) fn is_encoded(&self, s: SymbolId) -> bool {
        self.values.contains_key(&s) && !self.is_frozen(s)
    }

    /// Whether a symbol is kept at its value in `statics`.
    pub(crate) fn is_frozen(&self, s: SymbolId) -> bool {
        let sym = self.model.sym(s);
        let legacy_choice = self.model.semantics == Semantics::Legacy && sym.choice_block.is_some();
        s.0 <= 2
            || sym.is_const
            || sym.is_choice
            || !sym.ty.is_logical()
            || s == self.model.modules
            || legacy_choice
    }

    /// A bool, or a tristate while modules are off: `m` rounds to `y`.
    pub(crate) fn bool_like(&self, s: SymbolId) -> bool {
        self.model.sym(s).ty != SymbolType::Tristate || !self.modules_on
    }

    pub(crate) fn has_prompt(&self, s: SymbolId) -> bool {
        self.model
            .sym(s)
            .props
            .iter()
            .any(|&p| self.model.prop(p).kind == PropKind::Prompt)
    }

    /// The value of `s`, encoding it (and what it needs) on first use.
    pub(crate) fn value(&mut self, s: SymbolId) -> Tri {
        if let Some(&t) = self.values.get(&s) {
            return t;
        }
        if self.is_frozen(s) || self.in_progress[s.index()] {
            return self.frozen(s);
        }
        let sym = self.model.sym(s);
        if self.model.semantics == Semantics::Modern {
            if let Some(choice) = sym.choice_menu {
                self.encode_choice(choice);
                if let Some(&t) = self.values.get(&s) {
                    return t;
                }
                return self.frozen(s);
            }
        }
        self.in_progress[s.index()] = true;
        let t = self.symbol(s);
        self.in_progress[s.index()] = false;
        self.values.insert(s, t);
        self.encoded.push(s);
        t
    }

    fn frozen(&mut self, s: SymbolId) -> Tri {
        let sym = self.model.sym(s);
        if !sym.is_const
            && s.0 > 2
            && (sym.dir_dep.is_some() || !sym.props.is_empty())
            && !self.frozen_read.contains(&s)
        {
            self.frozen_read.push(s);
        }
        let t = Tri::constant(self.statics.tristate(s));
        self.values.insert(s, t);
        t
    }

    /// `sym_calc_value` for a bool/tristate that is not a choice member.
    fn symbol(&mut self, s: SymbolId) -> Tri {
        let sym = self.model.sym(s);
        let vis = self.visibility(s);
        let dir = self.dep(s, sym.dir_dep, Tri::Y);
        let rev = self.dep(s, sym.rev_dep, Tri::N);
        let imp = self.dep(s, sym.implied, Tri::N);
        let (has_user, user) = self.user(s);
        let applies = self.cnf.and(vis.m, has_user);
        let capped = self.cnf.tri_and(user, vis);
        let dflt = self.default_chain(s);
        let raised = self.cnf.tri_or(dflt, imp);
        let raised = self.cnf.tri_and(raised, dir);
        let dflt = self.cnf.tri_ite(imp.m, raised, dflt);
        let tri = self.cnf.tri_ite(applies, capped, dflt);
        let v = self.cnf.tri_or(tri, rev);
        if self.bool_like(s) {
            v.as_bool()
        } else {
            v
        }
    }

    /// The largest condition over the prompts (`sym_calc_visibility`).
    pub(crate) fn visibility(&mut self, s: SymbolId) -> Tri {
        let model = self.model;
        let mut vis = Tri::N;
        for &p in &model.sym(s).props {
            if model.prop(p).text.is_none() {
                continue;
            }
            let v = self.expr_opt(model.prop(p).visible, Tri::Y);
            vis = self.cnf.tri_or(vis, v);
        }
        if self.bool_like(s) {
            vis.as_bool()
        } else {
            vis
        }
    }

    fn dep(&mut self, s: SymbolId, e: Option<ExprId>, missing: Tri) -> Tri {
        let v = self.expr_opt(e, missing);
        if self.bool_like(s) {
            v.as_bool()
        } else {
            v
        }
    }

    /// The first `default` whose condition is not `n`, capped by it.
    fn default_chain(&mut self, s: SymbolId) -> Tri {
        let model = self.model;
        let defaults: Vec<_> = model.props_of(s, PropKind::Default).collect();
        let mut out = Tri::N;
        for &p in defaults.iter().rev() {
            let cond = self.expr_opt(model.prop(p).visible, Tri::Y);
            let val = self.expr_opt(model.prop(p).expr, Tri::N);
            let val = self.cnf.tri_and(val, cond);
            out = self.cnf.tri_ite(cond.m, val, out);
        }
        out
    }

    /// Whether `s` has a user value and which: the base's, unless the
    /// answer writes a line.
    fn user(&mut self, s: SymbolId) -> (Bit, Tri) {
        let st = self.base.state(s);
        let (base_has, base_val) = (
            Bit::from_bool(st.has_user),
            Tri::constant(if st.has_user {
                st.user_tri
            } else {
                Tristate::No
            }),
        );
        if !self.has_prompt(s) {
            return (base_has, base_val);
        }
        let written = self.cnf.var();
        let value = self.cnf.free_tri(self.bool_like(s));
        self.cnf.implies(Bit::L(written).not(), value.m.not());
        self.lines.insert(s, LineVars { written, value });
        let has = self.cnf.or(base_has, Bit::L(written));
        let user = self.cnf.tri_ite(Bit::L(written), value, base_val);
        (has, user)
    }

    pub(crate) fn expr_opt(&mut self, e: Option<ExprId>, missing: Tri) -> Tri {
        e.map_or(missing, |e| self.expr(e))
    }

    pub(crate) fn expr(&mut self, e: ExprId) -> Tri {
        if let Some(&t) = self.exprs.get(&e) {
            return t;
        }
        let t = match self.model.exprs.get(e) {
            Expr::Symbol(s) => self.value(s),
            Expr::Not(a) => self.expr(a).not(),
            Expr::And(a, b) => {
                let (a, b) = (self.expr(a), self.expr(b));
                self.cnf.tri_and(a, b)
            }
            Expr::Or(a, b) => {
                let (a, b) = (self.expr(a), self.expr(b));
                self.cnf.tri_or(a, b)
            }
            Expr::Cmp(op, a, b) => self.compare(op, a, b),
        };
        self.exprs.insert(e, t);
        t
    }

    /// A comparison: each side is either a constant string or a variable
    /// tristate; the result is spelled out over the (at most nine) cases.
    fn compare(&mut self, op: crate::syntax::ast::CmpOp, a: SymbolId, b: SymbolId) -> Tri {
        let (ca, cb) = (self.operand_cases(a), self.operand_cases(b));
        let (ta, tb) = (self.model.sym(a).ty, self.model.sym(b).ty);
        let mut hits = Vec::new();
        for (sa, ba) in &ca {
            for (sb, bb) in &cb {
                if compare_values(op, (sa, ta), (sb, tb)) == Tristate::Yes {
                    hits.push(self.cnf.and(*ba, *bb));
                }
            }
        }
        let r = self.cnf.or_all(&hits);
        Tri { m: r, y: r }
    }

    /// The possible written values of a symbol, each with the bit that
    /// selects it.
    fn operand_cases(&mut self, s: SymbolId) -> Vec<(String, Bit)> {
        if self.model.sym(s).ty.is_logical() && !self.is_frozen(s) {
            let v = self.value(s);
            if v.as_const().is_none() {
                return [Tristate::No, Tristate::Mod, Tristate::Yes]
                    .into_iter()
                    .map(|t| (t.as_str().to_string(), self.cnf.tri_is(v, t)))
                    .filter(|(_, b)| *b != Bit::F)
                    .collect();
            }
            return vec![(
                v.as_const().unwrap_or_default().as_str().to_string(),
                Bit::T,
            )];
        }
        if !self.frozen_read.contains(&s)
            && self.model.sym(s).ty != SymbolType::Unknown
            && !self.model.sym(s).is_const
        {
            self.frozen_read.push(s);
        }
        vec![(self.statics.string_value(s), Bit::T)]
    }
}
