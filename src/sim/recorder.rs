//! The run's record: its counters, latency histograms and maxima, turned into a [`Sample`]
//! at each interval's end and into the [`Summary`] on demand.
//!
//! The engine adds to [`Recorder::counts`] and the [`Recorder::ledger`] as things happen,
//! and reports latencies, waits and the pool's size through the methods; what only the
//! simulation knows at a sample boundary (queue depths, the oldest dirty write, worker
//! time) it hands over as a [`Gauges`].

use super::autoscale::ScaleTo;
use super::report::{
    Counts, Digest, Instances, LagPercentiles, Ledger, Percentiles, Sample, ScaleEvent, Summary,
};
use super::stats::Histogram;
use super::time::Time;

/// Latency histograms for reads, acknowledged writes and consistency lag.
#[derive(Clone, Debug, Default)]
struct Latencies {
    read: Histogram,
    write: Histogram,
    lag: Histogram,
}

impl Latencies {
    fn clear(&mut self) {
        self.read.clear();
        self.write.clear();
        self.lag.clear();
    }
}

/// The simulation's state at a sample boundary.
#[derive(Clone, Copy, Debug, Default)]
pub struct Gauges {
    /// Worker time so far, `(busy, available)`, in µs.
    pub worker_time: (u64, u64),
    /// The oldest write acknowledged but not yet in the store.
    pub oldest_dirty: Option<Time>,
    pub server_queue_depth: u64,
    pub write_queue_depth: u64,
    /// Instances serving (draining ones excluded).
    pub serving: u32,
    /// Instances launched and not serving yet.
    pub warming: u32,
}

/// Everything a run counts, and its samples so far.
#[derive(Clone, Debug)]
pub struct Recorder {
    /// Counts in the current sampling interval.
    pub counts: Counts,
    /// Where every write went so far, except `pending`, which the queues know.
    pub ledger: Ledger,
    /// Counts of the intervals already sampled.
    total: Counts,
    interval_latency: Latencies,
    total_latency: Latencies,
    samples: Vec<Sample>,
    digest: Digest,
    end: Time,
    sample_interval: Time,
    /// The end of the current sampling interval; `None` once the last sample is out.
    next_sample: Option<Time>,
    last_sample: Time,
    /// Worker time `(busy, available)` at the previous sample.
    sampled_worker_time: (u64, u64),
    max_server_queue_depth: u64,
    max_write_queue_depth: u64,
    max_oldest_dirty_age: Time,
    instances: Instances,
    /// Total µs that requests a worker took had waited for it, and how many.
    wait_us: u64,
    waits: u64,
    scale_events: Vec<ScaleTo>,
}

impl Recorder {
    /// A record of a run that ends at `end`, sampled every `sample_interval` (at least
    /// 1 µs), starting with `instances` serving.
    pub fn new(end: Time, sample_interval: Time, instances: u32) -> Recorder {
        Recorder {
            counts: Counts::default(),
            ledger: Ledger::default(),
            total: Counts::default(),
            interval_latency: Latencies::default(),
            total_latency: Latencies::default(),
            samples: Vec::new(),
            digest: Digest::default(),
            end,
            sample_interval,
            next_sample: Some(sample_interval.min(end)),
            last_sample: Time::ZERO,
            sampled_worker_time: (0, 0),
            max_server_queue_depth: 0,
            max_write_queue_depth: 0,
            max_oldest_dirty_age: Time::ZERO,
            instances: Instances {
                min: instances,
                max: instances,
                at_end: instances,
            },
            wait_us: 0,
            waits: 0,
            scale_events: Vec::new(),
        }
    }

    /// A read answered after `latency` µs.
    pub fn read_answered(&mut self, latency: u64) {
        self.interval_latency.read.record(latency);
        self.total_latency.read.record(latency);
    }

    /// A write acknowledged after `latency` µs.
    pub fn write_acknowledged(&mut self, latency: u64) {
        self.interval_latency.write.record(latency);
        self.total_latency.write.record(latency);
    }

    /// A value reached the store `lag` µs after its write was acknowledged.
    pub fn persisted(&mut self, lag: u64) {
        self.interval_latency.lag.record(lag);
        self.total_latency.lag.record(lag);
    }

    /// A worker took a request that had waited `wait` µs for it.
    pub fn waited(&mut self, wait: u64) {
        self.wait_us += wait;
        self.waits += 1;
    }

    /// The autoscaler decided; `instances` are now serving or warming.
    pub fn scaled(&mut self, decision: ScaleTo, instances: u32) {
        self.scale_events.push(decision);
        self.instances.min = self.instances.min.min(instances);
        self.instances.max = self.instances.max.max(instances);
        self.instances.at_end = instances;
    }

    /// The autoscaler's decisions so far.
    pub fn scale_events(&self) -> &[ScaleTo] {
        &self.scale_events
    }

    /// The end of the earliest interval not yet sampled, if it is at or before `time`.
    pub fn sample_due(&self, time: Time) -> Option<Time> {
        self.next_sample.filter(|&at| at <= time)
    }

