//! Text and GitHub-annotation renderings of a [`BumpReport`].

use super::report::{
    BumpReport, CandidateReport, ChangeReport, EvidenceReport, LineReport, RequestReport,
};
use crate::report::github::{escape_data as message, escape_property as property};
use crate::report::{text::tree, ReasonNode as Reason, Style};
use std::fmt::Write;

/// The report as text, for a terminal or a CI log.
pub fn text(r: &BumpReport) -> String {
    let mut out = String::new();
    let s = &r.summary;
    let _ = writeln!(out, "ksolve bump: {} -> {}", r.from, r.to);
    let _ = writeln!(
        out,
        "requests: {} held, {} lost, {} removed, {} newly holding, {} held on neither, {} unknown to both; {} newly known",
        s.held, s.lost, s.removed, s.gained, s.not_held, s.unknown, s.newly_known
    );
    requests_section(
        &mut out,
        r,
        "lost",
        &format!("Lost (held on {}, not on {})", r.from, r.to),
    );
    requests_section(
        &mut out,
        r,
        "removed",
        &format!("Removed (defined in {}, not in {})", r.from, r.to),
    );
    requests_section(&mut out, r, "gained", &format!("Newly holding on {}", r.to));
    requests_section(&mut out, r, "not-held", "Held on neither tree");
    requests_section(&mut out, r, "unknown", "Unknown to both trees");
    held_line(&mut out, r);
    symbols_section(&mut out, r);
    consequences_section(&mut out, r);
    new_options_section(&mut out, r);
    let _ = writeln!(
        out,
        "\n{}",
        if r.ok {
            "bump ok: nothing that held is lost"
        } else {
            "bump FAILED"
        }
    );
    out
}

fn requests_section(out: &mut String, r: &BumpReport, verdict: &str, title: &str) {
    let rs: Vec<&RequestReport> = r.requests.iter().filter(|q| q.verdict == verdict).collect();
    if rs.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}:");
    for q in rs {
        let _ = writeln!(
            out,
            "  {}:{}: CONFIG_{}={}: {}",
            q.file,
            q.line,
            q.symbol,
            q.value,
            values(q)
        );
        removed_candidates(out, r, &q.symbol);
        match verdict {
            "removed" => {}
            "not-held" if q.same_reason == Some(true) => reasons(
                out,
                &q.new.reasons,
                2,
                "on both trees, for the same reason:",
            ),
            _ => {
                reasons(out, &q.old.reasons, 2, &format!("on {}:", r.from));
                reasons(out, &q.new.reasons, 2, &format!("on {}:", r.to));
            }
        }
    }
}

/// `y on OLD, n on NEW`.
fn values(q: &RequestReport) -> String {
    let v = |s: &super::report::Side| match &s.value {
        Some(v) if v.is_empty() => "\"\"".to_string(),
        Some(v) => v.clone(),
        None => "unknown".to_string(),
    };
    format!("{} before, {} after", v(&q.old), v(&q.new))
}

fn reasons(out: &mut String, rs: &[Reason], depth: usize, title: &str) {
    if rs.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}{title}", "  ".repeat(depth));
    for reason in rs {
        tree(out, reason, depth + 1, &Style::default());
    }
}

fn removed_candidates(out: &mut String, r: &BumpReport, name: &str) {
    for s in r.symbols.iter().filter(|s| s.symbol == name) {
        for c in &s.changes {
            match c {
                ChangeReport::Removed { candidates, .. } => {
                    candidate_lines(out, candidates, 2, "rename candidates")
                }
                ChangeReport::PromptRemoved { candidates, .. } => {
                    let _ = writeln!(out, "    {name} lost its prompt on {}", r.to);
                    candidate_lines(out, candidates, 2, "where the prompt may have gone")
                }
                _ => {}
            }
        }
    }
}

fn candidate_lines(out: &mut String, cs: &[CandidateReport], depth: usize, title: &str) {
    let pad = "  ".repeat(depth);
    if cs.is_empty() {
        let _ = writeln!(out, "{pad}{title}: none found");
        return;
    }
    let _ = writeln!(out, "{pad}{title}:");
    for c in cs {
        let why: Vec<String> = c.evidence.iter().map(evidence).collect();
        let _ = writeln!(
            out,
            "{pad}  {} ({}:{}): {}",
            c.symbol,
            c.file,
            c.line,
            why.join(", ")
        );
        if let Some(a) = &c.automatic {
            let others = a.count.saturating_sub(a.selected_by.len());
            let more = if others > 0 {
                format!(" and {others} more")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "{pad}    automatic: no prompt, selected by {}{more}: drop the line rather than rename it",
                a.selected_by.join(", ")
            );
        }
    }
}

