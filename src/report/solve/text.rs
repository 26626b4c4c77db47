//! The text rendering of a [`SolveReport`]: the lines to add with why each
//! is needed, what follows, what is lost; or each conflict with its way
//! out, and then the answer for the rest.

use super::{ConflictReport, Rest, SolveReport};
use std::fmt::Write;

/// The report as text, for a terminal or a CI log.
pub fn text(r: &SolveReport) -> String {
    if r.conflicts.is_empty() {
        return solved(r);
    }
    let mut out = String::new();
    r.conflicts.iter().for_each(|c| conflict(&mut out, c));
    if let Some(rest) = &r.rest {
        rest_text(&mut out, rest);
    }
    out
}

fn solved(r: &SolveReport) -> String {
    let mut out = String::new();
    if r.lines.is_empty() {
        out.push_str("Nothing to add: the requests hold with the base as it is.\n");
    } else {
        let _ = writeln!(
            out,
            "Add ({} line{}):",
            r.lines.len(),
            if r.lines.len() == 1 { "" } else { "s" }
        );
    }
    for l in &r.lines {
        let _ = writeln!(out, "  {}", l.line);
        for b in &l.because {
            let _ = writeln!(out, "      {b}");
        }
    }
    if !r.consequences.is_empty() {
        let _ = writeln!(out, "Follows automatically ({}):", r.consequences.len());
        for c in &r.consequences {
            let was = if c.from == c.to {
                "already".to_string()
            } else {
                format!("was {}", c.from)
            };
            let _ = writeln!(out, "  CONFIG_{}={} ({was}): {}", c.symbol, c.to, c.reason);
        }
    }
    if !r.lost.is_empty() {
        let _ = writeln!(
            out,
            "Lost ({}), unavoidable with these requests:",
            r.lost.len()
        );
        for l in &r.lost {
            let _ = writeln!(out, "  {} {} -> {}: {}", l.symbol, l.from, l.to, l.reason);
        }
    }
    if r.stats.as_ref().is_some_and(|s| !s.optimal) {
        out.push_str("note: verified, but not proven smallest (the answer changes many symbols)\n");
    }
    out
}

fn conflict(out: &mut String, c: &ConflictReport) {
    out.push_str("conflict: these requests cannot hold together:\n");
    for r in &c.requests {
        let _ = writeln!(out, "  {r}");
    }
    if let Some(why) = &c.with_others_held {
        let _ = writeln!(out, "  with the others held: {why}");
    }
    let _ = writeln!(
        out,
        "  way out: drop {}.",
        if c.requests.len() == 2 {
            "one of the two"
        } else {
            "one of them"
        }
    );
}

fn rest_text(out: &mut String, rest: &Rest) {
    let _ = writeln!(
        out,
        "\nwithout {}, the rest holds:",
        rest.dropped.join(", ")
    );
    match &rest.answer {
        Ok(r) => out.push_str(&solved(r)),
        Err(e) => {
            let _ = writeln!(out, "  (no verified answer for the rest: {e})");
        }
    }
}
