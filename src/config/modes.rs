//! conf's batch modes on top of the evaluator, as scripts/kconfig/conf.c's
//! `main` sequences them: what is read (`conf_read` or, for the all*config
//! modes, only `KCONFIG_ALLCONFIG` through `conf_read_simple`), how new
//! symbols are answered ([`crate::eval::modes`]), and what is written
//! (`conf_write`, `conf_write_defconfig`, or the `listnewconfig` lines of
//! `check_conf`).

use super::rand::GlibcRand;
use super::{write, Assignment, Olddefconfig};
use crate::eval::modes::{Fill, Probabilities};
use crate::eval::{Evaluation, Tristate};
use crate::model::{MenuId, Model, SymbolId, SymbolType};

/// `conf --allnoconfig` and friends: `allconfig` is what
/// `KCONFIG_ALLCONFIG` named (read as `conf_read_simple` reads it, so
/// without `conf_read`'s legacy range reset), `seed` the randconfig seed.
pub fn all_config<'m>(
    model: &'m Model,
    fill: Fill,
    allconfig: Option<&[Assignment]>,
    seed: u32,
) -> Olddefconfig<'m> {
    let mut ev = Evaluation::new(model);
    let user_warnings = allconfig.map(|a| ev.apply_user(a)).unwrap_or_default();
    let mut rng = GlibcRand::new(seed);
    ev.set_all_new_symbols(fill, &mut rng);
    label_mode_values(&mut ev, fill);
    let text = write::render(&mut ev);
    Olddefconfig {
        evaluation: ev,
        text,
        user_warnings,
    }
}

/// The values the mode gave get the mode's name as their origin, so that
/// explanations say "set to m by allmodconfig".
fn label_mode_values(ev: &mut Evaluation<'_>, fill: Fill) {
    let name: std::sync::Arc<str> = fill_name(fill).into();
    for st in &mut ev.st[3..] {
        if st.has_user && st.user_origin.is_none() {
            st.user_origin = Some(crate::eval::Origin {
                file: name.clone(),
                line: 0,
            });
        }
    }
}

/// The make target of a fill.
pub fn fill_name(fill: Fill) -> &'static str {
    match fill {
        Fill::Default => "alldefconfig",
        Fill::Yes => "allyesconfig",
        Fill::Mod => "allmodconfig",
        Fill::No => "allnoconfig",
        Fill::Random(_) => "randconfig",
    }
}

/// `conf --defconfig=FILE`: `conf_read` of the file, then every new symbol
/// takes its default.
pub fn defconfig<'m>(model: &'m Model, assignments: &[Assignment]) -> Olddefconfig<'m> {
    let mut ev = read(model, assignments);
    let user_warnings = std::mem::take(&mut ev.1);
    let mut ev = ev.0;
    ev.set_all_new_symbols(Fill::Default, &mut GlibcRand::new(1));
    let text = write::render(&mut ev);
    Olddefconfig {
        evaluation: ev,
        text,
        user_warnings,
    }
}

/// `conf_read`: user values, every symbol computed, and the legacy reset
/// of out-of-range values.
pub fn read<'m>(
    model: &'m Model,
    assignments: &[Assignment],
) -> (Evaluation<'m>, Vec<crate::eval::user::UserWarning>) {
    let mut ev = Evaluation::new(model);
    let warnings = ev.apply_user(assignments);
    ev.calc_all();
    ev.legacy_reset_out_of_range();
    (ev, warnings)
}

/// `conf --savedefconfig`: the minimal config that gives back the same
/// configuration (`conf_write_defconfig`).
pub fn savedefconfig(model: &Model, assignments: &[Assignment]) -> String {
    savedefconfig_evaluated(&mut read(model, assignments).0)
}

