//! The walk over a file's statements, in document order, that every
//! lowering pass makes. It is generic over a [`Mode`]: [`Build`] builds
//! menu nodes, symbols and properties as the kernel's parser actions do;
//! [`Scan`] builds nothing. A speculative pass scans from the statement after
//! it meets a probe whose output is not known ([`super::ProbesPending`]):
//! its model will be thrown away (see `tree::lower`), so from there on it
//! only looks for more commands. A scan still assigns variables and follows
//! `source` (whose paths and whose files' texts can hold probes), and
//! expands every text that building expands and that has a macro reference.
//! On the 6.12 x86 tree that is a quarter of a building pass, and a cold run
//! makes several passes.

use super::{Lowerer, ProbesPending, MAX_MENU_DEPTH};
use crate::error::{Error, KconfigErrorKind};
use crate::macros::Location;
use crate::model::symbol::{PropKind, SymbolType};
use crate::model::{MenuId, MenuKind, Semantics, SymbolId};
use crate::syntax::ast::{self, Statement};

/// What a walk does with what it reads.
pub(super) trait Mode {
    /// Whether it builds the model. Where it does not, texts without a
    /// macro are not even expanded and the values read are never used.
    const BUILDS: bool;
}

/// The walk that builds the model.
pub(super) enum Build {}

/// The walk that only expands texts, for the probes they queue.
pub(super) enum Scan {}

impl Mode for Build {
    const BUILDS: bool = true;
}

impl Mode for Scan {
    const BUILDS: bool = false;
}

