//! Integration tests: one binary, a module per concern. Native only: they use proptest
//! and the file system; the wasm tests live in `tests/wasm.rs`.
#![cfg(not(target_arch = "wasm32"))]

mod adaptive;
mod autoscale;
mod determinism;
mod fidelity;
mod golden;
mod invariants;
mod latency;
mod limiter;
mod link;
mod oracle;
mod trace_cli;
mod write_policies;
