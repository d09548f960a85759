//! The declarations against `validate`, the schema, the docs and the form's behaviour.

use super::*;
use crate::scenario::choice::window;
use crate::scenario::presets::presets;
use crate::scenario::{schema, ScenarioError};
use crate::sim::autoscale::AutoscalerConfig;
use crate::sim::config::{Latency, LoadProfile, WriteBehind, WritePolicy};
use crate::sim::limiter::{GcraConfig, LeakyBucketConfig, RateUnit};
use serde_json::Value;

/// Every path the playground's field table had before the declarations moved here
/// (list items at index 0).
const PATHS_BEFORE: &[&str] = &[
    "workload.profile.kind",
    "workload.profile.rate_per_s",
    "workload.profile.from_per_s",
    "workload.profile.to_per_s",
    "workload.profile.base_per_s",
    "workload.profile.peak_per_s",
    "workload.profile.start_s",
    "workload.profile.length_s",
    "workload.profile.mean_per_s",
    "workload.profile.amplitude",
    "workload.profile.period_s",
    "workload.read_fraction",
    "workload.n_keys",
    "workload.popularity.kind",
    "workload.popularity.alpha",
    "workload.popularity.hot_key_fraction",
    "workload.popularity.hot_request_fraction",
    "workload.n_clients",
    "servers.instances",
    "servers.workers_per_instance",
    "servers.queue_capacity",
    "servers.service.kind",
    "servers.service.ms",
    "servers.service.mean_ms",
    "servers.service.p99_ms",
    "cache.capacity",
    "cache.eviction",
    "cache.eviction_params.s3fifo_small_fraction",
    "cache.eviction_params.s3fifo_ghost_fraction",
    "cache.eviction_params.two_q_kin_fraction",
    "cache.eviction_params.two_q_kout_fraction",
    "cache.eviction_params.lirs_hir_fraction",
    "cache.eviction_params.wtinylfu_window_fraction",
    "cache.eviction_params.wtinylfu_protected_fraction",
    "cache.eviction_params.wtinylfu_sample_factor",
    "cache.latency.kind",
    "cache.latency.ms",
    "cache.latency.mean_ms",
    "cache.latency.p99_ms",
    "cache.ttl.mode",
    "cache.ttl.ttl_ms",
    "cache.ttl.jitter_fraction",
    "cache.ttl.active_expiry",
    "cache.invalidate_on_write",
    "write_policy.kind",
    "write_policy.flush_interval_ms",
    "write_policy.batch_size",
    "write_policy.coalescing",
    "write_policy.queue_capacity",
    "write_policy.when_full",
    "store.read_latency.kind",
    "store.read_latency.ms",
    "store.read_latency.mean_ms",
    "store.read_latency.p99_ms",
    "store.write_latency.kind",
    "store.write_latency.ms",
    "store.write_latency.mean_ms",
    "store.write_latency.p99_ms",
    "store.max_concurrency",
    "store.batch_item_factor",
    "duration_s",
    "sample_interval_ms",
    "seed",
    "autoscaling.kind",
    "autoscaling.up_threshold",
    "autoscaling.up_for_s",
    "autoscaling.step_up",
    "autoscaling.down_threshold",
    "autoscaling.down_for_s",
    "autoscaling.step_down",
    "autoscaling.min_instances",
    "autoscaling.max_instances",
    "autoscaling.cooldown_s",
    "autoscaling.min_replicas",
    "autoscaling.max_replicas",
    "autoscaling.target_utilization_pct",
    "autoscaling.tolerance",
    "autoscaling.sync_period_s",
    "autoscaling.provision_delay_s",
    "autoscaling.scale_up.stabilization_window_s",
    "autoscaling.scale_up.select_policy",
    "autoscaling.scale_down.stabilization_window_s",
    "autoscaling.scale_down.select_policy",
    "autoscaling.scale_up.policies[0].type",
    "autoscaling.scale_up.policies[0].value",
    "autoscaling.scale_up.policies[0].period_s",
    "autoscaling.scale_down.policies[0].type",
    "autoscaling.scale_down.policies[0].value",
    "autoscaling.scale_down.policies[0].period_s",
    "rate_limits.tiers[0].scope",
    "rate_limits.tiers[0].limit.kind",
    "rate_limits.tiers[0].limit.burst",
    "rate_limits.tiers[0].limit.rate.count",
    "rate_limits.tiers[0].limit.rate.period_ms",
    "rate_limits.tiers[0].limit.tokens_per_fill",
    "rate_limits.tiers[0].limit.fill_interval_ms",
    "rate_limits.tiers[0].limit.rate",
    "rate_limits.tiers[0].limit.unit",
    "rate_limits.tiers[0].limit.nodelay",
    "rate_limits.tiers[0].limit.delay",
    "faults[0].kind",
    "faults[0].start_s",
    "faults[0].end_s",
    "faults[0].mode",
    "faults[0].write_retries",
    "faults[0].factor",
    "faults[0].extra_ms",
    "faults[0].at_s",
    "faults[0].restart_s",
];

