//! The policy as a lexicographic optimization: with every request held,
//! first the fewest lines that turn on a feature nobody asked for (an answer
//! does not switch on CONFIG_OF to keep a panel driver; a choice member is
//! not counted), then the fewest
//! features lost, then the fewest lines, then the fewest other symbols
//! changed. Losses and changes are counted against what the requests give
//! on their own (the base and the requests through `olddefconfig`): what
//! the user's own lines cost is a consequence to list, not damage for the
//! answer to repair. Each stage finds its optimum by binary search over a
//! cardinality bound (a sequential counter under an assumption), and keeps
//! it as an assumption for the next stage.

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
    pub turned_on: usize,
    pub lost: usize,
    pub lines: usize,
    pub changed: usize,
}

/// The bits each stage counts, over the encoded symbols that are not
/// requested. A loss is a feature (a symbol with a prompt) ending below
/// the value the requests alone give it; a turn-on is an answer line
/// setting such a feature that is `n` there to `m` or `y`.
pub(crate) struct Objective {
    pub turned_on: Vec<Bit>,
    pub lost: Vec<Bit>,
    pub changed: Vec<Bit>,
    pub lines: Vec<Bit>,
}

pub(crate) fn objective(enc: &mut Encoder<'_>, requested: &[SymbolId]) -> Objective {
    let mut obj = Objective {
        turned_on: Vec::new(),
        lost: Vec::new(),
        changed: Vec::new(),
        lines: Vec::new(),
    };
    for s in enc.encoded.clone() {
        if requested.contains(&s) {
            continue;
        }
        let v = enc.values[&s];
        let base = enc.statics.state(s).curr.tri;
        // Picking a choice's member is not switching on a feature: the
        // choice has one member on whatever the answer.
        let sym = enc.model.sym(s);
        let member = sym.choice_block.is_some() || sym.choice_menu.is_some();
        let feature = enc.has_prompt(s) && !member;
        if let (Some(line), Tristate::No, true) = (enc.lines.get(&s).copied(), base, feature) {
            let on = enc.cnf.and(Bit::L(line.written), line.value.m);
            obj.turned_on.push(on);
        }
        let is_base = enc.cnf.tri_is(v, base);
        obj.changed.push(is_base.not());
        match base {
            _ if !enc.has_prompt(s) => {}
            Tristate::Yes => obj.lost.push(v.y.not()),
            Tristate::Mod => obj.lost.push(v.m.not()),
            Tristate::No => {}
        }
    }
    let mut lines: Vec<_> = enc
        .lines
        .iter()
        .filter(|(s, _)| !requested.contains(s))
        .map(|(s, l)| (*s, l.written))
        .collect();
    lines.sort();
    obj.lines = lines.into_iter().map(|(_, w)| Bit::L(w)).collect();
    obj
}

/// Minimize each stage in turn under `assumptions` (which must be
/// satisfiable); returns the last model and the costs.
pub(crate) fn lexicographic(cnf: &mut Cnf, obj: &Objective, assumptions: &[Lit]) -> (Model, Cost) {
    let mut assumptions = assumptions.to_vec();
    let mut model = solve(cnf, &assumptions).expect("the caller checked satisfiability");
    let turned_on = minimize(cnf, &obj.turned_on, &mut assumptions, &mut model);
    let lost = minimize(cnf, &obj.lost, &mut assumptions, &mut model);
    let lines = minimize(cnf, &obj.lines, &mut assumptions, &mut model);
    let changed = minimize(cnf, &obj.changed, &mut assumptions, &mut model);
    (
        model,
        Cost {
            turned_on,
            lost,
            lines,
            changed,
        },
    )
}

fn count(bits: &[Bit], model: &Model) -> usize {
    bits.iter().filter(|b| b.value(model)).count()
}

/// A soft assumption of the core-guided search: `viol` should be false;
/// when it comes from a counter, which output it is.
struct Soft {
    viol: Lit,
    counter: Option<(usize, usize)>,
}

