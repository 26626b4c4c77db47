//! Lowering: the syntax trees of a tree's files -> the model, in document
//! order, expanding macros as the kernel's lexer does and building menu
//! nodes, symbols and properties as the kernel's parser actions do
//! (`menu_add_entry`, `menu_add_prompt`, `menu_add_dep`, ...).

use super::symbol::{PropKind, Property, Symbol, SymbolType};
use super::{
    ExprArena, ExprId, Loc, MenuId, MenuKind, MenuNode, Model, PropId, Semantics, SymbolId,
};
use crate::error::Error;
use crate::macros::{Location, Preprocessor};
use crate::source::Sources;
use crate::syntax::ast::{self, PropertyKind, Statement};
use rustc_hash::FxHashMap;

/// How deep `source` may nest before we call it a loop we did not see.
const MAX_SOURCE_DEPTH: usize = 64;

/// How deep menus may nest across files (each file is bounded by
/// [`crate::syntax::MAX_BLOCK_DEPTH`], but `source` inside blocks adds up).
/// Lowering, finalizing and evaluating recurse once per level, so this keeps
/// them within a small thread stack.
pub const MAX_MENU_DEPTH: usize = 256;

mod scan;

pub(crate) struct Lowerer<'a> {
    sources: &'a mut Sources,
    pp: &'a mut Preprocessor,
    semantics: Semantics,
    symbols: Vec<Symbol>,
    props: Vec<Property>,
    menus: Vec<MenuNode>,
    exprs: ExprArena,
    by_name: FxHashMap<String, SymbolId>,
    consts: FxHashMap<String, SymbolId>,
    modules: Option<SymbolId>,
    current_menu: MenuId,
    current_entry: MenuId,
    current_choice: Option<MenuId>,
    /// `(file name, line of the source statement)` of the files being read.
    include_stack: Vec<(String, u32)>,
    file: ast::FileId,
    /// Blocks open around the statement being lowered, across files.
    depth: usize,
    /// A speculative pass has met a probe not known yet: only look for
    /// more (see `scan`).
    scanning: bool,
}

impl<'a> Lowerer<'a> {
    pub(crate) fn new(
        sources: &'a mut Sources,
        pp: &'a mut Preprocessor,
        semantics: Semantics,
    ) -> Self {
        let mut l = Lowerer {
            sources,
            pp,
            semantics,
            symbols: Vec::new(),
            props: Vec::new(),
            menus: Vec::new(),
            exprs: ExprArena::default(),
            by_name: FxHashMap::default(),
            consts: FxHashMap::default(),
            modules: None,
            current_menu: MenuId::ROOT,
            current_entry: MenuId::ROOT,
            current_choice: None,
            include_stack: Vec::new(),
            file: ast::FileId(0),
            depth: 0,
            scanning: false,
        };
        for (name, ty) in [
            ("n", SymbolType::Tristate),
            ("m", SymbolType::Tristate),
            ("y", SymbolType::Tristate),
        ] {
            let mut s = Symbol::new(Some(name.to_string()), true);
            s.ty = ty;
            l.symbols.push(s);
        }
        l.menus.push(MenuNode {
            kind: MenuKind::Root,
            sym: None,
            prompt: None,
            parent: None,
            children: Vec::new(),
            dep_written: None,
            dep: None,
            visibility: None,
            help: None,
            loc: Loc {
                file: ast::FileId(0),
                line: 0,
            },
        });
        l
    }

