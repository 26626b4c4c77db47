//! The expression rewrites of the kernel's scripts/kconfig/expr.c that
//! `menu_finalize` applies (6.12 and later, where expressions are shared
//! as here): `expr_transform`, `expr_eliminate_dups` with its
//! `expr_join_and`/`expr_join_or`, `expr_eliminate_eq`, `expr_eq`,
//! `expr_trans_compare` and the symbol tests of the automatic submenus.
//!
//! They leave every value as it was, so evaluation never needs them; they
//! only decide the shape of what conf prints (`helpnewconfig`, the help of
//! menuconfig). Each function keeps the kernel's order of operands and of
//! rewrites, and its `trans_count` bookkeeping, because both decide that
//! shape. `None` is the kernel's NULL expression (`y`). Nodes are compared
//! by their contents, as `expr_eq` compares them, never by their ids.

use crate::model::{Expr, ExprArena, ExprId, Model, SymbolId, SymbolType};
use crate::syntax::ast::CmpOp;

/// The two operators `expr_eliminate_eq` and `expr_eliminate_dups` walk.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    And,
    Or,
}

/// Expression rewriting over a copy of the model's arena.
pub(super) struct Simplifier<'m> {
    pub(super) model: &'m Model,
    pub(super) exprs: ExprArena,
    /// The kernel's `trans_count`: how many rewrites the current pass made.
    trans_count: u32,
    /// What `expr_transform` prints on standard output when a bool is
    /// compared with `m`, in the order conf prints it.
    pub(super) notes: Vec<String>,
    /// Results already computed: both rewrites are functions of their
    /// input, and most entries share their conditions with their siblings.
    dups_memo: FxHashMap<ExprId, ExprId>,
    transform_memo: FxHashMap<ExprId, ExprId>,
}

type FxHashMap<K, V> = rustc_hash::FxHashMap<K, V>;

