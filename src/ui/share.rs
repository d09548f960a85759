//! Share links in the playground: which scenario a page opens with, the address bar that
//! follows the scenario, the "Copy link" and "Embed" buttons, and the message a bad link
//! gets.
//!
//! A page opens, in order of precedence, the link in its fragment, the scenario saved in
//! `localStorage`, or the default ([`Boot::decide`], pure and tested natively). Nothing is
//! saved until the scenario differs from the one the page opened with, so opening a link
//! (good or bad) never replaces the saved scenario; the first edit does.

use crate::scenario::Scenario;
use crate::ui::embed::{self, ControlsMode, EmbedOptions, Theme};
use crate::ui::state::{Action, UiState};
use crate::ui::{charts, crash, persist};
use gloo::events::EventListener;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Fragments that are places in the page, not links (`<a href="#scenario">`).
const PAGE_ANCHORS: [&str; 1] = ["scenario"];

/// Where the opening scenario came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Link,
    Saved,
    Default,
}

/// What a page opens with.
#[derive(Clone, Debug, PartialEq)]
pub struct Boot {
    pub scenario: Scenario,
    pub source: Source,
    /// Why the link in the fragment could not be opened.
    pub link_error: Option<String>,
    /// Why the saved scenario could not be read (it stays saved until an edit).
    pub saved_error: Option<String>,
    /// The embed view's options, when the query asks for it.
    pub embed: Option<Rc<EmbedOptions>>,
    /// Why a run at this address stopped earlier in the session (the wasm trapped): the
    /// page opens paused with this message instead of running ([`crate::ui::crash`]).
    pub crash: Option<String>,
}

/// Whether a fragment (without its `#`) is meant as a share link: anything but nothing
/// and the page's own anchors, so a damaged link still gets its message.
pub fn is_link_attempt(fragment: &str) -> bool {
    let fragment = fragment.trim();
    !fragment.is_empty() && !PAGE_ANCHORS.contains(&fragment)
}

impl Boot {
    /// Decides the opening scenario from the address's fragment (without `#`) and query,
    /// and the saved scenario's text. An embed never reads the saved scenario: it shows
    /// what its link says, the same for every reader.
    pub fn decide(fragment: &str, query: &str, saved: Option<&str>) -> Boot {
        let embed = EmbedOptions::from_query(query).map(Rc::new);
        let mut boot = Boot {
            scenario: Scenario::default(),
            source: Source::Default,
            link_error: None,
            saved_error: None,
            embed,
            crash: None,
        };
        if is_link_attempt(fragment) {
            match Scenario::from_link(fragment) {
                Ok(scenario) => {
                    boot.scenario = scenario;
                    boot.source = Source::Link;
                    return boot;
                }
                Err(error) => boot.link_error = Some(error.to_string()),
            }
        }
        if boot.embed.is_some() {
            return boot;
        }
        if let Some(text) = saved {
            match Scenario::from_json(text) {
                Ok(scenario) => {
                    boot.scenario = scenario;
                    boot.source = Source::Saved;
                }
                Err(error) => boot.saved_error = Some(error.to_string()),
            }
        }
        boot
    }

    /// Reads the page's address and storage, and applies an embed's theme.
    pub fn read() -> Boot {
        let location = gloo::utils::window().location();
        let fragment = location.hash().unwrap_or_default();
        let query = location.search().unwrap_or_default();
        let fragment = fragment.strip_prefix('#').unwrap_or(&fragment);
        let mut boot = Boot::decide(fragment, &query, persist::load().as_deref());
        boot.crash = crash::read();
        if let Some(options) = &boot.embed {
            let root = gloo::utils::document_element();
            if options.theme != Theme::Auto {
                // Theme switches read `data-theme` (www/share.css); setting it can't fail
                // on the document element.
                let _ = root.set_attribute("data-theme", options.theme.name());
            }
            let _ = root.set_attribute("data-embed", "1");
        }
        boot
    }

    /// The state the page starts in: the opening scenario, at the embed's speed.
    pub fn initial_state(&self) -> UiState {
        let mut state = UiState::new(self.scenario.clone());
        if let Some(options) = &self.embed {
            state.speed = options.speed;
        }
        state
    }

    /// The first action: an autoplaying embed plays from t = 0; every other page shows
    /// the whole run at once; a run that crashed here earlier in the session stays paused.
    pub fn first_action(&self) -> Action {
        match &self.embed {
            _ if self.crash.is_some() => Action::Pause,
            Some(options) if options.autoplay => Action::Play,
            _ => Action::RunToEnd,
        }
    }
}

