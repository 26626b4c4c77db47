//! Reasons as a printable tree: the explanation data of `explain` (the
//! [`Reason`]s and the expansion into the symbols they name) turned into
//! nested [`ReasonNode`]s, which the JSON output serializes as they are and
//! the text output indents. A symbol reached from two places is printed
//! once with a number, `(1)`, and the other place says `see (1)`.

mod links;
pub mod short;
pub(crate) mod values;
mod visibility;

use crate::eval::{Evaluation, Origin};
use crate::explain::{Expansion, Explainer, Limits, Question, Reason};
use crate::model::{Loc, Model, SymbolId};
use rustc_hash::{FxHashMap, FxHashSet};

/// `see` before [`number`] gives it the referenced node's id.
const PENDING: u32 = u32::MAX;
use serde::Serialize;

/// What a line of a reason says; the JSON's `kind`, kebab-case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The symbol asked about (`why SYMBOL`), its causes below.
    Symbol,
    /// A config or fragment line set the value.
    User,
    /// A config line is ignored: no visible prompt.
    UserIgnored,
    /// A `default` (with its condition).
    Default,
    /// No `default` applies; every default below.
    NoDefault,
    /// A selector, at its `select` line.
    Select,
    /// An implier, at its `imply` line.
    Imply,
    /// Cannot go below a value: the selects that force it.
    Selected,
    /// No selector is active; every select below.
    NotSelected,
    /// Selectors grouped by the value they force.
    Group,
    /// A count of weaker selectors that do not change the value.
    Weaker,
    /// Capped by the dependencies; every `&&` operand below.
    Capped,
    /// Not visible; the conditions hiding each prompt below.
    Invisible,
    /// One hidden prompt, at its line.
    Prompt,
    /// One operand of a condition with its value, `EXPR (=m)`.
    Operand,
    /// The symbol has no prompt.
    NoPrompt,
    /// No prompt and no selector strong enough; selectors below.
    Promptless,
    /// The member the choice picked.
    Choice,
    /// Another member of the choice is selected.
    ChoiceOther,
    /// A choice always has one member `y`.
    ChoiceNeedsOne,
    /// The value is not valid for the type.
    Type,
    /// Modules are off: `m` rounds up to `y`, or is impossible.
    ModulesOff,
    /// Outside the active `range`.
    Range,
    /// Not visible: only the default sets it.
    DefaultOnly,
    /// A `transitional` name: read, carried on, never written.
    Transitional,
    /// The config line is malformed (a string without quotes).
    Malformed,
}

/// One line of a reason, with what it is about and where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReasonNode {
    /// What the line says.
    pub kind: Kind,
    /// The line as the text output prints it (without the place).
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// This symbol's causes are shared: other places refer to this number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    /// The causes of this symbol are printed at the node with this `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub see: Option<u32>,
    /// The causes of this symbol were not followed: a depth or size limit.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<ReasonNode>,
    /// The children are this symbol's causes (the node a `see` may point at).
    #[serde(skip)]
    followed: bool,
}

impl ReasonNode {
    pub fn new(kind: Kind, text: impl Into<String>) -> ReasonNode {
        ReasonNode {
            kind,
            text: text.into(),
            symbol: None,
            value: None,
            file: None,
            line: None,
            id: None,
            see: None,
            truncated: false,
            children: Vec::new(),
            followed: false,
        }
    }

    pub fn at_loc(mut self, model: &Model, loc: Loc) -> ReasonNode {
        self.file = Some(model.file_name(loc.file).to_string());
        self.line = Some(loc.line);
        self
    }

    pub fn at_origin(mut self, origin: &Origin) -> ReasonNode {
        self.file = Some(origin.file.to_string());
        self.line = Some(origin.line);
        self
    }

    pub fn about(mut self, model: &Model, s: SymbolId, value: impl Into<String>) -> ReasonNode {
        self.symbol = Some(model.name(s).to_string());
        self.value = Some(value.into());
        self
    }

    pub fn with(mut self, children: Vec<ReasonNode>) -> ReasonNode {
        self.children = children;
        self
    }

    /// The same node under another first line.
    #[must_use]
    pub fn retitled(self, text: String) -> ReasonNode {
        ReasonNode { text, ..self }
    }
}

/// Builds reason trees from one evaluation; numbering is shared by every
/// tree built with the same `Reasons`.
pub struct Reasons<'e, 'm> {
    pub(crate) ex: Explainer<'e, 'm>,
    expansion: Expansion,
    printed: FxHashSet<SymbolId>,
    /// Symbols on the path from the root, so a loop cannot recurse.
    path: Vec<SymbolId>,
    limits: Limits,
}

impl<'e, 'm> Reasons<'e, 'm> {
    pub fn new(ev: &'e mut Evaluation<'m>, limits: Limits) -> Self {
        Reasons {
            ex: Explainer::new(ev),
            expansion: Expansion::default(),
            printed: FxHashSet::default(),
            path: Vec::new(),
            limits,
        }
    }

