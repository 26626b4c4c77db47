//! One line (and its sub-lines) per [`Cause`]: where a value came from and
//! what caps it.

use super::{ReasonNode, Reasons};
use crate::eval::Tristate;
use crate::explain::{Cause, Link, Operand};
use crate::model::{PropId, PropKind, SymbolId};
use crate::report::expr;

impl Reasons<'_, '_> {
    pub(crate) fn cause(&mut self, s: SymbolId, c: &Cause) -> ReasonNode {
        let model = self.model();
        match c {
            Cause::User { origin, requested } => {
                let requested = self.user_value(s, requested);
                ReasonNode::new("user", format!("set to {requested} by {}", place(origin)))
                    .at_origin(origin)
            }
            Cause::UserIgnored { origin, requested } => {
                let requested = self.user_value(s, requested);
                ReasonNode::new(
                    "user-ignored",
                    format!(
                        "{requested} from {} is ignored: no visible prompt",
                        place(origin)
                    ),
                )
                .at_origin(origin)
            }
            Cause::Default { prop, cond, value } => self.default_line(*prop, *cond, &value.0),
            Cause::NoDefault => {
                let defaults: Vec<PropId> = model.props_of(s, PropKind::Default).collect();
                let children = defaults.into_iter().map(|p| self.default_leaf(p)).collect();
                ReasonNode::new("no-default", "no default applies").with(children)
            }
            Cause::SelectedBy { by, .. } => self.links_by_value("select", "selected", by, true),
            Cause::NotSelected { by } => {
                let text = match by.len() {
                    1 => "its only selector is inactive:".to_string(),
                    n => format!("none of its {n} selectors is active:"),
                };
                let children = by.iter().map(|l| self.link_line("select", l)).collect();
                ReasonNode::new("not-selected", text).with(children)
            }
            Cause::ImpliedBy { by } => self.links_by_value("imply", "implied", by, true),
            Cause::Capped { limit, operands } => self.capped(s, *limit, operands),
            Cause::Invisible { prompts } => self.invisible(prompts),
            Cause::NoPrompt => {
                ReasonNode::new("no-prompt", "no prompt: only `default` and `select` set it")
            }
            Cause::Choice { choice, chosen } => {
                let menu = model.menu(*choice);
                let node = match chosen {
                    Some(m) if *m == s => ReasonNode::new("choice", "the choice selected it"),
                    Some(m) => {
                        let v = self.ex.ev.string_value(*m);
                        ReasonNode::new(
                            "choice",
                            format!("the choice selected {} (={v})", model.name(*m)),
                        )
                        .about(model, *m, v)
                    }
                    None => ReasonNode::new("choice", "the choice has no member set"),
                };
                node.at_loc(model, menu.loc)
            }
            Cause::Range { prop, bound } => {
                let b = self.ex.ev.string_value(*bound);
                ReasonNode::new("range", format!("clamped to the range bound {b}"))
                    .at_loc(model, model.prop(*prop).loc)
            }
            Cause::ModulesOff => {
                let m = model.modules;
                let text = if m.0 > 2 {
                    format!("m rounds up to y: {}=n", model.name(m))
                } else {
                    "m rounds up to y".into()
                };
                ReasonNode::new("modules-off", text)
            }
        }
    }

    /// A user value as a config line writes it: strings quoted.
    fn user_value(&self, s: SymbolId, v: &str) -> String {
        match self.model().sym(s).ty {
            crate::model::SymbolType::String => format!("\"{v}\""),
            _ => v.to_string(),
        }
    }

    fn default_line(&mut self, p: PropId, cond: Tristate, value: &str) -> ReasonNode {
        let model = self.model();
        let prop = model.prop(p);
        let mut text = format!(
            "default {}",
            prop.expr.map(|e| expr::text(model, e)).unwrap_or_default()
        );
        if let Some(c) = prop.cond_written {
            text.push_str(&format!(" if {}", expr::text(model, c)));
        }
        text.push_str(&format!(" (={value})"));
        // The condition has the `depends on` folded in: a default of `y`
        // under a dependency of `m` gives `m`.
        if cond != Tristate::Yes && model.sym(prop.sym.unwrap_or(SymbolId::NO)).ty.is_logical() {
            text.push_str(&format!(", limited to {cond} by its condition"));
        }
        let mut follow = Vec::new();
        if let Some(e) = prop.expr {
            model.exprs.symbols(e, &mut follow);
        }
        follow.retain(|s| s.0 > 2 && !model.sym(*s).is_const);
        let mut children: Vec<ReasonNode> = follow
            .into_iter()
            .map(|d| self.symbol_line("operand", d))
            .collect();
        if children.is_empty() && cond != Tristate::Yes {
            if let Some(v) = prop.visible {
                let ops = self.ex.all_operands(v);
                children = self.operand_lines(&ops, &ops);
            }
        }
        ReasonNode::new("default", text)
            .at_loc(model, prop.loc)
            .with(children)
    }

