//! Named scenarios from common practice, each a realistic starting point.
//!
//! Every preset simulates about 100,000 requests, so it runs in a blink natively and in
//! the browser, and in well under a second in a debug-build test.

use super::Scenario;
use crate::sim::autoscale::{AutoscalerConfig, HpaConfig, ScalingRules};
use crate::sim::config::{
    Cache, Latency, LoadProfile, Popularity, QueueFull, Servers, Store, Ttl, TtlMode, Workload,
    WriteBehind, WritePolicy,
};
use crate::sim::fault::{Fault, OutageMode};
use crate::sim::limiter::{Algorithm, LimiterConfig, Rate, Scope, Tier, TokenBucketConfig};
use crate::sim::EvictionKind;

/// A named scenario from common practice.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// The CLI and URL name, e.g. `web-sessions`.
    pub name: &'static str,
    /// One line for `cacheplay presets` and the UI.
    pub summary: &'static str,
    pub scenario: Scenario,
}

/// The default preset's description. Its scenario is `Scenario::default()`, whose notes
/// stay empty so that an empty scenario file and a link's defaults are the default preset.
pub const DEFAULT_NOTES: &str = "A read-heavy web workload (2,000 requests/s, 90 % reads of \
    10,000 keys, Zipf 0.99) through a write-through LRU cache of 1,000 entries. A write is \
    acknowledged once the database and then the cache have it, so no read is stale; about two \
    reads in three hit, the rest pay a database read. Switch the write policy to write-around \
    to watch stale reads appear, or grow the cache to raise the hit ratio.";

/// Every preset, `default` first.
pub fn presets() -> Vec<Preset> {
    vec![
        Preset {
            name: "default",
            summary: "The demo: write-through LRU cache over a Zipf(0.99) read-heavy workload",
            scenario: Scenario::default(),
        },
        Preset {
            name: "banking",
            summary: "Write-through account balances: every acknowledged write is in the database",
            scenario: banking(),
        },
        Preset {
            name: "web-sessions",
            summary:
                "Write-back session store: fast writes, flushed in batches, some risk on crash",
            scenario: web_sessions(),
        },
        Preset {
            name: "cdn-edge",
            summary: "Write-around CDN edge: objects expire after 30 s, origin fetches on miss",
            scenario: cdn_edge(),
        },
        Preset {
            name: "flash-sale",
            summary: "A 5× spike absorbed by an HPA-style autoscaler and a global token bucket",
            scenario: flash_sale(),
        },
        Preset {
            name: "db-outage",
            summary: "Write-back hides a 25 s database outage until its queue fills",
            scenario: db_outage(),
        },
        Preset {
            name: "cache-crash",
            summary:
                "The cache node crashes: write-back loses its dirty entries, then a miss storm",
            scenario: cache_crash(),
        },
    ]
}

/// The preset called `name`.
pub fn preset(name: &str) -> Option<Scenario> {
    presets()
        .into_iter()
        .find(|p| p.name == name)
        .map(|p| p.scenario)
}

fn lognormal(mean_ms: f64, p99_ms: f64) -> Latency {
    Latency::LogNormal { mean_ms, p99_ms }
}

fn banking() -> Scenario {
    Scenario {
        title: "Banking".to_string(),
        notes: "Account reads and transfers over a replicated SQL database. Write-through keeps \
                cache and database in step: a write is acknowledged only once committed, so its \
                latency includes the commit, and nothing is pending when a node fails."
            .to_string(),
        seed: 7,
        duration_s: 60.0,
        sample_interval_ms: 1_000.0,
        workload: Workload {
            profile: LoadProfile::Constant {
                rate_per_s: 1_500.0,
            },
            read_fraction: 0.8,
            n_keys: 50_000,
            popularity: Popularity::Zipf { alpha: 0.8 },
            n_clients: 500,
        },
        servers: Servers {
            instances: 6,
            workers_per_instance: 16,
            queue_capacity: 2_000,
            service: lognormal(3.0, 15.0),
        },
        cache: Cache {
            capacity: 10_000,
            eviction: EvictionKind::Lru,
            latency: Latency::Constant { ms: 0.3 },
            ..Cache::default()
        },
        write_policy: WritePolicy::Through,
        store: Store {
            read_latency: lognormal(4.0, 20.0),
            // Synchronous replication to a standby before the commit returns.
            write_latency: lognormal(12.0, 60.0),
            max_concurrency: 100,
            batch_item_factor: 0.1,
        },
        ..Scenario::default()
    }
}

