//! glibc's `srand`/`rand`: the TYPE_3 additive feedback generator of
//! `random_r` (31 words of state, separation 3), seeded by `__srandom_r`'s
//! Park–Miller recurrence and 310 discarded outputs. randconfig must draw
//! the very numbers the kernel's conf draws on glibc for the same
//! `KCONFIG_SEED`, so this follows stdlib/random_r.c exactly.

use crate::eval::modes::Rand;

const DEG: usize = 31;
const SEP: usize = 3;

/// The state `srand(seed)` leaves and `rand()` advances.
#[derive(Clone, Debug)]
pub struct GlibcRand {
    state: [i32; DEG],
    front: usize,
    rear: usize,
}

impl GlibcRand {
    /// `srand(seed)`.
    pub fn new(seed: u32) -> GlibcRand {
        let seed = if seed == 0 { 1 } else { seed };
        let mut state = [0i32; DEG];
        state[0] = seed as i32;
        let mut word = seed as i32;
        for slot in state.iter_mut().skip(1) {
            let hi = word / 127_773;
            let lo = word % 127_773;
            let mut w = 16_807i64 * lo as i64 - 2_836i64 * hi as i64;
            if w < 0 {
                w += 2_147_483_647;
            }
            word = w as i32;
            *slot = word;
        }
        let mut r = GlibcRand {
            state,
            front: SEP,
            rear: 0,
        };
        for _ in 0..DEG * 10 {
            r.next();
        }
        r
    }

    /// `random_r`: the next value in `0..=RAND_MAX`.
    fn next(&mut self) -> i32 {
        let val = (self.state[self.front] as u32).wrapping_add(self.state[self.rear] as u32);
        self.state[self.front] = val as i32;
        self.front = (self.front + 1) % DEG;
        self.rear = (self.rear + 1) % DEG;
        (val >> 1) as i32
    }
}

impl Rand for GlibcRand {
    fn rand(&mut self) -> i32 {
        self.next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `srand(1); rand()` on glibc prints these (the classic sequence).
    #[test]
    fn seed_1_gives_glibcs_sequence() {
        let mut r = GlibcRand::new(1);
        let got: Vec<i32> = (0..5).map(|_| r.rand()).collect();
        assert_eq!(
            got,
            [1804289383, 846930886, 1681692777, 1714636915, 1957747793]
        );
    }

    /// A seed above `INT_MAX` wraps into the first state word as in C
    /// (values printed by glibc's `srand(0xdeadbeef); rand()`).
    #[test]
    fn large_seed_matches_glibc() {
        let mut r = GlibcRand::new(0xdead_beef);
        let got: Vec<i32> = (0..5).map(|_| r.rand()).collect();
        assert_eq!(got, [352217057, 918588210, 499345174, 513054021, 248820349]);
    }

    #[test]
    fn seed_0_is_seed_1() {
        let (mut a, mut b) = (GlibcRand::new(0), GlibcRand::new(1));
        assert_eq!(a.rand(), b.rand());
    }
}
