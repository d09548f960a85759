//! Summary cards for the whole run, and the A/B table with the differences marked.

use crate::scenario::Scenario;
use crate::sim::Summary;
use crate::ui::fields;
use crate::ui::format;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fmt {
    Count,
    Ms,
    Ratio,
    PerSecond,
}

impl Fmt {
    pub fn show(self, value: f64) -> String {
        match self {
            Fmt::Count => format::count(value.max(0.0).round() as u64),
            Fmt::Ms => format::millis(value),
            Fmt::Ratio => format::percent(value),
            Fmt::PerSecond => format!("{}/s", format::metric(value)),
        }
    }
}

/// Which direction of change is an improvement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Lower,
    Higher,
    /// Neither: a count that only describes the run.
    Neither,
}

pub struct Metric {
    /// `data-testid="summary-{id}"`, after the Summary's JSON key.
    pub id: &'static str,
    pub label: &'static str,
    /// What the number counts, shown as the tooltip.
    pub help: &'static str,
    pub fmt: Fmt,
    pub better: Better,
    pub value: fn(&Summary) -> f64,
}

/// The summary cards, grouped as the page shows them.
pub const SECTIONS: &[(&str, &[Metric])] = &[
    (
        "Traffic",
        &[
            Metric {
                id: "requests",
                label: "Requests",
                help: "Requests that arrived in the run: reads and writes, including those later rejected.",
                fmt: Fmt::Count,
                better: Better::Neither,
                value: |s| s.requests as f64,
            },
            Metric {
                id: "hit_ratio",
                label: "Hit ratio",
                help: "Cache hits ÷ (hits + misses): lookups that found a live entry.",
                fmt: Fmt::Ratio,
                better: Better::Higher,
                value: |s| s.hit_ratio,
            },
            Metric {
                id: "utilisation",
                label: "Utilisation",
                help: "Average share of server workers busy serving requests.",
                fmt: Fmt::Ratio,
                better: Better::Neither,
                value: |s| s.utilisation,
            },
        ],
    ),
    (
        "Read latency",
        &[
            Metric {
                id: "read_p50",
                label: "p50",
                help: "Median read latency: arrival to answer, queueing included.",
                fmt: Fmt::Ms,
                better: Better::Lower,
                value: |s| s.read_latency_ms.p50,
            },
            Metric {
                id: "read_p95",
                label: "p95",
                help: "95th percentile read latency: 1 read in 20 took longer.",
                fmt: Fmt::Ms,
                better: Better::Lower,
                value: |s| s.read_latency_ms.p95,
            },
            Metric {
                id: "read_p99",
                label: "p99",
                help: "99th percentile read latency: 1 read in 100 took longer.",
                fmt: Fmt::Ms,
                better: Better::Lower,
                value: |s| s.read_latency_ms.p99,
            },
        ],
    ),
    (
        "Write latency",
        &[
            Metric {
                id: "write_p50",
                label: "p50",
                help: "Median write latency: arrival to acknowledgement (write-back acknowledges before the store).",
                fmt: Fmt::Ms,
                better: Better::Lower,
                value: |s| s.write_latency_ms.p50,
            },
            Metric {
                id: "write_p95",
                label: "p95",
                help: "95th percentile write latency: 1 write in 20 took longer.",
                fmt: Fmt::Ms,
                better: Better::Lower,
                value: |s| s.write_latency_ms.p95,
            },
            Metric {
                id: "write_p99",
                label: "p99",
                help: "99th percentile write latency: 1 write in 100 took longer.",
                fmt: Fmt::Ms,
                better: Better::Lower,
                value: |s| s.write_latency_ms.p99,
            },
        ],
    ),
    (
        "Consistency",
        &[
            Metric {
                id: "lag_p99",
                label: "Lag p99",
                help: "Time from a write's acknowledgement until the store has it; 99 % of writes were persisted sooner.",
                fmt: Fmt::Ms,
                better: Better::Lower,
                value: |s| s.consistency_lag_ms.p99,
            },
            Metric {
                id: "lag_max",
                label: "Lag max",
                help: "The longest time an acknowledged write waited to reach the store.",
                fmt: Fmt::Ms,
                better: Better::Lower,
                value: |s| s.consistency_lag_ms.max,
            },
            Metric {
                id: "stale_reads",
                label: "Stale reads",
                help: "Reads answered with a version older than the newest one acknowledged before the read arrived. The causes are below, and the story under the cards tells them.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.stale_reads as f64,
            },
        ],
    ),
    (
        "Losses",
        &[
            Metric {
                id: "dropped_writes",
                label: "Dropped writes",
                help: "Writes that never reached the store: rejected before acknowledgement, or acknowledged and then lost. The causes are below.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.dropped_writes.total as f64,
            },
            Metric {
                id: "rejected_requests",
                label: "Rejected requests",
                help: "Reads and writes turned away because the server queue was full.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.rejected_requests as f64,
            },
            Metric {
                id: "evictions",
                label: "Evictions",
                help: "Entries removed by the eviction policy to make room (expiry and invalidation not counted).",
                fmt: Fmt::Count,
                better: Better::Neither,
                value: |s| s.evictions as f64,
            },
            Metric {
                id: "expirations",
                label: "Expirations",
                help: "Entries removed because their TTL ran out: found expired on a read (lazy expiry) or removed by active expiry. 0 when no TTL is set or it is longer than the run.",
                fmt: Fmt::Count,
                better: Better::Neither,
                value: |s| s.expirations as f64,
            },
        ],
    ),
    (
        "Backing store",
        &[
            Metric {
                id: "store_reads_per_s",
                label: "Reads",
                help: "Reads that reached the backing store, per second of simulated time.",
                fmt: Fmt::PerSecond,
                better: Better::Lower,
                value: |s| s.store_reads_per_s,
            },
            Metric {
                id: "store_writes_per_s",
                label: "Writes",
                help: "Values written to the backing store per second; each item of a write-behind batch counts.",
                fmt: Fmt::PerSecond,
                better: Better::Lower,
                value: |s| s.store_writes_per_s,
            },
            Metric {
                id: "coalesced_writes",
                label: "Coalesced writes",
                help: "Queued write-behind updates replaced by a newer write of the same key before the flush.",
                fmt: Fmt::Count,
                better: Better::Neither,
                value: |s| s.coalesced_writes as f64,
            },
        ],
    ),
    (
        "Limits & faults",
        &[
            Metric {
                id: "rate_limited_reads",
                label: "Rate-limited reads",
                help: "Reads refused by a rate limiter.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.rate_limited_reads as f64,
            },
            Metric {
                id: "failed_reads",
                label: "Failed reads",
                help: "Reads that missed the cache while the store was unavailable.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.failed_reads as f64,
            },
        ],
    ),
    (
        "Dropped writes by cause",
        &[
            Metric {
                id: "dropped_write_queue_full",
                label: "Write queue full",
                help: "Writes refused because the write-behind queue was full (reject policy); never acknowledged.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.dropped_writes.write_queue_full as f64,
            },
            Metric {
                id: "dropped_write_queue_overflow",
                label: "Oldest dropped",
                help: "Acknowledged writes discarded from a full write-behind queue to make room for newer ones (drop-oldest policy).",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.dropped_writes.write_queue_overflow as f64,
            },
            Metric {
                id: "dropped_store_unavailable",
                label: "Store unavailable",
                help: "Synchronous writes that failed during a store outage after their retries; never acknowledged.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.dropped_writes.store_unavailable as f64,
            },
            Metric {
                id: "dropped_lost_on_crash",
                label: "Lost on crash",
                help: "Acknowledged write-back data lost when the cache crashed before it reached the store.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.dropped_writes.lost_on_crash as f64,
            },
            Metric {
                id: "dropped_server_queue_full",
                label: "Server queue full",
                help: "Writes refused because the server queue was full; never acknowledged.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.dropped_writes.server_queue_full as f64,
            },
            Metric {
                id: "dropped_rate_limited",
                label: "Rate-limited",
                help: "Writes refused by a rate limiter; never acknowledged.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.dropped_writes.rate_limited as f64,
            },
        ],
    ),
    (
        "Stale reads by cause",
        &[
            Metric {
                id: "stale_invalidate_before_store_race",
                label: "Invalidate, then store",
                help: "A write-around write deleted the entry; a read then missed and cached the old value from the store before the write reached it.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.stale_reads_by_cause.invalidate_before_store_race as f64,
            },
            Metric {
                id: "stale_refill_race",
                label: "Refill race",
                help: "A read loaded the old value from the store before a write, and cached it after the write's invalidation or update.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.stale_reads_by_cause.refill_race as f64,
            },
            Metric {
                id: "stale_update_reorder",
                label: "Updates reordered",
                help: "Two writes' cache updates landed out of order, leaving the older value cached.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.stale_reads_by_cause.update_reorder as f64,
            },
            Metric {
                id: "stale_unflushed_write_back",
                label: "Not yet flushed",
                help: "Write-back: the key left the cache and a read reached the store before its newest value did.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.stale_reads_by_cause.unflushed_write_back as f64,
            },
            Metric {
                id: "stale_lost_write_back",
                label: "Write-back lost",
                help: "Write-back: the newest value was lost (a crash, or a full queue dropping its oldest), so the store's older value was served.",
                fmt: Fmt::Count,
                better: Better::Lower,
                value: |s| s.stale_reads_by_cause.lost_write_back as f64,
            },
        ],
    ),
    (
        "Instances",
        &[
            Metric {
                id: "instances_min",
                label: "Fewest serving",
                help: "The fewest instances serving at any observation.",
                fmt: Fmt::Count,
                better: Better::Neither,
                value: |s| f64::from(s.instances.min),
            },
            Metric {
                id: "instances_max",
                label: "Most serving",
                help: "The most instances serving at any observation.",
                fmt: Fmt::Count,
                better: Better::Neither,
                value: |s| f64::from(s.instances.max),
            },
            Metric {
                id: "scale_events",
                label: "Scaling decisions",
                help: "Decisions of the autoscaler to add or remove instances.",
                fmt: Fmt::Count,
                better: Better::Neither,
                value: |s| s.scale_events.len() as f64,
            },
        ],
    ),
];

