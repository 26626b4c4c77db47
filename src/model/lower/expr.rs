//! Expressions and texts: macros expanded as the kernel's lexer expands
//! them, symbols looked up or created, expressions interned in the arena.

use super::walk::Mode;
use super::{Lowerer, ProbesPending};
use crate::error::{Error, KconfigErrorKind};
use crate::macros::Location;
use crate::model::{Expr, ExprId, SymbolId};
use crate::syntax::ast;

impl Lowerer<'_> {
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
        if self.pending.is_none() && self.pp.probes().wanted_any() {
            self.pending = Some(ProbesPending);
        }
        r.map_err(Error::from)
    }

    /// A text as a walk in mode `M` reads it: its value when it builds; in
    /// a scan its macros expanded only (for the probes they queue), and no
    /// value, which a scan never uses.
    pub(super) fn expand<M: Mode>(&mut self, t: &ast::RawText) -> Result<String, Error> {
        if M::BUILDS {
            return self.text(t);
        }
        if t.has_macro() {
            self.text(t)?;
        }
        Ok(String::new())
    }

    /// A symbol operand: a quoted string is a constant symbol. A scan
    /// looks up nothing, and gives a symbol it never uses.
    pub(super) fn atom<M: Mode>(&mut self, t: &ast::RawText) -> Result<SymbolId, Error> {
        let text = self.expand::<M>(t)?;
        if !M::BUILDS {
            return Ok(SymbolId::NO);
        }
        if t.quote.is_none() && text.is_empty() {
            let kind = KconfigErrorKind::EmptySymbol(t.raw.clone());
            return Err(self.error(t.span, kind));
        }
        Ok(self.lookup(&text, t.quote.is_some()))
    }

    pub(super) fn opt_expr<M: Mode>(
        &mut self,
        e: Option<&ast::Expr>,
    ) -> Result<Option<ExprId>, Error> {
        e.map(|e| self.expr::<M>(e)).transpose()
    }

    /// An expression, interned; a scan only expands its texts, interns
    /// nothing and gives an id it never uses.
    pub(super) fn expr<M: Mode>(&mut self, e: &ast::Expr) -> Result<ExprId, Error> {
        let node = match e {
            ast::Expr::Atom(t) => Expr::Symbol(self.atom::<M>(t)?),
            ast::Expr::Cmp(op, a, b) => {
                let a = self.atom::<M>(a)?;
                Expr::Cmp(*op, a, self.atom::<M>(b)?)
            }
            ast::Expr::Not(x) => Expr::Not(self.expr::<M>(x)?),
            ast::Expr::And(a, b) => {
                let a = self.expr::<M>(a)?;
                Expr::And(a, self.expr::<M>(b)?)
            }
            ast::Expr::Or(a, b) => {
                let a = self.expr::<M>(a)?;
                Expr::Or(a, self.expr::<M>(b)?)
            }
        };
        Ok(if M::BUILDS {
            self.exprs.intern(node)
        } else {
            ExprId(0)
        })
    }
}
