//! A live chart on a `<canvas>`: axes, gridlines, one line per series, B dashed, and a
//! hover read-out in HTML beside it (so it reads with a screen reader, too).
//!
//! Drawing goes through Canvas 2D at device-pixel resolution; every series is reduced
//! with min-max decimation to two points per horizontal pixel first, so the cost of a
//! frame depends on the canvas width, not on the length of the run.

use crate::ui::axis;
use crate::ui::charts::{self, ChartSpec, Unit};
use crate::ui::decimate;
use crate::ui::format;
use crate::ui::runner::Runs;
use crate::ui::state::Side;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
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

/// What a chart keeps between frames: the theme's colours and every series so far, so a
/// frame only converts the samples that are new since the last one.
#[derive(Default)]
struct Cache {
    layout: Option<u64>,
    /// Canvas width in CSS pixels, as last measured.
    width: f64,
    draws: u32,
    palette: Option<Palette>,
    generation: u64,
    lanes: Vec<LaneColumns>,
}

struct LaneColumns {
    len: usize,
    columns: Columns,
}

impl Cache {
    /// Brings the cached series up to date with `runs` and returns them by lane.
    fn update(&mut self, spec: &ChartSpec, runs: &Runs) -> &[LaneColumns] {
        let lanes: Vec<&crate::ui::runner::Lane> = [Side::A, Side::B]
            .into_iter()
            .filter_map(|side| runs.lane(side))
            .collect();
        let stale = self.generation != runs.generation
            || self.lanes.len() != lanes.len()
            || lanes
                .iter()
                .zip(&self.lanes)
                .any(|(l, c)| l.samples().len() < c.len);
        if stale {
            self.generation = runs.generation;
            self.lanes = lanes
                .iter()
                .map(|_| LaneColumns {
                    len: 0,
                    columns: spec.series.iter().map(|_| Vec::new()).collect(),
                })
                .collect();
        }
        for (lane, cached) in lanes.iter().zip(self.lanes.iter_mut()) {
            let fresh = &lane.samples()[cached.len..];
            let new = charts::columns(spec, fresh, lane.sample_interval_s());
            for (column, tail) in cached.columns.iter_mut().zip(new) {
                column.extend(tail);
            }
            cached.len = lane.samples().len();
        }
        &self.lanes
    }
}

const HEIGHT_PX: f64 = 190.0;
/// Draws between two measurements of the canvas size.
const REMEASURE_EVERY: u32 = 30;
const MARGIN_LEFT: f64 = 58.0;
const MARGIN_RIGHT: f64 = 24.0;
const MARGIN_RIGHT_AXIS: f64 = 46.0;
const MARGIN_TOP: f64 = 10.0;
const MARGIN_BOTTOM: f64 = 24.0;

