//! A live chart on a `<canvas>`: axes, gridlines, one line per series, B dashed, and a
//! hover read-out in HTML beside it (so it reads with a screen reader, too).
//!
//! Drawing goes through Canvas 2D at device-pixel resolution; every series is reduced
//! with min-max decimation to two points per horizontal pixel first, so the cost of a
//! frame depends on the canvas width, not on the length of the run.
//!
//! - `cache`: the series so far, kept between frames; `draw`: one frame (layout, faults,
//!   axes, cursor) and `series`: its bands and lines; `readout`: the values at the cursor;
//!   `table`: the numbers as a table.
//! - [`canvas`]: the helpers the miss-ratio curve shares.

mod cache;
pub mod canvas;
mod draw;
mod readout;
mod series;
mod table;

pub use canvas::{draw_grid, prepare, Palette, Plot, Scale};

use crate::ui::charts;
use crate::ui::runner::Runs;
use cache::Cache;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// The runs, shared between the runner (which advances them) and the charts (which read
/// them). Equal when they are the same runs: a new frame is signalled by `version`.
#[derive(Clone)]
pub struct RunsHandle(pub Rc<RefCell<Runs>>);

impl PartialEq for RunsHandle {
    fn eq(&self, other: &RunsHandle) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// Index into [`charts::catalogue`].
    pub index: usize,
    pub runs: RunsHandle,
    /// Changes whenever the runs have new samples.
    pub version: u64,
    /// End of the longest run, in seconds: the x axis spans the whole run.
    pub end_s: f64,
    /// Changes when the window size or the colour scheme changes.
    pub layout: u64,
    /// Fault windows `(start_s, end_s)` of the runs, shaded behind the series.
    #[prop_or_default]
    pub faults: Vec<(f64, f64)>,
    /// Shown under the chart (the instances chart's decision log).
    #[prop_or_default]
    pub children: Html,
}

/// Draws between two measurements of the canvas size.
const REMEASURE_EVERY: u32 = 30;

#[function_component(Chart)]
pub fn chart(props: &ChartProps) -> Html {
    let spec = &charts::catalogue()[props.index];
    let canvas = use_node_ref();
    // The read-out cursor, in seconds of simulated time.
    let hover = use_state(|| None::<f64>);
    let cache = use_mut_ref(Cache::default);
    // A logarithmic value axis, offered where one outlier can flatten the rest (latencies).
    let log = use_state(|| false);
    // The data table is built only while it is open: a run adds rows every frame.
    let table_open = use_state(|| false);

    {
        let canvas = canvas.clone();
        let runs = props.runs.clone();
        let hover = *hover;
        let end_s = props.end_s;
        let index = props.index;
        let cache = cache.clone();
        let layout = props.layout;
        let faults = props.faults.clone();
        let log = *log;
        use_effect_with(
            (props.version, hover, end_s, layout, log, faults),
            move |(.., faults)| {
                if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                    let mut cache = cache.borrow_mut();
                    // Reading the size forces a layout, so it happens on a layout change and
                    // now and then (a scrollbar appearing moves no window edge), not every frame.
                    if cache.layout != Some(layout) || cache.draws % REMEASURE_EVERY == 0 {
                        cache.layout = Some(layout);
                        cache.width = f64::from(canvas.client_width()).max(100.0);
                        cache.palette = Some(Palette::read(&canvas));
                    }
                    cache.draws = cache.draws.wrapping_add(1);
                    let frame = draw::Frame {
                        spec: &charts::catalogue()[index],
                        runs: &runs.0.borrow(),
                        end_s,
                        hover,
                        faults,
                        log,
                    };
                    draw::draw(&canvas, &frame, &mut cache);
                }
            },
        );
    }

    let to_time = {
        let canvas = canvas.clone();
        let end_s = props.end_s;
        move |client_x: i32| -> Option<f64> {
            let canvas = canvas.cast::<HtmlCanvasElement>()?;
            let rect = canvas.get_bounding_client_rect();
            let plot_w = (rect.width() - draw::MARGIN_LEFT - draw::margin_right(spec)).max(1.0);
            let x = f64::from(client_x) - rect.left() - draw::MARGIN_LEFT;
            Some((x / plot_w).clamp(0.0, 1.0) * end_s)
        }
    };
    let onmousemove = {
        let hover = hover.clone();
        Callback::from(move |e: MouseEvent| hover.set(to_time(e.client_x())))
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    // Arrow keys move the cursor a sample at a time, so the read-out works without a mouse.
    let onkeydown = {
        let hover = hover.clone();
        let runs = props.runs.clone();
        Callback::from(move |e: KeyboardEvent| {
            let runs = runs.0.borrow();
            let step = runs.a.sample_interval_s();
            let last = runs.a.samples().last().map_or(0.0, |s| s.t_s);
            let current = (*hover).unwrap_or(last);
            let next = match e.key().as_str() {
                "ArrowLeft" => (current - step).max(0.0),
                "ArrowRight" => (current + step).min(last),
                "Escape" => {
                    hover.set(None);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            hover.set(Some(next));
        })
    };

    let runs = props.runs.0.borrow();
    let comparing = runs.b.is_some();
    let readout = hover.and_then(|t| readout::readout(spec, &runs, t));
    let legend = spec.series.iter().map(|series| {
        html! {
            <li>
                <span class={classes!("swatch", format!("c{}", series.color))} aria-hidden="true"></span>
                { series.label }
                if series.right { <span class="muted">{ " (right axis)" }</span> }
            </li>
        }
    });
    let title_id = format!("chart-{}-title", spec.id);
    let ontoggle = {
        let table_open = table_open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::Element = e.target_unchecked_into();
            table_open.set(details.has_attribute("open"));
        })
    };
    let log_toggle = spec.offers_log().then(|| {
        let log = log.clone();
        let pressed = *log;
        html! {
            <button class={classes!("chip", "log-toggle", pressed.then_some("active"))}
                data-testid={format!("log-{}", spec.id)} aria-pressed={pressed.to_string()}
                title="A logarithmic value axis: one slow interval no longer flattens the rest; 0 ms sits at the bottom. The read-out shows the exact values either way."
                onclick={move |_| log.set(!*log)}>
                { "Log scale" }
            </button>
        }
    });
    html! {
        <figure class="chart" data-testid={format!("chart-{}", spec.id)} aria-labelledby={title_id.clone()}
            data-faults={props.faults.len().to_string()}>
            <figcaption>
                <h3 id={title_id} title={spec.help}>{ spec.title }</h3>
                <ul class="legend">
                    { for legend }
                    if comparing {
                        <li class="ab-key">
                            <span class="swatch solid" aria-hidden="true"></span>{ "A" }
                            <span class="swatch dashed" aria-hidden="true"></span>{ "B" }
                        </li>
                    }
                </ul>
                { log_toggle.unwrap_or_default() }
            </figcaption>
            <canvas
                ref={canvas}
                tabindex="0"
                role="img"
                aria-label={format!("{}: {}. Arrow keys move the read-out.", spec.title, spec.help)}
                {onmousemove}
                {onmouseleave}
                {onkeydown}
            />
            <p class="readout" aria-live="polite" data-testid={format!("readout-{}", spec.id)}>
                { readout.unwrap_or_else(|| html! { <span class="muted">{ spec.help }</span> }) }
            </p>
            <details class="chart-table" ontoggle={ontoggle}>
                <summary data-testid={format!("table-toggle-{}", spec.id)}>{ "The chart as a table" }</summary>
                if *table_open { { table::table(spec, &runs) } }
            </details>
            { props.children.clone() }
        </figure>
    }
}