impl<'m> Simplifier<'m> {
    pub(super) fn new(model: &'m Model) -> Simplifier<'m> {
        Self::with_arena(model, ExprArena::extending(model.exprs.nodes().to_vec()))
    }

    pub(super) fn with_arena(model: &'m Model, exprs: ExprArena) -> Simplifier<'m> {
        Simplifier {
            model,
            exprs,
            trans_count: 0,
            notes: Vec::new(),
            dups_memo: FxHashMap::default(),
            transform_memo: FxHashMap::default(),
        }
    }

    fn get(&self, e: ExprId) -> Expr {
        self.exprs.get(e)
    }

    pub(super) fn sym(&mut self, s: SymbolId) -> ExprId {
        self.exprs.symbol(s)
    }

    fn two(&mut self, op: Op, l: ExprId, r: ExprId) -> ExprId {
        self.exprs.intern(match op {
            Op::And => Expr::And(l, r),
            Op::Or => Expr::Or(l, r),
        })
    }

    fn op_of(&self, e: ExprId) -> Option<Op> {
        match self.get(e) {
            Expr::And(..) => Some(Op::And),
            Expr::Or(..) => Some(Op::Or),
            _ => None,
        }
    }

    fn children(&self, e: ExprId) -> (ExprId, ExprId) {
        match self.get(e) {
            Expr::And(l, r) | Expr::Or(l, r) => (l, r),
            _ => unreachable!("children of a leaf"),
        }
    }

    fn is_sym(&self, e: ExprId, s: SymbolId) -> bool {
        self.get(e) == Expr::Symbol(s)
    }

    /// `expr_alloc_and`: NULL operands drop out; equal ones stay.
    pub(super) fn and(&mut self, a: Option<ExprId>, b: Option<ExprId>) -> Option<ExprId> {
        match (a, b) {
            (None, x) | (x, None) => x,
            (Some(a), Some(b)) => Some(self.two(Op::And, a, b)),
        }
    }

    /// `expr_alloc_or`.
    pub(super) fn or(&mut self, a: Option<ExprId>, b: Option<ExprId>) -> Option<ExprId> {
        match (a, b) {
            (None, x) | (x, None) => x,
            (Some(a), Some(b)) => Some(self.two(Op::Or, a, b)),
        }
    }

    /// The kernel's `sym->type`: the constants `y`, `m`, `n` are tristate.
    fn ty(&self, s: SymbolId) -> SymbolType {
        if s.index() < 3 {
            SymbolType::Tristate
        } else {
            self.model.sym(s).ty
        }
    }

    fn logical(&self, s: SymbolId) -> bool {
        self.ty(s).is_logical()
    }

    fn is_const(&self, s: SymbolId) -> bool {
        s.index() < 3 || self.model.sym(s).is_const
    }

    /// `expr_is_yes`.
    pub(super) fn is_yes(&self, e: Option<ExprId>) -> bool {
        e.map_or(true, |e| self.is_sym(e, SymbolId::YES))
    }

    /// `__expr_eliminate_eq`: equal leaves of one level of `op` become the
    /// operator's neutral constant on both sides.
    fn eliminate_eq_level(&mut self, op: Op, e1: &mut ExprId, e2: &mut ExprId) {
        if self.op_of(*e1) == Some(op) {
            let (mut l, mut r) = self.children(*e1);
            self.eliminate_eq_level(op, &mut l, e2);
            self.eliminate_eq_level(op, &mut r, e2);
            *e1 = self.two(op, l, r);
            return;
        }
        if self.op_of(*e2) == Some(op) {
            let (mut l, mut r) = self.children(*e2);
            self.eliminate_eq_level(op, e1, &mut l);
            self.eliminate_eq_level(op, e1, &mut r);
            *e2 = self.two(op, l, r);
            return;
        }
        if let (Expr::Symbol(a), Expr::Symbol(b)) = (self.get(*e1), self.get(*e2)) {
            if a == b && (a == SymbolId::YES || a == SymbolId::NO) {
                return;
            }
        }
        if !self.eq(Some(*e1), Some(*e2)) {
            return;
        }
        self.trans_count += 1;
        let neutral = match op {
            Op::Or => SymbolId::NO,
            Op::And => SymbolId::YES,
        };
        *e1 = self.sym(neutral);
        *e2 = self.sym(neutral);
    }

    /// `expr_eliminate_eq`: operands common to both expressions removed.
    pub(super) fn eliminate_eq(&mut self, e1: &mut Option<ExprId>, e2: &mut Option<ExprId>) {
        let (Some(mut a), Some(mut b)) = (*e1, *e2) else {
            return;
        };
        if let Some(op) = self.op_of(a) {
            self.eliminate_eq_level(op, &mut a, &mut b);
        }
        if let Some(op) = self.op_of(b).filter(|&op| self.op_of(a) != Some(op)) {
            self.eliminate_eq_level(op, &mut a, &mut b);
        }
        *e1 = Some(self.eliminate_yn(a));
        *e2 = Some(self.eliminate_yn(b));
    }

    /// `expr_eq`: equal up to the order of `&&`/`||` operands.
    pub(super) fn eq(&mut self, e1: Option<ExprId>, e2: Option<ExprId>) -> bool {
        let (Some(a), Some(b)) = (e1, e2) else {
            return self.is_yes(e1) && self.is_yes(e2);
        };
        match (self.get(a), self.get(b)) {
            (Expr::Cmp(o1, l1, r1), Expr::Cmp(o2, l2, r2)) => o1 == o2 && l1 == l2 && r1 == r2,
            (Expr::Symbol(x), Expr::Symbol(y)) => x == y,
            (Expr::Not(x), Expr::Not(y)) => self.eq(Some(x), Some(y)),
            (Expr::And(..), Expr::And(..)) | (Expr::Or(..), Expr::Or(..)) => {
                let old = self.trans_count;
                let (mut x, mut y) = (Some(a), Some(b));
                self.eliminate_eq(&mut x, &mut y);
                let res = match (x.map(|x| self.get(x)), y.map(|y| self.get(y))) {
                    (Some(Expr::Symbol(p)), Some(Expr::Symbol(q))) => p == q,
                    _ => false,
                };
                self.trans_count = old;
                res
            }
            _ => false,
        }
    }

    /// `expr_eliminate_yn`: `y` and `n` operands of `&&`/`||` folded. An
    /// expression where nothing folds at the top is returned as it was,
    /// whatever folded below (as the kernel does).
    fn eliminate_yn(&mut self, e: ExprId) -> ExprId {
        let Some(op) = self.op_of(e) else { return e };
        let (l, r) = self.children(e);
        let (l, r) = (self.eliminate_yn(l), self.eliminate_yn(r));
        let (absorbing, neutral) = match op {
            Op::And => (SymbolId::NO, SymbolId::YES),
            Op::Or => (SymbolId::YES, SymbolId::NO),
        };
        for (x, other) in [(l, r), (r, l)] {
            if self.is_sym(x, absorbing) {
                return x;
            }
            if self.is_sym(x, neutral) {
                return other;
            }
        }
        e
    }

    /// The symbol a leaf of `expr_join_and`/`expr_join_or` tests, when it is
    /// one they can join (`sym1`/`sym2` of the kernel; the first operand may
    /// negate a comparison, the second only a symbol).
    fn join_symbol(&self, e: ExprId, first: bool) -> Option<SymbolId> {
        match self.get(e) {
            Expr::Symbol(s) | Expr::Cmp(CmpOp::Equal | CmpOp::Unequal, s, _) => Some(s),
            Expr::Not(x) => match self.get(x) {
                Expr::Symbol(s) => Some(s),
                Expr::Cmp(CmpOp::Equal | CmpOp::Unequal, s, _) if first => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    /// The joinable symbol both operands test, if any.
    fn joint_symbol(&self, e1: ExprId, e2: ExprId) -> Option<SymbolId> {
        let s1 = self.join_symbol(e1, true)?;
        let s2 = self.join_symbol(e2, false)?;
        (s1 == s2 && self.logical(s1)).then_some(s1)
    }

    fn cmp(&mut self, op: CmpOp, a: SymbolId, b: SymbolId) -> ExprId {
        self.exprs.intern(Expr::Cmp(op, a, b))
    }

    /// `expr_join_or`: `e1 || e2` as one leaf, when it can be.
    pub(super) fn join_or(&mut self, e1: ExprId, e2: ExprId) -> Option<ExprId> {
        if self.eq(Some(e1), Some(e2)) {
            return Some(e1);
        }
        let s = self.joint_symbol(e1, e2)?;
        let (y, m, n) = (SymbolId::YES, SymbolId::MOD, SymbolId::NO);
        if self.ty(s) == SymbolType::Tristate {
            if let (Expr::Cmp(CmpOp::Equal, _, a), Expr::Cmp(CmpOp::Equal, _, b)) =
                (self.get(e1), self.get(e2))
            {
                let pair = |p: SymbolId, q: SymbolId| (a == p && b == q) || (a == q && b == p);
                if pair(y, m) {
                    return Some(self.cmp(CmpOp::Unequal, s, n));
                }
                if pair(y, n) {
                    return Some(self.cmp(CmpOp::Unequal, s, m));
                }
                if pair(m, n) {
                    return Some(self.cmp(CmpOp::Unequal, s, y));
                }
            }
        }
        if self.ty(s) == SymbolType::Bool {
            let not_sym = |e: Expr, me: &Self| matches!(e, Expr::Not(x) if matches!(me.get(x), Expr::Symbol(_)));
            let (a, b) = (self.get(e1), self.get(e2));
            if (not_sym(a, self) && matches!(b, Expr::Symbol(_)))
                || (not_sym(b, self) && matches!(a, Expr::Symbol(_)))
            {
                return Some(self.sym(y));
            }
        }
        None
    }

    /// `expr_join_and`: `e1 && e2` as one leaf, when it can be.
    pub(super) fn join_and(&mut self, e1: ExprId, e2: ExprId) -> Option<ExprId> {
        if self.eq(Some(e1), Some(e2)) {
            return Some(e1);
        }
        let s = self.joint_symbol(e1, e2)?;
        let (a, b) = (self.get(e1), self.get(e2));
        // One operand the bare symbol, the other a comparison with `c`.
        let sym_and = |op: CmpOp, c: SymbolId| {
            let is = |x: Expr| matches!(x, Expr::Cmp(o, _, r) if o == op && r == c);
            (matches!(a, Expr::Symbol(_)) && is(b)) || (matches!(b, Expr::Symbol(_)) && is(a))
        };
        let (y, m, n) = (SymbolId::YES, SymbolId::MOD, SymbolId::NO);
        if sym_and(CmpOp::Equal, y) || sym_and(CmpOp::Unequal, m) {
            return Some(self.cmp(CmpOp::Equal, s, y));
        }
        if sym_and(CmpOp::Unequal, n) {
            return Some(self.sym(s));
        }
        if self.ty(s) != SymbolType::Tristate {
            return None;
        }
        match (a, b) {
            (Expr::Cmp(CmpOp::Equal, _, v), Expr::Cmp(CmpOp::Unequal, _, c))
            | (Expr::Cmp(CmpOp::Unequal, _, c), Expr::Cmp(CmpOp::Equal, _, v)) => {
                // (a='v') && (a!='c') -> 'v'='c' ? n : a='v'
                if self.is_const(c) && self.is_const(v) {
                    return Some(if v != c {
                        self.cmp(CmpOp::Equal, s, v)
                    } else {
                        self.sym(n)
                    });
                }
                None
            }
            (Expr::Cmp(CmpOp::Unequal, _, p), Expr::Cmp(CmpOp::Unequal, _, q)) => {
                let pair = |x: SymbolId, z: SymbolId| (p == x && q == z) || (p == z && q == x);
                if pair(y, n) {
                    Some(self.cmp(CmpOp::Equal, s, m))
                } else if pair(y, m) {
                    Some(self.cmp(CmpOp::Equal, s, n))
                } else if pair(m, n) {
                    Some(self.cmp(CmpOp::Equal, s, y))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// `expr_eliminate_dups1`: the leaves of one level of `op` joined in
    /// pairs, the first of a joined pair becoming the neutral constant.
    fn eliminate_dups_level(&mut self, op: Op, e1: &mut ExprId, e2: &mut ExprId) {
        if self.op_of(*e1) == Some(op) {
            let (mut l, mut r) = self.children(*e1);
            self.eliminate_dups_level(op, &mut l, e2);
            self.eliminate_dups_level(op, &mut r, e2);
            *e1 = self.two(op, l, r);
            return;
        }
        if self.op_of(*e2) == Some(op) {
            let (mut l, mut r) = self.children(*e2);
            self.eliminate_dups_level(op, e1, &mut l);
            self.eliminate_dups_level(op, e1, &mut r);
            *e2 = self.two(op, l, r);
            return;
        }
        let (joined, neutral) = match op {
            Op::Or => (self.join_or(*e1, *e2), SymbolId::NO),
            Op::And => (self.join_and(*e1, *e2), SymbolId::YES),
        };
        if let Some(j) = joined {
            *e1 = self.sym(neutral);
            *e2 = j;
            self.trans_count += 1;
        }
    }

    /// `expr_eliminate_dups`: repeated until a pass rewrites nothing.
    pub(super) fn eliminate_dups(&mut self, e: Option<ExprId>) -> Option<ExprId> {
        let e = e?;
        if let Some(&done) = self.dups_memo.get(&e) {
            return Some(done);
        }
        let done = self.eliminate_dups_of(e);
        self.dups_memo.insert(e, done);
        Some(done)
    }

    fn eliminate_dups_of(&mut self, mut e: ExprId) -> ExprId {
        let old = self.trans_count;
        loop {
            self.trans_count = 0;
            if let Some(op) = self.op_of(e) {
                let (l, r) = self.children(e);
                let mut l = self.eliminate_dups(Some(l)).expect("an operand");
                let mut r = self.eliminate_dups(Some(r)).expect("an operand");
                self.eliminate_dups_level(op, &mut l, &mut r);
                e = self.two(op, l, r);
            }
            e = self.eliminate_yn(e);
            if self.trans_count == 0 {
                break;
            }
        }
        self.trans_count = old;
        e
    }

    /// `expr_transform`: comparisons of bools rewritten, negations pushed
    /// down to the leaves.
    pub(super) fn transform(&mut self, e: Option<ExprId>) -> Option<ExprId> {
        let e = e?;
        if let Some(&done) = self.transform_memo.get(&e) {
            return Some(done);
        }
        let notes = self.notes.len();
        let done = self.transform_node(e);
        // What printed a note must print it again each time it is met.
        if self.notes.len() == notes {
            self.transform_memo.insert(e, done);
        }
        Some(done)
    }

    /// Whether `expr_transform` of `e` prints a note (a bool compared with
    /// `m`).
    pub(super) fn tests_bool_for_m(&self, e: ExprId) -> bool {
        match self.get(e) {
            Expr::Cmp(CmpOp::Equal | CmpOp::Unequal, a, SymbolId::MOD) => {
                self.ty(a) == SymbolType::Bool
            }
            Expr::Symbol(_) | Expr::Cmp(..) => false,
            Expr::Not(x) => self.tests_bool_for_m(x),
            Expr::And(l, r) | Expr::Or(l, r) => {
                self.tests_bool_for_m(l) || self.tests_bool_for_m(r)
            }
        }
    }

    fn transform_node(&mut self, e: ExprId) -> ExprId {
        let e = match self.get(e) {
            Expr::Not(x) => {
                let x = self.transform_node(x);
                self.exprs.not(x)
            }
            Expr::And(l, r) | Expr::Or(l, r) => {
                let op = self.op_of(e).expect("an operator");
                let (l, r) = (self.transform_node(l), self.transform_node(r));
                self.two(op, l, r)
            }
            Expr::Symbol(_) | Expr::Cmp(..) => e,
        };
        match self.get(e) {
            Expr::Cmp(op @ (CmpOp::Equal | CmpOp::Unequal), a, b)
                if self.ty(a) == SymbolType::Bool =>
            {
                self.transform_bool_cmp(e, op, a, b)
            }
            Expr::Not(x) => self.transform_not(e, x),
            _ => e,
        }
    }

    /// A bool compared with a constant becomes the bool or its negation.
    fn transform_bool_cmp(&mut self, e: ExprId, op: CmpOp, a: SymbolId, b: SymbolId) -> ExprId {
        let (y, m, n) = (SymbolId::YES, SymbolId::MOD, SymbolId::NO);
        let equal = op == CmpOp::Equal;
        if b == m {
            let forced = if equal { 'n' } else { 'y' };
            self.notes.push(format!(
                "boolean symbol {} tested for 'm'? test forced to '{forced}'\n",
                self.model.name(a)
            ));
            return self.sym(if equal { n } else { y });
        }
        if (b == n) == equal && (b == n || b == y) {
            // A=n, A!=y
            let s = self.sym(a);
            return self.exprs.not(s);
        }
        if b == n || b == y {
            // A=y, A!=n
            return self.sym(a);
        }
        e
    }

    fn transform_not(&mut self, e: ExprId, x: ExprId) -> ExprId {
        match self.get(x) {
            Expr::Not(inner) => inner,
            Expr::Cmp(op, a, b) => {
                let flipped = match op {
                    CmpOp::Equal => CmpOp::Unequal,
                    CmpOp::Unequal => CmpOp::Equal,
                    CmpOp::LessEqual => CmpOp::Greater,
                    CmpOp::GreaterEqual => CmpOp::Less,
                    CmpOp::Less => CmpOp::GreaterEqual,
                    CmpOp::Greater => CmpOp::LessEqual,
                };
                self.cmp(flipped, a, b)
            }
            Expr::Or(l, r) | Expr::And(l, r) => {
                // De Morgan, then transformed again.
                let op = match self.op_of(x) {
                    Some(Op::Or) => Op::And,
                    _ => Op::Or,
                };
                let (nl, nr) = (self.exprs.not(l), self.exprs.not(r));
                let d = self.two(op, nl, nr);
                self.transform_node(d)
            }
            Expr::Symbol(SymbolId::YES) => self.sym(SymbolId::NO),
            Expr::Symbol(SymbolId::MOD) => self.sym(SymbolId::MOD),
            Expr::Symbol(SymbolId::NO) => self.sym(SymbolId::YES),
            Expr::Symbol(_) => e,
        }
    }

    /// `expr_trans_compare` ([`ExprArena::trans_compare`]).
    pub(super) fn trans_compare(&mut self, e: Option<ExprId>, equal: bool, s: SymbolId) -> ExprId {
        self.exprs.trans_compare(e, equal, s)
    }

    /// `expr_contains_symbol`.
    pub(super) fn contains_symbol(&self, dep: Option<ExprId>, s: SymbolId) -> bool {
        let Some(dep) = dep else { return false };
        match self.get(dep) {
            Expr::And(l, r) | Expr::Or(l, r) => {
                self.contains_symbol(Some(l), s) || self.contains_symbol(Some(r), s)
            }
            Expr::Symbol(x) => x == s,
            Expr::Cmp(_, a, b) => a == s || b == s,
            Expr::Not(x) => self.contains_symbol(Some(x), s),
        }
    }

    /// `expr_depends_symbol`: `dep` can hold only with `s` not `n`.
    pub(super) fn depends_symbol(&self, dep: Option<ExprId>, s: SymbolId) -> bool {
        let Some(dep) = dep else { return false };
        match self.get(dep) {
            Expr::And(l, r) => self.depends_symbol(Some(l), s) || self.depends_symbol(Some(r), s),
            Expr::Symbol(x) => x == s,
            Expr::Cmp(CmpOp::Equal, a, b) => a == s && (b == SymbolId::YES || b == SymbolId::MOD),
            Expr::Cmp(CmpOp::Unequal, a, b) => a == s && b == SymbolId::NO,
            _ => false,
        }
    }

    /// `expr_contains_symbol_negated` (7.3): `dep` can hold with `s`
    /// disabled (`!s`, `s=n`, `s!=y`, `s!=m`).
    pub(super) fn contains_symbol_negated(&self, dep: Option<ExprId>, s: SymbolId) -> bool {
        let Some(dep) = dep else { return false };
        match self.get(dep) {
            Expr::And(l, r) | Expr::Or(l, r) => {
                self.contains_symbol_negated(Some(l), s) || self.contains_symbol_negated(Some(r), s)
            }
            Expr::Not(x) => self.get(x) == Expr::Symbol(s),
            Expr::Cmp(CmpOp::Equal, a, b) => a == s && b == SymbolId::NO,
            Expr::Cmp(CmpOp::Unequal, a, b) => a == s && (b == SymbolId::YES || b == SymbolId::MOD),
            _ => false,
        }
    }
}
