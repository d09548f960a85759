//! What a run produces: a time series of [`Sample`]s and a whole-run [`Summary`].
//!
//! The summary's JSON form is the CLI's `cacheplay run --format json` output, so field
//! names here are a public interface.

pub mod csv;

use super::autoscale::ScaleTo;
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
    /// Rejected by a rate limiter, a 429-style answer (never acknowledged).
    pub rate_limited: u64,
    /// A synchronous store write failed during a store outage, after its retries (never
    /// acknowledged).
    pub store_unavailable: u64,
    /// Acknowledged under write-back, then lost in a cache crash before reaching the store.
    pub lost_on_crash: u64,
}

/// The server pool's size over the run: serving and warming instances, sampled at every
/// autoscaler observation and sample.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instances {
    pub min: u32,
    pub max: u32,
    /// At the end of the run.
    #[serde(rename = "final")]
    pub at_end: u32,
}

/// One autoscaler decision, for the JSON summary.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScaleEvent {
    pub t_s: f64,
    pub from: u32,
    pub to: u32,
    pub reason: String,
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
    /// Requests turned away by a full server queue (reads and writes).
    pub rejected_requests: u64,
    /// Reads rejected by a rate limiter (429-style answers).
    pub rate_limited_reads: u64,
    /// Reads that missed the cache and found the store out (error answers).
    pub failed_reads: u64,
    pub dropped_writes: DroppedWrites,
    pub store_reads: u64,
    /// Values written to the store, counted when the write completes: each item of a
    /// write-behind batch counts; a failed attempt does not.
    pub store_writes: u64,
    /// Store writes sent, counted when handed to the store (waiting for a connection
    /// included): each batched item and each retry counts. Above `store_writes` by the
    /// writes still under way at the end and the failed attempts.
    pub store_writes_started: u64,
    pub coalesced_writes: u64,
    pub evictions: u64,
    pub expirations: u64,
    /// Store reads per simulated second over the run.
    pub store_reads_per_s: f64,
    /// Completed store writes (each batched item counts) per simulated second over the run.
    pub store_writes_per_s: f64,
    /// Busy fraction of all server workers over the run, in [0, 1].
    pub utilisation: f64,
    /// Mean time a request waited for a server worker, over the requests a worker took.
    pub server_wait_ms: f64,
    /// The deepest server queue seen at a sample.
    pub max_server_queue_depth: u64,
    /// The deepest write-behind queue seen at a sample.
    pub max_write_queue_depth: u64,
    /// The oldest acknowledged-but-not-stored write seen at a sample, in milliseconds.
    pub max_oldest_dirty_age_ms: f64,
    /// Serving plus warming instances.
    pub instances: Instances,
    /// The autoscaler's decision log.
    pub scale_events: Vec<ScaleEvent>,
    /// Hex hash over the full sample series: equal digests, identical runs.
    pub digest: String,
}

/// One point of the time series: what happened during the interval ending at `t_s`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// End of the interval, in seconds of simulated time.
    pub t_s: f64,
    /// Requests that arrived in the interval, answered or not (as `reads` and `writes`).
    pub requests: u64,
    pub reads: u64,
    pub writes: u64,
    pub hits: u64,
    pub misses: u64,
    /// Reads answered in the interval, from the cache or the store, whenever they arrived:
    /// exactly the reads `read_p50_ms`…`read_p99_ms` summarise. Those are 0 when this is 0;
    /// with answers, a percentile is 0 only if that share of them took 0 µs (as when every
    /// latency on the way is configured 0 ms). Reads turned away, rate-limited or failed
    /// are never answered.
    pub reads_answered: u64,
    /// Writes acknowledged in the interval, whenever they arrived: exactly the writes
    /// `write_p50_ms`…`write_p99_ms` summarise, with the same rule for 0 as reads.
    pub writes_acknowledged: u64,
    /// Acknowledged values that reached the store in the interval: exactly what
    /// `lag_p99_ms` summarises, with the same rule for 0. A write-through write counts when
    /// it is acknowledged (it was persisted first, with no lag); under write-back each
    /// store-batch item counts once, however many coalesced writes it carries.
    pub values_persisted: u64,
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
    /// Values written to the store, counted when the write completes: each item of a
    /// write-behind batch counts; a failed attempt does not.
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
    /// Instances serving at `t_s` (draining ones excluded).
    pub instances: u32,
    /// Instances launched and not serving yet, at `t_s`.
    pub warming_instances: u32,
    /// Reads rejected by a rate limiter.
    pub rate_limited_reads: u64,
    /// Reads that missed the cache and found the store out.
    pub failed_reads: u64,
    pub dropped_rate_limited: u64,
    pub dropped_store_unavailable: u64,
    pub dropped_lost_on_crash: u64,
    /// Store writes sent in the interval (batched items and retries count), whether or
    /// not they completed.
    pub store_writes_started: u64,
}

