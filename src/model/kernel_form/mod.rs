//! The dependencies and the menu tree exactly as the kernel's
//! `menu_finalize` (scripts/kconfig/menu.c) leaves them,
//! for what conf prints of them: `helpnewconfig` and the help screens
//! show `menu->dep`, `prop->visible.expr`, `sym->rev_dep` and the
//! `Location:` path of the reshaped tree, so their shape matters, not only
//! their value.
//!
//! The model keeps simpler forms (see model/finalize.rs): the same values,
//! without `expr_transform` and `expr_eliminate_dups`, and the menu tree as
//! written. This module replays `_menu_finalize` on a copy: every node's
//! dependencies rewritten, `&&`-ed with its parent's and deduplicated, the
//! reverse dependencies of `select` and `imply` collected in the same order,
//! the automatic submenus built (entries that depend on the symbol before
//! them move under it) and `if` blocks flattened.

mod legacy;
mod simplify;
#[cfg(test)]
mod tests;

use self::simplify::Simplifier;
use super::symbol::PropKind;
use super::{Expr, ExprArena, ExprId, MenuId, Model, PropId, SymbolId};

/// Kernel-version rules of the reshaping.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rules {
    /// Until 6.10 (legacy choices): a choice's members depend on the
    /// choice's value, the members of a choice may get automatic
    /// submenus, bool members of a tristate choice also depend on
    /// `CHOICE=y`, and a non-optional choice is selected by its own
    /// prompt's visibility `&& m`.
    pub legacy: bool,
    /// Until 6.0: help's `Location:` starts at the entry's parent, and is
    /// left out when that is the main menu.
    pub location_from_parent: bool,
    /// 7.3: an entry whose dependencies allow the symbol before it to be
    /// off (`!A`, `A=n`, `A!=y`) does not move under it
    /// (`expr_contains_symbol_negated`).
    pub negated_ends_submenu: bool,
}

impl Rules {
    /// The rules of the tree's kernel when its version is known, else the
    /// newest of the model's semantics.
    pub fn for_model(model: &Model, version: Option<(u32, u32)>) -> Rules {
        match (version, model.semantics) {
            (Some((v, p)), _) => Rules::for_version(v, p),
            (None, super::Semantics::Legacy) => Rules::for_version(6, 10),
            (None, super::Semantics::Modern) => Rules::for_version(u32::MAX, 0),
        }
    }

    /// The rules of the kernel `VERSION.PATCHLEVEL`.
    pub fn for_version(version: u32, patchlevel: u32) -> Rules {
        Rules {
            legacy: super::Semantics::for_version(version, patchlevel) == super::Semantics::Legacy,
            location_from_parent: (version, patchlevel) < (6, 1),
            negated_ends_submenu: (version, patchlevel) >= (7, 3),
        }
    }
}

/// The kernel's finalized expressions and menu tree.
pub struct KernelForms {
    pub rules: Rules,
    /// The model's expressions and the rewritten ones.
    pub exprs: ExprArena,
    /// `menu->dep`, by menu node.
    pub dep: Vec<Option<ExprId>>,
    /// `prop->visible.expr` of prompts, by property (others: `None`).
    pub visible: Vec<Option<ExprId>>,
    /// `sym->rev_dep.expr` and `sym->implied.expr`, by symbol.
    pub rev_dep: Vec<Option<ExprId>>,
    pub implied: Vec<Option<ExprId>>,
    /// `menu->parent` after the reshaping (`None` for the root).
    pub parent: Vec<Option<MenuId>>,
    /// What `expr_transform` printed while finalizing ("boolean symbol X
    /// tested for 'm'?"), in order: conf prints it on standard output
    /// before anything else.
    pub notes: Vec<String>,
}

/// The menu tree as linked lists, as the kernel reshapes it in place.
#[derive(Clone, Copy, Default)]
struct Links {
    list: Option<MenuId>,
    next: Option<MenuId>,
    parent: Option<MenuId>,
}

