//! Why a symbol does not have the value someone asked for: the
//! [`Reason`]s that block it, as data (`ksolve check` reasons, `ksolve why SYM=VALUE`).

use super::{Explainer, Reason};
use crate::eval::{user::string_valid, Evaluation, Tristate};
use crate::model::{MenuId, PropKind, Semantics, SymbolId, SymbolType};

/// What keeps `s` from `requested` (the raw value as a config line has it:
/// `y`, `m`, `n`, a number or a string). Empty when nothing does.
pub fn blockers(ev: &mut Evaluation<'_>, s: SymbolId, requested: &str) -> Vec<Reason> {
    let model = ev.model;
    let ty = model.sym(s).ty;
    if model.sym(s).transitional {
        return vec![Reason::Transitional {
            successors: transitional_successors(model, s),
        }];
    }
    if !ty.is_logical() {
        return text_blockers(ev, s, requested);
    }
    let Some(want) = crate::eval::user::read_tristate(ty, requested) else {
        return vec![Reason::Type { ty }];
    };
    if want == Tristate::Mod && ev.effective_type(s) == SymbolType::Bool {
        return vec![Reason::ModulesOff {
            modules: model.modules,
        }];
    }
    let got = ev.tristate(s);
    let mut ex = Explainer::new(ev);
    match got.cmp(&want) {
        std::cmp::Ordering::Less => too_low(&mut ex, s, want),
        std::cmp::Ordering::Greater => too_high(&mut ex, s, want),
        std::cmp::Ordering::Equal => Vec::new(),
    }
}

fn too_low(ex: &mut Explainer<'_, '_>, s: SymbolId, want: Tristate) -> Vec<Reason> {
    let model = ex.ev.model;
    let has_prompt = model
        .sym(s)
        .props
        .iter()
        .any(|&p| model.prop(p).kind == PropKind::Prompt);
    if !has_prompt {
        let default = ex.ev.state(s).default_used;
        return vec![Reason::Promptless {
            selectors: ex.links(s, PropKind::Select),
            default,
        }];
    }
    if let Some(choice) = choice_menu(ex.ev, s) {
        if ex.ev.state(s).visible != Tristate::No {
            return vec![Reason::Choice {
                choice,
                chosen: chosen(ex.ev, choice),
            }];
        }
    }
    let visible = ex.ev.state(s).visible;
    if visible == Tristate::No {
        return vec![Reason::Invisible {
            prompts: ex.hidden_prompts(s),
        }];
    }
    if visible < want {
        return vec![Reason::Capped {
            limit: visible,
            operands: ex.visibility_operands(s, want),
        }];
    }
    Vec::new()
}

fn too_high(ex: &mut Explainer<'_, '_>, s: SymbolId, want: Tristate) -> Vec<Reason> {
    let mut out = Vec::new();
    if let Some(choice) = choice_menu(ex.ev, s) {
        return vec![Reason::ChoiceNeedsOne { choice }];
    }
    let floor = ex.ev.state(s).rev_dep;
    if floor > want {
        let by = ex
            .links(s, PropKind::Select)
            .into_iter()
            .filter(|l| l.value > want)
            .collect();
        out.push(Reason::Selected { floor, by });
    }
    let visible = ex.ev.state(s).visible;
    if out.is_empty() && visible == Tristate::No {
        out = hidden_default(ex, s);
    }
    out
}

/// A symbol whose prompts are all hidden takes its default: the
/// conditions that hide each prompt (`if SMP && !MAXSMP`: MAXSMP (=y)),
/// then the default, so the reason names what would change it.
fn hidden_default(ex: &mut Explainer<'_, '_>, s: SymbolId) -> Vec<Reason> {
    let prompts = ex.hidden_prompts(s);
    let mut out = Vec::new();
    if !prompts.is_empty() {
        out.push(Reason::Invisible { prompts });
    }
    out.push(Reason::DefaultOnly {
        prop: ex.ev.state(s).default_used,
    });
    out
}

fn text_blockers(ev: &mut Evaluation<'_>, s: SymbolId, requested: &str) -> Vec<Reason> {
    let model = ev.model;
    let ty = model.sym(s).ty;
    let requested = if ty == SymbolType::String {
        requested
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .unwrap_or(requested)
            .to_string()
    } else {
        requested.to_string()
    };
    if !string_valid(ty, &requested) {
        return vec![Reason::Type { ty }];
    }
    if ev.string_value(s) == requested {
        return Vec::new();
    }
    if ev.state(s).visible == Tristate::No {
        return hidden_default(&mut Explainer::new(ev), s);
    }
    if let Some((p, _)) = ev.first_active(s, PropKind::Range) {
        let (low, high) = model.prop(p).range.expect("range has bounds");
        return vec![Reason::Range { prop: p, low, high }];
    }
    Vec::new()
}

/// The symbols whose `default` names the transitional `s`.
pub(super) fn transitional_successors(model: &crate::model::Model, s: SymbolId) -> Vec<SymbolId> {
    let mut out: Vec<SymbolId> = model
        .defined_symbols()
        .filter(|&t| t != s)
        .filter(|&t| {
            model.props_of(t, PropKind::Default).any(|p| {
                model.prop(p).expr.is_some_and(
                    |e| matches!(model.exprs.get(e), crate::model::expr::Expr::Symbol(x) if x == s),
                )
            })
        })
        .collect();
    out.dedup();
    out
}

fn choice_menu(ev: &Evaluation<'_>, s: SymbolId) -> Option<MenuId> {
    let sym = ev.model.sym(s);
    match ev.model.semantics {
        Semantics::Modern => sym.choice_menu,
        Semantics::Legacy => sym.choice_block,
    }
}

fn chosen(ev: &mut Evaluation<'_>, choice: MenuId) -> Option<SymbolId> {
    let model = ev.model;
    let csym = model.menu(choice).sym?;
    model
        .sym(csym)
        .members
        .clone()
        .into_iter()
        .find(|&m| ev.tristate(m) == Tristate::Yes)
}
