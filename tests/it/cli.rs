//! The `cacheplay` binary as a user runs it: output shapes, and bad input turned into a
//! clear message and a non-zero exit, never a panic.

use cacheplay::scenario::{presets, Scenario};
use std::process::{Command, Output};

/// Runs the built `cacheplay` with `args` (shared by the other CLI test modules).
pub fn cacheplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cacheplay"))
        .args(args)
        .output()
        .expect("the cacheplay binary runs")
}

/// The standard output of a run that must have succeeded.
pub fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "cacheplay failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// Sorted keys of a JSON object.
fn keys(value: &serde_json::Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("a JSON object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

/// Writes `text` to a fresh file under cargo's per-test scratch directory.
fn scratch_file(name: &str, text: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).expect("the scratch directory is writable");
    path.to_str().expect("a UTF-8 path").to_string()
}

#[test]
fn run_json_is_one_object_with_every_summary_key() {
    let text = stdout(&cacheplay(&["run", "default", "--duration-s", "1"]));
    assert_eq!(text.lines().count(), 1, "{text}");
    let summary: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    // The interface promises these keys; the engine may report more.
    let summary_keys = keys(&summary);
    for key in [
        "requests",
        "reads",
        "writes",
        "hits",
        "misses",
        "hit_ratio",
        "read_latency_ms",
        "write_latency_ms",
        "consistency_lag_ms",
        "stale_reads",
        "rejected_requests",
        "dropped_writes",
        "store_reads",
        "store_writes",
        "coalesced_writes",
        "evictions",
        "expirations",
        "digest",
    ] {
        assert!(
            summary_keys.contains(&key),
            "no {key:?} in {summary_keys:?}"
        );
    }
    assert_eq!(
        keys(&summary["read_latency_ms"]),
        ["max", "p50", "p95", "p99"]
    );
    assert_eq!(
        keys(&summary["write_latency_ms"]),
        ["max", "p50", "p95", "p99"]
    );
    assert_eq!(keys(&summary["consistency_lag_ms"]), ["max", "p50", "p99"]);
    assert!(keys(&summary["dropped_writes"]).contains(&"total"));
    assert!(summary["digest"].is_string());
}

#[test]
fn run_csv_is_a_header_then_rows_of_equal_width() {
    let text = stdout(&cacheplay(&[
        "run",
        "default",
        "--format",
        "csv",
        "--duration-s=2",
    ]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with(
            "t_s,requests,reads,writes,hits,misses,reads_answered,writes_acknowledged,values_persisted,read_p50_ms,"
        ),
        "{}",
        lines[0]
    );
    let width = lines[0].split(',').count();
    for line in &lines {
        assert_eq!(line.split(',').count(), width, "{line}");
    }
}

#[test]
fn a_scenario_file_runs_like_the_preset_it_copies() {
    let scenario = Scenario {
        duration_s: 1.0,
        ..Scenario::default()
    };
    let path = scratch_file(
        "default-1s.json",
        &serde_json::to_string_pretty(&scenario).expect("a scenario serialises"),
    );
    let from_file = stdout(&cacheplay(&["run", &path]));
    let from_preset = stdout(&cacheplay(&["run", "default", "--duration-s", "1"]));
    assert_eq!(from_file, from_preset);
}

#[test]
fn presets_lists_one_line_per_preset() {
    let text = stdout(&cacheplay(&["presets"]));
    let lines: Vec<&str> = text.lines().collect();
    let presets = presets();
    assert_eq!(lines.len(), presets.len(), "{text}");
    for (line, preset) in lines.iter().zip(&presets) {
        assert_eq!(line.split_whitespace().next(), Some(preset.name));
        assert!(line.ends_with(preset.summary), "{line}");
    }
}

#[test]
fn schema_prints_the_library_schema() {
    let text = stdout(&cacheplay(&["schema"]));
    let printed: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(printed, cacheplay::scenario::schema::json_schema());
    assert_eq!(
        printed["properties"]["duration_s"]["minimum"].as_f64(),
        Some(cacheplay::scenario::MIN_DURATION_S)
    );
    assert_eq!(cacheplay(&["schema", "extra"]).status.code(), Some(USAGE));
}

/// Exit status of a wrong command line: read the usage again.
const USAGE: i32 = 2;
/// Exit status of a right command line with bad input: fix the input.
const INPUT: i32 = 1;

#[test]
fn bad_input_exits_non_zero_with_a_clear_message() {
    let malformed = scratch_file("malformed.json", "{\"seed\": 1,");
    let negative_keys = scratch_file("negative-keys.json", r#"{"workload": {"n_keys": -5}}"#);
    let unknown_field = scratch_file("unknown-field.json", r#"{"sed": 1}"#);
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["run", "no-such-preset"],
            INPUT,
            "unknown preset 'no-such-preset'",
        ),
        (
            &["run", "./missing.json"],
            INPUT,
            "cannot read './missing.json'",
        ),
        (&["run", &malformed], INPUT, "not a valid scenario"),
        (
            &["run", &negative_keys],
            INPUT,
            "integer `-5`, expected u32",
        ),
        (&["run", &unknown_field], INPUT, "unknown field `sed`"),
        (&["run"], USAGE, "missing scenario"),
        (
            &["run", "default", "--duration-s", "abc"],
            USAGE,
            "got 'abc'",
        ),
        (&["run", "default", "--duration-s", "-1"], USAGE, "got '-1'"),
        (
            &["run", "default", "--duration-s"],
            USAGE,
            "--duration-s needs a value",
        ),
        (
            &["run", "default", "--format", "xml"],
            USAGE,
            "unknown format 'xml'",
        ),
        (
            &["run", "default", "--fast"],
            USAGE,
            "unknown flag '--fast'",
        ),
        (&["presets", "extra"], USAGE, "unexpected argument 'extra'"),
        (&["frobnicate"], USAGE, "unknown command 'frobnicate'"),
    ];
    for (args, status, needle) in cases {
        let output = cacheplay(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(*status), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?} printed to stdout");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("RUST_BACKTRACE"), "{args:?}: {stderr}");
    }
}
