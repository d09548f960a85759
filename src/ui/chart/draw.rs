//! One frame of a live chart: the layout, the fault windows, the axes, the series and
//! the read-out's cursor, in that order (later ones over earlier ones).

use super::cache::Cache;
use super::canvas::{draw_grid, prepare, Palette, Plot, Scale, ValueScale};
use super::series::{self, Lane};
use crate::ui::axis;
use crate::ui::charts::{self, ChartSpec};
use crate::ui::decimate;
use crate::ui::format;
use crate::ui::runner::Runs;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

const HEIGHT_PX: f64 = 190.0;
pub const MARGIN_LEFT: f64 = 58.0;
const MARGIN_RIGHT: f64 = 24.0;
const MARGIN_RIGHT_AXIS: f64 = 46.0;
const MARGIN_TOP: f64 = 10.0;
const MARGIN_BOTTOM: f64 = 24.0;

/// The right margin: wider where the right axis has labels.
pub fn margin_right(spec: &ChartSpec) -> f64 {
    if spec.right_unit.is_some() {
        MARGIN_RIGHT_AXIS
    } else {
        MARGIN_RIGHT
    }
}

/// What one frame of a chart shows.
pub struct Frame<'a> {
    pub spec: &'a ChartSpec,
    pub runs: &'a Runs,
    /// The end of the time axis, in seconds.
    pub end_s: f64,
    /// The read-out cursor, in seconds.
    pub hover: Option<f64>,
    /// Fault windows `(start_s, end_s)`.
    pub faults: &'a [(f64, f64)],
    /// A logarithmic left axis.
    pub log: bool,
}

/// Draws the chart at the cached width.
pub fn draw(canvas: &HtmlCanvasElement, frame: &Frame, cache: &mut Cache) {
    let Frame {
        spec,
        runs,
        end_s,
        hover,
        faults,
        ..
    } = *frame;
    let width = cache.width;
    let height = HEIGHT_PX;
    let Some(ctx) = prepare(canvas, width, height) else {
        return;
    };
    let palette = cache
        .palette
        .take()
        .unwrap_or_else(|| Palette::read(canvas));
    let plot = Plot {
        left: MARGIN_LEFT,
        right: width - margin_right(spec),
        top: MARGIN_TOP,
        bottom: height - MARGIN_BOTTOM,
    };
    let buckets = (plot.right - plot.left).max(1.0) as usize;

    // Every lane's series, decimated; B (the second lane) is drawn dashed over A.
    let lanes: Vec<Lane> = cache
        .update(spec, runs)
        .iter()
        .enumerate()
        .map(|(i, lane)| {
            // Outlines come from the columns before decimation, where the bands' points
            // are at the same times.
            let mut below: Option<&[(f64, f64)]> = None;
            let lines = lane
                .columns
                .iter()
                .zip(&spec.series)
                .map(|(column, series)| {
                    if !series.stacked {
                        return decimate::min_max(column, buckets);
                    }
                    let outline = charts::stack_outline(column, below);
                    below = Some(column);
                    decimate::min_max(&outline, buckets)
                })
                .collect();
            Lane {
                bands: lane
                    .columns
                    .iter()
                    .map(|column| decimate::min_max(column, buckets))
                    .collect(),
                lines,
                dashed: i == 1,
            }
        })
        .collect();
    let x = Scale {
        from: (0.0, end_s.max(1e-9)),
        to: (plot.left, plot.right),
    };

    draw_faults(&ctx, &palette, plot, x, faults, end_s);
    let (y_left, y_right) = draw_axes(&ctx, &palette, plot, x, frame, &lanes);
    series::draw_series(&ctx, &palette, plot, x, (y_left, y_right), spec, &lanes);

    // The read-out cursor, snapped to the nearest sample of A.
    if let Some(t) = hover {
        let snapped = charts::nearest(runs.a.samples(), t).map(|i| runs.a.samples()[i].t_s);
        if let Some(t) = snapped {
            let px = x.map(t).round() + 0.5;
            ctx.set_stroke_style_str(&palette.cursor);
            ctx.set_line_width(1.0);
            ctx.begin_path();
            ctx.move_to(px, plot.top);
            ctx.line_to(px, plot.bottom);
            ctx.stroke();
        }
    }
    cache.palette = Some(palette);
}

/// Fault windows, under everything else; a crash is a moment, drawn a few pixels wide.
fn draw_faults(
    ctx: &CanvasRenderingContext2d,
    palette: &Palette,
    plot: Plot,
    x: Scale,
    faults: &[(f64, f64)],
    end_s: f64,
) {
    ctx.set_fill_style_str(&palette.fault);
    for &(start, stop) in faults {
        let (x0, x1) = (x.map(start.min(end_s)), x.map(stop.min(end_s)));
        ctx.fill_rect(x0, plot.top, (x1 - x0).max(3.0), plot.bottom - plot.top);
    }
}

/// Gridlines, the left and time axes, then the right axis's labels; returns the left and
/// (where the chart has one) the right value scale. With `log`, the left axis is
/// logarithmic over the decades its series span.
fn draw_axes(
    ctx: &CanvasRenderingContext2d,
    palette: &Palette,
    plot: Plot,
    x: Scale,
    frame: &Frame,
    lanes: &[Lane],
) -> (ValueScale, Option<ValueScale>) {
    let Frame {
        spec, end_s, log, ..
    } = *frame;
    let Plot {
        left,
        right,
        top,
        bottom,
    } = plot;
    let max_of = |right_axis: bool| {
        lanes
            .iter()
            .flat_map(|lane| lane.bands.iter().zip(&spec.series))
            .filter(|(_, series)| series.right == right_axis)
            .flat_map(|(column, _)| column.iter().map(|p| p.1))
            .fold(0.0f64, f64::max)
    };
    let max_ticks = ((bottom - top) / 36.0).floor().max(2.0) as usize;
    let (y_left, left_ticks) = if log {
        let left_values = lanes
            .iter()
            .flat_map(|lane| lane.bands.iter().zip(&spec.series))
            .filter(|(_, series)| !series.right)
            .flat_map(|(column, _)| column.iter().map(|p| p.1));
        let (low, high) = axis::log_span(left_values);
        let scale = Scale {
            from: (low.log10(), high.log10()),
            to: (bottom, top),
        };
        (
            ValueScale::Log { scale, floor: low },
            axis::log_ticks(low, high, max_ticks),
        )
    } else {
        let (left_top, ticks) = match spec.fixed_max {
            Some(top_value) => (top_value, axis::zero_based(top_value, max_ticks).1),
            None => axis::zero_based(max_of(false), max_ticks),
        };
        let scale = Scale {
            from: (0.0, left_top),
            to: (bottom, top),
        };
        (ValueScale::Linear(scale), ticks)
    };
    let time_ticks = axis::time_ticks(end_s, ((right - left) / 80.0).floor().max(2.0) as usize);
    draw_grid(
        ctx,
        palette,
        plot,
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
        let scale = Scale {
            from: (0.0, right_top),
            to: (bottom, top),
        };
        ctx.set_fill_style_str(&palette.text);
        ctx.set_text_align("left");
        ctx.set_text_baseline("middle");
        for tick in ticks {
            let _ = ctx.fill_text(&unit.tick(tick), right + 6.0, scale.map(tick));
        }
        ValueScale::Linear(scale)
    });
    (y_left, y_right)
}
