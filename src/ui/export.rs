//! Files in and out of the playground: the scenario as JSON (export and import), the run's
//! samples as CSV, its summary as JSON, and each chart as PNG, framed by its title, legend,
//! units and the run's fingerprint ([`png`]).
//!
//! An imported file is validated like a link ([`Scenario::from_json`]); a bad one leaves
//! the scenario as it was and says what is wrong.

pub mod png;

use crate::scenario::Scenario;
use crate::sim::report::csv::samples_csv;
use crate::ui::chart::RunsHandle;
use crate::ui::charts;
use crate::ui::runner::Runs;
use crate::ui::state::{Action, Side};
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A file name from a scenario title: lower-case letters, digits and dashes.
pub fn file_stem(title: &str) -> String {
    let mut stem = String::from("cacheplay");
    let mut dash = true;
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if dash {
                stem.push('-');
            }
            stem.push(c);
            dash = false;
        } else {
            dash = true;
        }
        if stem.len() >= 60 {
            break;
        }
    }
    stem
}

/// Has the browser download `url` as `name`.
fn download_url(name: &str, url: &str) {
    let document = gloo::utils::document();
    let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    anchor.set_href(url);
    anchor.set_download(name);
    anchor.click();
}

/// Has the browser download `text` as a file.
fn download_text(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    download_url(name, &url);
    // The download has started reading the blob by the next task; free it a little later.
    Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// The PNG of the chart `id` as a data URL, framed by its caption, if it is on the page.
fn chart_png(id: &str, scenario_title: &str, runs: &Runs) -> Option<String> {
    let document = gloo::utils::document();
    let canvas = document
        .query_selector(&format!("[data-testid=\"chart-{id}\"] canvas"))
        .ok()
        .flatten()?
        .dyn_into::<web_sys::HtmlCanvasElement>()
        .ok()?;
    let spec = charts::catalogue().iter().find(|spec| spec.id == id)?;
    let log = document
        .query_selector(&format!(
            "[data-testid=\"log-{id}\"][aria-pressed=\"true\"]"
        ))
        .ok()
        .flatten()
        .is_some();
    let digests: Vec<String> = std::iter::once(&runs.a)
        .chain(runs.b.as_ref())
        .map(|lane| lane.summary().digest)
        .collect();
    png::framed(&canvas, &png::caption(spec, scenario_title, &digests, log))
}

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    pub scenario: Scenario,
    pub runs: RunsHandle,
    pub dispatch: Callback<Action>,
}

/// The export and import buttons.
#[function_component(Export)]
pub fn export(props: &ExportProps) -> Html {
    let import_error = use_state(|| None::<String>);
    let reader = use_mut_ref(|| None::<FileReader>);
    let chart = use_state(|| charts::catalogue()[0].id);
    let stem = file_stem(&props.scenario.title);

    let export_scenario = {
        let (scenario, name) = (props.scenario.clone(), format!("{stem}.json"));
        Callback::from(move |_: MouseEvent| {
            let text = serde_json::to_string_pretty(&scenario)
                .expect("a Scenario always serializes to JSON");
            download_text(&name, "application/json", &format!("{text}\n"));
        })
    };
    let export_csv = {
        let (runs, name) = (props.runs.0.clone(), format!("{stem}-samples.csv"));
        Callback::from(move |_: MouseEvent| {
            let text = samples_csv(runs.borrow().a.samples());
            download_text(&name, "text/csv", &text);
        })
    };
    let export_summary = {
        let (runs, name) = (props.runs.0.clone(), format!("{stem}-summary.json"));
        Callback::from(move |_: MouseEvent| {
            let summary = runs.borrow().a.summary();
            let text = serde_json::to_string(&summary).expect("a Summary serializes to JSON");
            download_text(&name, "application/json", &format!("{text}\n"));
        })
    };
    let export_png = {
        let (chart, stem) = (chart.clone(), stem.clone());
        let (runs, title) = (props.runs.0.clone(), props.scenario.title.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(url) = chart_png(&chart, &title, &runs.borrow()) {
                download_url(&format!("{stem}-{}.png", *chart), &url);
            }
        })
    };
    let pick_chart = {
        let chart = chart.clone();
        Callback::from(move |event: Event| {
            let value = event
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            if let Some(spec) = charts::catalogue().iter().find(|spec| spec.id == value) {
                chart.set(spec.id);
            }
        })
    };
    let import = {
        let (dispatch, import_error, reader) =
            (props.dispatch.clone(), import_error.clone(), reader.clone());
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // The same file can be chosen again after a fix.
            input.set_value("");
            let file = gloo::file::File::from(file);
            let name = file.name();
            let (dispatch, import_error) = (dispatch.clone(), import_error.clone());
            let task = gloo::file::callbacks::read_as_text(&file, move |text| {
                let result = text
                    .map_err(|e| e.to_string())
                    .and_then(|text| Scenario::from_json(&text).map_err(|e| e.to_string()));
                match result {
                    Ok(scenario) => {
                        import_error.set(None);
                        dispatch.emit(Action::EditSide(Side::A));
                        dispatch.emit(Action::SetScenario(Box::new(scenario)));
                    }
                    Err(error) => import_error.set(Some(format!(
                        "{name} was not imported, the scenario is unchanged: {error}"
                    ))),
                }
            });
            *reader.borrow_mut() = Some(task);
        })
    };
    let chart_options = charts::catalogue().iter().map(|spec| {
        html! { <option value={spec.id} selected={spec.id == *chart}>{ spec.title }</option> }
    });
    html! {
        <div class="export" role="group" aria-label="Files">
            <button data-testid="export-scenario" onclick={export_scenario}
                title="Save scenario A as a scenario file, for cacheplay run or a later import">{ "Export scenario" }</button>
            <label class="button" title="Open a scenario file (replaces scenario A)">
                { "Import scenario…" }
                <input type="file" accept=".json,application/json" class="visually-hidden"
                    data-testid="import-scenario" onchange={import} />
            </label>
            <button data-testid="export-csv" onclick={export_csv}
                title="Scenario A's samples as CSV, the columns of cacheplay run --format csv">{ "Samples CSV" }</button>
            <button data-testid="export-summary" onclick={export_summary}
                title="Scenario A's summary as JSON, as cacheplay run prints it">{ "Summary JSON" }</button>
            <span class="chart-png">
                <select data-testid="png-chart" aria-label="Chart to save" onchange={pick_chart}>{ for chart_options }</select>
                <button data-testid="export-png" onclick={export_png}>{ "PNG" }</button>
            </span>
            if let Some(error) = &*import_error {
                <p class="error" role="alert" data-testid="import-error">{ error }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_keep_letters_and_digits() {
        assert_eq!(
            file_stem("Write-back: 2 tiers!"),
            "cacheplay-write-back-2-tiers"
        );
        assert_eq!(file_stem(""), "cacheplay");
        assert_eq!(file_stem("<script>"), "cacheplay-script");
        assert_eq!(file_stem("Ünïcode ≠ ascii"), "cacheplay-n-code-ascii");
        assert!(file_stem(&"x".repeat(500)).len() <= 60);
    }
}
