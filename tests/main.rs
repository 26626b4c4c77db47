//! ksolve's integration tests: one binary, one module per area.

mod adversarial;
mod bump;
mod cache_safety;
mod check;
mod cli;
mod common;
mod conf_checks;
mod fixtures;
mod fragments;
mod generate;
mod minimize;
mod modes;
mod modules;
mod outputs;
mod probes;
mod properties;
mod solve;
mod stored_model;
mod verify;
mod why;
