//! Reasons about where a value came from: a config line, a `default`, a
//! choice, a `range`, the symbol's type, modules being off.

use super::{Kind, ReasonNode, Reasons};
use crate::eval::{Origin, Tristate};
use crate::model::{MenuId, PropId, PropKind, SymbolId};
use crate::report::expr;

impl Reasons<'_, '_> {
    /// `set to V by FILE:LINE`, or that the line is ignored.
    pub(super) fn user(
        &self,
        s: SymbolId,
        origin: &Origin,
        requested: &str,
        ignored: bool,
    ) -> ReasonNode {
        let requested = self.user_value(s, requested);
        let node = if ignored {
            ReasonNode::new(
                Kind::UserIgnored,
                format!(
                    "{requested} from {} is ignored: no visible prompt",
                    place(origin)
                ),
            )
        } else {
            ReasonNode::new(
                Kind::User,
                format!("set to {requested} by {}", place(origin)),
            )
        };
        node.at_origin(origin)
    }

    /// A user value as a config line writes it: strings quoted.
    fn user_value(&self, s: SymbolId, v: &str) -> String {
        match self.model().sym(s).ty {
            crate::model::SymbolType::String => format!("\"{v}\""),
            _ => v.to_string(),
        }
    }

    /// The default that gave the value, with the symbols it names followed.
    pub(super) fn default_line(&mut self, p: PropId, cond: Tristate, value: &str) -> ReasonNode {
        let model = self.model();
        let prop = model.prop(p);
        let mut text = default_text(model, p, None);
        text.push_str(&format!(" (={value})"));
        // The condition has the `depends on` folded in: a default of `y`
        // under a dependency of `m` gives `m`.
        if cond != Tristate::Yes && model.sym(prop.sym.unwrap_or(SymbolId::NO)).ty.is_logical() {
            text.push_str(&format!(", limited to {cond} by its condition"));
        }
        let children = self.default_children(p, cond);
        ReasonNode::new(Kind::Default, text)
            .at_loc(model, prop.loc)
            .with(children)
    }

    /// The symbols a default's expression names, or the operands of its
    /// condition when it names none and the condition limits it.
    fn default_children(&mut self, p: PropId, cond: Tristate) -> Vec<ReasonNode> {
        let model = self.model();
        let prop = model.prop(p);
        let mut follow = Vec::new();
        if let Some(e) = prop.expr {
            model.exprs.symbols(e, &mut follow);
        }
        follow.retain(|s| s.0 > 2 && !model.sym(*s).is_const);
        let mut children: Vec<ReasonNode> = follow
            .into_iter()
            .map(|d| self.symbol_line(Kind::Operand, d))
            .collect();
        if children.is_empty() && cond != Tristate::Yes {
            if let Some(v) = prop.visible {
                let ops = self.ex.all_operands(v);
                children = self.operand_lines(&ops, &ops);
            }
        }
        children
    }

    /// A default as a leaf: its expression, condition and the condition's value.
    pub(crate) fn default_leaf(&mut self, p: PropId) -> ReasonNode {
        let model = self.model();
        let cond = model.prop(p).cond_written.map(|c| self.ex.ev.eval(c));
        let text = default_text(model, p, cond);
        ReasonNode::new(Kind::Default, text).at_loc(model, model.prop(p).loc)
    }

    /// Every default, none of which applies.
    pub(super) fn no_default(&mut self, s: SymbolId) -> ReasonNode {
        let defaults: Vec<PropId> = self.model().props_of(s, PropKind::Default).collect();
        let children = defaults.into_iter().map(|p| self.default_leaf(p)).collect();
        ReasonNode::new(Kind::NoDefault, "no default applies").with(children)
    }

    /// An invisible symbol's value comes from its default.
    pub(super) fn default_only(&mut self, s: SymbolId, prop: Option<PropId>) -> ReasonNode {
        let name = self.model().name(s);
        let children = prop.map(|p| self.default_leaf(p)).into_iter().collect();
        ReasonNode::new(
            Kind::DefaultOnly,
            format!("{name} is not visible: only its default sets it"),
        )
        .with(children)
    }

    /// Why: the member the choice picked. Why not: another member is picked.
    pub(super) fn choice(
        &mut self,
        s: SymbolId,
        choice: MenuId,
        chosen: Option<SymbolId>,
        why: bool,
    ) -> ReasonNode {
        let model = self.model();
        let node = match (why, chosen) {
            (false, _) => return self.choice_other(choice, chosen),
            (true, Some(m)) if m == s => ReasonNode::new(Kind::Choice, "the choice selected it"),
            (true, Some(m)) => {
                let v = self.ex.ev.string_value(m);
                ReasonNode::new(
                    Kind::Choice,
                    format!("the choice selected {} (={v})", model.name(m)),
                )
                .about(model, m, v)
            }
            (true, None) => ReasonNode::new(Kind::Choice, "the choice has no member set"),
        };
        node.at_loc(model, model.menu(choice).loc)
    }

    fn choice_other(&mut self, choice: MenuId, chosen: Option<SymbolId>) -> ReasonNode {
        let model = self.model();
        let node = match chosen {
            Some(c) => self.symbol_line(Kind::ChoiceOther, c),
            None => ReasonNode::new(Kind::ChoiceOther, "no member"),
        };
        let text = format!("another member of its choice is selected: {}", node.text);
        node.retitled(text).at_loc(model, model.menu(choice).loc)
    }

    pub(super) fn choice_needs_one(&self, choice: MenuId) -> ReasonNode {
        let model = self.model();
        ReasonNode::new(
            Kind::ChoiceNeedsOne,
            "a choice always has one member set to y",
        )
        .at_loc(model, model.menu(choice).loc)
    }

    /// Why: `m` rounds up to `y`. Why not: `m` is impossible.
    pub(super) fn modules_off(&mut self, modules: SymbolId, why: bool) -> ReasonNode {
        let model = self.model();
        if !why {
            let node = self.symbol_line(Kind::ModulesOff, modules);
            let text = format!("m is impossible while modules are off: {}", node.text);
            return node.retitled(text);
        }
        let text = if modules.0 > 2 {
            format!("m rounds up to y: {}=n", model.name(modules))
        } else {
            "m rounds up to y".into()
        };
        ReasonNode::new(Kind::ModulesOff, text)
    }

    pub(super) fn range(&mut self, prop: PropId, low: SymbolId, high: SymbolId) -> ReasonNode {
        let model = self.model();
        let (l, h) = (self.ex.ev.string_value(low), self.ex.ev.string_value(high));
        ReasonNode::new(Kind::Range, format!("outside its range {l}..{h}"))
            .at_loc(model, model.prop(prop).loc)
    }
}

/// `default EXPR [if COND [(=v)]]`, with the condition's value when given.
fn default_text(model: &crate::Model, p: PropId, cond: Option<Tristate>) -> String {
    let prop = model.prop(p);
    let mut text = format!(
        "default {}",
        prop.expr.map(|e| expr::text(model, e)).unwrap_or_default()
    );
    if let Some(c) = prop.cond_written {
        text.push_str(&format!(" if {}", expr::text(model, c)));
        if let Some(v) = cond {
            text.push_str(&format!(" (={v})"));
        }
    }
    text
}

/// `file:line`, or a batch mode's name for the values it gave (line 0).
fn place(origin: &Origin) -> String {
    if origin.line == 0 {
        origin.file.to_string()
    } else {
        format!("{}:{}", origin.file, origin.line)
    }
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