/// Where every write went. At any instant, and so at the end of every run:
/// `issued = acknowledged + dropped + in_flight` and
/// `acknowledged = persisted + pending + lost`.
///
/// A write superseded by coalescing counts as persisted when the newer value that
/// replaced it reaches the store. The end of a run drains nothing: what is still queued
/// or in a store batch is `pending`, what has not been answered yet is `in_flight`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    /// Writes that arrived at the server pool.
    pub issued: u64,
    pub acknowledged: u64,
    /// Never acknowledged: rejected by a rate limiter, the server queue or a full
    /// write-behind queue, or failed by a store outage.
    pub dropped: u64,
    /// Issued and neither acknowledged nor dropped yet (queued, in service, blocked).
    pub in_flight: u64,
    /// Acknowledged, and the value (or a newer one that superseded it) reached the store.
    pub persisted: u64,
    /// Acknowledged and not yet in the store: queued or in a store batch (write-behind).
    pub pending: u64,
    /// Acknowledged, then discarded before reaching the store (drop-oldest, cache crash).
    pub lost: u64,
}

/// A finished run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    pub samples: Vec<Sample>,
    pub summary: Summary,
    pub ledger: Ledger,
    /// The autoscaler's decisions, in order (empty without autoscaling).
    pub scale_events: Vec<ScaleTo>,
}

/// 64-bit FNV-1a, fed sample by sample: the bits of each float field, then each count,
/// as little-endian words. Equal digests mean identical sample series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Digest(u64);

impl Default for Digest {
    fn default() -> Digest {
        Digest(0xCBF2_9CE4_8422_2325)
    }
}

impl Digest {
    fn word(&mut self, word: u64) {
        for byte in word.to_le_bytes() {
            self.0 ^= byte as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01B3);
        }
    }

    pub fn add(&mut self, sample: &Sample) {
        let Sample {
            t_s,
            requests,
            reads,
            writes,
            hits,
            misses,
            reads_answered,
            writes_acknowledged,
            values_persisted,
            read_p50_ms,
            read_p95_ms,
            read_p99_ms,
            write_p50_ms,
            write_p95_ms,
            write_p99_ms,
            lag_p99_ms,
            oldest_dirty_age_ms,
            stale_reads,
            rejected_requests,
            dropped_server_queue_full,
            dropped_write_queue_full,
            dropped_write_queue_overflow,
            store_reads,
            store_writes,
            coalesced_writes,
            evictions,
            expirations,
            server_queue_depth,
            write_queue_depth,
            utilisation,
            instances,
            warming_instances,
            rate_limited_reads,
            failed_reads,
            dropped_rate_limited,
            dropped_store_unavailable,
            dropped_lost_on_crash,
            store_writes_started,
        } = *sample;
        // Destructuring (rather than field access) makes a new field a compile error here.
        for float in [
            t_s,
            read_p50_ms,
            read_p95_ms,
            read_p99_ms,
            write_p50_ms,
            write_p95_ms,
            write_p99_ms,
            lag_p99_ms,
            oldest_dirty_age_ms,
            utilisation,
        ] {
            self.word(float.to_bits());
        }
        for count in [
            requests,
            reads,
            writes,
            hits,
            misses,
            reads_answered,
            writes_acknowledged,
            values_persisted,
            stale_reads,
            rejected_requests,
            dropped_server_queue_full,
            dropped_write_queue_full,
            dropped_write_queue_overflow,
            store_reads,
            store_writes,
            coalesced_writes,
            evictions,
            expirations,
            server_queue_depth,
            write_queue_depth,
            instances as u64,
        ] {
            self.word(count);
        }
        // Fields added with traffic control and faults are hashed, tagged with their
        // position, only when non-zero: a run without those features keeps the digest it
        // had before they existed, and any difference in them still changes the digest.
        for (tag, count) in [
            warming_instances as u64,
            rate_limited_reads,
            failed_reads,
            dropped_rate_limited,
            dropped_store_unavailable,
            dropped_lost_on_crash,
            store_writes_started,
        ]
        .into_iter()
        .enumerate()
        {
            if count != 0 {
                self.word(0x7261_7466_0000_0000 | tag as u64);
                self.word(count);
            }
        }
    }

    /// 16 lowercase hex digits.
    pub fn hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_of_nothing_is_the_offset_basis() {
        assert_eq!(Digest::default().hex(), "cbf29ce484222325");
    }

    #[test]
    fn every_field_counts() {
        let mut a = Digest::default();
        a.add(&Sample::default());
        let mut b = Digest::default();
        b.add(&Sample {
            instances: 1,
            ..Sample::default()
        });
        assert_ne!(a, b);
        let mut c = Digest::default();
        c.add(&Sample {
            dropped_lost_on_crash: 1,
            ..Sample::default()
        });
        let mut d = Digest::default();
        d.add(&Sample {
            failed_reads: 1,
            ..Sample::default()
        });
        assert!(c != a && d != a && c != d);
        let mut e = Digest::default();
        e.add(&Sample {
            reads_answered: 1,
            ..Sample::default()
        });
        let mut f = Digest::default();
        f.add(&Sample {
            writes_acknowledged: 1,
            ..Sample::default()
        });
        let mut g = Digest::default();
        g.add(&Sample {
            values_persisted: 1,
            ..Sample::default()
        });
        assert!(e != a && f != a && g != a && e != f && e != g && f != g);
    }
}
