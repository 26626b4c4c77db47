//! The command-line front end: arguments -> a validated run -> library calls
//! -> rendering. Kconfig logic lives in the library.

pub(crate) mod args;
mod bump;
mod check;
mod config_cmd;
mod graph;
mod localmodconfig;
mod make_args;
mod manpage;
mod minimize;
mod modes;
mod module;
mod olddefconfig;
mod output;
mod run;
mod solve;
mod verify;
mod why;

pub(crate) use run::main;
