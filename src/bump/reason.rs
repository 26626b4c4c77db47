//! Blockers as printable reason lines, one level of detail. This stands
//! in for the check engine's reason trees (`report::Reasons`) until that
//! engine is on this branch; the shape of [`Reason`] is the same, so the
//! JSON output keeps its schema when the two are swapped.

use super::expr_text;
use super::report::Reason;
use crate::eval::Evaluation;
use crate::explain::{Blocker, Link, Operand};
use crate::model::{Loc, SymbolId};

/// What keeps `s` from `requested` on the evaluation `ev`.
pub fn blockers(ev: &mut Evaluation<'_>, s: SymbolId, requested: &str, blockers: &[Blocker]) -> Vec<Reason> {
    blockers.iter().map(|b| blocker(ev, s, requested, b)).collect()
}

fn blocker(ev: &mut Evaluation<'_>, s: SymbolId, requested: &str, b: &Blocker) -> Reason {
    let model = ev.model;
    let name = model.name(s);
    match b {
        Blocker::Promptless { selectors, .. } if selectors.is_empty() => {
            Reason::new("promptless", format!("{name} has no prompt and nothing selects it: only its default sets it"))
        }
        Blocker::Promptless { selectors, .. } => Reason::new("promptless", format!("{name} has no prompt, so only `select` and `default` set it; its selectors:"))
            .with(selectors.iter().map(|l| link(ev, l)).collect()),
        Blocker::Invisible { prompts } => Reason::new("invisible", format!("{name} is not visible: its prompt is hidden by"))
            .with(prompts.iter().flat_map(|(_, ops)| ops).map(|o| operand(ev, o)).collect()),
        Blocker::Capped { limit, operands } => Reason::new("capped", format!("{name} is capped at {limit} by its dependencies"))
            .with(operands.iter().map(|o| operand(ev, o)).collect()),
        Blocker::Selected { floor, by } => Reason::new("selected", format!("{name} cannot go below {floor}: selected by"))
            .with(by.iter().map(|l| link(ev, l)).collect()),
        Blocker::ChoiceOther { choice, chosen } => {
            let other = chosen.map(|c| model.name(c).to_string()).unwrap_or_else(|| "no member".into());
            Reason::new("choice-other", format!("another member of its choice is selected: {other}")).at(model, model.menu(*choice).loc)
        }
        Blocker::ChoiceNeedsOne { choice } => Reason::new("choice-needs-one", "a choice always has one member set to y").at(model, model.menu(*choice).loc),
        Blocker::Type { ty } => Reason::new("type", format!("{requested} is not a valid {} value", ty.name())),
        Blocker::ModulesOff { modules } => {
            Reason::new("modules-off", format!("m is impossible while modules are off: {} (=n)", model.name(*modules)))
        }
        Blocker::Range { prop, low, high } => {
            let (l, h) = (ev.string_value(*low), ev.string_value(*high));
            Reason::new("range", format!("outside its range {l}..{h}")).at(model, model.prop(*prop).loc)
        }
        Blocker::DefaultOnly { prop } => {
            let r = Reason::new("default-only", format!("{name} is not visible: only its default sets it"));
            match prop {
                Some(p) => r.at(model, model.prop(*p).loc),
                None => r,
            }
        }
    }
}

fn operand(ev: &mut Evaluation<'_>, o: &Operand) -> Reason {
    let model = ev.model;
    let mut r = Reason::new("operand", format!("{} (={})", expr_text::text(model, o.expr), o.value));
    if let Some(s) = o.sym {
        r.symbol = Some(model.name(s).to_string());
        r.value = Some(ev.string_value(s));
        if let Some(&m) = model.sym(s).menus.first() {
            r = r.at(model, model.menu(m).loc);
        }
    }
    r
}

fn link(ev: &mut Evaluation<'_>, l: &Link) -> Reason {
    let model = ev.model;
    let loc: Loc = model.prop(l.prop).loc;
    let mut r = Reason::new("select", format!("{} (={}) gives {}", model.name(l.sym), l.sym_value, l.value)).at(model, loc);
    r.symbol = Some(model.name(l.sym).to_string());
    r.value = Some(l.sym_value.to_string());
    r
}
