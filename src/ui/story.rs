//! What tells a newcomer where they are: the page's one-line introduction, and a preset's
//! notes, which describe the preset as shipped and so say so once a field has changed.

use crate::scenario::presets::DEFAULT_NOTES;
use crate::scenario::{presets, Scenario};
use yew::prelude::*;

/// The "what am I looking at" line at the top of the page, with the first thing to do.
pub const INTRO: &str = "A simulated web service: requests go through app servers, a cache and a \
     database, in simulated time. The whole run is below: read the cards, the story under \
     them, then the charts. Press ▶ Play to replay it second by second, or change any field \
     on the left (try the write policy) and it runs again.";

/// How a scenario's notes relate to the preset they came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notes {
    /// No notes to show.
    None,
    /// The notes describe this very scenario (a preset as shipped, or the user's own).
    Current(String),
    /// The notes of preset `title`, which this scenario no longer is.
    Original { title: String, notes: String },
}

/// The notes to show beside `scenario`: a preset's notes are its story, true only while
/// every field is as the preset set it.
pub fn notes(scenario: &Scenario) -> Notes {
    if scenario.notes.is_empty() {
        let default = Scenario::default();
        return match scenario.title == default.title {
            false => Notes::None,
            true if *scenario == default => Notes::Current(DEFAULT_NOTES.to_string()),
            true => Notes::Original {
                title: default.title,
                notes: DEFAULT_NOTES.to_string(),
            },
        };
    }
    let shipped = presets()
        .into_iter()
        .find(|preset| preset.scenario.notes == scenario.notes);
    match shipped {
        Some(preset) if preset.scenario != *scenario => Notes::Original {
            title: preset.scenario.title,
            notes: scenario.notes.clone(),
        },
        _ => Notes::Current(scenario.notes.clone()),
    }
}

/// The notes paragraph, with a note in front when they describe the original preset.
pub fn notes_view(scenario: &Scenario) -> Html {
    match notes(scenario) {
        Notes::None => Html::default(),
        Notes::Current(notes) => html! { <p class="notes" data-testid="notes">{ notes }</p> },
        Notes::Original { title, notes } => html! {
            <p class="notes edited" data-testid="notes">
                <b data-testid="notes-edited">
                    { format!("These notes describe the original {title} preset; you have changed it since, so the cards may tell another story. ") }
                </b>
                { notes }
            </p>
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::preset;

    #[test]
    fn a_preset_as_shipped_has_its_own_notes() {
        let db = preset("db-outage").unwrap();
        assert_eq!(notes(&db), Notes::Current(db.notes.clone()));
    }

    #[test]
    fn an_edited_preset_says_its_notes_describe_the_original() {
        let mut db = preset("db-outage").unwrap();
        db.duration_s = 30.0;
        assert_eq!(
            notes(&db),
            Notes::Original {
                title: "Database outage".to_string(),
                notes: db.notes.clone()
            }
        );
    }

    #[test]
    fn the_default_preset_has_its_description_until_edited() {
        let mut default = preset("default").unwrap();
        assert_eq!(notes(&default), Notes::Current(DEFAULT_NOTES.to_string()));
        default.seed = 9;
        assert_eq!(
            notes(&default),
            Notes::Original {
                title: "Default".to_string(),
                notes: DEFAULT_NOTES.to_string()
            }
        );
    }

    #[test]
    fn the_users_own_notes_and_no_notes() {
        let mut own = preset("default").unwrap();
        own.notes = "My experiment".to_string();
        own.seed = 9;
        assert_eq!(notes(&own), Notes::Current("My experiment".to_string()));
        own.notes.clear();
        own.title = "Mine".to_string();
        assert_eq!(notes(&own), Notes::None);
    }
}
