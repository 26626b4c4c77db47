//! One-line text for the solver's reasons (blockers, causes), as `solve`
//! prints them after each line of its answer; `check` and `why` print the
//! full reason trees of [`crate::report::reason`].

use crate::eval::Tristate;
use crate::explain::{Blocker, Cause, Explanation, Link, Operand};
use crate::model::expr::cmp_op_text as cmp_text;
use crate::model::{Expr, ExprId, Model, PropKind, SymbolId};

/// An expression as Kconfig writes it.
fn expr(model: &Model, e: ExprId) -> String {
    match model.exprs.get(e) {
        Expr::Symbol(s) => model.name(s).to_string(),
        Expr::Cmp(op, a, b) => format!("{}{}{}", model.name(a), cmp_text(op), model.name(b)),
        Expr::Not(a) => match model.exprs.get(a) {
            Expr::Symbol(_) => format!("!{}", expr(model, a)),
            _ => format!("!({})", expr(model, a)),
        },
        Expr::And(a, b) => format!("{} && {}", operand(model, a, true), operand(model, b, true)),
        Expr::Or(a, b) => format!(
            "{} || {}",
            operand(model, a, false),
            operand(model, b, false)
        ),
    }
}

fn operand(model: &Model, e: ExprId, in_and: bool) -> String {
    match (model.exprs.get(e), in_and) {
        (Expr::Or(..), true) => format!("({})", expr(model, e)),
        _ => expr(model, e),
    }
}

fn operands(model: &Model, ops: &[Operand]) -> String {
    let parts: Vec<String> = ops
        .iter()
        .map(|o| format!("{} (={})", expr(model, o.expr), o.value))
        .collect();
    parts.join(", ")
}

/// At most this many selectors are named; the rest are counted.
const MAX_LINKS: usize = 6;

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

/// Why `s` cannot have the value it was asked for.
pub(super) fn blocker(model: &Model, s: SymbolId, b: &Blocker) -> String {
    let name = model.name(s);
    match b {
        Blocker::Promptless { selectors, .. } if selectors.is_empty() => {
            format!("{name} has no prompt and nothing selects it: only its default sets it")
        }
        Blocker::Promptless { selectors, .. } => {
            format!(
                "{name} has no prompt: only a select raises it; selected by {}",
                links(model, selectors)
            )
        }
        Blocker::Invisible { prompts } => {
            let ops: Vec<Operand> = prompts
                .iter()
                .flat_map(|(_, o)| o.iter().cloned())
                .collect();
            format!(
                "{name} is hidden: its prompt needs {}",
                operands(model, &ops)
            )
        }
        Blocker::Capped {
            limit,
            operands: ops,
        } => format!("{name} is capped at {limit} by {}", operands(model, ops)),
        Blocker::Selected { floor, by } => format!(
            "{name} is forced to at least {floor} by select from {}",
            links(model, by)
        ),
        Blocker::ChoiceOther { chosen, .. } => match chosen {
            Some(c) => format!(
                "{name} is a choice member and the choice picks {}",
                model.name(*c)
            ),
            None => format!("{name} is a choice member and the choice picks nothing"),
        },
        Blocker::ChoiceNeedsOne { .. } => {
            format!("{name} is the choice's only possible member: a choice has one member y")
        }
        Blocker::Type { ty } => format!("not a valid value for {name} ({})", ty.name()),
        Blocker::ModulesOff { modules } => {
            format!("{name}=m needs {}, which is n", model.name(*modules))
        }
        Blocker::Range { low, high, .. } => {
            format!(
                "{name} must stay within {}..{}",
                model.name(*low),
                model.name(*high)
            )
        }
        Blocker::DefaultOnly { .. } => format!("{name} has no visible prompt: its default sets it"),
        Blocker::Transitional { successors } => {
            crate::report::reason::blocker::transitional_text(model, name, successors)
        }
    }
}

/// The main reason for a value that changed on its own.
pub(super) fn cause(model: &Model, ex: &Explanation) -> String {
    let mut parts = Vec::new();
    for c in &ex.causes {
        match c {
            Cause::SelectedBy { by, .. } => {
                let top = by.iter().map(|l| l.value).max().unwrap_or(Tristate::No);
                let on: Vec<Link> = by.iter().filter(|l| l.value == top).cloned().collect();
                parts.push(format!("selected by {}", links(model, &on)));
            }
            Cause::ImpliedBy { by } => {
                let top = by.iter().map(|l| l.value).max().unwrap_or(Tristate::No);
                let on: Vec<Link> = by
                    .iter()
                    .filter(|l| l.value == top && top != Tristate::No)
                    .cloned()
                    .collect();
                if on.is_empty() {
                    continue;
                }
                parts.push(format!("implied by {}", links(model, &on)));
            }
            Cause::Default { prop, cond, .. } => {
                let p = model.prop(*prop);
                let what = p.expr.map(|e| expr(model, e)).unwrap_or_default();
                let at = format!("{}:{}", model.file_name(p.loc.file), p.loc.line);
                match p.cond_written {
                    Some(c) => parts.push(format!(
                        "default {what} if {} (={cond}, {at})",
                        expr(model, c)
                    )),
                    None => parts.push(format!("default {what} ({at})")),
                }
            }
            Cause::Capped {
                limit,
                operands: ops,
            } => parts.push(format!("capped at {limit} by {}", operands(model, ops))),
            Cause::Invisible { prompts } => {
                let ops: Vec<Operand> = prompts
                    .iter()
                    .flat_map(|(_, o)| o.iter().cloned())
                    .collect();
                parts.push(format!("hidden: needs {}", operands(model, &ops)));
            }
            Cause::Choice {
                chosen: Some(c), ..
            } => parts.push(format!("choice picks {}", model.name(*c))),
            Cause::User { origin, requested } => {
                parts.push(format!("{requested} at {}:{}", origin.file, origin.line))
            }
            _ => {}
        }
    }
    if model.props_of(ex.sym, PropKind::Prompt).next().is_none() && parts.is_empty() {
        parts.push("no prompt".to_string());
    }
    parts.join("; ")
}

/// Every blocker of `s`, `; `-separated.
pub(super) fn blockers(model: &Model, s: SymbolId, bs: &[Blocker]) -> String {
    let why: Vec<String> = bs.iter().map(|b| blocker(model, s, b)).collect();
    why.join("; ")
}
