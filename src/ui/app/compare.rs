//! The A/B bar above the editor: the button that starts a comparison, or, while
//! comparing, the side being edited, the quick write-policy switch and the way out.

use crate::scenario::choice::{Choice, WriteKind};
use crate::ui::explain;
use crate::ui::state::{Action, Side, UiState};
use yew::prelude::*;

pub fn compare_bar(state: &UiState, dispatch: &Callback<Action>) -> Html {
    if !state.comparing() {
        let dispatch = dispatch.clone();
        return html! {
            <div class="compare">
                <button data-testid="compare" onclick={move |_| dispatch.emit(Action::StartCompare)}
                    title="Run the current scenario as A against an editable copy B, on identical arrivals">
                    { "Compare A/B" }
                </button>
            </div>
        };
    }
    let tab = |side: Side| {
        let dispatch = dispatch.clone();
        let selected = state.editing == side;
        html! {
            <button role="tab" aria-selected={selected.to_string()} class={classes!("tab", selected.then_some("active"))}
                data-testid={format!("tab-{}", side.name().to_lowercase())}
                onclick={move |_| dispatch.emit(Action::EditSide(side))}>
                { format!("Scenario {}", side.name()) }
                if side == Side::B { <span class="dash" aria-hidden="true"></span> }
            </button>
        }
    };
    let keep = |side: Side| {
        let dispatch = dispatch.clone();
        html! {
            <button class="link" data-testid={format!("keep-{}", side.name().to_lowercase())}
                onclick={move |_| dispatch.emit(Action::StopCompare { keep: side })}>
                { format!("Keep {}", side.name()) }
            </button>
        }
    };
    // One click to the question most comparisons ask: which write policy?
    let quick = WriteKind::ALL.iter().map(|kind| {
        let dispatch = dispatch.clone();
        let name = kind.name();
        let label = explain::find(explain::WRITE, name).map_or(kind.label(), |note| note.label);
        let side = state.editing;
        let active = WriteKind::of(&state.side(side).write_policy) == *kind;
        html! {
            <button class={classes!("chip", active.then_some("active"))} data-testid={format!("quick-{name}")}
                aria-pressed={active.to_string()}
                onclick={move |_| dispatch.emit(Action::Edit {
                    side,
                    path: "write_policy.kind".to_string(),
                    text: name.to_string(),
                })}>
                { label }
            </button>
        }
    });
    html! {
        <div class="compare">
            <div role="tablist" aria-label="Scenario being edited">{ tab(Side::A) }{ tab(Side::B) }</div>
            <p class="quick small">
                <span class="muted">{ format!("Set {}'s write policy: ", state.editing.name()) }</span>
                { for quick }
            </p>
            <p class="muted small">{ "A and B share one seed, so both see identical arrivals. End the comparison: " }{ keep(Side::A) }{ " · " }{ keep(Side::B) }</p>
        </div>
    }
}
