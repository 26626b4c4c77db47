//! ksolve's integration tests: one binary, one module per area.

mod common;
mod fixtures;
mod properties;
mod solve;
