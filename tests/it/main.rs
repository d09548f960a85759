//! Integration tests: one binary, a module per concern.

mod fidelity;
mod oracle;
mod trace_cli;
