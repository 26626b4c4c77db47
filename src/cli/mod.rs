//! The command-line front end: arguments -> a validated run -> library calls
//! -> rendering. Kconfig logic lives in the library.

pub mod args;
mod olddefconfig;
mod output;
mod run;
mod solve;

pub use run::main;