#[function_component(Chart)]
pub fn chart(props: &ChartProps) -> Html {
    let spec = &charts::catalogue()[props.index];
    let canvas = use_node_ref();
    // The read-out cursor, in seconds of simulated time.
    let hover = use_state(|| None::<f64>);
    let cache = use_mut_ref(Cache::default);

    {
        let canvas = canvas.clone();
        let runs = props.runs.clone();
        let hover = *hover;
        let end_s = props.end_s;
        let index = props.index;
        let cache = cache.clone();
        let layout = props.layout;
        let faults = props.faults.clone();
        use_effect_with(
            (props.version, hover, end_s, layout, faults),
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
                    draw(
                        &canvas,
                        &charts::catalogue()[index],
                        &runs.0.borrow(),
                        end_s,
                        hover,
                        faults,
                        &mut cache,
                    );
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
            let right = if spec.right_unit.is_some() {
                MARGIN_RIGHT_AXIS
            } else {
                MARGIN_RIGHT
            };
            let plot_w = (rect.width() - MARGIN_LEFT - right).max(1.0);
            let x = f64::from(client_x) - rect.left() - MARGIN_LEFT;
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
    let readout = hover.and_then(|t| readout(spec, &runs, t));
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
            { props.children.clone() }
        </figure>
    }
}

/// The read-out at `t_s`: the time, then each series' value in A (and B).
fn readout(spec: &ChartSpec, runs: &Runs, t_s: f64) -> Option<Html> {
    let a = runs.lane(Side::A)?;
    let index = charts::nearest(a.samples(), t_s)?;
    let sample_a = &a.samples()[index];
    let b = runs.lane(Side::B);
    let sample_b = b.and_then(|b| {
        let i = charts::nearest(b.samples(), sample_a.t_s)?;
        Some((&b.samples()[i], b.sample_interval_s()))
    });
    let values = spec.series.iter().map(|series| {
        let unit = series_unit(spec, series.right);
        let value_a = unit.format((series.value)(sample_a, a.sample_interval_s()));
        let value_b = sample_b.map(|(s, dt)| unit.format((series.value)(s, dt)));
        html! {
            <span class="value">
                <span class={classes!("swatch", format!("c{}", series.color))} aria-hidden="true"></span>
                { series.label }{ " " }
                if let Some(value_b) = value_b {
                    <span class="tag">{ "A" }</span><b>{ value_a }</b>
                    <span class="tag">{ "B" }</span><b class="b">{ value_b }</b>
                } else {
                    <b>{ value_a }</b>
                }
            </span>
        }
    });
    Some(html! {
        <>
            <span class="value time">{ format!("t = {}", format::clock(sample_a.t_s)) }</span>
            { for values }
        </>
    })
}

/// One lane's series, as decimated `(t_s, y)` points.
type Columns = Vec<Vec<(f64, f64)>>;

/// Colours of the current theme, read from the stylesheet's custom properties (also
/// the miss-ratio curve's).
pub struct Palette {
    pub series: Vec<String>,
    pub grid: String,
    pub axis: String,
    pub text: String,
    pub cursor: String,
    pub fault: String,
}

impl Palette {
    pub fn read(canvas: &HtmlCanvasElement) -> Palette {
        let style = web_sys::window().and_then(|w| w.get_computed_style(canvas).ok().flatten());
        let get = |name: &str, fallback: &str| {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| fallback.to_string())
        };
        Palette {
            series: (0..6).map(|i| get(&format!("--c{i}"), "#888")).collect(),
            grid: get("--grid", "#ddd"),
            axis: get("--axis", "#999"),
            text: get("--muted", "#666"),
            cursor: get("--cursor", "#333"),
            fault: get("--fault", "rgba(192, 57, 43, 0.12)"),
        }
    }
}

/// A linear map from data to canvas coordinates.
#[derive(Clone, Copy)]
pub struct Scale {
    pub from: (f64, f64),
    pub to: (f64, f64),
}

impl Scale {
    pub fn map(self, v: f64) -> f64 {
        let span = self.from.1 - self.from.0;
        let fraction = if span > 0.0 {
            (v - self.from.0) / span
        } else {
            0.0
        };
        self.to.0 + fraction * (self.to.1 - self.to.0)
    }
}

/// The canvas's 2-D context, its backing store sized to `width` × `height` CSS pixels at
/// the device's pixel ratio, cleared, and transformed so drawing is in CSS pixels (crisp
/// lines on every screen). `None` where the browser gives no 2-D context.
pub fn prepare(
    canvas: &HtmlCanvasElement,
    width: f64,
    height: f64,
) -> Option<CanvasRenderingContext2d> {
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())?;
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let (pixel_w, pixel_h) = ((width * dpr).round() as u32, (height * dpr).round() as u32);
    if canvas.width() != pixel_w || canvas.height() != pixel_h {
        canvas.set_width(pixel_w);
        canvas.set_height(pixel_h);
    }
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, height);
    Some(ctx)
}