struct Finalizer<'m> {
    s: Simplifier<'m>,
    rules: Rules,
    links: Vec<Links>,
    /// `menu->dep` and the prompts' `visible.expr` as parsed, then as
    /// finalized.
    dep: Vec<Option<ExprId>>,
    visible: Vec<Option<ExprId>>,
    rev_dep: Vec<Option<ExprId>>,
    implied: Vec<Option<ExprId>>,
    /// Legacy: symbols a choice has claimed (`SYMBOL_CHOICEVAL`).
    claimed: Vec<bool>,
    /// Legacy deduplications already made (a function of the input).
    legacy_memo: rustc_hash::FxHashMap<ExprId, ExprId>,
}

impl KernelForms {
    /// Replays `menu_finalize` on `model`.
    pub fn build(model: &Model, rules: Rules) -> KernelForms {
        let mut f = Finalizer::new(model, rules);
        f.finalize(MenuId::ROOT, false);
        KernelForms {
            rules,
            parent: f.links.iter().map(|l| l.parent).collect(),
            exprs: f.s.exprs,
            dep: f.dep,
            visible: f.visible,
            rev_dep: f.rev_dep,
            implied: f.implied,
            notes: f.s.notes,
        }
    }
}

impl KernelForms {
    /// `expr_eq` of two finalized expressions: equal up to the order of
    /// `&&` and `||` operands.
    pub fn same(&mut self, model: &Model, a: Option<ExprId>, b: Option<ExprId>) -> bool {
        let mut s = Simplifier::with_arena(model, std::mem::take(&mut self.exprs));
        let same = s.eq(a, b);
        self.exprs = s.exprs;
        same
    }
}

impl<'m> Finalizer<'m> {
    fn new(model: &'m Model, rules: Rules) -> Finalizer<'m> {
        let mut links = vec![Links::default(); model.menus.len()];
        for (i, node) in model.menus.iter().enumerate() {
            links[i].parent = node.parent;
            links[i].list = node.children.first().copied();
            for w in node.children.windows(2) {
                links[w[0].index()].next = Some(w[1]);
            }
        }
        let mut s = Simplifier::new(model);
        let dep = model.menus.iter().map(|m| m.dep_written).collect();
        let visible = (0..model.props.len())
            .map(|p| parsed_visibility(model, &mut s, PropId(p as u32)))
            .collect();
        Finalizer {
            s,
            rules,
            links,
            dep,
            visible,
            rev_dep: vec![None; model.symbols.len()],
            implied: vec![None; model.symbols.len()],
            claimed: vec![false; model.symbols.len()],
            legacy_memo: Default::default(),
        }
    }

    fn model(&self) -> &'m Model {
        self.s.model
    }

    /// `_menu_finalize(parent, inside_choice)`.
    fn finalize(&mut self, parent: MenuId, inside_choice: bool) {
        let model = self.model();
        let sym = model.menu(parent).sym;
        let is_choice = sym.is_some_and(|s| model.sym(s).is_choice);
        if self.links[parent.index()].list.is_some() {
            let parent_dep = match sym {
                // Legacy: the choice's own value bounds its members.
                Some(s) if is_choice && self.rules.legacy => Some(self.s.sym(s)),
                _ => self.dep[parent.index()],
            };
            self.propagate_to_children(parent, parent_dep);
            let mut m = self.links[parent.index()].list;
            while let Some(menu) = m {
                self.finalize(menu, is_choice);
                m = self.links[menu.index()].next;
            }
        } else if let Some(s) = sym.filter(|_| self.rules.legacy || !inside_choice) {
            self.automatic_submenu(parent, s);
        }
        self.flatten(parent, sym.filter(|_| is_choice && self.rules.legacy));
        if let Some(s) = sym.filter(|&s| self.rules.legacy && is_choice && !model.sym(s).optional) {
            if let Some(p) = model.menu(parent).prompt {
                let m = self.s.sym(SymbolId::MOD);
                let term = self.s.and(self.visible[p.index()], Some(m));
                self.rev_dep[s.index()] = self.s.or(self.rev_dep[s.index()], term);
            }
        }
    }

