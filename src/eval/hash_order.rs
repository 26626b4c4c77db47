//! The order of legacy conf's `for_all_symbols`: the buckets of its symbol
//! hash table (`symbol_hash`, `SYMBOL_HASHSIZE` 9973, the FNV-1 `strhash`
//! of the name; an unnamed choice goes to bucket 0), and within a bucket
//! the newest symbol first, since `sym_lookup` pushes new symbols at the
//! bucket's head (scripts/kconfig/symbol.c of 6.1).
//!
//! The model creates symbols on first use, in the order the kernel's parser
//! meets them, so a symbol's id stands for its creation time. The constants
//! `n`, `m` and `y` live outside the table.

use crate::model::{Model, SymbolId};

const SYMBOL_HASHSIZE: u32 = 9973;

/// `strhash`: 32-bit FNV-1 over the name's bytes as C `char` (signed on
/// the kernel's build hosts).
pub(super) fn strhash(name: &str) -> u32 {
    name.bytes().fold(2166136261u32, |h, b| {
        (h ^ (b as i8 as i32 as u32)).wrapping_mul(0x0100_0193)
    })
}

/// Every symbol of the table, in `for_all_symbols` order.
pub(super) fn legacy_symbol_order(model: &Model) -> Vec<SymbolId> {
    let mut keyed: Vec<(u32, std::cmp::Reverse<u32>)> = (3..model.symbols.len() as u32)
        .map(|i| {
            let bucket = model.symbols[i as usize]
                .name
                .as_deref()
                .map_or(0, |n| strhash(n) % SYMBOL_HASHSIZE);
            (bucket, std::cmp::Reverse(i))
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| SymbolId(i.0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strhash_is_fnv1_32() {
        assert_eq!(strhash(""), 2166136261);
        // FNV-1 32 of "a": (0x811c9dc5 ^ 0x61) * 0x01000193
        assert_eq!(
            strhash("a"),
            (0x811c_9dc5u32 ^ 0x61).wrapping_mul(0x0100_0193)
        );
    }
}
