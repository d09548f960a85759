//! Trace replay speed on the reference zipf1.0 trace (2,000,000 requests) at 10% of its
//! distinct keys, for LRU, SIEVE and S3-FIFO: the whole command (read and parse the text
//! file, then replay) and the replay loop alone over keys already in memory.
//!
//! `cargo bench --bench trace`; set `CACHEPLAY_TRACE=path` to time another txt trace.

use cacheplay::scenario::trace::parse_txt;
use cacheplay::sim::eviction::{EvictionKind, EvictionParams};
use cacheplay::sim::replay::{self, TracePolicy};
use cacheplay::sim::zipf::zipf_trace;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const ROUNDS: usize = 5;

/// The best of `ROUNDS` wall-clock timings: a benchmark measures real time, which the
/// engine's own code never reads.
#[allow(clippy::disallowed_methods)]
fn best_of<T>(mut work: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut result = None;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let value = work();
        best = best.min(start.elapsed());
        result = Some(value);
    }
    (best, result.expect("at least one round"))
}

/// The reference trace written as libCacheSim txt (ids are keys + 1), once per machine.
fn trace_file() -> PathBuf {
    if let Some(path) = std::env::var_os("CACHEPLAY_TRACE") {
        return PathBuf::from(path);
    }
    let path = std::env::temp_dir().join("cacheplay-bench-zipf1.0.txt");
    if !path.exists() {
        let mut text = Vec::with_capacity(14 << 20);
        for key in zipf_trace(1.0, 100_000, 2_000_000, 42) {
            writeln!(text, "{}", key.0 + 1).expect("writing to memory");
        }
        std::fs::write(&path, text).expect("the temporary directory is writable");
    }
    path
}

fn main() {
    let path = trace_file();
    let params = EvictionParams::default();
    let policies = [EvictionKind::Lru, EvictionKind::Sieve, EvictionKind::S3Fifo];
    let (parse_time, trace) = best_of(|| {
        let bytes = std::fs::read(&path).expect("the trace file is readable");
        parse_txt(&bytes).expect("a valid trace")
    });
    let requests = trace.keys.len() as f64;
    let capacity = (trace.distinct as f64 * 0.10).floor() as u32;
    let rate = |time: Duration| requests / time.as_secs_f64() / 1e6;
    println!(
        "{}: {} requests, {} distinct, capacity {capacity}",
        path.display(),
        trace.keys.len(),
        trace.distinct
    );
    println!(
        "read + parse alone: {:8.1} ms  {:6.1} M requests/s",
        parse_time.as_secs_f64() * 1e3,
        rate(parse_time)
    );
    for kind in policies {
        let policy = TracePolicy::Evict(kind);
        let replay_once =
            |keys: &[_], distinct| replay::misses(policy, &params, capacity, keys, distinct, 0);
        let (whole, misses) = best_of(|| {
            let bytes = std::fs::read(&path).expect("the trace file is readable");
            let trace = parse_txt(&bytes).expect("a valid trace");
            replay_once(&trace.keys, trace.distinct)
        });
        let (alone, again) = best_of(|| replay_once(&trace.keys, trace.distinct));
        assert_eq!(misses, again);
        println!(
            "{:7} misses {misses:8}  whole command {:6.1} ms {:6.1} M/s  replay loop {:6.1} ms {:6.1} M/s",
            kind.name(),
            whole.as_secs_f64() * 1e3,
            rate(whole),
            alone.as_secs_f64() * 1e3,
            rate(alone),
        );
    }
}