    /// Every child's dependencies and properties get the parent's.
    fn propagate_to_children(&mut self, parent: MenuId, parent_dep: Option<ExprId>) {
        let model = self.model();
        let mut m = self.links[parent.index()].list;
        while let Some(menu) = m {
            let base = self.simplify_under(parent_dep, self.dep[menu.index()]);
            self.dep[menu.index()] = base;
            let props = match model.menu(menu).sym {
                Some(s) => &model.sym(s).props[..],
                None => model.menu(menu).prompt.as_slice(),
            };
            for &p in props {
                if model.prop(p).menu != menu || !self.shown(p) {
                    continue;
                }
                let dep = self.simplify_under(base, self.visible[p.index()]);
                self.visible[p.index()] = dep;
                self.reverse(menu, p, dep);
            }
            m = self.links[menu.index()].next;
        }
    }

    /// `expr_eliminate_dups` of the tree's kernel.
    fn eliminate_dups(&mut self, e: Option<ExprId>) -> Option<ExprId> {
        if self.rules.legacy {
            let e = e?;
            if let Some(&done) = self.legacy_memo.get(&e) {
                return Some(done);
            }
            let done = legacy::eliminate_dups(&mut self.s, Some(e))?;
            self.legacy_memo.insert(e, done);
            Some(done)
        } else {
            self.s.eliminate_dups(e)
        }
    }

    /// Whether a property's finalized condition is ever shown: those of
    /// prompts, selects and implies are; a default's or a range's only
    /// decides a value (which the model has), unless rewriting it makes
    /// conf print a note.
    fn shown(&self, p: PropId) -> bool {
        let prop = self.model().prop(p);
        !matches!(prop.kind, PropKind::Default | PropKind::Range)
            || prop
                .cond_written
                .is_some_and(|c| self.s.tests_bool_for_m(c))
    }

    /// `expr_eliminate_dups(parent && expr_transform(rewrite_m(own)))`.
    fn simplify_under(&mut self, parent: Option<ExprId>, own: Option<ExprId>) -> Option<ExprId> {
        let modules = self.model().modules;
        let own = own.map(|e| self.s.exprs.rewrite_m(e, modules));
        let own = self.s.transform(own);
        let e = self.s.and(parent, own);
        self.eliminate_dups(e)
    }

    /// A `select` or `imply` adds `SYM && dep` to its target's reverse
    /// dependencies.
    fn reverse(&mut self, menu: MenuId, p: PropId, dep: Option<ExprId>) {
        let model = self.model();
        let prop = model.prop(p);
        let (Some(me), Some(Expr::Symbol(target))) =
            (model.menu(menu).sym, prop.expr.map(|e| model.exprs.get(e)))
        else {
            return;
        };
        let me = self.s.sym(me);
        let term = self.s.and(Some(me), dep);
        let list = match prop.kind {
            PropKind::Select => &mut self.rev_dep,
            PropKind::Imply => &mut self.implied,
            _ => return,
        };
        list[target.index()] = self.s.or(list[target.index()], term);
    }

    /// The entries after a childless symbol that depend on it become its
    /// children.
    fn automatic_submenu(&mut self, parent: MenuId, sym: SymbolId) {
        let model = self.model();
        let prompt_visible =
            |f: &Self, m: MenuId| model.menu(m).prompt.map(|p| f.visible[p.index()]);
        // The symbol's own condition, made only when an entry needs it (the
        // kernel makes it first; it prints nothing, being transformed).
        let mut base = None;
        let mut last = None;
        let mut m = self.links[parent.index()].next;
        while let Some(menu) = m {
            let dep = prompt_visible(self, menu).unwrap_or(self.dep[menu.index()]);
            if !self.s.contains_symbol(dep, sym) {
                break;
            }
            if !self.s.depends_symbol(dep, sym) {
                if self.rules.negated_ends_submenu && self.s.contains_symbol_negated(dep, sym) {
                    break;
                }
                let base = *base.get_or_insert_with(|| {
                    let own = prompt_visible(self, parent).flatten();
                    self.not_n(own)
                });
                if !self.is_superset(dep, base) {
                    break;
                }
            }
            self.finalize(menu, false);
            self.links[menu.index()].parent = Some(parent);
            last = Some(menu);
            m = self.links[menu.index()].next;
        }
        if let Some(last) = last {
            let p = parent.index();
            self.links[p].list = self.links[p].next;
            self.links[p].next = self.links[last.index()].next;
            self.links[last.index()].next = None;
        }
    }

