//! `ksolve bump` output: the bump's results as small serde structs
//! (`--format json`, schema `ksolve.bump/1`, docs/schemas/bump.md), built
//! after the computation from the core types and the two evaluations
//! ([`build`]), and the text and GitHub renderings drawn from the same
//! structs ([`text`], [`github`]).

mod build;
mod github;
mod text;

pub use build::{build, Labels};
pub use github::github;
pub use text::text;

use crate::bump::{LineKind, Verdict};
use crate::model::SymbolType;
use crate::report::ReasonNode as Reason;
use serde::{Serialize, Serializer};

/// Name and version of the JSON document; the version is bumped on
/// incompatible changes.
pub const SCHEMA: &str = "ksolve.bump/1";

#[derive(Clone, Debug, Serialize)]
pub struct BumpReport {
    pub schema: &'static str,
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
    #[serde(serialize_with = "verdict_name")]
    pub verdict: Verdict,
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
        #[serde(serialize_with = "type_name")]
        old: SymbolType,
        #[serde(serialize_with = "type_name")]
        new: SymbolType,
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
    #[serde(serialize_with = "line_kind_name")]
    pub kind: LineKind,
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
    pub kind: ConsequenceKind,
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

/// What a named symbol newly does to its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConsequenceKind {
    Select,
    Imply,
    Depends,
}

impl ConsequenceKind {
    /// As JSON spells it.
    pub fn name(self) -> &'static str {
        match self {
            ConsequenceKind::Select => "select",
            ConsequenceKind::Imply => "imply",
            ConsequenceKind::Depends => "depends",
        }
    }
}

fn verdict_name<S: Serializer>(v: &Verdict, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.name())
}

fn type_name<S: Serializer>(t: &SymbolType, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t.name())
}

fn line_kind_name<S: Serializer>(k: &LineKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.name())
}
