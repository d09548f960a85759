//! What each chart shows: its series, units and axes, as data over [`Sample`]s.
//!
//! The drawing lives in `chart`; this module is pure, so the arithmetic (rates per
//! second, stacking) is tested natively.

use crate::sim::Sample;
use crate::ui::format;
use std::sync::OnceLock;

/// The unit of a chart axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Ms,
    PerSecond,
    /// A fraction in [0, 1], shown as a percentage.
    Ratio,
    Count,
}

impl Unit {
    pub fn format(self, value: f64) -> String {
        match self {
            Unit::Ms => format::millis(value),
            Unit::PerSecond => format!("{}/s", format::metric(value)),
            Unit::Ratio => format::percent(value),
            Unit::Count => format::metric(value),
        }
    }

    /// What the axis counts, in words (for a caption).
    pub fn name(self) -> &'static str {
        match self {
            Unit::Ms => "milliseconds",
            Unit::PerSecond => "per second",
            Unit::Ratio => "percent",
            Unit::Count => "count",
        }
    }

    /// A short tick label: no unit name for percentages' decimals, the unit otherwise.
    pub fn tick(self, value: f64) -> String {
        match self {
            Unit::Ratio => format!("{} %", format::significant(value * 100.0)),
            Unit::PerSecond => format::metric(value),
            Unit::Ms => format::millis(value),
            Unit::Count => format::metric(value),
        }
    }
}

/// One line (or band, when stacked) of a chart.
pub struct Series {
    pub label: &'static str,
    /// Index into the palette (`--series-N` in the stylesheet).
    pub color: usize,
    /// The value of a sample; the second argument is the sample interval in seconds,
    /// for counts shown per second. `NaN` is a gap (a ratio of nothing).
    pub value: fn(&Sample, f64) -> f64,
    /// Drawn as a band on top of the previous stacked series.
    pub stacked: bool,
    /// Against the right-hand axis.
    pub right: bool,
}

pub struct ChartSpec {
    /// Stable id, for `data-testid="chart-{id}"`.
    pub id: &'static str,
    pub title: &'static str,
    pub unit: Unit,
    pub right_unit: Option<Unit>,
    /// A fixed top of the left axis (1 for ratios); otherwise the data's maximum.
    pub fixed_max: Option<f64>,
    pub series: Vec<Series>,
    /// One sentence on how to read it.
    pub help: &'static str,
}

impl ChartSpec {
    /// Whether the chart offers a logarithmic value axis: the latency and lag charts, where
    /// one slow interval (a timeout, an outage) would flatten every other to the baseline.
    pub fn offers_log(&self) -> bool {
        self.unit == Unit::Ms
    }
}

fn per_s(count: u64, interval_s: f64) -> f64 {
    if interval_s > 0.0 {
        count as f64 / interval_s
    } else {
        f64::NAN
    }
}

/// A ratio with the empty case as a gap rather than a misleading zero.
fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        f64::NAN
    } else {
        part as f64 / whole as f64
    }
}

/// A latency percentile of an interval that answered `answered` requests of its kind: a
/// gap where it answered none (its percentiles are 0 then, but mean nothing), the value
/// otherwise, 0 ms included, as when every latency is configured 0 ms.
fn latency(value: f64, answered: u64) -> f64 {
    if answered > 0 {
        value
    } else {
        f64::NAN
    }
}

fn line(label: &'static str, color: usize, value: fn(&Sample, f64) -> f64) -> Series {
    Series {
        label,
        color,
        value,
        stacked: false,
        right: false,
    }
}

fn band(label: &'static str, color: usize, value: fn(&Sample, f64) -> f64) -> Series {
    Series {
        stacked: true,
        ..line(label, color, value)
    }
}

