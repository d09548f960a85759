//! The playground: Yew components over the engine's output.
//!
//! - [`state`]: `UiState` and its reducer, the one place the scenario lives.
//! - [`runner`]: the engine runs, advanced in budgeted slices each animation frame.
//! - [`panels`], [`controls`], [`summary`], [`chart`]: the components; [`App`] joins them.
//! - [`mrc`]: the miss-ratio curve panel, computed on demand in budgeted slices.
//! - [`fields`]: the table of editable scenario fields; [`explain`]: policy notes;
//!   [`charts`]: what each chart plots.
//! - [`format`], [`axis`], [`decimate`]: pure helpers for numbers and charts.
//! - [`share`], [`persist`], [`embed`], [`export`]: links, `localStorage`, the embed view,
//!   and files in and out.

pub mod axis;
pub mod chart;
pub mod charts;
pub mod controls;
pub mod decimate;
pub mod embed;
pub mod explain;
pub mod export;
pub mod fields;
pub mod format;
pub mod mrc;
pub mod panels;
pub mod persist;
pub mod runner;
pub mod share;
pub mod state;
pub mod summary;

use crate::scenario;
use crate::sim::report::ScaleEvent;
use chart::{Chart, RunsHandle};
use controls::Controls;
use gloo::events::{EventListener, EventListenerOptions};
use gloo::render::{request_animation_frame, AnimationFrame};
use panels::{Editor, EditorView};
use runner::Runs;
use scenario::choice::{self, Choice, WriteKind};
use state::{Action, Side, UiState};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use summary::SummaryView;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Wall-clock milliseconds of engine work in the first frame; `runner::next_budget`
/// adapts it to how the frames keep time. At 60 frames per second a frame has 16.7 ms,
/// and drawing the charts and the page needs the rest.
const FIRST_BUDGET_MS: f64 = 10.0;

/// The shortest time between two chart redraws while the engine is busy: about 30 Hz.
const CHART_FRAME_MS: f64 = 32.0;

/// The animation-frame loop: advances the runs toward the state's target and tells the
/// reducer how far they got and how much wall time passed. Dropping it stops the loop.
struct Ticker {
    handle: RefCell<Option<AnimationFrame>>,
    last_frame_ms: Cell<Option<f64>>,
    budget_ms: Cell<f64>,
    latest: Rc<RefCell<UiState>>,
    runs: Rc<RefCell<Runs>>,
    dispatch: UseReducerDispatcher<UiState>,
}

impl Ticker {
    fn schedule(self: &Rc<Ticker>) {
        let ticker = Rc::clone(self);
        let handle = request_animation_frame(move |timestamp| ticker.frame(timestamp));
        *self.handle.borrow_mut() = Some(handle);
    }

    fn frame(self: &Rc<Ticker>, timestamp_ms: f64) {
        let state = self.latest.borrow().clone();
        let wall_ms = self
            .last_frame_ms
            .replace(Some(timestamp_ms))
            .map_or(0.0, |last| timestamp_ms - last);
        {
            let mut runs = self.runs.borrow_mut();
            runs.sync(&state);
            if runs.now() < state.target && !runs.is_finished() {
                let budget = runner::next_budget(self.budget_ms.get(), wall_ms);
                self.budget_ms.set(budget);
                let performance = web_sys::window().and_then(|w| w.performance());
                let mut clock = || performance.as_ref().map_or(0.0, |p| p.now());
                runs.advance(state.target, budget, &mut clock);
            }
            let (now, finished) = (runs.now(), runs.is_finished());
            if now != state.now || finished != state.finished {
                self.dispatch.dispatch(Action::Reached {
                    generation: runs.generation,
                    now,
                    finished,
                });
            }
        }
        if state.playing {
            self.dispatch.dispatch(Action::Tick { wall_ms });
        }
        self.schedule();
    }
}

/// Whether a key press belongs to the focused element (typing, a button's own space).
fn focus_takes_keys(event: &KeyboardEvent) -> bool {
    let Some(element) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(
        element.tag_name().to_ascii_lowercase().as_str(),
        "input" | "textarea" | "select" | "button" | "summary" | "a" | "option"
    ) || element.has_attribute("contenteditable")
}

