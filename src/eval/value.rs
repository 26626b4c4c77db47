//! Values: the three-valued logic of `bool`/`tristate` symbols and the C
//! number parsing that the kernel's string comparisons and ranges rely on.

use std::fmt;

/// `n` < `m` < `y`. `&&` is the minimum, `||` the maximum and `!x` is
/// `2 - x`, so `!m` is `m`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Tristate {
    #[default]
    No = 0,
    Mod = 1,
    Yes = 2,
}

impl Tristate {
    pub fn and(self, o: Tristate) -> Tristate {
        self.min(o)
    }

    pub fn or(self, o: Tristate) -> Tristate {
        self.max(o)
    }

    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Tristate {
        match self {
            Tristate::No => Tristate::Yes,
            Tristate::Mod => Tristate::Mod,
            Tristate::Yes => Tristate::No,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Tristate::No => "n",
            Tristate::Mod => "m",
            Tristate::Yes => "y",
        }
    }

    pub fn from_bool(b: bool) -> Tristate {
        if b {
            Tristate::Yes
        } else {
            Tristate::No
        }
    }
}

impl fmt::Display for Tristate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// C `strtoll(s, NULL, base)` / `strtoull`: leading blanks, an optional sign,
/// an optional `0x` for base 16 (and base 0), digits up to the first other
/// character. Returns the value and whether any digit was read and whether
/// it overflowed (the value then saturates, as in C).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub value: i128,
    pub digits: usize,
    /// Bytes consumed, including sign and prefix.
    pub end: usize,
}

pub fn c_strto(s: &str, base: u32) -> Parsed {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || (b'\t'..=b'\r').contains(&b[i])) {
        i += 1;
    }
    let mut neg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    let mut base = base;
    let has_hex_prefix = i + 2 < b.len() + 1
        && i + 1 < b.len()
        && b[i] == b'0'
        && (b[i + 1] == b'x' || b[i + 1] == b'X')
        && b.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit());
    if (base == 16 || base == 0) && has_hex_prefix {
        i += 2;
        base = 16;
    } else if base == 0 {
        base = if i < b.len() && b[i] == b'0' { 8 } else { 10 };
    }
    let start = i;
    let mut value: i128 = 0;
    while i < b.len() {
        let Some(d) = (b[i] as char).to_digit(base) else {
            break;
        };
        value = (value * base as i128 + d as i128).min(i128::from(u64::MAX) + 1);
        i += 1;
    }
    let digits = i - start;
    if digits == 0 {
        // Nothing parsed: C leaves endptr at the start of the string (or
        // after "0" for a lone "0x").
        let end = if has_hex_prefix { start - 1 } else { 0 };
        return Parsed {
            value: 0,
            digits: usize::from(has_hex_prefix),
            end,
        };
    }
    Parsed {
        value: if neg { -value } else { value },
        digits,
        end: i,
    }
}

/// `strtoll`, saturating to the `long long` range.
pub fn strtoll(s: &str, base: u32) -> i64 {
    let p = c_strto(s, base);
    p.value.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

/// `strtoull`: negative inputs wrap as in C; overflow saturates.
pub fn strtoull(s: &str, base: u32) -> u64 {
    let p = c_strto(s, base);
    if p.value > u64::MAX as i128 {
        u64::MAX
    } else if p.value < 0 {
        let mag = (-p.value).min(u64::MAX as i128) as u64;
        mag.wrapping_neg()
    } else {
        p.value as u64
    }
}

/// Whether `strtoll`/`strtoull` would set `errno` (ERANGE) for `s`.
pub fn overflows(s: &str, base: u32, unsigned: bool) -> bool {
    let p = c_strto(s, base);
    if unsigned {
        p.value.unsigned_abs() > u64::MAX as u128
    } else {
        p.value > i64::MAX as i128 || p.value < i64::MIN as i128
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strtoll_matches_c() {
        assert_eq!(strtoll("42", 10), 42);
        assert_eq!(strtoll("  -7x", 10), -7);
        assert_eq!(strtoll("0x1f", 16), 31);
        assert_eq!(strtoll("1f", 16), 31);
        assert_eq!(strtoll("0x", 16), 0);
        assert_eq!(strtoll("010", 0), 8);
        assert_eq!(strtoll("0x10", 0), 16);
        assert_eq!(strtoll("abc", 10), 0);
        assert_eq!(strtoll("99999999999999999999", 10), i64::MAX);
        assert_eq!(strtoull("ffffffffffffffff", 16), u64::MAX);
    }

    #[test]
    fn end_pointer_of_partial_parses() {
        assert_eq!(c_strto("12ab", 10).end, 2);
        assert_eq!(c_strto("0x", 16).end, 1);
        assert_eq!(c_strto("", 10).end, 0);
    }
}
