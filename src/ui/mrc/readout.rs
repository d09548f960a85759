//! The open panel around a finished curve: the legend, the canvas with its pointer and
//! keyboard read-out, the note on the model and the numbers as a table.

use super::draw::{log_range, MARGIN_LEFT, MARGIN_RIGHT};
use super::labels::{cli_lines, line_colors, marks_text, nearest_size, size_text, Mark};
use crate::sim::replay::curve::{Curve, MAX_READS};
use crate::sim::replay::TracePolicy;
use crate::ui::format;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// What the panel shows a curve with.
pub struct View<'a> {
    /// The legend's name of each line.
    pub labels: &'a [String],
    /// The configured capacities.
    pub marks: &'a [Mark],
    pub n_keys: u32,
    pub comparing: bool,
}

/// The open panel with a curve: legend, chart, read-out, the note on the model and the
/// numbers as a table.
pub fn body(
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
