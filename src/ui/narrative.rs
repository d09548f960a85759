//! The run told in plain words from its own numbers: what the faults did, when queues
//! filled and writes were dropped, why reads were stale, what the rate limiter and the
//! autoscaler did. A pure function of the scenario, the summary and the samples, so the
//! page can show it under the summary cards and a test can read it.

use crate::scenario::Scenario;
use crate::sim::config::{TtlMode, WritePolicy};
use crate::sim::fault::{Fault, OutageMode};
use crate::sim::report::{Sample, Summary};
use crate::ui::format;

/// The run's story, one sentence per item, in the order a reader meets the charts.
pub fn narrative(scenario: &Scenario, summary: &Summary, samples: &[Sample]) -> Vec<String> {
    let mut story = vec![overview(summary)];
    for fault in &scenario.faults {
        story.extend(fault_story(scenario, fault, summary, samples));
    }
    story.extend(drops(scenario, summary, samples));
    story.extend(stale(summary));
    story.extend(rate_limited(summary, samples));
    story.extend(scaling(scenario, summary));
    story.extend(expiry(scenario, summary));
    story
}

fn overview(summary: &Summary) -> String {
    format!(
        "{} requests ({} reads, {} writes); {} of the reads that reached the cache hit it.",
        format::count(summary.requests),
        format::count(summary.reads),
        format::count(summary.writes),
        format::percent(summary.hit_ratio),
    )
}

/// Seconds of simulated time as a reader says them: 17 s, 2.5 s.
fn at(seconds: f64) -> String {
    format!("{} s", format::significant(seconds))
}

/// The end times of the samples where `count` is non-zero, first and last.
fn span(samples: &[Sample], count: fn(&Sample) -> u64) -> Option<(f64, f64)> {
    let mut times = samples.iter().filter(|s| count(s) > 0).map(|s| s.t_s);
    let first = times.next()?;
    Some((first, times.next_back().unwrap_or(first)))
}

fn fault_story(
    scenario: &Scenario,
    fault: &Fault,
    summary: &Summary,
    samples: &[Sample],
) -> Vec<String> {
    match *fault {
        Fault::StoreOutage {
            start_s,
            end_s,
            mode,
            ..
        } => {
            let how = match mode {
                OutageMode::Fail => "refusing connections",
                OutageMode::Hang => "hanging every operation",
            };
            let mut story = vec![format!(
                "The database was down from {} to {}, {how}.",
                at(start_s),
                at(end_s)
            )];
            if summary.failed_reads > 0 {
                story.push(format!(
                    "{} reads missed the cache while it was down and failed.",
                    format::count(summary.failed_reads)
                ));
            }
            if let WritePolicy::Back(_) = scenario.write_policy {
                match span(samples, |s| s.dropped_write_queue_full) {
                    Some((first, last)) => story.push(format!(
                        "Writes were still acknowledged at cache speed into the write-behind \
                         queue, which filled about {} into the outage (by {}); {} writes were \
                         rejected until {} (the store came back at {}).",
                        at(first - start_s),
                        at(first),
                        format::count(summary.dropped_writes.write_queue_full),
                        at(last),
                        at(end_s),
                    )),
                    None => story.push(format!(
                        "Writes were still acknowledged at cache speed: the write-behind queue \
                         held them (at most {}) and the oldest waited {} for the store.",
                        format::count(summary.max_write_queue_depth),
                        format::millis(summary.max_oldest_dirty_age_ms),
                    )),
                }
            }
            if summary.dropped_writes.store_unavailable > 0 {
                story.push(format!(
                    "{} synchronous writes failed against the down store.",
                    format::count(summary.dropped_writes.store_unavailable)
                ));
            }
            story
        }
        Fault::StoreSlowdown {
            start_s,
            end_s,
            factor,
        } => vec![format!(
            "Store operations took {}× as long from {} to {}.",
            format::significant(factor),
            at(start_s),
            at(end_s)
        )],
        Fault::CacheCrash { at_s, restart_s } => {
            let mut story = vec![format!(
                "The cache crashed at {} and came back empty at {}: every read in between, \
                 and the misses while it refilled, went to the database.",
                at(at_s),
                at(at_s + restart_s)
            )];
            if summary.dropped_writes.lost_on_crash > 0 {
                story.push(format!(
                    "{} acknowledged writes were still waiting in the write-behind queue and \
                     were lost with it.",
                    format::count(summary.dropped_writes.lost_on_crash)
                ));
            }
            story
        }
        Fault::CacheLatencySpike {
            start_s,
            end_s,
            extra_ms,
        } => vec![format!(
            "Every cache operation took {} longer from {} to {}.",
            format::millis(extra_ms),
            at(start_s),
            at(end_s)
        )],
    }
}

