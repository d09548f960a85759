//! Faults on the timeline, hand-computed with constant latencies, plus the crash law on
//! random workloads.
//!
//! Every hand-computed case uses: 4 workers, service 1 ms, cache operations 0.5 ms, store
//! reads 5 ms, store writes 10 ms, batches costing `10 ms × (1 + 0.5 · (k − 1))`, a
//! write-behind flush every 100 ms without coalescing.

use cacheplay::scenario::Scenario;
use cacheplay::sim::config::{Latency, QueueFull, WriteBehind, WritePolicy};
use cacheplay::sim::fault::{Fault, OutageMode};
use cacheplay::sim::{self, Arrival, Config, Key, Op, Run, Sim, Time};

use Op::{Read, Write};

fn config(policy: WritePolicy, faults: Vec<Fault>) -> Config {
    let mut config = Config {
        duration_s: 1.0,
        sample_interval_ms: 100.0,
        write_policy: policy,
        faults,
        ..Config::default()
    };
    config.workload.n_keys = 10;
    config.servers.instances = 1;
    config.servers.workers_per_instance = 4;
    config.servers.service = Latency::Constant { ms: 1.0 };
    config.cache.capacity = 10;
    config.cache.latency = Latency::Constant { ms: 0.5 };
    config.store.read_latency = Latency::Constant { ms: 5.0 };
    config.store.write_latency = Latency::Constant { ms: 10.0 };
    config.store.max_concurrency = 8;
    config.store.batch_item_factor = 0.5;
    config
}

fn write_back(queue_capacity: u32) -> WritePolicy {
    WritePolicy::Back(WriteBehind {
        flush_interval_ms: 100.0,
        batch_size: 10,
        coalescing: false,
        queue_capacity,
        when_full: QueueFull::Reject,
    })
}

fn at(ms: f64, op: Op, key: u32) -> Arrival {
    Arrival {
        time: Time::from_ms(ms),
        key: Key(key),
        op,
        client: 0,
    }
}

fn run(config: &Config, arrivals: Vec<Arrival>) -> Run {
    Sim::with_arrivals(config, arrivals).into_run()
}

fn assert_conserved(run: &Run) {
    let ledger = run.ledger;
    assert_eq!(
        ledger.issued,
        ledger.acknowledged + ledger.dropped + ledger.in_flight
    );
    assert_eq!(
        ledger.acknowledged,
        ledger.persisted + ledger.pending + ledger.lost
    );
}

fn crash(at_s: f64) -> Fault {
    Fault::CacheCrash {
        at_s,
        restart_s: 0.1,
    }
}

/// Writes to keys 0, 1 at 10, 20 ms (flushed at 100 ms, stored at 115 ms), to keys 2, 3, 4
/// at 120, 130, 140 ms; a crash at 150 ms, restart at 250 ms; reads of keys 0 and 2 at 300
/// and 310 ms, both misses on the cold cache.
fn crash_case(policy: WritePolicy) -> Run {
    let arrivals = vec![
        at(10.0, Write, 0),
        at(20.0, Write, 1),
        at(120.0, Write, 2),
        at(130.0, Write, 3),
        at(140.0, Write, 4),
        at(300.0, Read, 0),
        at(310.0, Read, 2),
    ];
    run(&config(policy, vec![crash(0.15)]), arrivals)
}

#[test]
fn write_back_crash_loses_exactly_the_dirty_writes() {
    // Keys 2, 3, 4 are dirty at 150 ms: 3 writes lost. The read of key 0 finds version 1
    // in the store; the read of key 2 finds version 0 although version 1 was acknowledged:
    // the data loss shows as a stale read.
    let run = crash_case(write_back(100));
    let summary = &run.summary;
    assert_eq!(summary.dropped_writes.lost_on_crash, 3);
    assert_eq!(summary.dropped_writes.total, 3);
    assert_eq!((run.ledger.persisted, run.ledger.lost), (2, 3));
    assert_eq!((summary.misses, summary.stale_reads), (2, 1));
    assert_eq!(summary.stale_reads_by_cause.lost_write_back, 1);
    assert_eq!(run.samples[1].dropped_lost_on_crash, 3);
    assert_conserved(&run);
}

