//! `ksolve solve`: the lines to add so that requests hold, or the
//! conflict between them. Exit 0 solved, 1 conflict (or no verified
//! answer), 2 input error.

use super::args::{Format, Global};
use super::output;
use super::run::{format, load};
use clap::Args;
use ksolve::config;
use ksolve::model::Model;
use ksolve::solve::{self, render, report::config_line, Because, Request, Solution, SolveError};
use serde::Serialize;
use std::fmt::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SolveArgs {
    /// A fragment whose every line is a request (repeatable)
    #[arg(short = 'f', long = "fragment", value_name = "FRAGMENT")]
    pub fragments: Vec<PathBuf>,
    /// Requests: SYMBOL=VALUE (CONFIG_ prefix optional)
    #[arg(value_name = "REQUEST")]
    pub requests: Vec<String>,
}

pub fn run(global: &Global, args: &SolveArgs) -> anyhow::Result<i32> {
    let fmt = format(
        global,
        &[Format::Text, Format::Fragment, Format::Json],
        Format::Text,
    )?;
    let inputs = load(global, &[])?;
    let model = &inputs.tree.model;
    let requests = requests(
        model,
        args,
        &super::run::module_requests(&inputs.tree, &args.requests),
    )?;
    if requests.is_empty() {
        anyhow::bail!("nothing to solve: give SYMBOL=VALUE requests or -f FRAGMENT");
    }
    let base = config::merge([&inputs.base]);
    let (text, code) = match solve::solve(model, &base, requests) {
        Ok(sol) => (solved(model, &sol, fmt), 0),
        Err(SolveError::Conflicts {
            requests,
            conflicts,
            holding,
        }) => {
            let mut text = conflicts_text(model, &requests, &conflicts, fmt);
            if fmt == Format::Text {
                text.push_str(&rest_text(model, &base, &requests, &holding));
            }
            (text, 1)
        }
        Err(e @ SolveError::Unverified { .. }) => (format!("ksolve: {e}\n"), 1),
        Err(e) => return Err(e.into()),
    };
    if !global.quiet || code == 0 {
        output::print(&text);
    }
    Ok(code)
}

fn requests(model: &Model, args: &SolveArgs, named: &[String]) -> anyhow::Result<Vec<Request>> {
    let mut out = Vec::new();
    for f in &args.fragments {
        let file = ksolve::config::fragment::read(f)?;
        for w in &file.warnings {
            eprintln!("{}:{}: warning: {}", w.file, w.line, w.message);
        }
        // A fragment is often shared between kernel versions: like conf,
        // skip a symbol this tree does not have, with a warning.
        for edit in &file.edits {
            match Request::from_assignment(model, &edit.assignment()) {
                Ok(r) => out.push(r),
                Err(e @ SolveError::UnknownSymbol { .. }) => eprintln!("warning: {e} (ignored)"),
                Err(e) => return Err(e.into()),
            }
        }
    }
    for (i, r) in named.iter().enumerate() {
        out.push(Request::parse(model, r, solve::command_line(i))?);
    }
    Ok(out)
}

fn request_text(model: &Model, r: &Request) -> String {
    format!(
        "{}={} ({}:{})",
        model.name(r.sym),
        r.value,
        r.origin.file,
        r.origin.line
    )
}

fn solved(model: &Model, sol: &Solution<'_>, format: Format) -> String {
    match format {
        Format::Fragment => sol.fragment().iter().map(|l| format!("{l}\n")).collect(),
        Format::Json => json(&JsonReport::solved(model, sol)),
        _ => solved_text(model, sol),
    }
}

fn solved_text(model: &Model, sol: &Solution<'_>) -> String {
    let mut out = String::new();
    if sol.lines.is_empty() {
        out.push_str("Nothing to add: the requests hold with the base as it is.\n");
    } else {
        let _ = writeln!(
            out,
            "Add ({} line{}):",
            sol.lines.len(),
            if sol.lines.len() == 1 { "" } else { "s" }
        );
    }
    for l in &sol.lines {
        let _ = writeln!(out, "  {}", config_line(model, l.sym, l.value));
        for b in &l.because {
            let _ = writeln!(out, "      {}", because_text(model, sol, b));
        }
    }
    if !sol.consequences.is_empty() {
        let _ = writeln!(out, "Follows automatically ({}):", sol.consequences.len());
        for c in &sol.consequences {
            let was = if c.from == c.to {
                "already".to_string()
            } else {
                format!("was {}", c.from)
            };
            let _ = writeln!(
                out,
                "  CONFIG_{}={} ({was}): {}",
                model.name(c.sym),
                c.to,
                change_reason(model, c)
            );
        }
    }
    if !sol.lost.is_empty() {
        let _ = writeln!(
            out,
            "Lost ({}), unavoidable with these requests:",
            sol.lost.len()
        );
        for l in &sol.lost {
            let why: Vec<String> = l
                .blockers
                .iter()
                .map(|b| render::blocker(model, l.sym, b))
                .collect();
            let _ = writeln!(
                out,
                "  {} {} -> {}: {}",
                model.name(l.sym),
                l.from,
                l.to,
                why.join("; ")
            );
        }
    }
    if !sol.stats.optimal {
        out.push_str("note: verified, but not proven smallest (the answer changes many symbols)\n");
    }
    out
}

fn change_reason(model: &Model, c: &solve::Change) -> String {
    if c.blockers.is_empty() {
        return render::cause(model, &c.why);
    }
    let why: Vec<String> = c
        .blockers
        .iter()
        .map(|b| render::blocker(model, c.sym, b))
        .collect();
    why.join("; ")
}

