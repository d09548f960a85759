//! The playground: Yew components over the engine's output.
//!
//! - [`state`]: `UiState` and its reducer, the one place the scenario lives.
//! - [`runner`]: the engine runs, advanced in budgeted slices each animation frame of a
//!   [`frame_loop`], the one loop the runs and the miss-ratio curve share.
//! - [`panels`], [`controls`], [`summary`], [`chart`]: the components; [`App`] (in `app`)
//!   joins them.
//! - [`mrc`]: the miss-ratio curve panel, computed on demand in budgeted slices.
//! - [`fields`]: the table of editable scenario fields; [`explain`]: policy notes;
//!   [`charts`]: what each chart plots.
//! - [`format`], [`axis`], [`decimate`]: pure helpers for numbers and charts.
//! - [`share`], [`persist`], [`embed`], [`export`]: links, `localStorage`, the embed view,
//!   and files in and out.

mod app;
pub mod axis;
pub mod chart;
pub mod charts;
pub mod controls;
pub mod crash;
pub mod decimate;
pub mod embed;
pub mod explain;
pub mod export;
pub mod fields;
pub mod format;
pub mod frame_loop;
pub mod mrc;
pub mod narrative;
pub mod panels;
pub mod persist;
pub mod runner;
pub mod share;
pub mod state;
pub mod story;
pub mod summary;

pub use app::App;
