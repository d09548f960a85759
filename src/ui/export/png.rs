//! A chart as a PNG that can go straight into a design doc: the canvas framed by its title
//! and legend above, and its axes' units and the run's fingerprint below.

use crate::ui::chart::{self, Palette};
use crate::ui::charts::ChartSpec;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The words around the picture.
#[derive(Debug, PartialEq)]
pub struct Caption {
    pub title: String,
    /// Each series' label and palette colour.
    pub legend: Vec<(String, usize)>,
    pub units: String,
    pub footer: String,
}

/// The caption of `spec`'s chart for the run of `scenario_title` with `digests` (A's, then
/// B's while comparing); `log` when its value axis is logarithmic.
pub fn caption(spec: &ChartSpec, scenario_title: &str, digests: &[String], log: bool) -> Caption {
    let legend = spec
        .series
        .iter()
        .map(|series| {
            let side = if series.right { " (right axis)" } else { "" };
            (format!("{}{side}", series.label), series.color)
        })
        .collect();
    let mut units = format!("Value axis: {}", spec.unit.name());
    if log {
        units.push_str(" (log scale)");
    }
    if let Some(right) = spec.right_unit {
        units.push_str(&format!(" · right axis: {}", right.name()));
    }
    units.push_str(" · time axis: simulated time");
    let footer = match digests {
        [a, b] => format!(
            "cacheplay · {scenario_title} · A solid, B dashed · run fingerprints A {a}, B {b}"
        ),
        _ => format!(
            "cacheplay · {scenario_title} · run fingerprint {}",
            digests.first().map_or("", String::as_str)
        ),
    };
    Caption {
        title: spec.title.to_string(),
        legend,
        units,
        footer,
    }
}

const PAD: f64 = 12.0;
const TOP: f64 = 52.0;
const BOTTOM: f64 = 44.0;

/// The chart `canvas` framed by `caption`, as a PNG data URL.
pub fn framed(canvas: &HtmlCanvasElement, caption: &Caption) -> Option<String> {
    let (width, height) = (
        f64::from(canvas.client_width()),
        f64::from(canvas.client_height()),
    );
    let out = gloo::utils::document()
        .create_element("canvas")
        .ok()?
        .dyn_into::<HtmlCanvasElement>()
        .ok()?;
    let (out_w, out_h) = (width + 2.0 * PAD, TOP + height + BOTTOM);
    let ctx = chart::prepare(&out, out_w, out_h)?;
    let palette = Palette::read(canvas);
    let style = web_sys::window().and_then(|w| w.get_computed_style(canvas).ok().flatten());
    let css = |name: &str, fallback: &str| {
        style
            .as_ref()
            .and_then(|s| s.get_property_value(name).ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| fallback.to_string())
    };
    // An opaque background: the page's canvas is transparent over the page's colour.
    ctx.set_fill_style_str(&css("--surface", "#ffffff"));
    ctx.fill_rect(0.0, 0.0, out_w, out_h);
    ctx.set_text_baseline("middle");
    ctx.set_text_align("left");
    ctx.set_fill_style_str(&css("--text", "#1c2330"));
    ctx.set_font("600 15px system-ui, sans-serif");
    let _ = ctx.fill_text(&caption.title, PAD, 16.0);

    ctx.set_font("12px system-ui, sans-serif");
    let mut x = PAD;
    for (label, color) in &caption.legend {
        ctx.set_fill_style_str(&palette.series[color % palette.series.len()]);
        ctx.fill_rect(x, 34.0, 12.0, 4.0);
        ctx.set_fill_style_str(&css("--text", "#1c2330"));
        let _ = ctx.fill_text(label, x + 16.0, 36.0);
        x += 16.0 + text_width(&ctx, label) + 18.0;
    }

    let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(canvas, PAD, TOP, width, height);

    ctx.set_fill_style_str(&palette.text);
    let _ = ctx.fill_text(&caption.units, PAD, TOP + height + 12.0);
    let _ = ctx.fill_text(&caption.footer, PAD, TOP + height + 30.0);
    out.to_data_url().ok()
}

/// The width of `text` in the context's font (`measureText`, reached through JavaScript
/// because the bindings for its result are not built), or an estimate.
fn text_width(ctx: &CanvasRenderingContext2d, text: &str) -> f64 {
    js_sys::Reflect::get(ctx, &JsValue::from_str("measureText"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(ctx, &JsValue::from_str(text)).ok())
        .and_then(|metrics| js_sys::Reflect::get(&metrics, &JsValue::from_str("width")).ok())
        .and_then(|width| width.as_f64())
        .unwrap_or(text.chars().count() as f64 * 7.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::charts::catalogue;

    fn spec(id: &str) -> &'static ChartSpec {
        catalogue().iter().find(|spec| spec.id == id).unwrap()
    }

    #[test]
    fn a_caption_names_the_chart_its_units_and_the_run() {
        let caption = caption(
            spec("read-latency"),
            "Database outage",
            &["ab12".to_string()],
            true,
        );
        assert_eq!(caption.title, "Read latency");
        assert_eq!(
            caption.legend,
            [
                ("p50".to_string(), 0),
                ("p95".to_string(), 1),
                ("p99".to_string(), 2)
            ]
        );
        assert_eq!(
            caption.units,
            "Value axis: milliseconds (log scale) · time axis: simulated time"
        );
        assert_eq!(
            caption.footer,
            "cacheplay · Database outage · run fingerprint ab12"
        );
    }

    #[test]
    fn a_comparison_names_both_runs_and_the_right_axis() {
        let caption = caption(
            spec("instances"),
            "Demo",
            &["a1".to_string(), "b2".to_string()],
            false,
        );
        assert_eq!(caption.legend[1], ("serving (right axis)".to_string(), 3));
        assert_eq!(
            caption.units,
            "Value axis: percent · right axis: count · time axis: simulated time"
        );
        assert_eq!(
            caption.footer,
            "cacheplay · Demo · A solid, B dashed · run fingerprints A a1, B b2"
        );
    }
}
