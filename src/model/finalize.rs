//! Dependency propagation, as the kernel's `menu_finalize`: every menu
//! node's dependencies are `&&`-ed with its parent's, every property's
//! condition with its node's, `select` and `imply` become reverse
//! dependencies of their targets, and each definition of a symbol adds its
//! dependencies to the symbol's `dir_dep`.
//!
//! The kernel also reshapes the menu tree here (symbols that depend on the
//! entry before them become its children; `if` blocks are flattened). That
//! changes neither the order of the nodes in a depth-first walk nor any
//! value, so the model keeps the tree as written.

use super::symbol::{PropKind, SymbolType};
use super::{Expr, ExprId, MenuId, Model, Semantics, SymbolId};
use crate::syntax::ast::CmpOp;

pub(super) fn finalize(model: &mut Model) {
    finalize_node(model, MenuId::ROOT, false);
    assign_choice_menus(model);
}

fn finalize_node(model: &mut Model, node: MenuId, inside_choice: bool) {
    let sym = model.menu(node).sym;
    let children = model.menu(node).children.clone();
    if !children.is_empty() {
        let is_choice = sym.is_some_and(|s| model.sym(s).is_choice);
        if is_choice && model.semantics == Semantics::Legacy {
            legacy_choice_types(model, sym.unwrap(), &children);
        }
        let parent_dep = match sym {
            // Legacy: the choice's own value bounds its members.
            Some(s) if is_choice && model.semantics == Semantics::Legacy => {
                Some(model.exprs.symbol(s))
            }
            _ => model.menu(node).dep,
        };
        for &child in &children {
            propagate(model, child, parent_dep);
        }
        for &child in &children {
            finalize_node(model, child, is_choice);
        }
        if is_choice && model.semantics == Semantics::Legacy {
            legacy_choice_members(model, sym.unwrap(), &children);
        }
    } else if let Some(s) = sym {
        if !(inside_choice && model.semantics == Semantics::Modern) {
            let dep = model.menu(node).dep;
            let d = model.sym(s).dir_dep;
            // `expr_alloc_or` drops a missing operand: a definition without
            // dependencies does not make the symbol's `dir_dep` `y`.
            model.symbols[s.index()].dir_dep = model.exprs.or(d, dep);
        }
    }
    if model.semantics == Semantics::Legacy {
        legacy_choice_rev_dep(model, node);
    }
}

/// Fold `parent_dep` into a child node and into the conditions of the
/// properties that child defines; record selects and implies.
fn propagate(model: &mut Model, child: MenuId, parent_dep: Option<ExprId>) {
    let written = model.menu(child).dep_written;
    let own = rewrite_m(model, written);
    let base = model.exprs.and(parent_dep, own);
    model.menus[child.index()].dep = base;
    let props: Vec<_> = match model.menu(child).sym {
        Some(s) => model
            .sym(s)
            .props
            .iter()
            .copied()
            .filter(|&p| model.prop(p).menu == child)
            .collect(),
        None => model.menu(child).prompt.into_iter().collect(),
    };
    for p in props {
        let cond = rewrite_m(model, model.prop(p).visible);
        let dep = model.exprs.and(base, cond);
        model.props[p.index()].visible = dep;
        let kind = model.prop(p).kind;
        if matches!(kind, PropKind::Select | PropKind::Imply) {
            add_reverse(model, child, p, dep);
        }
    }
}

fn add_reverse(model: &mut Model, child: MenuId, p: super::PropId, dep: Option<ExprId>) {
    let Some(selector) = model.menu(child).sym else {
        return;
    };
    let Some(Expr::Symbol(target)) = model.prop(p).expr.map(|e| model.exprs.get(e)) else {
        return;
    };
    let me = model.exprs.symbol(selector);
    let term = model.exprs.and(Some(me), dep);
    let t = &model.symbols[target.index()];
    let (rev, imp) = (t.rev_dep, t.implied);
    if model.prop(p).kind == PropKind::Select {
        model.symbols[target.index()].rev_dep = model.exprs.or(rev, term);
    } else {
        model.symbols[target.index()].implied = model.exprs.or(imp, term);
    }
}

/// `m` in a dependency means "m, if modules are enabled"
/// ([`super::ExprArena::rewrite_m`]).
fn rewrite_m(model: &mut Model, e: Option<ExprId>) -> Option<ExprId> {
    let modules = model.modules;
    Some(model.exprs.rewrite_m(e?, modules))
}