/// The plot area inside the axes, in CSS pixels.
#[derive(Clone, Copy)]
pub struct Plot {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

/// Gridlines with their labels, `(position in pixels, label)`: horizontal ones labelled
/// left of the plot, vertical ones below it; then the baseline.
pub fn draw_grid(
    ctx: &CanvasRenderingContext2d,
    palette: &Palette,
    plot: Plot,
    y_ticks: &[(f64, String)],
    x_ticks: &[(f64, String)],
) {
    let Plot {
        left,
        right,
        top,
        bottom,
    } = plot;
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_line_width(1.0);
    ctx.set_stroke_style_str(&palette.grid);
    ctx.set_fill_style_str(&palette.text);
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    for (py, label) in y_ticks {
        let py = py.round() + 0.5;
        ctx.begin_path();
        ctx.move_to(left, py);
        ctx.line_to(right, py);
        ctx.stroke();
        let _ = ctx.fill_text(label, left - 6.0, py);
    }
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    for (px, label) in x_ticks {
        let px = px.round() + 0.5;
        ctx.begin_path();
        ctx.move_to(px, top);
        ctx.line_to(px, bottom);
        ctx.stroke();
        let _ = ctx.fill_text(label, px, bottom + 6.0);
    }
    ctx.set_stroke_style_str(&palette.axis);
    ctx.begin_path();
    ctx.move_to(left, bottom + 0.5);
    ctx.line_to(right, bottom + 0.5);
    ctx.stroke();
}

/// Draws the chart at the cached width.
fn draw(
    canvas: &HtmlCanvasElement,
    spec: &ChartSpec,
    runs: &Runs,
    end_s: f64,
    hover: Option<f64>,
    faults: &[(f64, f64)],
    cache: &mut Cache,
) {
    let width = cache.width;
    let height = HEIGHT_PX;
    let Some(ctx) = prepare(canvas, width, height) else {
        return;
    };
    let palette = cache
        .palette
        .take()
        .unwrap_or_else(|| Palette::read(canvas));

    let right_margin = if spec.right_unit.is_some() {
        MARGIN_RIGHT_AXIS
    } else {
        MARGIN_RIGHT
    };
    let (left, right) = (MARGIN_LEFT, width - right_margin);
    let (top, bottom) = (MARGIN_TOP, height - MARGIN_BOTTOM);
    let buckets = (right - left).max(1.0) as usize;

    // Every lane's series, decimated; B (the second lane) is drawn dashed over A.
    let lanes: Vec<(Columns, bool)> = cache
        .update(spec, runs)
        .iter()
        .enumerate()
        .map(|(i, lane)| {
            let reduced = lane
                .columns
                .iter()
                .map(|column| decimate::min_max(column, buckets))
                .collect();
            (reduced, i == 1)
        })
        .collect();

    let max_of = |right_axis: bool| {
        lanes
            .iter()
            .flat_map(|(columns, _)| columns.iter().zip(&spec.series))
            .filter(|(_, series)| series.right == right_axis)
            .flat_map(|(column, _)| column.iter().map(|p| p.1))
            .fold(0.0f64, f64::max)
    };
    let max_ticks = ((bottom - top) / 36.0).floor().max(2.0) as usize;
    let (left_top, left_ticks) = match spec.fixed_max {
        Some(top_value) => (top_value, axis::zero_based(top_value, max_ticks).1),
        None => axis::zero_based(max_of(false), max_ticks),
    };
    let x = Scale {
        from: (0.0, end_s.max(1e-9)),
        to: (left, right),
    };
    let y_left = Scale {
        from: (0.0, left_top),
        to: (bottom, top),
    };

    // Fault windows, under everything else; a crash is a moment, drawn a few pixels wide.
    ctx.set_fill_style_str(&palette.fault);
    for &(start, stop) in faults {
        let (x0, x1) = (x.map(start.min(end_s)), x.map(stop.min(end_s)));
        ctx.fill_rect(x0, top, (x1 - x0).max(3.0), bottom - top);
    }

    // Gridlines, the left and time axes, then the right axis's labels.
    let time_ticks = axis::time_ticks(end_s, ((right - left) / 80.0).floor().max(2.0) as usize);
    draw_grid(
        &ctx,
        &palette,
        Plot {
            left,
            right,
            top,
            bottom,
        },
        &left_ticks
            .iter()
            .map(|&tick| (y_left.map(tick), spec.unit.tick(tick)))
            .collect::<Vec<_>>(),
        &time_ticks
            .iter()
            .map(|&tick| (x.map(tick), format::seconds_short(tick)))
            .collect::<Vec<_>>(),
    );
    let y_right = spec.right_unit.map(|unit| {
        let (right_top, ticks) = axis::zero_based(max_of(true), max_ticks);
        ctx.set_fill_style_str(&palette.text);
        ctx.set_text_align("left");
        ctx.set_text_baseline("middle");
        for tick in ticks {
            let py = Scale {
                from: (0.0, right_top),
                to: (bottom, top),
            }
            .map(tick);
            let _ = ctx.fill_text(&unit.tick(tick), right + 6.0, py);
        }
        Scale {
            from: (0.0, right_top),
            to: (bottom, top),
        }
    });

    // Bands first (under the lines), then lines; A solid, B dashed.
    for (columns, dashed) in &lanes {
        let dash = js_sys::Array::new();
        if *dashed {
            dash.push(&JsValue::from_f64(5.0));
            dash.push(&JsValue::from_f64(4.0));
        }
        let _ = ctx.set_line_dash(&dash);
        let mut below: Option<&Vec<(f64, f64)>> = None;
        for (column, series) in columns.iter().zip(&spec.series) {
            let color = &palette.series[series.color % palette.series.len()];
            let scale = if series.right {
                y_right.unwrap_or(y_left)
            } else {
                y_left
            };
            if series.stacked && !*dashed && !column.is_empty() {
                ctx.set_fill_style_str(color);
                ctx.set_global_alpha(0.28);
                ctx.begin_path();
                ctx.move_to(x.map(column[0].0), scale.map(column[0].1));
                for &(t, v) in column.iter().skip(1) {
                    ctx.line_to(x.map(t), scale.map(v));
                }
                match below {
                    Some(base) => {
                        for &(t, v) in base.iter().rev() {
                            ctx.line_to(x.map(t), scale.map(v));
                        }
                    }
                    None => {
                        let last = column[column.len() - 1].0;
                        ctx.line_to(x.map(last), bottom);
                        ctx.line_to(x.map(column[0].0), bottom);
                    }
                }
                ctx.close_path();
                ctx.fill();
                ctx.set_global_alpha(1.0);
            }
            if series.stacked {
                below = Some(column);
            }
            ctx.set_stroke_style_str(color);
            ctx.set_line_width(if *dashed { 1.6 } else { 1.8 });
            ctx.begin_path();
            // A non-finite value is a gap: the line stops there and starts again after it.
            let mut pen_down = false;
            for &(t, v) in column.iter() {
                if !v.is_finite() {
                    pen_down = false;
                    continue;
                }
                let (px, py) = (x.map(t), scale.map(v));
                if pen_down {
                    ctx.line_to(px, py);
                } else {
                    ctx.move_to(px, py);
                    pen_down = true;
                }
            }
            ctx.stroke();
        }
    }
    let _ = ctx.set_line_dash(&js_sys::Array::new());

    // The read-out cursor, snapped to the nearest sample of A.
    if let Some(t) = hover {
        let snapped = charts::nearest(runs.a.samples(), t).map(|i| runs.a.samples()[i].t_s);
        if let Some(t) = snapped {
            let px = x.map(t).round() + 0.5;
            ctx.set_stroke_style_str(&palette.cursor);
            ctx.set_line_width(1.0);
            ctx.begin_path();
            ctx.move_to(px, top);
            ctx.line_to(px, bottom);
            ctx.stroke();
        }
    }
    cache.palette = Some(palette);
}

/// The unit of a series: the right axis's for right-hand series.
fn series_unit(spec: &ChartSpec, right: bool) -> Unit {
    if right {
        spec.right_unit.unwrap_or(spec.unit)
    } else {
        spec.unit
    }
}