/// Counters over a core count this far; a core needing more is refined by
/// binary search afterwards.
const CORE_CAP: usize = 16;

/// The least number of `bits` that can be true; adds that bound to
/// `assumptions` and leaves in `best` a model that meets it.
///
/// Core-guided (OLL): assume every bit false; each unsatisfiable core of
/// those assumptions raises the lower bound by one and is replaced by "at
/// most one of these", then two, and so on, so that counters are only built
/// over the few bits that conflict. A final counter over all bits then
/// states the optimum exactly for the next stages.
fn minimize(cnf: &mut Cnf, bits: &[Bit], assumptions: &mut Vec<Lit>, best: &mut Model) -> usize {
    let offset = bits.iter().filter(|&&b| b == Bit::T).count();
    let mut softs: Vec<Soft> = bits
        .iter()
        .filter_map(|b| {
            if let Bit::L(l) = b {
                Some(Soft {
                    viol: *l,
                    counter: None,
                })
            } else {
                None
            }
        })
        .collect();
    let free = softs.len();
    let mut counters: Vec<Counter> = Vec::new();
    let mut lb = offset;
    loop {
        let mut a = assumptions.clone();
        a.extend(softs.iter().map(|s| !s.viol));
        if let Some(m) = solve(cnf, &a) {
            *best = m;
            break;
        }
        let core: Vec<Lit> = cnf.solver.failed_core().unwrap_or(&[]).to_vec();
        let (hit, keep): (Vec<Soft>, Vec<Soft>) =
            softs.into_iter().partition(|s| core.contains(&!s.viol));
        softs = keep;
        if hit.is_empty() {
            break;
        }
        lb += 1;
        for s in &hit {
            if let Some((c, j)) = s.counter {
                if let Some(&o) = counters[c].at_least.get(j + 1) {
                    softs.push(Soft {
                        viol: o,
                        counter: Some((c, j + 1)),
                    });
                }
            }
        }
        if hit.len() > 1 {
            let viols: Vec<Bit> = hit.iter().map(|s| Bit::L(s.viol)).collect();
            let counter = Counter::new(cnf, &viols, viols.len().min(CORE_CAP));
            softs.push(Soft {
                viol: counter.at_least[1],
                counter: Some((counters.len(), 1)),
            });
            counters.push(counter);
        }
    }
    let mut k = count(bits, best);
    if k > lb {
        k = refine(cnf, bits, assumptions, best, lb, k);
    }
    bound(cnf, bits, assumptions, k, offset, free);
    k
}

/// Binary search between a lower bound and the cost of `best`.
fn refine(
    cnf: &mut Cnf,
    bits: &[Bit],
    assumptions: &[Lit],
    best: &mut Model,
    mut lo: usize,
    mut ub: usize,
) -> usize {
    let offset = bits.iter().filter(|&&b| b == Bit::T).count();
    let counter = Counter::new(cnf, bits, ub - offset);
    while lo < ub {
        let k = (lo + ub) / 2;
        let Some(Ok(limit)) = counter.at_most(k) else {
            break;
        };
        let mut a = assumptions.to_vec();
        a.push(limit);
        match solve(cnf, &a) {
            Some(m) => {
                ub = count(bits, &m);
                *best = m;
            }
            None => lo = k + 1,
        }
    }
    ub
}

/// Keep "at most `k`" for the next stages.
fn bound(
    cnf: &mut Cnf,
    bits: &[Bit],
    assumptions: &mut Vec<Lit>,
    k: usize,
    offset: usize,
    free: usize,
) {
    if k >= offset + free {
        return;
    }
    if k == offset {
        assumptions.extend(bits.iter().filter_map(|b| {
            if let Bit::L(l) = b {
                Some(!*l)
            } else {
                None
            }
        }));
        return;
    }
    let counter = Counter::new(cnf, bits, k - offset + 1);
    if let Some(Ok(limit)) = counter.at_most(k) {
        assumptions.push(limit);
    }
}
