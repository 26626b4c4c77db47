//! Where a removed symbol went: candidates in the new tree, each with the
//! evidence for it. A rename's target is a name the old tree did not
//! have, so only such symbols are considered — except for the one pointer
//! Kconfig has for renames: since Linux 6.18 the old name may stay as a
//! `transitional` symbol that the new one takes its `default` from.

use super::objects::{similar_successors, successors, ObjectIndex};
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
    /// It builds object files the old symbol built (bump/objects.rs).
    SameObjects(Vec<String>),
    /// It builds objects named like the old ones ("new for old").
    SimilarObjects(Vec<String>),
    /// Its help text names the old symbol.
    HelpNamesOld,
    /// `users` of the `of` symbols that named the old one (depends,
    /// select, default) name this one in the new tree instead.
    UsersMoved { users: usize, of: usize },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The symbol in the new tree.
    pub sym: SymbolId,
    pub evidence: Vec<Evidence>,
    /// It has no prompt in the new tree: what uses it selects it, so the
    /// old line is to be dropped rather than renamed. The selectors, at
    /// most a few, and how many there are.
    pub automatic: Option<(Vec<SymbolId>, usize)>,
}

const HELP_THRESHOLD: f64 = 0.6;
const NAME_THRESHOLD: f64 = 0.9;
const JARO_WINKLER_ALONE: f64 = 0.95;
const MAX_CANDIDATES: usize = 5;

/// The symbols of the new tree that are not defined in the old one, with
/// their help text's words, computed once per bump.
pub(super) struct NewNames<'n> {
    new: &'n Model,
    syms: Vec<NewSym>,
    /// Both trees' object indexes, read when the first removed symbol
    /// asks (None: no trees given, as in tests of models alone).
    objects: Option<std::sync::OnceLock<(ObjectIndex, ObjectIndex)>>,
    roots: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

struct NewSym {
    sym: SymbolId,
    prompts: Vec<String>,
    help: FxHashSet<String>,
}