fn because_text(model: &Model, sol: &Solution<'_>, b: &Because) -> String {
    match b {
        Because::Request { request, blockers } => {
            let r = &sol.requests[*request];
            let why: Vec<String> = blockers
                .iter()
                .map(|b| render::blocker(model, r.sym, b))
                .collect();
            format!(
                "for {}: without it, {}",
                request_text(model, r),
                why.join("; ")
            )
        }
        Because::Keeps {
            sym,
            keeps,
            blockers,
        } => {
            let why: Vec<String> = blockers
                .iter()
                .map(|b| render::blocker(model, *sym, b))
                .collect();
            format!(
                "keeps {}={} of the base: without it, {}",
                model.name(*sym),
                keeps,
                why.join("; ")
            )
        }
        Because::FewerChanges => "without it, more symbols change".to_string(),
    }
}

fn conflicts_text(
    model: &Model,
    requests: &[Request],
    conflicts: &[solve::Conflict],
    format: Format,
) -> String {
    if format == Format::Json {
        return json(&JsonReport::conflicts(model, requests, conflicts));
    }
    let mut out = String::new();
    for c in conflicts {
        out.push_str("conflict: these requests cannot hold together:\n");
        for &r in &c.requests {
            let _ = writeln!(out, "  {}", request_text(model, &requests[r]));
        }
        for (r, blockers) in c.reasons.iter().take(1) {
            let why: Vec<String> = blockers
                .iter()
                .map(|b| render::blocker(model, requests[*r].sym, b))
                .collect();
            let _ = writeln!(out, "  with the others held: {}", why.join("; "));
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
    out
}

/// The best answer for the requests that can hold together, so that a
/// conflict does not hide the rest of the answer.
fn rest_text(
    model: &Model,
    base: &[ksolve::Assignment],
    requests: &[Request],
    holding: &[usize],
) -> String {
    let dropped: Vec<String> = (0..requests.len())
        .filter(|i| !holding.contains(i))
        .map(|i| request_text(model, &requests[i]))
        .collect();
    if holding.is_empty() {
        return String::new();
    }
    let kept: Vec<Request> = holding.iter().map(|&i| requests[i].clone()).collect();
    let mut out = format!("\nwithout {}, the rest holds:\n", dropped.join(", "));
    match solve::solve(model, base, kept) {
        Ok(sol) => out.push_str(&solved_text(model, &sol)),
        Err(e) => {
            let _ = writeln!(out, "  (no verified answer for the rest: {e})");
        }
    }
    out
}

#[derive(Serialize, Default)]
struct JsonReport {
    fragment: Vec<String>,
    lines: Vec<JsonLine>,
    consequences: Vec<JsonChange>,
    lost: Vec<JsonChange>,
    conflicts: Vec<JsonConflict>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stats: Option<JsonStats>,
}

#[derive(Serialize)]
struct JsonStats {
    optimal: bool,
    rounds: usize,
    encoded_symbols: usize,
    variables: usize,
    clauses: usize,
    lost: usize,
    changed: usize,
    lines: usize,
}

#[derive(Serialize)]
struct JsonLine {
    line: String,
    because: Vec<String>,
}

#[derive(Serialize)]
struct JsonChange {
    symbol: String,
    from: String,
    to: String,
    reason: String,
}

#[derive(Serialize)]
struct JsonConflict {
    requests: Vec<String>,
    reasons: Vec<String>,
}

impl JsonReport {
    fn solved(model: &Model, sol: &Solution<'_>) -> JsonReport {
        let lines = sol
            .lines
            .iter()
            .map(|l| JsonLine {
                line: config_line(model, l.sym, l.value),
                because: l
                    .because
                    .iter()
                    .map(|b| because_text(model, sol, b))
                    .collect(),
            })
            .collect();
        let consequences = sol
            .consequences
            .iter()
            .map(|c| JsonChange {
                symbol: model.name(c.sym).into(),
                from: c.from.clone(),
                to: c.to.clone(),
                reason: change_reason(model, c),
            })
            .collect();
        let lost = sol
            .lost
            .iter()
            .map(|l| {
                let why: Vec<String> = l
                    .blockers
                    .iter()
                    .map(|b| render::blocker(model, l.sym, b))
                    .collect();
                JsonChange {
                    symbol: model.name(l.sym).into(),
                    from: l.from.to_string(),
                    to: l.to.to_string(),
                    reason: why.join("; "),
                }
            })
            .collect();
        let st = &sol.stats;
        let stats = Some(JsonStats {
            optimal: st.optimal,
            rounds: st.rounds,
            encoded_symbols: st.encoded,
            variables: st.vars,
            clauses: st.clauses,
            lost: st.cost.lost,
            changed: st.cost.changed,
            lines: st.cost.lines,
        });
        JsonReport {
            fragment: sol.fragment(),
            lines,
            consequences,
            lost,
            conflicts: Vec::new(),
            stats,
        }
    }

    fn conflicts(model: &Model, requests: &[Request], conflicts: &[solve::Conflict]) -> JsonReport {
        let conflicts = conflicts
            .iter()
            .map(|c| JsonConflict {
                requests: c
                    .requests
                    .iter()
                    .map(|&r| request_text(model, &requests[r]))
                    .collect(),
                reasons: c
                    .reasons
                    .iter()
                    .flat_map(|(r, bs)| {
                        bs.iter()
                            .map(move |b| render::blocker(model, requests[*r].sym, b))
                    })
                    .collect(),
            })
            .collect();
        JsonReport {
            conflicts,
            ..JsonReport::default()
        }
    }
}

fn json(r: &JsonReport) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_default();
    s.push('\n');
    s
}
