//! One line (and its sub-lines) per [`Blocker`]: what keeps a symbol from
//! the value asked for.

use super::{ReasonNode, Reasons};
use crate::explain::{Blocker, Cause, Link};
use crate::model::{MenuId, PropId, SymbolId};

impl Reasons<'_, '_> {
    pub(crate) fn blocker(&mut self, s: SymbolId, requested: &str, b: &Blocker) -> ReasonNode {
        let model = self.model();
        let name = model.name(s);
        match b {
            Blocker::Promptless { selectors, default } => {
                self.promptless(name, selectors, *default)
            }
            Blocker::Invisible { prompts } => {
                let cause = Cause::Invisible {
                    prompts: prompts.clone(),
                };
                retitled(
                    self.cause(s, &cause),
                    format!("{name} is not visible: its prompt is hidden by"),
                )
            }
            Blocker::Capped { limit, operands } => {
                let cause = Cause::Capped {
                    limit: *limit,
                    operands: operands.clone(),
                };
                retitled(
                    self.cause(s, &cause),
                    format!("{name} is capped at {limit} by its dependencies"),
                )
            }
            Blocker::Selected { floor, by } => {
                let verb = format!("{name} cannot go below {floor}: selected");
                let mut node = self.links_by_value("select", &verb, by, true);
                node.kind = "selected";
                node
            }
            Blocker::ChoiceOther { choice, chosen } => self.choice_other(*choice, *chosen),
            Blocker::ChoiceNeedsOne { choice } => ReasonNode::new(
                "choice-needs-one",
                "a choice always has one member set to y",
            )
            .at_loc(model, model.menu(*choice).loc),
            Blocker::Type { ty } => ReasonNode::new(
                "type",
                format!("{requested} is not a valid {} value", ty.name()),
            ),
            Blocker::ModulesOff { modules } => {
                let node = self.symbol_line("modules-off", *modules);
                let text = format!("m is impossible while modules are off: {}", node.text);
                retitled(node, text)
            }
            Blocker::Range { prop, low, high } => {
                let (l, h) = (
                    self.ex.ev.string_value(*low),
                    self.ex.ev.string_value(*high),
                );
                ReasonNode::new("range", format!("outside its range {l}..{h}"))
                    .at_loc(model, model.prop(*prop).loc)
            }
            Blocker::DefaultOnly { prop } => {
                let children = prop.map(|p| self.default_leaf(p)).into_iter().collect();
                ReasonNode::new(
                    "default-only",
                    format!("{name} is not visible: only its default sets it"),
                )
                .with(children)
            }
            Blocker::Transitional { successors } => {
                ReasonNode::new("transitional", transitional_text(model, name, successors))
            }
        }
    }

    fn promptless(
        &mut self,
        name: &str,
        selectors: &[Link],
        default: Option<PropId>,
    ) -> ReasonNode {
        let mut children: Vec<ReasonNode> = selectors
            .iter()
            .map(|l| self.link_line("select", l))
            .collect();
        children.extend(default.map(|p| self.default_leaf(p)));
        let text = match selectors.len() {
            0 => format!("{name} has no prompt and nothing selects it: only its default sets it"),
            1 => format!(
                "{name} has no prompt, so only `select` and `default` set it; its only selector:"
            ),
            n => format!(
                "{name} has no prompt, so only `select` and `default` set it; its {n} selectors:"
            ),
        };
        ReasonNode::new("promptless", text).with(children)
    }

    fn choice_other(&mut self, choice: MenuId, chosen: Option<SymbolId>) -> ReasonNode {
        let model = self.model();
        let node = match chosen {
            Some(c) => self.symbol_line("choice-other", c),
            None => ReasonNode::new("choice-other", "no member"),
        };
        let text = format!("another member of its choice is selected: {}", node.text);
        retitled(node, text).at_loc(model, model.menu(choice).loc)
    }
}

/// The same node under another first line.
fn retitled(node: ReasonNode, text: String) -> ReasonNode {
    ReasonNode { text, ..node }
}

/// `X is the old name of Y`: the line is read, its value carried to Y,
/// and never written back.
pub(crate) fn transitional_text(
    model: &crate::Model,
    name: &str,
    successors: &[crate::SymbolId],
) -> String {
    let names: Vec<String> = successors
        .iter()
        .map(|&s| format!("CONFIG_{}", model.name(s)))
        .collect();
    match names.as_slice() {
        [] => format!("{name} is transitional: conf reads the line but never writes it"),
        _ => format!(
            "{name} is transitional, the old name of {}: conf carries the value there and never writes this line (rename it)",
            names.join(", ")
        ),
    }
}
