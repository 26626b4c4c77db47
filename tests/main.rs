//! ksolve's integration tests: one binary, one module per area.

mod adversarial;
mod bump;
mod cache_safety;
mod check;
mod cli;
mod common;
mod fixtures;
mod fragments;
mod generate;
mod modules;
mod outputs;
mod probes;
mod properties;
mod solve;
mod stored_model;
mod why;
