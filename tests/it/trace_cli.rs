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
            "the following required arguments were not provided:\n  --capacity <SIZES>",
        ),
        (
            vec!["trace", path, "--policy", "lru", "--capacity", "x"],
            "size 'x'",
        ),
        (
            vec!["mrc", path, "--bogus", "1"],
            "unexpected argument '--bogus'",
        ),
        (
            vec!["reads"],
            "the following required arguments were not provided",
        ),
        (
            vec!["reads", "default", "--bogus"],
            "unexpected argument '--bogus'",
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
        let help = stdout(&output);
        assert!(
            help.contains(&format!("Usage: cacheplay {command} [OPTIONS]")),
            "{help}"
        );
        assert!(help.contains("<FILE>"), "{help}");
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

#[test]
fn policies_and_sizes_take_lists_repeated_flags_and_the_old_names() {
    let path = file("cycle-flags.txt", "1\n2\n3\n1\n2\n3\n1\n");
    let path = path.to_str().expect("a UTF-8 path");
    let listed = stdout(&cacheplay(&[
        "mrc",
        path,
        "--policy",
        "lru,fifo",
        "--capacity",
        "2,1.0",
    ]));
    let repeated = stdout(&cacheplay(&[
        "mrc",
        path,
        "--policy=lru",
        "--policy",
        "fifo",
        "--capacity",
        "2",
        "--capacity=1.0",
    ]));
    let old_names = stdout(&cacheplay(&[
        "mrc",
        path,
        "--policies",
        "lru,fifo",
        "--sizes",
        "2,1.0",
    ]));
    assert_eq!(listed, repeated);
    assert_eq!(listed, old_names);
    let trace = stdout(&cacheplay(&[
        "trace",
        path,
        "--policy",
        "lru",
        "--policy",
        "fifo",
        "--capacity",
        "2",
    ]));
    assert_eq!(trace.lines().count(), 2, "{trace}");
}

/// SHA-256 of `bytes` as lowercase hex.
fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[test]
fn gen_trace_zipf_is_the_reference_trace_byte_for_byte() {
    // The trace libCacheSim's reference miss ratios were measured on (tests/it/fidelity.rs):
    // 2,000,000 lines, published with this sha256.
    let output = cacheplay(&[
        "gen-trace",
        "zipf",
        "--alpha",
        "1.0",
        "--n-obj",
        "100000",
        "--n-req",
        "2000000",
        "--seed",
        "42",
    ]);
    assert!(output.status.success());
    assert_eq!(
        sha256(&output.stdout),
        "20b993cbda1141d4c2bac7274f5e454a6e9e3fe592284b6661d262130e35818c"
    );
    // Those are also the defaults, and `-o` writes the same bytes to a file.
    let path = file("zipf1.0.txt", "");
    let to_file = cacheplay(&[
        "gen-trace",
        "zipf",
        "-o",
        path.to_str().expect("a UTF-8 path"),
    ]);
    assert!(to_file.status.success() && to_file.stdout.is_empty());
    assert_eq!(
        std::fs::read(&path).expect("the trace was written"),
        output.stdout
    );
}

#[test]
fn gen_trace_scanmix_is_the_reference_generators_output() {
    // Periods of 5: 3 Zipf(0.9, 50) draws (seed 3), then 2 scan ids counting up from 1001.
    // The reference generator prints exactly these 12 lines for these parameters; the
    // Zipf draws are the first 6 of `gen-trace zipf` with the same alpha, objects and seed.
    let output = cacheplay(&[
        "gen-trace",
        "scanmix",
        "--alpha",
        "0.9",
        "--n-obj",
        "50",
        "--n-req",
        "12",
        "--seed",
        "3",
        "--period",
        "5",
        "--scan-len",
        "2",
        "--scan-base",
        "1001",
    ]);
    let text = stdout(&output);
    assert_eq!(text, "1\n16\n11\n1001\n1002\n1\n2\n12\n1003\n1004\n1\n33\n");
    assert_eq!(
        sha256(text.as_bytes()),
        "8a6751d50215fbc95164f9a60b57ca6123640e4b0eaef637485b32a722d5ee04"
    );
    let zipf = stdout(&cacheplay(&[
        "gen-trace",
        "zipf",
        "--alpha",
        "0.9",
        "--n-obj",
        "50",
        "--n-req",
        "6",
        "--seed",
        "3",
    ]));
    assert_eq!(zipf, "1\n16\n11\n1\n2\n12\n");
}

#[test]
fn every_gen_trace_kind_replays() {
    for kind in ["zipf", "scanmix", "uniform", "loop", "shift"] {
        let trace = stdout(&cacheplay(&["gen-trace", kind, "--n-req", "20000"]));
        assert_eq!(trace.lines().count(), 20_000, "{kind}");
        let path = file(&format!("gen-{kind}.txt"), &trace);
        let result = stdout(&cacheplay(&[
            "trace",
            path.to_str().expect("a UTF-8 path"),
            "--policy",
            "lru",
            "--capacity",
            "0.1",
        ]));
        assert!(result.contains("\"requests\":20000"), "{kind}: {result}");
    }
}

#[test]
fn a_file_that_is_no_text_trace_is_refused_without_filling_memory() {
    for (path, needle) in [
        ("/dev/zero", "not a text trace (it holds NUL bytes)"),
        ("/dev/null", "no requests"),
    ] {
        let output = cacheplay(&["trace", path, "--policy", "lru", "--capacity", "1"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{path}: {stderr}");
        assert!(stderr.contains(needle), "{path}: {stderr}");
    }
    let long_line = file("long-line.txt", &"1".repeat((1 << 20) + 10));
    let output = cacheplay(&[
        "trace",
        long_line.to_str().expect("a UTF-8 path"),
        "--policy",
        "lru",
        "--capacity",
        "1",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("a line longer than 1048576 bytes"),
        "{stderr}"
    );
}
