//! Building a [`BumpReport`] from a finished [`Bump`]: the reasons of the
//! requests that do not hold, the definition changes with their places,
//! and the new options with their menus.

use super::{
    AutomaticReport, BumpReport, CandidateReport, ChangeReport, ConsequenceKind, ConsequenceReport,
    EvidenceReport, LineReport, NewOptionReport, Reason, RequestReport, Side, Summary,
    SymbolReport, SCHEMA,
};
use crate::bump::{
    Bump, Candidate, Change, Consequence, Evidence, Line, Outcome, RequestDiff, SymbolDiff, Verdict,
};
use crate::eval::Evaluation;
use crate::explain::Limits;
use crate::model::{graph::EdgeKind, Model, PropKind, SymbolId};
use crate::report::Reasons;

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
        schema: SCHEMA,
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
    let old =
        crate::bump::known(bump.old.model, &d.name).and_then(|s| on(bump.old.string_value(s)));
    let new =
        crate::bump::known(bump.new.model, &d.name).and_then(|s| on(bump.new.string_value(s)));
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
        verdict: r.verdict,
        old,
        new,
        same_reason,
    }
}

fn side(ev: &mut Evaluation<'_>, requested: &str, o: &Outcome) -> Side {
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
        Change::TypeChanged { old: o, new: n } => ChangeReport::TypeChanged { old: *o, new: *n },
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
        kind: l.kind,
        text: l.text.clone(),
        inherited: l.inherited,
        file: l.file.clone(),
        line: l.line,
    }
}

fn candidate(new: &Model, c: &Candidate) -> CandidateReport {
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
            EdgeKind::Select => ConsequenceKind::Select,
            EdgeKind::Imply => ConsequenceKind::Imply,
            _ => ConsequenceKind::Depends,
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
