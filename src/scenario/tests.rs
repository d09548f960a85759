//! Validation, parsing and preset tests.

use super::*;

fn invalid_fields(scenario: &Scenario) -> Vec<String> {
    match scenario.validate() {
        Ok(()) => Vec::new(),
        Err(ScenarioError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
        Err(other) => panic!("validate only reports field errors: {other}"),
    }
}

#[test]
fn every_preset_validates_and_default_comes_first() {
    let presets = presets();
    assert_eq!(presets[0].name, "default");
    for preset in &presets {
        assert_eq!(preset.scenario.validate(), Ok(()), "{}", preset.name);
    }
    let names: Vec<_> = presets.iter().map(|p| p.name).collect();
    assert_eq!(names, ["default", "banking", "web-sessions", "cdn-edge"]);
    assert_eq!(
        preset("cdn-edge").map(|s| s.title),
        Some("CDN edge".to_string())
    );
    assert_eq!(preset("nope"), None);
}

#[test]
fn an_error_names_the_field_and_the_allowed_range() {
    let mut scenario = Scenario::default();
    scenario.workload.read_fraction = 1.5;
    assert_eq!(
        scenario.validate().unwrap_err().to_string(),
        "workload.read_fraction: must be between 0 and 1 (got 1.5)"
    );
}

#[test]
fn every_invalid_field_is_listed() {
    let mut scenario = Scenario {
        duration_s: f64::NAN,
        ..Scenario::default()
    };
    scenario.workload.n_keys = 0;
    scenario.servers.workers_per_instance = 0;
    scenario.store.read_latency = Latency::LogNormal {
        mean_ms: 5.0,
        p99_ms: 5.0,
    };
    scenario.store.write_latency = Latency::LogNormal {
        mean_ms: 1.0,
        p99_ms: 20.0,
    };
    scenario.title = "x".repeat(MAX_TITLE_CHARS + 1);
    assert_eq!(
        invalid_fields(&scenario),
        [
            "title",
            "duration_s",
            "workload.n_keys",
            "servers.workers_per_instance",
            "store.read_latency.p99_ms",
            "store.write_latency.p99_ms",
        ]
    );
}

#[test]
fn total_work_is_bounded() {
    // 10,000,000/s for 7 days is far beyond 2e9 requests; 1 ms samples over a day too many.
    let mut scenario = Scenario {
        duration_s: MAX_DURATION_S,
        sample_interval_ms: 1.0,
        ..Scenario::default()
    };
    scenario.workload.profile = LoadProfile::Constant {
        rate_per_s: MAX_RATE_PER_S,
    };
    assert_eq!(
        invalid_fields(&scenario),
        ["sample_interval_ms", "workload.profile"]
    );
}

#[test]
fn write_back_cannot_invalidate_on_write() {
    let mut scenario = preset("web-sessions").expect("exists");
    scenario.cache.invalidate_on_write = true;
    assert_eq!(invalid_fields(&scenario), ["cache.invalidate_on_write"]);
}

#[test]
fn parse_errors_give_the_field_path() {
    let error = Scenario::from_json(r#"{"cache": {"ttl": {"mode": "forever"}}}"#).unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with("not a valid scenario: cache.ttl.mode: unknown variant `forever`"),
        "{message}"
    );
    let error = Scenario::from_json(r#"{"workload": {"n_keys": -1}}"#).unwrap_err();
    assert!(error.to_string().contains("workload.n_keys"), "{error}");
    assert!(matches!(
        Scenario::from_json("{"),
        Err(ScenarioError::Parse(_))
    ));
}

#[test]
fn json_round_trip_keeps_every_preset() {
    for preset in presets() {
        let text = serde_json::to_string(&preset.scenario).expect("serializes");
        assert_eq!(
            Scenario::from_json(&text),
            Ok(preset.scenario),
            "{}",
            preset.name
        );
    }
}
