//! What a run produces: a time series of [`Sample`]s and a whole-run [`Summary`].
//!
//! The summary's JSON form is the CLI's `cacheplay run --format json` output, and the
//! sample's fields, in declaration order, are the columns of its CSV, so field names and
//! their order here are a public interface.
//!
//! Every counter is declared once, in the `counters!` table below, which generates
//! [`Counts`] (what the engine adds to, through [`super::recorder::Recorder`]), the
//! counter fields of [`Sample`] and [`Summary`] in their places, and their part of
//! [`Digest::add`].

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

/// Generates [`Counts`], [`Sample`], [`Summary`], [`DroppedWrites`], [`StaleReads`] and
/// [`Digest::add`] from the counter table: the structs below are templates, and each
/// `$(…)*` is where a list of the table lands.
///
/// The table has one list per place a counter takes in the summary (`arrivals` open it,
/// `outcomes` follow the latencies, `dropped_writes` and `stale_reads_by_cause` are its
/// nested objects, `store` comes last), each split in two. The `dense` counters are hashed into the digest at every
/// sample; the `sparse` ones, added with traffic control and faults, only when non-zero,
/// tagged with their position, so a run without those features keeps the digest it had
/// before they existed. In a sample, the `dense` lists are columns before the gauges and
/// the `sparse` lists the last columns. A dropped-write or stale-read cause has two
/// names: its key in the summary's nested object and its sample column.
macro_rules! counters {
    (
        arrivals { $( $(#[$a_doc:meta])* $a:ident, )* }
        outcomes {
            dense { $( $(#[$o_doc:meta])* $o:ident, )* }
            sparse { $( $(#[$os_doc:meta])* $os:ident, )* }
        }
        dropped_writes {
            dense { $( $(#[$d_doc:meta])* $d:ident / $d_col:ident, )* }
            sparse { $( $(#[$ds_doc:meta])* $ds:ident / $ds_col:ident, )* }
        }
        store {
            dense { $( $(#[$s_doc:meta])* $s:ident, )* }
            sparse { $( $(#[$ss_doc:meta])* $ss:ident, )* }
        }
        stale_reads_by_cause {
            sparse { $( $(#[$st_doc:meta])* $st:ident / $st_col:ident, )* }
        }
    ) => {
        /// Every counter, named by its sample column: one interval's counts, or the run's.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        pub struct Counts {
            $( $(#[$a_doc])* pub $a: u64, )*
            $( $(#[$o_doc])* pub $o: u64, )*
            $( $(#[$os_doc])* pub $os: u64, )*
            $( $(#[$d_doc])* pub $d_col: u64, )*
            $( $(#[$ds_doc])* pub $ds_col: u64, )*
            $( $(#[$s_doc])* pub $s: u64, )*
            $( $(#[$ss_doc])* pub $ss: u64, )*
            $( $(#[$st_doc])* pub $st_col: u64, )*
        }

        impl Counts {
            pub fn add(&mut self, other: &Counts) {
                $( self.$a += other.$a; )*
                $( self.$o += other.$o; )*
                $( self.$os += other.$os; )*
                $( self.$d_col += other.$d_col; )*
                $( self.$ds_col += other.$ds_col; )*
                $( self.$s += other.$s; )*
                $( self.$ss += other.$ss; )*
                $( self.$st_col += other.$st_col; )*
            }
        }

        /// Writes that were dropped or lost, by cause.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        pub struct DroppedWrites {
            pub total: u64,
            $( $(#[$d_doc])* pub $d: u64, )*
            $( $(#[$ds_doc])* pub $ds: u64, )*
        }

        /// Stale reads by cause: every stale read has exactly one, so they sum to
        /// `stale_reads`.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        pub struct StaleReads {
            $( $(#[$st_doc])* pub $st: u64, )*
        }

        /// The whole run.
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        pub struct Summary {
            $( $(#[$a_doc])* pub $a: u64, )*
            pub hit_ratio: f64,
            pub read_latency_ms: Percentiles,
            pub write_latency_ms: Percentiles,
            pub consistency_lag_ms: LagPercentiles,
            $( $(#[$o_doc])* pub $o: u64, )*
            $( $(#[$os_doc])* pub $os: u64, )*
            pub stale_reads_by_cause: StaleReads,
            pub dropped_writes: DroppedWrites,
            $( $(#[$s_doc])* pub $s: u64, )*
            $( $(#[$ss_doc])* pub $ss: u64, )*
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

        impl Summary {
            /// `self` with the counters of `counts`, and their total per dropped-write cause.
            pub fn with_counts(self, counts: &Counts) -> Summary {
                Summary {
                    $( $a: counts.$a, )*
                    $( $o: counts.$o, )*
                    $( $os: counts.$os, )*
                    stale_reads_by_cause: StaleReads {
                        $( $st: counts.$st_col, )*
                    },
                    dropped_writes: DroppedWrites {
                        total: 0 $( + counts.$d_col )* $( + counts.$ds_col )*,
                        $( $d: counts.$d_col, )*
                        $( $ds: counts.$ds_col, )*
                    },
                    $( $s: counts.$s, )*
                    $( $ss: counts.$ss, )*
                    ..self
                }
            }
        }

        /// One point of the time series: what happened during the interval ending at `t_s`.
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        pub struct Sample {
            /// End of the interval, in seconds of simulated time.
            pub t_s: f64,
            $( $(#[$a_doc])* pub $a: u64, )*
            /// Reads answered in the interval, from the cache or the store, whenever they
            /// arrived: exactly the reads `read_p50_ms`…`read_p99_ms` summarise. Those are 0
            /// when this is 0; with answers, a percentile is 0 only if that share of them
            /// took 0 µs (as when every latency on the way is configured 0 ms). Reads turned
            /// away, rate-limited or failed are never answered.
            pub reads_answered: u64,
            /// Writes acknowledged in the interval, whenever they arrived: exactly the writes
            /// `write_p50_ms`…`write_p99_ms` summarise, with the same rule for 0 as reads.
            pub writes_acknowledged: u64,
            /// Acknowledged values that reached the store in the interval: exactly what
            /// `lag_p99_ms` summarises, with the same rule for 0. A write-through write counts
            /// when it is acknowledged (it was persisted first, with no lag); under write-back
            /// each store-batch item counts once, however many coalesced writes it carries.
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
            $( $(#[$o_doc])* pub $o: u64, )*
            $( $(#[$d_doc])* pub $d_col: u64, )*
            $( $(#[$s_doc])* pub $s: u64, )*
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
            $( $(#[$os_doc])* pub $os: u64, )*
            $( $(#[$ds_doc])* pub $ds_col: u64, )*
            $( $(#[$ss_doc])* pub $ss: u64, )*
            $( $(#[$st_doc])* pub $st_col: u64, )*
        }

        impl Sample {
            /// `self` with the counters of `counts`.
            pub fn with_counts(self, counts: &Counts) -> Sample {
                Sample {
                    $( $a: counts.$a, )*
                    $( $o: counts.$o, )*
                    $( $os: counts.$os, )*
                    $( $d_col: counts.$d_col, )*
                    $( $ds_col: counts.$ds_col, )*
                    $( $s: counts.$s, )*
                    $( $ss: counts.$ss, )*
                    $( $st_col: counts.$st_col, )*
                    ..self
                }
            }
        }

        impl Digest {
            pub fn add(&mut self, sample: &Sample) {
                let Sample {
                    t_s,
                    $( $a, )*
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
                    $( $o, )*
                    $( $d_col, )*
                    $( $s, )*
                    server_queue_depth,
                    write_queue_depth,
                    utilisation,
                    instances,
                    warming_instances,
                    $( $os, )*
                    $( $ds_col, )*
                    $( $ss, )*
                    $( $st_col, )*
                } = *sample;
                // Destructuring (rather than field access) makes a new field a compile
                // error here.
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
                    $( $a, )*
                    reads_answered,
                    writes_acknowledged,
                    values_persisted,
                    $( $o, )*
                    $( $d_col, )*
                    $( $s, )*
                    server_queue_depth,
                    write_queue_depth,
                    instances as u64,
                ] {
                    self.word(count);
                }
                // The sparse fields are hashed, tagged with their position, only when
                // non-zero: a run without the features they count keeps the digest it had
                // before they existed, and any difference in them still changes the digest.
                for (tag, count) in [
                    warming_instances as u64,
                    $( $os, )*
                    $( $ds_col, )*
                    $( $ss, )*
                    $( $st_col, )*
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
        }
    };
}

// The one declaration of every counter. A new counter goes at the end of the last
// `sparse` list, so that the CSV's columns and every existing digest stay as they are.
counters! {
    arrivals {
        /// Requests that arrived, answered or not (as `reads` and `writes`).
        requests,
        reads,
        writes,
        hits,
        misses,
    }
    outcomes {
        dense {
            stale_reads,
            /// Requests turned away by a full server queue (reads and writes).
            rejected_requests,
        }
        sparse {
            /// Reads rejected by a rate limiter (429-style answers).
            rate_limited_reads,
            /// Reads that missed the cache and found the store out (error answers).
            failed_reads,
        }
    }
    dropped_writes {
        dense {
            /// Rejected because the server pool's queue was full (never acknowledged).
            server_queue_full / dropped_server_queue_full,
            /// Rejected because the write-behind queue was full (never acknowledged).
            write_queue_full / dropped_write_queue_full,
            /// Acknowledged, then discarded from a full write-behind queue to make room.
            write_queue_overflow / dropped_write_queue_overflow,
        }
        sparse {
            /// Rejected by a rate limiter, a 429-style answer (never acknowledged).
            rate_limited / dropped_rate_limited,
            /// A synchronous store write failed during a store outage, after its retries
            /// (never acknowledged).
            store_unavailable / dropped_store_unavailable,
            /// Acknowledged under write-back, then lost in a cache crash before reaching
            /// the store.
            lost_on_crash / dropped_lost_on_crash,
        }
    }
    store {
        dense {
            store_reads,
            /// Values written to the store, counted when the write completes: each item of a
            /// write-behind batch counts; a failed attempt does not.
            store_writes,
            coalesced_writes,
            evictions,
            expirations,
        }
        sparse {
            /// Store writes sent, counted when handed to the store (waiting for a connection
            /// included): each batched item and each retry counts. Above `store_writes` by
            /// the writes still under way at the end and the failed attempts.
            store_writes_started,
        }
    }
    stale_reads_by_cause {
        sparse {
            /// The value was filled by a read that missed after a write-around write had
            /// invalidated the entry, and read the store before that write landed.
            invalidate_before_store_race / stale_invalidate_before_store_race,
            /// The value was loaded from the store by a read before a write landed, and
            /// filled into the cache after that write's invalidation or update.
            refill_race / stale_refill_race,
            /// Two writes' cache updates landed out of order (each cache operation takes
            /// its own sampled latency), leaving the older value cached.
            update_reorder / stale_update_reorder,
            /// Read from the store while the newest acknowledged write-back value was
            /// still on its way there (its key had left the cache; a flush was in flight).
            unflushed_write_back / stale_unflushed_write_back,
            /// Read from the store after the newest acknowledged write-back value was lost
            /// (a cache crash, or a full queue dropping its oldest), so the store's older
            /// value is all there is.
            lost_write_back / stale_lost_write_back,
        }
    }
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

    /// 16 lowercase hex digits.
    pub fn hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The sum of every number in `value`, however deep.
    fn sum(value: &Value) -> f64 {
        match value {
            Value::Number(number) => number.as_f64().unwrap(),
            Value::Array(items) => items.iter().map(sum).sum(),
            Value::Object(fields) => fields.values().map(sum).sum(),
            _ => 0.0,
        }
    }

    #[test]
    fn every_counter_reaches_its_column_its_summary_key_and_the_digest() {
        let counts = serde_json::to_value(Counts::default()).unwrap();
        let names: Vec<&String> = counts.as_object().unwrap().keys().collect();
        let mut digests = vec![{
            let mut digest = Digest::default();
            digest.add(&Sample::default());
            digest
        }];
        for name in &names {
            let mut one = counts.clone();
            one[name] = 7.into();
            let counts: Counts = serde_json::from_value(one).unwrap();

            let sample = Sample::default().with_counts(&counts);
            let sample_json = serde_json::to_value(&sample).unwrap();
            assert_eq!(sample_json[name], 7, "{name} in a sample");
            assert_eq!(sum(&sample_json), 7.0, "{name} alone in a sample");

            let text = csv::samples_csv(std::slice::from_ref(&sample));
            let mut lines = text.lines();
            let header: Vec<&str> = lines.next().unwrap().split(',').collect();
            let row: Vec<&str> = lines.next().unwrap().split(',').collect();
            let column = header.iter().position(|column| column == name).unwrap();
            assert_eq!(row[column], "7", "{name} in the CSV");

            let summary = serde_json::to_value(Summary::default().with_counts(&counts)).unwrap();
            let stale_cause = name
                .strip_prefix("stale_")
                .filter(|&cause| cause != "reads");
            match (name.strip_prefix("dropped_"), stale_cause) {
                (Some(cause), _) => {
                    assert_eq!(summary["dropped_writes"][cause], 7, "{name} in the summary");
                    assert_eq!(summary["dropped_writes"]["total"], 7, "{name} in the total");
                    assert_eq!(sum(&summary), 14.0, "{name} alone in the summary");
                }
                (None, Some(cause)) => {
                    let by_cause = &summary["stale_reads_by_cause"];
                    assert_eq!(by_cause[cause], 7, "{name} in the summary");
                    assert_eq!(sum(&summary), 7.0, "{name} alone in the summary");
                }
                (None, None) => {
                    assert_eq!(summary[name], 7, "{name} in the summary");
                    assert_eq!(sum(&summary), 7.0, "{name} alone in the summary");
                }
            }

            let mut digest = Digest::default();
            digest.add(&sample);
            assert!(!digests.contains(&digest), "{name} has a digest of its own");
            digests.push(digest);
        }
    }

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
