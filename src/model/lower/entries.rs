//! Properties and menu entries: what the kernel's parser actions and
//! menu.c do for each property line (`menu_add_prompt`, `menu_add_expr`,
//! `menu_add_symbol`, `menu_set_type`, ...), in document order.

use super::Lowerer;
use crate::error::Error;
use crate::model::symbol::{PropKind, Property, Symbol, SymbolType};
use crate::model::{ExprId, Loc, MenuId, MenuKind, MenuNode, PropId, SymbolId};
use crate::syntax::ast::{self, PropertyKind};

impl Lowerer<'_> {
    pub(super) fn entry_properties(&mut self, properties: &[ast::Property]) -> Result<(), Error> {
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
            PropertyKind::Option { name, .. } if name == "defconfig_list" => {
                self.set_defconfig_list(span)?
            }
            // `option allnoconfig_y` only matters to allnoconfig.
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

    /// 5.10 `menu_add_option_defconfig_list`: the first symbol marked is
    /// the one; another is an error. It is never written.
    fn set_defconfig_list(&mut self, span: ast::Span) -> Result<(), Error> {
        let Some(sym) = self.menus[self.current_entry.0 as usize].sym else {
            return Err(self.error(span, "`option defconfig_list` outside a config entry"));
        };
        match self.defconfig_list {
            Some(old) if old != sym => Err(self.error(span, "trying to redefine defconfig symbol")),
            _ => {
                self.defconfig_list = Some(sym);
                self.symbols[sym.0 as usize].no_write = true;
                Ok(())
            }
        }
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
        self.menus[self.current_menu.0 as usize].children.push(id);
        self.current_entry = id;
        if let Some(s) = sym {
            self.symbols[s.0 as usize].menus.push(id);
        }
        id
    }

    pub(super) fn add_dep(&mut self, dep: ExprId) {
        let m = &mut self.menus[self.current_entry.0 as usize];
        m.dep_written = self.exprs.and(m.dep_written, Some(dep));
    }

    pub(super) fn set_type(&mut self, ty: SymbolType) {
        if let Some(s) = self.menus[self.current_entry.0 as usize].sym {
            let sym = &mut self.symbols[s.0 as usize];
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
