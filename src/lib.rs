//! ksolve: a Kconfig dependency solver for the Linux kernel.

pub mod macros;
pub mod syntax;