fn evidence(e: &EvidenceReport) -> String {
    match e {
        EvidenceReport::Transitional => "its default reads the transitional old name".into(),
        EvidenceReport::SamePrompt => "same prompt".into(),
        EvidenceReport::SimilarHelp { score } => format!("similar help ({score:.2})"),
        EvidenceReport::SimilarName { score } => format!("similar name ({score:.2})"),
        EvidenceReport::SameObjects { objects } => {
            let shown: Vec<String> = objects.iter().take(4).map(|o| format!("{o}.o")).collect();
            let more = objects.len().saturating_sub(4);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!("builds its objects now ({}{more})", shown.join(", "))
        }
        EvidenceReport::SimilarObjects { objects } => {
            let shown: Vec<String> = objects.iter().take(4).map(|o| format!("{o}.o")).collect();
            format!(
                "builds objects named like its old ones ({})",
                shown.join(", ")
            )
        }
        EvidenceReport::HelpNamesOld => "its help names the old option".into(),
        EvidenceReport::UsersMoved { users, of } => {
            format!("{users} of the {of} options that named it name this one now")
        }
    }
}

fn held_line(out: &mut String, r: &BumpReport) {
    let held: Vec<&str> = r
        .requests
        .iter()
        .filter(|q| q.verdict == "held")
        .map(|q| q.symbol.as_str())
        .collect();
    if !held.is_empty() {
        let _ = writeln!(out, "\nHeld on both ({}): {}", held.len(), held.join(" "));
    }
}

fn symbols_section(out: &mut String, r: &BumpReport) {
    let (shown, quiet): (Vec<_>, Vec<_>) = r
        .symbols
        .iter()
        .partition(|s| s.changes_outcome || r.all_diffs);
    let _ = writeln!(out, "\nDefinitions that differ and change an outcome ({} of {} symbols compared: the named ones and their dependency cones):", shown.len(), r.compared);
    if shown.is_empty() {
        let _ = writeln!(out, "  none");
    }
    if !quiet.is_empty() {
        let _ = writeln!(
            out,
            "  ({} more differ without changing a value or a verdict: --all-diffs lists them)",
            quiet.len()
        );
    }
    for s in shown {
        let _ = writeln!(
            out,
            "  {}{}",
            s.symbol,
            if s.named {
                " (named by a fragment)"
            } else {
                ""
            }
        );
        for c in &s.changes {
            match c {
                ChangeReport::Lines { removed, added } if !s.named => {
                    cone_lines(out, removed, added)
                }
                _ => change(out, c),
            }
        }
    }
}

/// A cone symbol's lines: what decides whether it can be set in full;
/// its own `select`s and `imply`s only counted (`--format json` has them).
fn cone_lines(out: &mut String, removed: &[LineReport], added: &[LineReport]) {
    let pulls = |l: &&LineReport| l.kind == "select" || l.kind == "imply";
    removed
        .iter()
        .filter(|l| !pulls(l))
        .for_each(|l| diff_line(out, '-', l));
    added
        .iter()
        .filter(|l| !pulls(l))
        .for_each(|l| diff_line(out, '+', l));
    let (r, a) = (
        removed.iter().filter(pulls).count(),
        added.iter().filter(pulls).count(),
    );
    if r + a > 0 {
        let _ = writeln!(
            out,
            "    select/imply lines: {r} removed, {a} added (--format json lists them)"
        );
    }
}

