//! `cacheplay trace`, `cacheplay mrc` and `cacheplay reads` end to end: the built binary
//! on small files and presets.

use crate::cli::{cacheplay, stdout};
use cacheplay::sim::eviction::EvictionKind;
use cacheplay::sim::replay::curve::{CurveJob, CurveRequest};
use std::path::PathBuf;

/// Writes `text` to a file named for this test process and `name`.
fn file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("cacheplay-it-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("the temporary directory is writable");
    path
}

#[test]
fn trace_prints_one_json_line_per_policy_and_capacity() {
    // Ids 1 2 1 3 2 (A B A C B), capacity 2. LRU: A B miss, A hit, C evicts B, B misses
    // → 4 misses. FIFO: A B miss, A hit, C evicts A, B hits → 3 misses. Capacity 0.67 of
    // 3 distinct ids is floor(2.01) = 2 entries.
    let path = file("abacb.txt", "1\n2\n1\n3\n2\n");
    let path = path.to_str().expect("a UTF-8 path");
    let output = cacheplay(&[
        "trace",
        path,
        "--policy",
        "lru,fifo",
        "--capacity",
        "2,0.67",
    ]);
    let lru = r#"{"policy":"lru","capacity":2,"requests":5,"misses":4,"miss_ratio":0.8}"#;
    let fifo = r#"{"policy":"fifo","capacity":2,"requests":5,"misses":3,"miss_ratio":0.6}"#;
    assert_eq!(stdout(&output), [lru, lru, fifo, fifo, ""].join("\n"));
}

#[test]
fn trace_reads_a_csv_key_column_and_replays_belady() {
    // Ids 10 20 30 10 20 (A B C A B) at capacity 2: C evicts B, whose next use (step 5)
    // is farther than A's (step 4); A hits, B misses → 4 misses.
    let path = file("t.csv", "time,obj_id\n1,10\n2,20\n3,30\n4,10\n5,20\n");
    let output = cacheplay(&[
        "trace",
        path.to_str().expect("a UTF-8 path"),
        "--policy=belady",
        "--capacity=2",
        "--key-column",
        "obj_id",
        "--format",
        "csv",
    ]);
    assert_eq!(
        stdout(&output),
        "policy,capacity,requests,misses,miss_ratio\nbelady,2,5,4,0.8\n"
    );
}

#[test]
fn a_malformed_line_stops_the_run_with_its_number() {
    let path = file("bad.txt", "1\n2\nthree\n");
    let output = cacheplay(&[
        "trace",
        path.to_str().expect("a UTF-8 path"),
        "--policy",
        "lru",
        "--capacity",
        "1",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 3: expected an object id"), "{stderr}");
}

#[test]
fn bad_usage_exits_2_and_names_the_problem() {
    let path = file("ok.txt", "1\n");
    let path = path.to_str().expect("a UTF-8 path");
    for (args, problem) in [
        (
            vec!["trace", path, "--policy", "opt", "--capacity", "1"],
            "unknown policy 'opt'",
        ),
        (
            vec!["trace", path, "--policy", "lru"],
            "--capacity is required",
        ),
        (
            vec!["trace", path, "--policy", "lru", "--capacity", "x"],
            "size 'x'",
        ),
        (
            vec!["mrc", path, "--bogus", "1"],
            "unknown option '--bogus'",
        ),
        (vec!["reads"], "which scenario?"),
        (
            vec!["reads", "default", "--bogus"],
            "unknown option '--bogus'",
        ),
    ] {
        let output = cacheplay(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(problem), "{args:?}: {stderr}");
    }
}

#[test]
fn help_prints_the_usage() {
    for command in ["trace", "mrc"] {
        let output = cacheplay(&[command, "--help"]);
        assert!(stdout(&output).starts_with(&format!("usage: cacheplay {command} <file>")));
    }
}

#[test]
fn mrc_prints_a_curve_per_policy() {
    // A B C A B C A over 3 ids: LRU misses everything below 3 entries (7) and only the 3
    // cold misses at 3; FIFO is the same on this cyclic trace.
    let path = file("cycle.txt", "1\n2\n3\n1\n2\n3\n1\n");
    let output = cacheplay(&[
        "mrc",
        path.to_str().expect("a UTF-8 path"),
        "--policies",
        "lru,fifo",
        "--sizes",
        "2,1.0",
    ]);
    let want = "policy,size_fraction,capacity,misses,miss_ratio\n\
                lru,0.6666666666666666,2,7,1\n\
                lru,1,3,3,0.42857142857142855\n\
                fifo,0.6666666666666666,2,7,1\n\
                fifo,1,3,3,0.42857142857142855\n";
    assert_eq!(stdout(&output), want);
}

#[test]
fn mrc_over_a_scenarios_reads_is_the_playgrounds_curve() {
    // `cacheplay reads` prints the trace the playground's panel replays; `cacheplay mrc`
    // over it gives the panel's numbers, size for size.
    // The CDN preset with S3-FIFO, a policy that needs no seed (the CLI's is 0).
    let mut scenario = cacheplay::scenario::preset("cdn-edge").expect("a preset");
    scenario.cache.eviction = EvictionKind::S3Fifo;
    let json = serde_json::to_string(&scenario).expect("a scenario encodes");
    let scenario_path = file("cdn-edge-s3fifo.json", &json);
    let config = scenario.config();
    let curve = CurveJob::run(CurveRequest::of(&[&config]));
    assert_eq!(curve.lines.len(), 3, "LRU, S3-FIFO, Bélády");
    let trace = stdout(&cacheplay(&[
        "reads",
        scenario_path.to_str().expect("a UTF-8 path"),
    ]));
    assert_eq!(trace.lines().count() as u64, curve.reads);
    let path = file("cdn-edge-reads.txt", &trace);
    let sizes: Vec<String> = curve.sizes.iter().map(u32::to_string).collect();
    let policies: Vec<&str> = curve.lines.iter().map(|line| line.policy.name()).collect();
    let csv = stdout(&cacheplay(&[
        "mrc",
        path.to_str().expect("a UTF-8 path"),
        "--policies",
        &policies.join(","),
        "--sizes",
        &sizes.join(","),
    ]));
    let want: Vec<String> = curve
        .lines
        .iter()
        .zip(&curve.misses)
        .flat_map(|(line, misses)| {
            curve
                .sizes
                .iter()
                .zip(misses)
                .map(move |(size, misses)| format!("{},{size},{misses}", line.policy.name()))
        })
        .collect();
    let got: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|row| {
            let fields: Vec<&str> = row.split(',').collect();
            format!("{},{},{}", fields[0], fields[2], fields[3])
        })
        .collect();
    assert_eq!(got, want);
}
