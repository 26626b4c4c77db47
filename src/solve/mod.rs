//! Solving: the fewest extra config lines that make requests hold, or a
//! minimal set of requests that cannot hold together.
//!
//! The kernel's value rules for the symbols the requests depend on are a
//! formula ([`encode`], [`choice`]) over the answer's lines (per symbol with
//! a prompt: written or not, and the value). A CDCL solver (varisat) decides
//! it: satisfiable with every request means an answer exists, and the
//! policy is then optimized lexicographically ([`optimize`]); unsatisfiable
//! means a conflict, shrunk to a minimal set of requests
//! ([`conflict`]). Every answer is checked by running `olddefconfig` on
//! base + requests + answer before it is returned ([`report`]).
//!
//! Symbols are encoded on demand: first those the requests need; the
//! evaluation of an answer then shows which other symbols it changes, and
//! those are added so that their losses and changes count, until an
//! optimum changes nothing outside the encoded set. Counting only encoded
//! symbols gives a lower bound on the true cost of any answer, so an
//! optimum whose true cost equals its encoded cost is optimal.

mod choice;
mod cnf;
pub mod conflict;
mod encode;
mod optimize;
pub mod report;
mod request;

pub use conflict::Conflict;
pub use optimize::Cost;
pub use report::{Because, Change, Line, Loss, Solution};
pub use request::{command_line, Request};

use crate::config::Assignment;
use crate::eval::{Evaluation, Origin};
use crate::model::{Model, SymbolId};
use cnf::Bit;
use encode::Encoder;
use varisat::Lit;

/// Rounds of adding the symbols an answer changes before giving up on
/// proving it optimal (the answer is still verified).
const MAX_ROUNDS: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    #[error("{}:{}: expected SYMBOL=VALUE, got '{text}'", origin.file, origin.line)]
    Syntax { text: String, origin: Origin },
    #[error("{}:{}: no symbol {name} in this tree", origin.file, origin.line)]
    UnknownSymbol { name: String, origin: Origin },
    #[error("{}:{}: '{value}' is not a valid value for {name} ({ty})", origin.file, origin.line)]
    InvalidValue {
        name: String,
        value: String,
        ty: &'static str,
        origin: Origin,
    },
    /// The requests cannot all hold: each conflict is a minimal set of them;
    /// `holding` indexes a largest set of them that holds together.
    #[error("{} conflict(s) between the requests", conflicts.len())]
    Conflicts {
        requests: Vec<Request>,
        conflicts: Vec<Conflict>,
        holding: Vec<usize>,
    },
    /// The best answer found did not give every request its value when
    /// evaluated (a case the formula does not model exactly).
    #[error("no verified answer: {} request(s) do not hold with the best answer found", failed.len())]
    Unverified {
        requests: Vec<Request>,
        lines: Vec<Line>,
        failed: Vec<usize>,
    },
}

/// How the answer was found.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub encoded: usize,
    pub vars: usize,
    pub clauses: usize,
    pub rounds: usize,
    /// The optimum counted every symbol the answer changes.
    pub optimal: bool,
    pub cost: Cost,
    /// Symbols read at their current value (int/hex/string, `modules`,
    /// legacy choices).
    pub frozen: Vec<SymbolId>,
}

/// Evaluate user values as `olddefconfig` does (without writing).
pub(crate) fn evaluate<'m>(model: &'m Model, assignments: &[Assignment]) -> Evaluation<'m> {
    let mut ev = Evaluation::new(model);
    ev.apply_user(assignments);
    ev.calc_all();
    ev.legacy_reset_out_of_range();
    ev
}

/// Find the answer for `requests` on top of `base` (the merged base
/// config, without the requests).
pub fn solve<'m>(
    model: &'m Model,
    base: &[Assignment],
    requests: Vec<Request>,
) -> Result<Solution<'m>, SolveError> {
    let mut enc = encoder(model, base, &requests);
    let acts: Vec<Lit> = requests
        .iter()
        .map(|r| encode_request(&mut enc, r))
        .collect();
    if optimize::solve(&mut enc.cnf, &acts).is_none() {
        let conflicts = conflict::extract(&mut enc, base, &requests, &acts);
        let holding = conflict::holding(&mut enc, &acts, &conflicts);
        return Err(SolveError::Conflicts {
            requests,
            conflicts,
            holding,
        });
    }
    optimize_verified(model, base, requests, &mut enc, &acts)
}

