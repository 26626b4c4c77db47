//! `ksolve solve`: the lines to add so that requests hold, or the
//! conflict between them. Exit 0 solved, 1 conflict (or no verified
//! answer), 2 input error.

use super::args::{Format, Global};
use super::output;
use super::run::{format, load};
use crate::config;
use crate::model::Model;
use crate::report::solve::{self as report, SolveReport};
use crate::solve::{self, Request, SolveError};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct SolveArgs {
    /// A fragment whose every line is a request (repeatable)
    #[arg(short = 'f', long = "fragment", value_name = "FRAGMENT")]
    pub fragments: Vec<PathBuf>,
    /// Requests: SYMBOL=VALUE (CONFIG_ prefix optional)
    #[arg(value_name = "REQUEST")]
    pub requests: Vec<String>,
}

pub(super) fn run(global: &Global, args: &SolveArgs) -> anyhow::Result<i32> {
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
    let (rep, code) = match solve::solve(model, &base, requests) {
        Ok(sol) => (report::solved(model, &sol), 0),
        Err(SolveError::Conflicts {
            requests,
            conflicts,
            holding,
        }) => {
            let mut rep = report::conflicts(model, &requests, &conflicts);
            if fmt == Format::Text && !holding.is_empty() {
                rep.rest = Some(rest(model, &base, &requests, &holding));
            }
            (rep, 1)
        }
        Err(e @ SolveError::Unverified { .. }) => {
            if !global.quiet {
                output::print(&format!("ksolve: {e}\n"));
            }
            return Ok(1);
        }
        Err(e) => return Err(e.into()),
    };
    let text = match fmt {
        Format::Json => json(&rep),
        Format::Fragment if rep.conflicts.is_empty() => report::fragment(&rep),
        _ => report::text(&rep),
    };
    if !global.quiet || code == 0 {
        output::print(&text);
    }
    Ok(code)
}

fn requests(model: &Model, args: &SolveArgs, named: &[String]) -> anyhow::Result<Vec<Request>> {
    let mut out = Vec::new();
    for f in &args.fragments {
        let file = crate::config::fragment::read(f)?;
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

/// The best answer for the requests that can hold together, so that a
/// conflict does not hide the rest of the answer.
fn rest(
    model: &Model,
    base: &[crate::Assignment],
    requests: &[Request],
    holding: &[usize],
) -> report::Rest {
    let kept: Vec<Request> = holding.iter().map(|&i| requests[i].clone()).collect();
    let answer = solve::solve(model, base, kept)
        .map(|sol| report::solved(model, &sol))
        .map_err(|e| e.to_string());
    report::rest(model, requests, holding, answer)
}

fn json(r: &SolveReport) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_default();
    s.push('\n');
    s
}
