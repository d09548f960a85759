//! The page's own events: space toggles play, and a resize or a colour-scheme switch
//! bumps the layout counter so the charts redraw.

use crate::ui::state::{Action, UiState};
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Whether a key press belongs to the focused element (typing, a button's own space).
fn focus_takes_keys(event: &KeyboardEvent) -> bool {
    let Some(element) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(
        element.tag_name().to_ascii_lowercase().as_str(),
        "input" | "textarea" | "select" | "button" | "summary" | "a" | "option"
    ) || element.has_attribute("contenteditable")
}

/// Listens for the page's lifetime: space dispatches `TogglePlay`, and a resize or a
/// theme switch adds one to `layout`.
#[hook]
pub fn use_page_events(dispatch: UseReducerDispatcher<UiState>, layout: UseStateHandle<u64>) {
    use_effect_with((), move |_| {
        let document = gloo::utils::document();
        // Not passive: space would scroll the page as well as toggle play.
        let options = EventListenerOptions::enable_prevent_default();
        let keys = EventListener::new_with_options(&document, "keydown", options, move |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if event.key() == " " && !focus_takes_keys(event) {
                event.prevent_default();
                dispatch.dispatch(Action::TogglePlay);
            }
        });
        let window = gloo::utils::window();
        let resize = {
            let layout = layout.clone();
            EventListener::new(&window, "resize", move |_| layout.set(*layout + 1))
        };
        // The charts read their colours from the stylesheet: a theme switch redraws them.
        let theme = window
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .map(|query| EventListener::new(&query, "change", move |_| layout.set(*layout + 1)));
        move || drop((keys, resize, theme))
    });
}
