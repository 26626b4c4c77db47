//! Propositional building blocks over a CDCL solver (varisat): bits that
//! fold constants, hash-consed Tseitin gates, two-bit tristates, and a
//! sequential counter for cardinality bounds.
//!
//! A tristate value `v` is the pair (`v >= m`, `v >= y`), with
//! `v >= y` implying `v >= m`. Then `&&` and `||` are componentwise, and
//! `!v` is (`!(v >= y)`, `!(v >= m)`), which is Kconfig's `2 - v`.

use rustc_hash::FxHashMap;
use varisat::{ExtendFormula, Lit, Solver};

/// A literal or a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Bit {
    F,
    T,
    L(Lit),
}

impl Bit {
    pub(crate) fn not(self) -> Bit {
        match self {
            Bit::F => Bit::T,
            Bit::T => Bit::F,
            Bit::L(l) => Bit::L(!l),
        }
    }

    pub(crate) fn from_bool(b: bool) -> Bit {
        if b {
            Bit::T
        } else {
            Bit::F
        }
    }

    /// The value under a model (indexed by variable).
    pub(crate) fn value(self, model: &[bool]) -> bool {
        match self {
            Bit::F => false,
            Bit::T => true,
            Bit::L(l) => model[l.index()] == l.is_positive(),
        }
    }
}

/// A tristate as two bits: at least `m`, at least `y`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Tri {
    pub m: Bit,
    pub y: Bit,
}

impl Tri {
    pub(crate) const N: Tri = Tri {
        m: Bit::F,
        y: Bit::F,
    };
    pub(crate) const M: Tri = Tri {
        m: Bit::T,
        y: Bit::F,
    };
    pub(crate) const Y: Tri = Tri {
        m: Bit::T,
        y: Bit::T,
    };

    pub(crate) fn constant(t: crate::eval::Tristate) -> Tri {
        match t {
            crate::eval::Tristate::No => Tri::N,
            crate::eval::Tristate::Mod => Tri::M,
            crate::eval::Tristate::Yes => Tri::Y,
        }
    }

    pub(crate) fn not(self) -> Tri {
        Tri {
            m: self.y.not(),
            y: self.m.not(),
        }
    }

    /// `m` rounds up to `y` (a bool, or any tristate while modules are off).
    pub(crate) fn as_bool(self) -> Tri {
        Tri {
            m: self.m,
            y: self.m,
        }
    }

    pub(crate) fn as_const(self) -> Option<crate::eval::Tristate> {
        use crate::eval::Tristate::*;
        match (self.m, self.y) {
            (Bit::F, _) => Some(No),
            (Bit::T, Bit::F) => Some(Mod),
            (Bit::T, Bit::T) => Some(Yes),
            _ => None,
        }
    }

