//! Which scenario a page opens with.

use super::*;
use crate::scenario::preset;

fn banking() -> Scenario {
    preset("banking").expect("the banking preset exists")
}

fn saved_json(scenario: &Scenario) -> String {
    serde_json::to_string(scenario).unwrap()
}

#[test]
fn nothing_opens_the_default() {
    let boot = Boot::decide("", "", None);
    assert_eq!(boot.scenario, Scenario::default());
    assert_eq!(boot.source, Source::Default);
    assert_eq!(
        (boot.link_error, boot.saved_error, boot.embed),
        (None, None, None)
    );
}

#[test]
fn a_saved_scenario_opens_when_there_is_no_link() {
    let saved = saved_json(&banking());
    let boot = Boot::decide("", "", Some(&saved));
    assert_eq!(boot.scenario, banking());
    assert_eq!(boot.source, Source::Saved);
    // The in-page anchor is no link either.
    assert_eq!(
        Boot::decide("scenario", "", Some(&saved)).source,
        Source::Saved
    );
}

#[test]
fn a_link_takes_precedence_over_the_saved_scenario() {
    let web = preset("web-sessions").unwrap();
    let saved = saved_json(&banking());
    let boot = Boot::decide(&web.link_fragment(), "", Some(&saved));
    assert_eq!(boot.scenario, web);
    assert_eq!(boot.source, Source::Link);
}

#[test]
fn a_bad_link_says_why_and_falls_back_to_the_saved_scenario() {
    let saved = saved_json(&banking());
    let good = preset("web-sessions").unwrap().link_fragment();
    let truncated = &good[..good.len() - 5];
    for (fragment, message) in [
        ("hello", "not a cacheplay link"),
        ("v9.AAAA", "made by a newer version of cacheplay (v9)"),
        (truncated, "the link is damaged or truncated"),
    ] {
        let boot = Boot::decide(fragment, "", Some(&saved));
        let error = boot.link_error.expect(fragment);
        assert!(error.contains(message), "{fragment}: {error}");
        assert_eq!(boot.scenario, banking());
        assert_eq!(boot.source, Source::Saved);
    }
    let boot = Boot::decide("v1.", "", None);
    assert!(boot.link_error.is_some());
    assert_eq!(boot.source, Source::Default);
}

#[test]
fn an_unreadable_saved_scenario_gives_the_default_and_a_message() {
    let boot = Boot::decide("", "", Some("{\"title\": 3"));
    assert_eq!(boot.scenario, Scenario::default());
    assert!(boot.saved_error.is_some());
}

#[test]
fn an_embed_shows_its_link_and_never_the_saved_scenario() {
    let saved = saved_json(&banking());
    let boot = Boot::decide("", "?embed=1&autoplay=1&speed=100", Some(&saved));
    assert_eq!(boot.scenario, Scenario::default());
    assert!(boot.embed.is_some());
    assert!(matches!(boot.first_action(), Action::Play));
    assert_eq!(boot.initial_state().speed, crate::ui::state::Speed::X100);
    let boot = Boot::decide(&banking().link_fragment(), "?embed=1", Some("{}"));
    assert_eq!(boot.scenario, banking());
    assert!(matches!(boot.first_action(), Action::RunToEnd));
}

#[test]
fn a_page_that_crashed_here_opens_paused() {
    let mut boot = Boot::decide(&banking().link_fragment(), "", None);
    assert!(matches!(boot.first_action(), Action::RunToEnd));
    boot.crash = Some("The run stopped at 00:03.3".to_string());
    assert!(matches!(boot.first_action(), Action::Pause));
    let mut embed = Boot::decide("", "?embed=1&autoplay=1", None);
    embed.crash = boot.crash.clone();
    assert!(matches!(embed.first_action(), Action::Pause));
}

#[test]
fn page_anchors_and_blanks_are_no_links() {
    assert!(is_link_attempt("v1.x"));
    assert!(!is_link_attempt(" "));
    assert!(!is_link_attempt("scenario"));
}
