//! The embed view: the playground without its editor, selected by query parameters
//! (`?embed=1&charts=latency,lag&controls=min&autoplay=1&theme=light`, docs/embed.md).
//!
//! [`EmbedOptions::from_query`] and [`snippet`] are pure and tested natively; [`EmbedPage`]
//! renders the view and reports its height to the host page (`cacheplay:height`).

use crate::scenario::Scenario;
use crate::sim::Summary;
use crate::ui::charts;
use crate::ui::format;
use crate::ui::state::{Action, Speed, UiState};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The `type` of the message an embed posts to its parent with its height in CSS pixels.
pub const HEIGHT_MESSAGE: &str = "cacheplay:height";

/// The charts an embed shows when `charts` names none it knows.
pub const DEFAULT_CHARTS: [&str; 2] = ["read-latency", "hit-ratio"];

/// Short names for charts, beside their ids: `charts=latency,lag`.
const CHART_ALIASES: [(&str, &str); 6] = [
    ("latency", "read-latency"),
    ("reads", "read-latency"),
    ("writes", "write-latency"),
    ("lag", "consistency-lag"),
    ("hits", "hit-ratio"),
    ("scaling", "instances"),
];

/// How much of the run controls an embed shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ControlsMode {
    /// Play/pause and the clock.
    Min,
    /// Play/pause, step, reset, run to end, speed and the clock.
    Full,
    /// None: the run plays (autoplay) or shows its end.
    None,
}

impl ControlsMode {
    fn name(self) -> &'static str {
        match self {
            ControlsMode::Min => "min",
            ControlsMode::Full => "full",
            ControlsMode::None => "none",
        }
    }
}

/// The colour theme of an embed; `Auto` follows the reader's system setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// What an embed shows, from the page's query string.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedOptions {
    /// Chart ids of `charts::catalogue()`, in the order asked for, without repeats.
    pub charts: Vec<&'static str>,
    pub controls: ControlsMode,
    /// Plays the run from t = 0 on load, instead of showing it whole.
    pub autoplay: bool,
    pub theme: Theme,
    /// Shows the summary line (requests, hit ratio, p99s, run fingerprint).
    pub summary: bool,
    pub speed: Speed,
    /// Values that were not understood and what was used instead, shown in the embed so
    /// whoever wrote the snippet sees them.
    pub problems: Vec<String>,
}

impl Default for EmbedOptions {
    fn default() -> EmbedOptions {
        EmbedOptions {
            charts: DEFAULT_CHARTS.to_vec(),
            controls: ControlsMode::Min,
            autoplay: false,
            theme: Theme::Auto,
            summary: true,
            speed: Speed::X10,
            problems: Vec::new(),
        }
    }
}

impl EmbedOptions {
    /// The embed options of a query string (with or without its `?`), or `None` when it
    /// doesn't ask for the embed view (`embed` absent, `0`, `false` or `no`).
    /// Parameters it doesn't know are left to the host page; values it doesn't know fall
    /// back to the default and are listed in [`EmbedOptions::problems`].
    pub fn from_query(query: &str) -> Option<EmbedOptions> {
        let pairs = parse_query(query);
        let embed = pairs.iter().rev().find(|(key, _)| key == "embed")?;
        if matches!(embed.1.as_str(), "0" | "false" | "no") {
            return None;
        }
        let mut options = EmbedOptions::default();
        for (key, value) in &pairs {
            match key.as_str() {
                "charts" => options.charts = options.read_charts(value),
                "controls" => {
                    options.controls = match value.as_str() {
                        "min" => ControlsMode::Min,
                        "full" => ControlsMode::Full,
                        "none" | "0" => ControlsMode::None,
                        _ => options.problem(
                            "controls",
                            value,
                            "min, full or none",
                            (ControlsMode::Min, "min"),
                        ),
                    }
                }
                "autoplay" => options.autoplay = options.read_flag("autoplay", value, false),
                "summary" => options.summary = options.read_flag("summary", value, true),
                "theme" => {
                    options.theme = match value.as_str() {
                        "auto" => Theme::Auto,
                        "light" => Theme::Light,
                        "dark" => Theme::Dark,
                        _ => options.problem(
                            "theme",
                            value,
                            "auto, light or dark",
                            (Theme::Auto, "auto"),
                        ),
                    }
                }
                "speed" => {
                    options.speed = Speed::from_name(value).unwrap_or_else(|| {
                        options.problem(
                            "speed",
                            value,
                            "1, 10, 100, 1000 or max",
                            (Speed::X10, "10"),
                        )
                    })
                }
                _ => {}
            }
        }
        Some(options)
    }