    /// A default as a leaf: its expression, condition and the condition's value.
    pub(crate) fn default_leaf(&mut self, p: PropId) -> ReasonNode {
        let model = self.model();
        let prop = model.prop(p);
        let mut text = format!(
            "default {}",
            prop.expr.map(|e| expr::text(model, e)).unwrap_or_default()
        );
        if let Some(c) = prop.cond_written {
            let v = self.ex.ev.eval(c);
            text.push_str(&format!(" if {} (={v})", expr::text(model, c)));
        }
        ReasonNode::new("default", text).at_loc(model, prop.loc)
    }

    /// Links grouped by the value they force, strongest first. With
    /// `strongest_only`, weaker groups (which do not set the value) are
    /// one line counting them.
    pub(crate) fn links_by_value(
        &mut self,
        kind: &'static str,
        verb: &str,
        by: &[Link],
        strongest_only: bool,
    ) -> ReasonNode {
        let mut groups: Vec<ReasonNode> = Vec::new();
        let mut weaker = 0;
        for v in [Tristate::Yes, Tristate::Mod] {
            let links: Vec<&Link> = by.iter().filter(|l| l.value == v).collect();
            if links.is_empty() {
                continue;
            }
            if strongest_only && !groups.is_empty() {
                weaker += links.len();
                continue;
            }
            let children = links.into_iter().map(|l| self.link_line(kind, l)).collect();
            groups.push(ReasonNode::new("group", format!("to {v} by")).with(children));
        }
        let mut node = match groups.len() {
            1 => {
                let g = groups.pop().expect("one group");
                ReasonNode::new(kind, format!("{verb} {}", g.text)).with(g.children)
            }
            _ => ReasonNode::new(kind, verb.to_string()).with(groups),
        };
        if weaker > 0 {
            node.children.push(ReasonNode::new(
                "weaker",
                format!("and {weaker} weaker (m) that do not change it"),
            ));
        }
        node
    }

    /// `SELECTOR (=v) [if COND (=c)]` at the select's line, followed.
    pub(crate) fn link_line(&mut self, kind: &'static str, l: &Link) -> ReasonNode {
        let model = self.model();
        let prop = model.prop(l.prop);
        let mut text = format!("{} (={})", model.name(l.sym), l.sym_value);
        if let Some(c) = prop.cond_written {
            let v = self.ex.ev.eval(c);
            text.push_str(&format!(" if {} (={v})", expr::text(model, c)));
        }
        let node = ReasonNode::new(kind, text).at_loc(model, prop.loc);
        self.follow(l.sym, node)
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
        let node = ReasonNode::new("capped", format!("capped at {limit} by its dependencies"))
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
                ReasonNode::new("prompt", "its prompt is hidden by")
                    .at_loc(model, model.prop(*p).loc)
                    .with(lines),
            );
        }
        if children.len() == 1 {
            let only = children.pop().expect("one prompt");
            return ReasonNode {
                kind: "invisible",
                text: "not visible: its prompt is hidden by".into(),
                ..only
            };
        }
        ReasonNode::new("invisible", "not visible").with(children)
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
            let node = ReasonNode::new("operand", text);
            out.push(match (limits, op.sym) {
                (true, Some(s)) => self.follow(s, node),
                (true, None) => {
                    let mut syms = Vec::new();
                    crate::explain::operand_symbols(model, std::slice::from_ref(op), &mut syms);
                    syms.retain(|s| s.0 > 2 && !model.sym(*s).is_const);
                    let children = syms
                        .into_iter()
                        .map(|s| self.symbol_line("operand", s))
                        .collect();
                    node.with(children)
                }
                (false, _) => node,
            });
        }
        out
    }
}

/// `file:line`, or a batch mode's name for the values it gave (line 0).
fn place(origin: &crate::eval::Origin) -> String {
    if origin.line == 0 {
        origin.file.to_string()
    } else {
        format!("{}:{}", origin.file, origin.line)
    }
}