    pub(crate) fn value(self, model: &[bool]) -> crate::eval::Tristate {
        use crate::eval::Tristate::*;
        match (self.m.value(model), self.y.value(model)) {
            (_, true) => Yes,
            (true, false) => Mod,
            (false, false) => No,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Gate {
    And(Lit, Lit),
    Ite(Lit, Lit, Lit),
}

/// The formula under construction, inside an incremental solver.
pub(crate) struct Cnf {
    pub solver: Solver<'static>,
    gates: FxHashMap<Gate, Lit>,
    pub vars: usize,
    pub clauses: usize,
}

impl Cnf {
    pub(crate) fn new() -> Cnf {
        Cnf {
            solver: Solver::new(),
            gates: FxHashMap::default(),
            vars: 0,
            clauses: 0,
        }
    }

    pub(crate) fn var(&mut self) -> Lit {
        self.vars += 1;
        self.solver.new_lit()
    }

    /// A clause over bits: satisfied if any bit is `T`, `F`s dropped.
    pub(crate) fn clause(&mut self, bits: &[Bit]) {
        let mut lits = Vec::with_capacity(bits.len());
        for &b in bits {
            match b {
                Bit::T => return,
                Bit::F => {}
                Bit::L(l) => lits.push(l),
            }
        }
        self.clauses += 1;
        self.solver.add_clause(&lits);
    }

    pub(crate) fn implies(&mut self, a: Bit, b: Bit) {
        self.clause(&[a.not(), b]);
    }

    pub(crate) fn and(&mut self, a: Bit, b: Bit) -> Bit {
        match (a, b) {
            (Bit::F, _) | (_, Bit::F) => Bit::F,
            (Bit::T, x) | (x, Bit::T) => x,
            (Bit::L(x), Bit::L(y)) if x == y => a,
            (Bit::L(x), Bit::L(y)) if x == !y => Bit::F,
            (Bit::L(x), Bit::L(y)) => {
                let key = Gate::And(x.min(y), x.max(y));
                if let Some(&g) = self.gates.get(&key) {
                    return Bit::L(g);
                }
                let g = self.var();
                self.solver.add_clause(&[!g, x]);
                self.solver.add_clause(&[!g, y]);
                self.solver.add_clause(&[g, !x, !y]);
                self.clauses += 3;
                self.gates.insert(key, g);
                Bit::L(g)
            }
        }
    }

    pub(crate) fn or(&mut self, a: Bit, b: Bit) -> Bit {
        self.and(a.not(), b.not()).not()
    }

    pub(crate) fn or_all(&mut self, bits: &[Bit]) -> Bit {
        bits.iter().fold(Bit::F, |acc, &b| self.or(acc, b))
    }

    /// `if c then t else e`.
    pub(crate) fn ite(&mut self, c: Bit, t: Bit, e: Bit) -> Bit {
        match (c, t, e) {
            (Bit::T, _, _) => t,
            (Bit::F, _, _) => e,
            _ if t == e => t,
            (_, Bit::T, _) => self.or(c, e),
            (_, Bit::F, _) => self.and(c.not(), e),
            (_, _, Bit::T) => self.or(c.not(), t),
            (_, _, Bit::F) => self.and(c, t),
            (Bit::L(c), Bit::L(t), Bit::L(e)) => {
                let key = Gate::Ite(c, t, e);
                if let Some(&g) = self.gates.get(&key) {
                    return Bit::L(g);
                }
                let g = self.var();
                for cl in [[!c, !t, g], [!c, t, !g], [c, !e, g], [c, e, !g]] {
                    self.solver.add_clause(&cl);
                }
                self.clauses += 4;
                self.gates.insert(key, g);
                Bit::L(g)
            }
        }
    }

    pub(crate) fn tri_and(&mut self, a: Tri, b: Tri) -> Tri {
        Tri {
            m: self.and(a.m, b.m),
            y: self.and(a.y, b.y),
        }
    }

    pub(crate) fn tri_or(&mut self, a: Tri, b: Tri) -> Tri {
        Tri {
            m: self.or(a.m, b.m),
            y: self.or(a.y, b.y),
        }
    }

    pub(crate) fn tri_ite(&mut self, c: Bit, t: Tri, e: Tri) -> Tri {
        Tri {
            m: self.ite(c, t.m, e.m),
            y: self.ite(c, t.y, e.y),
        }
    }

    /// `a == b` as a bit.
    pub(crate) fn tri_eq(&mut self, a: Tri, b: Tri) -> Bit {
        let m = self.ite(a.m, b.m, b.m.not());
        let y = self.ite(a.y, b.y, b.y.not());
        self.and(m, y)
    }

    /// A free tristate (a free bool when `bool_like`).
    pub(crate) fn free_tri(&mut self, bool_like: bool) -> Tri {
        let m = Bit::L(self.var());
        if bool_like {
            return Tri { m, y: m };
        }
        let y = Bit::L(self.var());
        self.implies(y, m);
        Tri { m, y }
    }

    /// The bit "value is exactly `t`".
    pub(crate) fn tri_is(&mut self, v: Tri, t: crate::eval::Tristate) -> Bit {
        match t {
            crate::eval::Tristate::No => v.m.not(),
            crate::eval::Tristate::Mod => self.and(v.m, v.y.not()),
            crate::eval::Tristate::Yes => v.y,
        }
    }
}

/// Sequential counter over some bits: `at_least[j]` is implied whenever
/// `j + 1` inputs are true, so assuming `!at_least[k]` bounds the count by
/// `k` (only the direction needed for upper bounds is encoded).
pub(crate) struct Counter {
    /// Inputs that are constantly true.
    pub offset: usize,
    pub at_least: Vec<Lit>,
}

impl Counter {
    /// Counts up to `cap` (the bits of `at_least` are for 1..=cap).
    pub(crate) fn new(cnf: &mut Cnf, inputs: &[Bit], cap: usize) -> Counter {
        let offset = inputs.iter().filter(|&&b| b == Bit::T).count();
        let lits: Vec<Lit> = inputs
            .iter()
            .filter_map(|b| if let Bit::L(l) = b { Some(*l) } else { None })
            .collect();
        let cap = cap.max(1);
        let mut prev: Vec<Lit> = Vec::new();
        for &x in &lits {
            let cur: Vec<Lit> = (0..cap).map(|_| cnf.var()).collect();
            for j in 0..cap {
                if j == 0 {
                    cnf.clause(&[Bit::L(!x), Bit::L(cur[0])]);
                } else if let Some(&p) = prev.get(j - 1) {
                    cnf.clause(&[Bit::L(!x), Bit::L(!p), Bit::L(cur[j])]);
                }
                if let Some(&p) = prev.get(j) {
                    cnf.clause(&[Bit::L(!p), Bit::L(cur[j])]);
                }
            }
            prev = cur;
        }
        Counter {
            offset,
            at_least: prev,
        }
    }

    /// The assumption "at most `k` inputs are true", or `None` when `k` is
    /// past what this counter can bound (every count up to `cap` is
    /// possible) — the caller then needs no assumption if `k >= inputs`.
    pub(crate) fn at_most(&self, k: usize) -> Option<Result<Lit, ()>> {
        if k < self.offset {
            return Some(Err(()));
        }
        self.at_least.get(k - self.offset).map(|&l| Ok(!l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Tristate;

    const ALL: [Tristate; 3] = [Tristate::No, Tristate::Mod, Tristate::Yes];

    /// Pin a free tristate to `t` and read `f` of it back from a model.
    fn check_unary(
        f: impl Fn(&mut Cnf, Tri, Tri) -> Tri,
        g: impl Fn(Tristate, Tristate) -> Tristate,
    ) {
        for a in ALL {
            for b in ALL {
                let mut cnf = Cnf::new();
                let (x, y) = (cnf.free_tri(false), cnf.free_tri(false));
                let r = f(&mut cnf, x, y);
                let (ia, ib) = (cnf.tri_is(x, a), cnf.tri_is(y, b));
                cnf.clause(&[ia]);
                cnf.clause(&[ib]);
                let m = crate::solve::optimize::solve(&mut cnf, &[]).expect("satisfiable");
                assert_eq!(r.value(&m), g(a, b), "{a} {b}");
            }
        }
    }

    #[test]
    fn tristate_gates_match_kconfig_logic() {
        check_unary(|c, x, y| c.tri_and(x, y), Tristate::and);
        check_unary(|c, x, y| c.tri_or(x, y), Tristate::or);
        check_unary(|_, x, _| x.not(), |a, _| a.not());
        check_unary(
            |c, x, y| {
                let e = c.tri_eq(x, y);
                Tri { m: e, y: e }
            },
            |a, b| Tristate::from_bool(a == b),
        );
    }

    #[test]
    fn counter_bounds_the_number_of_true_inputs() {
        let mut cnf = Cnf::new();
        let xs: Vec<Bit> = (0..5).map(|_| Bit::L(cnf.var())).collect();
        let counter = Counter::new(&mut cnf, &xs, 3);
        for k in 0..3 {
            let Some(Ok(limit)) = counter.at_most(k) else {
                panic!("bound {k}")
            };
            let mut a = vec![limit];
            a.extend(xs.iter().take(k + 1).map(|b| {
                if let Bit::L(l) = b {
                    *l
                } else {
                    unreachable!()
                }
            }));
            assert!(
                crate::solve::optimize::solve(&mut cnf, &a).is_none(),
                "k={k}"
            );
            a.pop();
            assert!(
                crate::solve::optimize::solve(&mut cnf, &a).is_some(),
                "k={k}"
            );
        }
    }
}
