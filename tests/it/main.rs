//! Integration tests: one binary, a module per concern.

mod determinism;
mod golden;
mod invariants;
mod latency;
mod write_policies;