/// `conf_write_defconfig` of an evaluation `conf_read` left.
pub fn savedefconfig_evaluated(ev: &mut Evaluation<'_>) -> String {
    let model = ev.model;
    ev.invalidate();
    let mut out = String::new();
    let mut written = vec![false; model.symbols.len()];
    for m in model.menu_preorder() {
        let Some(s) = model.menu(m).sym else { continue };
        if model.sym(s).is_choice || written[s.index()] {
            continue;
        }
        written[s.index()] = true;
        let value = ev.string_value(s);
        if !ev.state(s).write || !ev.is_changeable(s) || value == ev.string_default(s) {
            continue;
        }
        if is_default_member(ev, s) {
            continue;
        }
        write::print_symbol(ev, s, &mut out);
    }
    out
}

/// A choice member that is `y` because it is its choice's default (legacy:
/// only a bool member of a non-optional choice).
fn is_default_member(ev: &mut Evaluation<'_>, s: crate::model::SymbolId) -> bool {
    let model = ev.model;
    if model.sym(s).choice_block.is_none() {
        return false;
    }
    let legacy_bool =
        model.semantics == crate::model::Semantics::Modern || model.sym(s).ty == SymbolType::Bool;
    legacy_bool && ev.default_member(s) == Some(s) && ev.tristate(s) == Tristate::Yes
}

/// An option a config says nothing about and a user could set
/// (`check_conf`'s notion of a new symbol), and the `menu` it is under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewOption {
    pub sym: SymbolId,
    /// The menu node conf met it at (whose help text `helpnewconfig` shows).
    pub node: MenuId,
    /// The nearest enclosing `menu` (the root for the main menu).
    pub menu: MenuId,
}

/// `conf --listnewconfig`: every visible, changeable symbol the config
/// says nothing about, as `CONFIG_NAME=value` with its default, in menu
/// order.
pub fn listnewconfig(model: &Model, assignments: &[Assignment]) -> String {
    let (mut ev, _) = read(model, assignments);
    let mut out = String::new();
    for o in new_options(&mut ev) {
        if model.sym(o.sym).name.is_none() {
            continue;
        }
        let value = ev.string_value(o.sym);
        let value = if model.sym(o.sym).ty == SymbolType::String {
            write::escape(&value)
        } else {
            value
        };
        out.push_str(&format!("CONFIG_{}={value}\n", model.name(o.sym)));
    }
    out
}

/// The new options of an evaluated config, in menu order (`check_conf`);
/// a symbol shown at two places is listed twice, as conf lists it. A
/// legacy choice that is `y` is one too (helpnewconfig shows its help;
/// listnewconfig skips it, having no name to print).
pub fn new_options(ev: &mut Evaluation<'_>) -> Vec<NewOption> {
    let mut out = Vec::new();
    list_new(ev, MenuId::ROOT, MenuId::ROOT, &mut out);
    out
}

fn list_new(ev: &mut Evaluation<'_>, m: MenuId, menu: MenuId, out: &mut Vec<NewOption>) {
    let model = ev.model;
    let node = model.menu(m);
    // The kernel splices an `if` block's entries into its parent menu.
    let transparent = m == MenuId::ROOT || node.kind == crate::model::MenuKind::If;
    if !transparent && !menu_is_visible(ev, m) {
        return;
    }
    if let Some(s) = node.sym {
        let legacy = model.semantics == crate::model::Semantics::Legacy;
        let choice = model.sym(s).is_choice;
        let legacy_choice = legacy && choice && ev.tristate(s) == Tristate::Yes;
        let typed = model.sym(s).ty != SymbolType::Unknown;
        // 6.11+: a choice is never changeable itself (`sym_is_changeable`).
        let changeable = ev.is_changeable(s) && (legacy || !choice);
        if typed && !ev.has_user(s) && (changeable || legacy_choice) {
            out.push(NewOption {
                sym: s,
                node: m,
                menu,
            });
        }
    }
    let inner = if node.kind == crate::model::MenuKind::Menu {
        m
    } else {
        menu
    };
    for &c in &node.children {
        list_new(ev, c, inner, out);
    }
}

