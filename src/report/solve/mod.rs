//! `ksolve solve` output: the answer (lines to add, what follows, what is
//! lost) or the conflict between the requests, as small serde structs for
//! `--format json` (schema `ksolve.solve/1`, docs/schemas/solve.md), and
//! the text rendering of the same structs ([`text`]). Built after the
//! solve, from a verified [`Solution`] or the conflicts of a failed one.

mod text;

pub use text::text;

use crate::model::Model;
use crate::report::reason::short;
use crate::solve::{Because, Change, Conflict, Request, Solution};
use serde::Serialize;

/// Name and version of the JSON document; the version is bumped on
/// incompatible changes.
pub const SCHEMA: &str = "ksolve.solve/1";

#[derive(Clone, Debug, Serialize)]
pub struct SolveReport {
    pub schema: &'static str,
    /// The answer as config lines (empty for a conflict).
    pub fragment: Vec<String>,
    pub lines: Vec<LineReport>,
    pub consequences: Vec<ChangeReport>,
    pub lost: Vec<ChangeReport>,
    pub conflicts: Vec<ConflictReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stats: Option<StatsReport>,
    /// Text only: after a conflict, the answer for the requests that hold
    /// together, so that a conflict does not hide the rest of the answer.
    #[serde(skip)]
    pub rest: Option<Rest>,
}

/// One line of the answer, with why it is needed.
#[derive(Clone, Debug, Serialize)]
pub struct LineReport {
    pub line: String,
    pub because: Vec<String>,
}

/// A symbol that changes without being written (a consequence), or a
/// feature of the base that ends lower (a loss).
#[derive(Clone, Debug, Serialize)]
pub struct ChangeReport {
    pub symbol: String,
    pub from: String,
    pub to: String,
    pub reason: String,
}

/// A minimal set of requests that cannot hold together.
#[derive(Clone, Debug, Serialize)]
pub struct ConflictReport {
    /// `SYMBOL=VALUE (file:line)`, in request order.
    pub requests: Vec<String>,
    /// What blocks each member once the others hold.
    pub reasons: Vec<String>,
    /// Text only: what blocks the first member once the others hold.
    #[serde(skip)]
    pub with_others_held: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StatsReport {
    pub optimal: bool,
    pub rounds: usize,
    pub encoded_symbols: usize,
    pub variables: usize,
    pub clauses: usize,
    pub lost: usize,
    pub changed: usize,
    pub lines: usize,
}

/// The requests that hold together after a conflict, and their answer.
#[derive(Clone, Debug)]
pub struct Rest {
    /// The requests left out, as [`ConflictReport::requests`] names them.
    pub dropped: Vec<String>,
    /// The answer for the others, or why there is no verified one.
    pub answer: Result<Box<SolveReport>, String>,
}

/// The report of a verified answer.
pub fn solved(model: &Model, sol: &Solution<'_>) -> SolveReport {
    let lines = sol
        .lines
        .iter()
        .map(|l| LineReport {
            line: crate::solve::report::config_line(model, l.sym, l.value),
            because: l.because.iter().map(|b| because(model, sol, b)).collect(),
        })
        .collect();
    let consequences = sol
        .consequences
        .iter()
        .map(|c| ChangeReport {
            symbol: model.name(c.sym).into(),
            from: c.from.clone(),
            to: c.to.clone(),
            reason: change_reason(model, c),
        })
        .collect();
    let lost = sol
        .lost
        .iter()
        .map(|l| ChangeReport {
            symbol: model.name(l.sym).into(),
            from: l.from.to_string(),
            to: l.to.to_string(),
            reason: short::blockers(model, l.sym, &l.blockers),
        })
        .collect();
    SolveReport {
        schema: SCHEMA,
        fragment: sol.fragment(),
        lines,
        consequences,
        lost,
        conflicts: Vec::new(),
        stats: Some(stats(&sol.stats)),
        rest: None,
    }
}

fn stats(st: &crate::solve::Stats) -> StatsReport {
    StatsReport {
        optimal: st.optimal,
        rounds: st.rounds,
        encoded_symbols: st.encoded,
        variables: st.vars,
        clauses: st.clauses,
        lost: st.cost.lost,
        changed: st.cost.changed,
        lines: st.cost.lines,
    }
}

/// The report of requests that cannot hold together.
pub fn conflicts(model: &Model, requests: &[Request], conflicts: &[Conflict]) -> SolveReport {
    let conflicts = conflicts
        .iter()
        .map(|c| ConflictReport {
            requests: c
                .requests
                .iter()
                .map(|&r| request_text(model, &requests[r]))
                .collect(),
            reasons: c
                .reasons
                .iter()
                .flat_map(|(r, bs)| {
                    bs.iter()
                        .map(move |b| short::blocker(model, requests[*r].sym, b))
                })
                .collect(),
            with_others_held: c
                .reasons
                .first()
                .map(|(r, bs)| short::blockers(model, requests[*r].sym, bs)),
        })
        .collect();
    SolveReport {
        schema: SCHEMA,
        fragment: Vec::new(),
        lines: Vec::new(),
        consequences: Vec::new(),
        lost: Vec::new(),
        conflicts,
        stats: None,
        rest: None,
    }
}

/// The requests `holding` keeps after a conflict and their answer
/// (`answer`: the report of their solve, or its error message).
pub fn rest(
    model: &Model,
    requests: &[Request],
    holding: &[usize],
    answer: Result<SolveReport, String>,
) -> Rest {
    Rest {
        dropped: (0..requests.len())
            .filter(|i| !holding.contains(i))
            .map(|i| request_text(model, &requests[i]))
            .collect(),
        answer: answer.map(Box::new),
    }
}

/// The answer as a fragment: its config lines.
pub fn fragment(r: &SolveReport) -> String {
    r.fragment.iter().map(|l| format!("{l}\n")).collect()
}

/// `SYMBOL=VALUE (file:line)`.
fn request_text(model: &Model, r: &Request) -> String {
    format!(
        "{}={} ({}:{})",
        model.name(r.sym),
        r.value,
        r.origin.file,
        r.origin.line
    )
}

fn change_reason(model: &Model, c: &Change) -> String {
    if c.blockers.is_empty() {
        return short::cause(model, &c.why);
    }
    short::blockers(model, c.sym, &c.blockers)
}

fn because(model: &Model, sol: &Solution<'_>, b: &Because) -> String {
    match b {
        Because::Request { request, blockers } => {
            let r = &sol.requests[*request];
            format!(
                "for {}: without it, {}",
                request_text(model, r),
                short::blockers(model, r.sym, blockers)
            )
        }
        Because::Keeps {
            sym,
            keeps,
            blockers,
        } => format!(
            "keeps {}={} of the base: without it, {}",
            model.name(*sym),
            keeps,
            short::blockers(model, *sym, blockers)
        ),
        Because::FewerChanges => "without it, more symbols change".to_string(),
    }
}