/// The page's address without query and fragment: what links and snippets start with.
pub fn page_address() -> String {
    let location = gloo::utils::window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// Replaces the address's fragment with `scenario`'s link, without a history entry, so
/// Back leaves the playground instead of undoing edits one by one.
fn follow_in_address(scenario: &Scenario) {
    let window = gloo::utils::window();
    let fragment = format!("#{}", scenario.link_fragment());
    if window.location().hash().ok().as_deref() == Some(fragment.as_str()) {
        return;
    }
    if let Ok(history) = window.history() {
        // Fails only for a cross-origin URL, which a fragment never is.
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment));
    }
}

/// Writes `text` to the clipboard; the link also stays selected in its field, for the
/// reader to copy by hand where the clipboard is refused.
fn copy(text: &str, done: Callback<bool>) {
    let clipboard = gloo::utils::window().navigator().clipboard();
    let promise = clipboard.write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        done.emit(copied);
    });
}

/// Selects the whole text of an input or text area, ready to copy.
fn select_all(node: &NodeRef) {
    if let Some(input) = node.cast::<web_sys::HtmlInputElement>() {
        input.select();
    } else if let Some(area) = node.cast::<web_sys::HtmlTextAreaElement>() {
        area.select();
    }
}

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub state: Rc<UiState>,
    pub dispatch: Callback<Action>,
    pub boot: Rc<Boot>,
}

/// Which panel is open below the share buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Panel {
    None,
    Link,
    Embed,
}