fn web_sessions() -> Scenario {
    Scenario {
        title: "Web sessions".to_string(),
        notes: "Session state behind a web tier, after Hazelcast's MapStore: write-behind with \
                a 1 s delay, batches of 100, coalescing, a 50,000-entry queue that rejects \
                when full. Writes return at cache speed; the database lags by up to a second."
            .to_string(),
        seed: 11,
        duration_s: 60.0,
        sample_interval_ms: 1_000.0,
        workload: Workload {
            profile: LoadProfile::Diurnal {
                mean_per_s: 1_500.0,
                amplitude: 0.3,
                period_s: 60.0,
            },
            read_fraction: 0.6,
            n_keys: 20_000,
            popularity: Popularity::Zipf { alpha: 0.6 },
            n_clients: 20_000,
        },
        servers: Servers {
            instances: 4,
            workers_per_instance: 32,
            queue_capacity: 1_000,
            service: lognormal(1.5, 6.0),
        },
        cache: Cache {
            capacity: 15_000,
            eviction: EvictionKind::Lru,
            latency: Latency::Constant { ms: 0.3 },
            ttl: Ttl {
                // An idle session times out after 30 minutes, as servlet containers default.
                mode: TtlMode::AfterAccess,
                ttl_ms: 1_800_000.0,
                jitter_fraction: 0.0,
                active_expiry: true,
            },
            invalidate_on_write: false,
            ..Cache::default()
        },
        write_policy: WritePolicy::Back(WriteBehind {
            flush_interval_ms: 1_000.0,
            batch_size: 100,
            coalescing: true,
            queue_capacity: 50_000,
            when_full: QueueFull::Reject,
        }),
        store: Store {
            read_latency: lognormal(3.0, 15.0),
            write_latency: lognormal(6.0, 30.0),
            max_concurrency: 32,
            batch_item_factor: 0.05,
        },
        ..Scenario::default()
    }
}

fn cdn_edge() -> Scenario {
    Scenario {
        title: "CDN edge".to_string(),
        notes: "An edge cache in front of an origin: publishes go to the origin and purge the \
                edge copy (write-around); objects live 30 s ± 10 % (a micro-cache), expired \
                lazily and by Redis-style sampling, so from about 27 s on expirations send \
                reads back to the origin. A miss pays the origin round trip. A read that misses \
                while a publish is on its way re-caches the old object until the next purge or \
                expiry: watch the stale reads."
            .to_string(),
        seed: 3,
        duration_s: 60.0,
        sample_interval_ms: 1_000.0,
        workload: Workload {
            profile: LoadProfile::Spike {
                base_per_s: 1_500.0,
                peak_per_s: 4_000.0,
                start_s: 30.0,
                length_s: 10.0,
            },
            read_fraction: 0.98,
            n_keys: 100_000,
            popularity: Popularity::Zipf { alpha: 0.9 },
            n_clients: 10_000,
        },
        servers: Servers {
            instances: 8,
            workers_per_instance: 64,
            queue_capacity: 5_000,
            service: lognormal(0.5, 2.0),
        },
        cache: Cache {
            capacity: 10_000,
            eviction: EvictionKind::Lru,
            latency: Latency::Constant { ms: 0.1 },
            ttl: Ttl {
                mode: TtlMode::AfterWrite,
                ttl_ms: 30_000.0,
                jitter_fraction: 0.1,
                active_expiry: true,
            },
            invalidate_on_write: false,
            ..Cache::default()
        },
        write_policy: WritePolicy::Around,
        store: Store {
            // The origin, across the internet.
            read_latency: lognormal(40.0, 200.0),
            write_latency: lognormal(80.0, 300.0),
            max_concurrency: 256,
            batch_item_factor: 0.1,
        },
        ..Scenario::default()
    }
}

fn flash_sale() -> Scenario {
    Scenario {
        title: "Flash sale".to_string(),
        notes: "A sale opens at 15 s and traffic jumps from 800 to 4,000 requests/s for 15 s. \
                A Kubernetes-style HPA (target 70% CPU, synced every 5 s, pods Ready after \
                10 s) adds servers, but the new ones arrive late: meanwhile the queue grows \
                and an Envoy-style global token bucket (3,000/s, burst 1,000) answers the \
                excess with 429s. Watch the instance count lag the load, then stay up \
                through the 30 s scale-down stabilization window."
            .to_string(),
        seed: 5,
        duration_s: 60.0,
        sample_interval_ms: 1_000.0,
        workload: Workload {
            profile: LoadProfile::Spike {
                base_per_s: 800.0,
                peak_per_s: 4_000.0,
                start_s: 15.0,
                length_s: 15.0,
            },
            read_fraction: 0.9,
            n_keys: 20_000,
            popularity: Popularity::Zipf { alpha: 0.9 },
            n_clients: 5_000,
        },
        servers: Servers {
            instances: 2,
            workers_per_instance: 8,
            queue_capacity: 2_000,
            service: lognormal(4.0, 16.0),
        },
        cache: Cache {
            capacity: 5_000,
            eviction: EvictionKind::Lru,
            latency: Latency::Constant { ms: 0.3 },
            ..Cache::default()
        },
        write_policy: WritePolicy::Through,
        store: Store {
            read_latency: lognormal(5.0, 25.0),
            write_latency: lognormal(10.0, 50.0),
            max_concurrency: 128,
            batch_item_factor: 0.1,
        },
        rate_limits: LimiterConfig {
            tiers: vec![Tier {
                scope: Scope::Global,
                limit: Algorithm::TokenBucket(TokenBucketConfig::Continuous {
                    burst: 1_000,
                    rate: Rate::per_second(3_000),
                }),
            }],
        },
        autoscaling: Some(AutoscalerConfig::TargetTracking(HpaConfig {
            min_replicas: 2,
            max_replicas: 10,
            target_utilization_pct: 70,
            sync_period_s: 5,
            provision_delay_s: 10,
            scale_down: ScalingRules {
                stabilization_window_s: 30,
                ..ScalingRules::default_scale_down()
            },
            ..HpaConfig::default()
        })),
        faults: Vec::new(),
    }
}