/// `menu_is_visible`: its prompt is, or (for a symbol that is not `n`) one
/// of its children is.
fn menu_is_visible(ev: &mut Evaluation<'_>, m: MenuId) -> bool {
    let model = ev.model;
    let node = model.menu(m);
    let Some(p) = node.prompt else { return false };
    if node.visibility.is_some_and(|v| ev.eval(v) == Tristate::No) {
        return false;
    }
    if let Some(s) = node.sym {
        ev.calc(s);
    }
    if ev.eval_opt(model.prop(p).visible) != Tristate::No {
        return true;
    }
    match node.sym {
        Some(s) if ev.tristate(s) != Tristate::No => spliced_children(model, m)
            .into_iter()
            .any(|c| menu_is_visible(ev, c)),
        _ => false,
    }
}

/// A node's children with those of `if` blocks in their place, as the
/// kernel's `menu_finalize` splices them.
fn spliced_children(model: &Model, m: MenuId) -> Vec<MenuId> {
    let mut out = Vec::new();
    for &c in &model.menu(m).children {
        if model.menu(c).kind == crate::model::MenuKind::If {
            out.extend(spliced_children(model, c));
        } else {
            out.push(c);
        }
    }
    out
}

/// `KCONFIG_SEED` as conf reads it (`strtol(s, &end, 0)` into an
/// `unsigned int`); `None` when unset, empty or not wholly a number.
pub fn parse_seed(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let p = crate::eval::value::c_strto(s, 0);
    if p.end != s.len() {
        return None;
    }
    Some(p.value.clamp(i64::MIN as i128, i64::MAX as i128) as i64 as u32)
}

/// `KCONFIG_PROBABILITY` as conf reads it: up to three `:`-separated
/// percentages (`y` for bools; `y:m` for tristates; `bool_y:y:m`).
pub fn parse_probability(s: &str) -> Result<Probabilities, String> {
    let mut p = Vec::new();
    let mut rest = s;
    while !rest.is_empty() && p.len() < 3 {
        let parsed = crate::eval::value::c_strto(rest, 10);
        let v = parsed.value;
        if !(0..=100).contains(&v) {
            return Err(out_of_range());
        }
        p.push(v as i32);
        rest = &rest[parsed.end..];
        rest = rest.strip_prefix(':').unwrap_or(rest);
    }
    let mut prob = Probabilities::default();
    match p[..] {
        [y] => {
            prob.bool_y = y;
            prob.tri_m = y / 2;
            prob.tri_y = y - y / 2;
        }
        [y, m] => (prob.tri_y, prob.tri_m, prob.bool_y) = (y, m, y + m),
        [b, y, m] => (prob.bool_y, prob.tri_y, prob.tri_m) = (b, y, m),
        _ => {}
    }
    if prob.tri_y + prob.tri_m > 100 {
        return Err(out_of_range());
    }
    Ok(prob)
}

fn out_of_range() -> String {
    "KCONFIG_PROBABILITY: Numerical result out of range".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_is_read_as_strtol_base_0() {
        assert_eq!(parse_seed("0x10"), Some(16));
        assert_eq!(parse_seed("010"), Some(8));
        assert_eq!(parse_seed("12"), Some(12));
        assert_eq!(parse_seed("12x"), None);
        assert_eq!(parse_seed(""), None);
        assert_eq!(parse_seed("-1"), Some(u32::MAX));
    }

    #[test]
    fn probability_forms() {
        let p = parse_probability("20").unwrap();
        assert_eq!((p.bool_y, p.tri_y, p.tri_m), (20, 10, 10));
        let p = parse_probability("30:20").unwrap();
        assert_eq!((p.bool_y, p.tri_y, p.tri_m), (50, 30, 20));
        let p = parse_probability("10:20:30").unwrap();
        assert_eq!((p.bool_y, p.tri_y, p.tri_m), (10, 20, 30));
        assert!(parse_probability("101").is_err());
        assert!(parse_probability("60:60").is_err());
        // Not a number: strtol reads 0 without moving, three times.
        let p = parse_probability("x").unwrap();
        assert_eq!((p.bool_y, p.tri_y, p.tri_m), (0, 0, 0));
    }
}
