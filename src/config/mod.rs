//! `.config` files: reading, merging fragments, and writing.

mod changed_input;
pub mod defconfig_list;
pub mod fragment;
pub mod modes;
pub mod rand;
mod read;
pub mod script_run;
pub mod scripts_config;
pub mod write;

pub use changed_input::changed_input;
pub use read::{decode, encode, unquote, Assignment, ConfigFile, ReadWarning, REPEATS_SHOWN};

use crate::eval::{user::UserWarning, Evaluation};
use crate::model::Model;

/// Merge config files in order, as `merge_config.sh -m` does: each file
/// removes the earlier files' lines for the symbols it sets, then all its
/// own lines are appended (a file's own repeated lines all stay, and conf
/// reads them in order: an invalid later value does not undo a valid
/// earlier one).
pub fn merge<'a>(files: impl IntoIterator<Item = &'a ConfigFile>) -> Vec<Assignment> {
    let mut out: Vec<Assignment> = Vec::new();
    for file in files {
        let names: rustc_hash::FxHashSet<&str> =
            file.assignments.iter().map(|a| a.name.as_str()).collect();
        out.retain(|a| !names.contains(a.name.as_str()));
        out.extend(file.assignments.iter().cloned());
    }
    out
}

/// The result of `olddefconfig`.
#[derive(Debug)]
pub struct Olddefconfig<'m> {
    pub evaluation: Evaluation<'m>,
    pub text: String,
    pub user_warnings: Vec<UserWarning>,
}

/// Evaluate `assignments` as `conf --olddefconfig` does and render the
/// resulting .config.
pub fn olddefconfig<'m>(model: &'m Model, assignments: &[Assignment]) -> Olddefconfig<'m> {
    let mut ev = Evaluation::new(model);
    let user_warnings = ev.apply_user(assignments);
    ev.calc_all();
    ev.legacy_reset_out_of_range();
    let text = write::render(&mut ev);
    Olddefconfig {
        evaluation: ev,
        text,
        user_warnings,
    }
}
