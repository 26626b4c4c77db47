//! The shapes `menu_finalize` gives, by the rule of each kernel; the
//! outputs conf prints from them are compared in tests/modes.rs.

use super::{KernelForms, Rules};
use crate::model::{Expr, MenuId, Model, Semantics, SymbolId};

fn model(kconfig: &str, semantics: Semantics) -> (tempfile::TempDir, crate::Tree) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Kconfig"), kconfig).unwrap();
    let mut opts = crate::LoadOptions::new(dir.path());
    opts.semantics = Some(semantics);
    opts.probe_cache = false;
    opts.env = Some(Vec::new());
    let tree = crate::Tree::load(&opts).unwrap();
    (dir, tree)
}

fn entry(model: &Model, name: &str) -> MenuId {
    model.sym(model.lookup(name).unwrap()).menus[0]
}

const TWO_DEPENDS: &str =
    "config A\n\tbool \"a\"\n\nconfig B\n\tbool \"b\"\n\tdepends on A\n\tdepends on y\n";

#[test]
fn until_6_10_a_y_operand_stays_in_the_dependencies_when_nothing_else_joins() {
    let (_d, tree) = model(TWO_DEPENDS, Semantics::Legacy);
    let m = &tree.model;
    let forms = KernelForms::build(m, Rules::for_version(6, 1));
    let dep = forms.dep[entry(m, "B").index()].unwrap();
    let a = m.lookup("A").unwrap();
    let Expr::And(l, r) = forms.exprs.get(dep) else {
        panic!("{:?}", forms.exprs.get(dep))
    };
    assert_eq!(forms.exprs.get(l), Expr::Symbol(a));
    assert_eq!(forms.exprs.get(r), Expr::Symbol(SymbolId::YES));
}

#[test]
fn from_6_11_every_deduplication_folds_y_away() {
    let (_d, tree) = model(TWO_DEPENDS, Semantics::Modern);
    let m = &tree.model;
    let forms = KernelForms::build(m, Rules::for_version(6, 12));
    let dep = forms.dep[entry(m, "B").index()].unwrap();
    assert_eq!(forms.exprs.get(dep), Expr::Symbol(m.lookup("A").unwrap()));
}

const NEGATED: &str = "config A\n\tbool \"a\"\n\nconfig B\n\tbool \"b\"\n\tdepends on !A || C\n\nconfig D\n\tbool \"d\"\n\tdepends on A\n";

#[test]
fn an_entry_that_allows_the_symbol_before_it_off_moves_under_it_until_7_2() {
    let (_d, tree) = model(NEGATED, Semantics::Modern);
    let m = &tree.model;
    let (a, b) = (entry(m, "A"), entry(m, "B"));
    let old = KernelForms::build(m, Rules::for_version(7, 2));
    assert_eq!(old.parent[b.index()], Some(a));
    let new = KernelForms::build(m, Rules::for_version(7, 3));
    assert_eq!(new.parent[b.index()], Some(MenuId::ROOT));
    assert_eq!(
        new.parent[entry(m, "D").index()],
        Some(MenuId::ROOT),
        "the submenu ended at B"
    );
}

#[test]
fn entries_of_an_if_block_belong_to_the_block_s_parent() {
    let kconfig =
        "config X\n\tbool \"x\"\n\nconfig A\n\tbool \"a\"\n\nif X\nconfig B\n\tbool \"b\"\nendif\n";
    let (_d, tree) = model(kconfig, Semantics::Modern);
    let m = &tree.model;
    let forms = KernelForms::build(m, Rules::for_version(7, 3));
    assert_eq!(forms.parent[entry(m, "B").index()], Some(MenuId::ROOT));
}

#[test]
fn a_bool_compared_with_m_is_reported_as_conf_prints_it_and_never_holds() {
    let kconfig = "config A\n\tbool \"a\"\n\nconfig B\n\tbool \"b\"\n\tdepends on A=m\n";
    let (_d, tree) = model(kconfig, Semantics::Modern);
    let m = &tree.model;
    let forms = KernelForms::build(m, Rules::for_version(7, 3));
    assert_eq!(
        forms.notes,
        ["boolean symbol A tested for 'm'? test forced to 'n'\n"]
    );
    let dep = forms.dep[entry(m, "B").index()].unwrap();
    assert_eq!(forms.exprs.get(dep), Expr::Symbol(SymbolId::NO));
}

#[test]
fn selects_collect_in_the_order_menu_finalize_meets_them() {
    let kconfig = "config T\n\ttristate\n\nmenu \"m\"\nconfig S2\n\tbool \"s2\"\n\tselect T\nendmenu\n\nconfig S1\n\tbool \"s1\"\n\tselect T if S2\n";
    let (_d, tree) = model(kconfig, Semantics::Modern);
    let m = &tree.model;
    let forms = KernelForms::build(m, Rules::for_version(7, 3));
    let rev = forms.rev_dep[m.lookup("T").unwrap().index()].unwrap();
    let mut terms = Vec::new();
    forms.exprs.operands(rev, false, &mut terms);
    let mut first = Vec::new();
    for t in &terms {
        let mut syms = Vec::new();
        forms.exprs.symbols(*t, &mut syms);
        first.push(m.name(syms[0]).to_string());
    }
    assert_eq!(first, ["S1", "S2"], "the root's children before the menu's");
}
