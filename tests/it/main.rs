//! Integration tests: one binary, a module per concern.

mod cli;
mod digests;
mod tidy;
