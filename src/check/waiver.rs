//! Accepted findings: a maintainer who drops DCA on purpose says so once,
//! and `check` still lists and counts the finding but no longer fails on
//! it. Two ways to say it:
//!
//! * in the fragment, a comment line right above the request (conf reads
//!   it as a comment, so the fragment stays a valid config fragment):
//!   `# ksolve-waive: DCA needs IOATDMA, off on purpose`, or naming the
//!   statuses it accepts, `# ksolve-waive(dropped,unknown): ...`;
//! * a waiver file (`check --waivers FILE`), one per line:
//!   `CONFIG_DCA [dropped,...] [# reason]`, `#` lines and blank lines
//!   ignored.
//!
//! A waiver that matches no failing finding is reported, so that stale
//! ones are removed.

use super::{Check, Status};
use crate::error::Error;
use std::sync::Arc;

/// One accepted finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiver {
    /// What it applies to.
    pub target: Target,
    /// The statuses it accepts; empty: every failing one.
    pub statuses: Vec<Status>,
    pub reason: String,
    /// Where it was written.
    pub file: Arc<str>,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The request written on this line of this file.
    Line { file: Arc<str>, line: u32 },
    /// Every request for this symbol.
    Symbol(String),
}

const MARK: &str = "ksolve-waive";

/// The waivers written as comments in a fragment's text.
pub fn from_fragment(text: &str, file: &str) -> Result<Vec<Waiver>, Error> {
    let file: Arc<str> = Arc::from(file);
    let mut out = Vec::new();
    let mut pending: Option<Waiver> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i as u32 + 1;
        let line = raw.trim();
        if let Some(rest) = line.strip_prefix('#').map(str::trim_start) {
            if let Some(after) = rest.strip_prefix(MARK) {
                let (statuses, reason) = marker(after, &file, n)?;
                let target = Target::Line {
                    file: file.clone(),
                    line: 0,
                };
                pending = Some(Waiver {
                    target,
                    statuses,
                    reason,
                    file: file.clone(),
                    line: n,
                });
                continue;
            }
            // `# CONFIG_X is not set` is a request; other comments are not.
            if !rest.starts_with("CONFIG_") {
                continue;
            }
        }
        if line.is_empty() {
            continue;
        }
        if let Some(mut w) = pending.take() {
            w.target = Target::Line {
                file: file.clone(),
                line: n,
            };
            out.push(w);
        }
    }
    if let Some(w) = pending {
        return Err(Error::Usage(format!(
            "{}:{}: {MARK} comment with no request line after it",
            w.file, w.line
        )));
    }
    Ok(out)
}

/// `(dropped,unknown): reason` or `: reason` after the mark.
fn marker(after: &str, file: &str, line: u32) -> Result<(Vec<Status>, String), Error> {
    let bad = |what: &str| Error::Usage(format!("{file}:{line}: {MARK}: {what}"));
    let (statuses, rest) = match after.strip_prefix('(') {
        Some(r) => {
            let (list, rest) = r.split_once(')').ok_or_else(|| bad("missing `)`"))?;
            (statuses(list).map_err(|s| bad(&s))?, rest)
        }
        None => (Vec::new(), after),
    };
    let reason = rest
        .strip_prefix(':')
        .ok_or_else(|| bad("expected `: REASON` (say why the finding is accepted)"))?
        .trim();
    if reason.is_empty() {
        return Err(bad("a waiver needs a reason"));
    }
    Ok((statuses, reason.to_string()))
}

fn statuses(list: &str) -> Result<Vec<Status>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            [Status::Dropped, Status::Unknown, Status::Invalid]
                .into_iter()
                .find(|st| st.name() == s)
                .ok_or_else(|| format!("`{s}` is not a failing status (dropped, unknown, invalid)"))
        })
        .collect()
}

/// The waivers of a waiver file.
pub fn from_file(text: &str, file: &str) -> Result<Vec<Waiver>, Error> {
    let file: Arc<str> = Arc::from(file);
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i as u32 + 1;
        let (body, reason) = raw.split_once('#').unwrap_or((raw, ""));
        let mut words = body.split_whitespace();
        let Some(name) = words.next() else {
            continue;
        };
        let name = name.strip_prefix("CONFIG_").unwrap_or(name);
        let list: Vec<&str> = words.collect();
        let statuses =
            statuses(&list.join(",")).map_err(|s| Error::Usage(format!("{file}:{n}: {s}")))?;
        out.push(Waiver {
            target: Target::Symbol(name.to_string()),
            statuses,
            reason: reason.trim().to_string(),
            file: file.clone(),
            line: n,
        });
    }
    Ok(out)
}

/// Mark the failing findings the waivers accept; returns the waivers that
/// matched none.
pub fn apply<'w>(check: &mut Check<'_>, waivers: &'w [Waiver]) -> Vec<&'w Waiver> {
    let mut used = vec![false; waivers.len()];
    for f in check.findings.iter_mut().filter(|f| f.status.is_failure()) {
        let hit = waivers.iter().position(|w| {
            let target = match &w.target {
                Target::Line { file, line } => *file == f.request.file && *line == f.request.line,
                Target::Symbol(name) => *name == f.request.name,
            };
            target && (w.statuses.is_empty() || w.statuses.contains(&f.status))
        });
        if let Some(i) = hit {
            used[i] = true;
            f.waived = Some(waivers[i].reason.clone());
        }
    }
    waivers
        .iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(w, _)| w)
        .collect()
}
