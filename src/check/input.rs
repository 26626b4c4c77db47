//! What a fragment asks for: assignments (`.config` lines or
//! `scripts/config --enable/--set-val/...`) and removals
//! (`scripts/config --undefine`), in the order they were written.

use crate::config::{Assignment, ConfigFile};
use crate::eval::Origin;

pub use crate::config::scripts_config::Edit;

impl Edit {
    pub fn name(&self) -> &str {
        match self {
            Edit::Set(a) => &a.name,
            Edit::Undefine { name, .. } => name,
        }
    }

    pub fn origin(&self) -> Origin {
        match self {
            Edit::Set(a) => Origin {
                file: a.file.clone(),
                line: a.line,
            },
            Edit::Undefine { file, line, .. } => Origin {
                file: file.clone(),
                line: *line,
            },
        }
    }

    /// The request as an assignment: an absent line asks for `n`, as
    /// `is not set` does.
    pub fn assignment(&self) -> Assignment {
        match self {
            Edit::Set(a) => a.clone(),
            Edit::Undefine { name, file, line } => Assignment {
                name: name.clone(),
                value: "n".into(),
                not_set: true,
                file: file.clone(),
                line: *line,
            },
        }
    }
}

/// A fragment: its edits in order.
#[derive(Clone, Debug, Default)]
pub struct Fragment {
    pub edits: Vec<Edit>,
}

impl From<&ConfigFile> for Fragment {
    fn from(c: &ConfigFile) -> Fragment {
        Fragment {
            edits: c.assignments.iter().cloned().map(Edit::Set).collect(),
        }
    }
}

/// The base's lines, then each fragment as `merge_config.sh -m` merges it:
/// the earlier lines for the symbols it sets are removed and all its own
/// lines appended (its own repeated lines stay; conf reads them in order).
/// An undefine removes every line so far for its symbol.
pub fn merge(base: &ConfigFile, fragments: &[Fragment]) -> Vec<Assignment> {
    let mut out = crate::config::merge([base]);
    for f in fragments {
        let names: rustc_hash::FxHashSet<&str> = f
            .edits
            .iter()
            .filter(|e| matches!(e, Edit::Set(_)))
            .map(|e| e.name())
            .collect();
        out.retain(|a| !names.contains(a.name.as_str()));
        for edit in &f.edits {
            match edit {
                Edit::Set(a) => out.push(a.clone()),
                Edit::Undefine { name, .. } => out.retain(|a| &a.name != name),
            }
        }
    }
    out
}
