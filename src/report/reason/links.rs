//! Reasons about `select` and `imply`: the selectors that raise a value or
//! keep it from going lower, grouped by the value they force, and the
//! selectors of a symbol without a prompt.

use super::{Kind, ReasonNode, Reasons};
use crate::eval::Tristate;
use crate::explain::Link;
use crate::model::{PropId, SymbolId};
use crate::report::expr;

impl Reasons<'_, '_> {
    /// Why: `selected to y by ...`. Why not: `X cannot go below m: selected ...`.
    pub(super) fn selected(
        &mut self,
        s: SymbolId,
        floor: Tristate,
        by: &[Link],
        why: bool,
    ) -> ReasonNode {
        if why {
            return self.links_by_value(Kind::Select, "selected", by, true);
        }
        let verb = format!("{} cannot go below {floor}: selected", self.model().name(s));
        let mut node = self.links_by_value(Kind::Select, &verb, by, true);
        node.kind = Kind::Selected;
        node
    }

    /// No active selector: each select with its (`n`) contribution.
    pub(super) fn not_selected(&mut self, by: &[Link]) -> ReasonNode {
        let text = match by.len() {
            1 => "its only selector is inactive:".to_string(),
            n => format!("none of its {n} selectors is active:"),
        };
        let children = by.iter().map(|l| self.link_line(Kind::Select, l)).collect();
        ReasonNode::new(Kind::NotSelected, text).with(children)
    }

    /// No prompt and no selector strong enough: every select, then the default.
    pub(super) fn promptless(
        &mut self,
        s: SymbolId,
        selectors: &[Link],
        default: Option<PropId>,
    ) -> ReasonNode {
        let name = self.model().name(s);
        let mut children: Vec<ReasonNode> = selectors
            .iter()
            .map(|l| self.link_line(Kind::Select, l))
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
        ReasonNode::new(Kind::Promptless, text).with(children)
    }

    /// Links grouped by the value they force, strongest first. With
    /// `strongest_only`, weaker groups (which do not set the value) are
    /// one line counting them.
    pub(crate) fn links_by_value(
        &mut self,
        kind: Kind,
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
            groups.push(ReasonNode::new(Kind::Group, format!("to {v} by")).with(children));
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
                Kind::Weaker,
                format!("and {weaker} weaker (m) that do not change it"),
            ));
        }
        node
    }

    /// `SELECTOR (=v) [if COND (=c)]` at the select's line, followed.
    pub(crate) fn link_line(&mut self, kind: Kind, l: &Link) -> ReasonNode {
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
}
