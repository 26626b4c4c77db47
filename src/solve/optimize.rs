//! The policy as a lexicographic optimization: with every request held,
//! first the fewest features lost, then the fewest other symbols changed,
//! then the fewest lines. Each stage finds its optimum by binary search over
//! a cardinality bound (a sequential counter under an assumption), and
//! keeps it as an assumption for the next stage.

use super::cnf::{Bit, Cnf, Counter};
use super::encode::Encoder;
use crate::eval::Tristate;
use crate::model::SymbolId;
use varisat::Lit;

/// A model of the formula: the value of each variable.
pub(crate) type Model = Vec<bool>;

/// Solve under assumptions; the model when satisfiable.
pub(crate) fn solve(cnf: &mut Cnf, assumptions: &[Lit]) -> Option<Model> {
    cnf.solver.assume(assumptions);
    match cnf.solver.solve() {
        Ok(true) => {
            let lits = cnf.solver.model().unwrap_or_default();
            let mut m = vec![false; lits.iter().map(|l| l.index() + 1).max().unwrap_or(0)];
            for l in lits {
                m[l.index()] = l.is_positive();
            }
            Some(m)
        }
        _ => None,
    }
}

/// The costs of the policy, in order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cost {
    pub lost: usize,
    pub changed: usize,
    pub lines: usize,
}

/// The bits each stage counts, over the encoded symbols that are not
/// requested.
pub(crate) struct Objective {
    pub lost: Vec<Bit>,
    pub changed: Vec<Bit>,
    pub lines: Vec<Bit>,
}

pub(crate) fn objective(enc: &mut Encoder<'_>, requested: &[SymbolId]) -> Objective {
    let mut obj = Objective { lost: Vec::new(), changed: Vec::new(), lines: Vec::new() };
    for s in enc.encoded.clone() {
        if requested.contains(&s) {
            continue;
        }
        let v = enc.values[&s];
        let base = enc.base.state(s).curr.tri;
        let is_base = enc.cnf.tri_is(v, base);
        obj.changed.push(is_base.not());
        match base {
            Tristate::Yes => obj.lost.push(v.y.not()),
            Tristate::Mod => obj.lost.push(v.m.not()),
            Tristate::No => {}
        }
    }
    let mut lines: Vec<_> = enc.lines.iter().filter(|(s, _)| !requested.contains(s)).map(|(s, l)| (*s, l.written)).collect();
    lines.sort();
    obj.lines = lines.into_iter().map(|(_, w)| Bit::L(w)).collect();
    obj
}

/// Minimize each stage in turn under `assumptions` (which must be
/// satisfiable); returns the last model and the costs.
pub(crate) fn lexicographic(cnf: &mut Cnf, obj: &Objective, assumptions: &[Lit]) -> (Model, Cost) {
    let mut assumptions = assumptions.to_vec();
    let mut model = solve(cnf, &assumptions).expect("the caller checked satisfiability");
    let lost = minimize(cnf, &obj.lost, &mut assumptions, &mut model);
    let changed = minimize(cnf, &obj.changed, &mut assumptions, &mut model);
    let lines = minimize(cnf, &obj.lines, &mut assumptions, &mut model);
    (model, Cost { lost, changed, lines })
}

fn count(bits: &[Bit], model: &Model) -> usize {
    bits.iter().filter(|b| b.value(model)).count()
}

/// The least number of `bits` that can be true; adds that bound to
/// `assumptions` and leaves in `best` a model that meets it.
fn minimize(cnf: &mut Cnf, bits: &[Bit], assumptions: &mut Vec<Lit>, best: &mut Model) -> usize {
    let offset = bits.iter().filter(|&&b| b == Bit::T).count();
    let free = bits.iter().filter(|b| matches!(b, Bit::L(_))).count();
    let mut ub = count(bits, best);
    let mut lo = offset;
    if lo == ub {
        bound(cnf, bits, assumptions, ub, offset, free);
        return ub;
    }
    let mut cap = (ub - offset).min(64);
    let mut counter = Counter::new(cnf, bits, cap);
    while lo < ub {
        let k = ((lo + ub) / 2).min(counter.cap() - 1);
        let Some(Ok(limit)) = counter.at_most(k) else { unreachable!("k is within the counter") };
        assumptions.push(limit);
        let found = solve(cnf, assumptions);
        assumptions.pop();
        match found {
            Some(m) => {
                ub = count(bits, &m);
                *best = m;
            }
            None => {
                lo = k + 1;
                if lo >= counter.cap() && lo < ub {
                    cap = (cap * 2).min(ub - offset);
                    counter = Counter::new(cnf, bits, cap);
                }
            }
        }
    }
    match counter.at_most(ub) {
        Some(Ok(limit)) => assumptions.push(limit),
        _ => bound(cnf, bits, assumptions, ub, offset, free),
    }
    ub
}

/// Keep "at most `k`" for the next stages.
fn bound(cnf: &mut Cnf, bits: &[Bit], assumptions: &mut Vec<Lit>, k: usize, offset: usize, free: usize) {
    if k >= offset + free {
        return;
    }
    let counter = Counter::new(cnf, bits, k - offset + 1);
    if let Some(Ok(limit)) = counter.at_most(k) {
        assumptions.push(limit);
    }
}