/// Every chart, in page order.
pub fn catalogue() -> &'static [ChartSpec] {
    static CHARTS: OnceLock<Vec<ChartSpec>> = OnceLock::new();
    CHARTS.get_or_init(|| {
        vec![
            ChartSpec {
                id: "read-latency",
                title: "Read latency",
                unit: Unit::Ms,
                right_unit: None,
                fixed_max: None,
                series: vec![
                    line("p50", 0, |s, _| latency(s.read_p50_ms, s.reads_answered)),
                    line("p95", 1, |s, _| latency(s.read_p95_ms, s.reads_answered)),
                    line("p99", 2, |s, _| latency(s.read_p99_ms, s.reads_answered)),
                ],
                help: "Time from arrival to answer for the reads answered in each interval, queueing included; a gap where no read was answered, 0 ms where answers took no time.",
            },
            ChartSpec {
                id: "write-latency",
                title: "Write latency",
                unit: Unit::Ms,
                right_unit: None,
                fixed_max: None,
                series: vec![
                    line("p50", 0, |s, _| latency(s.write_p50_ms, s.writes_acknowledged)),
                    line("p95", 1, |s, _| latency(s.write_p95_ms, s.writes_acknowledged)),
                    line("p99", 2, |s, _| latency(s.write_p99_ms, s.writes_acknowledged)),
                ],
                help: "Time from arrival to acknowledgement for the writes acknowledged in each interval: write-back acknowledges before the store; a gap where no write was acknowledged, 0 ms where acknowledgements took no time.",
            },
            ChartSpec {
                id: "consistency-lag",
                title: "Consistency lag",
                unit: Unit::Ms,
                right_unit: None,
                fixed_max: None,
                series: vec![
                    line("lag p99", 3, |s, _| latency(s.lag_p99_ms, s.values_persisted)),
                    line("oldest dirty write", 4, |s, _| s.oldest_dirty_age_ms),
                ],
                help: "How long acknowledged writes wait to reach the store: p99 over the values persisted in each interval (a gap where none reached it; 0 ms for write-through), and the age of the oldest write still waiting.",
            },
            ChartSpec {
                id: "stale-reads",
                title: "Stale reads & expirations",
                unit: Unit::PerSecond,
                right_unit: None,
                fixed_max: None,
                series: vec![
                    line("stale reads", 2, |s, dt| per_s(s.stale_reads, dt)),
                    line("expirations", 5, |s, dt| per_s(s.expirations, dt)),
                ],
                help: "Reads answered with a value older than the store's, and entries whose TTL ran out, per second in each interval.",
            },
            ChartSpec {
                id: "drops",
                title: "Dropped writes",
                unit: Unit::PerSecond,
                right_unit: None,
                fixed_max: None,
                series: vec![
                    band("server queue full", 2, |s, dt| {
                        per_s(s.dropped_server_queue_full, dt)
                    }),
                    band("write queue full", 4, |s, dt| {
                        per_s(s.dropped_write_queue_full, dt)
                    }),
                    band("write queue overflow", 5, |s, dt| {
                        per_s(s.dropped_write_queue_overflow, dt)
                    }),
                    band("rate limited", 1, |s, dt| per_s(s.dropped_rate_limited, dt)),
                    band("store unavailable", 3, |s, dt| {
                        per_s(s.dropped_store_unavailable, dt)
                    }),
                    band("lost on crash", 0, |s, dt| per_s(s.dropped_lost_on_crash, dt)),
                ],
                help: "Writes dropped or lost, stacked by cause.",
            },
            ChartSpec {
                id: "turned-away",
                title: "Requests turned away & failed reads",
                unit: Unit::PerSecond,
                right_unit: None,
                fixed_max: None,
                series: vec![
                    line("server queue full", 2, |s, dt| per_s(s.rejected_requests, dt)),
                    line("rate-limited reads", 1, |s, dt| {
                        per_s(s.rate_limited_reads, dt)
                    }),
                    line("failed reads", 3, |s, dt| per_s(s.failed_reads, dt)),
                ],
                help: "Requests a full server queue turned away, reads a rate limiter refused (429), and reads that missed the cache while the store was out.",
            },
            ChartSpec {
                id: "hit-ratio",
                title: "Hit ratio",
                unit: Unit::Ratio,
                right_unit: None,
                fixed_max: Some(1.0),
                series: vec![line("hit ratio", 0, |s, _| ratio(s.hits, s.hits + s.misses))],
                help: "Share of cache lookups answered from the cache in each interval.",
            },
            ChartSpec {
                id: "throughput",
                title: "Throughput & store operations",
                unit: Unit::PerSecond,
                right_unit: None,
                fixed_max: None,
                series: vec![
                    line("requests", 0, |s, dt| per_s(s.requests, dt)),
                    line("store reads", 3, |s, dt| per_s(s.store_reads, dt)),
                    line("store writes", 1, |s, dt| per_s(s.store_writes, dt)),
                ],
                help: "Requests arriving, and the load they put on the backing store.",
            },
            ChartSpec {
                id: "instances",
                title: "Instances & utilisation",
                unit: Unit::Ratio,
                right_unit: Some(Unit::Count),
                fixed_max: Some(1.0),
                series: vec![
                    line("utilisation", 0, |s, _| s.utilisation),
                    Series {
                        right: true,
                        ..line("serving", 3, |s, _| f64::from(s.instances))
                    },
                    Series {
                        right: true,
                        ..line("warming up", 1, |s, _| f64::from(s.warming_instances))
                    },
                ],
                help: "Busy share of all server workers (left), and instances serving and booting (right); the autoscaler's decisions are listed below.",
            },
            ChartSpec {
                id: "queues",
                title: "Queue depth",
                unit: Unit::Count,
                right_unit: None,
                fixed_max: None,
                series: vec![
                    line("write-behind queue", 4, |s, _| s.write_queue_depth as f64),
                    line("server queue", 2, |s, _| s.server_queue_depth as f64),
                ],
                help: "Writes waiting for the store and requests waiting for a worker, at each sample.",
            },
        ]
    })
}

