//! The engine's parameters: plain data, already validated by `scenario`.
//!
//! Units are in the field names. `Default` is the demo scenario's model.

use super::autoscale::AutoscalerConfig;
use super::eviction::{EvictionKind, EvictionParams};
use super::fault::Fault;
use super::limiter::LimiterConfig;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Everything the engine needs for one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Root seed of every random stream of the run.
    pub seed: u64,
    /// Simulated length of the run, in seconds.
    pub duration_s: f64,
    /// Interval between two samples of the time series, in milliseconds.
    pub sample_interval_ms: f64,
    pub workload: Workload,
    pub servers: Servers,
    pub cache: Cache,
    pub write_policy: WritePolicy,
    pub store: Store,
    /// Rate limits in front of the server pool; no tiers, no limiting.
    pub rate_limits: LimiterConfig,
    /// Resizes the server pool; `None` keeps `servers.instances` for the whole run.
    pub autoscaling: Option<AutoscalerConfig>,
    /// Store outages and slowdowns, cache crashes, latency spikes.
    pub faults: Vec<Fault>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            seed: 42,
            duration_s: 60.0,
            sample_interval_ms: 1_000.0,
            workload: Workload::default(),
            servers: Servers::default(),
            cache: Cache::default(),
            write_policy: WritePolicy::default(),
            store: Store::default(),
            rate_limits: LimiterConfig::default(),
            autoscaling: None,
            faults: Vec::new(),
        }
    }
}

/// The requests arriving at the tier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Workload {
    /// Poisson arrivals whose rate follows this profile.
    pub profile: LoadProfile,
    /// Fraction of requests that are reads, in [0, 1]; the rest are writes.
    pub read_fraction: f64,
    /// Number of distinct keys.
    pub n_keys: u32,
    pub popularity: Popularity,
    /// Number of clients; each request carries a client id drawn uniformly.
    pub n_clients: u32,
}

impl Default for Workload {
    fn default() -> Workload {
        Workload {
            profile: LoadProfile::Constant {
                rate_per_s: 2_000.0,
            },
            read_fraction: 0.9,
            n_keys: 10_000,
            popularity: Popularity::Zipf { alpha: 0.99 },
            n_clients: 100,
        }
    }
}

/// How the arrival rate changes over the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum LoadProfile {
    Constant {
        rate_per_s: f64,
    },
    /// From `from_per_s` at t = 0 linearly to `to_per_s` at the end of the run.
    Ramp {
        from_per_s: f64,
        to_per_s: f64,
    },
    /// `base_per_s`, except `peak_per_s` from `start_s` for `length_s`.
    Spike {
        base_per_s: f64,
        peak_per_s: f64,
        start_s: f64,
        length_s: f64,
    },
    /// `mean_per_s · (1 + amplitude · sin(2π t / period_s))`, amplitude in [0, 1].
    Diurnal {
        mean_per_s: f64,
        amplitude: f64,
        period_s: f64,
    },
}

/// Which keys the requests name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Popularity {
    Uniform,
    /// Zipf(alpha) over the keys; key 0 is the most popular.
    Zipf {
        alpha: f64,
    },
    /// `hot_key_fraction` of the keys receive `hot_request_fraction` of the requests.
    Hotspot {
        hot_key_fraction: f64,
        hot_request_fraction: f64,
    },
}

/// A latency distribution, in milliseconds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Latency {
    Constant {
        ms: f64,
    },
    Exponential {
        mean_ms: f64,
    },
    /// Log-normal with the given mean and 99th percentile (`p99_ms > mean_ms`).
    LogNormal {
        mean_ms: f64,
        p99_ms: f64,
    },
}

/// The application servers in front of the cache.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Servers {
    pub instances: u32,
    pub workers_per_instance: u32,
    /// Requests waiting for a worker, across the pool; beyond it requests are rejected.
    pub queue_capacity: u32,
    /// Time a worker spends on a request, besides waiting for cache and store.
    pub service: Latency,
}

impl Default for Servers {
    fn default() -> Servers {
        Servers {
            instances: 4,
            workers_per_instance: 8,
            queue_capacity: 1_000,
            service: Latency::LogNormal {
                mean_ms: 2.0,
                p99_ms: 8.0,
            },
        }
    }
}

