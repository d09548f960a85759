//! The miss-ratio curve panel: how the miss ratio falls as the cache grows, for LRU, the
//! scenario's policy (and B's) and Bélády's optimum, over the reads of the scenario's run.
//!
//! The curve is `sim::replay::curve`'s. It is computed only once the panel is opened, in
//! budgeted slices across animation frames (so the page keeps its frame rate and the main
//! run is not slowed), again whenever what it depends on changes; a change mid-way drops
//! the work under way. It is drawn on a canvas with a logarithmic size axis, the
//! configured capacity marked, and read out in HTML and in a table.

use crate::scenario::Scenario;
use crate::sim::config::Config;
use crate::sim::eviction::EvictionKind;
use crate::sim::replay::curve::{Curve, CurveJob, CurveRequest, Line, MAX_READS};
use crate::sim::replay::TracePolicy;
use crate::ui::axis;
use crate::ui::chart::{self, Palette, Scale};
use crate::ui::charts::Unit;
use crate::ui::format;
use crate::ui::runner;
use gloo::render::{request_animation_frame, AnimationFrame};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Requests drawn or replayed between two looks at the clock: a fraction of a
/// millisecond even for the slowest policy.
const CHUNK: usize = 2_048;

/// The curve's share of the first frame, in milliseconds; `runner::next_budget` then
/// adapts it to how the frames keep time, as it does for the main run.
const FIRST_BUDGET_MS: f64 = 6.0;

/// The most a frame gives the curve. Less than the main run's 12 ms: both run in the
/// same frame while a run plays, and a pass's set-up (the next-use table, the policy's
/// arrays) can overrun a slice by a few milliseconds.
const MAX_BUDGET_MS: f64 = 8.0;

const HEIGHT_PX: f64 = 230.0;
const MARGIN_LEFT: f64 = 58.0;
const MARGIN_RIGHT: f64 = 24.0;
const MARGIN_TOP: f64 = 18.0;
const MARGIN_BOTTOM: f64 = 40.0;

/// A policy's short name: the part of its select label before the dash.
pub fn short_name(policy: TracePolicy) -> &'static str {
    match policy {
        TracePolicy::Belady => "Bélády",
        TracePolicy::Evict(kind) => {
            let label = crate::scenario::choice::Choice::label(kind);
            label.split(" — ").next().unwrap_or(label)
        }
    }
}

/// Whether `config`'s cache runs `line`.
fn runs(line: &Line, config: &Config) -> bool {
    line.policy == TracePolicy::Evict(config.cache.eviction)
        && (config.cache.eviction == EvictionKind::Lru
            || line.params == config.cache.eviction_params)
}

/// The legend's name for `line`: the policy, then which of the `sides` (a name and its
/// scenario) runs it; alone, the scenario is "this scenario".
pub fn line_label(line: &Line, sides: &[(&str, &Config)]) -> String {
    let name = short_name(line.policy);
    if line.policy == TracePolicy::Belady {
        return format!("{name} (optimum)");
    }
    let users: Vec<&str> = sides
        .iter()
        .filter(|(_, config)| runs(line, config))
        .map(|(side, _)| *side)
        .collect();
    match (sides.len(), users.is_empty()) {
        (_, true) => name.to_string(),
        (1, false) => format!("{name} (this scenario)"),
        _ => format!("{name} ({})", users.join(", ")),
    }
}

/// The palette colour of each line: LRU blue, the scenarios' policies orange and violet,
/// Bélády green.
pub fn line_colors(curve: &Curve) -> Vec<usize> {
    const COLORS: [usize; 4] = [0, 1, 4, 5];
    let mut next = 0;
    curve
        .lines
        .iter()
        .map(|line| {
            if line.policy == TracePolicy::Belady {
                3
            } else {
                next += 1;
                COLORS[(next - 1) % COLORS.len()]
            }
        })
        .collect()
}

