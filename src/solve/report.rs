//! Checking and explaining an answer: `olddefconfig` on base + requests +
//! answer must give every request its value; then, as data, why each line
//! is there, what follows from it, and what is lost.

use super::encode::Encoder;
use super::optimize::Model as SatModel;
use super::{Request, Stats};
use crate::config::Assignment;
use crate::eval::{Evaluation, Tristate};
use crate::explain::{blockers, Explainer, Explanation, Reason};
use crate::model::graph::EdgeKind;
use crate::model::{Model, SymbolId};
use std::sync::Arc;

/// One line of the answer, with why it is needed.
#[derive(Clone, Debug)]
pub struct Line {
    pub sym: SymbolId,
    pub value: Tristate,
    pub because: Vec<Because>,
}

/// Why an answer line is there: what goes wrong without it.
#[derive(Clone, Debug)]
pub enum Because {
    /// Without the line, this request does not hold, blocked by these.
    Request {
        request: usize,
        blockers: Vec<Reason>,
    },
    /// Without the line, this symbol loses its base value `keeps`.
    Keeps {
        sym: SymbolId,
        keeps: Tristate,
        blockers: Vec<Reason>,
    },
    /// Without the line more symbols change (the answer is smaller with it).
    FewerChanges,
}

/// A symbol that changes without being written: forced by `select`, a
/// default, a choice.
#[derive(Clone, Debug)]
pub struct Change {
    pub sym: SymbolId,
    pub from: String,
    pub to: String,
    pub why: Explanation,
    /// For a symbol that went lower: what holds it down.
    pub blockers: Vec<Reason>,
}

/// Features are what a user can choose: symbols with a prompt. A
/// promptless helper (DCA, DMA_ENGINE_RAID) follows its users and going
/// lower is only a consequence.
pub(crate) fn has_prompt(model: &Model, s: SymbolId) -> bool {
    model
        .props_of(s, crate::model::PropKind::Prompt)
        .next()
        .is_some()
}

/// A feature of the base that ends lower, and what holds it down.
#[derive(Clone, Debug)]
pub struct Loss {
    pub sym: SymbolId,
    pub from: Tristate,
    pub to: Tristate,
    pub blockers: Vec<Reason>,
}

/// A verified answer.
#[derive(Debug)]
pub struct Solution<'m> {
    pub requests: Vec<Request>,
    /// The lines to add, in symbol order.
    pub lines: Vec<Line>,
    pub consequences: Vec<Change>,
    pub lost: Vec<Loss>,
    /// The evaluation of base + requests + lines.
    pub evaluation: Evaluation<'m>,
    pub stats: Stats,
}

impl Solution<'_> {
    /// The answer as config lines.
    pub fn fragment(&self) -> Vec<String> {
        let model = self.evaluation.model;
        self.lines
            .iter()
            .map(|l| config_line(model, l.sym, l.value))
            .collect()
    }
}

pub fn config_line(model: &Model, s: SymbolId, v: Tristate) -> String {
    match v {
        Tristate::No => format!("# CONFIG_{} is not set", model.name(s)),
        v => format!("CONFIG_{}={}", model.name(s), v.as_str()),
    }
}

/// The lines the model writes, for symbols nobody requested.
pub(crate) fn answer_lines(enc: &Encoder<'_>, m: &SatModel, requested: &[SymbolId]) -> Vec<Line> {
    let mut out: Vec<Line> = enc
        .lines
        .iter()
        .filter(|(s, l)| !requested.contains(s) && super::cnf::Bit::L(l.written).value(m))
        .map(|(&sym, l)| Line {
            sym,
            value: l.value.value(m),
            because: Vec::new(),
        })
        .collect();
    out.sort_by_key(|l| l.sym);
    out
}

/// `olddefconfig` on base + requests + lines.
pub(crate) fn verify<'m>(
    model: &'m Model,
    base: &[Assignment],
    requests: &[Request],
    lines: &[Line],
) -> Evaluation<'m> {
    let file: Arc<str> = Arc::from("answer");
    let mut all = base.to_vec();
    all.extend(requests.iter().map(|r| r.assignment(model)));
    all.extend(lines.iter().enumerate().map(|(i, l)| Assignment {
        name: model.name(l.sym).to_string(),
        value: l.value.as_str().to_string(),
        not_set: l.value == Tristate::No,
        file: file.clone(),
        line: i as u32 + 1,
    }));
    let merged = crate::config::merge([&crate::ConfigFile {
        assignments: all,
        warnings: Vec::new(),
    }]);
    super::evaluate(model, &merged)
}

/// The requests that do not hold in `ev`, by index.
pub(crate) fn failed_requests(ev: &mut Evaluation<'_>, requests: &[Request]) -> Vec<usize> {
    (0..requests.len())
        .filter(|&i| ev.string_value(requests[i].sym) != requests[i].expected())
        .collect()
}

/// Bool/tristate symbols the answer changes that the formula does not
/// count yet.
pub(crate) fn changed_outside(enc: &Encoder<'_>, ev: &Evaluation<'_>) -> Vec<SymbolId> {
    let model = enc.model;
    model
        .defined_symbols()
        .filter(|&s| model.sym(s).ty.is_logical() && !enc.is_frozen(s) && !enc.is_encoded(s))
        .filter(|&s| ev.state(s).curr.tri != enc.base.state(s).curr.tri)
        .collect()
}

