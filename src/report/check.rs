//! `ksolve check` output: the JSON structs (schema in docs/schemas/check.md) and
//! their text and GitHub-annotation renderings.

use super::github::{escape_data, escape_property};
use super::text::{flat, tree, Paint, Style};
use super::{Kind, ReasonNode, Reasons};
use crate::check::{Check, Collateral, Drift, Finding, Invalid, Status};
use crate::explain::{blockers, Limits};
use serde::Serialize;

/// What to put in the report.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckOptions {
    /// List the base's own drift, not only count it.
    pub show_base: bool,
    /// List `ok` and `redundant` requests in the text output too.
    pub all: bool,
}

/// The JSON document's name and version (docs/schemas/check.md); the
/// version is bumped on incompatible changes.
pub const SCHEMA: &str = "ksolve.check/1";

#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    /// [`SCHEMA`].
    pub schema: &'static str,
    pub requests: Vec<Request>,
    pub collateral: Vec<Change>,
    pub base_drift: BaseDrift,
    pub summary: Summary,
}

#[derive(Clone, Debug, Serialize)]
pub struct Place {
    pub file: String,
    pub line: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Request {
    pub symbol: String,
    pub requested: String,
    /// The value after olddefconfig; `null` for an unknown symbol.
    pub result: Option<String>,
    /// The value of the base config alone.
    pub base: Option<String>,
    pub file: String,
    pub line: u32,
    /// `ok`, `redundant`, `overridden`, `dropped`, `unknown` or `invalid`.
    #[serde(serialize_with = "status_name")]
    pub status: Status,
    pub reasons: Vec<ReasonNode>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overridden_by: Option<Place>,
    /// A failing request accepted by a waiver: its reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub symbol: String,
    pub before: String,
    pub after: String,
    pub reasons: Vec<ReasonNode>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BaseDrift {
    pub count: usize,
    /// Listed only with `--show-base`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<DriftLine>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DriftLine {
    pub symbol: String,
    pub requested: String,
    /// `null` when the symbol does not exist in this tree.
    pub result: Option<String>,
    pub file: String,
    pub line: u32,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub requests: usize,
    pub ok: usize,
    pub redundant: usize,
    pub overridden: usize,
    pub dropped: usize,
    pub unknown: usize,
    pub invalid: usize,
    pub collateral: usize,
    pub base_drift: usize,
    /// Failing requests accepted by a waiver (counted in their status too).
    #[serde(skip_serializing_if = "is_zero")]
    pub waived: usize,
    /// The exit status: 0 when every request holds (or is waived), 1 otherwise.
    pub exit: i32,
}

/// Turn a check into its report, reasons rendered as trees.
pub fn build(check: &mut Check<'_>, opts: CheckOptions) -> CheckReport {
    let requests: Vec<Request> = check
        .findings
        .iter()
        .map(|f| request(&mut check.evaluation, f))
        .collect();
    let collateral = check
        .collateral
        .iter()
        .map(|c| change(&mut check.evaluation, c))
        .collect();
    let lines = opts
        .show_base
        .then(|| check.drift.iter().map(drift_line).collect());
    let base_drift = BaseDrift {
        count: check.drift.len(),
        lines,
    };
    let summary = summary(&requests, check);
    CheckReport {
        schema: SCHEMA,
        requests,
        collateral,
        base_drift,
        summary,
    }
}

fn request(ev: &mut crate::Evaluation<'_>, f: &Finding) -> Request {
    let model = ev.model;
    let mut reasons = match f.sym {
        Some(s) if !f.blockers.is_empty() => {
            Reasons::new(ev, Limits::default()).blockers(s, &f.request.value, &f.blockers)
        }
        _ => Vec::new(),
    };
    if let Some(Invalid::Range { low, high }) = &f.invalid {
        if reasons.is_empty() {
            reasons.push(ReasonNode::new(
                Kind::Range,
                format!("outside its range {low}..{high}"),
            ));
        }
    }
    if let (Some(Invalid::Type { ty }), true) = (&f.invalid, reasons.is_empty()) {
        reasons.push(ReasonNode::new(
            Kind::Type,
            format!("{} is not a valid {} value", f.request.value, ty.name()),
        ));
    }
    if let Some(Invalid::Unquoted { closing_missing }) = &f.invalid {
        let what = if *closing_missing {
            "malformed line: the string has no closing quote; conf ignores the line (\"invalid string found\")"
        } else {
            "malformed line: a string value must be in double quotes; conf ignores the line"
        };
        reasons.push(ReasonNode::new(Kind::Malformed, what.to_owned()));
    }
    let _ = model;
    Request {
        symbol: f.request.name.clone(),
        requested: f.request.value.clone(),
        result: f.result.clone(),
        base: f.base.clone(),
        file: f.request.file.to_string(),
        line: f.request.line,
        status: f.status,
        reasons,
        suggestions: f.suggestions.clone(),
        overridden_by: f.overridden_by.as_ref().map(|o| Place {
            file: o.file.to_string(),
            line: o.line,
        }),
        waived: f.waived.clone(),
    }
}

/// A collateral change, with what keeps the symbol from its old value
/// (one level: the full story is in `ksolve why`).
fn change(ev: &mut crate::Evaluation<'_>, c: &Collateral) -> Change {
    let limits = Limits {
        depth: 0,
        symbols: 8,
    };
    let b = blockers(ev, c.sym, &c.before);
    let mut reasons = Reasons::new(ev, limits);
    let reasons = if b.is_empty() {
        reasons.why(c.sym).children
    } else {
        reasons.blockers(c.sym, &c.before, &b)
    };
    Change {
        symbol: ev.model.name(c.sym).to_string(),
        before: c.before.clone(),
        after: c.after.clone(),
        reasons,
    }
}

fn drift_line(d: &Drift) -> DriftLine {
    DriftLine {
        symbol: d.line.name.clone(),
        requested: d.line.value.clone(),
        result: d.result.clone(),
        file: d.line.file.to_string(),
        line: d.line.line,
    }
}

fn summary(requests: &[Request], check: &Check<'_>) -> Summary {
    let mut s = Summary {
        requests: requests.len(),
        ..Summary::default()
    };
    for f in &check.findings {
        *match f.status {
            Status::Ok => &mut s.ok,
            Status::Redundant => &mut s.redundant,
            Status::Overridden => &mut s.overridden,
            Status::Dropped => &mut s.dropped,
            Status::Unknown => &mut s.unknown,
            Status::Invalid => &mut s.invalid,
        } += 1;
    }
    s.waived = check.findings.iter().filter(|f| f.waived.is_some()).count();
    s.collateral = check.collateral.len();
    s.base_drift = check.drift.len();
    s.exit = i32::from(check.failures() > 0);
    s
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A status as the JSON and the text name it.
fn status_name<S: serde::Serializer>(status: &Status, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(status.name())
}

/// Whether the text output lists a request without `--all`: only those
/// that need a look.
fn listed(status: Status) -> bool {
    match status {
        Status::Ok | Status::Redundant => false,
        Status::Overridden | Status::Dropped | Status::Unknown | Status::Invalid => true,
    }
}

fn paint_status(style: &Style, status: Status) -> String {
    let p = match status {
        Status::Ok => Paint::Green,
        Status::Redundant => Paint::Dim,
        Status::Overridden => Paint::Yellow,
        Status::Dropped | Status::Unknown | Status::Invalid => Paint::Red,
    };
    style.paint(p, status.name())
}

/// The text report: failing and overridden requests with their reasons,
/// collateral changes, base drift if asked, and the summary.
pub fn text(r: &CheckReport, opts: CheckOptions, style: &Style) -> String {
    let mut out = String::new();
    for q in r.requests.iter().filter(|q| opts.all || listed(q.status)) {
        request_text(&mut out, q, style);
    }
    collateral_text(&mut out, &r.collateral, style);
    if let Some(lines) = r.base_drift.lines.as_ref().filter(|l| !l.is_empty()) {
        drift_text(&mut out, lines);
    }
    out.push('\n');
    out.push_str(&summary_text(&r.summary, opts.show_base));
    out
}

fn collateral_text(out: &mut String, changes: &[Change], style: &Style) {
    if changes.is_empty() {
        return;
    }
    out.push_str(&format!(
        "\nchanged without being asked ({}):\n",
        changes.len()
    ));
    for c in changes {
        out.push_str(&format!(
            "  {} {} -> {}",
            c.symbol,
            shown(&c.before),
            shown(&c.after)
        ));
        if !c.reasons.is_empty() {
            out.push_str(&style.paint(Paint::Dim, &format!("   {}", flat(&c.reasons))));
        }
        out.push('\n');
    }
}

fn drift_text(out: &mut String, lines: &[DriftLine]) {
    out.push_str(&format!(
        "\nbase lines that do not survive on their own ({}):\n",
        lines.len()
    ));
    for d in lines {
        let result = d
            .result
            .as_deref()
            .map_or("unknown symbol".to_string(), |v| format!("-> {v}"));
        out.push_str(&format!(
            "  {}:{}: CONFIG_{}={} {result}\n",
            d.file, d.line, d.symbol, d.requested
        ));
    }
}

fn request_text(out: &mut String, q: &Request, style: &Style) {
    let head = format!("{}:{}: CONFIG_{}={}", q.file, q.line, q.symbol, q.requested);
    out.push_str(&format!("{head}  {}", paint_status(style, q.status)));
    match (q.status, &q.result) {
        (Status::Unknown, _) => out.push_str(": no such symbol in this tree"),
        (Status::Dropped | Status::Invalid, Some(r)) => {
            out.push_str(&format!(": the result is {}", show(r)))
        }
        (Status::Dropped | Status::Invalid, None)
        | (Status::Ok | Status::Redundant | Status::Overridden, _) => {}
    }
    if let Some(o) = &q.overridden_by {
        out.push_str(&format!(" by {}:{}", o.file, o.line));
    }
    if let Some(w) = &q.waived {
        out.push_str(&style.paint(Paint::Dim, &format!(" (waived: {w})")));
    }
    out.push('\n');
    if !q.suggestions.is_empty() {
        out.push_str(&format!("  did you mean {}?\n", q.suggestions.join(", ")));
    }
    for n in &q.reasons {
        tree(out, n, 1, style);
    }
}

/// A written value, or that the line is gone.
fn shown(v: &str) -> &str {
    if v.is_empty() {
        "(not set)"
    } else {
        v
    }
}

fn show(v: &str) -> String {
    if v.is_empty() {
        "empty".into()
    } else {
        v.to_string()
    }
}

fn summary_text(s: &Summary, show_base: bool) -> String {
    let mut out = format!(
        "{} requests: {} ok, {} redundant, {} overridden, {} dropped, {} unknown, {} invalid{}; {} collateral changes\n",
        s.requests, s.ok, s.redundant, s.overridden, s.dropped, s.unknown, s.invalid,
        if s.waived > 0 { format!(" ({} of them waived)", s.waived) } else { String::new() },
        s.collateral
    );
    if s.base_drift > 0 {
        let hint = if show_base {
            ""
        } else {
            " (--show-base lists them)"
        };
        out.push_str(&format!(
            "base drift: {} lines of the base config do not survive on their own{hint}\n",
            s.base_drift
        ));
    }
    out
}

/// One `::error` annotation per failing request (a `::notice` for a
/// waived one), so that a GitHub Actions run points at the fragment line.
pub fn github(r: &CheckReport) -> String {
    let mut out = String::new();
    for q in r.requests.iter().filter(|q| q.status.is_failure()) {
        let mut msg = format!("CONFIG_{}={} {}", q.symbol, q.requested, q.status.name());
        if let Some(res) = &q.result {
            msg.push_str(&format!(" (result: {})", show(res)));
        }
        if !q.suggestions.is_empty() {
            msg.push_str(&format!("; did you mean {}?", q.suggestions.join(", ")));
        }
        let mut body = String::new();
        for n in &q.reasons {
            tree(&mut body, n, 0, &Style::default());
        }
        if !body.is_empty() {
            msg.push('\n');
            msg.push_str(body.trim_end());
        }
        let level = match &q.waived {
            Some(w) => {
                msg.push_str(&format!("\nwaived: {w}"));
                "notice"
            }
            None => "error",
        };
        out.push_str(&format!(
            "::{level} file={},line={}::{}\n",
            escape_property(&q.file),
            q.line,
            escape_data(&msg)
        ));
    }
    out.push_str(&summary_text(&r.summary, false));
    out
}