/// Drops and rejections a fault's story has not told.
fn drops(scenario: &Scenario, summary: &Summary, samples: &[Sample]) -> Vec<String> {
    let mut story = Vec::new();
    if let Some((first, _)) = span(samples, |s| s.rejected_requests) {
        story.push(format!(
            "The server queue was full from {}: {} requests were turned away.",
            at(first),
            format::count(summary.rejected_requests)
        ));
    }
    let outage = scenario
        .faults
        .iter()
        .any(|fault| matches!(fault, Fault::StoreOutage { .. }));
    if !outage {
        if let Some((first, last)) = span(samples, |s| s.dropped_write_queue_full) {
            story.push(format!(
                "The write-behind queue was full from {} to {}: {} writes were rejected.",
                at(first),
                at(last),
                format::count(summary.dropped_writes.write_queue_full)
            ));
        }
    }
    if summary.dropped_writes.write_queue_overflow > 0 {
        story.push(format!(
            "{} acknowledged writes were discarded from the full write-behind queue to make \
             room: lost without an error.",
            format::count(summary.dropped_writes.write_queue_overflow)
        ));
    }
    story
}

fn stale(summary: &Summary) -> Option<String> {
    if summary.stale_reads == 0 {
        return None;
    }
    let by = &summary.stale_reads_by_cause;
    let causes = [
        (
            by.invalidate_before_store_race,
            "a write deleted the cached entry, then a read missed and cached the old value \
             from the store before the write reached it",
        ),
        (
            by.refill_race,
            "a read loaded the old value before a write and cached it after the write's \
             invalidation or update",
        ),
        (
            by.update_reorder,
            "two writes' cache updates landed out of order",
        ),
        (
            by.unflushed_write_back,
            "the newest write-back value was still on its way to the store",
        ),
        (
            by.lost_write_back,
            "the newest write-back value was lost, so the store's older value was served",
        ),
    ];
    let parts: Vec<String> = causes
        .iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, why)| format!("{} because {why}", format::count(*count)))
        .collect();
    let share = summary.stale_reads as f64 / summary.reads.max(1) as f64;
    Some(format!(
        "{} reads ({} of reads) returned an older value than one already acknowledged: {}.",
        format::count(summary.stale_reads),
        format::percent(share),
        parts.join("; ")
    ))
}

fn rate_limited(summary: &Summary, samples: &[Sample]) -> Option<String> {
    let (first, last) = span(samples, |s| s.rate_limited_reads + s.dropped_rate_limited)?;
    Some(format!(
        "The rate limiter answered {} reads and {} writes with 429s, between {} and {}.",
        format::count(summary.rate_limited_reads),
        format::count(summary.dropped_writes.rate_limited),
        at(first),
        at(last)
    ))
}

