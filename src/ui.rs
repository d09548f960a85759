//! The playground: Yew components over the engine's output.
//!
//! - [`state`]: `UiState` and its reducer, the one place the scenario lives.
//! - [`fields`]: the table of editable scenario fields; [`explain`]: policy notes.
//! - [`format`], [`axis`], [`decimate`]: pure helpers for numbers and charts.

pub mod axis;
pub mod decimate;
pub mod explain;
pub mod fields;
pub mod format;
pub mod runner;
pub mod state;

use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    html! { <main><h1>{ "cacheplay" }</h1></main> }
}
