//! The rest of a speculative lowering pass once it has met a probe whose
//! output is not known: its model will be thrown away (see
//! `tree::lower`), so from there on the pass only looks for more commands.
//! It still assigns variables and follows `source` (whose paths and whose
//! files' texts can hold probes), and expands every text that a lowering
//! pass expands and that has a macro reference; it builds no symbols,
//! properties or menus. On the 6.12 x86 tree that is a quarter of a
//! lowering pass, and a cold run makes several passes.

use super::{Lowerer, MAX_MENU_DEPTH};
use crate::error::Error;
use crate::syntax::ast::{self, PropertyKind, Statement};

impl Lowerer<'_> {
    /// `statement`, scanning for probes only (see the module documentation).
    /// `source` and variable assignments go through the usual code.
    pub(super) fn scan(&mut self, s: &Statement) -> Result<(), Error> {
        match s {
            Statement::Mainmenu { prompt, .. } => self.scan_text(prompt),
            Statement::Config {
                name, properties, ..
            } => {
                self.scan_text(name)?;
                self.scan_properties(properties)
            }
            Statement::Choice {
                name,
                properties,
                body,
                span,
                ..
            } => {
                if let Some(name) = name {
                    self.scan_text(name)?;
                }
                self.scan_properties(properties)?;
                self.scan_body(body, *span)
            }
            Statement::Menu {
                prompt,
                properties,
                body,
                span,
                ..
            } => {
                self.scan_text(prompt)?;
                self.scan_properties(properties)?;
                self.scan_body(body, *span)
            }
            Statement::If {
                cond, body, span, ..
            } => {
                self.scan_expr(cond)?;
                self.scan_body(body, *span)
            }
            Statement::Comment {
                prompt, properties, ..
            } => {
                self.scan_text(prompt)?;
                self.scan_properties(properties)
            }
            Statement::MacroLine { words, .. } => words.iter().try_for_each(|w| self.scan_text(w)),
            Statement::Source { .. } | Statement::Assignment { .. } => self.statement(s),
        }
    }

    fn scan_body(&mut self, body: &[Statement], span: ast::Span) -> Result<(), Error> {
        if self.depth >= MAX_MENU_DEPTH {
            return Err(self.error(span, "menus nested too deep"));
        }
        self.depth += 1;
        let r = self.statements(body);
        self.depth -= 1;
        r
    }

    fn scan_properties(&mut self, properties: &[ast::Property]) -> Result<(), Error> {
        for p in properties {
            match &p.kind {
                PropertyKind::Type { prompt, .. } => {
                    if let Some(prompt) = prompt {
                        self.scan_prompt(prompt)?;
                    }
                }
                PropertyKind::Prompt(prompt) => self.scan_prompt(prompt)?,
                PropertyKind::Default { value, cond, .. } => {
                    self.scan_expr(value)?;
                    self.scan_cond(cond)?;
                }
                PropertyKind::Select { symbol, cond } | PropertyKind::Imply { symbol, cond } => {
                    self.scan_text(symbol)?;
                    self.scan_cond(cond)?;
                }
                PropertyKind::Range { low, high, cond } => {
                    self.scan_text(low)?;
                    self.scan_text(high)?;
                    self.scan_cond(cond)?;
                }
                PropertyKind::DependsOn { expr, cond } => {
                    self.scan_expr(expr)?;
                    self.scan_cond(cond)?;
                }
                PropertyKind::Visible { cond } => self.scan_cond(cond)?,
                PropertyKind::Modules
                | PropertyKind::Optional
                | PropertyKind::Transitional
                | PropertyKind::Option { .. }
                | PropertyKind::Help(_) => {}
            }
        }
        Ok(())
    }

    fn scan_prompt(&mut self, prompt: &ast::Prompt) -> Result<(), Error> {
        self.scan_text(&prompt.text)?;
        self.scan_cond(&prompt.cond)
    }

    fn scan_cond(&mut self, cond: &Option<ast::Expr>) -> Result<(), Error> {
        cond.as_ref().map_or(Ok(()), |c| self.scan_expr(c))
    }

    fn scan_expr(&mut self, e: &ast::Expr) -> Result<(), Error> {
        match e {
            ast::Expr::Atom(t) => self.scan_text(t),
            ast::Expr::Cmp(_, a, b) => {
                self.scan_text(a)?;
                self.scan_text(b)
            }
            ast::Expr::Not(x) => self.scan_expr(x),
            ast::Expr::And(a, b) | ast::Expr::Or(a, b) => {
                self.scan_expr(a)?;
                self.scan_expr(b)
            }
        }
    }

    fn scan_text(&mut self, t: &ast::RawText) -> Result<(), Error> {
        if t.has_macro() {
            self.text(t)?;
        }
        Ok(())
    }
}
