//! The run controls: play/pause, step, reset, run to end, speed, and the clock.

use crate::ui::format;
use crate::ui::state::{Action, Speed, UiState};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub state: Rc<UiState>,
    pub dispatch: Callback<Action>,
    /// Offer a link to the scenario editor (the playground has one, an embed does not).
    #[prop_or_default]
    pub editor_link: bool,
}

#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let state = &props.state;
    let send = |action: fn() -> Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action()))
    };
    let on_speed = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(speed) = Speed::from_name(&select.value()) {
                dispatch.emit(Action::SetSpeed(speed));
            }
        })
    };
    let speeds = Speed::ALL.iter().map(|speed| {
        html! { <option value={speed.name()} selected={*speed == state.speed}>{ speed.label() }</option> }
    });
    let end = state.end();
    let progress = if end.0 > 0 {
        state.now.0 as f64 / end.0 as f64
    } else {
        0.0
    };
    let busy = state.now < state.target;
    let (play_label, play_icon) = if state.playing {
        ("Pause", "❚❚")
    } else {
        ("Play", "▶")
    };
    html! {
        <div class="controls" role="toolbar" aria-label="Run controls">
            <button class="primary" data-testid="play" onclick={send(|| Action::TogglePlay)}
                aria-pressed={state.playing.to_string()} title="Play or pause (space)">
                <span aria-hidden="true">{ play_icon }</span>{ " " }{ play_label }
            </button>
            <button data-testid="step" onclick={send(|| Action::Step)} title="Advance one sample interval"
                disabled={state.finished}>{ "Step" }</button>
            <button data-testid="reset" onclick={send(|| Action::Reset)} title="Back to t = 0">{ "Reset" }</button>
            <button data-testid="run-to-end" onclick={send(|| Action::RunToEnd)}
                disabled={state.finished}>{ "Run to end" }</button>
            <label class="speed">
                <span>{ "Speed" }</span>
                <select data-testid="speed" onchange={on_speed}
                    title="Simulated seconds per wall-clock second; max runs as fast as the page allows">{ for speeds }</select>
            </label>
            if props.editor_link {
                <a class="to-editor" href="#scenario" data-testid="to-editor">{ "Skip to editor" }</a>
            }
            <div class="clock" data-testid="clock" aria-live="off">
                <span class="now">{ format::clock(state.now.as_s()) }</span>
                <span class="muted">{ " / " }{ format::clock(end.as_s()) }</span>
                <progress max="1" value={progress.to_string()} aria-label="Run progress"></progress>
                <span class={classes!("status", busy.then_some("busy"))} data-testid="status">
                    { if state.finished { "finished" } else if busy { "simulating…" } else if state.playing { "playing" } else { "paused" } }
                </span>
            </div>
        </div>
    }
}
