//! The live charts: which samples they show (redrawn at most every [`CHART_FRAME_MS`]
//! while the engine is busy), the fault windows they shade, and the autoscaler's
//! decisions under the instances chart.

use crate::scenario::choice;
use crate::sim::report::ScaleEvent;
use crate::ui::chart::{Chart, RunsHandle};
use crate::ui::charts;
use crate::ui::format;
use crate::ui::runner::Runs;
use crate::ui::state::UiState;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The shortest time between two chart redraws while the engine is busy: about 30 Hz.
const CHART_FRAME_MS: f64 = 32.0;

/// The version of the runs the charts show: it changes with every new sample, but while
/// the engine catches up (fast speeds, run to end) at most every [`CHART_FRAME_MS`],
/// which keeps the page at full frame rate. Once the runs stand still the charts show
/// the latest samples. `shown` remembers the version last shown and when.
pub fn chart_version(state: &UiState, runs: &Runs, shown: &RefCell<(u64, f64)>) -> u64 {
    let version = {
        let b_len = runs.b.as_ref().map_or(0, |b| b.samples().len() as u64);
        // Sample counts stay below 2^20 (`fields::MAX_SAMPLES`), so the parts never overlap.
        (runs.generation << 40) ^ ((runs.a.samples().len() as u64) << 20) ^ b_len
    };
    let busy = state.now < state.target && !runs.is_finished();
    let now_ms = web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now());
    let mut shown = shown.borrow_mut();
    if !busy || now_ms - shown.1 >= CHART_FRAME_MS {
        *shown = (version, now_ms);
    }
    shown.0
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

/// What every chart on the page shares.
pub struct ChartContext {
    pub runs: Rc<RefCell<Runs>>,
    pub version: u64,
    pub end_s: f64,
    pub layout: u64,
    /// The fault windows of A and B.
    pub faults: Vec<(f64, f64)>,
    /// The decision log, shown under the instances chart.
    pub decisions: Html,
}

impl ChartContext {
    pub fn new(
        state: &UiState,
        runs: Rc<RefCell<Runs>>,
        version: u64,
        layout: u64,
        scale_events: &[ScaleEvent],
    ) -> Self {
        let faults = std::iter::once(&state.scenario)
            .chain(state.scenario_b.as_ref())
            .flat_map(|scenario| scenario.faults.iter().map(choice::window))
            .collect();
        ChartContext {
            runs,
            version,
            end_s: state.end().as_s(),
            layout,
            faults,
            decisions: decision_log(scale_events),
        }
    }

    /// The chart at `index` in [`charts::catalogue`].
    pub fn chart(&self, index: usize) -> Html {
        let log = if charts::catalogue()[index].id == "instances" {
            self.decisions.clone()
        } else {
            Html::default()
        };
        html! {
            <Chart {index} runs={RunsHandle(self.runs.clone())} version={self.version} end_s={self.end_s}
                layout={self.layout} faults={self.faults.clone()}>
                { log }
            </Chart>
        }
    }
}
