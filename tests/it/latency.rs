//! Latency sanity: with constant latencies, latency is arithmetic, and each sample's
//! answered counts say which intervals answered anything, whatever the latencies.

use cacheplay::sim::config::{Latency, LoadProfile, WritePolicy};
use cacheplay::sim::{self, Arrival, Config, Key, Op, Sim, Time};

#[test]
fn no_cache_read_latency_is_service_plus_store() {
    // Capacity 0, 50 requests/s on 64 workers and 64 store connections (no queueing):
    // every read takes 2 ms service + 5 ms store read = 7 ms, every write 2 + 10 = 12 ms.
    let mut config = Config {
        duration_s: 20.0,
        write_policy: WritePolicy::Through,
        ..Config::default()
    };
    config.workload.profile = LoadProfile::Constant { rate_per_s: 50.0 };
    config.servers.service = Latency::Constant { ms: 2.0 };
    config.servers.workers_per_instance = 16;
    config.cache.capacity = 0;
    config.store.read_latency = Latency::Constant { ms: 5.0 };
    config.store.write_latency = Latency::Constant { ms: 10.0 };
    let summary = sim::run(&config).summary;
    assert!(summary.reads > 500, "{}", summary.reads);
    let read = summary.read_latency_ms;
    assert_eq!(read.max, 7.0);
    // All in one histogram bucket: the percentiles coincide, within 0.4 % of 7 ms.
    assert!(
        read.p50 == read.p99 && (read.p50 - 7.0).abs() <= 0.028,
        "{read:?}"
    );
    assert_eq!(summary.write_latency_ms.max, 12.0);
    assert_eq!((summary.hits, summary.misses), (0, summary.reads));
    assert_eq!(summary.rejected_requests, 0);
}

/// Write-through over a cache of 10 keys and 4 workers, every latency constant:
/// service and cache operations `0 ms`, store writes `0 ms`, store reads `store_read_ms`;
/// samples every 100 ms over 0.3 s.
fn scripted(store_read_ms: f64, arrivals: &[(f64, Op, u32)]) -> Vec<sim::Sample> {
    let mut config = Config {
        duration_s: 0.3,
        sample_interval_ms: 100.0,
        write_policy: WritePolicy::Through,
        ..Config::default()
    };
    config.workload.n_keys = 10;
    config.servers.instances = 1;
    config.servers.workers_per_instance = 4;
    config.servers.service = Latency::Constant { ms: 0.0 };
    config.cache.capacity = 10;
    config.cache.latency = Latency::Constant { ms: 0.0 };
    config.store.read_latency = Latency::Constant { ms: store_read_ms };
    config.store.write_latency = Latency::Constant { ms: 0.0 };
    let arrivals = arrivals
        .iter()
        .map(|&(ms, op, key)| Arrival {
            time: Time::from_ms(ms),
            key: Key(key),
            op,
            client: 0,
        })
        .collect();
    Sim::with_arrivals(&config, arrivals).into_run().samples
}

/// `(reads, reads_answered, read_p50_ms, read_p99_ms, writes, writes_acknowledged,
/// write_p99_ms)` of a sample.
fn answers(sample: &sim::Sample) -> (u64, u64, f64, f64, u64, u64, f64) {
    (
        sample.reads,
        sample.reads_answered,
        sample.read_p50_ms,
        sample.read_p99_ms,
        sample.writes,
        sample.writes_acknowledged,
        sample.write_p99_ms,
    )
}

#[test]
fn zero_latencies_answer_in_zero_ms_and_are_counted() {
    // Every latency 0 ms. [0, 100 ms): the write of key 0 at 10 ms is stored, cached and
    // acknowledged at 10 ms; the read of key 0 at 20 ms hits, the read of key 1 at 30 ms
    // misses, reads the store and fills the cache, all at 30 ms: 2 reads and 1 write
    // answered, every percentile 0 ms. [100, 200 ms): nothing arrives, nothing answered.
    // [200, 300 ms): the read of key 1 at 250 ms hits: 1 answered in 0 ms.
    let samples = scripted(
        0.0,
        &[
            (10.0, Op::Write, 0),
            (20.0, Op::Read, 0),
            (30.0, Op::Read, 1),
            (250.0, Op::Read, 1),
        ],
    );
    let rows: Vec<_> = samples.iter().map(answers).collect();
    assert_eq!(
        rows,
        vec![
            (2, 2, 0.0, 0.0, 1, 1, 0.0),
            (0, 0, 0.0, 0.0, 0, 0, 0.0),
            (1, 1, 0.0, 0.0, 0, 0, 0.0),
        ]
    );
    assert_eq!((samples[0].hits, samples[0].misses), (1, 1));
}

#[test]
fn a_read_is_counted_where_it_is_answered_not_where_it_arrives() {
    // Store reads take 120 ms. The read of key 1 at 50 ms misses and is answered at
    // 170 ms: it arrives in [0, 100 ms), which answers nothing, and is answered in
    // [100, 200 ms), where nothing arrives, with a latency of 120 ms (the histogram's bucket
    // holds 119,808..120,319 µs; a percentile is capped at the exact maximum, 120,000 µs).
    let samples = scripted(120.0, &[(50.0, Op::Read, 1)]);
    let rows: Vec<_> = samples.iter().map(answers).collect();
    assert_eq!(
        rows,
        vec![
            (1, 0, 0.0, 0.0, 0, 0, 0.0),
            (0, 1, 120.0, 120.0, 0, 0, 0.0),
            (0, 0, 0.0, 0.0, 0, 0, 0.0),
        ]
    );
}