/// Whether a section only shows what is off in this run: rate limits and faults not
/// configured, no autoscaler, or causes that all counted zero. Such sections are grouped
/// after the others, muted, so the zeros do not read as findings.
pub fn idle(title: &str, metrics: &[Metric], scenario: &Scenario, summary: &Summary) -> bool {
    match title {
        "Limits & faults" => scenario.rate_limits.tiers.is_empty() && scenario.faults.is_empty(),
        "Instances" => scenario.autoscaling.is_none(),
        "Dropped writes by cause" | "Stale reads by cause" => {
            metrics.iter().all(|metric| (metric.value)(summary) == 0.0)
        }
        _ => false,
    }
}

/// How B compares with A on one metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Same,
    Better,
    Worse,
    /// Different, with no better direction.
    Changed,
}

/// B against A: the change in words (`+12 %`, `−3.1 ms`) and whether it is an improvement.
/// Differences under half a percent of A count as the same.
pub fn compare(metric: &Metric, a: f64, b: f64) -> (String, Verdict) {
    let diff = b - a;
    let scale = a.abs().max(b.abs());
    if !diff.is_finite() || diff.abs() <= scale * 0.005 {
        return ("=".to_string(), Verdict::Same);
    }
    let text = match metric.fmt {
        Fmt::Ratio => format!("{:+.1} pt", diff * 100.0),
        _ if a != 0.0 => format!("{:+.0} %", diff / a.abs() * 100.0),
        _ => format!("+{}", metric.fmt.show(diff.abs())),
    }
    .replace('-', "−");
    let verdict = match (metric.better, diff < 0.0) {
        (Better::Neither, _) => Verdict::Changed,
        (Better::Lower, true) | (Better::Higher, false) => Verdict::Better,
        _ => Verdict::Worse,
    };
    (text, verdict)
}

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub a: Summary,
    pub b: Option<Summary>,
    pub scenario_a: Scenario,
    pub scenario_b: Option<Scenario>,
    /// The summaries cover the whole run (rather than the run so far).
    pub finished: bool,
    /// A's run in plain words (see [`crate::ui::narrative`]), shown under the cards.
    pub story: Vec<String>,
}