    pub fn is_finished(&self) -> bool {
        self.next_sample.is_none()
    }

    /// Every sample so far.
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// Closes the interval ending at `at`, the one [`Recorder::sample_due`] named, into a
    /// sample.
    pub fn sample(&mut self, at: Time, gauges: Gauges) {
        let (busy, available) = gauges.worker_time;
        let (busy_before, available_before) = self.sampled_worker_time;
        self.sampled_worker_time = gauges.worker_time;
        let capacity_us = (available - available_before) as f64;
        let oldest_dirty_age = gauges
            .oldest_dirty
            .map_or(Time::ZERO, |oldest| at.since(oldest));
        let latency = &self.interval_latency;
        let sample = Sample {
            t_s: at.as_s(),
            // The histograms' own counts, so a count and its percentiles always agree.
            reads_answered: latency.read.count(),
            writes_acknowledged: latency.write.count(),
            values_persisted: latency.lag.count(),
            read_p50_ms: latency.read.quantile_ms(0.50),
            read_p95_ms: latency.read.quantile_ms(0.95),
            read_p99_ms: latency.read.quantile_ms(0.99),
            write_p50_ms: latency.write.quantile_ms(0.50),
            write_p95_ms: latency.write.quantile_ms(0.95),
            write_p99_ms: latency.write.quantile_ms(0.99),
            lag_p99_ms: latency.lag.quantile_ms(0.99),
            oldest_dirty_age_ms: oldest_dirty_age.as_ms(),
            server_queue_depth: gauges.server_queue_depth,
            write_queue_depth: gauges.write_queue_depth,
            utilisation: if capacity_us > 0.0 {
                (busy - busy_before) as f64 / capacity_us
            } else {
                0.0
            },
            instances: gauges.serving,
            warming_instances: gauges.warming,
            ..Sample::default()
        }
        .with_counts(&self.counts);
        self.digest.add(&sample);
        self.samples.push(sample);
        self.total.add(&self.counts);
        self.counts = Counts::default();
        self.interval_latency.clear();
        self.last_sample = at;
        self.max_server_queue_depth = self.max_server_queue_depth.max(gauges.server_queue_depth);
        self.max_write_queue_depth = self.max_write_queue_depth.max(gauges.write_queue_depth);
        self.max_oldest_dirty_age = self.max_oldest_dirty_age.max(oldest_dirty_age);
        self.next_sample = (at < self.end).then(|| (at + self.sample_interval).min(self.end));
    }

    /// The run so far: counts up to now, plus `uncounted` (counts the simulation has not
    /// handed over yet), and latencies of the requests answered so far.
    pub fn summary(&self, uncounted: &Counts) -> Summary {
        let mut counts = self.total;
        counts.add(&self.counts);
        counts.add(uncounted);
        let latency = &self.total_latency;
        let percentiles = |histogram: &Histogram| Percentiles {
            p50: histogram.quantile_ms(0.50),
            p95: histogram.quantile_ms(0.95),
            p99: histogram.quantile_ms(0.99),
            max: histogram.max_ms(),
        };
        // Rates and utilisation cover the sampled part of the run.
        let elapsed_s = self.last_sample.as_s();
        let per_s = |count: u64| {
            if elapsed_s > 0.0 {
                count as f64 / elapsed_s
            } else {
                0.0
            }
        };
        let lookups = counts.hits + counts.misses;
        let (busy_us, workers_us) = self.sampled_worker_time;
        Summary {
            hit_ratio: if lookups > 0 {
                counts.hits as f64 / lookups as f64
            } else {
                0.0
            },
            read_latency_ms: percentiles(&latency.read),
            write_latency_ms: percentiles(&latency.write),
            consistency_lag_ms: LagPercentiles {
                p50: latency.lag.quantile_ms(0.50),
                p99: latency.lag.quantile_ms(0.99),
                max: latency.lag.max_ms(),
            },
            store_reads_per_s: per_s(self.total.store_reads),
            store_writes_per_s: per_s(self.total.store_writes),
            utilisation: if workers_us > 0 {
                busy_us as f64 / workers_us as f64
            } else {
                0.0
            },
            server_wait_ms: if self.waits > 0 {
                self.wait_us as f64 / self.waits as f64 / 1_000.0
            } else {
                0.0
            },
            max_server_queue_depth: self.max_server_queue_depth,
            max_write_queue_depth: self.max_write_queue_depth,
            max_oldest_dirty_age_ms: self.max_oldest_dirty_age.as_ms(),
            instances: self.instances,
            scale_events: self
                .scale_events
                .iter()
                .map(|decision| ScaleEvent {
                    t_s: decision.at.as_s(),
                    from: decision.from,
                    to: decision.to,
                    reason: decision.reason.to_string(),
                })
                .collect(),
            digest: self.digest.hex(),
            ..Summary::default()
        }
        .with_counts(&counts)
    }

    /// The samples and the autoscaler's decisions, for a finished run.
    pub fn into_parts(self) -> (Vec<Sample>, Vec<ScaleTo>) {
        (self.samples, self.scale_events)
    }
}
