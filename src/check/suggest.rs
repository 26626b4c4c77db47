//! "Did you mean": the defined symbols closest to an unknown name
//! (Jaro-Winkler at least [`MIN_SCORE`], the best three).
//!
//! Scoring every defined symbol for every unknown request made `check`
//! cost 18 ms a request on 6.12 (10,000 unknown requests: 8 minutes). Two
//! things keep it linear in the input: a bound computed from letter counts
//! skips most names without scoring them (Jaro-Winkler is at most
//! `j + 0.4 (1 - j)` and the Jaro similarity `j` at most
//! `(c/|a| + c/|b| + 1) / 3`, `c` the letters the two names have in
//! common), and only the first [`MAX_ASKED`] distinct unknown names of a
//! run get suggestions: past that many, the fragment is not a list of
//! typos but one for another tree.
//!
//! Only symbols of the run's architecture are suggested: crypto/Kconfig
//! sources every arch/*/crypto/Kconfig (under `if ARM` and the like), so
//! an x86 model defines CRYPTO_GHASH_ARM_CE, which no x86 config can set.
//! A symbol all of whose definitions are in another architecture's
//! arch/NAME/ directory is left out; the run's architecture is the one
//! whose arch/NAME/Kconfig the tree read (a tree with none, as a test
//! tree, suggests everything).

use crate::model::Model;
use rustc_hash::FxHashMap;

/// Lowest Jaro-Winkler score suggested.
const MIN_SCORE: f64 = 0.85;
/// Distinct unknown names given suggestions per run.
pub(super) const MAX_ASKED: usize = 1000;

/// A name and how many times each byte (folded to 64 buckets) occurs.
struct Entry<'m> {
    name: &'m str,
    chars: f64,
    counts: [u8; 64],
}

/// The defined symbols' names, ready to be compared.
pub struct Suggester<'m> {
    names: Vec<Entry<'m>>,
    asked: FxHashMap<String, Vec<String>>,
}

impl<'m> Suggester<'m> {
    pub fn new(model: &'m Model) -> Suggester<'m> {
        let home = home_arch(model);
        let names = model
            .defined_symbols()
            .filter(|&s| home.map_or(true, |h| of_arch(model, s, h)))
            .filter_map(|s| model.sym(s).name.as_deref())
            .filter_map(entry)
            .collect();
        Suggester {
            names,
            asked: FxHashMap::default(),
        }
    }

    /// Up to three defined names close to `name`, best first (none once
    /// [`MAX_ASKED`] other names were asked about).
    pub fn suggest(&mut self, name: &str) -> Vec<String> {
        if let Some(known) = self.asked.get(name) {
            return known.clone();
        }
        if self.asked.len() >= MAX_ASKED {
            return Vec::new();
        }
        let found = closest(&self.names, name);
        self.asked.insert(name.to_owned(), found.clone());
        found
    }
}

/// The architecture whose arch/NAME/Kconfig the model read.
fn home_arch(model: &Model) -> Option<&str> {
    model.files.iter().find_map(|f| {
        let rest = f.strip_prefix("arch/")?;
        let (arch, file) = rest.split_once('/')?;
        (file == "Kconfig").then_some(arch)
    })
}

/// Whether `s` has a definition outside other architectures' directories.
fn of_arch(model: &Model, s: crate::model::SymbolId, home: &str) -> bool {
    model.sym(s).menus.iter().any(|&m| {
        let file = model.file_name(model.menu(m).loc.file);
        match file.strip_prefix("arch/").and_then(|r| r.split_once('/')) {
            Some((arch, _)) => arch == home,
            None => true,
        }
    })
}

fn entry(name: &str) -> Option<Entry<'_>> {
    Some(Entry {
        name,
        chars: name.chars().count() as f64,
        counts: counts(name)?,
    })
}

/// The best three of `names` for `name`, skipping those the letter-count
/// bound rules out.
fn closest(names: &[Entry<'_>], name: &str) -> Vec<String> {
    let Some(mine) = entry(name) else {
        return Vec::new();
    };
    let scored = (names.iter())
        .filter(|e| {
            let common: u32 = (mine.counts.iter().zip(&e.counts))
                .map(|(a, b)| u32::from(*a.min(b)))
                .sum();
            let c = f64::from(common);
            let jaro = (c / mine.chars + c / e.chars + 1.0) / 3.0;
            jaro + 0.4 * (1.0 - jaro) >= MIN_SCORE - 1e-9
        })
        .map(|e| e.name);
    best_three(name, scored)
}

/// The three of `candidates` scoring best for `name`, at least
/// [`MIN_SCORE`]; ties by name.
fn best_three<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|n| (strsim::jaro_winkler(name, n), n))
        .filter(|(score, _)| *score >= MIN_SCORE)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, n)| n.to_owned())
        .collect()
}

/// Byte counts by bucket (an upper bound of the letters two names share);
/// `None` for an empty name or one too long to count in a byte.
fn counts(name: &str) -> Option<[u8; 64]> {
    if name.is_empty() || name.len() > 255 {
        return None;
    }
    let mut c = [0u8; 64];
    for ch in name.chars() {
        c[(u32::from(ch) % 64) as usize] += 1;
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute(names: &[String], name: &str) -> Vec<String> {
        best_three(name, names.iter().map(String::as_str))
    }

    proptest! {
        #[test]
        fn the_letter_count_bound_never_skips_a_suggestion(
            names in proptest::collection::vec("[A-E_0-2]{1,12}", 1..60),
            name in "[A-E_0-2]{1,12}",
        ) {
            let entries: Vec<Entry<'_>> = names.iter().filter_map(|n| entry(n)).collect();
            prop_assert_eq!(closest(&entries, &name), brute(&names, &name));
        }
    }
}