/// The bad-link message, the address bar that follows the scenario, saving, and the
/// "Copy link" and "Embed" buttons with their panels.
#[function_component(Share)]
pub fn share(props: &ShareProps) -> Html {
    let boot = &props.boot;
    let link_error = use_state(|| boot.link_error.clone());
    let saved_error = use_state(|| boot.saved_error.clone());
    let crashed = use_state(|| boot.crash.clone());
    let backed_up = use_state(|| false);
    // The scenario as the page (or a link pasted into the address bar) opened it, until
    // it changes: it is not the user's, so it is not saved.
    let pristine = use_mut_ref(|| Some(boot.scenario.clone()));
    // A bad link stays in the address bar, where the reader can look at it, until the
    // scenario changes.
    let keep_address = use_mut_ref(|| boot.link_error.is_some());
    let mounted = use_mut_ref(|| false);
    let panel = use_state(|| Panel::None);
    let copied = use_state(|| None::<bool>);
    let embed_options = use_state(EmbedOptions::default);
    let link_field = use_node_ref();
    let snippet_field = use_node_ref();

    {
        let (pristine, keep_address, mounted) =
            (pristine.clone(), keep_address.clone(), mounted.clone());
        let (link_error, crashed) = (link_error.clone(), crashed.clone());
        let (saved_error, backed_up) = (saved_error.clone(), backed_up.clone());
        use_effect_with(props.state.scenario.clone(), move |scenario| {
            if mounted.replace(true) {
                // The bad link (or the one that crashed) has left the address bar: its
                // message no longer applies.
                link_error.set(None);
                crashed.set(None);
            }
            if keep_address.replace(false) {
                return;
            }
            follow_in_address(scenario);
            let mut pristine = pristine.borrow_mut();
            if pristine.as_ref() != Some(scenario) {
                *pristine = None;
                if persist::save(scenario) == persist::Saved::BackedUp {
                    saved_error.set(None);
                    backed_up.set(true);
                }
            }
        });
    }
    {
        // A link pasted into the address bar of an open page.
        let (dispatch, pristine, link_error) =
            (props.dispatch.clone(), pristine.clone(), link_error.clone());
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                let hash = gloo::utils::window().location().hash().unwrap_or_default();
                let fragment = hash.strip_prefix('#').unwrap_or(&hash);
                if !is_link_attempt(fragment) {
                    return;
                }
                match Scenario::from_link(fragment) {
                    Ok(scenario) => {
                        link_error.set(None);
                        open(&pristine, &dispatch, scenario);
                    }
                    Err(error) => link_error.set(Some(error.to_string())),
                }
            });
            move || drop(listener)
        });
    }

    let banner = link_error.as_ref().map(|error| {
        let open_default = {
            let (dispatch, pristine, link_error) =
                (props.dispatch.clone(), pristine.clone(), link_error.clone());
            Callback::from(move |_: MouseEvent| {
                link_error.set(None);
                open(&pristine, &dispatch, Scenario::default());
                // Even when the default is already shown, the bad link leaves the address.
                follow_in_address(&Scenario::default());
            })
        };
        let dismiss = {
            let link_error = link_error.clone();
            Callback::from(move |_: MouseEvent| link_error.set(None))
        };
        let shown = match boot.source {
            Source::Saved => "Showing your saved scenario, unchanged.",
            _ => "Showing the default scenario.",
        };
        html! {
            <div class="banner bad" role="alert" data-testid="link-error">
                <p>
                    <b>{ "This link could not be opened: " }</b>
                    <span data-testid="link-error-message">{ error }</span>
                </p>
                <p class="muted small">{ shown }</p>
                <p>
                    <button data-testid="open-default" onclick={open_default}>{ "Open the default scenario" }</button>
                    { " " }
                    <button class="link" data-testid="dismiss-link-error" onclick={dismiss}>{ "Dismiss" }</button>
                </p>
            </div>
        }
    });
    let saved_banner = saved_error.as_ref().map(|error| {
        let dismiss = {
            let saved_error = saved_error.clone();
            Callback::from(move |_: MouseEvent| saved_error.set(None))
        };
        html! {
            <div class="banner" role="status" data-testid="saved-error">
                <p>{ "The scenario saved in this browser could not be read (was it saved by a newer version of cacheplay?), so the default is shown: " }{ error }</p>
                <p class="muted small">{ format!("Your first edit is saved in its place, and the unreadable one is kept in this browser's localStorage as {}.", persist::BACKUP_KEY) }</p>
                <button class="link" onclick={dismiss}>{ "Dismiss" }</button>
            </div>
        }
    });
    let backup_banner = backed_up.then(|| {
        let dismiss = {
            let backed_up = backed_up.clone();
            Callback::from(move |_: MouseEvent| backed_up.set(false))
        };
        html! {
            <div class="banner" role="status" data-testid="saved-backup">
                <p>{ format!("The unreadable saved scenario was kept in this browser's localStorage as {}; your scenario is saved in its place.", persist::BACKUP_KEY) }</p>
                <button class="link" onclick={dismiss}>{ "Dismiss" }</button>
            </div>
        }
    });

    let crash_banner = crashed.as_ref().map(|message| {
        html! {
            <div class="banner bad" role="alert" data-testid="crashed-before">
                <p><b>{ "Not run: this scenario stopped the page earlier in this session. " }</b>{ message }</p>
                <p class="muted small">{ "Play or Run to end tries again; any edit leaves this message behind." }</p>
            </div>
        }
    });

    let scenario = &props.state.scenario;
    let link = format!("{}#{}", page_address(), scenario.link_fragment());
    let toggle = |which: Panel| {
        let (panel, copied) = (panel.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            copied.set(None);
            panel.set(if *panel == which { Panel::None } else { which });
        })
    };
    let copy_link = {
        let (panel, copied, link, field) = (
            panel.clone(),
            copied.clone(),
            link.clone(),
            link_field.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            panel.set(Panel::Link);
            let copied = copied.clone();
            copy(&link, Callback::from(move |ok| copied.set(Some(ok))));
            select_all(&field);
        })
    };
    let copy_status = match *copied {
        Some(true) => {
            html! { <span class="good small" data-testid="copy-status">{ "Copied." }</span> }
        }
        Some(false) => {
            html! { <span class="muted small" data-testid="copy-status">{ "The clipboard refused; the link is selected: copy it with Ctrl+C or ⌘C." }</span> }
        }
        None => Html::default(),
    };
    let panel_html = match *panel {
        Panel::None => Html::default(),
        Panel::Link => html! {
            <div class="share-panel">
                <label class="small">{ format!("Share link ({} characters): opens this scenario and replays the same run", link.len()) }
                    <input type="text" readonly=true value={link.clone()} ref={link_field.clone()}
                        data-testid="share-link" onfocus={Callback::from({ let f = link_field.clone(); move |_| select_all(&f) })} />
                </label>
                { copy_status }
            </div>
        },
        Panel::Embed => embed_panel(
            &embed_options,
            scenario,
            &snippet_field,
            &copied,
            copy_status,
        ),
    };
    html! {
        <>
            { for crash_banner }
            { for banner }
            { for saved_banner }
            { for backup_banner }
            <div class="share" role="toolbar" aria-label="Share">
                <button data-testid="copy-link" onclick={copy_link}
                    title="Copy a link that opens this scenario (scenario A when comparing)">{ "Copy link" }</button>
                <button data-testid="embed-button" onclick={toggle(Panel::Embed)}
                    aria-expanded={(*panel == Panel::Embed).to_string()}
                    title="An <iframe> snippet that shows this scenario's run in another page">{ "Embed" }</button>
            </div>
            { panel_html }
        </>
    }
}

