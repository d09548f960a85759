//! What the page says about a scenario and a run, as label/value rows.
//!
//! Pure functions from engine data to text, so every word on the page is tested natively
//! and the components only lay the rows out.

use super::format::{count, duration_ms, latency, number, percent};
use crate::scenario::Scenario;
use crate::sim::config::{LoadProfile, Popularity, QueueFull, TtlMode, WritePolicy};
use crate::sim::Summary;

/// One `<dt>`/`<dd>` pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub label: &'static str,
    pub value: String,
}

fn row(label: &'static str, value: String) -> Row {
    Row { label, value }
}

/// The scenario's key parameters.
pub fn scenario_rows(scenario: &Scenario) -> Vec<Row> {
    let workload = &scenario.workload;
    let servers = &scenario.servers;
    let cache = &scenario.cache;
    let read_fraction = workload.read_fraction;
    vec![
        row("Arrival rate", load_profile(&workload.profile)),
        row(
            "Read/write mix",
            format!(
                "{} reads, {} writes",
                percent(read_fraction),
                percent(1.0 - read_fraction)
            ),
        ),
        row(
            "Keys",
            format!(
                "{} keys, {}",
                count(workload.n_keys.into()),
                popularity(&workload.popularity)
            ),
        ),
        row(
            "Servers",
            format!(
                "{} × {} workers, queue of {}, service {}",
                count(servers.instances.into()),
                count(servers.workers_per_instance.into()),
                count(servers.queue_capacity.into()),
                latency(&servers.service)
            ),
        ),
        row(
            "Cache",
            if cache.capacity == 0 {
                "off (capacity 0)".to_string()
            } else {
                format!(
                    "{} entries, {} eviction, {} per operation",
                    count(cache.capacity.into()),
                    cache.eviction.name().to_uppercase(),
                    latency(&cache.latency)
                )
            },
        ),
        row("TTL", ttl(scenario)),
        row("Write policy", write_policy(scenario)),
        row(
            "Store latency",
            format!(
                "reads {}; writes {}",
                latency(&scenario.store.read_latency),
                latency(&scenario.store.write_latency)
            ),
        ),
        row(
            "Run",
            format!(
                "{} s of simulated time, seed {}",
                number(scenario.duration_s),
                scenario.seed
            ),
        ),
    ]
}

fn load_profile(profile: &LoadProfile) -> String {
    match profile {
        LoadProfile::Constant { rate_per_s } => format!("{} req/s, constant", number(*rate_per_s)),
        LoadProfile::Ramp {
            from_per_s,
            to_per_s,
        } => format!(
            "{} → {} req/s, linear ramp",
            number(*from_per_s),
            number(*to_per_s)
        ),
        LoadProfile::Spike {
            base_per_s,
            peak_per_s,
            start_s,
            length_s,
        } => format!(
            "{} req/s, spiking to {} req/s at {} s for {} s",
            number(*base_per_s),
            number(*peak_per_s),
            number(*start_s),
            number(*length_s)
        ),
        LoadProfile::Diurnal {
            mean_per_s,
            amplitude,
            period_s,
        } => format!(
            "{} req/s ± {}, period {} s",
            number(*mean_per_s),
            percent(*amplitude),
            number(*period_s)
        ),
    }
}

fn popularity(popularity: &Popularity) -> String {
    match popularity {
        Popularity::Uniform => "uniform popularity".to_string(),
        Popularity::Zipf { alpha } => format!("Zipf popularity, α = {}", number(*alpha)),
        Popularity::Hotspot {
            hot_key_fraction,
            hot_request_fraction,
        } => format!(
            "{} of keys get {} of requests",
            percent(*hot_key_fraction),
            percent(*hot_request_fraction)
        ),
    }
}

fn ttl(scenario: &Scenario) -> String {
    let ttl = &scenario.cache.ttl;
    let restart = match ttl.mode {
        TtlMode::None => return "none".to_string(),
        TtlMode::AfterWrite => "after write",
        TtlMode::AfterAccess => "after access",
    };
    let mut text = format!("{} {restart}", duration_ms(ttl.ttl_ms));
    if ttl.jitter_fraction > 0.0 {
        text.push_str(&format!(", ± {} jitter", percent(ttl.jitter_fraction)));
    }
    text.push_str(if ttl.active_expiry {
        ", active expiry"
    } else {
        ", lazy expiry"
    });
    text
}

fn write_policy(scenario: &Scenario) -> String {
    let invalidate = if scenario.cache.invalidate_on_write {
        ", writes invalidate the cached key"
    } else {
        ""
    };
    let policy = match &scenario.write_policy {
        WritePolicy::Through => "write-through".to_string(),
        WritePolicy::Around => "write-around".to_string(),
        WritePolicy::Back(behind) => {
            let when_full = match behind.when_full {
                QueueFull::Reject => "reject",
                QueueFull::Block => "block",
                QueueFull::WriteThrough => "write through",
                QueueFull::DropOldest => "drop oldest",
            };
            format!(
                "write-behind: flush every {} in batches of {}{}, queue of {} ({when_full} when full)",
                duration_ms(behind.flush_interval_ms),
                count(behind.batch_size.into()),
                if behind.coalescing { ", coalescing" } else { "" },
                count(behind.queue_capacity.into()),
            )
        }
    };
    format!("{policy}{invalidate}")
}