/// The index of the size nearest `size` on a log scale.
pub fn nearest_size(sizes: &[u32], size: f64) -> usize {
    let target = size.max(1.0).ln();
    let distance = |s: &u32| (f64::from(*s).ln() - target).abs();
    (0..sizes.len())
        .min_by(|&a, &b| distance(&sizes[a]).total_cmp(&distance(&sizes[b])))
        .unwrap_or(0)
}

/// A size as people read it: "1 000 entries (10 % of the keys)".
pub fn size_text(size: u32, n_keys: u32) -> String {
    let share = f64::from(size) / f64::from(n_keys.max(1)) * 100.0;
    let entries = if size == 1 { "entry" } else { "entries" };
    format!(
        "{} {entries} ({} % of the keys)",
        format::count(u64::from(size)),
        format::significant(share)
    )
}

/// A configured capacity on the curve.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// In entries, at most the key space (as the curve's sizes are).
    pub size: u32,
    /// Whose capacity: "A", "B", "A, B", or "" when there is one scenario.
    pub sides: String,
}

impl Mark {
    /// The label over its marker.
    pub fn label(&self) -> String {
        let capacity = format!("capacity {}", format::metric(f64::from(self.size)));
        if self.sides.is_empty() {
            capacity
        } else {
            format!("{}: {capacity}", self.sides)
        }
    }
}

/// The capacities of `sides` (a name and its scenario) above zero, one mark per size, in
/// the sides' order; a lone scenario's mark has no side name.
pub fn marks(sides: &[(&str, &Config)], n_keys: u32) -> Vec<Mark> {
    let mut marks: Vec<Mark> = Vec::new();
    for (side, config) in sides {
        let size = config.cache.capacity.min(n_keys);
        if size == 0 {
            continue;
        }
        match marks.iter_mut().find(|mark| mark.size == size) {
            Some(mark) => mark.sides = format!("{}, {side}", mark.sides),
            None => marks.push(Mark {
                size,
                sides: if sides.len() > 1 {
                    side.to_string()
                } else {
                    String::new()
                },
            }),
        }
    }
    marks
}

/// The sentence under the chart on the marked capacities; the legend reads the first.
fn marks_text(marks: &[Mark], n_keys: u32) -> String {
    let whose = |mark: &Mark| match mark.sides.as_str() {
        "" => "the configured".to_string(),
        sides => sides.replace(", ", "'s and ") + "'s",
    };
    let Some((first, rest)) = marks.split_first() else {
        return "The cache is disabled (capacity 0), so no capacity is marked.".to_string();
    };
    let mut text = format!(
        "Miss ratios at {} capacity, {}.",
        whose(first),
        size_text(first.size, n_keys)
    );
    for mark in rest {
        text.push_str(&format!(
            " {} capacity, {} entries, is marked too.",
            whose(mark),
            format::count(u64::from(mark.size))
        ));
    }
    text
}

/// The command lines that print the same curve: the scenario's reads, then `mrc` at the
/// panel's sizes.
pub fn cli_lines(curve: &Curve) -> String {
    let policies: Vec<&str> = curve.lines.iter().map(|line| line.policy.name()).collect();
    let sizes: Vec<String> = curve.sizes.iter().map(u32::to_string).collect();
    format!(
        "cacheplay reads scenario.json > reads.txt\ncacheplay mrc reads.txt --policies {} --sizes {}",
        policies.join(","),
        sizes.join(",")
    )
}

#[derive(Properties, PartialEq)]
pub struct MrcProps {
    pub scenario: Scenario,
    /// Scenario B, while comparing: its policy is a line, its capacity a marker.
    pub scenario_b: Option<Scenario>,
    /// Changes when the window size or the colour scheme changes.
    pub layout: u64,
}

/// The last finished curve and what it was for: reopening the panel on the same
/// scenario shows it without computing it again.
type Finished = Rc<RefCell<Option<(Rc<CurveRequest>, Rc<Curve>)>>>;

