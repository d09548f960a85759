//! What a run produces: a time series of [`Sample`]s and a whole-run [`Summary`].
//!
//! The summary's JSON form is the CLI's `cacheplay run --format json` output, so field
//! names here are a public interface.

use serde::{Deserialize, Serialize};

/// Latency percentiles in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Percentiles {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

/// Consistency-lag percentiles in milliseconds: from a write's acknowledgement to its
/// durability in the store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LagPercentiles {
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
}

/// Writes that were dropped or lost, by cause.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedWrites {
    pub total: u64,
    /// Rejected because the server pool's queue was full (never acknowledged).
    pub server_queue_full: u64,
    /// Rejected because the write-behind queue was full (never acknowledged).
    pub write_queue_full: u64,
    /// Acknowledged, then discarded from a full write-behind queue to make room.
    pub write_queue_overflow: u64,
}

/// The whole run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub requests: u64,
    pub reads: u64,
    pub writes: u64,
    pub hits: u64,
    pub misses: u64,
    pub hit_ratio: f64,
    pub read_latency_ms: Percentiles,
    pub write_latency_ms: Percentiles,
    pub consistency_lag_ms: LagPercentiles,
    pub stale_reads: u64,
    pub rejected_requests: u64,
    pub dropped_writes: DroppedWrites,
    pub store_reads: u64,
    pub store_writes: u64,
    pub coalesced_writes: u64,
    pub evictions: u64,
    pub expirations: u64,
    /// Hex hash over the full sample series: equal digests, identical runs.
    pub digest: String,
}

/// One point of the time series: what happened during the interval ending at `t_s`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// End of the interval, in seconds of simulated time.
    pub t_s: f64,
    pub requests: u64,
    pub reads: u64,
    pub writes: u64,
    pub hits: u64,
    pub misses: u64,
    pub read_p50_ms: f64,
    pub read_p95_ms: f64,
    pub read_p99_ms: f64,
    pub write_p50_ms: f64,
    pub write_p95_ms: f64,
    pub write_p99_ms: f64,
    pub lag_p99_ms: f64,
    /// Age of the oldest write acknowledged but not yet in the store, at `t_s`.
    pub oldest_dirty_age_ms: f64,
    pub stale_reads: u64,
    pub rejected_requests: u64,
    pub dropped_server_queue_full: u64,
    pub dropped_write_queue_full: u64,
    pub dropped_write_queue_overflow: u64,
    pub store_reads: u64,
    pub store_writes: u64,
    pub coalesced_writes: u64,
    pub evictions: u64,
    pub expirations: u64,
    /// Requests waiting for a server worker, at `t_s`.
    pub server_queue_depth: u64,
    /// Writes waiting in the write-behind queue, at `t_s`.
    pub write_queue_depth: u64,
    /// Busy fraction of all server workers over the interval, in [0, 1].
    pub utilisation: f64,
    pub instances: u32,
}

/// A finished run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    pub samples: Vec<Sample>,
    pub summary: Summary,
}
