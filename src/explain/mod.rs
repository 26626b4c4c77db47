//! Explanations: why a symbol has its value, and what keeps it from another
//! one, as data read off an [`Evaluation`].
//!
//! The evaluator records, per symbol, the user value it took (with the
//! config line), the `default` that applied, and the values of its
//! visibility, `depends on`, `select` and `imply`. This module turns that
//! record into [`Reason`]s — never strings; the report layer prints them
//! afterwards. A reason names other symbols by [`SymbolId`];
//! [`Explainer::expand`] explains each of them once into an [`Expansion`]
//! keyed by id, so a shared cause is one node that renderers number and
//! refer to.

mod blockers;
mod reason;
mod tree;

pub use blockers::blockers;
pub use reason::{operand_symbols, Explanation, Link, Operand, Question, Reason, Value};
pub use tree::{Expansion, Limits};

use crate::eval::{Evaluation, Tristate};
use crate::model::{Expr, ExprId, MenuId, PropId, PropKind, Semantics, SymbolId};

/// Builds explanations from a finished evaluation.
pub struct Explainer<'e, 'm> {
    pub ev: &'e mut Evaluation<'m>,
}

impl<'e, 'm> Explainer<'e, 'm> {
    pub fn new(ev: &'e mut Evaluation<'m>) -> Self {
        Explainer { ev }
    }

    pub fn explain(&mut self, s: SymbolId) -> Explanation {
        let value = Value(self.ev.string_value(s));
        let model = self.ev.model;
        let st = self.ev.state(s).clone();
        let sym = model.sym(s);
        let mut causes = Vec::new();
        if !sym
            .props
            .iter()
            .any(|&p| model.prop(p).kind == PropKind::Prompt)
        {
            causes.push(Reason::NoPrompt);
        } else if st.visible == Tristate::No {
            causes.push(Reason::Invisible {
                prompts: self.hidden_prompts(s),
            });
        }
        if let Some(choice) = self.choice_of(s) {
            let chosen = self.chosen(choice);
            causes.push(Reason::Choice { choice, chosen });
            return Explanation {
                sym: s,
                value,
                reasons: causes,
            };
        }
        let user_applies = st.has_user && st.visible != Tristate::No;
        if let (true, Some(origin)) = (st.has_user, st.user_origin.clone()) {
            let requested = st
                .user_val
                .clone()
                .unwrap_or_else(|| st.user_tri.as_str().to_string());
            causes.push(if user_applies {
                Reason::User { origin, requested }
            } else {
                Reason::UserIgnored { origin, requested }
            });
        }
        if !user_applies {
            causes.push(match st.default_used {
                Some(p) => Reason::Default {
                    prop: p,
                    cond: self.ev.eval_opt(model.prop(p).visible),
                    value: self.default_value(p),
                },
                None => Reason::NoDefault,
            });
            let implied = self.links(s, PropKind::Imply);
            if !implied.is_empty() {
                causes.push(Reason::ImpliedBy { by: implied });
            }
        }
        if sym.ty.is_logical() {
            self.logical_causes(s, user_applies, &mut causes);
        }
        Explanation {
            sym: s,
            value,
            reasons: causes,
        }
    }

    fn logical_causes(&mut self, s: SymbolId, user_applies: bool, causes: &mut Vec<Reason>) {
        let st = self.ev.state(s).clone();
        if user_applies && st.visible < st.user_tri {
            let operands = self.visibility_operands(s, st.user_tri);
            causes.push(Reason::Capped {
                limit: st.visible,
                operands,
            });
        }
        if st.rev_dep != Tristate::No {
            causes.push(Reason::Selected {
                floor: st.rev_dep,
                by: self.links(s, PropKind::Select),
            });
        } else if causes.contains(&Reason::NoPrompt) {
            let by = self.links(s, PropKind::Select);
            if !by.is_empty() {
                causes.push(Reason::NotSelected { by });
            }
        }
        let modules_off = self.ev.effective_type(s) == crate::model::SymbolType::Bool;
        if modules_off
            && self.ev.model.sym(s).ty == crate::model::SymbolType::Tristate
            && st.curr.tri == Tristate::Yes
        {
            causes.push(Reason::ModulesOff {
                modules: self.ev.model.modules,
            });
        }
    }