    /// `expr_eliminate_dups(expr_transform(expr_trans_compare(e, E_UNEQUAL,
    /// &symbol_no)))`.
    fn not_n(&mut self, e: Option<ExprId>) -> Option<ExprId> {
        let e = self.s.trans_compare(e, false, SymbolId::NO);
        let e = self.s.transform(Some(e));
        self.eliminate_dups(e)
    }

    /// Whether `dep` needs all the symbol's condition `base` needs (as
    /// `expr_eliminate_eq` of the two leaves nothing of `base`).
    fn is_superset(&mut self, dep: Option<ExprId>, base: Option<ExprId>) -> bool {
        let mut dep = self.not_n(dep);
        let mut base = base;
        self.s.eliminate_eq(&mut dep, &mut base);
        self.s.is_yes(base)
    }

    /// `if` blocks and promptless symbols hand their children to `parent`;
    /// in a legacy `choice`, each entry is claimed as a member first.
    fn flatten(&mut self, parent: MenuId, legacy_choice: Option<SymbolId>) {
        let model = self.model();
        let mut m = self.links[parent.index()].list;
        while let Some(menu) = m {
            let i = menu.index();
            if let Some(choice) = legacy_choice {
                self.claim_member(choice, menu);
            }
            if let (Some(first), None) = (self.links[i].list, model.menu(menu).prompt) {
                let mut last = first;
                loop {
                    self.links[last.index()].parent = Some(parent);
                    match self.links[last.index()].next {
                        Some(n) => last = n,
                        None => break,
                    }
                }
                self.links[last.index()].next = self.links[i].next;
                self.links[i].next = Some(first);
                self.links[i].list = None;
            }
            m = self.links[i].next;
        }
    }

    /// Legacy: the first choice an entry's symbol appears in owns it; a bool
    /// member of a tristate choice also needs `CHOICE=y`.
    fn claim_member(&mut self, choice: SymbolId, menu: MenuId) {
        let model = self.model();
        let Some(member) = model.menu(menu).sym else {
            return;
        };
        if std::mem::replace(&mut self.claimed[member.index()], true) {
            return;
        }
        let tristate = super::SymbolType::Tristate;
        if model.sym(choice).ty != tristate || model.sym(member).ty == tristate {
            return;
        }
        let eq_y = self.s.exprs.intern(Expr::Cmp(
            crate::syntax::ast::CmpOp::Equal,
            choice,
            SymbolId::YES,
        ));
        self.dep[menu.index()] = self.s.and(Some(eq_y), self.dep[menu.index()]);
        for &p in &model.sym(member).props {
            if model.prop(p).menu == menu {
                self.visible[p.index()] = self.s.and(Some(eq_y), self.visible[p.index()]);
            }
        }
    }
}

/// A prompt's `visible.expr` as `menu_add_prompt` leaves it: its `if`,
/// `&&` the `visible if` of each enclosing menu, innermost first.
fn parsed_visibility(model: &Model, s: &mut Simplifier<'_>, p: PropId) -> Option<ExprId> {
    let prop = model.prop(p);
    if prop.kind != PropKind::Prompt {
        return prop.cond_written;
    }
    let mut visible = prop.cond_written;
    let mut up = model.menu(prop.menu).parent;
    while let Some(m) = up {
        if let Some(v) = model.menu(m).visibility {
            visible = s.and(visible, Some(v));
        }
        up = model.menu(m).parent;
    }
    visible
}
