//! Unit tests of the parser: one per statement, property and lexical rule,
//! and the help-text rules of the kernel's lexer, by topic (statements,
//! properties, expressions, help, lines); errors and limits are in
//! `errors.rs`, the parse cache's encoding in `binary.rs`. The helpers here
//! are what they share.

mod binary;
mod errors;
mod expressions;
mod help;
mod lines;
mod properties;
mod statements;

use super::ast::*;
use super::parse_file;

fn parse(text: &str) -> Vec<Statement> {
    match parse_file(text, FileId(7)) {
        Ok(file) => file.statements,
        Err(err) => panic!("unexpected error:\n{}", err.render("Kconfig", text)),
    }
}

fn span(line: u32, col: u32) -> Span {
    Span {
        file: FileId(7),
        line,
        col,
    }
}

/// Properties of the only statement, which must be a config entry.
fn config_properties(text: &str) -> Vec<Property> {
    match parse(text).as_slice() {
        [Statement::Config { properties, .. }] => properties.clone(),
        other => panic!("expected one config entry, got {other:?}"),
    }
}

fn property_kinds(text: &str) -> Vec<PropertyKind> {
    config_properties(text)
        .into_iter()
        .map(|p| p.kind)
        .collect()
}

/// Compact form of an expression: `(A && !B)`, `(X = "y")`.
fn show(expr: &Expr) -> String {
    match expr {
        Expr::Atom(text) => show_raw(text),
        Expr::Cmp(op, left, right) => {
            let op = match op {
                CmpOp::Equal => "=",
                CmpOp::Unequal => "!=",
                CmpOp::Less => "<",
                CmpOp::LessEqual => "<=",
                CmpOp::Greater => ">",
                CmpOp::GreaterEqual => ">=",
            };
            format!("({} {op} {})", show_raw(left), show_raw(right))
        }
        Expr::Not(inner) => format!("!{}", show(inner)),
        Expr::And(a, b) => format!("({} && {})", show(a), show(b)),
        Expr::Or(a, b) => format!("({} || {})", show(a), show(b)),
    }
}

fn show_raw(text: &RawText) -> String {
    match text.quote {
        Some(q) => format!("{q}{}{q}", text.raw),
        None => text.raw.clone(),
    }
}

/// The `depends on` expression of `config X` written with `expr`.
pub(super) fn depends(expr: &str) -> String {
    match property_kinds(&format!("config X\n\tdepends on {expr}\n")).as_slice() {
        [PropertyKind::DependsOn { expr, cond: None }] => show(expr),
        other => panic!("{other:?}"),
    }
}

fn word(raw: &str, line: u32, col: u32) -> RawText {
    RawText {
        raw: raw.into(),
        quote: None,
        span: span(line, col),
    }
}

fn quoted(raw: &str, line: u32, col: u32) -> RawText {
    RawText {
        raw: raw.into(),
        quote: Some('"'),
        span: span(line, col),
    }
}

/// The help text of the first statement, which must be a config entry.
pub(super) fn help_of(text: &str) -> String {
    let properties = match parse(text).into_iter().next() {
        Some(Statement::Config { properties, .. }) => properties,
        other => panic!("expected a config entry, got {other:?}"),
    };
    let helps: Vec<String> = properties
        .into_iter()
        .filter_map(|p| match p.kind {
            PropertyKind::Help(text) => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(helps.len(), 1, "{helps:?}");
    helps[0].clone()
}
