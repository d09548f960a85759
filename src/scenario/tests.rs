//! Validation, parsing and preset tests.

use super::*;
use crate::sim::autoscale::{HpaConfig, ThresholdConfig};
use crate::sim::config::{Latency, LoadProfile};
use crate::sim::limiter::{Algorithm, Scope};

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
    assert_eq!(
        names,
        [
            "default",
            "banking",
            "web-sessions",
            "cdn-edge",
            "flash-sale",
            "db-outage",
            "cache-crash"
        ]
    );
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

#[test]
fn traffic_and_fault_fields_parse_with_defaults_and_validate() {
    // Absent, they mean no limiting, no autoscaling, no faults: old share links still load.
    let scenario = Scenario::from_json("{}").expect("the default");
    assert_eq!(
        (
            scenario.rate_limits.tiers.len(),
            scenario.autoscaling,
            scenario.faults.len()
        ),
        (0, None, 0)
    );
    let text = r#"{
        "duration_s": 10,
        "rate_limits": {"tiers": [{"scope": "per_client", "limit":
            {"kind": "token_bucket", "refill": "continuous", "burst": 10,
             "rate": {"count": 5, "period_ms": 1000}}}]},
        "autoscaling": {"kind": "threshold", "min_instances": 1, "max_instances": 4},
        "faults": [
            {"kind": "store_outage", "start_s": 1, "end_s": 2, "mode": "hang"},
            {"kind": "cache_crash", "at_s": 5, "restart_s": 1}
        ]
    }"#;
    let scenario = Scenario::from_json(text).expect("valid");
    assert_eq!(scenario.faults.len(), 2);
    let late = text.replace("\"at_s\": 5", "\"at_s\": 11");
    assert_eq!(
        Scenario::from_json(&late).map(|_| ()),
        Err(ScenarioError::Invalid(vec![FieldError {
            field: "faults[1].at_s".to_string(),
            label: "Fault 2: At".to_string(),
            message: "must be between 0 and 10 (got 11)".to_string()
        }]))
    );
    let typo = text.replace("restart_s", "restart");
    assert!(matches!(
        Scenario::from_json(&typo),
        Err(ScenarioError::Parse(_))
    ));
}

#[test]
fn per_client_limiter_state_is_bounded() {
    use crate::sim::limiter::{GcraConfig, Tier};
    let tier = Tier {
        scope: Scope::PerClient,
        limit: Algorithm::Gcra(GcraConfig::default()),
    };
    let mut scenario = Scenario {
        rate_limits: LimiterConfig {
            tiers: vec![tier.clone(), tier],
        },
        ..Scenario::default()
    };
    scenario.workload.n_clients = 500_000;
    assert_eq!(invalid_fields(&scenario), Vec::<String>::new());
    scenario.workload.n_clients = 500_001;
    assert_eq!(invalid_fields(&scenario), ["rate_limits.tiers"]);
}

#[test]
fn autoscaler_bounds_and_thresholds_are_checked() {
    let mut scenario = Scenario {
        autoscaling: Some(AutoscalerConfig::Threshold(ThresholdConfig {
            up_threshold: 0.3,
            down_threshold: 0.5,
            min_instances: 0,
            ..ThresholdConfig::default()
        })),
        ..Scenario::default()
    };
    assert_eq!(
        invalid_fields(&scenario),
        ["autoscaling.down_threshold", "autoscaling.min_instances"]
    );
    scenario.autoscaling = Some(AutoscalerConfig::TargetTracking(HpaConfig {
        target_utilization_pct: 0,
        sync_period_s: 0,
        ..HpaConfig::default()
    }));
    assert_eq!(
        invalid_fields(&scenario),
        [
            "autoscaling.target_utilization_pct",
            "autoscaling.sync_period_s"
        ]
    );
}