impl<'n> NewNames<'n> {
    pub(super) fn new(old: &Model, new: &'n Model) -> NewNames<'n> {
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
        NewNames {
            new,
            syms,
            objects: None,
            roots: None,
        }
    }

    /// Also read the trees' Makefiles for where the old code went.
    pub(super) fn with_trees(
        mut self,
        old_root: &std::path::Path,
        new_root: &std::path::Path,
    ) -> Self {
        self.roots = Some((old_root.to_path_buf(), new_root.to_path_buf()));
        self.objects = Some(std::sync::OnceLock::new());
        self
    }

    /// Exact object successors, else similar ones, built for `home` (the
    /// old symbol's architecture directory).
    fn object_successors(&self, name: &str, home: Option<&str>) -> Vec<(SymbolId, Evidence)> {
        let (Some(cell), Some((old_root, new_root))) = (&self.objects, &self.roots) else {
            return Vec::new();
        };
        let (old, new) = cell.get_or_init(|| {
            rayon::join(
                || ObjectIndex::scan(old_root),
                || ObjectIndex::scan(new_root),
            )
        });
        let exact = successors(old, new, name, home);
        let (found, evidence): (_, fn(Vec<String>) -> Evidence) = if exact.is_empty() {
            (
                similar_successors(old, new, name, home),
                Evidence::SimilarObjects,
            )
        } else {
            (exact, Evidence::SameObjects)
        };
        found
            .into_iter()
            .filter_map(|(s, objs)| Some((super::known(self.new, &s)?, evidence(objs))))
            .collect()
    }

    /// Candidates for `name`, removed from `old` (where it is `old_sym`),
    /// strongest first.
    pub(super) fn candidates(&self, old: &Model, old_sym: SymbolId, name: &str) -> Vec<Candidate> {
        let mut out = transitional_targets(self.new, name);
        let home = arch_dir(old, old_sym);
        for (s, e) in self.object_successors(name, home) {
            // Another architecture's driver is no successor on this one.
            if home.is_some() && arch_dir(self.new, s).is_some_and(|a| Some(a) != home) {
                continue;
            }
            add_evidence(&mut out, s, vec![e]);
        }
        for (s, users, of) in moved_users(old, self.new, old_sym) {
            add_evidence(&mut out, s, vec![Evidence::UsersMoved { users, of }]);
        }
        let prompts = prompt_texts(old, old_sym);
        let help = help_words(old, old_sym);
        for NewSym {
            sym: s,
            prompts: theirs,
            help: words,
        } in &self.syms
        {
            let mut evidence = Vec::new();
            if words.contains(&name.to_lowercase()) {
                evidence.push(Evidence::HelpNamesOld);
            }
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
            if !evidence.is_empty() {
                add_evidence(&mut out, *s, evidence);
            }
        }
        for c in &mut out {
            c.automatic = automatic(self.new, c.sym);
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

/// `evidence` for `sym`: added to its candidate, or a new one.
fn add_evidence(out: &mut Vec<Candidate>, sym: SymbolId, evidence: Vec<Evidence>) {
    match out.iter_mut().find(|c| c.sym == sym) {
        Some(c) => c.evidence.extend(evidence),
        None => out.push(Candidate {
            sym,
            evidence,
            automatic: None,
        }),
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
            Evidence::SameObjects(o) => 3.0 + o.len() as f64 / 10.0,
            Evidence::SimilarObjects(o) => 1.5 + o.len() as f64 / 10.0,
            Evidence::HelpNamesOld => 3.0,
            Evidence::UsersMoved { users, of } => 2.0 + *users as f64 / (*of).max(1) as f64,
        })
        .sum()
}

/// The symbols that the old symbol's users name in the new tree and did
/// not name before: (symbol, users that moved to it, users), for a symbol
/// at least two users and half of them moved to.
fn moved_users(old: &Model, new: &Model, r: SymbolId) -> Vec<(SymbolId, usize, usize)> {
    let mut users: Vec<SymbolId> = old
        .graph()
        .incoming(r)
        .into_iter()
        .filter(|(u, e)| *u != r && e.kind != EdgeKind::Range)
        .map(|(u, _)| u)
        .collect();
    users.sort();
    users.dedup();
    let total = users.len();
    let mut counts: rustc_hash::FxHashMap<SymbolId, usize> = Default::default();
    for u in users {
        let Some(nu) = super::known(new, old.name(u)) else {
            continue;
        };
        let before: FxHashSet<&str> = old
            .graph()
            .outgoing(u)
            .iter()
            .map(|(t, _)| old.name(*t))
            .collect();
        let mut now: Vec<SymbolId> = new
            .graph()
            .outgoing(nu)
            .into_iter()
            .map(|(t, _)| t)
            .filter(|&t| {
                t != nu && !before.contains(new.name(t)) && super::known(new, new.name(t)).is_some()
            })
            .collect();
        now.sort();
        now.dedup();
        for t in now {
            *counts.entry(t).or_default() += 1;
        }
    }
    let mut out: Vec<(SymbolId, usize, usize)> = counts
        .into_iter()
        .filter(|&(_, n)| n >= 2 && n * 2 >= total)
        .map(|(s, n)| (s, n, total))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| new.name(a.0).cmp(new.name(b.0))));
    out.truncate(3);
    out
}

/// The architecture directory a symbol is defined under (`arch/x86/...`).
fn arch_dir(model: &Model, s: SymbolId) -> Option<&str> {
    let p = model
        .props_of(s, PropKind::Prompt)
        .next()
        .or_else(|| model.sym(s).props.first().copied())?;
    let file = model.file_name(model.prop(p).loc.file);
    file.strip_prefix("arch/")?.split('/').next()
}

/// A promptless symbol that others select: on whenever what needs it is.
fn automatic(new: &Model, s: SymbolId) -> Option<(Vec<SymbolId>, usize)> {
    if new.props_of(s, PropKind::Prompt).next().is_some() {
        return None;
    }
    let mut by: Vec<SymbolId> = new.selectors(s).iter().map(|&(from, _)| from).collect();
    by.sort_by(|a, b| new.name(*a).cmp(new.name(*b)));
    by.dedup();
    let n = by.len();
    (n > 0).then(|| {
        by.truncate(3);
        (by, n)
    })
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
                automatic: None,
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
pub(super) fn name_similarity(a: &str, b: &str) -> f64 {
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
