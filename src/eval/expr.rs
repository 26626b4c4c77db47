//! Expression values (`expr_calc_value`): `&&`, `||`, `!` on tristates, and
//! comparisons, which compare numbers when both sides parse as numbers of
//! their symbol's type and strings otherwise.

use super::value::{c_strto, overflows, strtoll, strtoull, Tristate};
use super::Evaluation;
use crate::model::{Expr, ExprId, SymbolId, SymbolType};
use crate::syntax::ast::CmpOp;
use std::cmp::Ordering;

impl Evaluation<'_> {
    /// The value of an optional condition: a missing one is `y`.
    pub fn eval_opt(&mut self, e: Option<ExprId>) -> Tristate {
        e.map_or(Tristate::Yes, |e| self.eval(e))
    }

    pub fn eval(&mut self, e: ExprId) -> Tristate {
        let model = self.model;
        self.eval_in(&model.exprs, e)
    }

    /// The value of an expression of another arena over the same symbols
    /// (the kernel's finalized forms, [`crate::model::kernel_form`]).
    pub fn eval_in(&mut self, exprs: &crate::model::ExprArena, e: ExprId) -> Tristate {
        match exprs.get(e) {
            Expr::Symbol(s) => {
                self.calc(s);
                self.st[s.index()].curr.tri
            }
            Expr::And(a, b) => {
                let (a, b) = (self.eval_in(exprs, a), self.eval_in(exprs, b));
                a.and(b)
            }
            Expr::Or(a, b) => {
                let (a, b) = (self.eval_in(exprs, a), self.eval_in(exprs, b));
                a.or(b)
            }
            Expr::Not(a) => self.eval_in(exprs, a).not(),
            Expr::Cmp(op, a, b) => self.compare(op, a, b),
        }
    }

    fn compare(&mut self, op: CmpOp, a: SymbolId, b: SymbolId) -> Tristate {
        let (sa, sb) = (self.string_value(a), self.string_value(b));
        let (ta, tb) = (self.model.sym(a).ty, self.model.sym(b).ty);
        compare_values(op, (&sa, ta), (&sb, tb))
    }
}

/// A comparison of two values as written in .config, each with the type of
/// its symbol (the solver compares hypothetical values with it).
pub(crate) fn compare_values(
    op: CmpOp,
    (sa, ta): (&str, SymbolType),
    (sb, tb): (&str, SymbolType),
) -> Tristate {
    let ord = if ta == SymbolType::String && tb == SymbolType::String {
        sa.as_bytes().cmp(sb.as_bytes())
    } else {
        match (number(sa, ta), number(sb, tb)) {
            (Some(x), Some(y)) => compare_numbers(x, y),
            _ => sa.as_bytes().cmp(sb.as_bytes()),
        }
    };
    Tristate::from_bool(match op {
        CmpOp::Equal => ord == Ordering::Equal,
        CmpOp::Unequal => ord != Ordering::Equal,
        CmpOp::Less => ord == Ordering::Less,
        CmpOp::LessEqual => ord != Ordering::Greater,
        CmpOp::Greater => ord == Ordering::Greater,
        CmpOp::GreaterEqual => ord != Ordering::Less,
    })
}

#[derive(Clone, Copy, Debug)]
enum Number {
    Signed(i64),
    Unsigned(u64),
}

/// `expr_parse_string`: a value read as a number of the symbol's type, or
/// `None` when it must be compared as a string.
fn number(s: &str, ty: SymbolType) -> Option<Number> {
    if ty.is_logical() {
        let v = match s {
            "n" => 0,
            "m" => 1,
            "y" => 2,
            _ => -1,
        };
        return Some(Number::Signed(v));
    }
    let (base, unsigned) = match ty {
        SymbolType::Int => (10, false),
        SymbolType::Hex => (16, true),
        _ => (0, false),
    };
    let p = c_strto(s, base);
    let whole = p.end == s.len() && p.end > 0;
    let last_hex = s
        .as_bytes()
        .get(p.end.wrapping_sub(1))
        .is_some_and(|c| c.is_ascii_hexdigit());
    if !whole || !last_hex || overflows(s, base, unsigned) {
        return None;
    }
    Some(if unsigned {
        Number::Unsigned(strtoull(s, base))
    } else {
        Number::Signed(strtoll(s, base))
    })
}

/// Unsigned comparison wins when either side is unsigned, as in the kernel
/// (a signed value is then reinterpreted as unsigned).
fn compare_numbers(a: Number, b: Number) -> Ordering {
    match (a, b) {
        (Number::Signed(x), Number::Signed(y)) => x.cmp(&y),
        (x, y) => as_unsigned(x).cmp(&as_unsigned(y)),
    }
}

fn as_unsigned(n: Number) -> u64 {
    match n {
        Number::Signed(x) => x as u64,
        Number::Unsigned(x) => x,
    }
}
