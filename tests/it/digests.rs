//! The golden run digests, one per preset, that the wasm build must reproduce.
//!
//! `tests/golden/digests.txt` pins what the native engine computes for every preset;
//! `tests/wasm.rs` checks that the engine in headless Chromium computes the same.
//! After a deliberate change to the engine, regenerate with
//! `UPDATE_EXPECT=1 cargo test --test it digests`.

use cacheplay::scenario::presets;
use cacheplay::sim;

const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/digests.txt");

const HEADER: &str = "\
# Run digest of every preset, native engine: `name digest` per line.
# tests/wasm.rs asserts the wasm engine computes the same.
# Regenerate after a deliberate engine change: UPDATE_EXPECT=1 cargo test --test it digests
";

#[test]
fn golden_digests_are_the_native_engines() {
    let mut actual = String::from(HEADER);
    for preset in presets() {
        let digest = sim::run(&preset.scenario.config()).summary.digest;
        actual.push_str(&format!("{} {digest}\n", preset.name));
    }
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(GOLDEN, &actual).expect("tests/golden is writable");
        return;
    }
    let golden = std::fs::read_to_string(GOLDEN).unwrap_or_default();
    assert_eq!(
        golden, actual,
        "the engine's digests changed; if deliberate, run UPDATE_EXPECT=1 cargo test --test it digests"
    );
}