    /// Lower the tree whose top file is `top`, then finalize it.
    pub(crate) fn run(mut self, top: &str) -> Result<Model, Error> {
        let id = self.sources.load(top)?;
        self.file = id;
        self.include_stack.push((top.to_string(), 0));
        let stmts = self.sources.take_statements(id)?;
        let result = self.statements(&stmts);
        self.done_with(id, stmts);
        result?;
        if self.pp.probes().wanted_any() {
            // A speculative pass that will be done again (`tree::lower`):
            // finalizing and the graph would be thrown away.
            return Err(Error::Usage("speculative pass: probes pending".to_string()));
        }
        self.include_stack.pop();
        if self.menus[0].prompt.is_none() {
            let loc = Loc { file: id, line: 0 };
            let p = self.new_prop(PropKind::Menu, None, MenuId::ROOT, loc);
            self.props[p.0 as usize].text = Some("Main menu".to_string());
            self.menus[0].prompt = Some(p);
        }
        let files = self.sources.names();
        let mut model = Model::assemble(
            self.semantics,
            self.symbols,
            self.props,
            self.menus,
            self.exprs,
            self.modules.unwrap_or(SymbolId::NO),
            files,
            Vec::new(),
            None,
        );
        super::finalize::finalize(&mut model);
        model.exprs.seal();
        // Not kept in the model: olddefconfig never uses the graph, and
        // those that do build it again (`Model::graph`).
        let graph = super::graph::DepGraph::build(&model);
        model.order = match graph.eval_order(&model) {
            Ok(order) => order,
            Err(cycle) => {
                let at = cycle
                    .edges
                    .first()
                    .map(|e| e.loc)
                    .unwrap_or(Loc { file: id, line: 0 });
                return Err(Error::kconfig(
                    model.file_name(at.file),
                    at.line,
                    model.describe_cycle(&cycle),
                ));
            }
        };
        Ok(model)
    }

    /// A file's statements after lowering them: kept for the next pass
    /// once a speculative pass has wanted a probe, since it will be done
    /// again (decoding every file again for each pass was a tenth of a cold
    /// run's own work), else freed, so that the pass that turns out to be
    /// the last does not hold every syntax tree and the model at once.
    fn done_with(&mut self, id: ast::FileId, stmts: Vec<Statement>) {
        if self.pp.probes().wanted_any() {
            self.sources.put_back(id, stmts);
        } else {
            self.sources.lowered(id, stmts);
        }
    }

    fn loc(&self, span: ast::Span) -> Loc {
        Loc {
            file: span.file,
            line: span.line,
        }
    }

    fn file_name(&self) -> String {
        self.sources.file(self.file).name.clone()
    }

    fn error(&self, span: ast::Span, message: impl Into<String>) -> Error {
        Error::kconfig(&self.sources.file(span.file).name, span.line, message)
    }

    fn statements(&mut self, stmts: &[Statement]) -> Result<(), Error> {
        for s in stmts {
            self.statement(s)?;
        }
        Ok(())
    }

    fn statement(&mut self, s: &Statement) -> Result<(), Error> {
        if self.scanning && !matches!(s, Statement::Source { .. } | Statement::Assignment { .. }) {
            return self.scan(s);
        }
        match s {
            Statement::Mainmenu { prompt, span } => {
                let text = self.text(prompt)?;
                let saved = self.current_entry;
                self.current_entry = MenuId::ROOT;
                self.add_prompt(PropKind::Menu, text, None, *span);
                self.current_entry = saved;
            }
            Statement::Config {
                kind,
                name,
                properties,
                span,
            } => self.config(*kind, name, properties, *span)?,
            Statement::Choice {
                name,
                properties,
                body,
                span,
                ..
            } => self.choice(name.as_ref(), properties, body, *span)?,
            Statement::Menu {
                prompt,
                properties,
                body,
                span,
                ..
            } => {
                self.add_entry(MenuKind::Menu, None, *span);
                let text = self.text(prompt)?;
                self.add_prompt(PropKind::Menu, text, None, *span);
                self.entry_properties(properties)?;
                self.block(body, *span)?;
            }
            Statement::If {
                cond, body, span, ..
            } => {
                self.add_entry(MenuKind::If, None, *span);
                let dep = self.expr(cond)?;
                self.add_dep(dep);
                self.block(body, *span)?;
            }
            Statement::Comment {
                prompt,
                properties,
                span,
            } => {
                self.add_entry(MenuKind::Comment, None, *span);
                let text = self.text(prompt)?;
                self.add_prompt(PropKind::Comment, text, None, *span);
                self.entry_properties(properties)?;
            }
            Statement::Source { kind, path, span } => self.source(*kind, path, *span)?,
            Statement::Assignment {
                name,
                op,
                value,
                span,
            } => {
                let name = self.text(name)?;
                let file = self.sources.file(span.file).name.clone();
                let at = Location {
                    file: &file,
                    line: span.line,
                };
                self.pp
                    .assign(&name, *op, value, at)
                    .map_err(|e| self.macro_error(*span, e))?;
            }
            Statement::MacroLine { words, span } => {
                for w in words {
                    let out = self.text(w)?;
                    if !out.trim().is_empty() {
                        return Err(self.error(*span, format!("unknown statement \"{out}\"")));
                    }
                }
            }
        }
        Ok(())
    }