/// Legacy: a choice without a type takes its first typed member's; members
/// without a type take the choice's.
fn legacy_choice_types(model: &mut Model, choice: SymbolId, children: &[MenuId]) {
    if model.sym(choice).ty == SymbolType::Unknown {
        let first = children
            .iter()
            .filter_map(|&c| model.menu(c).sym)
            .map(|s| model.sym(s).ty)
            .find(|&t| t != SymbolType::Unknown);
        if let Some(t) = first {
            model.symbols[choice.index()].ty = t;
        }
    }
    let ty = model.sym(choice).ty;
    for &c in children {
        if let Some(s) = model.menu(c).sym {
            if model.sym(s).ty == SymbolType::Unknown {
                model.symbols[s.index()].ty = ty;
            }
        }
    }
}

/// Legacy: the members of a choice, in menu order (including those inside
/// `if` blocks of the choice); bool members of a tristate choice also
/// depend on the choice being `y`.
fn legacy_choice_members(model: &mut Model, choice: SymbolId, children: &[MenuId]) {
    let mut flat = Vec::new();
    flatten_ifs(model, children, &mut flat);
    for c in flat {
        let Some(s) = model.menu(c).sym else { continue };
        // The first choice that lists a symbol owns it.
        if model.sym(s).is_choice || model.sym(s).choice_block.is_some() {
            continue;
        }
        model.symbols[s.index()].choice_block = Some(choice_menu_of(model, choice));
        model.symbols[choice.index()].members.push(s);
        if model.sym(choice).ty == SymbolType::Tristate && model.sym(s).ty != SymbolType::Tristate {
            let eq_y = model
                .exprs
                .intern(Expr::Cmp(CmpOp::Equal, choice, SymbolId::YES));
            let d = model.menu(c).dep;
            model.menus[c.index()].dep = model.exprs.and(Some(eq_y), d);
            let props: Vec<_> = model
                .sym(s)
                .props
                .iter()
                .copied()
                .filter(|&p| model.prop(p).menu == c)
                .collect();
            for p in props {
                let v = model.prop(p).visible;
                model.props[p.index()].visible = model.exprs.and(Some(eq_y), v);
            }
        }
    }
}

fn choice_menu_of(model: &Model, choice: SymbolId) -> MenuId {
    model.sym(choice).menus[0]
}

fn flatten_ifs(model: &Model, children: &[MenuId], out: &mut Vec<MenuId>) {
    for &c in children {
        out.push(c);
        let node = model.menu(c);
        if node.prompt.is_none() && !node.children.is_empty() {
            flatten_ifs(model, &node.children, out);
        }
    }
}

/// Legacy: a non-optional choice cannot be `n` while its prompt is visible:
/// the kernel adds `<prompt visibility> && m` to its reverse dependencies.
fn legacy_choice_rev_dep(model: &mut Model, node: MenuId) {
    let Some(s) = model.menu(node).sym else {
        return;
    };
    if !model.sym(s).is_choice || model.sym(s).optional {
        return;
    }
    let Some(prompt) = model.menu(node).prompt else {
        return;
    };
    let vis = model.prop(prompt).visible;
    let m = model.exprs.symbol(SymbolId::MOD);
    let term = model.exprs.and(vis, Some(m));
    let rev = model.sym(s).rev_dep;
    model.symbols[s.index()].rev_dep = model.exprs.or(rev, term);
}

/// Modern: `sym_get_choice_menu` — the first definition with a prompt,
/// then up to the nearest node with a symbol: the choice, if it is one.
fn assign_choice_menus(model: &mut Model) {
    if model.semantics != Semantics::Modern {
        return;
    }
    for i in 0..model.symbols.len() {
        let s = &model.symbols[i];
        let Some(first) = s
            .menus
            .iter()
            .copied()
            .find(|&m| model.menus[m.index()].prompt.is_some())
        else {
            model.symbols[i].choice_menu = None;
            continue;
        };
        let mut up = model.menus[first.index()].parent;
        while let Some(p) = up {
            if model.menus[p.index()].sym.is_some() {
                break;
            }
            up = model.menus[p.index()].parent;
        }
        let choice = up.filter(|&p| {
            model.menus[p.index()]
                .sym
                .is_some_and(|cs| model.symbols[cs.index()].is_choice)
        });
        model.symbols[i].choice_menu = choice;
    }
}
