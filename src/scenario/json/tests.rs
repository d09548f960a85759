//! Strict scenario files and innermost error paths.

use super::*;

fn message(text: &str) -> String {
    match parse(text) {
        Err(ScenarioError::Parse(message)) => message,
        other => panic!("{text}: expected a parse error, got {other:?}"),
    }
}

#[test]
fn one_object_and_nothing_after_it() {
    let trailing = message(r#"{"title":"mine","duration_s":5}, "cache":{"capacity":0}}"#);
    assert_eq!(
        trailing,
        "text after the scenario's closing `}` at line 1 column 32: a scenario file holds one \
         JSON object and nothing after it"
    );
    assert!(
        message("{}\n{}").starts_with("text after the scenario's closing `}` at line 2 column 1")
    );
    assert_eq!(
        message("[]"),
        "a scenario is one JSON object, `{…}`, not an array"
    );
    assert_eq!(
        message("[{}]"),
        "a scenario is one JSON object, `{…}`, not an array"
    );
    assert_eq!(
        message("5"),
        "a scenario is one JSON object, `{…}`, not a number"
    );
    assert_eq!(
        message("null"),
        "a scenario is one JSON object, `{…}`, not null"
    );
    assert!(message(" \n ").starts_with("the file is empty"));
    assert!(message("").starts_with("the file is empty"));
    // Whitespace after the object is fine, and so is a byte-order mark before it.
    assert_eq!(parse("{}\n\n  \t"), Ok(Scenario::default()));
    assert_eq!(parse("\u{feff}{}\n"), Ok(Scenario::default()));
    assert!(message("\u{feff}\u{feff}{}").contains("line 1 column 1"));
}

#[test]
fn errors_inside_tagged_enums_name_the_innermost_field() {
    let cases = [
        (
            r#"{"write_policy": {"kind": "back", "flush_interval_ms": "soon"}}"#,
            "write_policy.flush_interval_ms: invalid type: string \"soon\", expected f64",
        ),
        (
            r#"{"write_policy": {"kind": "back", "flush_interval": 5}}"#,
            "write_policy.flush_interval: unknown field `flush_interval`, expected one of \
             `flush_interval_ms`, `batch_size`, `coalescing`, `queue_capacity`, `when_full`",
        ),
        (
            r#"{"write_policy": {"kind": "behind"}}"#,
            "write_policy.kind: unknown variant `behind`, expected one of `through`, `back`, \
             `around` at line 1 column 34",
        ),
        (
            r#"{"store": {"read_latency": {"kind": "log_normal", "mean_ms": 5, "p99_ms": [9]}}}"#,
            "store.read_latency.p99_ms: invalid type: sequence, expected f64",
        ),
        (
            r#"{"rate_limits": {"tiers": [{"limit": {"kind": "gcra",
                "rate": {"count": -1, "period_ms": 1000}}}]}}"#,
            "rate_limits.tiers[0].limit.rate.count: invalid value: integer `-1`, expected u32",
        ),
        (
            r#"{"rate_limits": {"tiers": [{"limit": {"kind": "token_bucket",
                "refill": "sometimes", "burst": 1}}]}}"#,
            "rate_limits.tiers[0].limit.refill: unknown variant `sometimes`, expected \
             `continuous` or `discrete`",
        ),
        (
            r#"{"autoscaling": {"kind": "target_tracking", "scale_up": {"policies": [
                {"type": "Pods", "value": 1, "period_s": 60},
                {"type": "Pods", "value": true, "period_s": 60}]}}}"#,
            "autoscaling.scale_up.policies[1].value: invalid type: boolean `true`, expected u32",
        ),
        (
            r#"{"faults": [{"kind": "cache_crash", "at_s": 1, "restart_s": 1},
                {"kind": "store_outage", "start_s": 1, "end_s": 2, "mode": "explode"}]}"#,
            "faults[1].mode: unknown variant `explode`, expected `fail` or `hang`",
        ),
        // A missing field is named in the message; the path stays at its object.
        (
            r#"{"workload": {"profile": {"kind": "constant"}}}"#,
            "workload.profile: missing field `rate_per_s` at line 1 column 46",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(message(text), expected, "{text}");
    }
}

#[test]
fn errors_outside_tagged_enums_keep_their_line_and_column() {
    assert_eq!(
        message(r#"{"workload": {"n_keys": -1}}"#),
        "workload.n_keys: invalid value: integer `-1`, expected u32 at line 1 column 26"
    );
    assert_eq!(
        message(r#"{"cache": {"capacity": 1e308}}"#),
        "cache.capacity: invalid type: floating point `1e+308`, expected u32 at line 1 column 28"
    );
}

#[test]
fn a_huge_object_is_not_searched_member_by_member() {
    let members: Vec<String> = (0..10_000).map(|i| format!("\"m{i}\": {i}")).collect();
    let text = format!(
        r#"{{"write_policy": {{"kind": "back", {}}}}}"#,
        members.join(", ")
    );
    assert!(message(&text).starts_with("write_policy: unknown field `m0`"));
}

#[test]
fn numbers_in_messages_are_readable() {
    assert_eq!(
        Scenario::from_json(r#"{"duration_s": 1e308}"#).map(|_| ()),
        Err(ScenarioError::Invalid(vec![super::super::FieldError {
            field: "duration_s".to_string(),
            label: "Duration".to_string(),
            message: "must be between 0.001 and 604800 (got 1e308)".to_string(),
        }]))
    );
    assert_eq!(
        message(r#"{"seed": 1e300}"#),
        "seed: invalid type: floating point `1e+300`, expected u64 at line 1 column 14"
    );
}

#[test]
fn a_deep_nest_is_searched_within_a_budget() {
    let row = |inner: &str| format!("[{}]", vec![inner; 20].join(","));
    let mut nest = "1".to_string();
    for _ in 0..4 {
        nest = row(&nest);
    }
    let text = format!(r#"{{"faults": [{{"kind": "cache_crash", "at_s": {nest}}}]}}"#);
    assert!(
        message(&text).starts_with("faults[0]"),
        "{}",
        message(&text)
    );
}
