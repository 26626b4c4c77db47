//! Reasons on one line, for the summaries of `solve` (a conflict, a value
//! it changed) and `localmodconfig --builtin`: the same [`Reason`]s the
//! trees of `check` and `why` print, worded short.

use crate::eval::Tristate;
use crate::explain::{Explanation, Link, Operand, Question, Reason};
use crate::model::{Model, PropKind, SymbolId};
use crate::report::expr;

/// At most this many selectors are named; the rest are counted.
const MAX_LINKS: usize = 6;

fn operands(model: &Model, ops: &[Operand]) -> String {
    let parts: Vec<String> = ops
        .iter()
        .map(|o| format!("{} (={})", expr::terse(model, o.expr), o.value))
        .collect();
    parts.join(", ")
}

fn links(model: &Model, l: &[Link]) -> String {
    let mut parts: Vec<String> = l
        .iter()
        .take(MAX_LINKS)
        .map(|l| {
            let loc = model.prop(l.prop).loc;
            format!(
                "{} (={}, {}:{})",
                model.name(l.sym),
                l.sym_value,
                model.file_name(loc.file),
                loc.line
            )
        })
        .collect();
    if l.len() > MAX_LINKS {
        parts.push(format!("and {} more", l.len() - MAX_LINKS));
    }
    parts.join(", ")
}

/// The operands hiding every prompt, in one list.
fn hidden_by(prompts: &[(crate::model::PropId, Vec<Operand>)]) -> Vec<Operand> {
    prompts
        .iter()
        .flat_map(|(_, o)| o.iter().cloned())
        .collect()
}

/// The strongest of some links; none when the strongest is `n`.
fn strongest(by: &[Link]) -> Option<Vec<Link>> {
    let top = by.iter().map(|l| l.value).max().unwrap_or(Tristate::No);
    let on: Vec<Link> = by
        .iter()
        .filter(|l| l.value == top && top != Tristate::No)
        .cloned()
        .collect();
    (!on.is_empty()).then_some(on)
}

/// Why `s` cannot have the value it was asked for.
pub fn blocker(model: &Model, s: SymbolId, b: &Reason) -> String {
    line(model, s, b, Question::WhyNot("")).unwrap_or_default()
}

/// The main reason for a value that changed on its own.
pub fn cause(model: &Model, ex: &Explanation) -> String {
    let mut parts: Vec<String> = ex
        .reasons
        .iter()
        .filter_map(|r| line(model, ex.sym, r, Question::Why))
        .collect();
    if model.props_of(ex.sym, PropKind::Prompt).next().is_none() && parts.is_empty() {
        parts.push("no prompt".to_string());
    }
    parts.join("; ")
}

/// One reason of `s` on a line. Why leaves out what does not set the
/// value (an ignored line, an inactive selector); why not always says
/// something.
fn line(model: &Model, s: SymbolId, r: &Reason, q: Question<'_>) -> Option<String> {
    let name = model.name(s);
    let why = q == Question::Why;
    Some(match r {
        Reason::UserIgnored { .. }
        | Reason::NoDefault
        | Reason::NotSelected { .. }
        | Reason::NoPrompt
        | Reason::ModulesOff { .. }
            if why =>
        {
            return None
        }
        Reason::User { origin, requested } => {
            format!("{requested} at {}:{}", origin.file, origin.line)
        }
        Reason::UserIgnored { origin, requested } => {
            format!("{requested} at {}:{} is ignored", origin.file, origin.line)
        }
        Reason::NoDefault => format!("{name} has no default that applies"),
        Reason::NotSelected { by } => {
            format!("{name} has no active selector: {}", links(model, by))
        }
        Reason::NoPrompt => format!("{name} has no prompt"),
        Reason::ModulesOff { modules } => {
            format!("{name}=m needs {}, which is n", model.name(*modules))
        }
        Reason::Default { prop, cond, .. } => default(model, *prop, *cond),
        Reason::Selected { floor, by } => selected(model, name, *floor, by, why),
        Reason::ImpliedBy { by } => format!("implied by {}", links(model, &strongest(by)?)),
        Reason::Capped { limit, operands: o } => {
            let text = format!("capped at {limit} by {}", operands(model, o));
            named(name, "is ", text, why)
        }
        Reason::Invisible { prompts } => {
            let ops = operands(model, &hidden_by(prompts));
            if why {
                format!("hidden: needs {ops}")
            } else {
                format!("{name} is hidden: its prompt needs {ops}")
            }
        }
        Reason::Promptless { selectors, .. } => promptless(model, name, selectors),
        Reason::Choice { chosen, .. } => choice(model, name, *chosen, why)?,
        Reason::ChoiceNeedsOne { .. } => {
            format!("{name} is the choice's only possible member: a choice has one member y")
        }
        Reason::Type { ty } => format!("not a valid value for {name} ({})", ty.name()),
        Reason::Range { low, high, .. } => {
            let (low, high) = (model.name(*low), model.name(*high));
            format!("{name} must stay within {low}..{high}")
        }
        Reason::DefaultOnly { .. } => format!("{name} has no visible prompt: its default sets it"),
        Reason::Transitional { successors } => {
            super::values::transitional_text(model, name, successors)
        }
    })
}

/// Why not names the symbol first: `NAME is capped at m by ...`.
fn named(name: &str, verb: &str, text: String, why: bool) -> String {
    if why {
        text
    } else {
        format!("{name} {verb}{text}")
    }
}

/// `default X [if C] (=c, file:line)`.
fn default(model: &Model, prop: crate::model::PropId, cond: Tristate) -> String {
    let p = model.prop(prop);
    let what = p.expr.map(|e| expr::terse(model, e)).unwrap_or_default();
    let at = format!("{}:{}", model.file_name(p.loc.file), p.loc.line);
    match p.cond_written {
        Some(c) => format!(
            "default {what} if {} (={cond}, {at})",
            expr::terse(model, c)
        ),
        None => format!("default {what} ({at})"),
    }
}

/// Why: the strongest selectors. Why not: the ones above the value asked for.
fn selected(model: &Model, name: &str, floor: Tristate, by: &[Link], why: bool) -> String {
    if why {
        let top = by.iter().map(|l| l.value).max().unwrap_or(Tristate::No);
        let on: Vec<Link> = by.iter().filter(|l| l.value == top).cloned().collect();
        return format!("selected by {}", links(model, &on));
    }
    format!(
        "{name} is forced to at least {floor} by select from {}",
        links(model, by)
    )
}

fn promptless(model: &Model, name: &str, selectors: &[Link]) -> String {
    match selectors {
        [] => format!("{name} has no prompt and nothing selects it: only its default sets it"),
        _ => format!(
            "{name} has no prompt: only a select raises it; selected by {}",
            links(model, selectors)
        ),
    }
}

/// Why: the member picked (nothing when none is). Why not: that another is.
fn choice(model: &Model, name: &str, chosen: Option<SymbolId>, why: bool) -> Option<String> {
    Some(match (chosen, why) {
        (Some(c), true) => format!("choice picks {}", model.name(c)),
        (None, true) => return None,
        (Some(c), false) => format!(
            "{name} is a choice member and the choice picks {}",
            model.name(c)
        ),
        (None, false) => format!("{name} is a choice member and the choice picks nothing"),
    })
}

/// Every blocker of `s` on one line, `; `-separated (solve's answers).
pub fn blockers(model: &Model, s: SymbolId, bs: &[Reason]) -> String {
    let why: Vec<String> = bs.iter().map(|b| blocker(model, s, b)).collect();
    why.join("; ")
}
