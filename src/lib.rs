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
//! -> [`macros`] (`$(shell,...)` and friends) -> [`model`] (symbols, menus,
//! dependencies folded in) -> [`eval`] (values) -> [`config`] (reading and
//! writing .config) -> [`explain`] (why a value is what it is) ->
//! [`check`] / [`solve`] -> [`report`] (text, JSON, GitHub) -> [`bump`].
//! docs/architecture.md walks it module by module and says where each kind
//! of change goes.
//!
//! # Using the crate
//!
//! The entry points below are the ones the `ksolve` binary itself calls.
//! Each example runs on the bundled `kernel-fixtures/example` tree (a small
//! tree in the kernel's layout, base config and fragment included); on a
//! real kernel tree only the paths change.
//!
//! ## Load a tree
//!
//! [`Tree::load`] reads every Kconfig file from the top one, expands the
//! macros (running the `$(shell,...)` probes, cached on disk unless
//! [`LoadOptions::probe_cache`] is off) and lowers it into a [`Model`].
//!
//! ```
//! use ksolve::{LoadOptions, Tree};
//!
//! let mut opts = LoadOptions::new(concat!(env!("CARGO_MANIFEST_DIR"), "/kernel-fixtures/example"));
//! opts.arch = Some("x86".to_string()); // ARCH= as on make's command line
//! opts.probe_cache = false; // nothing written under ~/.cache by this example
//! let tree = Tree::load(&opts)?;
//! let ixgbe = tree.model.lookup("IXGBE").expect("the example defines IXGBE");
//! assert_eq!(tree.model.name(ixgbe), "IXGBE");
//! # Ok::<(), ksolve::Error>(())
//! ```
//!
//! ## Evaluate a config
//!
//! [`config::merge`] merges .config files as `merge_config.sh -m` does;
//! [`config::olddefconfig`] computes every symbol as `make olddefconfig`
//! does and renders the resulting .config; its [`Evaluation`] answers for
//! each symbol.
//!
//! ```
//! # use ksolve::{LoadOptions, Tree};
//! use ksolve::{config, ConfigFile, Tristate};
//! use std::path::Path;
//!
//! let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/kernel-fixtures/example"));
//! # let mut opts = LoadOptions::new(dir);
//! # opts.arch = Some("x86".to_string());
//! # opts.probe_cache = false;
//! # let tree = Tree::load(&opts)?;
//! let base = ConfigFile::read(&dir.join("base.config"))?;
//! let fragment = ConfigFile::read(&dir.join("fragment.config"))?;
//! let merged = config::merge([&base, &fragment]);
//! let mut run = config::olddefconfig(&tree.model, &merged);
//! assert!(run.text.contains("CONFIG_IXGBE="));
//! let ixgbe = tree.model.lookup("IXGBE").unwrap();
//! assert_ne!(run.evaluation.tristate(ixgbe), Tristate::No);
//! # Ok::<(), ksolve::Error>(())
//! ```
//!
//! ## Check a fragment
//!
//! [`check::check`] applies fragments (`.config` lines or `scripts/config`
//! invocations, read by [`config::fragment::read`]) on a base config and
//! says of every request whether it holds, and if not what keeps it from
//! holding. Nothing in it builds text: [`report`] renders the result.
//!
//! ```
//! # use ksolve::{LoadOptions, Tree};
//! use ksolve::{check, config, ConfigFile};
//! use std::path::Path;
//!
//! let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/kernel-fixtures/example"));
//! # let mut opts = LoadOptions::new(dir);
//! # opts.arch = Some("x86".to_string());
//! # opts.probe_cache = false;
//! # let tree = Tree::load(&opts)?;
//! let base = ConfigFile::read(&dir.join("base.config"))?;
//! let script = config::fragment::read(&dir.join("fragment.config"))?;
//! let fragment = check::Fragment { edits: script.edits };
//! let result = check::check(&tree.model, &base, &[fragment]);
//! for finding in &result.findings {
//!     println!("CONFIG_{} {}", finding.request.name, finding.status.name());
//! }
//! assert!(result.failures() > 0, "the example's fragment asks for what cannot hold");
//! # Ok::<(), ksolve::Error>(())
//! ```
//!
//! ## Explain a value
//!
//! [`report::why::why`] explains a symbol's value from the evaluation that
//! computed it (the `depends on` that caps it, the `select` that forces
//! it, each operand with its value and where it is written); it is
//! serializable, and [`report::why::text`] renders it as `ksolve why` does.
//!
//! ```
//! # use ksolve::{LoadOptions, Tree};
//! use ksolve::{config, explain::Limits, report::why, ConfigFile};
//! use std::path::Path;
//!
//! let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/kernel-fixtures/example"));
//! # let mut opts = LoadOptions::new(dir);
//! # opts.arch = Some("x86".to_string());
//! # opts.probe_cache = false;
//! # let tree = Tree::load(&opts)?;
//! let base = ConfigFile::read(&dir.join("base.config"))?;
//! let mut run = config::olddefconfig(&tree.model, &config::merge([&base]));
//! let ixgbe = tree.model.lookup("IXGBE").unwrap();
//! let report = why::why(&mut run.evaluation, ixgbe, Limits::default());
//! let json = serde_json::to_string(&report).expect("a report serializes");
//! assert!(json.contains("IXGBE"));
//! # Ok::<(), ksolve::Error>(())
//! ```
//!
//! ## Solve
//!
//! [`solve::solve`] finds the fewest extra lines that make requests hold
//! on a base config, verified by evaluation before it is returned, or the
//! minimal sets of requests that cannot hold together
//! ([`solve::SolveError::Conflicts`]).
//!
//! ```
//! # use ksolve::{LoadOptions, Tree};
//! use ksolve::solve::{self, Request, SolveError};
//! use ksolve::{config, ConfigFile};
//! use std::path::Path;
//!
//! let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/kernel-fixtures/example"));
//! # let mut opts = LoadOptions::new(dir);
//! # opts.arch = Some("x86".to_string());
//! # opts.probe_cache = false;
//! # let tree = Tree::load(&opts)?;
//! let base = config::merge([&ConfigFile::read(&dir.join("base.config"))?]);
//! let request = Request::parse(&tree.model, "IXGBE=y", solve::command_line(0))
//!     .expect("a known symbol and a valid value");
//! match solve::solve(&tree.model, &base, vec![request]) {
//!     Ok(solution) => {
//!         for line in solution.fragment() {
//!             println!("{line}"); // the lines to add to the fragment
//!         }
//!     }
//!     Err(SolveError::Conflicts { conflicts, .. }) => println!("{} conflicts", conflicts.len()),
//!     Err(e) => println!("{e}"),
//! }
//! # Ok::<(), ksolve::Error>(())
//! ```
//!
//! ## Bump
//!
//! [`bump::bump`] applies the same fragments on an old and a new tree and
//! says which requests are lost, removed or gained, which symbols changed
//! and what the new tree offers that the config says nothing about.
//!
//! ```
//! use ksolve::{bump, check, config, ConfigFile, LoadOptions, Tree};
//! use std::path::Path;
//!
//! let fixtures = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/kernel-fixtures"));
//! let load = |name: &str| {
//!     let mut opts = LoadOptions::new(fixtures.join(name));
//!     opts.probe_cache = false;
//!     Tree::load(&opts)
//! };
//! let (old, new) = (load("bump-old")?, load("bump-new")?);
//! let base = ConfigFile::read(&fixtures.join("bump-old/base.config"))?;
//! let script = config::fragment::read(&fixtures.join("bump-old/fragment.config"))?;
//! let fragments = [check::Fragment { edits: script.edits }];
//! let inputs = bump::Inputs { base: &base, new_base: None, fragments: &fragments, trees: None };
//! let result = bump::bump(&old.model, &new.model, inputs);
//! for r in &result.requests {
//!     println!("CONFIG_{}: {:?}", r.request.name, r.verdict);
//! }
//! assert!(result.failed(), "the fixture loses a request across the bump");
//! # Ok::<(), ksolve::Error>(())
//! ```
//!
//! A program that ends right after loading should call
//! [`store::wait_for_writes`] first: the caches are written on background
//! threads.

pub mod bump;
pub mod check;
mod cli;
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
mod source;
mod store;
pub mod syntax;
pub mod tree;
pub mod verify;

pub use config::{Assignment, ConfigFile};
pub use error::Error;
pub use eval::{Evaluation, Tristate};
pub use model::{MenuEnds, Model, Semantics, SymbolId};
pub use store::wait_for_writes;
pub use tree::{LoadOptions, Tree};

/// The `ksolve` command line, as the binary runs it: reads the process's
/// arguments and environment, runs the command and returns its exit status.
pub fn cli_main() -> i32 {
    cli::main()
}