    /// The query string (without `?`) that opens this view: `embed=1`, then each option
    /// that differs from its default.
    pub fn to_query(&self) -> String {
        let defaults = EmbedOptions::default();
        let mut query = String::from("embed=1");
        if self.charts != defaults.charts {
            query.push_str("&charts=");
            query.push_str(&self.charts.join(","));
        }
        if self.controls != defaults.controls {
            query.push_str("&controls=");
            query.push_str(self.controls.name());
        }
        if self.autoplay {
            query.push_str("&autoplay=1");
        }
        if self.theme != defaults.theme {
            query.push_str("&theme=");
            query.push_str(self.theme.name());
        }
        if !self.summary {
            query.push_str("&summary=0");
        }
        if self.speed != defaults.speed {
            query.push_str("&speed=");
            query.push_str(self.speed.name());
        }
        query
    }

    fn read_charts(&mut self, value: &str) -> Vec<&'static str> {
        let mut chosen: Vec<&'static str> = Vec::new();
        for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match chart_id(name) {
                Some(id) if !chosen.contains(&id) => chosen.push(id),
                Some(_) => {}
                None => self.problems.push(format!(
                    "charts: no chart '{name}' (known: {})",
                    charts::catalogue()
                        .iter()
                        .map(|spec| spec.id)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
        if chosen.is_empty() {
            DEFAULT_CHARTS.to_vec()
        } else {
            chosen
        }
    }

    fn read_flag(&mut self, key: &str, value: &str, default: bool) -> bool {
        match value {
            "1" | "true" | "yes" | "" => true,
            "0" | "false" | "no" => false,
            _ => self.problem(
                key,
                value,
                "1 or 0",
                (default, if default { "1" } else { "0" }),
            ),
        }
    }

    /// Notes a value that isn't understood and returns `default`, used instead.
    fn problem<T>(&mut self, key: &str, value: &str, known: &str, default: (T, &str)) -> T {
        self.problems.push(format!(
            "{key}: '{value}' is not one of {known}; using {}",
            default.1
        ));
        default.0
    }
}

/// The catalogue id for a chart id or alias.
fn chart_id(name: &str) -> Option<&'static str> {
    let name = CHART_ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, id)| id);
    charts::catalogue()
        .iter()
        .map(|spec| spec.id)
        .find(|id| *id == name)
}

/// The `key=value` pairs of a query string, percent-decoded (`+` is a space).
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

/// Decodes `%XX` escapes and `+`; a malformed escape stays as written, and bytes that
/// don't form UTF-8 become U+FFFD, so no query fails to read.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(byte) = hex {
                    out.push(byte);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Escapes text for an HTML attribute value in double quotes.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The height an embed's iframe starts at, before the embed reports its own: room for
/// the controls and summary and about 250 pixels per chart.
pub fn initial_height(options: &EmbedOptions) -> u32 {
    let summary = if options.summary { 70 } else { 0 };
    120 + summary + 250 * options.charts.len() as u32
}

/// The HTML to paste into a page: an iframe of `page` (the playground's address, without
/// query or fragment) in the embed view of `scenario`, then the host script beside it,
/// which sizes the iframe to the height the embed reports.
pub fn snippet(page: &str, options: &EmbedOptions, scenario: &Scenario) -> String {
    let page = page.split(['?', '#']).next().unwrap_or_default();
    let folder = page.rfind('/').map_or("", |slash| &page[..=slash]);
    let src = format!("{page}?{}#{}", options.to_query(), scenario.link_fragment());
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{}\" \
         style=\"border:0\" loading=\"lazy\" data-cacheplay></iframe>\n\
         <script src=\"{}embed-host.js\" async></script>\n",
        attribute(&src),
        attribute(&format!("cacheplay: {}", scenario.title)),
        initial_height(options),
        attribute(folder),
    )
}

#[derive(Properties, PartialEq)]
pub struct EmbedPageProps {
    pub options: Rc<EmbedOptions>,
    pub state: Rc<UiState>,
    pub dispatch: Callback<Action>,
    /// The full controls, shown with `controls=full`.
    pub controls: Html,
    /// The selected charts.
    pub charts: Html,
    pub summary: Summary,
    /// Why the link in the address could not be opened, if it couldn't.
    pub link_error: Option<String>,
    /// Why a run at this address stopped earlier in the session ([`crate::ui::crash`]).
    pub crash: Option<String>,
}

