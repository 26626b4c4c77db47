//! `.config` files: reading, merging fragments, and writing.

mod read;
pub mod scripts_config;
pub mod write;

pub use read::{Assignment, ConfigFile, ReadWarning};

use crate::eval::{user::UserWarning, Evaluation};
use crate::model::Model;

/// Merge config files in order, as `merge_config.sh -m` does: an
/// assignment replaces any earlier one for the same symbol and takes its
/// place at the end.
pub fn merge<'a>(files: impl IntoIterator<Item = &'a ConfigFile>) -> Vec<Assignment> {
    let mut out: Vec<Assignment> = Vec::new();
    let mut index: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    for file in files {
        for a in &file.assignments {
            if let Some(&i) = index.get(&a.name) {
                out[i].name.clear();
            }
            index.insert(a.name.clone(), out.len());
            out.push(a.clone());
        }
    }
    out.retain(|a| !a.name.is_empty());
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
    Olddefconfig { evaluation: ev, text, user_warnings }
}
