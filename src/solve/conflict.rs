//! Conflicts: minimal sets of requests that cannot hold together.
//!
//! Each request is switched on by an assumption literal, so the solver's
//! failed assumptions name a conflicting subset; deleting members one at a
//! time while the rest stays unsatisfiable makes it minimal (dropping any
//! one request of it leaves an answer). Those requests are then set aside
//! and the search goes on, so that every independent conflict is named.
//! The explanation of a conflict is read off a real evaluation: the best
//! configuration in which all its other requests hold, and what blocks the
//! remaining one there.

use super::encode::Encoder;
use super::optimize::{lexicographic, objective, solve};
use super::{report, Request};
use crate::config::Assignment;
use crate::explain::{blockers, Link, Operand, Reason};
use crate::model::SymbolId;
use varisat::Lit;

/// Requests that cannot all hold; any one of them can.
#[derive(Clone, Debug)]
pub struct Conflict {
    /// Indices into the requests, in request order.
    pub requests: Vec<usize>,
    /// For one or more members: what blocks it once the others hold.
    pub reasons: Vec<(usize, Vec<Reason>)>,
    /// Symbols the formula kept at their current values (int/hex/string,
    /// `modules`, legacy choices); empty means the conflict is proven on
    /// the full rules.
    pub frozen: Vec<SymbolId>,
}

pub(crate) fn extract(
    enc: &mut Encoder<'_>,
    base: &[Assignment],
    requests: &[Request],
    acts: &[Lit],
) -> Vec<Conflict> {
    let mut active: Vec<usize> = (0..requests.len()).collect();
    let mut cores = Vec::new();
    while solve(&mut enc.cnf, &pick(acts, &active)).is_none() {
        let core = shrink(enc, acts, failed(enc, acts, &active));
        if core.is_empty() {
            break;
        }
        active.retain(|i| !core.contains(i));
        cores.push(core);
    }
    cores
        .into_iter()
        .map(|core| explain(enc, base, requests, acts, core))
        .collect()
}

/// A largest set of requests that hold together: those in no conflict,
/// then each conflict's members in request order while the set stays
/// satisfiable (so the later of two conflicting lines is the one left out,
/// as the later line of a fragment is the newer wish).
pub(crate) fn holding(enc: &mut Encoder<'_>, acts: &[Lit], conflicts: &[Conflict]) -> Vec<usize> {
    let in_conflict: Vec<usize> = conflicts.iter().flat_map(|c| c.requests.clone()).collect();
    let mut keep: Vec<usize> = (0..acts.len())
        .filter(|i| !in_conflict.contains(i))
        .collect();
    let mut candidates = in_conflict;
    candidates.sort_unstable();
    candidates.dedup();
    for i in candidates {
        keep.push(i);
        if solve(&mut enc.cnf, &pick(acts, &keep)).is_none() {
            keep.pop();
        }
    }
    keep.sort_unstable();
    keep
}

fn pick(acts: &[Lit], which: &[usize]) -> Vec<Lit> {
    which.iter().map(|&i| acts[i]).collect()
}

/// The requests among `among` whose assumptions the last solve used.
fn failed(enc: &Encoder<'_>, acts: &[Lit], among: &[usize]) -> Vec<usize> {
    let core = enc.cnf.solver.failed_core().unwrap_or(&[]).to_vec();
    among
        .iter()
        .copied()
        .filter(|&i| core.contains(&acts[i]))
        .collect()
}

/// Deletion: drop each member that the rest does not need.
fn shrink(enc: &mut Encoder<'_>, acts: &[Lit], mut core: Vec<usize>) -> Vec<usize> {
    let mut i = 0;
    while i < core.len() {
        let mut trial = core.clone();
        trial.remove(i);
        if solve(&mut enc.cnf, &pick(acts, &trial)).is_none() {
            core = failed(enc, acts, &trial);
        } else {
            i += 1;
        }
    }
    core
}

/// For each member: the best configuration where the others hold, and
/// what blocks it there. Members whose blockers name another member come
/// first.
fn explain(
    enc: &mut Encoder<'_>,
    base: &[Assignment],
    requests: &[Request],
    acts: &[Lit],
    core: Vec<usize>,
) -> Conflict {
    let model = enc.model;
    let requested: Vec<SymbolId> = requests.iter().map(|r| r.sym).collect();
    let mut reasons = Vec::new();
    for &r in &core {
        let others: Vec<usize> = core.iter().copied().filter(|&i| i != r).collect();
        let obj = objective(enc, &requested);
        let (m, _) = lexicographic(&mut enc.cnf, &obj, &pick(acts, &others));
        let lines = report::answer_lines(enc, &m, &requested);
        let held: Vec<Request> = others.iter().map(|&i| requests[i].clone()).collect();
        let mut ev = report::verify(model, base, &held, &lines);
        let b = blockers(&mut ev, requests[r].sym, &requests[r].value);
        if !b.is_empty() {
            reasons.push((r, b));
        }
    }
    let names_other = |(r, b): &(usize, Vec<Reason>)| {
        let syms: Vec<SymbolId> = core
            .iter()
            .filter(|&&i| i != *r)
            .map(|&i| requests[i].sym)
            .collect();
        b.iter().any(|b| mentions(b, &syms))
    };
    reasons.sort_by_key(|x| !names_other(x));
    Conflict {
        requests: core,
        reasons,
        frozen: enc.frozen_read.clone(),
    }
}

fn mentions(b: &Reason, syms: &[SymbolId]) -> bool {
    let links = |l: &[Link]| l.iter().any(|l| syms.contains(&l.sym));
    let ops = |o: &[Operand]| o.iter().any(|o| o.sym.is_some_and(|s| syms.contains(&s)));
    match b {
        Reason::Promptless { selectors, .. } => links(selectors),
        Reason::Selected { by, .. } => links(by),
        Reason::Capped { operands, .. } => ops(operands),
        Reason::Invisible { prompts } => prompts.iter().any(|(_, o)| ops(o)),
        Reason::Choice { chosen, .. } => chosen.is_some_and(|c| syms.contains(&c)),
        Reason::User { .. }
        | Reason::UserIgnored { .. }
        | Reason::Default { .. }
        | Reason::NoDefault
        | Reason::NotSelected { .. }
        | Reason::ImpliedBy { .. }
        | Reason::NoPrompt
        | Reason::ChoiceNeedsOne { .. }
        | Reason::Type { .. }
        | Reason::ModulesOff { .. }
        | Reason::Range { .. }
        | Reason::DefaultOnly { .. }
        | Reason::Transitional { .. } => false,
    }
}
