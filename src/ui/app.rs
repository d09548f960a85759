//! The page: the state and the runs, and how the parts share them.
//!
//! - [`run_loop`]: the animation-frame loop that advances the runs.
//! - [`page_events`]: space toggles play; resizes and theme switches redraw the charts.
//! - [`header`], [`compare`]: the header with the presets, and the A/B bar.
//! - [`results`]: the live charts and what they share.

mod compare;
mod header;
mod page_events;
mod results;
mod run_loop;

use crate::ui::chart::RunsHandle;
use crate::ui::controls::Controls;
use crate::ui::panels::{Editor, EditorView};
use crate::ui::runner::Runs;
use crate::ui::state::{Action, UiState};
use crate::ui::summary::SummaryView;
use crate::ui::{charts, embed, export, mrc, narrative, share, story};
use results::ChartContext;
use std::rc::Rc;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let boot = use_memo((), |_| share::Boot::read());
    let state = use_reducer(|| boot.initial_state());
    let runs = use_mut_ref(|| Runs::new(&state));
    let latest = use_mut_ref(|| (*state).clone());
    *latest.borrow_mut() = (*state).clone();
    // Bumped when the window is resized, so the charts redraw at their new width.
    let layout = use_state(|| 0u64);

    run_loop::use_run_loop(
        latest,
        runs.clone(),
        state.dispatcher(),
        boot.first_action(),
    );
    page_events::use_page_events(state.dispatcher(), layout.clone());

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
    let chart_version = results::chart_version(&state, &runs_ref, &shown_version);
    let summary_a = runs_ref.a.summary();
    let summary_b = runs_ref.b.as_ref().map(|b| b.summary());
    let finished = runs_ref.is_finished();
    let story_a = narrative::narrative(&state.scenario, &summary_a, runs_ref.a.samples());
    drop(runs_ref);

    let charts = ChartContext::new(
        &state,
        runs.clone(),
        chart_version,
        *layout,
        &summary_a.scale_events,
    );
    if let Some(options) = &boot.embed {
        let chosen = options.charts.iter().filter_map(|id| {
            charts::catalogue()
                .iter()
                .position(|spec| spec.id == *id)
                .map(|index| charts.chart(index))
        });
        let controls = html! { <Controls state={shared.clone()} dispatch={dispatch.clone()} /> };
        return html! {
            <embed::EmbedPage options={options.clone()} state={shared} {dispatch} {controls}
                charts={chosen.collect::<Html>()} summary={summary_a} link_error={boot.link_error.clone()}
                crash={boot.crash.clone()} />
        };
    }
    let all_charts = (0..charts::catalogue().len()).map(|index| charts.chart(index));
    let editing = state.side(state.editing);
    let run_state = state.run_state();

    html! {
        <div class="app" data-state={run_state}>
            // The editor comes first in the page; a keyboard reaches the run without it.
            <a class="skip" href="#results">{ "Skip to results" }</a>
            { header::header(&state, &dispatch) }
            <aside class="side" aria-label="Scenario">
                { compare::compare_bar(&state, &dispatch) }
                { story::notes_view(editing) }
                <p class="muted small">{ "Edits restart the run from t = 0 and replay it up to the current clock." }</p>
                <Editor view={editor_view} dispatch={dispatch.clone()} />
            </aside>
            <main class="main" id="results" tabindex="-1">
                <p class="intro" data-testid="intro">{ story::INTRO }</p>
                <share::Share state={shared.clone()} dispatch={dispatch.clone()} boot={boot.clone()} />
                <export::Export scenario={state.scenario.clone()} runs={RunsHandle(runs.clone())} dispatch={dispatch.clone()} />
                <Controls state={shared.clone()} dispatch={dispatch.clone()} editor_link=true />
                <SummaryView a={summary_a} b={summary_b} scenario_a={state.scenario.clone()}
                    scenario_b={state.scenario_b.clone()} {finished} story={story_a} />
                <section class="charts" aria-label="Charts">{ for all_charts }</section>
                <mrc::MissRatioCurve scenario={state.scenario.clone()} scenario_b={state.scenario_b.clone()}
                    layout={*layout} />
            </main>
        </div>
    }
}
