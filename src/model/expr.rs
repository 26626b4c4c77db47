//! Dependency expressions of the model: an arena of nodes addressed by
//! [`ExprId`], whose leaves are symbols.
//!
//! Kconfig has no literal values in expressions: `y`, `m` and `n` are the
//! three constant symbols, `"foo"` is a constant symbol named `foo`, and
//! `64` is an (undefined) symbol named `64` whose value is its name. So every
//! leaf is a [`SymbolId`], as in the kernel's `struct expr`.

use super::SymbolId;
use crate::syntax::ast::CmpOp;

/// Index of an expression node in [`ExprArena`].
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct ExprId(pub(crate) u32);

impl ExprId {
    /// The position of what it names in its table (an index into a `Vec`).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Expr {
    Symbol(SymbolId),
    Cmp(CmpOp, SymbolId, SymbolId),
    Not(ExprId),
    And(ExprId, ExprId),
    Or(ExprId, ExprId),
}

/// Expressions are hash-consed: building the same node twice returns the
/// same id, which keeps `A && A` detectable by id and the arena small (the
/// kernel shares its expressions the same way since 6.12).
///
/// The index that finds a node's id is only needed while building: a
/// finished model drops it ([`ExprArena::seal`]; a stored model does not
/// keep it), and the next [`ExprArena::intern`], if any, builds it again.
#[derive(Debug, Default)]
pub struct ExprArena {
    nodes: Vec<Expr>,
    index: rustc_hash::FxHashMap<Expr, ExprId>,
    /// The index covers the nodes from here on (see [`ExprArena::extending`]).
    indexed_from: usize,
}

impl ExprArena {
    /// An arena of these nodes (a stored model's), without its index.
    pub fn from_nodes(nodes: Vec<Expr>) -> ExprArena {
        ExprArena {
            nodes,
            index: Default::default(),
            indexed_from: 0,
        }
    }

    /// An arena that starts with these nodes and shares only the nodes
    /// added later: a copy of a model's expressions to rewrite, where
    /// indexing the whole model would cost more than the rewriting (the
    /// rewrites compare nodes by their contents, never by their ids).
    pub fn extending(nodes: Vec<Expr>) -> ExprArena {
        ExprArena {
            indexed_from: nodes.len(),
            nodes,
            index: Default::default(),
        }
    }

    /// Every node, by id.
    pub fn nodes(&self) -> &[Expr] {
        &self.nodes
    }

