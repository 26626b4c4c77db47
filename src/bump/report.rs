//! The bump's results as small serde structs (`--format json`, documented
//! in docs/bump.md); the text and GitHub renderings are drawn from the
//! same structs. Built after the computation, from the core types and the
//! two evaluations.

use super::rename::Evidence;
use super::{Bump, Change, Consequence, Line, RequestDiff, SymbolDiff, Verdict};
use crate::eval::Evaluation;
use crate::explain::Limits;
use crate::model::{graph::EdgeKind, Model, PropKind, SymbolId};
use crate::report::{ReasonNode as Reason, Reasons};
use serde::Serialize;

/// Version of the JSON schema; bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize)]
pub struct BumpReport {
    pub schema: u32,
    pub from: String,
    pub to: String,
    /// No request lost, none names a removed symbol (exit status 0).
    pub ok: bool,
    pub summary: Summary,
    pub requests: Vec<RequestReport>,
    /// How many symbols were compared (named and their dependency cones).
    pub compared: usize,
    /// The compared symbols that differ.
    pub symbols: Vec<SymbolReport>,
    pub consequences: Vec<ConsequenceReport>,
    /// Text output: list the definitions that change no outcome too (they
    /// are only counted otherwise; JSON always has them).
    #[serde(skip)]
    pub all_diffs: bool,
    /// The options new on the target tree for this config, in menu order.
    pub new_options: Vec<NewOptionReport>,
}

/// An option the config meets for the first time on the new tree.
#[derive(Clone, Debug, Serialize)]
pub struct NewOptionReport {
    pub symbol: String,
    /// The title of the `menu` it is in (`Main menu` at the top).
    pub menu: String,
    /// The value it gets by default (what `make olddefconfig` writes).
    pub value: String,
    /// It defaults to `y` or `m`: the build changes unless the config says no.
    pub on_by_default: bool,
    pub file: String,
    pub line: u32,
}

/// Requests by verdict.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub held: usize,
    pub lost: usize,
    pub removed: usize,
    pub gained: usize,
    pub not_held: usize,
    pub unknown: usize,
    /// Requests whose symbol only the new tree defines.
    pub newly_known: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct RequestReport {
    pub symbol: String,
    /// The value asked for, as written (`n` for `is not set`).
    pub value: String,
    pub file: String,
    pub line: u32,
    /// `held`, `lost`, `removed`, `gained`, `not-held` or `unknown`.
    pub verdict: &'static str,
    pub old: Side,
    pub new: Side,
    /// For a request held on neither tree: whether the reasons are the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_reason: Option<bool>,
}

