//! The scenario kept in `localStorage` between visits.
//!
//! Storage may be missing or refuse writes (a private window, a full quota, a sandboxed
//! frame): then nothing is kept and nothing fails.

use crate::scenario::Scenario;

/// The storage key. The value is the scenario as a scenario file, read back with
/// [`Scenario::from_json`] and so validated like any file.
pub const KEY: &str = "cacheplay.scenario";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved scenario's text, if there is one.
pub fn load() -> Option<String> {
    storage()?.get_item(KEY).ok().flatten()
}

/// Saves `scenario`, replacing the saved one.
pub fn save(scenario: &Scenario) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string_pretty(scenario)) {
        // A refused write (quota, policy) leaves the old value: the page goes on.
        let _ = storage.set_item(KEY, &text);
    }
}