/// Each series of `spec` as `(t_s, y)` points, stacked series cumulated in order.
pub fn columns(spec: &ChartSpec, samples: &[Sample], interval_s: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = spec
        .series
        .iter()
        .map(|_| Vec::with_capacity(samples.len()))
        .collect();
    for sample in samples {
        let mut stack = 0.0;
        for (series, column) in spec.series.iter().zip(out.iter_mut()) {
            let value = (series.value)(sample, interval_s);
            let y = if series.stacked {
                // A gap in a band counts as nothing, so the bands above stay put.
                stack += if value.is_finite() { value } else { 0.0 };
                stack
            } else {
                value
            };
            column.push((sample.t_s, y));
        }
    }
    out
}

/// The outline of the stacked band `column` (cumulative, as [`columns`] gives it) over
/// `below`, the band under it at the same times (`None`: the baseline). A band's top edge
/// is its own only where the band has thickness; elsewhere it lies on the band below,
/// whose colour it must keep, so a band of zeros drawn last does not paint over the
/// others. The outline keeps the segments with thickness at either end and breaks (a
/// point with a NaN value) around the rest.
pub fn stack_outline(column: &[(f64, f64)], below: Option<&[(f64, f64)]>) -> Vec<(f64, f64)> {
    let thick = |i: usize| column[i].1 - below.map_or(0.0, |base| base[i].1) > 0.0;
    let mut outline = Vec::with_capacity(column.len());
    for i in 0..column.len() {
        let from_before = i > 0 && (thick(i - 1) || thick(i));
        let to_after = i + 1 < column.len() && (thick(i) || thick(i + 1));
        let alone = column.len() == 1 && thick(i);
        if !(from_before || to_after || alone) {
            continue;
        }
        if !from_before && outline.last().is_some_and(|p: &(f64, f64)| p.1.is_finite()) {
            outline.push((column[i].0, f64::NAN));
        }
        outline.push(column[i]);
    }
    outline
}

/// The samples a chart's data table lists, of `len`: all of them up to `max_rows`, else
/// every n-th (n as small as fits) and always the last, so the table ends where the chart
/// does.
pub fn table_rows(len: usize, max_rows: usize) -> Vec<usize> {
    if len == 0 || max_rows == 0 {
        return Vec::new();
    }
    // The last row is added after the stride's, so the stride leaves room for it.
    let every = if len <= max_rows {
        1
    } else {
        len.div_ceil(max_rows - 1).max(1)
    };
    let mut rows: Vec<usize> = (0..len).step_by(every).collect();
    if rows.last() != Some(&(len - 1)) {
        rows.push(len - 1);
    }
    rows
}