#[function_component(SummaryView)]
pub fn summary_view(props: &SummaryProps) -> Html {
    let scope = if props.finished {
        "Whole run"
    } else {
        "Run so far"
    };
    let body = match &props.b {
        None => cards(&props.a, &props.scenario_a),
        Some(b) => table(&props.a, b),
    };
    // The story is told from the whole run: mid-run it would tell faults still to come.
    let story = match (&props.b, props.finished) {
        (Some(_), _) => Html::default(),
        (None, true) => html! {
            <div class="story" data-testid="story">
                <h3>{ "What happened" }</h3>
                { for props.story.iter().map(|line| html! { <p>{ line }</p> }) }
            </div>
        },
        (None, false) => html! {
            <p class="muted small" data-testid="story-pending">
                { "When the run ends, what happened is told here in plain words." }
            </p>
        },
    };
    let changes = props
        .scenario_b
        .as_ref()
        .map(|b| fields::differences(&props.scenario_a, b));
    html! {
        <section class="summary" aria-labelledby="summary-title" data-testid="summary">
            <header>
                <h2 id="summary-title">{ "Summary" }<span class="muted">{ format!(" · {scope}") }</span></h2>
                <p class="fingerprint" title="A hash of every sample: equal fingerprints mean identical runs">
                    { "run fingerprint " }<code data-testid="digest">{ &props.a.digest }</code>
                    if let Some(b) = &props.b { { " / B " }<code data-testid="digest-b">{ &b.digest }</code> }
                </p>
            </header>
            if let Some(changes) = changes {
                <p class="changes" data-testid="ab-changes">
                    if changes.is_empty() {
                        { "B is identical to A: change a field in tab B to compare." }
                    } else {
                        <b>{ "B changes: " }</b>
                        { for changes.iter().map(|(label, a, b)| html! {
                            <span class="change">{ format!("{label} {a} → {b}") }</span>
                        }) }
                    }
                </p>
            }
            { body }
            { story }
        </section>
    }
}

