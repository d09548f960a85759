//! The page's header: the name, the scenario in one line, the presets and the jump to
//! the editor.

use crate::scenario;
use crate::ui::explain;
use crate::ui::state::{Action, UiState};
use yew::prelude::*;

/// The header; a preset is pressed when the scenario being edited is exactly it.
pub fn header(state: &UiState, dispatch: &Callback<Action>) -> Html {
    let presets = scenario::presets().into_iter().map(|preset| {
        let dispatch = dispatch.clone();
        let scenario = preset.scenario.clone();
        let active = *state.side(state.editing) == preset.scenario;
        html! {
            <button class={classes!("preset", active.then_some("active"))}
                data-testid={format!("preset-{}", preset.name)} title={preset.summary}
                aria-pressed={active.to_string()}
                onclick={move |_| dispatch.emit(Action::SetScenario(Box::new(scenario.clone())))}>
                { preset.name }
            </button>
        }
    });
    html! {
        <header class="top">
            <div class="brand">
                <h1>{ "cacheplay" }</h1>
                <p class="scenario-line" data-testid="scenario-summary">
                    <b>{ &state.scenario.title }</b>{ " · " }{ explain::describe(&state.scenario) }
                </p>
            </div>
            <nav class="presets" aria-label="Presets">
                <span class="muted">{ "Presets" }</span>
                { for presets }
            </nav>
            <a class="jump" href="#scenario">{ "Edit scenario ↓" }</a>
        </header>
    }
}