#[test]
fn write_through_crash_loses_nothing() {
    let run = crash_case(WritePolicy::Through);
    let summary = &run.summary;
    assert_eq!(summary.dropped_writes.lost_on_crash, 0);
    assert_eq!((run.ledger.persisted, run.ledger.lost), (5, 0));
    assert_eq!((summary.misses, summary.stale_reads), (2, 0));
    assert_conserved(&run);
}

#[test]
fn a_crashed_cache_misses_until_it_restarts_and_then_fills_again() {
    // Write-through of key 0 at 10 ms caches it. Crash at 100 ms, restart at 200 ms.
    // Reads of key 0: 50 ms hit; 150 ms miss (down; the fill is lost); 250 ms miss
    // (restarted empty; the fill lands at 257 ms); 300 ms hit.
    let arrivals = vec![
        at(10.0, Write, 0),
        at(50.0, Read, 0),
        at(150.0, Read, 0),
        at(250.0, Read, 0),
        at(300.0, Read, 0),
    ];
    let run = run(&config(WritePolicy::Through, vec![crash(0.1)]), arrivals);
    assert_eq!((run.summary.hits, run.summary.misses), (2, 2));
}

/// The lost writes of a crash are the write-behind entries queued at that instant. With
/// coalescing off an entry is one write, and the sample at the crash instant is taken
/// before the crash, so it shows exactly what the crash loses.
#[test]
fn crash_loses_the_queue_depth_at_the_crash_instant() {
    for seed in 0..8 {
        let mut scenario = Scenario {
            seed,
            duration_s: 3.0,
            sample_interval_ms: 250.0,
            write_policy: write_back(100_000),
            faults: vec![crash(1.5)],
            ..Scenario::default()
        };
        scenario.workload.read_fraction = 0.5;
        scenario.workload.profile = sim::config::LoadProfile::Constant {
            rate_per_s: 2_000.0,
        };
        assert_eq!(scenario.validate(), Ok(()));
        let run = sim::run(&scenario.config());
        let at_crash = run
            .samples
            .iter()
            .find(|sample| sample.t_s == 1.5)
            .expect("a sample at 1.5 s");
        assert!(at_crash.write_queue_depth > 0, "seed {seed}");
        assert_eq!(
            run.summary.dropped_writes.lost_on_crash, at_crash.write_queue_depth,
            "seed {seed}"
        );
        assert_eq!(run.ledger.lost, at_crash.write_queue_depth, "seed {seed}");
        assert_conserved(&run);
    }
}

fn outage(start_s: f64, end_s: f64, mode: OutageMode, write_retries: u32) -> Fault {
    Fault::StoreOutage {
        start_s,
        end_s,
        mode,
        write_retries,
    }
}

#[test]
fn outage_fail_drops_the_write_through_writes_issued_in_it_and_fails_missing_reads() {
    // Outage [100, 200) ms. Writes at 10, 110, 150, 190, 250 ms reach the store 1 ms later:
    // the three inside fail and are dropped. A read of uncached key 9 at 120 ms misses
    // and fails; a read of key 0 (cached at 11.5 ms) at 130 ms hits.
    let arrivals = vec![
        at(10.0, Write, 0),
        at(110.0, Write, 1),
        at(120.0, Read, 9),
        at(130.0, Read, 0),
        at(150.0, Write, 2),
        at(190.0, Write, 3),
        at(250.0, Write, 4),
    ];
    let faults = vec![outage(0.1, 0.2, OutageMode::Fail, 0)];
    let run = run(&config(WritePolicy::Through, faults), arrivals);
    let summary = &run.summary;
    assert_eq!(summary.dropped_writes.store_unavailable, 3);
    assert_eq!((run.ledger.acknowledged, run.ledger.dropped), (2, 3));
    assert_eq!((summary.failed_reads, summary.hits), (1, 1));
    assert_conserved(&run);
}

#[test]
fn outage_retries_back_off_100_ms_then_200_ms_and_give_up() {
    // Outage [100, 400) ms, one write at 110 ms: its store write fails at 111 ms.
    // Two retries: 211 ms fails, 411 ms succeeds: acknowledged at 421.5 ms, 311.5 ms.
    // One retry: 211 ms fails, the write is dropped.
    let arrivals = || vec![at(110.0, Write, 1)];
    let with = |retries| {
        let faults = vec![outage(0.1, 0.4, OutageMode::Fail, retries)];
        run(&config(WritePolicy::Through, faults), arrivals())
    };
    let two = with(2);
    assert_eq!(two.ledger.acknowledged, 1);
    assert_eq!(two.summary.write_latency_ms.max, 311.5);
    let one = with(1);
    assert_eq!(one.summary.dropped_writes.store_unavailable, 1);
    assert_conserved(&one);
}

