//! Integration tests: one binary, a module per concern.

// proptest is a native dev-dependency only.
#[cfg(not(target_arch = "wasm32"))]
mod adaptive;