/// The index of the sample nearest to `t_s` (samples ascend in time).
pub fn nearest(samples: &[Sample], t_s: f64) -> Option<usize> {
    if samples.is_empty() {
        return None;
    }
    let after = samples.partition_point(|s| s.t_s < t_s);
    if after == 0 {
        return Some(0);
    }
    if after == samples.len() {
        return Some(samples.len() - 1);
    }
    let before = after - 1;
    Some(if t_s - samples[before].t_s <= samples[after].t_s - t_s {
        before
    } else {
        after
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(id: &str) -> &'static ChartSpec {
        catalogue().iter().find(|c| c.id == id).unwrap()
    }

    fn sample(t_s: f64) -> Sample {
        Sample {
            t_s,
            ..Sample::default()
        }
    }

    #[test]
    fn ids_are_unique() {
        let ids: std::collections::BTreeSet<&str> = catalogue().iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), catalogue().len());
    }

    #[test]
    fn log_scales_are_offered_for_latencies_and_lag() {
        let offered: Vec<&str> = catalogue()
            .iter()
            .filter(|spec| spec.offers_log())
            .map(|spec| spec.id)
            .collect();
        assert_eq!(
            offered,
            ["read-latency", "write-latency", "consistency-lag"]
        );
    }

    #[test]
    fn tables_list_every_sample_or_every_nth_and_the_last() {
        assert_eq!(table_rows(3, 5), [0, 1, 2]);
        // 10 samples in 4 rows: every 10 / 3 → 4th (0, 4, 8) and the last, 9.
        assert_eq!(table_rows(10, 4), [0, 4, 8, 9]);
        // 9 in 5: every 9 / 4 → 3rd (0, 3, 6) and 8.
        assert_eq!(table_rows(9, 5), [0, 3, 6, 8]);
        assert_eq!(table_rows(0, 5), Vec::<usize>::new());
        assert!(table_rows(100_000, 200).len() <= 200);
    }

    #[test]
    fn drops_stack_per_second() {
        // Interval 0.5 s: drops of 1, 2, 3, 1, 2, 0 are 2, 4, 6, 2, 4, 0 per second,
        // stacked 2, 6, 12, 14, 18, 18.
        let s = Sample {
            dropped_server_queue_full: 1,
            dropped_write_queue_full: 2,
            dropped_write_queue_overflow: 3,
            dropped_rate_limited: 1,
            dropped_store_unavailable: 2,
            dropped_lost_on_crash: 0,
            ..sample(0.5)
        };
        let columns = columns(chart("drops"), &[s], 0.5);
        let ys: Vec<f64> = columns.iter().map(|c| c[0].1).collect();
        assert_eq!(ys, vec![2.0, 6.0, 12.0, 14.0, 18.0, 18.0]);
        assert!(columns.iter().all(|c| c[0].0 == 0.5));
    }

    /// The y values of points, NaN written as `None`, for comparing outlines.
    fn ys(points: &[(f64, f64)]) -> Vec<Option<f64>> {
        points
            .iter()
            .map(|p| p.1.is_finite().then_some(p.1))
            .collect()
    }

    #[test]
    fn a_band_of_zeros_has_no_outline() {
        // db-outage's shape: every drop is "write queue full" (2nd band), "lost on crash"
        // (top band) is always zero, so its cumulative line lies on the plateau below.
        // Per second: 0, 4, 4, 0 queue-full drops, none lost.
        let samples: Vec<Sample> = [0, 4, 4, 0]
            .iter()
            .enumerate()
            .map(|(i, &full)| Sample {
                dropped_write_queue_full: full,
                ..sample(i as f64 + 1.0)
            })
            .collect();
        let columns = columns(chart("drops"), &samples, 1.0);
        let (full, lost) = (&columns[1], &columns[5]);
        assert_eq!(ys(lost), ys(full), "the lost band's top is the plateau");
        assert_eq!(stack_outline(lost, Some(&columns[4])), []);
        // The queue-full band outlines the whole plateau, ramps included: each segment
        // has thickness at one end at least.
        assert_eq!(stack_outline(full, Some(&columns[0])), *full);
        // The band under it is zero everywhere: no outline either.
        assert_eq!(stack_outline(&columns[0], None), []);
    }

    #[test]
    fn an_outline_breaks_where_its_band_is_empty() {
        // Thickness 2, 0, 0, 3, 0 over a base of 1: segments 0–1 and 2–3–4 have thickness
        // at one end; 1–2 has none, so the outline breaks there.
        let base = [(0.0, 1.0), (1.0, 1.0), (2.0, 1.0), (3.0, 1.0), (4.0, 1.0)];
        let band = [(0.0, 3.0), (1.0, 1.0), (2.0, 1.0), (3.0, 4.0), (4.0, 1.0)];
        let outline = stack_outline(&band, Some(&base));
        assert_eq!(
            ys(&outline),
            [Some(3.0), Some(1.0), None, Some(1.0), Some(4.0), Some(1.0)]
        );
        assert_eq!(
            outline[2].0, 2.0,
            "the break is at the next segment's start"
        );
        // A lone sample outlines itself only with thickness.
        assert_eq!(stack_outline(&[(1.0, 2.0)], None), [(1.0, 2.0)]);
        assert_eq!(stack_outline(&[(1.0, 2.0)], Some(&[(1.0, 2.0)])), []);
    }

    #[test]
    fn turned_away_requests_are_lines_per_second() {
        // Interval 0.5 s: 4, 5, 6 are 8, 10, 12 per second, not stacked.
        let s = Sample {
            rejected_requests: 4,
            rate_limited_reads: 5,
            failed_reads: 6,
            ..sample(0.5)
        };
        let ys: Vec<f64> = columns(chart("turned-away"), &[s], 0.5)
            .iter()
            .map(|c| c[0].1)
            .collect();
        assert_eq!(ys, vec![8.0, 10.0, 12.0]);
    }

    #[test]
    fn stale_reads_and_expirations_are_per_second() {
        // Interval 0.5 s: 3 stale reads and 7 expirations are 6 and 14 per second.
        let s = Sample {
            stale_reads: 3,
            expirations: 7,
            ..sample(0.5)
        };
        let ys: Vec<f64> = columns(chart("stale-reads"), &[s], 0.5)
            .iter()
            .map(|c| c[0].1)
            .collect();
        assert_eq!(ys, vec![6.0, 14.0]);
    }

    #[test]
    fn instances_show_serving_and_warming() {
        let s = Sample {
            instances: 3,
            warming_instances: 2,
            utilisation: 0.5,
            ..sample(1.0)
        };
        let ys: Vec<f64> = columns(chart("instances"), &[s], 1.0)
            .iter()
            .map(|c| c[0].1)
            .collect();
        assert_eq!(ys, vec![0.5, 3.0, 2.0]);
    }

    #[test]
    fn hit_ratio_has_gaps_without_lookups() {
        // 3 hits of 4 lookups = 0.75; no lookups, no ratio.
        let busy = Sample {
            hits: 3,
            misses: 1,
            ..sample(1.0)
        };
        let columns = columns(chart("hit-ratio"), &[busy, sample(2.0)], 1.0);
        assert_eq!(columns[0][0], (1.0, 0.75));
        assert!(columns[0][1].1.is_nan());
    }

    #[test]
    fn nearest_picks_the_closer_sample() {
        let samples = [sample(1.0), sample(2.0), sample(3.0)];
        assert_eq!(nearest(&samples, 0.0), Some(0));
        assert_eq!(nearest(&samples, 1.4), Some(0));
        assert_eq!(nearest(&samples, 1.6), Some(1));
        assert_eq!(nearest(&samples, 9.0), Some(2));
        assert_eq!(nearest(&[], 1.0), None);
    }

    #[test]
    fn units_format_values_and_ticks() {
        assert_eq!(Unit::Ms.format(12.34), "12.3 ms");
        assert_eq!(Unit::PerSecond.format(12_345.0), "12.3 k/s");
        assert_eq!(Unit::Ratio.format(0.5), "50.0 %");
        assert_eq!(Unit::Ratio.tick(0.25), "25 %");
        assert_eq!(Unit::Count.tick(40_000.0), "40 k");
    }

    #[test]
    fn latency_is_a_gap_only_where_nothing_was_answered() {
        // Nothing answered: a gap, though every percentile reads 0.
        let empty = sample(1.0);
        // 3 reads and 2 writes answered, all in 0 ms, and 2 values persisted with no lag
        // (write-through): a 0 ms line, not a gap.
        let instant = Sample {
            reads_answered: 3,
            writes_acknowledged: 2,
            values_persisted: 2,
            ..sample(2.0)
        };
        let answered = Sample {
            reads_answered: 40,
            read_p50_ms: 1.0,
            read_p95_ms: 4.0,
            read_p99_ms: 5.0,
            writes_acknowledged: 60,
            write_p50_ms: 2.0,
            write_p95_ms: 8.0,
            write_p99_ms: 9.0,
            values_persisted: 50,
            lag_p99_ms: 700.0,
            oldest_dirty_age_ms: 900.0,
            ..sample(3.0)
        };
        let samples = [empty, instant, answered];
        let reads = columns(chart("read-latency"), &samples, 1.0);
        let writes = columns(chart("write-latency"), &samples, 1.0);
        let ys = |columns: &[Vec<(f64, f64)>], i: usize| -> Vec<f64> {
            columns.iter().map(|column| column[i].1).collect()
        };
        for columns in [&reads, &writes] {
            assert!(ys(columns, 0).iter().all(|y| y.is_nan()));
            assert_eq!(ys(columns, 1), vec![0.0, 0.0, 0.0]);
        }
        assert_eq!(ys(&reads, 2), vec![1.0, 4.0, 5.0]);
        assert_eq!(ys(&writes, 2), vec![2.0, 8.0, 9.0]);
        // The lag p99 follows the same rule; the oldest dirty write is an age at the
        // sample instant, 0 when nothing waits, never a gap.
        let lag = columns(chart("consistency-lag"), &samples, 1.0);
        assert!(ys(&lag, 0)[0].is_nan());
        assert_eq!(ys(&lag, 0)[1], 0.0);
        assert_eq!(ys(&lag, 2), vec![700.0, 900.0]);
    }
}
