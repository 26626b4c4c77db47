//! Where a removed symbol went: candidates in the new tree, each with the
//! evidence for it. A rename's target is a name the old tree did not
//! have, so only such symbols are considered — except for the one pointer
//! Kconfig has for renames: since Linux 6.18 the old name may stay as a
//! `transitional` symbol that the new one takes its `default` from.

use crate::model::{graph::EdgeKind, Model, PropKind, SymbolId};
use rustc_hash::FxHashSet;

/// Why a symbol may be the new name of a removed one.
#[derive(Clone, Debug, PartialEq)]
pub enum Evidence {
    /// Its `default` names the old, now `transitional`, symbol.
    Transitional,
    /// The same prompt text (ignoring case).
    SamePrompt,
    /// Help texts sharing this fraction of their words (Jaccard).
    SimilarHelp(f64),
    /// A similar name, with its score (0..1).
    SimilarName(f64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The symbol in the new tree.
    pub sym: SymbolId,
    pub evidence: Vec<Evidence>,
}

const HELP_THRESHOLD: f64 = 0.6;
const NAME_THRESHOLD: f64 = 0.9;
const JARO_WINKLER_ALONE: f64 = 0.95;
const MAX_CANDIDATES: usize = 5;

/// The symbols of the new tree that are not defined in the old one, with
/// their help text's words, computed once per bump.
pub struct NewNames<'n> {
    new: &'n Model,
    syms: Vec<NewSym>,
}

struct NewSym {
    sym: SymbolId,
    prompts: Vec<String>,
    help: FxHashSet<String>,
}

impl<'n> NewNames<'n> {
    pub fn new(old: &Model, new: &'n Model) -> NewNames<'n> {
        let syms = new
            .defined_symbols()
            .filter(|&s| !new.sym(s).transitional)
            .filter(|&s| super::known(old, new.name(s)).is_none())
            .map(|sym| NewSym {
                sym,
                prompts: prompt_texts(new, sym),
                help: help_words(new, sym),
            })
            .collect();
        NewNames { new, syms }
    }

    /// Candidates for `name`, removed from `old` (where it is `old_sym`),
    /// strongest first.
    pub fn candidates(&self, old: &Model, old_sym: SymbolId, name: &str) -> Vec<Candidate> {
        let mut out = transitional_targets(self.new, name);
        let prompts = prompt_texts(old, old_sym);
        let help = help_words(old, old_sym);
        for NewSym {
            sym: s,
            prompts: theirs,
            help: words,
        } in &self.syms
        {
            let mut evidence = Vec::new();
            if theirs.iter().any(|p| prompts.contains(p)) {
                evidence.push(Evidence::SamePrompt);
            }
            let h = jaccard(&help, words);
            if h >= HELP_THRESHOLD {
                evidence.push(Evidence::SimilarHelp(h));
            }
            let n = name_similarity(name, self.new.name(*s));
            if n >= NAME_THRESHOLD {
                evidence.push(Evidence::SimilarName(n));
            }
            if !evidence.is_empty() && !out.iter().any(|c: &Candidate| c.sym == *s) {
                out.push(Candidate { sym: *s, evidence });
            }
        }
        out.sort_by(|a, b| {
            strength(b)
                .total_cmp(&strength(a))
                .then_with(|| self.new.name(a.sym).cmp(self.new.name(b.sym)))
        });
        out.truncate(MAX_CANDIDATES);
        out
    }
}

/// Transitional evidence outranks everything; then the number of kinds of
/// evidence, then their scores.
fn strength(c: &Candidate) -> f64 {
    c.evidence
        .iter()
        .map(|e| match e {
            Evidence::Transitional => 100.0,
            Evidence::SamePrompt => 2.0,
            Evidence::SimilarHelp(h) => 1.0 + h,
            Evidence::SimilarName(n) => 1.0 + n,
        })
        .sum()
}

/// Symbols whose `default` names `name` where `name` is `transitional`.
fn transitional_targets(new: &Model, name: &str) -> Vec<Candidate> {
    let Some(t) = new.lookup(name).filter(|&t| new.sym(t).transitional) else {
        return Vec::new();
    };
    let mut out: Vec<Candidate> = Vec::new();
    for (s, e) in new.graph().incoming(t) {
        if e.kind == EdgeKind::Default && s != t && !out.iter().any(|c| c.sym == s) {
            out.push(Candidate {
                sym: s,
                evidence: vec![Evidence::Transitional],
            });
        }
    }
    out
}

fn prompt_texts(model: &Model, s: SymbolId) -> Vec<String> {
    model
        .props_of(s, PropKind::Prompt)
        .filter_map(|p| model.prop(p).text.as_deref())
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The words of a symbol's help (lower case, at least three letters);
/// empty for a help too short to compare.
fn help_words(model: &Model, s: SymbolId) -> FxHashSet<String> {
    let text: String = model
        .sym(s)
        .menus
        .iter()
        .filter_map(|&m| model.menu(m).help.as_deref())
        .collect::<Vec<_>>()
        .join(" ");
    let words: FxHashSet<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| w.len() >= 3)
        .map(str::to_lowercase)
        .collect();
    if words.len() < 5 {
        FxHashSet::default()
    } else {
        words
    }
}

fn jaccard(a: &FxHashSet<String>, b: &FxHashSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.iter().filter(|w| b.contains(*w)).count();
    common as f64 / (a.len() + b.len() - common) as f64
}

/// Jaro-Winkler on the names; or 0.9 when one name's `_` words are the
/// other's with words inserted (CRYPTO_GF128MUL became CRYPTO_LIB_GF128MUL)
/// or with the first word replaced (CPU_IBPB_ENTRY became
/// MITIGATION_IBPB_ENTRY).
pub fn name_similarity(a: &str, b: &str) -> f64 {
    let whole = strsim::jaro_winkler(a, b);
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split('_').collect(), b.split('_').collect());
    let same_tail = wa.len() >= 2 && wa.len() == wb.len() && wa[1..] == wb[1..];
    if same_tail
        || (wa.len() >= 2 && subsequence(&wa, &wb))
        || (wb.len() >= 2 && subsequence(&wb, &wa))
    {
        whole.max(0.9)
    } else if whole >= JARO_WINKLER_ALONE {
        whole
    } else {
        // Jaro-Winkler rewards a shared prefix, and CONFIG names share
        // subsystem prefixes: NVME_AUTH scores 0.9 against NVMEM_LAYOUTS.
        0.0
    }
}

/// `short` is `long` with some words left out (and is shorter).
fn subsequence(short: &[&str], long: &[&str]) -> bool {
    let mut it = long.iter();
    short.len() < long.len() && short.iter().all(|w| it.any(|x| x == w))
}
