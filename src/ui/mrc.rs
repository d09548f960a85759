//! The miss-ratio curve panel: how the miss ratio falls as the cache grows, for LRU, the
//! scenario's policy (and B's) and Bélády's optimum, over the reads of the scenario's run.
//!
//! The curve is `sim::replay::curve`'s. It is computed only once the panel is opened, in
//! budgeted slices across animation frames (so the page keeps its frame rate and the main
//! run is not slowed), again whenever what it depends on changes; a change mid-way drops
//! the work under way. It is drawn on a canvas with a logarithmic size axis, the
//! configured capacity marked, and read out in HTML and in a table.
//!
//! - [`labels`]: each line's name and colour, the marked capacities, the texts.
//! - `job`: the computation, stepped on a frame loop; `draw`: the canvas;
//!   `readout`: the legend, the read-out, the note and the table.

mod draw;
mod job;
pub mod labels;
mod readout;

pub use labels::{
    cli_lines, line_colors, line_label, marks, nearest_size, short_name, size_text, Mark,
};

use crate::scenario::Scenario;
use crate::sim::replay::curve::CurveRequest;
use job::Status;
use readout::View;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MrcProps {
    pub scenario: Scenario,
    /// Scenario B, while comparing: its policy is a line, its capacity a marker.
    pub scenario_b: Option<Scenario>,
    /// Changes when the window size or the colour scheme changes.
    pub layout: u64,
}

#[function_component(MissRatioCurve)]
pub fn miss_ratio_curve(props: &MrcProps) -> Html {
    let open = use_state(|| false);
    let hover = use_state(|| None::<usize>);
    let canvas = use_node_ref();
    let configs = use_memo(
        (props.scenario.clone(), props.scenario_b.clone()),
        |(a, b)| (a.config(), b.as_ref().map(Scenario::config)),
    );
    let request = use_memo(configs.clone(), |configs| {
        let (a, b) = &**configs;
        let mut list = vec![a];
        list.extend(b.as_ref());
        CurveRequest::of(&list)
    });

    let status = job::use_curve(*open, request.clone());

    // The curve on screen, if it is the current request's.
    let shown = match &*status {
        Status::Done(done, curve) if **done == *request => Some(curve.clone()),
        _ => None,
    };
    let n_keys = request.workload.n_keys;
    let marks = {
        let (a, b) = &*configs;
        let mut sides = vec![("A", a)];
        sides.extend(b.as_ref().map(|b| ("B", b)));
        marks(&sides, n_keys)
    };
    {
        let canvas = canvas.clone();
        let shown = shown.clone();
        let marks = marks.clone();
        use_effect_with(
            (shown, marks, *hover, props.layout),
            move |(shown, marks, hover, _)| {
                if let (Some(curve), Some(canvas)) = (shown, canvas.cast::<HtmlCanvasElement>()) {
                    draw::draw(&canvas, curve, marks, *hover);
                }
            },
        );
    }

    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let state = match &*status {
        Status::Closed => "closed",
        Status::Computing(_) => "computing",
        Status::Done(..) if shown.is_none() => "computing",
        Status::Done(..) => "done",
    };
    let body = match (&*status, &shown) {
        (_, Some(curve)) => {
            let (a, b) = &*configs;
            let mut sides = vec![("A", a)];
            sides.extend(b.as_ref().map(|b| ("B", b)));
            let labels: Vec<String> = curve
                .lines
                .iter()
                .map(|line| line_label(line, &sides))
                .collect();
            let view = View {
                labels: &labels,
                marks: &marks,
                n_keys,
                comparing: b.is_some(),
            };
            readout::body(curve, &view, &hover, &canvas)
        }
        (Status::Closed, None) => Html::default(),
        (computing, None) => {
            // A finished curve of an older request counts as a computation just begun.
            let progress = match computing {
                Status::Computing(progress) => *progress,
                _ => 0.0,
            };
            html! {
                <p class="mrc-progress" data-testid="mrc-progress" role="status">
                    <progress max="1" value={progress.to_string()} aria-label="Computing the miss-ratio curve"></progress>
                    { format!(" Replaying the reads… {:.0} %", progress * 100.0) }
                </p>
            }
        }
    };
    html! {
        <section class="mrc" aria-label="Miss-ratio curve" data-testid="mrc" data-mrc={state}>
            <button class="disclosure" aria-expanded={open.to_string()} aria-controls="mrc-body"
                data-testid="mrc-toggle" onclick={toggle}
                title="How much would more cache buy? Replays this scenario's reads through LRU, its policy and the optimum at sizes from 0.1 % to 100 % of the keys">
                { if *open { "▾ " } else { "▸ " } }{ "Miss-ratio curve" }
                <span class="muted">{ " — miss ratio against cache size" }</span>
            </button>
            if *open {
                <div id="mrc-body">{ body }</div>
            }
        </section>
    }
}
