//! The playground: Yew components over the engine's output.
//!
//! This first page shows the default scenario's key parameters and the summary of its run,
//! which the engine computes in the browser once the page has painted. All text comes from
//! the pure functions in `ui/rows.rs` and `ui/format.rs`, so the components only lay it out.

mod format;
mod rows;

pub use rows::{scenario_rows, summary_rows, Row};

use crate::scenario::Scenario;
use crate::sim::{self, Summary};
use gloo::render::request_animation_frame;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let scenario = use_state(Scenario::default);
    let summary = use_state(|| None::<Summary>);
    {
        let summary = summary.clone();
        use_effect_with((*scenario).clone(), move |scenario| {
            let config = scenario.config();
            // A long run blocks the page, so it starts only after "running…" is on screen:
            // an animation-frame callback runs just before the next paint, and a timeout
            // set from there runs after that paint. Dropping either handle cancels it.
            let pending: Rc<RefCell<Option<Timeout>>> = Rc::default();
            let slot = Rc::clone(&pending);
            let frame = request_animation_frame(move |_| {
                let timeout = Timeout::new(0, move || {
                    summary.set(Some(sim::run(&config).summary));
                });
                *slot.borrow_mut() = Some(timeout);
            });
            move || {
                drop(frame);
                pending.borrow_mut().take();
            }
        });
    }
    html! {
        <>
            <header class="masthead">
                <h1>{ "cacheplay" }</h1>
                <p class="tagline">
                    { "A cache-policy playground: a deterministic simulation of a cache tier, running in your browser." }
                </p>
            </header>
            <main class="cards">
                <ScenarioCard scenario={(*scenario).clone()} />
                <SummaryCard summary={(*summary).clone()} />
            </main>
            <footer class="colophon">
                <p>{ "Same scenario, same run: the engine reads no clock and no OS randomness, so this page and the cacheplay CLI compute identical fingerprints." }</p>
            </footer>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ScenarioCardProps {
    scenario: Scenario,
}

#[function_component(ScenarioCard)]
fn scenario_card(props: &ScenarioCardProps) -> Html {
    let scenario = &props.scenario;
    html! {
        <section class="card" aria-labelledby="scenario-heading">
            <h2 id="scenario-heading">{ "Scenario" }</h2>
            // Title and notes are user text: Yew renders them as text nodes, never as HTML.
            <p class="scenario-title">{ scenario.title.clone() }</p>
            if !scenario.notes.is_empty() {
                <p class="notes">{ scenario.notes.clone() }</p>
            }
            <Rows rows={scenario_rows(scenario)} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SummaryCardProps {
    summary: Option<Summary>,
}

#[function_component(SummaryCard)]
fn summary_card(props: &SummaryCardProps) -> Html {
    let body = match &props.summary {
        None => html! {
            <p class="status" role="status">{ "running…" }</p>
        },
        Some(summary) => html! {
            <>
                <Rows rows={summary_rows(summary)} />
                <p class="fingerprint">
                    <span class="fingerprint-label">{ "Run fingerprint" }</span>
                    <code data-testid="digest">{ summary.digest.clone() }</code>
                </p>
            </>
        },
    };
    let state = if props.summary.is_some() {
        "done"
    } else {
        "running"
    };
    html! {
        <section class="card" aria-labelledby="summary-heading" aria-busy={props.summary.is_none().to_string()} data-state={state}>
            <h2 id="summary-heading">{ "Run summary" }</h2>
            <p class="subtitle">{ "Computed by the engine, compiled to WebAssembly, in this tab." }</p>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RowsProps {
    rows: Vec<Row>,
}

#[function_component(Rows)]
fn rows(props: &RowsProps) -> Html {
    html! {
        <dl class="rows">
            { for props.rows.iter().map(|row| html! {
                <div class="row">
                    <dt>{ row.label }</dt>
                    <dd>{ row.value.clone() }</dd>
                </div>
            }) }
        </dl>
    }
}
