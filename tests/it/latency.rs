//! Latency sanity: with the cache disabled and constant latencies, latency is arithmetic.

use cacheplay::sim::config::{Latency, LoadProfile, WritePolicy};
use cacheplay::sim::{self, Config};

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
