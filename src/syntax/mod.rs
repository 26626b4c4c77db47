//! Source text -> syntax tree: the pest grammar (`grammar/kconfig.pest`)
//! and the builder that turns its pairs into [`ast::File`].
//!
//! The grammar recognises one logical line at a time; the builder nests
//! blocks, attaches properties to their entry and scans help text (whose end
//! depends on tab-expanded indentation, see [`help`]). Every node keeps the
//! line and column where it was written.

pub mod ast;
pub(crate) mod binary;
mod blocks;
mod deep;
mod diagnose;
mod error;
mod expr;
mod help;
mod lines;
mod parse;

pub use error::{Excerpt, SyntaxError, SyntaxErrorKind};

/// Deepest expression nesting accepted (parentheses, `!`, chained `&&`/`||`).
pub const MAX_EXPR_DEPTH: usize = 1000;

/// Deepest nesting of `menu`/`choice`/`if` blocks accepted in one file. Real
/// trees nest fewer than ten deep; the bound keeps the syntax tree (and the
/// recursive passes over it, dropping it included) within a small stack.
pub const MAX_BLOCK_DEPTH: usize = 64;

/// Parse one Kconfig file. `text` is the whole file.
pub fn parse_file(text: &str, file: ast::FileId) -> Result<ast::File, SyntaxError> {
    parse::parse_file(text, file)
}

#[cfg(test)]
mod tests;
