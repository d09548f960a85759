//! Hostile scenario files (`tests/hostile/*.json`): each gets a message, never a panic, and
//! the message is kept in `tests/hostile/messages.txt` (refresh with `UPDATE_EXPECT=1`).

use cacheplay::scenario::Scenario;
use std::path::Path;

#[test]
fn every_hostile_file_gets_a_message() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .expect("tests/hostile is there")
        .map(|entry| entry.expect("a listable entry").file_name())
        .filter_map(|name| name.into_string().ok())
        .filter(|name| name.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{names:?}");
    let mut messages = String::new();
    for name in names {
        let text = std::fs::read_to_string(folder.join(&name)).expect("a UTF-8 file");
        let outcome = std::panic::catch_unwind(|| Scenario::from_json(&text));
        let message = match outcome {
            Ok(Err(error)) => error.to_string(),
            Ok(Ok(_)) => panic!("{name}: opened as a valid scenario"),
            Err(_) => panic!("{name}: panicked"),
        };
        assert!(message.len() < 1_000, "{name}: {message}");
        messages.push_str(&format!(
            "{name}\n    {}\n",
            message.replace('\n', "\n    ")
        ));
    }
    expect_test::expect_file!["../hostile/messages.txt"].assert_eq(&messages);
}