/// The embed view: title, controls, summary line, charts, and a link to the full
/// playground with the same scenario. Posts its height to the parent frame.
#[function_component(EmbedPage)]
pub fn embed_page(props: &EmbedPageProps) -> Html {
    let root = use_node_ref();
    {
        let root = root.clone();
        use_effect_with((), move |_| {
            let observer = report_height(&root);
            move || {
                if let Some((observer, _callback)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    let state = &props.state;
    let options = &props.options;
    let open_href = {
        let location = gloo::utils::window().location();
        let path = location.pathname().unwrap_or_default();
        format!("{path}#{}", state.scenario.link_fragment())
    };
    let play = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::TogglePlay))
    };
    let controls = match options.controls {
        ControlsMode::Full => props.controls.clone(),
        ControlsMode::Min => html! {
            <div class="controls" role="toolbar" aria-label="Run controls">
                <button class="primary" data-testid="play" onclick={play}
                    aria-pressed={state.playing.to_string()}>
                    if state.playing { { "❚❚ Pause" } } else { { "▶ Play" } }
                </button>
                <span class="clock" data-testid="clock">
                    { format::clock(state.now.as_s()) }
                    <span class="muted">{ " / " }{ format::clock(state.end().as_s()) }</span>
                </span>
            </div>
        },
        ControlsMode::None => Html::default(),
    };
    let summary = &props.summary;
    let summary_line = options.summary.then(|| {
        html! {
            <p class="embed-summary small" data-testid="embed-summary">
                { format!("{} requests · hit ratio {} · read p99 {} · lag p99 {} · ",
                    format::count(summary.requests),
                    format::percent(summary.hit_ratio),
                    format::millis(summary.read_latency_ms.p99),
                    format::millis(summary.consistency_lag_ms.p99)) }
                <span class="muted">{ "run fingerprint " }</span>
                <code data-testid="digest">{ &summary.digest }</code>
            </p>
        }
    });
    let run_state = state.run_state();
    html! {
        <div class="embed" ref={root} data-state={run_state} data-testid="embed">
            <header class="embed-top">
                <b class="embed-title" data-testid="scenario-title">{ &state.scenario.title }</b>
                <a class="embed-open" data-testid="open-full" href={open_href} target="_blank" rel="noopener">
                    { "Open in cacheplay ↗" }
                </a>
            </header>
            if let Some(error) = &props.link_error {
                <p class="embed-error" role="alert" data-testid="link-error">
                    { format!("This link could not be opened: {error}. Showing the default scenario.") }
                </p>
            }
            if let Some(message) = &props.crash {
                <p class="embed-error" role="alert" data-testid="crashed-before">
                    { format!("Not run: this scenario stopped the page earlier in this session. {message}") }
                </p>
            }
            { controls }
            { for summary_line }
            <section class="charts" aria-label="Charts">{ props.charts.clone() }</section>
            if !options.problems.is_empty() {
                <ul class="embed-problems muted small" data-testid="embed-problems">
                    { for options.problems.iter().map(|p| html! { <li>{ p }</li> }) }
                </ul>
            }
        </div>
    }
}

type HeightReporter = (web_sys::ResizeObserver, Closure<dyn FnMut()>);

/// Observes the embed's root and posts `{type: "cacheplay:height", height}` to the parent
/// frame whenever its height changes. The height is no secret, so any parent may read it
/// (target origin `*`); the host script checks where the message came from. Nothing
/// is posted when the page is not in a frame.
fn report_height(root: &NodeRef) -> Option<HeightReporter> {
    let window = gloo::utils::window();
    let parent = window.parent().ok().flatten()?;
    if parent == window {
        return None;
    }
    let element = root.cast::<web_sys::Element>()?;
    let measured = element.clone();
    let last = std::cell::Cell::new(0.0f64);
    let callback = Closure::<dyn FnMut()>::new(move || {
        let height = measured.get_bounding_client_rect().height().ceil();
        if height != last.get() {
            last.set(height);
            let message = js_sys::Object::new();
            // Setting fields of a fresh plain object does not fail.
            let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
            let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
            let _ = parent.post_message(&message, "*");
        }
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&element);
    Some((observer, callback))
}

#[cfg(test)]
mod tests;
