//! `ksolve why` output: the reason tree of a symbol's value, or the
//! blockers of a value it does not have.

use super::text::{tree, Paint, Style};
use super::{ReasonNode, Reasons};
use crate::explain::{blockers, Limits, Question};
use crate::model::SymbolId;
use crate::Evaluation;
use serde::Serialize;

/// The JSON document's name and version (docs/schemas/why.md); the
/// version is bumped on incompatible changes.
pub const SCHEMA: &str = "ksolve.why/1";

#[derive(Clone, Debug, Serialize)]
pub struct WhyReport {
    /// [`SCHEMA`].
    pub schema: &'static str,
    pub symbol: String,
    #[serde(rename = "type")]
    pub ty: &'static str,
    pub value: String,
    /// For `why SYMBOL=VALUE`: the value asked about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested: Option<String>,
    /// For `why SYMBOL=VALUE`: whether the symbol has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holds: Option<bool>,
    /// The causes of the value (`why SYMBOL`) or the blockers of the
    /// requested value (`why SYMBOL=VALUE`), as nested data.
    pub reasons: Vec<ReasonNode>,
    /// For `why SYMBOL=VALUE`: per blocker, the symbols whose change would
    /// lift it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lift: Vec<Vec<String>>,
}

/// Why `s` has its value.
pub fn why(ev: &mut Evaluation<'_>, s: SymbolId, limits: Limits) -> WhyReport {
    let model = ev.model;
    let value = ev.string_value(s);
    let root = Reasons::new(ev, limits).why(s);
    WhyReport {
        schema: SCHEMA,
        symbol: model.name(s).to_string(),
        ty: model.sym(s).ty.name(),
        value,
        requested: None,
        holds: None,
        reasons: root.children,
        lift: Vec::new(),
    }
}

/// What keeps `s` from `requested`.
pub fn why_not(ev: &mut Evaluation<'_>, s: SymbolId, requested: &str, limits: Limits) -> WhyReport {
    let model = ev.model;
    let value = ev.string_value(s);
    let found = blockers(ev, s, requested);
    let holds = crate::check::compare(ev, s, requested);
    let lift = found
        .iter()
        .map(|b| {
            b.symbols(model, Question::WhyNot(requested))
                .into_iter()
                .map(|x| model.name(x).to_string())
                .collect()
        })
        .collect();
    let reasons = Reasons::new(ev, limits).blockers(s, requested, &found);
    WhyReport {
        schema: SCHEMA,
        symbol: model.name(s).to_string(),
        ty: model.sym(s).ty.name(),
        value,
        requested: Some(requested.to_string()),
        holds: Some(holds),
        reasons,
        lift,
    }
}

pub fn text(r: &WhyReport, style: &Style) -> String {
    let mut out = String::new();
    let head = format!("{}={}", r.symbol, r.value);
    match (&r.requested, r.holds) {
        (Some(req), Some(true)) => out.push_str(&format!(
            "{} ({}): it is {req}\n",
            style.paint(Paint::Bold, &head),
            r.ty
        )),
        (Some(req), _) => {
            out.push_str(&format!(
                "{} ({}): cannot be {req}\n",
                style.paint(Paint::Bold, &head),
                r.ty
            ));
        }
        _ => out.push_str(&format!("{} ({})\n", style.paint(Paint::Bold, &head), r.ty)),
    }
    for n in &r.reasons {
        tree(&mut out, n, 1, style);
    }
    if r.lift.iter().any(|l| !l.is_empty()) {
        out.push_str("blocked by the values of:\n");
        for l in r.lift.iter().filter(|l| !l.is_empty()) {
            out.push_str(&format!("  {}\n", l.join(", ")));
        }
    }
    out
}