/// Opens a scenario that came from a link, not from the user: not saved until edited, and
/// shown with its whole run, as a page opened on it would show it.
fn open(pristine: &Rc<RefCell<Option<Scenario>>>, dispatch: &Callback<Action>, scenario: Scenario) {
    *pristine.borrow_mut() = Some(scenario.clone());
    dispatch.emit(Action::SetScenario(Box::new(scenario)));
    dispatch.emit(Action::RunToEnd);
}

/// The embed panel: the view's options and the snippet they give.
fn embed_panel(
    options: &UseStateHandle<EmbedOptions>,
    scenario: &Scenario,
    field: &NodeRef,
    copied: &UseStateHandle<Option<bool>>,
    copy_status: Html,
) -> Html {
    let snippet = embed::snippet(&page_address(), options, scenario);
    let preview = format!("?{}#{}", options.to_query(), scenario.link_fragment());
    let chart_boxes = charts::catalogue().iter().map(|spec| {
        let checked = options.charts.contains(&spec.id);
        let options = options.clone();
        let id = spec.id;
        let onchange = Callback::from(move |_: Event| {
            let mut next = (*options).clone();
            if next.charts.contains(&id) {
                next.charts.retain(|chart| *chart != id);
            } else {
                next.charts.push(id);
            }
            if next.charts.is_empty() {
                next.charts = embed::DEFAULT_CHARTS.to_vec();
            }
            options.set(next);
        });
        html! {
            <label class="check">
                <input type="checkbox" {checked} {onchange} data-testid={format!("embed-chart-{id}")} />
                { spec.title }
            </label>
        }
    });
    let select = |name: &'static str, values: &[&'static str], current: &'static str| {
        let options = options.clone();
        let onchange = Callback::from(move |event: Event| {
            let value = event
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            let mut next = (*options).clone();
            match (name, value.as_str()) {
                ("controls", "full") => next.controls = ControlsMode::Full,
                ("controls", "none") => next.controls = ControlsMode::None,
                ("controls", _) => next.controls = ControlsMode::Min,
                ("theme", "light") => next.theme = Theme::Light,
                ("theme", "dark") => next.theme = Theme::Dark,
                _ => next.theme = Theme::Auto,
            }
            options.set(next);
        });
        html! {
            <label class="small">{ name }{ " " }
                <select {onchange} data-testid={format!("embed-{name}")}>
                    { for values.iter().map(|v| html! { <option value={*v} selected={*v == current}>{ *v }</option> }) }
                </select>
            </label>
        }
    };
    let controls = match options.controls {
        ControlsMode::Min => "min",
        ControlsMode::Full => "full",
        ControlsMode::None => "none",
    };
    let autoplay = {
        let options = options.clone();
        Callback::from(move |_: Event| {
            let mut next = (*options).clone();
            next.autoplay = !next.autoplay;
            options.set(next);
        })
    };
    let copy_snippet = {
        let (copied, field, snippet) = (copied.clone(), field.clone(), snippet.clone());
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            copy(&snippet, Callback::from(move |ok| copied.set(Some(ok))));
            select_all(&field);
        })
    };
    html! {
        <div class="share-panel" data-testid="embed-panel">
            <fieldset class="embed-charts">
                <legend class="small">{ "Charts" }</legend>
                { for chart_boxes }
            </fieldset>
            <p class="embed-choices">
                { select("controls", &["min", "full", "none"], controls) }
                { select("theme", &["auto", "light", "dark"], options.theme.name()) }
                <label class="check small">
                    <input type="checkbox" checked={options.autoplay} onchange={autoplay} data-testid="embed-autoplay" />
                    { "autoplay" }
                </label>
            </p>
            <textarea readonly=true rows="4" value={snippet} ref={field.clone()} data-testid="embed-snippet" />
            <p>
                <button data-testid="copy-snippet" onclick={copy_snippet}>{ "Copy snippet" }</button>
                { " " }
                <a href={preview} target="_blank" rel="noopener">{ "Preview the embed ↗" }</a>
                { " " }{ copy_status }
                <span class="muted small">{ " The host script beside the iframe fits its height to the content; see docs/embed.md." }</span>
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests;