fn db_outage() -> Scenario {
    Scenario {
        title: "Database outage".to_string(),
        notes: "Session writes go to a write-behind queue of 10,000 entries (no coalescing), \
                flushed every second. The database refuses connections from 20 s to 45 s. \
                Writes keep being acknowledged at cache speed while the queue grows; reads \
                that miss the cache fail. About 16 s in, the queue is full and writes are \
                rejected until the database is back and the backlog drains."
            .to_string(),
        seed: 13,
        duration_s: 60.0,
        sample_interval_ms: 1_000.0,
        workload: Workload {
            profile: LoadProfile::Constant {
                rate_per_s: 1_500.0,
            },
            read_fraction: 0.6,
            n_keys: 20_000,
            popularity: Popularity::Zipf { alpha: 0.6 },
            n_clients: 20_000,
        },
        servers: Servers {
            instances: 4,
            workers_per_instance: 32,
            queue_capacity: 1_000,
            service: lognormal(1.5, 6.0),
        },
        cache: Cache {
            capacity: 15_000,
            eviction: EvictionKind::Lru,
            latency: Latency::Constant { ms: 0.3 },
            ..Cache::default()
        },
        write_policy: WritePolicy::Back(WriteBehind {
            flush_interval_ms: 1_000.0,
            batch_size: 100,
            coalescing: false,
            queue_capacity: 10_000,
            when_full: QueueFull::Reject,
        }),
        store: Store {
            read_latency: lognormal(3.0, 15.0),
            write_latency: lognormal(6.0, 30.0),
            max_concurrency: 32,
            batch_item_factor: 0.05,
        },
        faults: vec![Fault::StoreOutage {
            start_s: 20.0,
            end_s: 45.0,
            mode: OutageMode::Fail,
            write_retries: 0,
        }],
        ..Scenario::default()
    }
}

fn cache_crash() -> Scenario {
    Scenario {
        title: "Cache crash".to_string(),
        notes: "A write-back cache flushing every 5 s crashes at 30 s and restarts empty 5 s \
                later. The writes acknowledged but not yet flushed are lost (lost_on_crash), \
                and reads of those keys then return the older value from the database. \
                While it is down and after it restarts, every read goes to the database: a \
                cold-cache miss storm. Switch write_policy to through and nothing is lost."
            .to_string(),
        seed: 17,
        duration_s: 60.0,
        sample_interval_ms: 1_000.0,
        workload: Workload {
            profile: LoadProfile::Constant {
                rate_per_s: 1_500.0,
            },
            read_fraction: 0.7,
            n_keys: 20_000,
            popularity: Popularity::Zipf { alpha: 0.9 },
            n_clients: 1_000,
        },
        servers: Servers {
            instances: 4,
            workers_per_instance: 16,
            queue_capacity: 2_000,
            service: lognormal(1.5, 6.0),
        },
        cache: Cache {
            capacity: 10_000,
            eviction: EvictionKind::Lru,
            latency: Latency::Constant { ms: 0.3 },
            ..Cache::default()
        },
        write_policy: WritePolicy::Back(WriteBehind {
            flush_interval_ms: 5_000.0,
            batch_size: 100,
            coalescing: true,
            queue_capacity: 50_000,
            when_full: QueueFull::Reject,
        }),
        store: Store {
            read_latency: lognormal(4.0, 20.0),
            write_latency: lognormal(8.0, 40.0),
            max_concurrency: 64,
            batch_item_factor: 0.05,
        },
        faults: vec![Fault::CacheCrash {
            at_s: 30.0,
            restart_s: 5.0,
        }],
        ..Scenario::default()
    }
}
