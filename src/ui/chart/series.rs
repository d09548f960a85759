//! A chart's series on the canvas: stacked bands first (under the lines), then lines; A
//! solid, B dashed. A stacked band's line is its outline (`charts::stack_outline`): drawn
//! only where the band has thickness, so it never covers the band below.

use super::cache::Columns;
use super::canvas::{Palette, Plot, Scale, ValueScale};
use crate::ui::charts::ChartSpec;
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

/// One lane's series, decimated: the stacked bands' tops and the lines to stroke (a
/// stacked band's outline, or the series itself).
pub struct Lane {
    pub bands: Columns,
    pub lines: Columns,
    /// B, drawn dashed and without fills.
    pub dashed: bool,
}

/// Draws every lane's series against `x` and the left (and right) value scales.
pub fn draw_series(
    ctx: &CanvasRenderingContext2d,
    palette: &Palette,
    plot: Plot,
    x: Scale,
    (y_left, y_right): (ValueScale, Option<ValueScale>),
    spec: &ChartSpec,
    lanes: &[Lane],
) {
    for lane in lanes {
        let dashed = lane.dashed;
        let dash = js_sys::Array::new();
        if dashed {
            dash.push(&JsValue::from_f64(5.0));
            dash.push(&JsValue::from_f64(4.0));
        }
        let _ = ctx.set_line_dash(&dash);
        let mut below: Option<&Vec<(f64, f64)>> = None;
        let columns = lane.bands.iter().zip(&lane.lines);
        for ((column, line), series) in columns.zip(&spec.series) {
            let color = &palette.series[series.color % palette.series.len()];
            let scale = if series.right {
                y_right.unwrap_or(y_left)
            } else {
                y_left
            };
            if series.stacked && !dashed && !column.is_empty() {
                fill_band(ctx, color, plot, x, scale, column, below);
            }
            if series.stacked {
                below = Some(column);
            }
            ctx.set_stroke_style_str(color);
            ctx.set_line_width(if dashed { 1.6 } else { 1.8 });
            stroke_line(ctx, x, scale, line);
        }
    }
    let _ = ctx.set_line_dash(&js_sys::Array::new());
}

/// A stacked band: between `column` and the band `below` it (or the baseline), translucent.
fn fill_band(
    ctx: &CanvasRenderingContext2d,
    color: &str,
    plot: Plot,
    x: Scale,
    scale: ValueScale,
    column: &[(f64, f64)],
    below: Option<&Vec<(f64, f64)>>,
) {
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
            ctx.line_to(x.map(last), plot.bottom);
            ctx.line_to(x.map(column[0].0), plot.bottom);
        }
    }
    ctx.close_path();
    ctx.fill();
    ctx.set_global_alpha(1.0);
}

/// A line through `column`; a non-finite value is a gap: the line stops there and starts
/// again after it.
fn stroke_line(ctx: &CanvasRenderingContext2d, x: Scale, scale: ValueScale, column: &[(f64, f64)]) {
    ctx.begin_path();
    let mut pen_down = false;
    for &(t, v) in column {
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
