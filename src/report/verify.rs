//! `ksolve verify` output: per fragment line, where its modules ended up in
//! the installed kernel, and before a build the counts of modules and
//! builtin drivers a config produces; JSON documents `ksolve.verify/1` and
//! `ksolve.verify-summary/1` (docs/schemas/verify.md, verify-summary.md).

use super::minimize::line_text;
use super::text::{Paint, Style};
use crate::verify::{Found, Status, Summary, Verdict};
use serde::{Serialize, Serializer};

/// Name and version of the JSON document after a build; the version is
/// bumped on incompatible changes.
pub const SCHEMA: &str = "ksolve.verify/1";
/// … and of the one before a build.
pub const SUMMARY_SCHEMA: &str = "ksolve.verify-summary/1";

#[derive(Clone, Debug, Serialize)]
pub struct VerifyReport {
    pub schema: &'static str,
    pub modules_dir: String,
    pub lines: Vec<VerifyLine>,
    /// Requests that did not make it into the built kernel.
    pub failed: usize,
    /// 0 every request made it, 1 one did not.
    pub exit: i32,
}

#[derive(Clone, Debug, Serialize)]
pub struct VerifyLine {
    pub symbol: String,
    pub line: String,
    /// `builtin`, `module`, `absent`, `mixed`, `no-module` or `conditional`.
    #[serde(serialize_with = "status_name")]
    pub status: Status,
    pub modules: Vec<ModuleLine>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub built_value: Option<String>,
    /// `null`: nothing installed tells (a symbol without a module and no
    /// built config).
    pub holds: Option<bool>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ModuleLine {
    pub name: String,
    pub found: FoundKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// Where a module was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FoundKind {
    Builtin,
    Module,
    Absent,
}

impl FoundKind {
    pub fn name(self) -> &'static str {
        match self {
            FoundKind::Builtin => "builtin",
            FoundKind::Module => "module",
            FoundKind::Absent => "absent",
        }
    }
}

impl Status {
    /// As the JSON and the text spell it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Builtin => "builtin",
            Status::Module => "module",
            Status::Absent => "absent",
            Status::Mixed => "mixed",
            Status::NoModule => "no-module",
            Status::Conditional => "conditional",
        }
    }
}

fn status_name<S: Serializer>(st: &Status, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(st.name())
}

pub fn build(modules_dir: &str, verdicts: &[Verdict]) -> VerifyReport {
    let lines: Vec<VerifyLine> = verdicts.iter().map(line).collect();
    let failed = lines.iter().filter(|l| l.holds == Some(false)).count();
    VerifyReport {
        schema: SCHEMA,
        modules_dir: modules_dir.to_string(),
        lines,
        failed,
        exit: i32::from(failed > 0),
    }
}

fn line(v: &Verdict) -> VerifyLine {
    VerifyLine {
        symbol: v.line.name.clone(),
        line: line_text(&v.line),
        status: v.status,
        modules: v
            .modules
            .iter()
            .map(|(name, f)| ModuleLine {
                name: name.clone(),
                found: match f {
                    Found::Builtin => FoundKind::Builtin,
                    Found::Module(_) => FoundKind::Module,
                    Found::Absent => FoundKind::Absent,
                },
                file: match f {
                    Found::Module(p) => Some(p.clone()),
                    _ => None,
                },
            })
            .collect(),
        built_value: v.built_value.clone(),
        holds: v.holds,
    }
}

pub fn text(r: &VerifyReport, style: &Style) -> String {
    let mut out = String::new();
    for l in &r.lines {
        let mark = match l.holds {
            Some(true) => style.paint(Paint::Green, "ok"),
            Some(false) => style.paint(Paint::Red, "MISSING"),
            None => style.paint(Paint::Dim, "unknown"),
        };
        let modules: Vec<String> = l
            .modules
            .iter()
            .map(|m| match &m.file {
                Some(f) => format!("{} ({f})", m.name),
                None => format!("{} ({})", m.name, m.found.name()),
            })
            .collect();
        let detail = match (l.status, &l.built_value) {
            (Status::NoModule, Some(v)) => {
                format!("builds no module of its own; built config has {v}")
            }
            (Status::NoModule, None) => {
                "builds no module of its own; no built config to tell".into()
            }
            (Status::Conditional, Some(v)) => {
                format!("not installed, built under a Makefile conditional; built config has {v}")
            }
            (Status::Conditional, None) => {
                "not installed, built under a Makefile conditional; no built config to tell".into()
            }
            (Status::Builtin | Status::Module | Status::Absent | Status::Mixed, _) => {
                format!("{}: {}", l.status.name(), modules.join(", "))
            }
        };
        out.push_str(&format!("{mark}\t{}\t{detail}\n", l.line));
    }
    out.push_str(&format!(
        "{} of {} requests did not make it into {}\n",
        r.failed,
        r.lines.len(),
        r.modules_dir
    ));
    out
}

/// Before a build: how many modules and builtin drivers the config makes.
#[derive(Clone, Debug, Serialize)]
pub struct SummaryReport {
    pub schema: &'static str,
    pub modules: usize,
    pub builtin: usize,
    pub module_names: Vec<String>,
    pub builtin_names: Vec<String>,
}

pub fn summary(s: &Summary) -> SummaryReport {
    SummaryReport {
        schema: SUMMARY_SCHEMA,
        modules: s.modules.len(),
        builtin: s.builtin.len(),
        module_names: s.modules.clone(),
        builtin_names: s.builtin.clone(),
    }
}

pub fn summary_text(r: &SummaryReport) -> String {
    format!(
        "{} modules, {} builtin drivers (from the Kbuild Makefiles' obj-$(CONFIG_...) lines of tristate symbols)\n",
        r.modules, r.builtin
    )
}
