//! Every preset's story happens in its run: each test checks the counters behind the
//! claims of the preset's one-line summary and notes, so an edit that makes a claim
//! untrue (a TTL longer than the run, a window that never closes) fails here.

use cacheplay::scenario::presets::DEFAULT_NOTES;
use cacheplay::scenario::{preset, presets};
use cacheplay::sim::{self, Run};

fn run(name: &str) -> Run {
    sim::run(&preset(name).expect("preset exists").config())
}

/// The samples whose interval ends in `(from_s, to_s]`.
fn between(run: &Run, from_s: f64, to_s: f64) -> impl Iterator<Item = &sim::Sample> {
    run.samples
        .iter()
        .filter(move |s| s.t_s > from_s && s.t_s <= to_s)
}

#[test]
fn every_preset_has_a_description_and_a_story_test() {
    let tested = [
        "default",
        "banking",
        "web-sessions",
        "cdn-edge",
        "flash-sale",
        "db-outage",
        "cache-crash",
    ];
    for preset in presets() {
        assert!(
            tested.contains(&preset.name),
            "{} has no story test",
            preset.name
        );
        let notes = match preset.name {
            "default" => DEFAULT_NOTES,
            _ => &preset.scenario.notes,
        };
        assert!(notes.len() > 100, "{} has no description", preset.name);
    }
}

#[test]
fn default_write_through_never_reads_stale_and_about_two_reads_in_three_hit() {
    let run = run("default");
    let s = &run.summary;
    assert_eq!(s.stale_reads, 0);
    assert!((0.6..0.72).contains(&s.hit_ratio), "{}", s.hit_ratio);
    assert_eq!(s.dropped_writes.total, 0);
}

#[test]
fn banking_every_acknowledged_write_is_in_the_database() {
    let run = run("banking");
    let l = &run.ledger;
    assert_eq!((l.pending, l.lost), (0, 0));
    assert_eq!(l.persisted, l.acknowledged);
    assert_eq!(run.summary.stale_reads, 0);
    // A write's latency includes the commit: slower than any cache operation.
    assert!(run.summary.write_latency_ms.p50 > 5.0);
}

#[test]
fn web_sessions_writes_are_fast_flushed_in_batches_and_at_risk_until_flushed() {
    let run = run("web-sessions");
    let s = &run.summary;
    assert!(s.write_latency_ms.p50 < 3.0, "{}", s.write_latency_ms.p50);
    assert!(s.coalesced_writes > 0);
    // The database lags by up to about a second: acknowledged values wait for the flush.
    assert!((500.0..1_500.0).contains(&s.consistency_lag_ms.p99));
    assert!(s.max_oldest_dirty_age_ms >= 900.0);
}

#[test]
fn cdn_edge_objects_expire_and_the_purge_race_shows_as_stale_reads() {
    let run = run("cdn-edge");
    let s = &run.summary;
    assert!(s.expirations > 100, "{}", s.expirations);
    // Expiry starts at the TTL's earliest deadline, 30 s − 10 %.
    assert_eq!(
        between(&run, 0.0, 26.0).map(|s| s.expirations).sum::<u64>(),
        0
    );
    assert!(s.stale_reads_by_cause.invalidate_before_store_race > s.stale_reads / 2);
    assert!(s.store_reads > 0);
}

#[test]
fn flash_sale_scales_late_rate_limits_the_excess_and_stays_up_through_the_window() {
    let run = run("flash-sale");
    let s = &run.summary;
    assert!(s.rate_limited_reads > 0 && s.dropped_writes.rate_limited > 0);
    assert!(between(&run, 0.0, 15.0).all(|s| s.rate_limited_reads == 0));
    let ups: Vec<_> = s.scale_events.iter().filter(|e| e.to > e.from).collect();
    assert!(!ups.is_empty());
    // The new pods serve only after 10 s: meanwhile the queue grows.
    assert!(s.max_server_queue_depth > 0);
    let last_up = ups.last().unwrap().t_s;
    let down = s
        .scale_events
        .iter()
        .find(|e| e.to < e.from)
        .expect("a scale-down after the sale");
    assert!(down.t_s - last_up >= 30.0, "{} {}", last_up, down.t_s);
}

#[test]
fn db_outage_hides_the_outage_until_the_queue_fills_about_16_s_in() {
    let run = run("db-outage");
    let s = &run.summary;
    assert!(s.failed_reads > 0);
    assert!(between(&run, 0.0, 20.0).all(|s| s.failed_reads == 0));
    let first_drop = run
        .samples
        .iter()
        .find(|s| s.dropped_write_queue_full > 0)
        .expect("the queue fills")
        .t_s;
    assert!((35.0..=37.0).contains(&first_drop), "{first_drop}");
    assert!(between(&run, 46.0, 60.0).all(|s| s.dropped_write_queue_full == 0));
    assert_eq!(s.dropped_writes.total, s.dropped_writes.write_queue_full);
}

#[test]
fn cache_crash_loses_dirty_writes_serves_older_values_then_a_miss_storm() {
    let run = run("cache-crash");
    let s = &run.summary;
    assert!(s.dropped_writes.lost_on_crash > 0);
    assert!(s.stale_reads_by_cause.lost_write_back > 0);
    // While it is down, every read misses.
    assert!(between(&run, 31.0, 35.0).all(|s| s.hits == 0 && s.misses > 0));
    let mut through = preset("cache-crash").unwrap();
    through.write_policy = sim::config::WritePolicy::Through;
    let through = sim::run(&through.config());
    assert_eq!(through.summary.dropped_writes.lost_on_crash, 0);
    assert_eq!(through.ledger.lost, 0);
}