/// Explain a verified answer.
pub(crate) fn build<'m>(
    model: &'m Model,
    base_lines: &[Assignment],
    requests: Vec<Request>,
    mut lines: Vec<Line>,
    mut ev: Evaluation<'m>,
    base: &mut Evaluation<'m>,
    stats: Stats,
) -> Solution<'m> {
    let (consequences, lost) = changes(&mut ev, base, &requests, &lines);
    for i in 0..lines.len() {
        let mut without = lines.clone();
        without.remove(i);
        let mut ev_i = verify(model, base_lines, &requests, &without);
        lines[i].because = because(&mut ev_i, &ev, base, &requests);
    }
    Solution {
        requests,
        lines,
        consequences,
        lost,
        evaluation: ev,
        stats,
    }
}

/// What goes wrong in `ev_i` (the answer without one line).
fn because(
    ev_i: &mut Evaluation<'_>,
    ev: &Evaluation<'_>,
    base: &mut Evaluation<'_>,
    requests: &[Request],
) -> Vec<Because> {
    let mut out: Vec<Because> = failed_requests(ev_i, requests)
        .into_iter()
        .map(|r| Because::Request {
            request: r,
            blockers: blockers(ev_i, requests[r].sym, &requests[r].value),
        })
        .collect();
    if !out.is_empty() {
        return out;
    }
    let model = ev_i.model;
    for s in model
        .defined_symbols()
        .filter(|&s| model.sym(s).ty.is_logical())
    {
        let (was, with, without) = (
            base.state(s).curr.tri,
            ev.state(s).curr.tri,
            ev_i.state(s).curr.tri,
        );
        let requested = requests.iter().any(|r| r.sym == s);
        if without < was && without < with && !requested && has_prompt(model, s) {
            out.push(Because::Keeps {
                sym: s,
                keeps: was,
                blockers: blockers(ev_i, s, was.as_str()),
            });
        }
    }
    if out.is_empty() {
        out.push(Because::FewerChanges);
    }
    out
}

/// Symbols whose value differs from the base alone, other than requests and
/// lines: consequences, and losses.
fn changes(
    ev: &mut Evaluation<'_>,
    base: &mut Evaluation<'_>,
    requests: &[Request],
    lines: &[Line],
) -> (Vec<Change>, Vec<Loss>) {
    let model = ev.model;
    let (mut consequences, mut lost) = (Vec::new(), Vec::new());
    for s in model.defined_symbols() {
        if requests.iter().any(|r| r.sym == s) || lines.iter().any(|l| l.sym == s) {
            continue;
        }
        let (from, to) = (base.string_value(s), ev.string_value(s));
        if from == to {
            continue;
        }
        let (was, now) = (base.state(s).curr.tri, ev.state(s).curr.tri);
        if model.sym(s).ty.is_logical() && now < was && has_prompt(model, s) {
            lost.push(Loss {
                sym: s,
                from: was,
                to: now,
                blockers: blockers(ev, s, was.as_str()),
            });
        } else {
            let blockers = if now < was {
                blockers(ev, s, was.as_str())
            } else {
                Vec::new()
            };
            let why = Explainer::new(ev).explain(s);
            consequences.push(Change {
                sym: s,
                from,
                to,
                why,
                blockers,
            });
        }
    }
    for s in selected_closure(ev, base, requests, lines) {
        if consequences.iter().any(|c: &Change| c.sym == s)
            || lost.iter().any(|l: &Loss| l.sym == s)
        {
            continue;
        }
        if requests.iter().any(|r| r.sym == s) || lines.iter().any(|l| l.sym == s) {
            continue;
        }
        let v = ev.string_value(s);
        let why = Explainer::new(ev).explain(s);
        consequences.push(Change {
            sym: s,
            from: v.clone(),
            to: v,
            why,
            blockers: Vec::new(),
        });
    }
    consequences.sort_by_key(|c| c.sym);
    (consequences, lost)
}

/// What the requested symbols that moved and the written ones force by
/// `select`, directly or through other selects: consequences even where
/// the base already had that value.
fn selected_closure(
    ev: &mut Evaluation<'_>,
    base: &Evaluation<'_>,
    requests: &[Request],
    lines: &[Line],
) -> Vec<SymbolId> {
    let model = ev.model;
    let moved = |s: &SymbolId| ev.state(*s).curr.tri != base.state(*s).curr.tri;
    let mut seen: Vec<SymbolId> = requests
        .iter()
        .map(|r| r.sym)
        .filter(moved)
        .chain(lines.iter().map(|l| l.sym))
        .collect();
    let mut stack = seen.clone();
    let mut out = Vec::new();
    while let Some(x) = stack.pop() {
        for (t, e) in model.graph().outgoing(x) {
            let Some(p) = e.prop.filter(|_| e.kind == EdgeKind::Select) else {
                continue;
            };
            let cond = ev.eval_opt(model.prop(p).visible);
            if ev.tristate(x).and(cond) == Tristate::No || seen.contains(&t) {
                continue;
            }
            seen.push(t);
            stack.push(t);
            out.push(t);
        }
    }
    out
}
