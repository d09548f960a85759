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
        "store_writes_started",
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
    assert_eq!(
        keys(&summary["stale_reads_by_cause"]),
        [
            "invalidate_before_store_race",
            "lost_write_back",
            "refill_race",
            "unflushed_write_back",
            "update_reorder"
        ]
    );
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
        (
            &["run"],
            USAGE,
            "the following required arguments were not provided",
        ),
        (
            &["run", "default", "--duration-s", "abc"],
            USAGE,
            "got 'abc'",
        ),
        (&["run", "default", "--duration-s", "-1"], USAGE, "got '-1'"),
        (
            &["run", "default", "--duration-s"],
            USAGE,
            "a value is required for '--duration-s <SECONDS>'",
        ),
        (
            &["run", "default", "--format", "xml"],
            USAGE,
            "invalid value 'xml' for '--format <FORMAT>'",
        ),
        (
            &["run", "default", "--fast"],
            USAGE,
            "unexpected argument '--fast'",
        ),
        (&["presets", "extra"], USAGE, "unexpected argument 'extra'"),
        (
            &["frobnicate"],
            USAGE,
            "unrecognized subcommand 'frobnicate'",
        ),
        (
            &["show"],
            USAGE,
            "the following required arguments were not provided",
        ),
        (
            &["show", "no-such-preset"],
            INPUT,
            "unknown preset 'no-such-preset'",
        ),
        (
            &["gen-trace", "scanmix", "--period", "10", "--scan-len", "10"],
            INPUT,
            "--scan-len (10) must be below --period (10)",
        ),
        (
            &[
                "gen-trace",
                "scanmix",
                "--scan-base",
                "18446744073709551615",
            ],
            INPUT,
            "must fit in 64 bits",
        ),
        (
            &["gen-trace", "zipf", "--n-obj", "0"],
            INPUT,
            "--n-obj must be between 1 and",
        ),
        (
            &["gen-trace", "zipf", "--alpha", "NaN"],
            INPUT,
            "--alpha must be a finite number",
        ),
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

/// Every subcommand, with arguments that make a valid command line (for `gen-trace`, one
/// of its kinds).
const COMMANDS: &[&[&str]] = &[
    &["run", "default"],
    &["show", "default"],
    &["presets"],
    &["link", "default"],
    &["reads", "default"],
    &["schema"],
    &["trace", "t.txt", "--policy", "lru", "--capacity", "1"],
    &["mrc", "t.txt"],
    &["gen-trace", "zipf"],
    &["gen-trace", "scanmix"],
    &["gen-trace", "uniform"],
    &["gen-trace", "loop"],
    &["gen-trace", "shift"],
];

/// The words naming a subcommand: those before its first argument.
fn command_words<'a>(command: &[&'a str]) -> Vec<&'a str> {
    let n = if command[0] == "gen-trace" { 2 } else { 1 };
    command[..n].to_vec()
}

#[test]
fn every_subcommand_has_help() {
    let mut commands: Vec<Vec<&str>> = COMMANDS.iter().map(|c| command_words(c)).collect();
    commands.push(vec!["gen-trace"]);
    commands.push(vec![]);
    for words in commands {
        let mut args = words.clone();
        args.push("--help");
        let output = cacheplay(&args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let help = stdout(&output);
        let usage = format!("Usage: {}", [&["cacheplay"][..], &words].concat().join(" "));
        assert!(help.contains(&usage), "{args:?}: {help}");
    }
    let version = stdout(&cacheplay(&["--version"]));
    assert_eq!(
        version,
        format!("cacheplay {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_wrong_flag_exits_2_with_the_usage_on_stderr() {
    for command in COMMANDS {
        let mut args = command.to_vec();
        args.push("--no-such-flag");
        let output = cacheplay(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(USAGE), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?} printed to stdout");
        assert!(
            stderr.contains("unexpected argument '--no-such-flag'"),
            "{args:?}: {stderr}"
        );
        let usage = format!("Usage: cacheplay {}", command_words(command).join(" "));
        assert!(stderr.contains(&usage), "{args:?}: {stderr}");
    }
}

/// The digest `cacheplay run` prints for `target`.
fn digest(target: &str) -> String {
    let text = stdout(&cacheplay(&["run", target]));
    let summary: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    summary["digest"].as_str().expect("a digest").to_string()
}

#[test]
fn show_prints_a_scenario_file_that_runs_like_the_preset() {
    for preset in presets() {
        let json = stdout(&cacheplay(&["show", preset.name]));
        // Every field, not only those that differ from the defaults.
        let shown: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        let whole = serde_json::to_value(&preset.scenario).expect("a scenario encodes");
        assert_eq!(shown, whole, "{}", preset.name);
        let path = scratch_file(&format!("shown-{}.json", preset.name), &json);
        let want = cacheplay::sim::run(&preset.scenario.config())
            .summary
            .digest;
        assert_eq!(digest(&path), want, "{}", preset.name);
        assert_eq!(digest(preset.name), want, "{}", preset.name);
    }
    // A link shows as the scenario it holds.
    let banking = cacheplay::scenario::preset("banking").expect("a preset");
    let from_link = stdout(&cacheplay(&["show", &banking.to_link("https://x.test/")]));
    assert_eq!(from_link, stdout(&cacheplay(&["show", "banking"])));
}

#[test]
fn a_file_with_a_hash_in_its_name_is_a_file() {
    let scenario = Scenario {
        duration_s: 1.0,
        ..Scenario::default()
    };
    let path = scratch_file(
        "my#file.json",
        &serde_json::to_string(&scenario).expect("a scenario serialises"),
    );
    let from_file = stdout(&cacheplay(&["run", &path]));
    let from_preset = stdout(&cacheplay(&["run", "default", "--duration-s", "1"]));
    assert_eq!(from_file, from_preset);
}

#[test]
fn a_cut_short_link_says_what_is_wrong_with_it() {
    let link = cacheplay::scenario::preset("banking")
        .expect("a preset")
        .to_link("https://x.test/");
    let fragment = link.split_once('#').expect("a fragment").1;
    for cut in [&fragment[..3], &fragment[..8], &link[..link.len() - 5]] {
        let output = cacheplay(&["run", cut]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(INPUT), "{cut}: {stderr}");
        assert!(
            stderr.contains("the link is damaged or truncated"),
            "{cut}: {stderr}"
        );
        assert!(!stderr.contains("No such file"), "{cut}: {stderr}");
    }
}

#[test]
fn a_scenario_file_over_1_mib_is_refused_unread() {
    let big = scratch_file("big.json", &" ".repeat((1 << 20) + 1));
    let just_fits = scratch_file(
        "just-fits.json",
        &format!("{{}}{}", " ".repeat((1 << 20) - 2)),
    );
    for (path, needle) in [
        (big.as_str(), "larger than 1048576 bytes"),
        ("/dev/zero", "larger than 1048576 bytes"),
    ] {
        let output = cacheplay(&["run", path]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(INPUT), "{path}: {stderr}");
        assert!(stderr.contains(needle), "{path}: {stderr}");
    }
    let output = cacheplay(&["show", &just_fits]);
    assert_eq!(stdout(&output), stdout(&cacheplay(&["show", "default"])));
}
