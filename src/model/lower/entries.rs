//! Properties and menu entries: what the kernel's parser actions and
//! menu.c do for each property line (`menu_add_prompt`, `menu_add_expr`,
//! `menu_add_symbol`, `menu_set_type`, ...), in document order.

use super::walk::Mode;
use super::Lowerer;
use crate::error::{Error, KconfigErrorKind};
use crate::model::symbol::{PropKind, Property, Symbol, SymbolType};
use crate::model::{ExprId, Loc, MenuId, MenuKind, MenuNode, PropId, SymbolId};
use crate::syntax::ast::{self, PropertyKind};

impl Lowerer<'_> {
    pub(super) fn entry_properties<M: Mode>(
        &mut self,
        properties: &[ast::Property],
    ) -> Result<(), Error> {
        for p in properties {
            self.property::<M>(p)?;
        }
        Ok(())
    }

    fn property<M: Mode>(&mut self, p: &ast::Property) -> Result<(), Error> {
        let span = p.span;
        match &p.kind {
            PropertyKind::Type { ty, prompt } => {
                if let Some(prompt) = prompt {
                    self.prompt::<M>(prompt, span)?;
                }
                if M::BUILDS {
                    self.set_type(lower_type(*ty));
                }
            }
            PropertyKind::Prompt(prompt) => self.prompt::<M>(prompt, span)?,
            PropertyKind::Default { kind, value, cond } => {
                self.default::<M>(*kind, value, cond.as_ref(), span)?
            }
            PropertyKind::Select { symbol, cond } => {
                self.reverse_dep::<M>(PropKind::Select, symbol, cond.as_ref(), span)?
            }
            PropertyKind::Imply { symbol, cond } => {
                self.reverse_dep::<M>(PropKind::Imply, symbol, cond.as_ref(), span)?
            }
            PropertyKind::Range { low, high, cond } => {
                self.range::<M>(low, high, cond.as_ref(), span)?
            }
            PropertyKind::DependsOn { expr, cond } => self.depends_on::<M>(expr, cond.as_ref())?,
            PropertyKind::Visible { cond } => {
                let cond = self.opt_expr::<M>(cond.as_ref())?;
                if let (Some(c), true) = (cond, M::BUILDS) {
                    let m = &mut self.menus[self.current_entry.index()];
                    m.visibility = self.exprs.and(m.visibility, Some(c));
                }
            }
            PropertyKind::Modules
            | PropertyKind::Optional
            | PropertyKind::Transitional
            | PropertyKind::Option { .. }
            | PropertyKind::Help(_) => {
                if M::BUILDS {
                    self.flag(&p.kind, span)?;
                }
            }
        }
        Ok(())
    }

    /// A property without expressions or texts to expand.
    fn flag(&mut self, kind: &PropertyKind, span: ast::Span) -> Result<(), Error> {
        let sym = self.menus[self.current_entry.index()].sym;
        match kind {
            PropertyKind::Modules => self.set_modules(span)?,
            PropertyKind::Option { name, .. } if name == "modules" => self.set_modules(span)?,
            PropertyKind::Option { name, .. } if name == "defconfig_list" => {
                self.set_defconfig_list(span)?
            }
            // `option allnoconfig_y` only matters to allnoconfig.
            PropertyKind::Option { .. } => {}
            PropertyKind::Optional => {
                if let Some(s) = sym {
                    self.symbols[s.index()].optional = true;
                }
            }
            PropertyKind::Transitional => {
                if let Some(s) = sym {
                    self.symbols[s.index()].transitional = true;
                }
            }
            PropertyKind::Help(text) => {
                self.menus[self.current_entry.index()].help = Some(text.clone())
            }
            // The others have expressions or texts: `property` lowers them.
            _ => {}
        }
        Ok(())
    }

    /// `default` (or `def_bool`, `def_tristate`): a whole expression for
    /// bool/tristate, a single symbol (often a constant) otherwise.
    fn default<M: Mode>(
        &mut self,
        kind: ast::DefaultKind,
        value: &ast::Expr,
        cond: Option<&ast::Expr>,
        span: ast::Span,
    ) -> Result<(), Error> {
        let value = self.expr::<M>(value)?;
        let cond = self.opt_expr::<M>(cond)?;
        if M::BUILDS {
            self.add_prop_expr(PropKind::Default, Some(value), cond, span);
            match kind {
                ast::DefaultKind::Plain => {}
                ast::DefaultKind::DefBool => self.set_type(SymbolType::Bool),
                ast::DefaultKind::DefTristate => self.set_type(SymbolType::Tristate),
            }
        }
        Ok(())
    }

    /// `select` or `imply`.
    fn reverse_dep<M: Mode>(
        &mut self,
        kind: PropKind,
        symbol: &ast::RawText,
        cond: Option<&ast::Expr>,
        span: ast::Span,
    ) -> Result<(), Error> {
        let name = self.expand::<M>(symbol)?;
        let target = M::BUILDS.then(|| {
            let target = self.lookup(&name, false);
            self.exprs.symbol(target)
        });
        let cond = self.opt_expr::<M>(cond)?;
        if let Some(e) = target {
            self.add_prop_expr(kind, Some(e), cond, span);
        }
        Ok(())
    }

    fn range<M: Mode>(
        &mut self,
        low: &ast::RawText,
        high: &ast::RawText,
        cond: Option<&ast::Expr>,
        span: ast::Span,
    ) -> Result<(), Error> {
        let low = self.atom::<M>(low)?;
        let high = self.atom::<M>(high)?;
        let cond = self.opt_expr::<M>(cond)?;
        if M::BUILDS {
            let id = self.add_prop_expr(PropKind::Range, None, cond, span);
            self.props[id.index()].range = Some((low, high));
        }
        Ok(())
    }

    fn depends_on<M: Mode>(
        &mut self,
        expr: &ast::Expr,
        cond: Option<&ast::Expr>,
    ) -> Result<(), Error> {
        let mut dep = self.expr::<M>(expr)?;
        if let Some(cond) = cond {
            let c = self.expr::<M>(cond)?;
            // `depends on A if B` holds A only where B holds: menu.c
            // (7.3) makes it `A || B=n`, which is not `A || !B` when B is m.
            if M::BUILDS {
                let unless = self.exprs.trans_compare(Some(c), true, SymbolId::NO);
                dep = self
                    .exprs
                    .or(Some(dep), Some(unless))
                    .expect("both present");
            }
        }
        if M::BUILDS {
            self.add_dep(dep);
        }
        Ok(())
    }

    /// 5.10 `menu_add_option_defconfig_list`: the first symbol marked is
    /// the one; another is an error. It is never written.
    fn set_defconfig_list(&mut self, span: ast::Span) -> Result<(), Error> {
        let Some(sym) = self.menus[self.current_entry.index()].sym else {
            return Err(self.error(span, KconfigErrorKind::DefconfigListOutsideEntry));
        };
        match self.defconfig_list {
            Some(old) if old != sym => {
                Err(self.error(span, KconfigErrorKind::DefconfigListRedefined))
            }
            _ => {
                self.defconfig_list = Some(sym);
                self.symbols[sym.index()].no_write = true;
                Ok(())
            }
        }
    }

    fn set_modules(&mut self, span: ast::Span) -> Result<(), Error> {
        let sym = self.menus[self.current_entry.index()].sym;
        match (self.modules, sym) {
            (Some(old), Some(new)) if old != new => {
                let name = |s: SymbolId| {
                    let name = self.symbols[s.index()].name.as_deref();
                    name.unwrap_or("<choice>").to_string()
                };
                let kind = KconfigErrorKind::ModulesRedefined {
                    new: name(new),
                    old: name(old),
                };
                Err(self.error(span, kind))
            }
            (_, Some(new)) => {
                self.modules = Some(new);
                Ok(())
            }
            (_, None) => Err(self.error(span, KconfigErrorKind::ModulesOutsideEntry)),
        }
    }

    fn prompt<M: Mode>(&mut self, prompt: &ast::Prompt, span: ast::Span) -> Result<(), Error> {
        let text = self.expand::<M>(&prompt.text)?;
        let cond = self.opt_expr::<M>(prompt.cond.as_ref())?;
        if M::BUILDS {
            self.add_prompt(PropKind::Prompt, text, cond, span);
        }
        Ok(())
    }

    // ----- model building, as the kernel's menu.c does it -----

    pub(super) fn new_symbol(&mut self, name: Option<String>, is_const: bool) -> SymbolId {
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
    pub(super) fn lookup(&mut self, name: &str, is_const: bool) -> SymbolId {
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

    pub(super) fn add_entry(
        &mut self,
        kind: MenuKind,
        sym: Option<SymbolId>,
        span: ast::Span,
    ) -> MenuId {
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
        self.menus[self.current_menu.index()].children.push(id);
        self.current_entry = id;
        if let Some(s) = sym {
            self.symbols[s.index()].menus.push(id);
        }
        id
    }

    pub(super) fn add_dep(&mut self, dep: ExprId) {
        let m = &mut self.menus[self.current_entry.index()];
        m.dep_written = self.exprs.and(m.dep_written, Some(dep));
    }

    pub(super) fn set_type(&mut self, ty: SymbolType) {
        if let Some(s) = self.menus[self.current_entry.index()].sym {
            let sym = &mut self.symbols[s.index()];
            if sym.ty == SymbolType::Unknown {
                sym.ty = ty;
            }
        }
    }

    pub(super) fn new_prop(
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
            self.symbols[s.index()].props.push(id);
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
        let sym = self.menus[entry.index()].sym;
        let id = self.new_prop(kind, sym, entry, self.loc(span));
        let p = &mut self.props[id.index()];
        p.expr = expr;
        p.cond_written = cond;
        p.visible = cond;
        id
    }

    /// `menu_add_prompt`: leading blanks dropped; a symbol's prompt also
    /// gets the `visible if` of every enclosing menu.
    pub(super) fn add_prompt(
        &mut self,
        kind: PropKind,
        text: String,
        cond: Option<ExprId>,
        span: ast::Span,
    ) {
        let id = self.add_prop_expr(kind, None, cond, span);
        if kind == PropKind::Prompt {
            let mut visible = cond;
            let mut m = self.menus[self.current_entry.index()].parent;
            while let Some(p) = m {
                let node = &self.menus[p.index()];
                if let Some(v) = node.visibility {
                    visible = self.exprs.and(visible, Some(v));
                }
                m = node.parent;
            }
            self.props[id.index()].visible = visible;
        }
        self.props[id.index()].text = Some(text.trim_start().to_string());
        self.menus[self.current_entry.index()].prompt = Some(id);
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
