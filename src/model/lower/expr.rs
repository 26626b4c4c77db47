//! Expressions and texts: macros expanded as the kernel's lexer expands
//! them, symbols looked up or created, expressions interned in the arena.

use super::Lowerer;
use crate::error::Error;
use crate::macros::Location;
use crate::model::{Expr, ExprId, SymbolId};
use crate::syntax::ast;

impl Lowerer<'_> {
    pub(super) fn macro_error(&self, span: ast::Span, e: impl std::fmt::Display) -> Error {
        let file = &self.sources.file(span.file).name;
        let msg = e.to_string();
        // Macro errors usually carry their own location already, in conf's
        // words (`Kconfig:1: compiler too old`): keep them as they are
        // rather than naming the place twice.
        if msg.starts_with(&format!("{file}:")) {
            Error::Syntax(msg)
        } else {
            Error::kconfig(file, span.line, msg)
        }
    }

    /// The value of a word or quoted string, macros expanded.
    pub(super) fn text(&mut self, t: &ast::RawText) -> Result<String, Error> {
        // Most prompts have neither a macro nor an escape, and expand to
        // themselves: skip the expander (and the file name it is given).
        if !t.raw.contains(['$', '\\']) || (t.quote.is_none() && !t.has_macro()) {
            return Ok(t.raw.clone());
        }
        let file = self.sources.file(t.span.file).name.clone();
        let at = Location {
            file: &file,
            line: t.span.line,
        };
        let r = if t.quote.is_some() {
            self.pp.expand_quoted(&t.raw, at)
        } else {
            self.pp.expand_word(&t.raw, at)
        };
        if !self.scanning && self.pp.probes().wanted_any() {
            self.scanning = true;
        }
        r.map_err(|e| self.macro_error(t.span, e))
    }

    /// A symbol operand: a quoted string is a constant symbol.
    pub(super) fn atom(&mut self, t: &ast::RawText) -> Result<SymbolId, Error> {
        let text = self.text(t)?;
        if t.quote.is_none() && text.is_empty() {
            return Err(self.error(
                t.span,
                format!("`{}` expands to nothing where a symbol is expected", t.raw),
            ));
        }
        Ok(self.lookup(&text, t.quote.is_some()))
    }

    pub(super) fn opt_expr(&mut self, e: Option<&ast::Expr>) -> Result<Option<ExprId>, Error> {
        e.map(|e| self.expr(e)).transpose()
    }

    pub(super) fn expr(&mut self, e: &ast::Expr) -> Result<ExprId, Error> {
        Ok(match e {
            ast::Expr::Atom(t) => {
                let s = self.atom(t)?;
                self.exprs.symbol(s)
            }
            ast::Expr::Cmp(op, a, b) => {
                let a = self.atom(a)?;
                let b = self.atom(b)?;
                self.exprs.intern(Expr::Cmp(*op, a, b))
            }
            ast::Expr::Not(x) => {
                let x = self.expr(x)?;
                self.exprs.not(x)
            }
            ast::Expr::And(a, b) => {
                let a = self.expr(a)?;
                let b = self.expr(b)?;
                self.exprs.intern(Expr::And(a, b))
            }
            ast::Expr::Or(a, b) => {
                let a = self.expr(a)?;
                let b = self.expr(b)?;
                self.exprs.intern(Expr::Or(a, b))
            }
        })
    }
}