    pub fn get(&self, id: ExprId) -> Expr {
        self.nodes[id.index()]
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn intern(&mut self, e: Expr) -> ExprId {
        if self.index.len() < self.nodes.len() - self.indexed_from {
            let from = self.indexed_from;
            self.index = (self.nodes[from..].iter().enumerate())
                .map(|(i, &n)| (n, ExprId((from + i) as u32)))
                .collect();
        }
        if let Some(&id) = self.index.get(&e) {
            return id;
        }
        let id = ExprId(self.nodes.len() as u32);
        self.nodes.push(e);
        self.index.insert(e, id);
        id
    }

    /// Frees the index used while building; the nodes stay.
    pub fn seal(&mut self) {
        self.index = Default::default();
        self.nodes.shrink_to_fit();
    }

    pub fn symbol(&mut self, s: SymbolId) -> ExprId {
        self.intern(Expr::Symbol(s))
    }

    pub fn not(&mut self, e: ExprId) -> ExprId {
        self.intern(Expr::Not(e))
    }

    /// `a && b`, where a missing operand means "no condition" (`y`), as the
    /// kernel's `expr_alloc_and` treats NULL. Identical operands collapse.
    pub fn and(&mut self, a: Option<ExprId>, b: Option<ExprId>) -> Option<ExprId> {
        match (a, b) {
            (None, x) | (x, None) => x,
            (Some(a), Some(b)) if a == b => Some(a),
            (Some(a), Some(b)) => Some(self.intern(Expr::And(a, b))),
        }
    }

    /// `a || b`, where a missing operand is dropped (the kernel's
    /// `expr_alloc_or` with NULL).
    pub fn or(&mut self, a: Option<ExprId>, b: Option<ExprId>) -> Option<ExprId> {
        match (a, b) {
            (None, x) | (x, None) => x,
            (Some(a), Some(b)) if a == b => Some(a),
            (Some(a), Some(b)) => Some(self.intern(Expr::Or(a, b))),
        }
    }

    /// The kernel's `expr_trans_compare(e, E_EQUAL or E_UNEQUAL, s)`:
    /// explicit comparisons with `s` (`y`, `m` or `n`) put in; `depends on
    /// A if B` is `A || B=n` by it, and menu.c builds automatic submenus
    /// with it.
    pub fn trans_compare(&mut self, e: Option<ExprId>, equal: bool, s: SymbolId) -> ExprId {
        let Some(e) = e else {
            let x = self.symbol(s);
            return if equal { x } else { self.not(x) };
        };
        match self.get(e) {
            Expr::And(l, r) | Expr::Or(l, r) => {
                let is_and = matches!(self.get(e), Expr::And(..));
                let l = self.trans_compare(Some(l), true, s);
                let r = self.trans_compare(Some(r), true, s);
                let mut out = e;
                if s == SymbolId::YES {
                    out = self.intern(if is_and {
                        Expr::And(l, r)
                    } else {
                        Expr::Or(l, r)
                    });
                }
                if s == SymbolId::NO {
                    out = self.intern(if is_and {
                        Expr::Or(l, r)
                    } else {
                        Expr::And(l, r)
                    });
                }
                if equal {
                    out
                } else {
                    self.not(out)
                }
            }
            Expr::Not(x) => self.trans_compare(Some(x), !equal, s),
            Expr::Cmp(..) => match (equal, s) {
                (true, SymbolId::YES) | (false, SymbolId::NO) => e,
                (true, SymbolId::MOD) => self.symbol(SymbolId::NO),
                (false, SymbolId::MOD) => self.symbol(SymbolId::YES),
                _ => self.not(e),
            },
            Expr::Symbol(a) => {
                let op = if equal { CmpOp::Equal } else { CmpOp::Unequal };
                self.intern(Expr::Cmp(op, a, s))
            }
        }
    }

    /// menu.c's `rewrite_m`: `m` in a dependency means "m, if modules are
    /// enabled", so a bare `m` becomes `m && MODULES`.
    pub fn rewrite_m(&mut self, e: ExprId, modules: SymbolId) -> ExprId {
        match self.get(e) {
            Expr::Symbol(SymbolId::MOD) => {
                let modules = self.symbol(modules);
                self.intern(Expr::And(e, modules))
            }
            Expr::Symbol(_) | Expr::Cmp(..) => e,
            Expr::Not(x) => {
                let x = self.rewrite_m(x, modules);
                self.not(x)
            }
            Expr::And(a, b) => {
                let (a, b) = (self.rewrite_m(a, modules), self.rewrite_m(b, modules));
                self.intern(Expr::And(a, b))
            }
            Expr::Or(a, b) => {
                let (a, b) = (self.rewrite_m(a, modules), self.rewrite_m(b, modules));
                self.intern(Expr::Or(a, b))
            }
        }
    }

    /// Every symbol that appears in `e`, in order of first appearance.
    pub fn symbols(&self, e: ExprId, out: &mut Vec<SymbolId>) {
        match self.get(e) {
            Expr::Symbol(s) => push_unique(out, s),
            Expr::Cmp(_, a, b) => {
                push_unique(out, a);
                push_unique(out, b);
            }
            Expr::Not(x) => self.symbols(x, out),
            Expr::And(a, b) | Expr::Or(a, b) => {
                self.symbols(a, out);
                self.symbols(b, out);
            }
        }
    }

    /// The operands of a chain of `&&` (or of `||`), flattened left to right.
    pub fn operands(&self, e: ExprId, and: bool, out: &mut Vec<ExprId>) {
        match (self.get(e), and) {
            (Expr::And(a, b), true) | (Expr::Or(a, b), false) => {
                self.operands(a, and, out);
                self.operands(b, and, out);
            }
            _ => out.push(e),
        }
    }
}

fn push_unique(out: &mut Vec<SymbolId>, s: SymbolId) {
    if !out.contains(&s) {
        out.push(s);
    }
}

pub fn cmp_op_text(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Equal => "=",
        CmpOp::Unequal => "!=",
        CmpOp::Less => "<",
        CmpOp::LessEqual => "<=",
        CmpOp::Greater => ">",
        CmpOp::GreaterEqual => ">=",
    }
}