#[test]
fn every_field_the_form_had_is_declared() {
    let scenario = Scenario::default();
    for path in PATHS_BEFORE {
        let (field, at) = find(path).unwrap_or_else(|| panic!("{path} is not declared"));
        assert_eq!(field.path(at), *path);
        let _ = field.applies(&scenario, at);
    }
    // And nothing else: every declaration was a field of the form.
    let declared: usize = registry().len();
    let before_plain = PATHS_BEFORE
        .iter()
        .filter(|p| List::of_path(p).is_none())
        .count();
    let before_items: std::collections::BTreeSet<&str> = PATHS_BEFORE
        .iter()
        .filter_map(|p| List::of_path(p).map(|(_, _, rest)| rest))
        .collect();
    let items = registry().iter().filter(|f| f.item.is_some()).count();
    assert_eq!(declared - items, before_plain);
    assert_eq!(items, before_items.len());
}

#[test]
fn paths_are_unique_and_every_group_has_fields() {
    let keys: std::collections::BTreeSet<(Option<Item>, &str)> =
        registry().iter().map(|f| (f.item, f.name)).collect();
    assert_eq!(keys.len(), registry().len());
    for group in Group::ALL {
        assert!(registry().iter().any(|f| f.group == group), "{group:?}");
    }
    for field in registry() {
        assert!(!field.help.is_empty(), "{} has no help", field.name);
    }
}

#[test]
fn defaults_are_the_default_scenarios_values() {
    // A field with no condition reads its default from `Scenario::default()`, which its
    // example is; a field with one applies once its condition is chosen.
    for field in registry() {
        let (scenario, at) = example(field);
        assert!(field.applies(&scenario, at), "{}", field.name);
        if field.when.is_empty() && field.item.is_none() {
            assert_eq!(scenario, Scenario::default(), "{}", field.name);
            assert!(field.applies(&Scenario::default(), None), "{}", field.name);
        }
    }
}

#[test]
fn conditions_say_when_a_field_applies() {
    // Choosing any option outside a condition's list makes the field not apply.
    for field in registry() {
        let (scenario, at) = example(field);
        for (path, options) in field.when {
            let full = match at {
                Some((list, index)) => format!("{}[{index}].{path}", list.path()),
                None => path.to_string(),
            };
            let (choice, _) = find(&full).expect("a declared condition");
            let others: Vec<String> = match &choice.kind {
                Kind::Choice { options: all, .. } => all()
                    .into_iter()
                    .map(|(name, _)| name.to_string())
                    .filter(|name| !options.contains(&name.as_str()))
                    .collect(),
                Kind::Toggle { .. } => ["true", "false"]
                    .into_iter()
                    .filter(|name| !options.contains(name))
                    .map(str::to_string)
                    .collect(),
                Kind::Number { .. } => panic!("{full} is not a choice"),
            };
            for other in others {
                let changed = apply(&scenario, &full, &other).expect("a known option");
                assert!(
                    !field.applies(&changed, at),
                    "{} with {full} = {other}",
                    field.name
                );
            }
        }
    }
}

