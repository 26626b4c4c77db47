//! `expr_eliminate_dups` as Linux up to 6.10 runs it (scripts/kconfig/
//! expr.c before expressions were shared): in place, on a tree whose two
//! walk pointers start at the same root, folding `y` and `n` only after a
//! pass that joined something. Its results have other shapes than 6.11's
//! (`X86_64 && y` stays as it is), and conf prints those shapes.
//!
//! A leaf here is any expression that is not `&&`/`||` (the rewrite never
//! looks inside one), kept as its id in the shared arena; `&&`/`||` nodes
//! are mutable, and a node's identity (its index) is the kernel's pointer.

use super::simplify::{Op, Simplifier};
use crate::model::{Expr, ExprId, SymbolId};

#[derive(Clone, Copy)]
enum Node {
    Leaf(ExprId),
    Two(Op, usize, usize),
}

/// Where a node hangs: the root, or one side of a `&&`/`||` node.
#[derive(Clone, Copy)]
enum Slot {
    Root,
    Left(usize),
    Right(usize),
}

struct Tree<'s, 'm> {
    s: &'s mut Simplifier<'m>,
    nodes: Vec<Node>,
    root: usize,
    trans_count: u32,
}

/// `expr_eliminate_dups` of Linux up to 6.10.
pub(super) fn eliminate_dups(s: &mut Simplifier<'_>, e: Option<ExprId>) -> Option<ExprId> {
    let e = e?;
    let mut t = Tree {
        s,
        nodes: Vec::new(),
        root: 0,
        trans_count: 0,
    };
    t.root = t.grow(e);
    loop {
        t.trans_count = 0;
        if let Node::Two(op, ..) = t.nodes[t.root] {
            t.dups(op, Slot::Root, Slot::Root);
        }
        if t.trans_count == 0 {
            break;
        }
        t.eliminate_yn(t.root);
    }
    Some(t.shrink(t.root))
}

impl Tree<'_, '_> {
    /// A fresh copy of `e` as mutable nodes (`expr_copy`).
    fn grow(&mut self, e: ExprId) -> usize {
        let node = match self.s.exprs.get(e) {
            Expr::And(l, r) => Node::Two(Op::And, self.grow(l), self.grow(r)),
            Expr::Or(l, r) => Node::Two(Op::Or, self.grow(l), self.grow(r)),
            _ => Node::Leaf(e),
        };
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// The expression a node stands for, in the shared arena.
    fn shrink(&mut self, n: usize) -> ExprId {
        match self.nodes[n] {
            Node::Leaf(e) => e,
            Node::Two(op, l, r) => {
                let (l, r) = (self.shrink(l), self.shrink(r));
                self.s.exprs.intern(match op {
                    Op::And => Expr::And(l, r),
                    Op::Or => Expr::Or(l, r),
                })
            }
        }
    }

    fn get(&self, slot: Slot) -> usize {
        match slot {
            Slot::Root => self.root,
            Slot::Left(n) | Slot::Right(n) => match (self.nodes[n], slot) {
                (Node::Two(_, l, _), Slot::Left(_)) => l,
                (Node::Two(_, _, r), _) => r,
                (Node::Leaf(_), _) => unreachable!("a slot of a leaf"),
            },
        }
    }

    fn set(&mut self, slot: Slot, v: usize) {
        match slot {
            Slot::Root => self.root = v,
            Slot::Left(n) | Slot::Right(n) => {
                if let Node::Two(_, l, r) = &mut self.nodes[n] {
                    match slot {
                        Slot::Left(_) => *l = v,
                        _ => *r = v,
                    }
                }
            }
        }
    }

    fn op(&self, n: usize) -> Option<Op> {
        match self.nodes[n] {
            Node::Two(op, ..) => Some(op),
            Node::Leaf(_) => None,
        }
    }

    fn leaf(&mut self, s: SymbolId) -> usize {
        let e = self.s.sym(s);
        self.nodes.push(Node::Leaf(e));
        self.nodes.len() - 1
    }

    fn is_const(&self, n: usize, s: SymbolId) -> bool {
        matches!(self.nodes[n], Node::Leaf(e) if self.s.exprs.get(e) == Expr::Symbol(s))
    }

    /// `expr_eliminate_dups1(type, ep1, ep2)`: every pair of leaves of one
    /// level of `op`, the first of a joined pair becoming its neutral
    /// constant; a leaf that is a level of the other operator is
    /// deduplicated within itself first.
    fn dups(&mut self, op: Op, s1: Slot, s2: Slot) {
        let e1 = self.get(s1);
        if self.op(e1) == Some(op) {
            self.dups(op, Slot::Left(e1), s2);
            self.dups(op, Slot::Right(e1), s2);
            return;
        }
        let e2 = self.get(s2);
        if self.op(e2) == Some(op) {
            self.dups(op, s1, Slot::Left(e2));
            self.dups(op, s1, Slot::Right(e2));
            return;
        }
        if e1 == e2 {
            return;
        }
        if let Some(inner) = self.op(e1) {
            self.dups(inner, s1, s1);
        }
        let (a, b) = (self.shrink(self.get(s1)), self.shrink(self.get(s2)));
        let (joined, neutral) = match op {
            Op::Or => (self.s.join_or(a, b), SymbolId::NO),
            Op::And => (self.s.join_and(a, b), SymbolId::YES),
        };
        if let Some(j) = joined {
            let first = self.leaf(neutral);
            self.set(s1, first);
            let second = self.grow(j);
            self.set(s2, second);
            self.trans_count += 1;
        }
    }

    /// `expr_eliminate_yn` in place: the node takes the value of the
    /// operand that remains.
    fn eliminate_yn(&mut self, e: usize) {
        let Node::Two(op, l, r) = self.nodes[e] else {
            return;
        };
        self.eliminate_yn(l);
        self.eliminate_yn(r);
        let (absorbing, neutral) = match op {
            Op::And => (SymbolId::NO, SymbolId::YES),
            Op::Or => (SymbolId::YES, SymbolId::NO),
        };
        for (x, other) in [(l, r), (r, l)] {
            if self.is_const(x, absorbing) {
                self.nodes[e] = self.nodes[x];
                return;
            }
            if self.is_const(x, neutral) {
                self.nodes[e] = self.nodes[other];
                return;
            }
        }
    }
}