/// Where the panel is: closed, computing (how far), or showing a curve.
#[derive(Clone, PartialEq)]
enum Status {
    Closed,
    Computing(f64),
    Done(Rc<CurveRequest>, Rc<Curve>),
}

/// The animation-frame loop of one computation; dropping its handle stops it.
struct Frames {
    job: RefCell<Option<CurveJob>>,
    handle: RefCell<Option<AnimationFrame>>,
    last_frame_ms: Cell<Option<f64>>,
    budget_ms: Cell<f64>,
    request: Rc<CurveRequest>,
    status: UseStateHandle<Status>,
    finished: Finished,
}

impl Frames {
    fn schedule(self: &Rc<Frames>) {
        let frames = Rc::clone(self);
        let handle = request_animation_frame(move |timestamp| frames.frame(timestamp));
        *self.handle.borrow_mut() = Some(handle);
    }

    fn frame(self: &Rc<Frames>, timestamp_ms: f64) {
        let wall_ms = self
            .last_frame_ms
            .replace(Some(timestamp_ms))
            .map_or(0.0, |last| timestamp_ms - last);
        let budget = runner::next_budget(self.budget_ms.get(), wall_ms).min(MAX_BUDGET_MS);
        self.budget_ms.set(budget);
        let performance = web_sys::window().and_then(|w| w.performance());
        let clock = || performance.as_ref().map_or(0.0, |p| p.now());
        let start = clock();
        let mut slot = self.job.borrow_mut();
        let Some(job) = slot.as_mut() else {
            return;
        };
        loop {
            if job.step(CHUNK) {
                let curve = Rc::new(job.curve().cloned().expect("a finished job has a curve"));
                // The trace and the replays' state go now; only the numbers stay.
                *slot = None;
                *self.finished.borrow_mut() = Some((self.request.clone(), curve.clone()));
                self.status.set(Status::Done(self.request.clone(), curve));
                return;
            }
            if clock() - start >= budget {
                break;
            }
        }
        self.status.set(Status::Computing(job.progress()));
        drop(slot);
        self.schedule();
    }
}

#[function_component(MissRatioCurve)]
pub fn miss_ratio_curve(props: &MrcProps) -> Html {
    let open = use_state(|| false);
    let status = use_state(|| Status::Closed);
    let finished = use_mut_ref(|| None::<(Rc<CurveRequest>, Rc<Curve>)>);
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

    {
        let status = status.clone();
        let finished = finished.clone();
        use_effect_with((*open, request.clone()), move |(open, request)| {
            let mut frames = None;
            if !*open {
                status.set(Status::Closed);
            } else {
                let cached = finished
                    .borrow()
                    .as_ref()
                    .filter(|(done, _)| **done == **request)
                    .map(|(_, curve)| curve.clone());
                match cached {
                    Some(curve) => status.set(Status::Done(request.clone(), curve)),
                    None => {
                        status.set(Status::Computing(0.0));
                        let loop_ = Rc::new(Frames {
                            job: RefCell::new(Some(CurveJob::new((**request).clone()))),
                            handle: RefCell::new(None),
                            last_frame_ms: Cell::new(None),
                            budget_ms: Cell::new(FIRST_BUDGET_MS),
                            request: request.clone(),
                            status,
                            finished,
                        });
                        loop_.schedule();
                        frames = Some(loop_);
                    }
                }
            }
            // A new request or a closed panel cancels the computation under way.
            move || {
                if let Some(frames) = frames {
                    drop(frames.handle.borrow_mut().take());
                }
            }
        });
    }

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
                    draw(&canvas, curve, marks, *hover);
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
            body(curve, &view, &hover, &canvas)
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

/// What the panel shows a curve with.
struct View<'a> {
    /// The legend's name of each line.
    labels: &'a [String],
    /// The configured capacities.
    marks: &'a [Mark],
    n_keys: u32,
    comparing: bool,
}