    /// The value a default property's expression has now.
    fn default_value(&mut self, p: PropId) -> Value {
        let model = self.ev.model;
        let Some(e) = model.prop(p).expr else {
            return Value(String::new());
        };
        match model.exprs.get(e) {
            Expr::Symbol(d) if !model.sym(model.prop(p).sym.unwrap_or(d)).ty.is_logical() => {
                Value(self.ev.string_value(d))
            }
            _ => Value(self.ev.eval(e).as_str().to_string()),
        }
    }

    /// The selects (or implies) of `s` whose selector counts now, strongest
    /// first, then the inactive ones (value `n`).
    pub fn links(&mut self, s: SymbolId, kind: PropKind) -> Vec<Link> {
        let model = self.ev.model;
        let mut out = Vec::new();
        for &(selector, p) in model.selectors(s) {
            if model.prop(p).kind != kind {
                continue;
            }
            let sym_value = self.ev.tristate(selector);
            let cond = self.ev.eval_opt(model.prop(p).visible);
            out.push(Link {
                sym: selector,
                prop: p,
                value: sym_value.and(cond),
                sym_value,
            });
        }
        out.sort_by_key(|l| std::cmp::Reverse(l.value));
        out
    }

    /// Operands of the prompt conditions that keep the visibility below
    /// `wanted`.
    pub fn visibility_operands(&mut self, s: SymbolId, wanted: Tristate) -> Vec<Operand> {
        let model = self.ev.model;
        let mut out = Vec::new();
        for &p in &model.sym(s).props {
            if model.prop(p).kind != PropKind::Prompt {
                continue;
            }
            if let Some(v) = model.prop(p).visible {
                self.limiting_operands(v, wanted, &mut out);
            }
        }
        out
    }

    /// The `&&` operands of `e` whose value is below `wanted` (an `||` or
    /// a comparison is one operand).
    pub fn limiting_operands(&mut self, e: ExprId, wanted: Tristate, out: &mut Vec<Operand>) {
        let model = self.ev.model;
        let mut ops = Vec::new();
        model.exprs.operands(e, true, &mut ops);
        for op in ops {
            let value = self.ev.eval(op);
            if value >= wanted || out.iter().any(|o| o.expr == op) {
                continue;
            }
            let sym = match model.exprs.get(op) {
                Expr::Symbol(x) if x.0 > 2 => Some(x),
                _ => None,
            };
            out.push(Operand {
                expr: op,
                value,
                sym,
            });
        }
    }

    pub fn hidden_prompts(&mut self, s: SymbolId) -> Vec<(PropId, Vec<Operand>)> {
        let model = self.ev.model;
        let mut out = Vec::new();
        for &p in &model.sym(s).props {
            if model.prop(p).kind != PropKind::Prompt {
                continue;
            }
            let mut ops = Vec::new();
            if let Some(v) = model.prop(p).visible {
                self.limiting_operands(v, Tristate::Mod, &mut ops);
            }
            out.push((p, ops));
        }
        out
    }

    fn choice_of(&self, s: SymbolId) -> Option<MenuId> {
        let sym = self.ev.model.sym(s);
        match self.ev.model.semantics {
            Semantics::Modern => sym.choice_menu,
            Semantics::Legacy => sym
                .choice_block
                .filter(|_| self.ev.state(s).visible == Tristate::Yes),
        }
    }

    fn chosen(&mut self, choice: MenuId) -> Option<SymbolId> {
        let model = self.ev.model;
        let csym = model.menu(choice).sym?;
        let members = model.sym(csym).members.clone();
        members
            .into_iter()
            .find(|&m| self.ev.tristate(m) == Tristate::Yes)
    }
}
