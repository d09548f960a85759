//! Canvas helpers every chart shares (the live charts and the miss-ratio curve): the
//! theme's colours, linear scales, a crisp 2-D context and gridlines.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

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

/// A value axis's map to canvas coordinates: linear, or logarithmic over `Scale`'s range of
/// log10 values, where 0 and below sit at `floor`, the axis's bottom.
#[derive(Clone, Copy)]
pub enum ValueScale {
    Linear(Scale),
    Log { scale: Scale, floor: f64 },
}

impl ValueScale {
    /// The coordinate of `v`; a gap (NaN) stays a gap.
    pub fn map(self, v: f64) -> f64 {
        match self {
            ValueScale::Linear(scale) => scale.map(v),
            ValueScale::Log { .. } if v.is_nan() => v,
            ValueScale::Log { scale, floor } => scale.map(v.max(floor).log10()),
        }
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