/// The open panel with a curve: legend, chart, read-out, the note on the model and the
/// numbers as a table.
fn body(
    curve: &Rc<Curve>,
    view: &View,
    hover: &UseStateHandle<Option<usize>>,
    canvas: &NodeRef,
) -> Html {
    let View {
        labels,
        marks,
        n_keys,
        comparing,
    } = *view;
    if curve.reads == 0 {
        return html! {
            <p class="muted" data-testid="mrc-empty">{ "This run issues no reads, so there is no curve to draw." }</p>
        };
    }
    let colors = line_colors(curve);
    let at_mark = marks
        .first()
        .and_then(|mark| curve.sizes.iter().position(|&size| size == mark.size));
    let legend = labels.iter().enumerate().map(|(i, label)| {
        let value = at_mark.map(|index| format!(": {}", format::percent(curve.miss_ratio(i, index))));
        html! {
            <li>
                <span class={classes!("swatch", format!("c{}", colors[i]), (curve.lines[i].policy == TracePolicy::Belady).then_some("dotted"))} aria-hidden="true"></span>
                { label }{ value.unwrap_or_default() }
            </li>
        }
    });
    let mark_text = marks_text(marks, n_keys);
    // A cursor left from a longer curve (an edit shortened the ladder) is no cursor.
    let index = (*hover)
        .filter(|&index| index < curve.sizes.len())
        .or(at_mark);
    let readout = index.map(|index| {
        let values = labels.iter().enumerate().map(|(i, label)| {
            html! {
                <span class="value">
                    <span class={classes!("swatch", format!("c{}", colors[i]))} aria-hidden="true"></span>
                    { label }{ " " }<b>{ format::percent(curve.miss_ratio(i, index)) }</b>
                </span>
            }
        });
        html! {
            <>
                <span class="value time">{ size_text(curve.sizes[index], n_keys) }</span>
                { for values }
            </>
        }
    });
    let onmousemove = {
        let hover = hover.clone();
        let canvas = canvas.clone();
        let sizes = curve.sizes.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(canvas) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let rect = canvas.get_bounding_client_rect();
            let plot_w = (rect.width() - MARGIN_LEFT - MARGIN_RIGHT).max(1.0);
            let fraction =
                ((f64::from(e.client_x()) - rect.left() - MARGIN_LEFT) / plot_w).clamp(0.0, 1.0);
            let (low, high) = log_range(&sizes);
            hover.set(Some(nearest_size(
                &sizes,
                10f64.powf(low + fraction * (high - low)),
            )));
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    // Arrow keys step through the sizes, so the read-out works without a mouse.
    let onkeydown = {
        let hover = hover.clone();
        let last = curve.sizes.len() - 1;
        Callback::from(move |e: KeyboardEvent| {
            let current = (*hover).or(at_mark).unwrap_or(0).min(last);
            let next = match e.key().as_str() {
                "ArrowLeft" => current.saturating_sub(1),
                "ArrowRight" => (current + 1).min(last),
                "Home" => 0,
                "End" => last,
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
    let names: Vec<&str> = labels.iter().map(String::as_str).collect();
    let header = labels
        .iter()
        .map(|label| html! { <th scope="col">{ label }</th> });
    let rows = curve.sizes.iter().enumerate().map(|(index, size)| {
        let cells = (0..curve.lines.len()).map(|i| {
            html! { <td>{ format::percent(curve.miss_ratio(i, index)) }</td> }
        });
        let marked = marks.iter().any(|mark| mark.size == *size);
        html! {
            <tr class={classes!(marked.then_some("marked"))} data-size={size.to_string()}
                data-misses={curve.misses.iter().map(|m| m[index].to_string()).collect::<Vec<_>>().join(",")}>
                <th scope="row">{ format::count(u64::from(*size)) }{ if marked { " ◂ capacity" } else { "" } }</th>
                { for cells }
            </tr>
        }
    });
    let limited = if curve.reads as usize >= MAX_READS {
        format!("the run's first {}", format::count(curve.reads))
    } else {
        format!("all {} of the run's", format::count(curve.reads))
    };
    html! {
        <>
            <figure class="chart mrc-chart" data-testid="mrc-chart" aria-labelledby="mrc-title">
                <figcaption>
                    <h3 id="mrc-title">{ "Miss ratio by cache size" }</h3>
                    <ul class="legend" data-testid="mrc-legend">{ for legend }</ul>
                </figcaption>
                <canvas ref={canvas.clone()} tabindex="0" role="img"
                    aria-label={format!("Miss ratio (%) against cache size (entries, log scale) for {}. Arrow keys move the read-out.", names.join(", "))}
                    {onmousemove} {onmouseleave} {onkeydown} />
                <p class="readout" aria-live="polite" data-testid="readout-mrc">
                    { readout.unwrap_or_else(|| html! { <span class="muted">{ "Point at the chart, or focus it and use the arrow keys, to read each policy's miss ratio at a size." }</span> }) }
                </p>
            </figure>
            <p class="muted small" data-testid="mrc-note">
                { mark_text }{ " " }
                { format!("The curve replays {limited} reads ({} distinct keys) through each policy alone, ", format::count(u64::from(curve.distinct))) }
                if comparing { { "B's policy on A's reads, " } }
                <span class="term" title="The `cacheplay trace` model: a sequence of keys, each request a hit or a miss, every miss admitted. The run itself also has TTLs, writes, invalidation and time, so its hit ratio can differ.">
                    { "with no TTL, writes, invalidation or timing" }
                </span>
                { ". LRU's curve is one pass of stack distances (Mattson et al., 1970); " }
                <span class="term" title="Bélády's MIN evicts the entry requested farthest in the future. It needs to know the future, so no real cache can run it: no policy misses less.">
                    { "Bélády's optimum" }
                </span>
                { " is the floor." }
            </p>
            <details class="mrc-table">
                <summary>{ "The curve as a table" }</summary>
                <table class="ab" data-testid="mrc-table">
                    <thead><tr><th scope="col">{ "Entries" }</th>{ for header }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                <p class="muted small">{ "The same numbers from the command line, with the scenario saved as scenario.json:" }</p>
                <pre class="cli" data-testid="mrc-cli">{ cli_lines(curve) }</pre>
            </details>
        </>
    }
}

/// The log10 of the smallest and largest size.
fn log_range(sizes: &[u32]) -> (f64, f64) {
    let low = f64::from(sizes.first().copied().unwrap_or(1).max(1)).log10();
    let high = f64::from(sizes.last().copied().unwrap_or(1).max(1)).log10();
    (low, high)
}

/// Draws the curve: a log size axis, a percentage axis, a line with a dot per size for
/// each policy (Bélády dotted), the capacities as dashed markers, the read-out cursor.
fn draw(canvas: &HtmlCanvasElement, curve: &Curve, marks: &[Mark], hover: Option<usize>) {
    let width = f64::from(canvas.client_width()).max(100.0);
    let height = HEIGHT_PX;
    let Some(ctx) = chart::prepare(canvas, width, height) else {
        return;
    };
    let palette = Palette::read(canvas);
    let (left, right) = (MARGIN_LEFT, width - MARGIN_RIGHT);
    let (top, bottom) = (MARGIN_TOP, height - MARGIN_BOTTOM);

    let highest = (0..curve.lines.len())
        .flat_map(|line| (0..curve.sizes.len()).map(move |size| (line, size)))
        .map(|(line, size)| curve.miss_ratio(line, size))
        .filter(|ratio| ratio.is_finite())
        .fold(0.0f64, f64::max);
    let max_ticks = ((bottom - top) / 36.0).floor().max(2.0) as usize;
    let (y_top, y_ticks) = axis::zero_based(highest, max_ticks);
    let y = Scale {
        from: (0.0, y_top),
        to: (bottom, top),
    };
    let (low, high) = log_range(&curve.sizes);
    let x_log = Scale {
        from: (low, high),
        to: (left, right),
    };
    let x = |size: f64| x_log.map(size.max(1.0).log10());

    let x_ticks = axis::log_ticks(
        10f64.powf(low),
        10f64.powf(high),
        ((right - left) / 56.0).floor().max(2.0) as usize,
    );
    chart::draw_grid(
        &ctx,
        &palette,
        chart::Plot {
            left,
            right,
            top,
            bottom,
        },
        &y_ticks
            .iter()
            .map(|&tick| (y.map(tick), Unit::Ratio.tick(tick)))
            .collect::<Vec<_>>(),
        &x_ticks
            .iter()
            .map(|&tick| (x(tick), format::metric(tick)))
            .collect::<Vec<_>>(),
    );
    // The axis title, centred under the tick labels (`draw_grid` leaves the text style).
    let _ = ctx.fill_text(
        "cache size, entries (log scale)",
        (left + right) / 2.0,
        bottom + 22.0,
    );

    // The configured capacities: dashed, labelled above the plot.
    let dash = |pattern: &[f64]| {
        let array = js_sys::Array::new();
        for &length in pattern {
            array.push(&JsValue::from_f64(length));
        }
        let _ = ctx.set_line_dash(&array);
    };
    ctx.set_stroke_style_str(&palette.cursor);
    ctx.set_fill_style_str(&palette.cursor);
    ctx.set_text_baseline("bottom");
    for (i, mark) in marks.iter().enumerate() {
        let px = x(f64::from(mark.size)).round() + 0.5;
        dash(&[4.0, 3.0]);
        ctx.begin_path();
        ctx.move_to(px, top);
        ctx.line_to(px, bottom);
        ctx.stroke();
        dash(&[]);
        ctx.set_text_align(if px > (left + right) / 2.0 {
            "right"
        } else {
            "left"
        });
        // Every other label one line lower, so the labels of nearby markers do not overlap.
        let _ = ctx.fill_text(&mark.label(), px, top - 3.0 + (i % 2) as f64 * 13.0);
    }

    let colors = line_colors(curve);
    for (line, color) in colors.iter().enumerate() {
        let color = &palette.series[color % palette.series.len()];
        let optimum = curve.lines[line].policy == TracePolicy::Belady;
        dash(if optimum { &[2.0, 3.0] } else { &[] });
        ctx.set_stroke_style_str(color);
        ctx.set_fill_style_str(color);
        ctx.set_line_width(1.8);
        ctx.begin_path();
        for (index, &size) in curve.sizes.iter().enumerate() {
            let (px, py) = (x(f64::from(size)), y.map(curve.miss_ratio(line, index)));
            if index == 0 {
                ctx.move_to(px, py);
            } else {
                ctx.line_to(px, py);
            }
        }
        ctx.stroke();
        dash(&[]);
        for (index, &size) in curve.sizes.iter().enumerate() {
            let radius = if hover == Some(index) { 3.5 } else { 2.2 };
            ctx.begin_path();
            let _ = ctx.arc(
                x(f64::from(size)),
                y.map(curve.miss_ratio(line, index)),
                radius,
                0.0,
                std::f64::consts::TAU,
            );
            ctx.fill();
        }
    }
    if let Some(index) = hover.filter(|&index| index < curve.sizes.len()) {
        let px = x(f64::from(curve.sizes[index])).round() + 0.5;
        ctx.set_stroke_style_str(&palette.cursor);
        ctx.set_line_width(1.0);
        ctx.begin_path();
        ctx.move_to(px, top);
        ctx.line_to(px, bottom);
        ctx.stroke();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::eviction::EvictionParams;

    fn line(policy: TracePolicy) -> Line {
        Line {
            policy,
            params: EvictionParams::default(),
        }
    }

    #[test]
    fn labels_say_whose_policy_a_line_is() {
        let lru = line(TracePolicy::Evict(EvictionKind::Lru));
        let sieve = line(TracePolicy::Evict(EvictionKind::Sieve));
        let belady = line(TracePolicy::Belady);
        let a = Config::default();
        assert_eq!(line_label(&lru, &[("", &a)]), "LRU (this scenario)");
        assert_eq!(line_label(&sieve, &[("", &a)]), "SIEVE");
        assert_eq!(line_label(&belady, &[("", &a)]), "Bélády (optimum)");
        let mut b = a.clone();
        b.cache.eviction = EvictionKind::Sieve;
        assert_eq!(line_label(&lru, &[("A", &a), ("B", &b)]), "LRU (A)");
        assert_eq!(line_label(&sieve, &[("A", &a), ("B", &b)]), "SIEVE (B)");
        assert_eq!(line_label(&lru, &[("A", &a), ("B", &a)]), "LRU (A, B)");
    }

    #[test]
    fn marks_name_their_sides_and_merge_equal_capacities() {
        let a = Config::default();
        let mut b = a.clone();
        assert_eq!(
            marks(&[("A", &a)], 10_000),
            [Mark {
                size: 1_000,
                sides: String::new()
            }]
        );
        assert_eq!(marks(&[("A", &a), ("B", &b)], 10_000)[0].sides, "A, B");
        assert_eq!(
            marks_text(&marks(&[("A", &a), ("B", &b)], 10_000), 10_000),
            "Miss ratios at A's and B's capacity, 1\u{2009}000 entries (10 % of the keys)."
        );
        b.cache.capacity = 20_000;
        let both = marks(&[("A", &a), ("B", &b)], 10_000);
        assert_eq!(
            both[1].label(),
            "B: capacity 10 k",
            "clamped to the key space"
        );
        assert_eq!(
            marks_text(&both, 10_000),
            "Miss ratios at A's capacity, 1\u{2009}000 entries (10 % of the keys). \
             B's capacity, 10\u{2009}000 entries, is marked too."
        );
        b.cache.capacity = 0;
        assert_eq!(marks(&[("A", &b)], 10_000), []);
        assert_eq!(
            marks_text(&[], 10_000),
            "The cache is disabled (capacity 0), so no capacity is marked."
        );
    }

    #[test]
    fn colours_keep_belady_green_and_the_rest_in_order() {
        let curve = Curve {
            sizes: vec![1],
            reads: 1,
            distinct: 1,
            lines: vec![
                line(TracePolicy::Evict(EvictionKind::Lru)),
                line(TracePolicy::Evict(EvictionKind::Arc)),
                line(TracePolicy::Evict(EvictionKind::Lfu)),
                line(TracePolicy::Belady),
            ],
            misses: vec![vec![1]; 4],
        };
        assert_eq!(line_colors(&curve), [0, 1, 4, 3]);
    }

    #[test]
    fn the_nearest_size_is_nearest_in_log_space() {
        let sizes = [1, 10, 100, 1_000];
        // 40 is nearer 100 than 10 on a log scale (log 40 = 1.60), 25 nearer 10 (1.40).
        assert_eq!(nearest_size(&sizes, 40.0), 2);
        assert_eq!(nearest_size(&sizes, 25.0), 1);
        assert_eq!(nearest_size(&sizes, 0.0), 0);
        assert_eq!(nearest_size(&sizes, 1e9), 3);
    }

    #[test]
    fn texts_for_sizes_and_the_command_line() {
        assert_eq!(
            size_text(1_000, 10_000),
            "1\u{2009}000 entries (10 % of the keys)"
        );
        assert_eq!(size_text(1, 3), "1 entry (33.3 % of the keys)");
        let curve = Curve {
            sizes: vec![1, 2, 3],
            reads: 7,
            distinct: 3,
            lines: vec![
                line(TracePolicy::Evict(EvictionKind::Lru)),
                line(TracePolicy::Belady),
            ],
            misses: vec![vec![7, 7, 3], vec![7, 5, 3]],
        };
        assert_eq!(
            cli_lines(&curve),
            "cacheplay reads scenario.json > reads.txt\n\
             cacheplay mrc reads.txt --policies lru,belady --sizes 1,2,3"
        );
    }
}
