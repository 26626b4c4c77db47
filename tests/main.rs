//! ksolve's integration tests: one binary, one module per area.

mod adversarial;
mod bump;
mod check;
mod cli;
mod common;
mod conf_checks;
mod fixtures;
mod generate;
mod minimize;
mod modes;
mod modules;
mod properties;
mod solve;
mod stored_model;
mod verify;
mod why;