/// The encoder of the symbols `requests` need, seeded with the evaluation
/// of base + requests and of the base alone.
fn encoder<'m>(model: &'m Model, base: &[Assignment], requests: &[Request]) -> Encoder<'m> {
    let mut with_requests = base.to_vec();
    with_requests.extend(requests.iter().map(|r| r.assignment(model)));
    let with_requests = crate::config::merge([&crate::ConfigFile {
        assignments: with_requests,
        warnings: Vec::new(),
    }]);
    Encoder::new(
        model,
        evaluate(model, &with_requests),
        evaluate(model, base),
    )
}

/// The optimum of the satisfiable formula, verified by evaluation; the
/// symbols the answer changes outside the encoded set are encoded and the
/// optimum found again, until it changes none (or `MAX_ROUNDS`).
fn optimize_verified<'m>(
    model: &'m Model,
    base: &[Assignment],
    requests: Vec<Request>,
    enc: &mut Encoder<'m>,
    acts: &[Lit],
) -> Result<Solution<'m>, SolveError> {
    let requested: Vec<SymbolId> = requests.iter().map(|r| r.sym).collect();
    let mut stats = Stats::default();
    loop {
        stats.rounds += 1;
        let obj = optimize::objective(enc, &requested);
        let (m, cost) = optimize::lexicographic(&mut enc.cnf, &obj, acts);
        stats.cost = cost;
        let lines = report::answer_lines(enc, &m, &requested);
        let mut ev = report::verify(model, base, &requests, &lines);
        let failed = report::failed_requests(&mut ev, &requests);
        if !failed.is_empty() {
            return Err(SolveError::Unverified {
                requests,
                lines,
                failed,
            });
        }
        let outside = report::changed_outside(enc, &ev);
        if outside.is_empty() || stats.rounds >= MAX_ROUNDS {
            stats.optimal = outside.is_empty();
            stats.encoded = enc.encoded.len();
            (stats.vars, stats.clauses) = (enc.cnf.vars, enc.cnf.clauses);
            stats.frozen = enc.frozen_read.clone();
            return Ok(report::build(
                model,
                base,
                requests,
                lines,
                ev,
                &mut enc.base,
                stats,
            ));
        }
        for s in outside {
            enc.value(s);
        }
    }
}

/// The formula for one request, switched on by the returned literal: the
/// symbol ends with the value, and its line is the request's.
fn encode_request(enc: &mut Encoder<'_>, r: &Request) -> Lit {
    let act = enc.cnf.var();
    let a = Bit::L(act);
    let s = r.sym;
    match r.tristate().filter(|_| enc.model.sym(s).ty.is_logical()) {
        Some(want) if !enc.is_frozen(s) => {
            let v = enc.value(s);
            let holds = enc.cnf.tri_is(v, want);
            enc.cnf.implies(a, holds);
            if let Some(line) = enc.lines.get(&s).copied() {
                enc.cnf.implies(a, Bit::L(line.written));
                let same = enc.cnf.tri_eq(line.value, cnf::Tri::constant(want));
                enc.cnf.implies(a, same);
            }
        }
        Some(want) => {
            let holds = enc.statics.tristate(s) == want;
            enc.cnf.implies(a, Bit::from_bool(holds));
        }
        None => {
            // Text symbols keep their requested value when a prompt shows.
            let vis = enc.visibility(s);
            enc.cnf.implies(a, vis.m);
            let shown = enc.statics.state(s).visible != crate::Tristate::No;
            if shown && enc.statics.string_value(s) != r.expected() {
                enc.cnf.implies(a, Bit::F);
            }
        }
    }
    act
}
