//! Reasons about visibility: prompts hidden by their conditions, a value
//! capped by `depends on`, each operand on its own line with its value as
//! menuconfig's symbol info lists them.

use super::{Kind, ReasonNode, Reasons};
use crate::eval::Tristate;
use crate::explain::Operand;
use crate::model::{PropId, SymbolId};
use crate::report::expr;

impl Reasons<'_, '_> {
    /// Capped at `limit`; why not names the symbol in the first line.
    pub(super) fn capped_reason(
        &mut self,
        s: SymbolId,
        limit: Tristate,
        operands: &[Operand],
        why: bool,
    ) -> ReasonNode {
        let node = self.capped(s, limit, operands);
        if why {
            return node;
        }
        let name = self.model().name(s);
        node.retitled(format!("{name} is capped at {limit} by its dependencies"))
    }

    /// Not visible; why not names the symbol in the first line.
    pub(super) fn invisible_reason(
        &mut self,
        s: SymbolId,
        prompts: &[(PropId, Vec<Operand>)],
        why: bool,
    ) -> ReasonNode {
        let node = self.invisible(prompts);
        if why {
            return node;
        }
        let name = self.model().name(s);
        node.retitled(format!("{name} is not visible: its prompt is hidden by"))
    }

    fn capped(&mut self, s: SymbolId, limit: Tristate, limiting: &[Operand]) -> ReasonNode {
        let model = self.model();
        let prompts = self.ex.prompt_operands(s);
        let mut children = Vec::new();
        let mut loc = None;
        for (p, ops) in &prompts {
            if ops
                .iter()
                .any(|o| limiting.iter().any(|l| l.expr == o.expr))
            {
                loc.get_or_insert(model.prop(*p).loc);
                children.extend(self.operand_lines(ops, limiting));
            }
        }
        let node = ReasonNode::new(
            Kind::Capped,
            format!("capped at {limit} by its dependencies"),
        )
        .with(children);
        match loc {
            Some(l) => node.at_loc(model, l),
            None => node,
        }
    }

    fn invisible(&mut self, prompts: &[(PropId, Vec<Operand>)]) -> ReasonNode {
        let model = self.model();
        let mut children = Vec::new();
        for (p, ops) in prompts {
            let lines = self.operand_lines(ops, ops);
            children.push(
                ReasonNode::new(Kind::Prompt, "its prompt is hidden by")
                    .at_loc(model, model.prop(*p).loc)
                    .with(lines),
            );
        }
        if children.len() == 1 {
            let only = children.pop().expect("one prompt");
            return ReasonNode {
                kind: Kind::Invisible,
                text: "not visible: its prompt is hidden by".into(),
                ..only
            };
        }
        ReasonNode::new(Kind::Invisible, "not visible").with(children)
    }

    /// Each operand on its own line with its value; the limiting ones
    /// followed to their causes.
    pub(crate) fn operand_lines(
        &mut self,
        ops: &[Operand],
        limiting: &[Operand],
    ) -> Vec<ReasonNode> {
        let model = self.model();
        let mut out = Vec::new();
        for op in ops {
            let limits = limiting.iter().any(|l| l.expr == op.expr);
            let text = format!("{} (={})", expr::text(model, op.expr), op.value);
            let node = ReasonNode::new(Kind::Operand, text);
            out.push(match (limits, op.sym) {
                (true, Some(s)) => self.follow(s, node),
                (true, None) => {
                    let mut syms = Vec::new();
                    crate::explain::operand_symbols(model, std::slice::from_ref(op), &mut syms);
                    syms.retain(|s| s.0 > 2 && !model.sym(*s).is_const);
                    let children = syms
                        .into_iter()
                        .map(|s| self.symbol_line(Kind::Operand, s))
                        .collect();
                    node.with(children)
                }
                (false, _) => node,
            });
        }
        out
    }
}