fn change(out: &mut String, c: &ChangeReport) {
    match c {
        ChangeReport::Removed {
            transitional,
            candidates,
        } => {
            let _ = writeln!(
                out,
                "    removed{}",
                if *transitional {
                    " (kept only as a transitional symbol)"
                } else {
                    ""
                }
            );
            candidate_lines(out, candidates, 3, "rename candidates");
        }
        ChangeReport::Added { file, line } => {
            let _ = writeln!(out, "    added ({file}:{line})");
        }
        ChangeReport::TypeChanged { old, new } => {
            let _ = writeln!(out, "    type changed: {old} -> {new}");
        }
        ChangeReport::PromptRemoved { lines, candidates } => {
            let _ = writeln!(
                out,
                "    prompt removed: a config line no longer sets it, only default and select do"
            );
            lines.iter().for_each(|l| diff_line(out, '-', l));
            if !candidates.is_empty() {
                candidate_lines(out, candidates, 3, "where the prompt may have gone");
            }
        }
        ChangeReport::PromptAdded { lines } => {
            let _ = writeln!(out, "    prompt added: a config line now sets it");
            lines.iter().for_each(|l| diff_line(out, '+', l));
        }
        ChangeReport::Lines { removed, added } => {
            removed.iter().for_each(|l| diff_line(out, '-', l));
            added.iter().for_each(|l| diff_line(out, '+', l));
        }
        ChangeReport::Moved { old, new } => {
            let _ = writeln!(
                out,
                "    defined in another file: {} -> {}",
                old.join(", "),
                new.join(", ")
            );
        }
    }
}

fn diff_line(out: &mut String, mark: char, l: &LineReport) {
    let inherited = if l.inherited { " (inherited)" } else { "" };
    let _ = writeln!(
        out,
        "    {mark} {:<48} {}:{}{inherited}",
        l.text, l.file, l.line
    );
}

fn consequences_section(out: &mut String, r: &BumpReport) {
    if r.consequences.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nNew consequences on {}:", r.to);
    for c in &r.consequences {
        let verb = match c.kind {
            "select" => "now selects",
            "imply" => "now implies",
            _ => "now depends on",
        };
        let new = if c.target_is_new {
            ", a new symbol"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {} {verb} {} (={}{new})  {}:{}",
            c.symbol, c.target, c.target_value, c.file, c.line
        );
    }
}

/// The new options, grouped by menu in menu order, those on by default
/// marked.
fn new_options_section(out: &mut String, r: &BumpReport) {
    if r.new_options.is_empty() {
        return;
    }
    let on = r.new_options.iter().filter(|o| o.on_by_default).count();
    let _ = writeln!(
        out,
        "\nNew options on {} ({}; {on} on by default, marked *):",
        r.to,
        r.new_options.len()
    );
    let mut menus: Vec<&str> = Vec::new();
    for o in &r.new_options {
        if !menus.contains(&o.menu.as_str()) {
            menus.push(&o.menu);
        }
    }
    for menu in menus {
        let _ = writeln!(out, "  {menu}:");
        for o in r.new_options.iter().filter(|o| o.menu == menu) {
            let mark = if o.on_by_default { '*' } else { ' ' };
            let _ = writeln!(
                out,
                "  {mark} CONFIG_{}={}  {}:{}",
                o.symbol, o.value, o.file, o.line
            );
        }
    }
}

/// GitHub Actions workflow commands: one annotation per fragment line that
/// the bump has something to say about.
pub fn github(r: &BumpReport) -> String {
    let mut out = String::new();
    for q in &r.requests {
        let level = match q.verdict {
            "lost" | "removed" => "error",
            "not-held" | "unknown" => "warning",
            "gained" => "notice",
            _ => continue,
        };
        let title = format!("CONFIG_{} {} ({} -> {})", q.symbol, q.verdict, r.from, r.to);
        let mut body = format!("CONFIG_{}={}: {}\n", q.symbol, q.value, values(q));
        if q.verdict == "removed" {
            removed_candidates(&mut body, r, &q.symbol);
        }
        reasons(&mut body, &q.new.reasons, 0, &format!("on {}:", r.to));
        annotation(&mut out, level, &q.file, q.line, &title, &body);
    }
    for c in &r.consequences {
        let title = format!("CONFIG_{} now {} {}", c.symbol, c.kind, c.target);
        let body = format!(
            "{} {} {} (={}) on {} ({}:{})",
            c.symbol, c.kind, c.target, c.target_value, r.to, c.file, c.line
        );
        annotation(
            &mut out,
            "notice",
            &c.request_file,
            c.request_line,
            &title,
            &body,
        );
    }
    out
}

fn annotation(out: &mut String, level: &str, file: &str, line: u32, title: &str, body: &str) {
    let _ = writeln!(
        out,
        "::{level} file={},line={line},title={}::{}",
        property(file),
        property(title),
        message(body.trim_end())
    );
}