/// The run's outcome; the digest is shown apart, as the run's fingerprint.
pub fn summary_rows(summary: &Summary) -> Vec<Row> {
    let read = &summary.read_latency_ms;
    let write = &summary.write_latency_ms;
    let lag = &summary.consistency_lag_ms;
    let dropped = &summary.dropped_writes;
    vec![
        row(
            "Requests",
            format!(
                "{} ({} reads, {} writes)",
                count(summary.requests),
                count(summary.reads),
                count(summary.writes)
            ),
        ),
        row(
            "Hit ratio",
            format!(
                "{} ({} hits, {} misses)",
                percent(summary.hit_ratio),
                count(summary.hits),
                count(summary.misses)
            ),
        ),
        row(
            "Read latency",
            percentiles(&[("p50", read.p50), ("p95", read.p95), ("p99", read.p99)]),
        ),
        row(
            "Write latency",
            percentiles(&[("p50", write.p50), ("p95", write.p95), ("p99", write.p99)]),
        ),
        row(
            "Consistency lag",
            percentiles(&[("p50", lag.p50), ("p99", lag.p99), ("max", lag.max)]),
        ),
        row("Stale reads", count(summary.stale_reads)),
        row("Rejected requests", count(summary.rejected_requests)),
        row(
            "Dropped writes",
            if dropped.total == 0 {
                "0".to_string()
            } else {
                format!(
                    "{} ({} server queue full, {} write queue full, {} write queue overflow)",
                    count(dropped.total),
                    count(dropped.server_queue_full),
                    count(dropped.write_queue_full),
                    count(dropped.write_queue_overflow)
                )
            },
        ),
        row(
            "Store operations",
            format!(
                "{} reads, {} writes, {} writes coalesced",
                count(summary.store_reads),
                count(summary.store_writes),
                count(summary.coalesced_writes)
            ),
        ),
        row("Evictions", count(summary.evictions)),
        row("Expirations", count(summary.expirations)),
    ]
}

/// `p50 0.50 · p99 20.0 ms`: each value named, the unit once.
fn percentiles(values: &[(&str, f64)]) -> String {
    let parts: Vec<String> = values
        .iter()
        .map(|(name, value)| format!("{name} {}", number(*value)))
        .collect();
    format!("{} ms", parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::WriteBehind;
    use crate::sim::report::{DroppedWrites, LagPercentiles, Percentiles};

    fn value<'a>(rows: &'a [Row], label: &str) -> &'a str {
        &rows
            .iter()
            .find(|row| row.label == label)
            .unwrap_or_else(|| panic!("no row {label:?}"))
            .value
    }

    #[test]
    fn default_scenario_in_words() {
        let rows = scenario_rows(&Scenario::default());
        assert_eq!(value(&rows, "Arrival rate"), "2,000 req/s, constant");
        assert_eq!(
            value(&rows, "Read/write mix"),
            "90.0 % reads, 10.0 % writes"
        );
        assert_eq!(
            value(&rows, "Keys"),
            "10,000 keys, Zipf popularity, α = 0.99"
        );
        assert_eq!(
            value(&rows, "Servers"),
            "4 × 8 workers, queue of 1,000, service mean 2 ms, p99 8 ms"
        );
        assert_eq!(
            value(&rows, "Cache"),
            "1,000 entries, LRU eviction, 0.50 ms per operation"
        );
        assert_eq!(value(&rows, "TTL"), "none");
        assert_eq!(value(&rows, "Write policy"), "write-through");
        assert_eq!(
            value(&rows, "Store latency"),
            "reads mean 5 ms, p99 25 ms; writes mean 10 ms, p99 50 ms"
        );
        assert_eq!(value(&rows, "Run"), "60 s of simulated time, seed 42");
    }

    #[test]
    fn write_behind_ttl_and_a_disabled_cache_in_words() {
        let mut scenario = Scenario::default();
        scenario.cache.capacity = 0;
        scenario.cache.ttl.mode = TtlMode::AfterWrite;
        scenario.cache.ttl.ttl_ms = 30_000.0;
        scenario.cache.ttl.jitter_fraction = 0.1;
        scenario.write_policy = WritePolicy::Back(WriteBehind::default());
        let rows = scenario_rows(&scenario);
        assert_eq!(value(&rows, "Cache"), "off (capacity 0)");
        assert_eq!(
            value(&rows, "TTL"),
            "30 s after write, ± 10.0 % jitter, active expiry"
        );
        assert_eq!(
            value(&rows, "Write policy"),
            "write-behind: flush every 1 s in batches of 100, coalescing, \
             queue of 50,000 (reject when full)"
        );
    }

    #[test]
    fn summary_in_words() {
        // 1000 requests = 900 reads + 100 writes; 810 hits of 900 reads → 90.0 %.
        let summary = Summary {
            requests: 1_000,
            reads: 900,
            writes: 100,
            hits: 810,
            misses: 90,
            hit_ratio: 0.9,
            read_latency_ms: Percentiles {
                p50: 0.5,
                p95: 6.25,
                p99: 20.0,
                max: 40.0,
            },
            consistency_lag_ms: LagPercentiles {
                p50: 1.0,
                p99: 2.0,
                max: 3.0,
            },
            dropped_writes: DroppedWrites {
                total: 3,
                server_queue_full: 1,
                write_queue_full: 2,
                write_queue_overflow: 0,
                ..DroppedWrites::default()
            },
            ..Summary::default()
        };
        let rows = summary_rows(&summary);
        assert_eq!(value(&rows, "Requests"), "1,000 (900 reads, 100 writes)");
        assert_eq!(value(&rows, "Hit ratio"), "90.0 % (810 hits, 90 misses)");
        assert_eq!(
            value(&rows, "Read latency"),
            "p50 0.50 · p95 6.25 · p99 20 ms"
        );
        assert_eq!(value(&rows, "Consistency lag"), "p50 1 · p99 2 · max 3 ms");
        assert_eq!(
            value(&rows, "Store operations"),
            "0 reads, 0 writes, 0 writes coalesced"
        );
        assert_eq!(
            value(&rows, "Dropped writes"),
            "3 (1 server queue full, 2 write queue full, 0 write queue overflow)"
        );
    }
}
