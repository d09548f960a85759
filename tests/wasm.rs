//! The engine in headless Chromium computes the same run digests as natively.
//!
//! The expected digests are `tests/golden/digests.txt`, which `tests/it/digests.rs` pins to
//! the native engine. Run with
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test wasm`.
#![cfg(target_arch = "wasm32")]

use cacheplay::scenario::presets;
use cacheplay::sim;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const GOLDEN: &str = include_str!("golden/digests.txt");

#[wasm_bindgen_test]
fn every_preset_digest_equals_the_native_golden() {
    let expected: Vec<&str> = GOLDEN
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .collect();
    let actual: Vec<String> = presets()
        .iter()
        .map(|preset| {
            let digest = sim::run(&preset.scenario.config()).summary.digest;
            format!("{} {digest}", preset.name)
        })
        .collect();
    assert_eq!(actual, expected);
}
