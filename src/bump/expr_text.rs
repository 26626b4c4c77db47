//! Expressions as Kconfig writes them, so that two trees' expressions can
//! be compared by what they say (their arenas and ids differ) and shown.
//! Parentheses only where precedence needs them, as the kernel's
//! `expr_print` does: `||` binds loosest, then `&&`, then `!` and
//! comparisons.

use crate::model::{expr::cmp_op_text, Expr, ExprId, Model, SymbolId};

/// `e` in Kconfig syntax.
pub fn text(model: &Model, e: ExprId) -> String {
    let mut out = String::new();
    write(model, e, 0, &mut out);
    out
}

/// A symbol as an expression names it: constants that are not words are
/// quoted.
pub fn symbol(model: &Model, s: SymbolId) -> String {
    let name = model.name(s);
    let word = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if model.sym(s).is_const && !word {
        format!("\"{name}\"")
    } else {
        name.to_string()
    }
}

fn precedence(e: Expr) -> u8 {
    match e {
        Expr::Or(..) => 1,
        Expr::And(..) => 2,
        Expr::Symbol(_) | Expr::Cmp(..) | Expr::Not(_) => 3,
    }
}

fn write(model: &Model, e: ExprId, outer: u8, out: &mut String) {
    let node = model.exprs.get(e);
    let prec = precedence(node);
    if prec < outer {
        out.push('(');
    }
    match node {
        Expr::Symbol(s) => out.push_str(&symbol(model, s)),
        Expr::Cmp(op, a, b) => {
            out.push_str(&symbol(model, a));
            out.push_str(cmp_op_text(op));
            out.push_str(&symbol(model, b));
        }
        Expr::Not(a) => {
            out.push('!');
            write(model, a, 3, out);
        }
        Expr::And(a, b) | Expr::Or(a, b) => {
            write(model, a, prec, out);
            out.push_str(if prec == 2 { " && " } else { " || " });
            write(model, b, prec, out);
        }
    }
    if prec < outer {
        out.push(')');
    }
}
