//! The one reason type: why a symbol has its value (`ksolve why SYM`, a
//! collateral change, a value solve changed) and what keeps it from
//! another one (`ksolve check`, `why SYM=VALUE`, a conflict of `solve`, a
//! request `bump` loses, `localmodconfig --builtin`).
//!
//! The two questions share most of their answers — a prompt hidden by its
//! `depends on`, a visibility capped at `m`, a select that forces a floor,
//! the member a choice picked, modules off — so they are one enum, and a
//! renderer says which question it answers ([`Question`]). A reason names
//! the symbols it depends on by [`SymbolId`]; their own explanations are one
//! node each in an [`Expansion`](super::Expansion), referenced by id and
//! never copied, as pubgrub's derivation tree numbers shared causes.
//!
//! Renderers and consumers match every variant (no catch-all), so adding a
//! kind makes the compiler list each place that must handle it.

use crate::eval::{Origin, Tristate};
use crate::model::{Expr, ExprId, MenuId, Model, PropId, SymbolId, SymbolType};

/// A symbol's value, as the report layer shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value(pub String);

/// One operand of a dependency expression with its current value: the
/// `&&`/`||` operands of `depends on`, a prompt's condition, a select's
/// condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operand {
    pub expr: ExprId,
    pub value: Tristate,
    /// When the operand is a plain symbol, that symbol (its own explanation
    /// is the reason for its value).
    pub sym: Option<SymbolId>,
}

/// A symbol that selects or implies another, with what makes it count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub sym: SymbolId,
    pub prop: PropId,
    /// `SELECTOR && cond`: what the select contributes.
    pub value: Tristate,
    /// The selector's own value.
    pub sym_value: Tristate,
}

/// Which question a reason answers: it decides the wording and which of
/// the symbols a reason names are followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question<'a> {
    /// Why the symbol has its value.
    Why,
    /// What keeps the symbol from this value (as a config line writes it).
    WhyNot(&'a str),
}

/// Why a symbol has its value, or what keeps it from another one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The value of a config line was taken (possibly capped, see `Capped`).
    User { origin: Origin, requested: String },
    /// A config line was ignored because no prompt is visible.
    UserIgnored { origin: Origin, requested: String },
    /// A `default` gave the value; `cond` is the value of its condition.
    Default {
        prop: PropId,
        cond: Tristate,
        value: Value,
    },
    /// No `default` applied (every condition is `n`, or there is none).
    NoDefault,
    /// Held at least at `floor` by these selects: raised there (why), or
    /// kept from going below it (why not; only the selects above the
    /// value asked for).
    Selected { floor: Tristate, by: Vec<Link> },
    /// No prompt and no active selector: the selects that could raise it,
    /// each with its current (`n`) contribution.
    NotSelected { by: Vec<Link> },
    /// Raised by `imply` (only where no user value applies).
    ImpliedBy { by: Vec<Link> },
    /// Capped at `limit` by the symbol's visibility (its prompts'
    /// conditions, which include `depends on`); the operands that cap it.
    Capped {
        limit: Tristate,
        operands: Vec<Operand>,
    },
    /// No prompt is visible; with the conditions that hide each prompt.
    Invisible {
        prompts: Vec<(PropId, Vec<Operand>)>,
    },
    /// The symbol has no prompt at all: only defaults and selects set it.
    NoPrompt,
    /// No prompt, and no selector strong enough for the value asked for:
    /// every select with its current value, and the default that applies.
    Promptless {
        selectors: Vec<Link>,
        default: Option<PropId>,
    },
    /// A choice member: which member the choice picked (for why not:
    /// another one).
    Choice {
        choice: MenuId,
        chosen: Option<SymbolId>,
    },
    /// A choice always has one member `y`: the last visible one cannot be `n`.
    ChoiceNeedsOne { choice: MenuId },
    /// The value is not valid for the type (`m` for a bool, bad number).
    Type { ty: SymbolType },
    /// Modules are off (MODULES is `n`, or the symbol is `bool`): `m`
    /// became `y` (why), or `m` is impossible (why not).
    ModulesOff { modules: SymbolId },
    /// Outside the active `range`.
    Range {
        prop: PropId,
        low: SymbolId,
        high: SymbolId,
    },
    /// Invisible int/hex/string (or logical): the value comes from a default.
    DefaultOnly { prop: Option<PropId> },
    /// A `transitional` symbol (6.18+): conf reads its line and carries
    /// the value to the symbols whose default names it, but never writes
    /// it; the fragment line is to be renamed to one of `successors`.
    Transitional { successors: Vec<SymbolId> },
}

/// One symbol's explanation: its value and the reasons for it. The
/// symbols its reasons name have explanations of their own, keyed by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub sym: SymbolId,
    pub value: Value,
    pub reasons: Vec<Reason>,
}

impl Reason {
    /// The symbols this reason depends on, the ones to explain next: for
    /// why, those whose values gave this one; for why not, those whose
    /// values would have to change.
    pub fn symbols(&self, model: &Model, q: Question<'_>) -> Vec<SymbolId> {
        let why = q == Question::Why;
        let mut out = Vec::new();
        match self {
            Reason::Default { prop, .. } => default_symbols(model, *prop, &mut out),
            Reason::Selected { by, .. } | Reason::ImpliedBy { by } => {
                out.extend(by.iter().filter(|l| l.value > Tristate::No).map(|l| l.sym));
            }
            Reason::NotSelected { by } => out.extend(by.iter().map(|l| l.sym)),
            Reason::Promptless { selectors, .. } => out.extend(selectors.iter().map(|l| l.sym)),
            Reason::Capped { operands, .. } => operand_symbols(model, operands, &mut out),
            Reason::Invisible { prompts } => {
                for (_, ops) in prompts {
                    operand_symbols(model, ops, &mut out);
                }
            }
            // Why names the chosen member and MODULES without following
            // them; why not follows them, as what would have to change.
            Reason::Choice { chosen, .. } => out.extend(chosen.filter(|_| !why)),
            Reason::ModulesOff { modules } if !why => out.push(*modules),
            Reason::ModulesOff { .. }
            | Reason::User { .. }
            | Reason::UserIgnored { .. }
            | Reason::NoDefault
            | Reason::NoPrompt
            | Reason::ChoiceNeedsOne { .. }
            | Reason::Type { .. }
            | Reason::Range { .. }
            | Reason::DefaultOnly { .. }
            | Reason::Transitional { .. } => {}
        }
        out.retain(|s| s.0 > 2 && !model.sym(*s).is_const);
        out.dedup();
        out
    }
}

/// The symbols of a default's expression, or of its condition when the
/// expression names none (`default y if A`).
fn default_symbols(model: &Model, prop: PropId, out: &mut Vec<SymbolId>) {
    let p = model.prop(prop);
    if let Some(e) = p.expr {
        model.exprs.symbols(e, out);
    }
    out.retain(|s| s.0 > 2 && !model.sym(*s).is_const);
    if out.is_empty() {
        if let Some(v) = p.visible {
            model.exprs.symbols(v, out);
        }
    }
}

/// The symbols of operands: the symbol itself for a plain one, every
/// symbol in it for `!A`, `A || B` or a comparison.
pub fn operand_symbols(model: &Model, operands: &[Operand], out: &mut Vec<SymbolId>) {
    for op in operands {
        match (op.sym, model.exprs.get(op.expr)) {
            (Some(s), _) => out.push(s),
            (None, Expr::Symbol(_)) => {}
            (None, _) => model.exprs.symbols(op.expr, out),
        }
    }
}
