//! Source text -> syntax tree: the pest grammar (`grammar/kconfig.pest`)
//! and the builder that turns its pairs into [`ast::File`].

pub mod ast;