/// The autoscaler's decisions so far, newest last, under the instances chart.
fn decision_log(events: &[ScaleEvent]) -> Html {
    if events.is_empty() {
        return Html::default();
    }
    let items = events.iter().map(|event| {
        html! {
            <li>{ format!("{}: {} → {}: {}", format::clock(event.t_s), event.from, event.to, event.reason) }</li>
        }
    });
    html! {
        <details class="decision-log" data-testid="scale-events">
            <summary>{ format!("Scaling decisions ({})", events.len()) }</summary>
            <ol class="decisions">{ for items }</ol>
        </details>
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let boot = use_memo((), |_| share::Boot::read());
    let state = use_reducer(|| boot.initial_state());
    let runs = use_mut_ref(|| Runs::new(&state));
    let latest = use_mut_ref(|| (*state).clone());
    *latest.borrow_mut() = (*state).clone();
    // Bumped when the window is resized, so the charts redraw at their new width.
    let layout = use_state(|| 0u64);

    {
        let dispatch = state.dispatcher();
        let (latest, runs) = (latest.clone(), runs.clone());
        let first_action = boot.first_action();
        use_effect_with((), move |_| {
            let ticker = Rc::new(Ticker {
                handle: RefCell::new(None),
                last_frame_ms: Cell::new(None),
                budget_ms: Cell::new(FIRST_BUDGET_MS),
                latest,
                runs,
                dispatch,
            });
            ticker.schedule();
            // The first page shows a whole run at once; Play then replays it from t = 0.
            // An autoplaying embed plays from t = 0 instead.
            ticker.dispatch.dispatch(first_action);
            // The loop keeps itself alive through its own handle; cutting it stops it.
            move || drop(ticker.handle.borrow_mut().take())
        });
    }
    {
        let dispatch = state.dispatcher();
        let layout = layout.clone();
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            // Not passive: space would scroll the page as well as toggle play.
            let options = EventListenerOptions::enable_prevent_default();
            let keys =
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if event.key() == " " && !focus_takes_keys(event) {
                        event.prevent_default();
                        dispatch.dispatch(Action::TogglePlay);
                    }
                });
            let window = gloo::utils::window();
            let resize = {
                let layout = layout.clone();
                EventListener::new(&window, "resize", move |_| layout.set(*layout + 1))
            };
            // The charts read their colours from the stylesheet: a theme switch redraws them.
            let theme = window
                .match_media("(prefers-color-scheme: dark)")
                .ok()
                .flatten()
                .map(|query| {
                    EventListener::new(&query, "change", move |_| layout.set(*layout + 1))
                });
            move || drop((keys, resize, theme))
        });
    }

    // One callback for the page's lifetime, so components whose other props are equal
    // skip re-rendering.
    let dispatch = {
        let dispatcher = state.dispatcher();
        use_callback((), move |action: Action, _| dispatcher.dispatch(action))
    };
    let editor_view = {
        let view = EditorView::of(&state);
        use_memo(view, |view| view.clone())
    };
    let shared: Rc<UiState> = Rc::new((*state).clone());
    let shown_version = use_mut_ref(|| (0u64, 0.0f64));
    let runs_ref = runs.borrow();
    let version = {
        let b_len = runs_ref.b.as_ref().map_or(0, |b| b.samples().len() as u64);
        // Sample counts stay below 2^20 (`fields::MAX_SAMPLES`), so the parts never overlap.
        (runs_ref.generation << 40) ^ ((runs_ref.a.samples().len() as u64) << 20) ^ b_len
    };
    // While the engine catches up (fast speeds, run to end), samples arrive every frame;
    // charts then redraw at most every CHART_FRAME_MS, which keeps the page at full frame
    // rate. Once the runs stand still the charts show the latest samples.
    let chart_version = {
        let busy = state.now < state.target && !runs_ref.is_finished();
        let now_ms = web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now());
        let mut shown = shown_version.borrow_mut();
        if !busy || now_ms - shown.1 >= CHART_FRAME_MS {
            *shown = (version, now_ms);
        }
        shown.0
    };
    let summary_a = runs_ref.a.summary();
    let summary_b = runs_ref.b.as_ref().map(|b| b.summary());
    let finished = runs_ref.is_finished();
    drop(runs_ref);

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
    let compare_bar = if state.comparing() {
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
    } else {
        let dispatch = dispatch.clone();
        html! {
            <div class="compare">
                <button data-testid="compare" onclick={move |_| dispatch.emit(Action::StartCompare)}
                    title="Run the current scenario as A against an editable copy B, on identical arrivals">
                    { "Compare A/B" }
                </button>
            </div>
        }
    };
    let end_s = state.end().as_s();
    let faults: Vec<(f64, f64)> = std::iter::once(&state.scenario)
        .chain(state.scenario_b.as_ref())
        .flat_map(|scenario| scenario.faults.iter().map(choice::window))
        .collect();
    let decisions = decision_log(&summary_a.scale_events);
    let chart = |index: usize| {
        let log = if charts::catalogue()[index].id == "instances" {
            decisions.clone()
        } else {
            Html::default()
        };
        html! {
            <Chart {index} runs={RunsHandle(runs.clone())} version={chart_version} {end_s} layout={*layout}
                faults={faults.clone()}>
                { log }
            </Chart>
        }
    };
    if let Some(options) = &boot.embed {
        let chosen = options.charts.iter().filter_map(|id| {
            charts::catalogue()
                .iter()
                .position(|spec| spec.id == *id)
                .map(chart)
        });
        let controls = html! { <Controls state={shared.clone()} dispatch={dispatch.clone()} /> };
        return html! {
            <embed::EmbedPage options={options.clone()} state={shared} {dispatch} {controls}
                charts={chosen.collect::<Html>()} summary={summary_a} link_error={boot.link_error.clone()} />
        };
    }
    let charts = (0..charts::catalogue().len()).map(chart);
    let editing = state.side(state.editing);
    let run_state = state.run_state();

    html! {
        <div class="app" data-state={run_state}>
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
            <aside class="side" aria-label="Scenario">
                { compare_bar }
                if !editing.notes.is_empty() { <p class="notes">{ &editing.notes }</p> }
                <p class="muted small">{ "Edits restart the run from t = 0 and replay it up to the current clock." }</p>
                <Editor view={editor_view} dispatch={dispatch.clone()} />
            </aside>
            <main class="main">
                <share::Share state={shared.clone()} dispatch={dispatch.clone()} boot={boot.clone()} />
                <export::Export scenario={state.scenario.clone()} runs={RunsHandle(runs.clone())} dispatch={dispatch.clone()} />
                <Controls state={shared.clone()} dispatch={dispatch.clone()} />
                <SummaryView a={summary_a} b={summary_b} scenario_a={state.scenario.clone()}
                    scenario_b={state.scenario_b.clone()} {finished} />
                <section class="charts" aria-label="Charts">{ for charts }</section>
                <mrc::MissRatioCurve scenario={state.scenario.clone()} scenario_b={state.scenario_b.clone()}
                    layout={*layout} />
            </main>
        </div>
    }
}