#[test]
fn outage_hang_holds_the_write_until_the_store_is_back() {
    // Outage [100, 200) ms: the store write starting at 151 ms waits until 200 ms, takes
    // 10 ms, then the cache update: acknowledged at 210.5 ms, 60.5 ms after arrival.
    let faults = vec![outage(0.1, 0.2, OutageMode::Hang, 0)];
    let run = run(
        &config(WritePolicy::Through, faults),
        vec![at(150.0, Write, 2)],
    );
    assert_eq!(run.summary.write_latency_ms.max, 60.5);
    assert_eq!(run.summary.dropped_writes.total, 0);
}

#[test]
fn write_back_hides_an_outage_until_its_queue_fills() {
    // Outage [50, 350) ms; writes at 60, 160, 260 ms are acknowledged at cache speed
    // (1.5 ms). Flushes at 100, 200, 300 ms find the store out and leave the queue; the
    // flush at 400 ms writes all three as one batch (20 ms): persisted at 420 ms.
    let arrivals = || vec![at(60.0, Write, 0), at(160.0, Write, 1), at(260.0, Write, 2)];
    let faults = || vec![outage(0.05, 0.35, OutageMode::Fail, 0)];
    let config_ok = config(write_back(100), faults());
    let mut sim = Sim::with_arrivals(&config_ok, arrivals());
    sim.advance_to(Time::from_ms(419.0));
    assert_eq!((sim.ledger().acknowledged, sim.ledger().pending), (3, 3));
    sim.advance_to(Time::from_ms(421.0));
    assert_eq!(sim.ledger().persisted, 3);
    let run = sim.into_run();
    assert_eq!(run.summary.write_latency_ms.max, 1.5);
    // A queue of two: the third write finds it full and is rejected.
    let full = self::run(&config(write_back(2), faults()), arrivals());
    assert_eq!(full.summary.dropped_writes.write_queue_full, 1);
    assert_conserved(&full);
}

/// One read miss of key 9 at `ms`, under `faults`: its latency in ms.
fn miss_latency(ms: f64, faults: Vec<Fault>) -> f64 {
    let run = run(&config(WritePolicy::Through, faults), vec![at(ms, Read, 9)]);
    run.summary.read_latency_ms.max
}

#[test]
fn slowdown_multiplies_the_store_part_of_latency() {
    // A miss: 1 + 0.5 + 5 + 0.5 = 7 ms; with the store twice as slow, 1 + 0.5 + 10 + 0.5.
    let slow = || {
        vec![Fault::StoreSlowdown {
            start_s: 0.1,
            end_s: 0.2,
            factor: 2.0,
        }]
    };
    assert_eq!(miss_latency(50.0, slow()), 7.0);
    assert_eq!(miss_latency(150.0, slow()), 12.0);
    assert_eq!(miss_latency(250.0, slow()), 7.0);
}

#[test]
fn latency_spike_adds_its_delay_to_each_cache_operation() {
    // A miss has two cache operations (lookup and fill): 7 ms + 2 × 3 ms.
    let spike = || {
        vec![Fault::CacheLatencySpike {
            start_s: 0.1,
            end_s: 0.2,
            extra_ms: 3.0,
        }]
    };
    assert_eq!(miss_latency(50.0, spike()), 7.0);
    assert_eq!(miss_latency(150.0, spike()), 13.0);
}

#[test]
fn fault_validation_names_the_field_and_the_range() {
    let mut scenario = Scenario {
        duration_s: 10.0,
        faults: vec![
            outage(5.0, 4.0, OutageMode::Fail, 0),
            Fault::StoreSlowdown {
                start_s: 1.0,
                end_s: 11.0,
                factor: 0.0,
            },
        ],
        ..Scenario::default()
    };
    let message = scenario.validate().expect_err("invalid").to_string();
    assert_eq!(
        message,
        "faults[0].end_s: must be after “From” (5) (got 4)\n\
         faults[1].end_s: must be between 0 and 10 (got 11)\n\
         faults[1].factor: must be greater than 0 and at most 1000 (got 0)"
    );
    scenario.faults = vec![crash(2.0)];
    assert_eq!(scenario.validate(), Ok(()));
}
