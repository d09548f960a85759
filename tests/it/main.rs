//! Integration tests: one binary, a module per concern. Native only: they use proptest
//! and the file system; the wasm tests live in `tests/wasm.rs`.
#![cfg(not(target_arch = "wasm32"))]

mod adaptive;
mod autoscale;
mod cli;
mod determinism;
mod digests;
mod faults;
mod fidelity;
mod golden;
mod hostile;
mod invariants;
mod latency;
mod libcachesim_wtinylfu;
mod limiter;
mod limits;
mod link;
mod mmc;
mod oracle;
mod queueing;
mod stories;
mod tidy;
mod trace_cli;
mod traffic;
mod write_policies;
