//! The dependency graph of a model (petgraph).
