//! A symbol's definition as the lines that give it meaning — prompts,
//! `depends on`, `select`, `imply`, `default`, `range` — each with the
//! place it is written, so that two trees can be compared line by line.
//!
//! Expressions become Kconfig text here because that is what two trees
//! have in common: their arenas and ids differ, their names do not.
//! `depends on` is split into its `&&` operands, so that adding one
//! condition shows as one added line; dependencies inherited from an
//! enclosing `menu` or `if` count as `depends on` too (moving a condition
//! into an `if` block changes nothing), and are marked as inherited.

use crate::model::{Expr, ExprId, Model, PropKind, SymbolId};
use crate::report::expr as expr_text;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LineKind {
    Prompt,
    DependsOn,
    Select,
    Imply,
    Default,
    Range,
}

impl LineKind {
    pub fn name(self) -> &'static str {
        match self {
            LineKind::Prompt => "prompt",
            LineKind::DependsOn => "depends on",
            LineKind::Select => "select",
            LineKind::Imply => "imply",
            LineKind::Default => "default",
            LineKind::Range => "range",
        }
    }
}

/// One line of a definition, as Kconfig text (`select FOO if BAR`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub text: String,
    /// A `depends on` of an enclosing `menu`, `if` or `menuconfig`.
    pub inherited: bool,
    pub file: String,
    pub line: u32,
}

impl Line {
    /// What two trees must agree on for the line to be the same.
    pub fn key(&self) -> (LineKind, &str) {
        (self.kind, &self.text)
    }
}

/// Every line of every definition of `s`, in definition order.
pub(super) fn lines(model: &Model, s: SymbolId) -> Vec<Line> {
    let mut out = Vec::new();
    for &m in &model.sym(s).menus {
        depends_lines(model, m, &mut out);
    }
    for &p in &model.sym(s).props {
        let prop = model.prop(p);
        let body = match prop.kind {
            PropKind::Prompt => format!("\"{}\"", prop.text.as_deref().unwrap_or("")),
            PropKind::Select | PropKind::Imply | PropKind::Default => prop
                .expr
                .map(|e| expr_text::text(model, e))
                .unwrap_or_default(),
            PropKind::Range => match prop.range {
                Some((lo, hi)) => format!(
                    "{} {}",
                    expr_text::symbol(model, lo),
                    expr_text::symbol(model, hi)
                ),
                None => continue,
            },
            PropKind::Menu | PropKind::Comment => continue,
        };
        let kind = match prop.kind {
            PropKind::Prompt => LineKind::Prompt,
            PropKind::Select => LineKind::Select,
            PropKind::Imply => LineKind::Imply,
            PropKind::Default => LineKind::Default,
            _ => LineKind::Range,
        };
        let cond = prop
            .cond_written
            .map(|c| format!(" if {}", expr_text::text(model, c)))
            .unwrap_or_default();
        let text = format!("{} {body}{cond}", kind.name());
        out.push(Line {
            kind,
            text,
            inherited: false,
            file: model.file_name(prop.loc.file).to_string(),
            line: prop.loc.line,
        });
    }
    out
}

/// The `&&` operands of a menu node's dependencies: its own `depends on`
/// first, then what it inherits.
fn depends_lines(model: &Model, m: crate::model::MenuId, out: &mut Vec<Line>) {
    let node = model.menu(m);
    let written = operands(model, node.dep_written);
    let mut all = written.clone();
    all.extend(
        operands(model, node.dep)
            .into_iter()
            .filter(|e| !written.contains(e)),
    );
    for e in all {
        let text = format!("depends on {}", expr_text::text(model, e));
        if out
            .iter()
            .any(|l| l.kind == LineKind::DependsOn && l.text == text)
        {
            continue;
        }
        out.push(Line {
            kind: LineKind::DependsOn,
            text,
            inherited: !written.contains(&e),
            file: model.file_name(node.loc.file).to_string(),
            line: node.loc.line,
        });
    }
}

/// The `&&` operands of `e`. A legacy choice is a symbol that members
/// depend on; it stands for the choice's own dependencies here, so that
/// 6.11's choices (no longer symbols) compare equal to the older ones.
fn operands(model: &Model, e: Option<ExprId>) -> Vec<ExprId> {
    let mut v = Vec::new();
    if let Some(e) = e {
        model.exprs.operands(e, true, &mut v);
    }
    let mut out = Vec::new();
    for op in v {
        match model.exprs.get(op) {
            Expr::Symbol(c) if model.sym(c).is_choice => {
                for &m in &model.sym(c).menus {
                    out.extend(operands(model, model.menu(m).dep));
                }
            }
            _ => out.push(op),
        }
    }
    out.dedup();
    out
}
