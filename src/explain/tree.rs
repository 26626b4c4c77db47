//! Following a reason down to its root cause: the explanations of the
//! symbols a [`Reason`](super::Reason) names, recursively, each symbol explained
//! once (a shared cause is one entry that renderers number), with a bound on
//! depth and on the number of symbols so that a real tree's long select
//! chains cannot blow up the output.

use super::{Explainer, Explanation, Operand, Question};
use crate::model::{Expr, PropKind, SymbolId};
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
                for r in &ex.reasons {
                    next.extend(r.symbols(self.ev.model, Question::Why));
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