impl Lowerer<'_> {
    pub(super) fn statements(&mut self, stmts: &[Statement]) -> Result<(), Error> {
        for s in stmts {
            match self.pending {
                None => self.statement::<Build>(s)?,
                Some(ProbesPending) => self.statement::<Scan>(s)?,
            }
        }
        Ok(())
    }

    fn statement<M: Mode>(&mut self, s: &Statement) -> Result<(), Error> {
        match s {
            Statement::Mainmenu { prompt, span } => self.mainmenu::<M>(prompt, *span)?,
            Statement::Config {
                kind,
                name,
                properties,
                span,
            } => self.config::<M>(*kind, name, properties, *span)?,
            Statement::Choice {
                name,
                properties,
                body,
                span,
                ..
            } => self.choice::<M>(name.as_ref(), properties, body, *span)?,
            Statement::Menu {
                prompt,
                properties,
                body,
                span,
                ..
            } => {
                self.entry_with_prompt::<M>(MenuKind::Menu, prompt, *span)?;
                self.entry_properties::<M>(properties)?;
                self.block(body, *span)?;
            }
            Statement::If {
                cond, body, span, ..
            } => self.if_block::<M>(cond, body, *span)?,
            Statement::Comment {
                prompt,
                properties,
                span,
            } => {
                self.entry_with_prompt::<M>(MenuKind::Comment, prompt, *span)?;
                self.entry_properties::<M>(properties)?;
            }
            Statement::Source { kind, path, span } => self.source(*kind, path, *span)?,
            Statement::Assignment {
                name,
                op,
                value,
                span,
            } => self.assignment(name, *op, value, *span)?,
            Statement::MacroLine { words, span } => self.macro_line::<M>(words, *span)?,
        }
        Ok(())
    }

    /// `mainmenu`: the root menu's prompt.
    fn mainmenu<M: Mode>(&mut self, prompt: &ast::RawText, span: ast::Span) -> Result<(), Error> {
        let text = self.expand::<M>(prompt)?;
        if M::BUILDS {
            let saved = std::mem::replace(&mut self.current_entry, MenuId::ROOT);
            self.add_prompt(PropKind::Menu, text, None, span);
            self.current_entry = saved;
        }
        Ok(())
    }

    fn if_block<M: Mode>(
        &mut self,
        cond: &ast::Expr,
        body: &[Statement],
        span: ast::Span,
    ) -> Result<(), Error> {
        let dep = self.expr::<M>(cond)?;
        if M::BUILDS {
            self.add_entry(MenuKind::If, None, span);
            self.add_dep(dep);
        }
        self.block(body, span)
    }

    /// A `menu` or `comment` entry and its prompt.
    fn entry_with_prompt<M: Mode>(
        &mut self,
        kind: MenuKind,
        prompt: &ast::RawText,
        span: ast::Span,
    ) -> Result<(), Error> {
        let text = self.expand::<M>(prompt)?;
        if M::BUILDS {
            let prompt_kind = match kind {
                MenuKind::Comment => PropKind::Comment,
                _ => PropKind::Menu,
            };
            self.add_entry(kind, None, span);
            self.add_prompt(prompt_kind, text, None, span);
        }
        Ok(())
    }

    /// `menu_add_menu` ... body ... `menu_end_menu`.
    fn block(&mut self, body: &[Statement], span: ast::Span) -> Result<(), Error> {
        if self.depth >= MAX_MENU_DEPTH {
            return Err(self.error(span, KconfigErrorKind::MenusTooDeep(MAX_MENU_DEPTH)));
        }
        let saved = self.current_menu;
        self.current_menu = self.current_entry;
        self.depth += 1;
        let r = self.statements(body);
        self.depth -= 1;
        r?;
        self.current_entry = self.current_menu;
        self.current_menu = saved;
        Ok(())
    }

    fn config<M: Mode>(
        &mut self,
        kind: ast::ConfigKind,
        name: &ast::RawText,
        properties: &[ast::Property],
        span: ast::Span,
    ) -> Result<(), Error> {
        let name = self.expand::<M>(name)?;
        let sym = M::BUILDS.then(|| self.lookup(&name, false));
        if let Some(sym) = sym {
            let menu_kind = match kind {
                ast::ConfigKind::Config => MenuKind::Config,
                ast::ConfigKind::MenuConfig => MenuKind::MenuConfig,
            };
            self.add_entry(menu_kind, Some(sym), span);
        }
        self.entry_properties::<M>(properties)?;
        if let Some(sym) = sym {
            self.add_choice_member(sym);
        }
        Ok(())
    }

    /// Modern kernels list a choice's members while parsing (parser.y);
    /// legacy ones in menu_finalize (see finalize.rs).
    fn add_choice_member(&mut self, sym: SymbolId) {
        if let (Some(choice), Semantics::Modern) = (self.current_choice, self.semantics) {
            let choice_sym = self.menus[choice.index()].sym.expect("choice has a symbol");
            if self.symbols[sym.index()].choice_block.is_none() {
                self.symbols[sym.index()].choice_block = Some(choice);
                self.symbols[choice_sym.index()].members.push(sym);
            }
        }
    }

    fn choice<M: Mode>(
        &mut self,
        name: Option<&ast::RawText>,
        properties: &[ast::Property],
        body: &[Statement],
        span: ast::Span,
    ) -> Result<(), Error> {
        let sym = match name {
            Some(n) if self.semantics == Semantics::Legacy => {
                let n = self.expand::<M>(n)?;
                M::BUILDS.then(|| self.legacy_choice_symbol(n))
            }
            _ => M::BUILDS.then(|| self.new_symbol(None, false)),
        };
        let menu = sym.map(|sym| self.choice_entry(sym, span));
        self.entry_properties::<M>(properties)?;
        let saved_choice = self.current_choice;
        if menu.is_some() {
            self.current_choice = menu;
        }
        let r = self.block(body, span);
        self.current_choice = saved_choice;
        r
    }

    /// A legacy kernel's named choice: the choice of that name if there is
    /// one already, else a new one.
    fn legacy_choice_symbol(&mut self, name: String) -> SymbolId {
        match self.by_name.get(&name) {
            Some(&s) if self.symbols[s.index()].is_choice => s,
            _ => self.new_symbol(Some(name), false),
        }
    }

    fn choice_entry(&mut self, sym: SymbolId, span: ast::Span) -> MenuId {
        self.symbols[sym.index()].is_choice = true;
        let menu = self.add_entry(MenuKind::Choice, Some(sym), span);
        if self.semantics == Semantics::Modern {
            self.set_type(SymbolType::Bool);
        }
        menu
    }

    fn assignment(
        &mut self,
        name: &ast::RawText,
        op: ast::AssignOp,
        value: &str,
        span: ast::Span,
    ) -> Result<(), Error> {
        let name = self.text(name)?;
        let file = self.sources.file(span.file).name.clone();
        let at = Location {
            file: &file,
            line: span.line,
        };
        self.pp.assign(&name, op, value, at).map_err(Error::from)
    }

    /// A line of macros alone, which must expand to nothing.
    fn macro_line<M: Mode>(
        &mut self,
        words: &[ast::RawText],
        span: ast::Span,
    ) -> Result<(), Error> {
        for w in words {
            let out = self.expand::<M>(w)?;
            if M::BUILDS && !out.trim().is_empty() {
                return Err(self.error(span, KconfigErrorKind::UnknownStatement(out)));
            }
        }
        Ok(())
    }
}
