//! The report layer: what `check` and `why` found, as small serde structs
//! for `--format json`, and the text and GitHub renderings of the same
//! structs. The library's core types never derive `Serialize`; they are
//! turned into these here, after the computation.

pub mod bump;
pub mod check;
pub mod expr;
pub mod github;
pub mod graph;
pub mod help;
pub mod localmod;
pub mod minimize;
pub mod module;
pub mod reason;
pub mod solve;
pub mod text;
pub mod verify;
pub mod why;

pub use reason::{Kind, ReasonNode, Reasons};
pub use text::Style;
