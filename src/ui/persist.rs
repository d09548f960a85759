//! The scenario kept in `localStorage` between visits.
//!
//! Storage may be missing or refuse writes (a private window, a full quota, a sandboxed
//! frame): then nothing is kept and nothing fails. A saved scenario this version can't
//! read (most likely saved by a newer cacheplay) is never silently lost: the save that
//! would replace it first copies it to [`BACKUP_KEY`].

use crate::scenario::Scenario;

/// The storage key. The value is the scenario as a scenario file, read back with
/// [`Scenario::from_json`] and so validated like any file.
pub const KEY: &str = "cacheplay.scenario";

/// Where an unreadable saved scenario goes before it is replaced.
pub const BACKUP_KEY: &str = "cacheplay.scenario.newer-backup";

/// What [`save`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// Saved, over a readable scenario or none.
    Done,
    /// Saved, after copying the unreadable saved scenario to [`BACKUP_KEY`].
    BackedUp,
    /// Storage is missing or refused a write; an unreadable saved scenario stays in place.
    Refused,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved scenario's text, if there is one.
pub fn load() -> Option<String> {
    storage()?.get_item(KEY).ok().flatten()
}

/// The saved text to back up before replacing it: there is one, and it is not a scenario
/// this version reads.
pub fn needs_backup(saved: Option<&str>) -> Option<&str> {
    saved.filter(|text| Scenario::from_json(text).is_err())
}

/// Saves `scenario`, replacing the saved one; an unreadable saved one is backed up first,
/// and stays in place if the backup can't be written.
pub fn save(scenario: &Scenario) -> Saved {
    let (Some(storage), Ok(text)) = (storage(), serde_json::to_string_pretty(scenario)) else {
        return Saved::Refused;
    };
    let saved = storage.get_item(KEY).ok().flatten();
    let mut outcome = Saved::Done;
    if let Some(old) = needs_backup(saved.as_deref()) {
        if storage.set_item(BACKUP_KEY, old).is_err() {
            return Saved::Refused;
        }
        outcome = Saved::BackedUp;
    }
    match storage.set_item(KEY, &text) {
        Ok(()) => outcome,
        Err(_) => Saved::Refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_unreadable_saved_scenario_is_backed_up() {
        let newer = r#"{"title": "From a newer cacheplay", "cache": {"shards": 4}}"#;
        assert_eq!(needs_backup(Some(newer)), Some(newer));
        assert_eq!(
            needs_backup(Some("{\"duration_s\": -1}")),
            Some("{\"duration_s\": -1}")
        );
        assert_eq!(needs_backup(Some("garbage")), Some("garbage"));
        let current = serde_json::to_string_pretty(&Scenario::default()).expect("serializes");
        assert_eq!(needs_backup(Some(&current)), None);
        assert_eq!(needs_backup(None), None);
    }
}
