//! Lowering: the syntax trees of a tree's files -> the model, in document
//! order, expanding macros as the kernel's lexer does and building menu
//! nodes, symbols and properties as the kernel's parser actions do
//! (`menu_add_entry`, `menu_add_prompt`, `menu_add_dep`, ...).

use super::symbol::{PropKind, Property, Symbol, SymbolType};
use super::{ExprArena, Loc, MenuId, MenuKind, MenuNode, Model, Semantics, SymbolId};
use crate::error::{ConfError, Error, KconfigErrorKind};
use crate::macros::{Diagnostic, Preprocessor};
use crate::source::Sources;
use crate::syntax::ast::{self, Statement};
use rustc_hash::FxHashMap;

/// How deep `source` may nest before we call it a loop we did not see.
const MAX_SOURCE_DEPTH: usize = 64;

/// How deep menus may nest across files (each file is bounded by
/// [`crate::syntax::MAX_BLOCK_DEPTH`], but `source` inside blocks adds up).
/// Lowering, finalizing and evaluating recurse once per level, so this keeps
/// them within a small thread stack.
pub(crate) const MAX_MENU_DEPTH: usize = 256;

mod entries;
mod expr;
mod walk;

/// What a speculative pass met instead of a model: a probe whose output is
/// not known yet. The pass builds nothing after it, only scans for more
/// probes to queue (see `walk`), and `tree::lower` lowers again.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ProbesPending;

/// What a speculative pass gives: the model, or that probes are pending.
pub(crate) enum Lowered {
    Model(Box<Model>),
    Pending(ProbesPending),
}

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
    /// Set once a speculative pass has met a probe whose output is not
    /// known yet: from there on the walk only scans for more (see `walk`).
    pending: Option<ProbesPending>,
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
            pending: None,
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

    /// Lower the tree whose top file is `top`, then finalize it: a pass
    /// that knows every probe's output or waits for it.
    pub(crate) fn run(mut self, top: &str) -> Result<Model, Error> {
        let id = self.walk(top)?;
        self.finish(id)
    }

    /// A speculative pass (see `tree::lower`): the model, unless the pass
    /// has met a probe whose output is not known yet. Then it would be
    /// thrown away, so it is neither finalized nor checked.
    pub(crate) fn speculate(mut self, top: &str) -> Result<Lowered, Error> {
        let id = self.walk(top)?;
        let pending =
            (self.pending).or_else(|| self.pp.probes().wanted_any().then_some(ProbesPending));
        match pending {
            Some(pending) => Ok(Lowered::Pending(pending)),
            None => Ok(Lowered::Model(Box::new(self.finish(id)?))),
        }
    }

    /// Walk the statements of `top` and of every file it sources.
    fn walk(&mut self, top: &str) -> Result<ast::FileId, Error> {
        let id = self.sources.load(top)?;
        self.file = id;
        self.include_stack.push((top.to_string(), 0));
        let stmts = self.sources.take_statements(id)?;
        let result = self.statements(&stmts);
        self.done_with(id, stmts);
        result?;
        self.include_stack.pop();
        Ok(id)
    }

    /// The model of what was walked, finalized, checked as conf checks it
    /// and ordered for evaluation.
    fn finish(mut self, top: ast::FileId) -> Result<Model, Error> {
        if self.menus[0].prompt.is_none() {
            let loc = Loc { file: top, line: 0 };
            let p = self.new_prop(PropKind::Menu, None, MenuId::ROOT, loc);
            self.props[p.index()].text = Some("Main menu".to_string());
            self.menus[0].prompt = Some(p);
        }
        let rules = super::checks::Rules {
            modern: self.semantics == Semantics::Modern,
            transitional: self.since((6, 18)),
        };
        let files = self.sources.names();
        let mut model = Model::assemble(super::Parts {
            semantics: self.semantics,
            symbols: self.symbols,
            props: self.props,
            menus: self.menus,
            exprs: self.exprs,
            modules: self.modules.unwrap_or(SymbolId::NO),
            files,
            order: Vec::new(),
            by_name: None,
        });
        super::finalize::finalize(&mut model);
        model.exprs.seal();
        let findings = super::checks::run(&model, rules);
        if !findings.errors.is_empty() {
            let reports = findings.warnings.into_iter().chain(findings.errors);
            return Err(ConfError::Checks(reports.collect()).into());
        }
        for w in findings.warnings {
            self.pp.note(Diagnostic::conf_warning(w));
        }
        model.order = eval_order(&model, rules, top)?;
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

    fn error(&self, span: ast::Span, kind: KconfigErrorKind) -> Error {
        Error::kconfig(&self.sources.file(span.file).name, span.line, kind)
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
    fn recursive_inclusion(&self, name: &str, line: u32) -> ConfError {
        let stack = &self.include_stack;
        let current = stack.last().map_or("", |(f, _)| f.as_str());
        let mut included_from = vec![(current.to_string(), line)];
        for i in (1..stack.len()).rev() {
            included_from.push((stack[i - 1].0.clone(), stack[i].1));
        }
        ConfError::RecursiveInclusion {
            name: name.to_string(),
            included_from,
        }
    }

    /// Linux 7.2+ (`file_lookup`): a file read a second time anywhere in
    /// the tree is an error, naming where it was first read.
    fn repeated_inclusion(&self, name: &str, line: u32) -> Option<ConfError> {
        if !self.since((7, 2)) {
            return None;
        }
        let (first_file, first_line) = self.included.get(name)?;
        Some(ConfError::RepeatedInclusion {
            file: self.file_name(),
            line,
            name: name.to_string(),
            first_file: first_file.clone(),
            first_line: *first_line,
        })
    }

    fn enter_file(&mut self, name: &str, span: ast::Span) -> Result<(), Error> {
        if !self.sources.exists(name) {
            return Err(ConfError::CannotOpen {
                file: self.file_name(),
                line: span.line,
                name: name.to_string(),
            }
            .into());
        }
        if self.include_stack.iter().any(|(f, _)| f == name) {
            return Err(self.recursive_inclusion(name, span.line).into());
        }
        if let Some(e) = self.repeated_inclusion(name, span.line) {
            return Err(e.into());
        }
        self.included
            .insert(name.to_string(), (self.file_name(), span.line));
        if self.include_stack.len() >= MAX_SOURCE_DEPTH {
            let kind = KconfigErrorKind::SourceTooDeep(MAX_SOURCE_DEPTH);
            return Err(self.error(span, kind));
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

/// Every symbol after all it needs, from the dependency graph (not kept in
/// the model: olddefconfig never uses the graph, and those that do build it
/// again, `Model::graph`).
fn eval_order(
    model: &Model,
    rules: super::checks::Rules,
    top: ast::FileId,
) -> Result<Vec<SymbolId>, Error> {
    let graph = super::graph::DepGraph::build(model);
    match graph.eval_order(model) {
        Ok(order) => Ok(order),
        // conf's own walk (`checks`) found no loop: the graph's is through
        // what conf does not count as a dependency (a `range` bound, a
        // `select`'s condition), and conf evaluates such a tree, each
        // value on demand. The order only keeps recursion shallow.
        Err(_) if rules.modern => Ok((3..model.symbols.len() as u32).map(SymbolId).collect()),
        Err(cycle) => {
            let at = (cycle.edges.first())
                .map(|e| e.loc)
                .unwrap_or(Loc { file: top, line: 0 });
            Err(Error::kconfig(
                model.file_name(at.file),
                at.line,
                KconfigErrorKind::DependencyLoop(model.describe_cycle(&cycle)),
            ))
        }
    }
}

#[cfg(test)]
mod tests;
