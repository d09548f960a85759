//! A chart's numbers as a table under it, for a reader who cannot see the canvas or wants
//! the values: the time, then each series' value in A (and B), as the read-out shows them.

use super::readout::series_unit;
use crate::ui::charts::{self, ChartSpec};
use crate::ui::format;
use crate::ui::runner::Runs;
use crate::ui::state::Side;
use yew::prelude::*;

/// Rows at most: a long run's table lists every n-th sample, and the CSV has them all.
const MAX_ROWS: usize = 200;

/// The table of `spec`'s series over the runs so far.
pub fn table(spec: &ChartSpec, runs: &Runs) -> Html {
    let Some(a) = runs.lane(Side::A) else {
        return Html::default();
    };
    let b = runs.lane(Side::B);
    let sides: &[&str] = if b.is_some() { &["A", "B"] } else { &[""] };
    let header = spec.series.iter().flat_map(|series| {
        sides.iter().map(move |side| {
            let name = if side.is_empty() {
                series.label.to_string()
            } else {
                format!("{} ({side})", series.label)
            };
            html! { <th scope="col">{ name }</th> }
        })
    });
    let samples = a.samples();
    let rows = charts::table_rows(samples.len(), MAX_ROWS);
    let note = (rows.len() < samples.len()).then(|| {
        format!(
            "Every {}th of the run's {} samples, and the last; the samples CSV has them all.",
            rows.get(1).copied().unwrap_or(1),
            format::count(samples.len() as u64)
        )
    });
    let body = rows.into_iter().map(|index| {
        let sample_a = &samples[index];
        let sample_b = b.and_then(|b| {
            let i = charts::nearest(b.samples(), sample_a.t_s)?;
            Some((&b.samples()[i], b.sample_interval_s()))
        });
        let cells = spec.series.iter().flat_map(|series| {
            let unit = series_unit(spec, series.right);
            let value_a = unit.format((series.value)(sample_a, a.sample_interval_s()));
            let value_b = sample_b.map(|(s, dt)| unit.format((series.value)(s, dt)));
            std::iter::once(value_a)
                .chain(value_b)
                .map(|value| html! { <td>{ value }</td> })
        });
        html! {
            <tr data-t={sample_a.t_s.to_string()}>
                <th scope="row">{ format::clock(sample_a.t_s) }</th>
                { for cells }
            </tr>
        }
    });
    html! {
        <>
            <table class="ab" data-testid={format!("table-{}", spec.id)}>
                <thead><tr><th scope="col">{ "Time" }</th>{ for header }</tr></thead>
                <tbody>{ for body }</tbody>
            </table>
            if let Some(note) = note { <p class="muted small">{ note }</p> }
        </>
    }
}
