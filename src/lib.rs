//! cacheplay: a deterministic cache-tier simulator and the playground around it.
//!
//! Three layers, and the arrows point one way: `ui → scenario → sim`.
//! - [`sim`]: the engine. Pure and deterministic: parameters in, samples and a summary out.
//! - [`scenario`]: the user's plain-data scenario: defaults, validation, presets, share links.
//! - [`ui`]: the Yew playground, compiled to wasm by Trunk.

pub mod scenario;
pub mod sim;
pub mod ui;