fn scaling(scenario: &Scenario, summary: &Summary) -> Option<String> {
    scenario.autoscaling.as_ref()?;
    if summary.scale_events.is_empty() {
        return Some(format!(
            "The autoscaler made no change in this {} run: its windows or thresholds were \
             never met.",
            at(scenario.duration_s)
        ));
    }
    let steps: Vec<String> = summary
        .scale_events
        .iter()
        .map(|event| format!("{} → {} at {}", event.from, event.to, at(event.t_s)))
        .collect();
    Some(format!(
        "The autoscaler resized the pool {}: {}.",
        if steps.len() == 1 { "once" } else { "in steps" },
        steps.join(", ")
    ))
}

fn expiry(scenario: &Scenario, summary: &Summary) -> Option<String> {
    if scenario.cache.ttl.mode == TtlMode::None || scenario.cache.capacity == 0 {
        return None;
    }
    Some(if summary.expirations > 0 {
        format!(
            "{} entries expired (TTL) and their next reads went to the store.",
            format::count(summary.expirations)
        )
    } else {
        format!(
            "No entry expired: the TTL ({}) is longer than anything lived in this {} run.",
            format::millis(scenario.cache.ttl.ttl_ms),
            at(scenario.duration_s)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::preset;
    use crate::sim;

    fn story_of(scenario: &Scenario) -> String {
        let run = sim::run(&scenario.config());
        narrative(scenario, &run.summary, &run.samples)
            .join("\n")
            .replace('\u{2009}', ",")
    }

    #[test]
    fn db_outage_tells_when_the_queue_filled_and_how_many_writes_it_rejected() {
        let story = story_of(&preset("db-outage").unwrap());
        assert!(
            story.contains("The database was down from 20 s to 45 s, refusing connections."),
            "{story}"
        );
        assert!(story.contains("3,923 reads missed the cache"), "{story}");
        assert!(
            story.contains("which filled about 16 s into the outage (by 36 s); 5,706 writes were rejected until 45 s"),
            "{story}"
        );
        assert!(story.contains("(the store came back at 45 s)"), "{story}");
    }

    #[test]
    fn cache_crash_tells_the_losses_and_the_stale_reads_they_cause() {
        let story = story_of(&preset("cache-crash").unwrap());
        assert!(
            story.contains("The cache crashed at 30 s and came back empty at 35 s"),
            "{story}"
        );
        assert!(story.contains("2,214 acknowledged writes"), "{story}");
        assert!(story.contains("1,874 reads (3.0 % of reads)"), "{story}");
        assert!(
            story.contains("1,871 because the newest write-back value was lost"),
            "{story}"
        );
    }

    #[test]
    fn flash_sale_tells_the_rate_limiter_and_the_scaling_steps() {
        let story = story_of(&preset("flash-sale").unwrap());
        assert!(
            story.contains("The rate limiter answered 12,658 reads and 1,348 writes with 429s"),
            "{story}"
        );
        assert!(
            story.contains("2 → 3 at 16 s, 3 → 5 at 26 s, 5 → 2 at 56 s"),
            "{story}"
        );
        assert!(story.contains("The server queue was full from"), "{story}");
    }

    #[test]
    fn write_around_tells_the_invalidate_then_store_race() {
        let mut scenario = preset("default").unwrap();
        scenario.write_policy = WritePolicy::Around;
        let story = story_of(&scenario);
        assert!(story.contains("13,992 reads (13.0 % of reads)"), "{story}");
        assert!(
            story.contains("12,621 because a write deleted the cached entry"),
            "{story}"
        );
        assert!(
            story.contains("1,371 because a read loaded the old value before a write"),
            "{story}"
        );
    }

    #[test]
    fn a_quiet_run_is_one_sentence_and_a_ttl_longer_than_the_run_says_so() {
        let mut scenario = preset("default").unwrap();
        assert_eq!(story_of(&scenario).lines().count(), 1);
        scenario.cache.ttl.mode = TtlMode::AfterWrite;
        scenario.cache.ttl.ttl_ms = 120_000.0;
        assert!(story_of(&scenario).contains("No entry expired"));
    }
}