/// The errors `validate` reports at `path`.
fn errors_at(scenario: &Scenario, path: &str) -> Vec<String> {
    match scenario.validate_edit(Some(path)) {
        Ok(()) => Vec::new(),
        Err(ScenarioError::Invalid(errors)) => errors
            .into_iter()
            .filter(|e| e.field == path)
            .map(|e| e.message)
            .collect(),
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn every_number_has_the_same_bounds_in_the_form_and_in_validate() {
    // At each bound, just inside and just outside it, the form's parser and `validate`
    // agree, on a scenario where the field applies. A moment of the run is bounded by
    // the run (60 s here) in `validate` only. Inside the range, a rule across fields
    // may still object (a minimum above the maximum); the range itself may not.
    for field in registry() {
        let Kind::Number {
            range, get, set, ..
        } = &field.kind
        else {
            continue;
        };
        let (scenario, at) = example(field);
        let path = field.path(at);
        let step = |bound: f64| {
            if range.integer {
                1.0
            } else {
                (bound.abs() * 1e-9).max(1e-9)
            }
        };
        let max = if range.within_run {
            scenario.duration_s
        } else {
            range.max
        };
        let mut inside = vec![range.max.min(max) - step(max), range.min + step(range.min)];
        let mut outside = vec![range.min - step(range.min)];
        if range.min_open {
            outside.push(range.min);
        } else {
            inside.push(range.min);
        }
        if max.is_finite() {
            inside.push(max);
            if max + step(max) > max {
                outside.push(max + step(max));
            }
        } else {
            inside.retain(|v| v.is_finite());
        }
        for value in inside {
            let mut edited = scenario.clone();
            set(&mut edited, at, value);
            assert_eq!(get(&edited, at), Some(value), "{path} = {value}");
            assert_eq!(
                parse_number(&editable(value), range),
                Ok(value),
                "{path} = {value}"
            );
            let range_error = format!("{} (got {value})", range.describe(max));
            assert!(
                !errors_at(&edited, &path).contains(&range_error),
                "{path} = {value}"
            );
        }
        for value in outside {
            let mut edited = scenario.clone();
            set(&mut edited, at, value);
            if get(&edited, at) != Some(value) {
                // Not representable (an unsigned below 0): serde refuses it before validate.
                continue;
            }
            assert!(
                !errors_at(&edited, &path).is_empty(),
                "{path} = {value} passes validate"
            );
            if !(range.within_run && value <= range.max) {
                assert!(
                    parse_number(&editable(value), range).is_err(),
                    "{path} = {value} parses"
                );
            }
        }
    }
}

#[test]
fn the_schema_states_the_declared_bounds() {
    let schema = schema::json_schema();
    for field in registry() {
        let Kind::Number { range, .. } = &field.kind else {
            continue;
        };
        let lists: Vec<String> = List::ALL
            .into_iter()
            .filter(|l| Some(l.item()) == field.item)
            .map(|l| format!("{}.[]", l.path()))
            .collect();
        let prefixes = if field.item.is_some() {
            lists
        } else {
            vec![String::new()]
        };
        for prefix in prefixes {
            let path: Vec<String> = format!("{prefix}.{}", field.name)
                .split('.')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let mut nodes = Vec::new();
            schema::find_numbers(&schema, String::new(), &path, &mut nodes);
            assert!(!nodes.is_empty(), "{}", field.name);
            for pointer in nodes {
                let node = schema.pointer(&pointer).expect("found");
                let (min_key, other) = if range.min_open {
                    ("exclusiveMinimum", "minimum")
                } else {
                    ("minimum", "exclusiveMinimum")
                };
                assert_eq!(node[min_key].as_f64(), Some(range.min), "{pointer}");
                assert!(node.get(other).is_none(), "{pointer}");
                assert_eq!(
                    node["maximum"].as_f64(),
                    range.max.is_finite().then_some(range.max),
                    "{pointer}"
                );
            }
        }
    }
}

/// Whether `value` conforms to `node`, for the subset of draft-07 the schema uses.
fn conforms(root: &Value, node: &Value, value: &Value) -> Result<(), String> {
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        let target = root
            .pointer(reference.trim_start_matches('#'))
            .ok_or("bad $ref")?;
        conforms(root, target, value)?;
    }
    if let Some(all) = node.get("allOf").and_then(Value::as_array) {
        for branch in all {
            conforms(root, branch, value)?;
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = node.get(key).and_then(Value::as_array) {
            let ok = branches
                .iter()
                .filter(|b| conforms(root, b, value).is_ok())
                .count();
            if ok == 0 || (key == "oneOf" && ok > 1) {
                return Err(format!("{key}: {ok} branches match {value}"));
            }
        }
    }
    if let Some(options) = node.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            return Err(format!("{value} not in {options:?}"));
        }
    }
    if let Some(types) = node.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            "integer" => value.as_f64().is_some_and(|v| v.fract() == 0.0),
            "number" => value.is_number(),
            _ => false,
        });
        if !ok {
            return Err(format!("{value} is not {types:?}"));
        }
    }
    if let Some(v) = value.as_f64() {
        let below = node
            .get("minimum")
            .and_then(Value::as_f64)
            .is_some_and(|m| v < m);
        let at_or_below = node
            .get("exclusiveMinimum")
            .and_then(Value::as_f64)
            .is_some_and(|m| v <= m);
        let above = node
            .get("maximum")
            .and_then(Value::as_f64)
            .is_some_and(|m| v > m);
        if below || at_or_below || above {
            return Err(format!("{v} out of bounds"));
        }
    }
    if let Some(object) = value.as_object() {
        let properties = node.get("properties").and_then(Value::as_object);
        if let Some(properties) = properties {
            for (key, schema) in properties {
                if let Some(v) = object.get(key) {
                    conforms(root, schema, v).map_err(|e| format!("{key}: {e}"))?;
                }
            }
        }
        if let Some(required) = node.get("required").and_then(Value::as_array) {
            for key in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(key) {
                    return Err(format!("{key} is required"));
                }
            }
        }
        if node.get("additionalProperties") == Some(&Value::Bool(false)) {
            let known = |key: &String| properties.is_some_and(|p| p.contains_key(key));
            if let Some(key) = object.keys().find(|k| !known(k)) {
                return Err(format!("{key} is not allowed"));
            }
        }
    }
    if let (Some(items), Some(array)) = (node.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate() {
            conforms(root, items, v).map_err(|e| format!("[{i}]: {e}"))?;
        }
    }
    Ok(())
}

