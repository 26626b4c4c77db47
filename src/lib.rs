//! ksolve: a Kconfig dependency solver for the Linux kernel.
//!
//! # Kconfig's values in one page
//!
//! A Kconfig symbol is `bool` (`y`/`n`), `tristate` (`y`/`m`/`n`, where `m`
//! means "built as a module"), `int`, `hex` or `string`. Logic values are
//! ordered `n < m < y`; `A && B` is the smaller of the two, `A || B` the
//! larger, `!A` is `2 - A` (so `!m` is `m`).
//!
//! A symbol's value is computed, never just stored:
//!
//! * its **visibility** is the largest value of its prompts' conditions
//!   (each folded with the `depends on` of the entry and of every enclosing
//!   `menu` and `if`). A symbol without a visible prompt ignores the user's
//!   value.
//! * a visible symbol with a user value (from `.config`) takes it, capped by
//!   its visibility: a driver whose dependency is `m` cannot be `y`;
//! * otherwise it takes its first `default` whose condition holds (capped by
//!   that condition), raised by `imply` (but never past `depends on`);
//! * in every case, `select` raises it: the largest `SELECTOR && cond` over
//!   its selectors is a floor, even above its own dependencies (conf then
//!   warns about unmet dependencies);
//! * `m` becomes `y` for a `bool`, and for every tristate while the symbol
//!   marked `modules` (MODULES) is `n`;
//! * an `int`/`hex` outside its active `range` is clamped to the bound;
//! * in a `choice`, exactly one visible member is `y`.
//!
//! `make olddefconfig` reads `.config` as user values, computes every
//! symbol, and writes every symbol that is visible or got a value from a
//! default, `select` or `imply`. ksolve reproduces that byte for byte
//! ([`config::olddefconfig`]), for the rules of Linux 6.11+ and for the
//! older ones ([`model::Semantics`]).
//!
//! # Pipeline
//!
//! [`source`] (files) -> [`syntax`] (pest grammar, syntax tree with spans)
//! -> [`model`] (symbols, menus, dependencies folded in; petgraph graph)
//! -> [`eval`] (values) -> [`config`] (reading and writing .config).

pub mod bump;
pub mod check;
pub mod config;
pub mod error;
pub mod eval;
pub mod explain;
pub mod kbuild;
pub mod localmod;
pub mod macros;
pub mod minimize;
pub mod model;
pub mod report;
pub mod solve;
pub mod source;
pub mod store;
pub mod syntax;
pub mod tree;
pub mod verify;

pub use config::{Assignment, ConfigFile};
pub use error::Error;
pub use eval::{Evaluation, Tristate};
pub use model::{MenuEnds, Model, Semantics, SymbolId};
pub use tree::{LoadOptions, Tree};
