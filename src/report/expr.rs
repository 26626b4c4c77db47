//! Dependency expressions as Kconfig writes them, for display: the one
//! expression printer of the crate, in two spellings (a reason tree's
//! Kconfig syntax, and the terse form of solve's one-line reasons).

use crate::model::{expr::cmp_op_text, Expr, ExprId, Model, SymbolId};

/// How constants and negations are spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Spelling {
    /// Constants quoted when not a word, only the parentheses precedence needs.
    Kconfig,
    /// Names as the model has them; `!(...)` around all but a plain symbol.
    Terse,
}

/// `e` in Kconfig syntax, with only the parentheses precedence needs.
pub fn text(model: &Model, e: ExprId) -> String {
    let mut out = String::new();
    write(model, e, 0, Spelling::Kconfig, &mut out);
    out
}

/// `e` as solve's one-line reasons print it: constants unquoted, and a
/// negation of anything but a symbol parenthesized (`!(A=B)`).
pub fn terse(model: &Model, e: ExprId) -> String {
    let mut out = String::new();
    write(model, e, 0, Spelling::Terse, &mut out);
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

/// Precedence: `||` 1, `&&` 2, `!` and comparisons 3, a symbol 4.
fn write(model: &Model, e: ExprId, outer: u8, sp: Spelling, out: &mut String) {
    let name = |s: SymbolId| match sp {
        Spelling::Kconfig => symbol(model, s),
        Spelling::Terse => model.name(s).to_string(),
    };
    let (prec, body) = match model.exprs.get(e) {
        Expr::Symbol(s) => (4, name(s)),
        Expr::Cmp(op, a, b) => (3, format!("{}{}{}", name(a), cmp_op_text(op), name(b))),
        Expr::Not(a) => {
            let mut inner = String::new();
            let operand = if sp == Spelling::Terse { 4 } else { 3 };
            write(model, a, operand, sp, &mut inner);
            (3, format!("!{inner}"))
        }
        Expr::And(a, b) | Expr::Or(a, b) => {
            let (prec, op) = if matches!(model.exprs.get(e), Expr::And(..)) {
                (2, " && ")
            } else {
                (1, " || ")
            };
            let mut inner = String::new();
            write(model, a, prec, sp, &mut inner);
            inner.push_str(op);
            write(model, b, prec, sp, &mut inner);
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
