//! The curve on its canvas: a log size axis, a percentage axis, a line per policy, the
//! capacities as markers and the read-out's cursor.

use super::labels::{line_colors, Mark};
use crate::sim::replay::curve::Curve;
use crate::sim::replay::TracePolicy;
use crate::ui::axis;
use crate::ui::chart::{self, Palette, Scale};
use crate::ui::charts::Unit;
use crate::ui::format;
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

const HEIGHT_PX: f64 = 230.0;
pub const MARGIN_LEFT: f64 = 58.0;
pub const MARGIN_RIGHT: f64 = 24.0;
const MARGIN_TOP: f64 = 18.0;
const MARGIN_BOTTOM: f64 = 40.0;

/// The log10 of the smallest and largest size.
pub fn log_range(sizes: &[u32]) -> (f64, f64) {
    let low = f64::from(sizes.first().copied().unwrap_or(1).max(1)).log10();
    let high = f64::from(sizes.last().copied().unwrap_or(1).max(1)).log10();
    (low, high)
}

/// Draws the curve: a log size axis, a percentage axis, a line with a dot per size for
/// each policy (Bélády dotted), the capacities as dashed markers, the read-out cursor.
pub fn draw(canvas: &HtmlCanvasElement, curve: &Curve, marks: &[Mark], hover: Option<usize>) {
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