#[test]
fn every_preset_conforms_to_the_schema() {
    let schema = schema::json_schema();
    let mut scenarios: Vec<(String, Scenario)> = presets()
        .into_iter()
        .map(|p| (p.name.to_string(), p.scenario))
        .collect();
    // And one with every list and variant the presets may lack.
    for field in registry() {
        let (scenario, _) = example(field);
        scenarios.push((field.name.to_string(), scenario));
    }
    for (name, scenario) in scenarios {
        let value = serde_json::to_value(&scenario).expect("serializes");
        conforms(&schema, &schema, &value).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    // A value out of range does not.
    let mut value = serde_json::to_value(Scenario::default()).unwrap();
    value["workload"]["read_fraction"] = serde_json::json!(1.5);
    assert!(conforms(&schema, &schema, &value).is_err());
}

#[test]
fn fields_reference() {
    expect_test::expect_file!["../../../docs/fields.md"].assert_eq(&reference_markdown());
}

#[test]
fn every_shown_field_round_trips_its_own_text() {
    // Each shown field's text, typed back in, gives the same scenario, in every preset.
    for preset in presets() {
        let scenario = preset.scenario;
        for (field, at) in instances(&scenario) {
            if !field.applies(&scenario, at) {
                continue;
            }
            let path = field.path(at);
            let again = apply(&scenario, &path, &field.text(&scenario, at))
                .unwrap_or_else(|e| panic!("{}: {path}: {e}", preset.name));
            assert_eq!(again, scenario, "{}: {path}", preset.name);
        }
    }
}

#[test]
fn numbers_parse_as_people_type_them() {
    let range = Range::whole(1.0, 1_000_000.0);
    assert_eq!(parse_number(" 2_000 ", &range), Ok(2_000.0));
    assert_eq!(parse_number("1e3", &range), Ok(1_000.0));
    assert_eq!(parse_number("", &range), Err("enter a number".to_string()));
    assert_eq!(
        parse_number("abc", &range),
        Err("must be a number, like 12 or 0.5".to_string())
    );
    assert_eq!(
        parse_number("2.5", &range),
        Err("must be a whole number".to_string())
    );
    assert_eq!(
        parse_number("inf", &range),
        Err("must be a finite number".to_string())
    );
    assert_eq!(
        parse_number("0", &range),
        Err("must be between 1 and 1000000".to_string())
    );
    assert_eq!(
        parse_number("0", &Range::positive(600_000.0)),
        Err("must be greater than 0 and at most 600000".to_string())
    );
}

#[test]
fn a_bad_value_names_the_range_and_leaves_the_scenario_alone() {
    let scenario = Scenario::default();
    assert_eq!(
        apply(&scenario, "workload.read_fraction", "1.5"),
        Err("must be between 0 and 1".to_string())
    );
    assert_eq!(
        apply(&scenario, "workload.read_fraction", "0.5").map(|s| s.workload.read_fraction),
        Ok(0.5)
    );
}

#[test]
fn variant_fields_follow_the_chosen_kind() {
    let scenario = Scenario::default();
    // The demo is write-through: no write-behind rows until the policy is write-back.
    assert!(!find("write_policy.batch_size")
        .unwrap()
        .0
        .applies(&scenario, None));
    assert!(apply(&scenario, "write_policy.batch_size", "10").is_err());
    let back = apply(&scenario, "write_policy.kind", "back").unwrap();
    assert_eq!(back.write_policy, WritePolicy::Back(WriteBehind::default()));
    let back = apply(&back, "write_policy.batch_size", "10").unwrap();
    assert!(matches!(&back.write_policy, WritePolicy::Back(b) if b.batch_size == 10));
    assert_eq!(
        apply(&back, "write_policy.kind", "sideways"),
        Err("must be one of through, back, around".to_string())
    );
}

#[test]
fn switching_load_profile_keeps_the_mean_rate() {
    // The demo is constant 2000 req/s; a ramp goes from 1000 to 4000.
    let ramp = apply(&Scenario::default(), "workload.profile.kind", "ramp").unwrap();
    assert_eq!(
        ramp.workload.profile,
        LoadProfile::Ramp {
            from_per_s: 1_000.0,
            to_per_s: 4_000.0
        }
    );
    assert!(!find("workload.profile.rate_per_s")
        .unwrap()
        .0
        .applies(&ramp, None));
    assert!(find("workload.profile.to_per_s")
        .unwrap()
        .0
        .applies(&ramp, None));
}

#[test]
fn switching_latency_kind_keeps_the_mean() {
    // Service time is log-normal mean 2 ms; as a constant it is 2 ms.
    let constant = apply(&Scenario::default(), "servers.service.kind", "constant").unwrap();
    assert_eq!(constant.servers.service, Latency::Constant { ms: 2.0 });
    let back = apply(&constant, "servers.service.kind", "log_normal").unwrap();
    assert_eq!(
        back.servers.service,
        Latency::LogNormal {
            mean_ms: 2.0,
            p99_ms: 8.0
        }
    );
}

#[test]
fn toggles_take_on_and_off() {
    let on = apply(&Scenario::default(), "cache.invalidate_on_write", "true").unwrap();
    assert!(on.cache.invalidate_on_write);
    assert!(apply(&on, "cache.invalidate_on_write", "maybe").is_err());
}

#[test]
fn item_paths_name_their_list_and_index() {
    assert_eq!(
        List::of_path("rate_limits.tiers[3].limit.rate.count"),
        Some((List::Tiers, 3, "limit.rate.count"))
    );
    assert_eq!(
        List::of_path("faults[0].start_s"),
        Some((List::Faults, 0, "start_s"))
    );
    assert_eq!(
        List::of_path("autoscaling.scale_down.policies[1].period_s"),
        Some((List::ScaleDown, 1, "period_s"))
    );
    assert_eq!(
        List::of_path("autoscaling.scale_up.stabilization_window_s"),
        None
    );
    assert_eq!(List::of_path("faults"), None);
    // An item that is not there does not apply.
    assert!(apply(&Scenario::default(), "faults[0].start_s", "1").is_err());
}

#[test]
fn added_items_are_valid_and_removable() {
    let mut scenario = apply(&Scenario::default(), "autoscaling.kind", "target_tracking")
        .expect("target tracking applies");
    for list in List::ALL {
        let before = list.len(&scenario).expect("the list applies");
        scenario = add(&scenario, list).expect("room for one more");
        assert_eq!(scenario.validate(), Ok(()), "{list:?}");
        assert_eq!(list.len(&scenario), Some(before + 1));
        let removed = remove(&scenario, list, before).expect("the new item");
        assert_eq!(list.len(&removed), Some(before));
        assert!(remove(&scenario, list, before + 1).is_none());
    }
}

#[test]
fn a_full_list_takes_no_more() {
    let mut scenario = Scenario::default();
    for _ in 0..List::Faults.max() {
        scenario = add(&scenario, List::Faults).expect("room");
    }
    assert!(add(&scenario, List::Faults).is_none());
    // HPA policies do not apply without target tracking.
    assert!(add(&Scenario::default(), List::ScaleUp).is_none());
}

#[test]
fn switching_the_algorithm_keeps_the_rate() {
    // The demo offers 2,000 req/s, so a new tier holds 3,000 per 1000 ms; nginx counts it
    // as 3000 r/s.
    let scenario = add(&Scenario::default(), List::Tiers).expect("room");
    let path = "rate_limits.tiers[0].limit.kind";
    let nginx = apply(&scenario, path, "leaky_bucket").expect("a known algorithm");
    assert_eq!(
        nginx.rate_limits.tiers[0].limit,
        Algorithm::LeakyBucket(LeakyBucketConfig {
            rate: 3_000,
            ..LeakyBucketConfig::default()
        })
    );
    // 3000 r/s as a GCRA is 3000 per second again.
    let gcra = apply(&nginx, path, "gcra").expect("a known algorithm");
    assert_eq!(
        gcra.rate_limits.tiers[0].limit,
        Algorithm::Gcra(GcraConfig {
            rate: Rate::per_second(3_000),
            burst: None
        })
    );
    assert!(apply(&scenario, path, "sliding_window").is_err());
}

#[test]
fn a_slow_limit_becomes_requests_per_minute_in_nginx() {
    // 1 per 10 s is 0.1 r/s, which nginx writes as 6r/m.
    let mut scenario = add(&Scenario::default(), List::Tiers).expect("room");
    scenario = apply(
        &scenario,
        "rate_limits.tiers[0].limit.rate.period_ms",
        "10000",
    )
    .and_then(|s| apply(&s, "rate_limits.tiers[0].limit.rate.count", "1"))
    .expect("valid values");
    let nginx = apply(&scenario, "rate_limits.tiers[0].limit.kind", "leaky_bucket")
        .expect("a known algorithm");
    match nginx.rate_limits.tiers[0].limit {
        Algorithm::LeakyBucket(n) => assert_eq!((n.rate, n.unit), (6, RateUnit::PerMinute)),
        ref other => panic!("not a leaky bucket: {other:?}"),
    }
}

#[test]
fn switching_the_fault_kind_keeps_the_window() {
    // The demo runs 60 s; a new fault covers 24 s to 36 s.
    let scenario = add(&Scenario::default(), List::Faults).expect("room");
    assert_eq!(window(&scenario.faults[0]), (24.0, 36.0));
    let crash = apply(&scenario, "faults[0].kind", "cache_crash").expect("known kind");
    assert_eq!(
        crash.faults[0],
        Fault::CacheCrash {
            at_s: 24.0,
            restart_s: 12.0
        }
    );
    assert_eq!(window(&crash.faults[0]), (24.0, 36.0));
}

#[test]
fn a_dragged_fault_keeps_its_length_inside_the_run() {
    // The demo runs 60 s; the new outage covers 24 to 36 s (12 s long).
    let scenario = add(&Scenario::default(), List::Faults).expect("room");
    let span = |s: &Scenario| window(&s.faults[0]);
    // Middle at 10.4 s: starts at 4.4 s, rounded to 4.
    let moved = move_fault(&scenario, 0, 10.4).expect("fault 0");
    assert_eq!(span(&moved), (4.0, 16.0));
    // Past either end it stops at the edge: 48 to 60 s, and 0 to 12 s.
    assert_eq!(
        span(&move_fault(&scenario, 0, 100.0).unwrap()),
        (48.0, 60.0)
    );
    assert_eq!(span(&move_fault(&scenario, 0, -5.0).unwrap()), (0.0, 12.0));
    assert_eq!(moved.validate(), Ok(()));
    assert!(move_fault(&scenario, 1, 10.0).is_none());
    // A crash moves its moment; its restart delay stays.
    let crash = apply(&scenario, "faults[0].kind", "cache_crash").expect("known kind");
    assert_eq!(span(&move_fault(&crash, 0, 50.0).unwrap()), (50.0, 62.0));
}

#[test]
fn autoscaling_switches_bound_the_current_pool() {
    // The demo has 4 instances: bounds 4..16.
    let scenario = Scenario::default();
    let on = apply(&scenario, "autoscaling.kind", "threshold").expect("known kind");
    match &on.autoscaling {
        Some(AutoscalerConfig::Threshold(t)) => {
            assert_eq!((t.min_instances, t.max_instances), (4, 16));
        }
        other => panic!("not threshold: {other:?}"),
    }
    assert_eq!(on.validate(), Ok(()));
    let off = apply(&on, "autoscaling.kind", "off").expect("known kind");
    assert_eq!(off.autoscaling, None);
}

#[test]
fn a_rule_between_two_fields_reports_on_the_edited_one() {
    // Threshold bounds 4..16; a minimum of 20 is above the maximum.
    let on = apply(&Scenario::default(), "autoscaling.kind", "threshold").unwrap();
    let mut bad = on.clone();
    if let Some(AutoscalerConfig::Threshold(t)) = &mut bad.autoscaling {
        t.min_instances = 20;
    }
    let fields_of = |edited: Option<&str>| match bad.validate_edit(edited) {
        Err(ScenarioError::Invalid(errors)) => errors
            .into_iter()
            .map(|e| (e.field, e.label, e.message))
            .collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        fields_of(None),
        [(
            "autoscaling.min_instances".to_string(),
            "Fewest instances".to_string(),
            "must be at most “Most instances” (16) (got 20)".to_string()
        )]
    );
    assert_eq!(
        fields_of(Some("autoscaling.max_instances")),
        [(
            "autoscaling.max_instances".to_string(),
            "Most instances".to_string(),
            "must be at least “Fewest instances” (20) (got 16)".to_string()
        )]
    );
}

#[test]
fn errors_carry_the_label_the_form_shows() {
    let labels = |scenario: &Scenario| match scenario.validate() {
        Err(ScenarioError::Invalid(errors)) => errors
            .into_iter()
            .map(|e| (e.field, e.label))
            .collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    let mut scenario = add(&Scenario::default(), List::Faults).expect("room");
    if let Fault::StoreOutage { write_retries, .. } = &mut scenario.faults[0] {
        *write_retries = 11;
    }
    assert_eq!(
        labels(&scenario),
        [(
            "faults[0].write_retries".to_string(),
            "Fault 1: Write retries".to_string()
        )]
    );
    // The default HPA has 2 scale-up policies; 8 more make 10, the most, and one more is
    // too many.
    let mut scenario = apply(&Scenario::default(), "autoscaling.kind", "target_tracking").unwrap();
    for _ in 0..8 {
        scenario = add(&scenario, List::ScaleUp).expect("room");
    }
    hpa_mut(&mut scenario)
        .unwrap()
        .scale_up
        .policies
        .push(ScalingPolicy {
            kind: PolicyType::Pods,
            value: 1,
            period_s: 60,
        });
    assert_eq!(
        labels(&scenario),
        [(
            "autoscaling.scale_up.policies".to_string(),
            "Scale-up policies".to_string()
        )]
    );
}

#[test]
fn a_new_tier_admits_the_offered_traffic() {
    // Half again the peak, rounded up to two significant digits, never below 1,000.
    assert_eq!(roomy_rate(2_000.0), 3_000);
    assert_eq!(roomy_rate(1_234.0), 1_900);
    assert_eq!(roomy_rate(10.0), 1_000);
    assert_eq!(roomy_rate(1e12), MAX_LIMITER_COUNT);
    // The demo's 2,000 req/s meets a tier of 3,000 req/s with a burst of 300.
    let scenario = add(&Scenario::default(), List::Tiers).expect("room");
    assert_eq!(
        scenario.rate_limits.tiers[0].limit,
        Algorithm::TokenBucket(TokenBucketConfig::Continuous {
            burst: 300,
            rate: Rate::per_second(3_000),
        })
    );
    // Run, the tier rejects nothing: the limit is there to be lowered.
    let summary = crate::sim::run(&scenario.config()).summary;
    assert_eq!(summary.rate_limited_reads, 0);
    assert_eq!(summary.dropped_writes.rate_limited, 0);
}