fn cards(summary: &Summary, scenario: &Scenario) -> Html {
    let section = |(title, metrics): &(&str, &[Metric])| {
        let items = metrics.iter().map(|metric| {
            html! {
                <div class="card" title={metric.help}>
                    <dt>{ metric.label }</dt>
                    <dd data-testid={format!("summary-{}", metric.id)}>{ metric.fmt.show((metric.value)(summary)) }</dd>
                </div>
            }
        });
        html! {
            <div class="section">
                <h3>{ *title }</h3>
                <dl>{ for items }</dl>
            </div>
        }
    };
    let (off, on): (Vec<_>, Vec<_>) = SECTIONS
        .iter()
        .partition(|(title, metrics)| idle(title, metrics, scenario, summary));
    html! {
        <>
            <div class="cards">{ for on.into_iter().map(section) }</div>
            if !off.is_empty() {
                <div class="cards off" data-testid="summary-off">
                    <p class="muted small">{ "Not in play in this run (off, or nothing happened):" }</p>
                    { for off.into_iter().map(section) }
                </div>
            }
        </>
    }
}

/// A and B side by side, one small table per section, B's change coloured by whether it
/// is an improvement.
fn table(a: &Summary, b: &Summary) -> Html {
    let sections = SECTIONS.iter().map(|(title, metrics)| {
        let rows = metrics.iter().map(|metric| {
            let (va, vb) = ((metric.value)(a), (metric.value)(b));
            let (delta, verdict) = compare(metric, va, vb);
            let class = match verdict {
                Verdict::Same => None,
                Verdict::Better => Some("better"),
                Verdict::Worse => Some("worse"),
                Verdict::Changed => Some("changed"),
            };
            html! {
                <tr class={classes!(class)}>
                    <th scope="row" title={metric.help}>{ metric.label }</th>
                    <td data-testid={format!("summary-{}", metric.id)}>{ metric.fmt.show(va) }</td>
                    <td data-testid={format!("summary-b-{}", metric.id)}>{ metric.fmt.show(vb) }</td>
                    <td class="delta">{ delta }</td>
                </tr>
            }
        });
        html! {
            <table class="ab">
                <thead>
                    <tr>
                        <th scope="col">{ *title }</th>
                        <th scope="col">{ "A" }</th>
                        <th scope="col">{ "B" }</th>
                        <th scope="col"><span class="visually-hidden">{ "B against A" }</span></th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        }
    });
    html! { <div class="ab-grid" data-testid="ab-table">{ for sections }</div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metric(id: &str) -> &'static Metric {
        SECTIONS
            .iter()
            .flat_map(|(_, metrics)| metrics.iter())
            .find(|m| m.id == id)
            .unwrap()
    }

    fn section(title: &str) -> &'static [Metric] {
        SECTIONS.iter().find(|(t, _)| *t == title).unwrap().1
    }

    #[test]
    fn sections_of_features_that_are_off_are_idle() {
        let scenario = crate::scenario::preset("default").unwrap();
        let summary = Summary::default();
        for title in [
            "Limits & faults",
            "Instances",
            "Dropped writes by cause",
            "Stale reads by cause",
        ] {
            assert!(idle(title, section(title), &scenario, &summary), "{title}");
        }
        assert!(!idle("Traffic", section("Traffic"), &scenario, &summary));
        let crash = crate::scenario::preset("cache-crash").unwrap();
        let mut lost = Summary::default();
        lost.stale_reads_by_cause.lost_write_back = 3;
        assert!(!idle(
            "Limits & faults",
            section("Limits & faults"),
            &crash,
            &lost
        ));
        let stale = section("Stale reads by cause");
        assert!(!idle("Stale reads by cause", stale, &crash, &lost));
    }

    #[test]
    fn lower_latency_is_better() {
        // 10 ms → 8 ms is −20 %.
        assert_eq!(
            compare(metric("read_p99"), 10.0, 8.0),
            ("−20 %".to_string(), Verdict::Better)
        );
        assert_eq!(
            compare(metric("read_p99"), 10.0, 12.0),
            ("+20 %".to_string(), Verdict::Worse)
        );
    }

    #[test]
    fn ratios_change_in_points() {
        // 80 % → 85 % is +5 points, and a higher hit ratio is better.
        assert_eq!(
            compare(metric("hit_ratio"), 0.80, 0.85),
            ("+5.0 pt".to_string(), Verdict::Better)
        );
    }

    #[test]
    fn tiny_and_neutral_changes() {
        assert_eq!(
            compare(metric("requests"), 1_000.0, 1_001.0).1,
            Verdict::Same
        );
        assert_eq!(
            compare(metric("requests"), 1_000.0, 2_000.0).1,
            Verdict::Changed
        );
        // From zero there is no percentage: the absolute count.
        assert_eq!(
            compare(metric("dropped_writes"), 0.0, 12.0),
            ("+12".to_string(), Verdict::Worse)
        );
        assert_eq!(compare(metric("lag_p99"), 0.0, 0.0).1, Verdict::Same);
    }

    #[test]
    fn the_causes_add_up_to_the_dropped_writes() {
        let summary = Summary {
            dropped_writes: crate::sim::report::DroppedWrites {
                total: 1 + 2 + 4 + 8 + 16 + 32,
                server_queue_full: 1,
                write_queue_full: 2,
                write_queue_overflow: 4,
                rate_limited: 8,
                store_unavailable: 16,
                lost_on_crash: 32,
            },
            ..Summary::default()
        };
        let (_, causes) = SECTIONS
            .iter()
            .find(|(title, _)| *title == "Dropped writes by cause")
            .unwrap();
        let sum: f64 = causes.iter().map(|m| (m.value)(&summary)).sum();
        assert_eq!(sum, (metric("dropped_writes").value)(&summary));
    }

    #[test]
    fn every_metric_explains_itself() {
        for metric in SECTIONS.iter().flat_map(|(_, metrics)| metrics.iter()) {
            assert!(metric.help.ends_with('.'), "{}", metric.id);
        }
    }

    #[test]
    fn metric_ids_are_unique() {
        let ids: std::collections::BTreeSet<&str> = SECTIONS
            .iter()
            .flat_map(|(_, metrics)| metrics.iter().map(|m| m.id))
            .collect();
        assert_eq!(
            ids.len(),
            SECTIONS.iter().map(|(_, m)| m.len()).sum::<usize>()
        );
    }
}