    pub fn model(&self) -> &'m Model {
        self.ex.ev.model
    }

    /// Explain everything `roots` lead to, before any tree is built.
    fn prepare(&mut self, roots: &[SymbolId]) {
        self.expansion = self.ex.expand(roots, self.limits);
        self.printed.clear();
    }

    /// Why `s` has its value: the symbol's line with its causes below.
    pub fn why(&mut self, s: SymbolId) -> ReasonNode {
        self.prepare(&[s]);
        let value = self.ex.ev.string_value(s);
        let node = ReasonNode::new(Kind::Symbol, format!("{}={}", self.model().name(s), value))
            .about(self.model(), s, value);
        let mut out = [self.follow(s, node)];
        number(&mut out);
        let [out] = out;
        out
    }

    /// What keeps `s` from `requested`: one node per blocking reason.
    pub fn blockers(
        &mut self,
        s: SymbolId,
        requested: &str,
        blockers: &[Reason],
    ) -> Vec<ReasonNode> {
        let model = self.model();
        let q = Question::WhyNot(requested);
        let roots: Vec<SymbolId> = blockers.iter().flat_map(|b| b.symbols(model, q)).collect();
        self.prepare(&roots);
        self.path = vec![s];
        let mut out: Vec<ReasonNode> = blockers.iter().map(|b| self.reason(s, b, q)).collect();
        self.path.clear();
        number(&mut out);
        out
    }

    /// Attach the causes of `s` under `node`, or a reference to where they
    /// are printed, or a note that a limit stopped the walk.
    pub(crate) fn follow(&mut self, s: SymbolId, mut node: ReasonNode) -> ReasonNode {
        let model = self.model();
        if node.symbol.is_none() {
            let v = self.ex.ev.string_value(s);
            node = node.about(model, s, v);
        }
        if self.printed.contains(&s) || self.path.contains(&s) {
            node.see = Some(PENDING);
            return node;
        }
        let Some(explanation) = self.expansion.get(s).cloned() else {
            node.truncated = true;
            return node;
        };
        self.printed.insert(s);
        node.followed = true;
        self.path.push(s);
        node.children = explanation
            .reasons
            .iter()
            .map(|r| self.reason(s, r, Question::Why))
            .collect();
        self.path.pop();
        node
    }

    /// A symbol named by a cause, as menuconfig lists an operand:
    /// `NAME (=value)`, followed.
    pub(crate) fn symbol_line(&mut self, kind: Kind, s: SymbolId) -> ReasonNode {
        let v = self.ex.ev.string_value(s);
        let node = ReasonNode::new(kind, format!("{} (={})", self.model().name(s), v));
        self.follow(s, node)
    }
}

impl Reasons<'_, '_> {
    /// One reason of `s` as a node, worded for the question it answers.
    pub(crate) fn reason(&mut self, s: SymbolId, r: &Reason, q: Question<'_>) -> ReasonNode {
        let why = q == Question::Why;
        match r {
            Reason::User { origin, requested } => self.user(s, origin, requested, false),
            Reason::UserIgnored { origin, requested } => self.user(s, origin, requested, true),
            Reason::Default { prop, cond, value } => self.default_line(*prop, *cond, &value.0),
            Reason::NoDefault => self.no_default(s),
            Reason::Selected { floor, by } => self.selected(s, *floor, by, why),
            Reason::NotSelected { by } => self.not_selected(by),
            Reason::ImpliedBy { by } => self.links_by_value(Kind::Imply, "implied", by, true),
            Reason::Capped { limit, operands } => self.capped_reason(s, *limit, operands, why),
            Reason::Invisible { prompts } => self.invisible_reason(s, prompts, why),
            Reason::NoPrompt => ReasonNode::new(
                Kind::NoPrompt,
                "no prompt: only `default` and `select` set it",
            ),
            Reason::Promptless { selectors, default } => self.promptless(s, selectors, *default),
            Reason::Choice { choice, chosen } => self.choice(s, *choice, *chosen, why),
            Reason::ChoiceNeedsOne { choice } => self.choice_needs_one(*choice),
            Reason::Type { ty } => {
                let value = match q {
                    Question::WhyNot(requested) => requested.to_string(),
                    Question::Why => self.ex.ev.string_value(s),
                };
                ReasonNode::new(
                    Kind::Type,
                    format!("{value} is not a valid {} value", ty.name()),
                )
            }
            Reason::ModulesOff { modules } => self.modules_off(*modules, why),
            Reason::Range { prop, low, high } => self.range(*prop, *low, *high),
            Reason::DefaultOnly { prop } => self.default_only(s, *prop),
            Reason::Transitional { successors } => {
                let text =
                    values::transitional_text(self.model(), self.model().name(s), successors);
                ReasonNode::new(Kind::Transitional, text)
            }
        }
    }
}

/// Give a number to every symbol node that another node refers to (in
/// reading order) and point the references at it.
fn number(roots: &mut [ReasonNode]) {
    fn referenced(n: &ReasonNode, out: &mut FxHashSet<String>) {
        if n.see == Some(PENDING) {
            out.extend(n.symbol.clone());
        }
        n.children.iter().for_each(|c| referenced(c, out));
    }
    fn assign(n: &mut ReasonNode, wanted: &FxHashSet<String>, ids: &mut FxHashMap<String, u32>) {
        if let Some(sym) = n.symbol.clone() {
            if n.see == Some(PENDING) {
                n.see = ids.get(&sym).copied();
            } else if n.followed && wanted.contains(&sym) && !ids.contains_key(&sym) {
                let id = ids.len() as u32 + 1;
                ids.insert(sym, id);
                n.id = Some(id);
            }
        }
        n.children.iter_mut().for_each(|c| assign(c, wanted, ids));
    }
    let mut wanted = FxHashSet::default();
    roots.iter().for_each(|n| referenced(n, &mut wanted));
    let mut ids = FxHashMap::default();
    roots.iter_mut().for_each(|n| assign(n, &wanted, &mut ids));
}