/// A request on one tree.
#[derive(Clone, Debug, Serialize)]
pub struct Side {
    /// The tree defines the symbol.
    pub known: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub held: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SymbolReport {
    pub symbol: String,
    /// A fragment sets this symbol (otherwise it is in a dependency cone).
    pub named: bool,
    /// The change touches an outcome: the symbol's value differs between
    /// the two trees, or it is a request that does not hold on both.
    pub changes_outcome: bool,
    pub changes: Vec<ChangeReport>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ChangeReport {
    Removed {
        transitional: bool,
        candidates: Vec<CandidateReport>,
    },
    Added {
        file: String,
        line: u32,
    },
    TypeChanged {
        old: &'static str,
        new: &'static str,
    },
    PromptRemoved {
        lines: Vec<LineReport>,
        candidates: Vec<CandidateReport>,
    },
    PromptAdded {
        lines: Vec<LineReport>,
    },
    Lines {
        removed: Vec<LineReport>,
        added: Vec<LineReport>,
    },
    Moved {
        old: Vec<String>,
        new: Vec<String>,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct CandidateReport {
    pub symbol: String,
    pub file: String,
    pub line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    pub evidence: Vec<EvidenceReport>,
    /// No prompt in the new tree: what needs it selects it (drop the line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automatic: Option<AutomaticReport>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AutomaticReport {
    /// Some of the symbols that select it.
    pub selected_by: Vec<String>,
    /// How many do.
    pub count: usize,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EvidenceReport {
    Transitional,
    SamePrompt,
    SimilarHelp {
        score: f64,
    },
    SimilarName {
        score: f64,
    },
    /// Object files (Kbuild names) the old symbol built and this one builds.
    SameObjects {
        objects: Vec<String>,
    },
    /// Objects named like the old ones: "NEW for OLD" pairs.
    SimilarObjects {
        objects: Vec<String>,
    },
    HelpNamesOld,
    /// `users` of the `of` symbols that named the old one name this one now.
    UsersMoved {
        users: usize,
        of: usize,
    },
}

/// A definition line, with the place it is written.
#[derive(Clone, Debug, Serialize)]
pub struct LineReport {
    /// `prompt`, `depends on`, `select`, `imply`, `default` or `range`.
    pub kind: &'static str,
    pub text: String,
    /// Inherited from an enclosing `menu`, `if` or `menuconfig`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inherited: bool,
    pub file: String,
    pub line: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct ConsequenceReport {
    /// The symbol a fragment sets.
    pub symbol: String,
    /// `select`, `imply` or `depends`.
    pub kind: &'static str,
    pub target: String,
    /// The target's value on the new tree with the fragments applied.
    pub target_value: String,
    /// The old tree does not define the target.
    pub target_is_new: bool,
    pub file: String,
    pub line: u32,
    /// The fragment line that sets `symbol`.
    pub request_file: String,
    pub request_line: u32,
}

/// Labels for the two trees (their paths, as the user gave them).
pub struct Labels<'a> {
    pub from: &'a str,
    pub to: &'a str,
}

/// The report of a finished bump.
pub fn build(bump: &mut Bump<'_, '_>, labels: Labels<'_>) -> BumpReport {
    let requests: Vec<RequestReport> = bump
        .requests
        .iter()
        .map(|r| request(&mut bump.old, &mut bump.new, r))
        .collect();
    let new = bump.new.model;
    let diffs = std::mem::take(&mut bump.symbols);
    let symbols = diffs
        .iter()
        .map(|d| {
            let mut r = symbol(new, d, &bump.requests);
            r.changes_outcome = changes_outcome(bump, d);
            r
        })
        .collect();
    bump.symbols = diffs;
    let consequences = bump
        .consequences
        .iter()
        .map(|c| consequence(&mut bump.new, c, &bump.requests))
        .collect();
    BumpReport {
        schema: SCHEMA_VERSION,
        from: labels.from.to_string(),
        to: labels.to.to_string(),
        ok: !bump.failed(),
        summary: summary(&bump.requests),
        requests,
        compared: bump.compared,
        symbols,
        consequences,
        all_diffs: false,
        new_options: new_options(&mut bump.new, &bump.new_options),
    }
}

/// Whether a definition change shows in a result: the symbol's value on
/// the two trees, or the verdict of its request.
fn changes_outcome(bump: &mut Bump<'_, '_>, d: &SymbolDiff) -> bool {
    let named_not_held = bump
        .requests
        .iter()
        .any(|r| r.request.name == d.name && r.verdict != Verdict::Held);
    // A symbol that is gone, or off, or empty, is the same nothing.
    let on = |v: String| Some(v).filter(|v| v != "n" && !v.is_empty());
    let old = super::known(bump.old.model, &d.name).and_then(|s| on(bump.old.string_value(s)));
    let new = super::known(bump.new.model, &d.name).and_then(|s| on(bump.new.string_value(s)));
    named_not_held || old != new
}

fn new_options(
    ev: &mut Evaluation<'_>,
    options: &[crate::config::modes::NewOption],
) -> Vec<NewOptionReport> {
    let model = ev.model;
    options
        .iter()
        .map(|o| {
            let value = ev.string_value(o.sym);
            let loc = model.menu(model.sym(o.sym).menus[0]).loc;
            let menu = model
                .menu(o.menu)
                .prompt
                .and_then(|p| model.prop(p).text.clone())
                .unwrap_or_else(|| "Main menu".to_string());
            NewOptionReport {
                symbol: model.name(o.sym).to_string(),
                menu,
                on_by_default: model.sym(o.sym).ty.is_logical() && value != "n",
                value,
                file: model.file_name(loc.file).to_string(),
                line: loc.line,
            }
        })
        .collect()
}

fn summary(requests: &[RequestDiff]) -> Summary {
    let mut s = Summary::default();
    for r in requests {
        s.newly_known += usize::from(r.old.sym.is_none() && r.new.sym.is_some());
        *match r.verdict {
            Verdict::Held => &mut s.held,
            Verdict::Lost => &mut s.lost,
            Verdict::Removed => &mut s.removed,
            Verdict::Gained => &mut s.gained,
            Verdict::NotHeld => &mut s.not_held,
            Verdict::Unknown => &mut s.unknown,
        } += 1;
    }
    s
}

fn request(
    old_ev: &mut Evaluation<'_>,
    new_ev: &mut Evaluation<'_>,
    r: &RequestDiff,
) -> RequestReport {
    let old = side(old_ev, &r.request.value, &r.old);
    let new = side(new_ev, &r.request.value, &r.new);
    let same_reason =
        (r.verdict == Verdict::NotHeld).then(|| same_reasons(&old.reasons, &new.reasons));
    RequestReport {
        symbol: r.request.name.clone(),
        value: r.request.value.clone(),
        file: r.request.file.to_string(),
        line: r.request.line,
        verdict: r.verdict.name(),
        old,
        new,
        same_reason,
    }
}

fn side(ev: &mut Evaluation<'_>, requested: &str, o: &super::Outcome) -> Side {
    let reasons = match o.sym {
        Some(s) if !o.held && !o.blockers.is_empty() => {
            Reasons::new(ev, Limits::default()).blockers(s, requested, &o.blockers)
        }
        _ => Vec::new(),
    };
    Side {
        known: o.sym.is_some(),
        value: o.value.clone(),
        held: o.held,
        reasons,
    }
}

/// The same reason: the same kinds of blocker, saying the same thing
/// (places and sub-lines may differ between trees).
fn same_reasons(a: &[Reason], b: &[Reason]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.kind == y.kind && x.text == y.text)
}

fn symbol(new: &Model, d: &SymbolDiff, requests: &[RequestDiff]) -> SymbolReport {
    let named = requests.iter().any(|r| r.request.name == d.name);
    SymbolReport {
        symbol: d.name.clone(),
        named,
        changes_outcome: true,
        changes: d.changes.iter().map(|c| change(new, d, c)).collect(),
    }
}

fn change(new: &Model, d: &SymbolDiff, c: &Change) -> ChangeReport {
    let lines = |v: &[Line]| v.iter().map(line).collect();
    match c {
        Change::Removed {
            transitional,
            candidates,
        } => ChangeReport::Removed {
            transitional: *transitional,
            candidates: candidates.iter().map(|c| candidate(new, c)).collect(),
        },
        Change::Added => {
            let loc = d
                .new
                .and_then(|s| new.sym(s).menus.first())
                .map(|&m| new.menu(m).loc);
            ChangeReport::Added {
                file: loc
                    .map(|l| new.file_name(l.file).to_string())
                    .unwrap_or_default(),
                line: loc.map_or(0, |l| l.line),
            }
        }
        Change::TypeChanged { old: o, new: n } => ChangeReport::TypeChanged {
            old: o.name(),
            new: n.name(),
        },
        Change::PromptRemoved { old: v, candidates } => ChangeReport::PromptRemoved {
            lines: lines(v),
            candidates: candidates.iter().map(|c| candidate(new, c)).collect(),
        },
        Change::PromptAdded { new: v } => ChangeReport::PromptAdded { lines: lines(v) },
        Change::Lines { removed, added } => ChangeReport::Lines {
            removed: lines(removed),
            added: lines(added),
        },
        Change::Moved { old: o, new: n } => ChangeReport::Moved {
            old: o.clone(),
            new: n.clone(),
        },
    }
}

fn line(l: &Line) -> LineReport {
    LineReport {
        kind: l.kind.name(),
        text: l.text.clone(),
        inherited: l.inherited,
        file: l.file.clone(),
        line: l.line,
    }
}

fn candidate(new: &Model, c: &super::Candidate) -> CandidateReport {
    let (file, line) = first_definition(new, c.sym);
    let prompt = new
        .props_of(c.sym, PropKind::Prompt)
        .find_map(|p| new.prop(p).text.clone());
    let evidence = c
        .evidence
        .iter()
        .map(|e| match e {
            Evidence::Transitional => EvidenceReport::Transitional,
            Evidence::SamePrompt => EvidenceReport::SamePrompt,
            Evidence::SimilarHelp(h) => EvidenceReport::SimilarHelp { score: round(*h) },
            Evidence::SimilarName(n) => EvidenceReport::SimilarName { score: round(*n) },
            Evidence::SameObjects(o) => EvidenceReport::SameObjects { objects: o.clone() },
            Evidence::SimilarObjects(o) => EvidenceReport::SimilarObjects { objects: o.clone() },
            Evidence::HelpNamesOld => EvidenceReport::HelpNamesOld,
            Evidence::UsersMoved { users, of } => EvidenceReport::UsersMoved {
                users: *users,
                of: *of,
            },
        })
        .collect();
    let automatic = c.automatic.as_ref().map(|(by, count)| AutomaticReport {
        selected_by: by.iter().map(|&s| new.name(s).to_string()).collect(),
        count: *count,
    });
    CandidateReport {
        symbol: new.name(c.sym).to_string(),
        file,
        line,
        prompt,
        evidence,
        automatic,
    }
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn first_definition(model: &Model, s: SymbolId) -> (String, u32) {
    match model.sym(s).menus.first() {
        Some(&m) => (
            model.file_name(model.menu(m).loc.file).to_string(),
            model.menu(m).loc.line,
        ),
        None => (String::new(), 0),
    }
}

fn consequence(
    new_ev: &mut Evaluation<'_>,
    c: &Consequence,
    requests: &[RequestDiff],
) -> ConsequenceReport {
    let new = new_ev.model;
    let name = new.name(c.sym).to_string();
    let req = requests
        .iter()
        .find(|r| r.request.name == name)
        .map(|r| &r.request);
    ConsequenceReport {
        kind: match c.kind {
            EdgeKind::Select => "select",
            EdgeKind::Imply => "imply",
            _ => "depends",
        },
        target: new.name(c.target).to_string(),
        target_value: new_ev.string_value(c.target),
        target_is_new: c.target_is_new,
        file: new.file_name(c.loc.file).to_string(),
        line: c.loc.line,
        request_file: req.map(|r| r.file.to_string()).unwrap_or_default(),
        request_line: req.map_or(0, |r| r.line),
        symbol: name,
    }
}
