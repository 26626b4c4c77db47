//! ksolve's integration tests: one binary, one module per area.

mod adversarial;
mod cli;
mod common;
mod fixtures;
mod properties;
