//! The command-line front end: arguments -> a validated run -> library calls
//! -> rendering. Kconfig logic lives in the library.

pub mod args;
mod builtin_report;
mod localmodconfig;
mod module;
mod bump;
mod check;
mod config_cmd;
mod graph;
mod olddefconfig;
mod output;
mod run;
mod why;
mod solve;

pub use run::main;