    /// `menu_add_menu` ... body ... `menu_end_menu`.
    fn block(&mut self, body: &[Statement], span: ast::Span) -> Result<(), Error> {
        if self.depth >= MAX_MENU_DEPTH {
            let message = format!(
                "menus nested more than {MAX_MENU_DEPTH} deep (counting blocks in sourced files)"
            );
            return Err(self.error(span, message));
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

    fn config(
        &mut self,
        kind: ast::ConfigKind,
        name: &ast::RawText,
        properties: &[ast::Property],
        span: ast::Span,
    ) -> Result<(), Error> {
        let name = self.text(name)?;
        let sym = self.lookup(&name, false);
        let menu_kind = match kind {
            ast::ConfigKind::Config => MenuKind::Config,
            ast::ConfigKind::MenuConfig => MenuKind::MenuConfig,
        };
        self.add_entry(menu_kind, Some(sym), span);
        self.entry_properties(properties)?;
        // Modern kernels list members while parsing (parser.y); legacy ones
        // in menu_finalize (see finalize.rs).
        if let (Some(choice), Semantics::Modern) = (self.current_choice, self.semantics) {
            let choice_sym = self.menus[choice.0 as usize]
                .sym
                .expect("choice has a symbol");
            if self.symbols[sym.0 as usize].choice_block.is_none() {
                self.symbols[sym.0 as usize].choice_block = Some(choice);
                self.symbols[choice_sym.0 as usize].members.push(sym);
            }
        }
        Ok(())
    }

    fn choice(
        &mut self,
        name: Option<&ast::RawText>,
        properties: &[ast::Property],
        body: &[Statement],
        span: ast::Span,
    ) -> Result<(), Error> {
        let sym = match name {
            Some(n) if self.semantics == Semantics::Legacy => {
                let n = self.text(n)?;
                match self.by_name.get(&n) {
                    Some(&s) if self.symbols[s.0 as usize].is_choice => s,
                    _ => self.new_symbol(Some(n), false),
                }
            }
            _ => self.new_symbol(None, false),
        };
        self.symbols[sym.0 as usize].is_choice = true;
        let menu = self.add_entry(MenuKind::Choice, Some(sym), span);
        if self.semantics == Semantics::Modern {
            self.set_type(SymbolType::Bool);
        }
        self.entry_properties(properties)?;
        let saved_choice = self.current_choice.replace(menu);
        let r = self.block(body, span);
        self.current_choice = saved_choice;
        r
    }

    fn source(
        &mut self,
        kind: ast::SourceKind,
        path: &ast::RawText,
        span: ast::Span,
    ) -> Result<(), Error> {
        let mut name = self.text(path)?;
        if kind.relative {
            let here = self.file_name();
            if let Some(dir) = std::path::Path::new(&here)
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
            {
                name = format!("{}/{}", dir.display(), name);
            }
        }
        let names = if name.contains(['*', '?', '[']) {
            self.sources.glob(&name)
        } else if kind.optional && !self.sources.exists(&name) {
            Vec::new()
        } else {
            vec![name]
        };
        for name in names {
            self.enter_file(&name, span)?;
        }
        Ok(())
    }

    /// conf's "Recursive inclusion detected" path: each `source` line that
    /// led here, innermost first.
    fn inclusion_path(&self, name: &str, line: u32) -> String {
        let stack = &self.include_stack;
        let current = stack.last().map_or("", |(f, _)| f.as_str());
        let mut chain = format!("recursive inclusion of \"{name}\"; inclusion path:");
        chain.push_str(&format!("\n  {current}:{line}: source \"{name}\""));
        for i in (1..stack.len()).rev() {
            chain.push_str(&format!(
                "\n  {}:{}: source \"{}\"",
                stack[i - 1].0,
                stack[i].1,
                stack[i].0
            ));
        }
        chain
    }

    fn enter_file(&mut self, name: &str, span: ast::Span) -> Result<(), Error> {
        if self.include_stack.iter().any(|(f, _)| f == name) {
            return Err(self.error(span, self.inclusion_path(name, span.line)));
        }
        if self.include_stack.len() >= MAX_SOURCE_DEPTH {
            return Err(self.error(
                span,
                format!("`source` nested more than {MAX_SOURCE_DEPTH} deep"),
            ));
        }
        if !self.sources.exists(name) {
            return Err(self.error(span, format!("can't open file \"{name}\"")));
        }
        let id = self.sources.load(name)?;
        let saved_file = std::mem::replace(&mut self.file, id);
        self.include_stack.push((name.to_string(), span.line));
        let stmts = self.sources.take_statements(id)?;
        let r = self.statements(&stmts);
        self.done_with(id, stmts);
        self.include_stack.pop();
        self.file = saved_file;
        r
    }

    fn entry_properties(&mut self, properties: &[ast::Property]) -> Result<(), Error> {
        for p in properties {
            self.property(p)?;
        }
        Ok(())
    }

    fn property(&mut self, p: &ast::Property) -> Result<(), Error> {
        let span = p.span;
        match &p.kind {
            PropertyKind::Type { ty, prompt } => {
                if let Some(prompt) = prompt {
                    self.prompt(prompt, span)?;
                }
                self.set_type(lower_type(*ty));
            }
            PropertyKind::Prompt(prompt) => self.prompt(prompt, span)?,
            PropertyKind::Default { kind, value, cond } => {
                let value = self.default_value(value)?;
                let cond = self.opt_expr(cond.as_ref())?;
                self.add_prop_expr(PropKind::Default, Some(value), cond, span);
                match kind {
                    ast::DefaultKind::Plain => {}
                    ast::DefaultKind::DefBool => self.set_type(SymbolType::Bool),
                    ast::DefaultKind::DefTristate => self.set_type(SymbolType::Tristate),
                }
            }
            PropertyKind::Select { symbol, cond } | PropertyKind::Imply { symbol, cond } => {
                let kind = if matches!(p.kind, PropertyKind::Select { .. }) {
                    PropKind::Select
                } else {
                    PropKind::Imply
                };
                let name = self.text(symbol)?;
                let target = self.lookup(&name, false);
                let e = self.exprs.symbol(target);
                let cond = self.opt_expr(cond.as_ref())?;
                self.add_prop_expr(kind, Some(e), cond, span);
            }
            PropertyKind::Range { low, high, cond } => {
                let low = self.atom(low)?;
                let high = self.atom(high)?;
                let cond = self.opt_expr(cond.as_ref())?;
                let id = self.add_prop_expr(PropKind::Range, None, cond, span);
                self.props[id.0 as usize].range = Some((low, high));
            }
            PropertyKind::DependsOn { expr, cond } => {
                let mut dep = self.expr(expr)?;
                // `depends on A if B` holds A only where B holds: `A || !B`.
                if let Some(cond) = cond {
                    let c = self.expr(cond)?;
                    let not_c = self.exprs.not(c);
                    dep = self.exprs.or(Some(dep), Some(not_c)).expect("both present");
                }
                self.add_dep(dep);
            }
            PropertyKind::Visible { cond } => {
                if let Some(c) = self.opt_expr(cond.as_ref())? {
                    let m = &mut self.menus[self.current_entry.0 as usize];
                    m.visibility = self.exprs.and(m.visibility, Some(c));
                }
            }
            PropertyKind::Modules => self.set_modules(span)?,
            PropertyKind::Option { name, .. } if name == "modules" => self.set_modules(span)?,
            PropertyKind::Option { .. } => {}
            PropertyKind::Optional => {
                if let Some(s) = self.menus[self.current_entry.0 as usize].sym {
                    self.symbols[s.0 as usize].optional = true;
                }
            }
            PropertyKind::Transitional => {
                if let Some(s) = self.menus[self.current_entry.0 as usize].sym {
                    self.symbols[s.0 as usize].transitional = true;
                }
            }
            PropertyKind::Help(text) => {
                self.menus[self.current_entry.0 as usize].help = Some(text.clone())
            }
        }
        Ok(())
    }

    fn set_modules(&mut self, span: ast::Span) -> Result<(), Error> {
        let sym = self.menus[self.current_entry.0 as usize].sym;
        match (self.modules, sym) {
            (Some(old), Some(new)) if old != new => Err(self.error(
                span,
                format!(
                    "symbol '{}' redefines option 'modules' already defined by symbol '{}'",
                    self.symbols[new.0 as usize]
                        .name
                        .as_deref()
                        .unwrap_or("<choice>"),
                    self.symbols[old.0 as usize]
                        .name
                        .as_deref()
                        .unwrap_or("<choice>")
                ),
            )),
            (_, Some(new)) => {
                self.modules = Some(new);
                Ok(())
            }
            (_, None) => Err(self.error(span, "`modules` outside a config entry")),
        }
    }

    fn prompt(&mut self, prompt: &ast::Prompt, span: ast::Span) -> Result<(), Error> {
        let text = self.text(&prompt.text)?;
        let cond = self.opt_expr(prompt.cond.as_ref())?;
        self.add_prompt(PropKind::Prompt, text, cond, span);
        Ok(())
    }

    /// A `default` value: a whole expression for bool/tristate, a single
    /// symbol (often a constant) otherwise.
    fn default_value(&mut self, value: &ast::Expr) -> Result<ExprId, Error> {
        self.expr(value)
    }

    // ----- model building, as the kernel's menu.c does it -----

    fn new_symbol(&mut self, name: Option<String>, is_const: bool) -> SymbolId {
        let id = SymbolId(self.symbols.len() as u32);
        if let Some(n) = &name {
            if is_const {
                self.consts.insert(n.clone(), id);
            } else {
                self.by_name.insert(n.clone(), id);
            }
        }
        self.symbols.push(Symbol::new(name, is_const));
        id
    }

    /// `sym_lookup`: the constants `y`, `m`, `n`; otherwise the constant or
    /// non-constant symbol of that name, created on first use.
    fn lookup(&mut self, name: &str, is_const: bool) -> SymbolId {
        match name {
            "n" => return SymbolId::NO,
            "m" => return SymbolId::MOD,
            "y" => return SymbolId::YES,
            _ => {}
        }
        let table = if is_const {
            &self.consts
        } else {
            &self.by_name
        };
        if let Some(&id) = table.get(name) {
            return id;
        }
        self.new_symbol(Some(name.to_string()), is_const)
    }

    fn add_entry(&mut self, kind: MenuKind, sym: Option<SymbolId>, span: ast::Span) -> MenuId {
        let id = MenuId(self.menus.len() as u32);
        self.menus.push(MenuNode {
            kind,
            sym,
            prompt: None,
            parent: Some(self.current_menu),
            children: Vec::new(),
            dep_written: None,
            dep: None,
            visibility: None,
            help: None,
            loc: self.loc(span),
        });
        self.menus[self.current_menu.0 as usize].children.push(id);
        self.current_entry = id;
        if let Some(s) = sym {
            self.symbols[s.0 as usize].menus.push(id);
        }
        id
    }

    fn add_dep(&mut self, dep: ExprId) {
        let m = &mut self.menus[self.current_entry.0 as usize];
        m.dep_written = self.exprs.and(m.dep_written, Some(dep));
    }

    fn set_type(&mut self, ty: SymbolType) {
        if let Some(s) = self.menus[self.current_entry.0 as usize].sym {
            let sym = &mut self.symbols[s.0 as usize];
            if sym.ty == SymbolType::Unknown {
                sym.ty = ty;
            }
        }
    }

    fn new_prop(
        &mut self,
        kind: PropKind,
        sym: Option<SymbolId>,
        menu: MenuId,
        loc: Loc,
    ) -> PropId {
        let id = PropId(self.props.len() as u32);
        self.props.push(Property {
            kind,
            sym,
            menu,
            expr: None,
            range: None,
            text: None,
            cond_written: None,
            visible: None,
            loc,
        });
        if let Some(s) = sym {
            self.symbols[s.0 as usize].props.push(id);
        }
        id
    }

    fn add_prop_expr(
        &mut self,
        kind: PropKind,
        expr: Option<ExprId>,
        cond: Option<ExprId>,
        span: ast::Span,
    ) -> PropId {
        let entry = self.current_entry;
        let sym = self.menus[entry.0 as usize].sym;
        let id = self.new_prop(kind, sym, entry, self.loc(span));
        let p = &mut self.props[id.0 as usize];
        p.expr = expr;
        p.cond_written = cond;
        p.visible = cond;
        id
    }

    /// `menu_add_prompt`: leading blanks dropped; a symbol's prompt also
    /// gets the `visible if` of every enclosing menu.
    fn add_prompt(&mut self, kind: PropKind, text: String, cond: Option<ExprId>, span: ast::Span) {
        let id = self.add_prop_expr(kind, None, cond, span);
        if kind == PropKind::Prompt {
            let mut visible = cond;
            let mut m = self.menus[self.current_entry.0 as usize].parent;
            while let Some(p) = m {
                let node = &self.menus[p.0 as usize];
                if let Some(v) = node.visibility {
                    visible = self.exprs.and(visible, Some(v));
                }
                m = node.parent;
            }
            self.props[id.0 as usize].visible = visible;
        }
        self.props[id.0 as usize].text = Some(text.trim_start().to_string());
        self.menus[self.current_entry.0 as usize].prompt = Some(id);
    }

    // ----- expressions and text -----

    fn macro_error(&self, span: ast::Span, e: impl std::fmt::Display) -> Error {
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
    fn text(&mut self, t: &ast::RawText) -> Result<String, Error> {
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
    fn atom(&mut self, t: &ast::RawText) -> Result<SymbolId, Error> {
        let text = self.text(t)?;
        if t.quote.is_none() && text.is_empty() {
            return Err(self.error(
                t.span,
                format!("`{}` expands to nothing where a symbol is expected", t.raw),
            ));
        }
        Ok(self.lookup(&text, t.quote.is_some()))
    }

    fn opt_expr(&mut self, e: Option<&ast::Expr>) -> Result<Option<ExprId>, Error> {
        e.map(|e| self.expr(e)).transpose()
    }

    fn expr(&mut self, e: &ast::Expr) -> Result<ExprId, Error> {
        Ok(match e {
            ast::Expr::Atom(t) => {
                let s = self.atom(t)?;
                self.exprs.symbol(s)
            }
            ast::Expr::Cmp(op, a, b) => {
                let a = self.atom(a)?;
                let b = self.atom(b)?;
                self.exprs.intern(super::Expr::Cmp(*op, a, b))
            }
            ast::Expr::Not(x) => {
                let x = self.expr(x)?;
                self.exprs.not(x)
            }
            ast::Expr::And(a, b) => {
                let a = self.expr(a)?;
                let b = self.expr(b)?;
                self.exprs.intern(super::Expr::And(a, b))
            }
            ast::Expr::Or(a, b) => {
                let a = self.expr(a)?;
                let b = self.expr(b)?;
                self.exprs.intern(super::Expr::Or(a, b))
            }
        })
    }
}

fn lower_type(t: ast::Type) -> SymbolType {
    match t {
        ast::Type::Bool => SymbolType::Bool,
        ast::Type::Tristate => SymbolType::Tristate,
        ast::Type::Int => SymbolType::Int,
        ast::Type::Hex => SymbolType::Hex,
        ast::Type::String => SymbolType::String,
    }
}
