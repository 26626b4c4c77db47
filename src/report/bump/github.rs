//! GitHub Actions workflow commands for a [`BumpReport`]: one annotation
//! per fragment line the bump has something to say about.

use super::text::{reasons, removed_candidates, values};
use super::BumpReport;
use crate::bump::Verdict;
use crate::report::github::{escape_data as message, escape_property as property};
use std::fmt::Write;

/// GitHub Actions workflow commands: one annotation per fragment line that
/// the bump has something to say about.
pub fn github(r: &BumpReport) -> String {
    let mut out = String::new();
    for q in &r.requests {
        let level = match q.verdict {
            Verdict::Lost | Verdict::Removed => "error",
            Verdict::NotHeld | Verdict::Unknown => "warning",
            Verdict::Gained => "notice",
            Verdict::Held => continue,
        };
        let title = format!(
            "CONFIG_{} {} ({} -> {})",
            q.symbol,
            q.verdict.name(),
            r.from,
            r.to
        );
        let mut body = format!("CONFIG_{}={}: {}\n", q.symbol, q.value, values(q));
        if q.verdict == Verdict::Removed {
            removed_candidates(&mut body, r, &q.symbol);
        }
        reasons(&mut body, &q.new.reasons, 0, &format!("on {}:", r.to));
        annotation(&mut out, level, &q.file, q.line, &title, &body);
    }
    for c in &r.consequences {
        let title = format!("CONFIG_{} now {} {}", c.symbol, c.kind.name(), c.target);
        let body = format!(
            "{} {} {} (={}) on {} ({}:{})",
            c.symbol,
            c.kind.name(),
            c.target,
            c.target_value,
            r.to,
            c.file,
            c.line
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
