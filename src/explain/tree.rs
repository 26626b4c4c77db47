//! Following a reason down to its root cause: the explanations of the
//! symbols a cause or a blocker names, recursively, each symbol explained
//! once (a shared cause is one entry that renderers number), with a bound on
//! depth and on the number of symbols so that a real tree's long select
//! chains cannot blow up the output.

use super::{Blocker, Cause, Explainer, Explanation, Operand};
use crate::model::{Expr, Model, PropKind, SymbolId};
use rustc_hash::FxHashMap;

/// How far to follow causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Levels of symbols below the root.
    pub depth: usize,
    /// Symbols explained in all.
    pub symbols: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            depth: 8,
            symbols: 64,
        }
    }
}

/// The explanations of every symbol reached from some roots.
#[derive(Clone, Debug, Default)]
pub struct Expansion {
    /// Explained symbols, in the order they were reached (breadth first).
    pub order: Vec<SymbolId>,
    pub explanations: FxHashMap<SymbolId, Explanation>,
    /// Symbols named by a cause but left unexplained because a limit was hit.
    pub cut: Vec<SymbolId>,
}

impl Expansion {
    pub fn get(&self, s: SymbolId) -> Option<&Explanation> {
        self.explanations.get(&s)
    }
}

impl Explainer<'_, '_> {
    /// Explain `roots` and, breadth first, every symbol their causes name.
    pub fn expand(&mut self, roots: &[SymbolId], limits: Limits) -> Expansion {
        let mut out = Expansion::default();
        let mut level: Vec<SymbolId> = roots.to_vec();
        for depth in 0..=limits.depth {
            let mut next = Vec::new();
            for s in level {
                if out.explanations.contains_key(&s) {
                    continue;
                }
                if out.order.len() >= limits.symbols {
                    out.cut.push(s);
                    continue;
                }
                let ex = self.explain(s);
                for c in &ex.causes {
                    next.extend(cause_symbols(self.ev.model, c));
                }
                out.order.push(s);
                out.explanations.insert(s, ex);
            }
            if depth == limits.depth {
                out.cut.extend(
                    next.into_iter()
                        .filter(|s| !out.explanations.contains_key(s)),
                );
                break;
            }
            level = next;
        }
        out.cut.sort();
        out.cut.dedup();
        out
    }
}

/// The symbols whose values a cause depends on: the ones to explain next.
pub fn cause_symbols(model: &Model, cause: &Cause) -> Vec<SymbolId> {
    let mut out = Vec::new();
    match cause {
        Cause::Default { prop, .. } => {
            let p = model.prop(*prop);
            if let Some(e) = p.expr {
                model.exprs.symbols(e, &mut out);
            }
            out.retain(|s| s.0 > 2 && !model.sym(*s).is_const);
            if out.is_empty() {
                if let Some(v) = p.visible {
                    model.exprs.symbols(v, &mut out);
                }
            }
        }
        Cause::SelectedBy { by, .. } | Cause::ImpliedBy { by } => {
            out.extend(
                by.iter()
                    .filter(|l| l.value > crate::Tristate::No)
                    .map(|l| l.sym),
            );
        }
        Cause::NotSelected { by } => out.extend(by.iter().map(|l| l.sym)),
        Cause::Capped { operands, .. } => operand_symbols(model, operands, &mut out),
        Cause::Invisible { prompts } => {
            for (_, ops) in prompts {
                operand_symbols(model, ops, &mut out);
            }
        }
        _ => {}
    }
    out.retain(|s| s.0 > 2 && !model.sym(*s).is_const);
    out.dedup();
    out
}

/// The symbols a blocker names: whose values would have to change.
pub fn blocker_symbols(model: &Model, blocker: &Blocker) -> Vec<SymbolId> {
    let mut out = Vec::new();
    match blocker {
        Blocker::Promptless { selectors, .. } => out.extend(selectors.iter().map(|l| l.sym)),
        Blocker::Selected { by, .. } => out.extend(by.iter().map(|l| l.sym)),
        Blocker::Capped { operands, .. } => operand_symbols(model, operands, &mut out),
        Blocker::Invisible { prompts } => {
            for (_, ops) in prompts {
                operand_symbols(model, ops, &mut out);
            }
        }
        Blocker::ChoiceOther {
            chosen: Some(c), ..
        } => out.push(*c),
        Blocker::ModulesOff { modules } => out.push(*modules),
        _ => {}
    }
    out.retain(|s| s.0 > 2 && !model.sym(*s).is_const);
    out.dedup();
    out
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

impl Explainer<'_, '_> {
    /// Every `&&` operand of each prompt condition of `s`, with its value,
    /// as menuconfig's symbol info lists a `depends on`.
    pub fn prompt_operands(&mut self, s: SymbolId) -> Vec<(crate::model::PropId, Vec<Operand>)> {
        let model = self.ev.model;
        let prompts: Vec<_> = model.props_of(s, PropKind::Prompt).collect();
        prompts
            .into_iter()
            .map(|p| {
                let ops = model
                    .prop(p)
                    .visible
                    .map(|v| self.all_operands(v))
                    .unwrap_or_default();
                (p, ops)
            })
            .collect()
    }

    /// The `&&` operands of `e` with their values.
    pub fn all_operands(&mut self, e: crate::model::ExprId) -> Vec<Operand> {
        let model = self.ev.model;
        let mut ops = Vec::new();
        model.exprs.operands(e, true, &mut ops);
        ops.into_iter()
            .map(|op| {
                let value = self.ev.eval(op);
                let sym = match model.exprs.get(op) {
                    Expr::Symbol(x) if x.0 > 2 => Some(x),
                    _ => None,
                };
                Operand {
                    expr: op,
                    value,
                    sym,
                }
            })
            .collect()
    }
}
