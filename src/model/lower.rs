//! Lowering: the syntax trees of a tree's files -> the model, in document
//! order, expanding macros as the kernel's lexer does and building menu
//! nodes, symbols and properties as the kernel's parser actions do
//! (`menu_add_entry`, `menu_add_prompt`, `menu_add_dep`, ...).

use super::symbol::{PropKind, Property, Symbol, SymbolType};
use super::{ExprArena, Loc, MenuId, MenuKind, MenuNode, Model, Semantics, SymbolId};
use crate::error::Error;
use crate::macros::{Diagnostic, Location, Preprocessor};
use crate::source::Sources;
use crate::syntax::ast::{self, Statement};
use rustc_hash::FxHashMap;

/// How deep `source` may nest before we call it a loop we did not see.
const MAX_SOURCE_DEPTH: usize = 64;

/// How deep menus may nest across files (each file is bounded by
/// [`crate::syntax::MAX_BLOCK_DEPTH`], but `source` inside blocks adds up).
/// Lowering, finalizing and evaluating recurse once per level, so this keeps
/// them within a small thread stack.
pub const MAX_MENU_DEPTH: usize = 256;

mod entries;
mod expr;
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
    /// The symbol of `option defconfig_list` (Linux up to 5.17).
    pub(crate) defconfig_list: Option<SymbolId>,
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
    /// Every file read through `source`: where it was first read from.
    included: FxHashMap<String, (String, u32)>,
    /// The kernel's `VERSION.PATCHLEVEL` (from the environment its top
    /// Makefile exports); `None` for a tree without one, which gets the
    /// newest rules.
    version: Option<(u32, u32)>,
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
            defconfig_list: None,
            current_menu: MenuId::ROOT,
            current_entry: MenuId::ROOT,
            current_choice: None,
            include_stack: Vec::new(),
            file: ast::FileId(0),
            depth: 0,
            scanning: false,
            included: FxHashMap::default(),
            version: None,
        };
        let field = |k: &str| {
            l.pp.env()
                .lookup(k)
                .and_then(|v| v.trim().parse::<u32>().ok())
        };
        l.version = field("VERSION").zip(field("PATCHLEVEL"));
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
        let rules = super::checks::Rules {
            modern: self.semantics == Semantics::Modern,
            transitional: self.since((6, 18)),
        };
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
        let findings = super::checks::run(&model, rules);
        if !findings.errors.is_empty() {
            let all = findings.warnings.into_iter().chain(findings.errors);
            return Err(Error::Conf(all.collect::<Vec<_>>().join("\n")));
        }
        for w in findings.warnings {
            self.pp.note(Diagnostic::conf_warning(w));
        }
        // Not kept in the model: olddefconfig never uses the graph, and
        // those that do build it again (`Model::graph`).
        let graph = super::graph::DepGraph::build(&model);
        model.order = match graph.eval_order(&model) {
            Ok(order) => order,
            // conf's own walk (above) found no loop: the graph's is through
            // what conf does not count as a dependency (a `range` bound, a
            // `select`'s condition), and conf evaluates such a tree, each
            // value on demand. The order only keeps recursion shallow.
            Err(_) if rules.modern => (3..model.symbols.len() as u32).map(SymbolId).collect(),
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

    /// Whether the tree's conf is Linux `version` or later.
    fn since(&self, version: (u32, u32)) -> bool {
        self.version.map_or(true, |v| v >= version)
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

    /// conf's "Recursive inclusion detected" report (`zconf_nextfile`):
    /// each file that led here and the line of its `source`, innermost
    /// first, down to the top file.
    fn inclusion_path(&self, name: &str, line: u32) -> String {
        let stack = &self.include_stack;
        let current = stack.last().map_or("", |(f, _)| f.as_str());
        let mut out =
            format!("Recursive inclusion detected.\nInclusion path:\n  current file : {name}");
        out.push_str(&format!("\n  included from: {current}:{line}"));
        for i in (1..stack.len()).rev() {
            out.push_str(&format!(
                "\n  included from: {}:{}",
                stack[i - 1].0,
                stack[i].1
            ));
        }
        out
    }

    /// Linux 7.2+ (`file_lookup`): a file read a second time anywhere in
    /// the tree is an error, naming where it was first read.
    fn repeated_inclusion(&self, name: &str, line: u32) -> Option<Error> {
        if !self.since((7, 2)) {
            return None;
        }
        let (first_file, first_line) = self.included.get(name)?;
        Some(Error::Conf(format!(
            "{}:{line}: error: repeated inclusion of {name}\n\
             {first_file}:{first_line}: note: location of first inclusion of {name}",
            self.file_name()
        )))
    }

    fn enter_file(&mut self, name: &str, span: ast::Span) -> Result<(), Error> {
        if !self.sources.exists(name) {
            return Err(Error::Conf(format!(
                "{}:{}: can't open file \"{name}\"",
                self.file_name(),
                span.line
            )));
        }
        if self.include_stack.iter().any(|(f, _)| f == name) {
            return Err(Error::Conf(self.inclusion_path(name, span.line)));
        }
        if let Some(e) = self.repeated_inclusion(name, span.line) {
            return Err(e);
        }
        self.included
            .insert(name.to_string(), (self.file_name(), span.line));
        if self.include_stack.len() >= MAX_SOURCE_DEPTH {
            return Err(self.error(
                span,
                format!("`source` nested more than {MAX_SOURCE_DEPTH} deep"),
            ));
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
}
