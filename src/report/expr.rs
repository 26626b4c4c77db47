//! Dependency expressions as Kconfig writes them, for display.

use crate::model::{expr::cmp_op_text, Expr, ExprId, Model, SymbolId};

/// `e` in Kconfig syntax, with only the parentheses precedence needs.
pub fn text(model: &Model, e: ExprId) -> String {
    let mut out = String::new();
    write(model, e, 0, &mut out);
    out
}

/// A symbol as an expression names it (constants quoted when not a word).
pub fn symbol(model: &Model, s: SymbolId) -> String {
    let name = model.name(s);
    let word = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if model.sym(s).is_const && !word {
        format!("\"{name}\"")
    } else {
        name.to_string()
    }
}

/// Precedence: `||` 1, `&&` 2, `!` and comparisons 3.
fn write(model: &Model, e: ExprId, outer: u8, out: &mut String) {
    let (prec, body) = match model.exprs.get(e) {
        Expr::Symbol(s) => (3, symbol(model, s)),
        Expr::Cmp(op, a, b) => (
            3,
            format!(
                "{}{}{}",
                symbol(model, a),
                cmp_op_text(op),
                symbol(model, b)
            ),
        ),
        Expr::Not(a) => {
            let mut inner = String::new();
            write(model, a, 3, &mut inner);
            (3, format!("!{inner}"))
        }
        Expr::And(a, b) | Expr::Or(a, b) => {
            let (prec, op) = if matches!(model.exprs.get(e), Expr::And(..)) {
                (2, " && ")
            } else {
                (1, " || ")
            };
            let mut inner = String::new();
            write(model, a, prec, &mut inner);
            inner.push_str(op);
            write(model, b, prec, &mut inner);
            (prec, inner)
        }
    };
    if prec < outer {
        out.push('(');
        out.push_str(&body);
        out.push(')');
    } else {
        out.push_str(&body);
    }
}