/// The cache tier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Cache {
    /// Capacity in entries; 0 disables the cache.
    pub capacity: u32,
    pub eviction: EvictionKind,
    pub eviction_params: EvictionParams,
    /// Latency of one cache operation (hit, fill, update, invalidation).
    pub latency: Latency,
    pub ttl: Ttl,
    /// A write deletes the cached key instead of updating it (cache-aside style).
    pub invalidate_on_write: bool,
}

impl Default for Cache {
    fn default() -> Cache {
        Cache {
            capacity: 1_000,
            eviction: EvictionKind::Lru,
            eviction_params: EvictionParams::default(),
            latency: Latency::Constant { ms: 0.5 },
            ttl: Ttl::default(),
            invalidate_on_write: false,
        }
    }
}

/// Time to live of cached entries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Ttl {
    pub mode: TtlMode,
    /// Lifetime of an entry, in milliseconds.
    pub ttl_ms: f64,
    /// Each lifetime is drawn uniformly from `ttl_ms · (1 ± jitter_fraction)`.
    pub jitter_fraction: f64,
    /// Redis-style active expiry: every 100 ms sample 20 keys with a TTL, delete the expired
    /// ones, repeat while more than 25% were expired. Off: expiry is lazy only.
    pub active_expiry: bool,
}

impl Default for Ttl {
    fn default() -> Ttl {
        Ttl {
            mode: TtlMode::None,
            ttl_ms: 60_000.0,
            jitter_fraction: 0.0,
            active_expiry: true,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TtlMode {
    #[default]
    None,
    /// Caffeine `expireAfterWrite`: the lifetime restarts on every write.
    AfterWrite,
    /// Caffeine `expireAfterAccess`: the lifetime restarts on every read or write.
    AfterAccess,
}

/// How writes reach the backing store (Hazelcast MapStore's `write-delay-seconds`: 0 is
/// write-through, more is write-behind; docs/engine.md).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum WritePolicy {
    /// Store and cache are updated before the write is acknowledged.
    #[default]
    Through,
    /// The cache is updated and the entry marked dirty; acknowledged at once.
    Back(WriteBehind),
    /// The write goes to the store only and invalidates the cached key.
    Around,
}

/// Write-behind parameters, after Hazelcast's MapStore (`write-delay-seconds`,
/// `write-batch-size`, `write-coalescing`, queue capacity).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct WriteBehind {
    /// The flusher wakes up at this interval, in milliseconds.
    pub flush_interval_ms: f64,
    /// Store writes per batch.
    pub batch_size: u32,
    /// Only the latest value of a key in the window is written.
    pub coalescing: bool,
    /// Entries queued or handed to the store and not yet landed; what happens beyond it
    /// is `when_full`.
    pub queue_capacity: u32,
    pub when_full: QueueFull,
}

impl Default for WriteBehind {
    fn default() -> WriteBehind {
        WriteBehind {
            flush_interval_ms: 1_000.0,
            batch_size: 100,
            coalescing: true,
            queue_capacity: 50_000,
            when_full: QueueFull::Reject,
        }
    }
}

/// What a write does when the write-behind queue is full.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueFull {
    /// The write fails (Hazelcast `ReachedMaxSizeException`): a dropped write.
    #[default]
    Reject,
    /// The writer waits until the queue has room (Ehcache 2 `writeBehindMaxQueueSize`).
    Block,
    /// The write goes synchronously to the store (Infinispan `modification-queue-size`).
    WriteThrough,
    /// The oldest queued write is discarded to make room: a lost write.
    DropOldest,
}

/// The backing store (a database).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Store {
    pub read_latency: Latency,
    pub write_latency: Latency,
    /// Operations in flight at once; more wait in a FIFO queue.
    pub max_concurrency: u32,
    /// A batch of k writes costs one write latency times `1 + batch_item_factor · (k − 1)`.
    pub batch_item_factor: f64,
}

impl Default for Store {
    fn default() -> Store {
        Store {
            read_latency: Latency::LogNormal {
                mean_ms: 5.0,
                p99_ms: 25.0,
            },
            write_latency: Latency::LogNormal {
                mean_ms: 10.0,
                p99_ms: 50.0,
            },
            max_concurrency: 64,
            batch_item_factor: 0.1,
        }
    }
}
