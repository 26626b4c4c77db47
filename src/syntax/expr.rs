//! Expressions: from the flat operand/operator list the grammar produces to
//! an [`Expr`] tree, with the kernel's precedence and a depth bound.
//!
//! parser.y declares `%left T_OR`, `%left T_AND`, `%nonassoc T_NOT`, so `||`
//! binds loosest, then `&&`, then `!`; both binary operators are left
//! associative. Comparisons are single operands already (`!A = B` is
//! `!(A = B)`).

use pest::iterators::Pair;

use super::ast::{CmpOp, Expr, RawText};
use super::error::{SyntaxError, SyntaxErrorKind};
use super::parse::{Builder, Rule};
use super::MAX_EXPR_DEPTH;

/// An expression and the depth of its tree.
struct Node {
    expr: Expr,
    depth: usize,
}

impl Builder<'_> {
    /// Build an `expr` pair. `nesting` counts enclosing parentheses.
    pub(crate) fn expr(&mut self, pair: Pair<'_, Rule>) -> Result<Expr, SyntaxError> {
        let start = pair.as_span().start();
        let node = self.expr_at(pair, 0)?;
        self.check_depth(node.depth, start)?;
        Ok(node.expr)
    }

    fn expr_at(&mut self, pair: Pair<'_, Rule>, nesting: usize) -> Result<Node, SyntaxError> {
        let start = pair.as_span().start();
        if nesting > MAX_EXPR_DEPTH {
            return Err(self.too_deep(start));
        }
        let mut ors: Vec<Node> = Vec::new();
        let mut ands: Vec<Node> = Vec::new();
        let mut nots = 0usize;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::not_op => {
                    nots += 1;
                    self.check_depth(nots, start)?;
                }
                Rule::bin_op if child.as_str() == "||" => ors.push(fold(&mut ands, Expr::And)),
                Rule::bin_op => {}
                Rule::paren => {
                    let inner = child.into_inner().next();
                    let node = match inner {
                        Some(expr) => self.expr_at(expr, nesting + 1)?,
                        None => return Err(self.too_deep(start)),
                    };
                    ands.push(negate(node, std::mem::take(&mut nots)));
                }
                Rule::operand => {
                    let node = Node {
                        expr: self.operand(child)?,
                        depth: 1,
                    };
                    ands.push(negate(node, std::mem::take(&mut nots)));
                }
                _ => {}
            }
            if let Some(last) = ands.last() {
                self.check_depth(last.depth + ands.len() + ors.len(), start)?;
            }
        }
        ors.push(fold(&mut ands, Expr::And));
        Ok(fold(&mut ors, Expr::Or))
    }

    /// `A`, `"text"` or `A op B`.
    fn operand(&mut self, pair: Pair<'_, Rule>) -> Result<Expr, SyntaxError> {
        let mut inner = pair.into_inner();
        let left = self.symbol(next(&mut inner))?;
        let Some(op) = inner.next() else {
            return Ok(Expr::Atom(left));
        };
        let right = self.symbol(next(&mut inner))?;
        Ok(Expr::Cmp(cmp_op(op.as_str()), left, right))
    }

    /// A word or a quoted string used as a symbol or constant.
    pub(crate) fn symbol(&mut self, pair: Pair<'_, Rule>) -> Result<RawText, SyntaxError> {
        let text = self.raw(pair);
        if text.quote.is_none() && super::parse::is_keyword(&text.raw) {
            return Err(SyntaxError::new(
                SyntaxErrorKind::KeywordAsName(text.raw),
                text.span,
            ));
        }
        Ok(text)
    }

    fn check_depth(&mut self, depth: usize, at: usize) -> Result<(), SyntaxError> {
        if depth > MAX_EXPR_DEPTH {
            return Err(self.too_deep(at));
        }
        Ok(())
    }

    pub(crate) fn too_deep(&mut self, at: usize) -> SyntaxError {
        SyntaxError::new(SyntaxErrorKind::TooDeep(MAX_EXPR_DEPTH), self.span(at))
    }
}

/// The grammar guarantees the child exists; `Pairs` gives no way to say so.
fn next<'i>(pairs: &mut pest::iterators::Pairs<'i, Rule>) -> Pair<'i, Rule> {
    pairs.next().expect("grammar: operand has a symbol")
}

fn negate(mut node: Node, nots: usize) -> Node {
    for _ in 0..nots {
        node = Node {
            expr: Expr::Not(Box::new(node.expr)),
            depth: node.depth + 1,
        };
    }
    node
}

/// Fold `nodes` left-associatively with `op`, emptying the vector.
fn fold(nodes: &mut Vec<Node>, op: fn(Box<Expr>, Box<Expr>) -> Expr) -> Node {
    let mut iter = nodes.drain(..);
    let first = iter.next().expect("grammar: an expression has an operand");
    iter.fold(first, |left, right| Node {
        depth: left.depth.max(right.depth) + 1,
        expr: op(Box::new(left.expr), Box::new(right.expr)),
    })
}

fn cmp_op(text: &str) -> CmpOp {
    match text {
        "=" => CmpOp::Equal,
        "!=" => CmpOp::Unequal,
        "<" => CmpOp::Less,
        "<=" => CmpOp::LessEqual,
        ">" => CmpOp::Greater,
        _ => CmpOp::GreaterEqual,
    }
}
