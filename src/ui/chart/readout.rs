//! The read-out beside a chart: the values of every series at the cursor, in HTML, so it
//! reads with a screen reader, too.

use crate::ui::charts::{self, ChartSpec, Unit};
use crate::ui::format;
use crate::ui::runner::Runs;
use crate::ui::state::Side;
use yew::prelude::*;

/// The read-out at `t_s`: the time, then each series' value in A (and B).
pub fn readout(spec: &ChartSpec, runs: &Runs, t_s: f64) -> Option<Html> {
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

/// The unit of a series: the right axis's for right-hand series.
pub fn series_unit(spec: &ChartSpec, right: bool) -> Unit {
    if right {
        spec.right_unit.unwrap_or(spec.unit)
    } else {
        spec.unit
    }
}
