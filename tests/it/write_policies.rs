//! Hand-computed request sequences for each write policy, with constant latencies.
//!
//! Every case uses: 4 workers, service 1 ms, cache operations 0.5 ms, store reads 5 ms,
//! store writes 10 ms, batches costing `10 ms × (1 + 0.5 · (k − 1))`.

use cacheplay::sim::config::{Latency, QueueFull, WriteBehind, WritePolicy};
use cacheplay::sim::{Arrival, Config, Key, Op, Run, Sim, Time};

fn config(policy: WritePolicy, capacity: u32) -> Config {
    let mut config = Config {
        duration_s: 1.0,
        sample_interval_ms: 100.0,
        write_policy: policy,
        ..Config::default()
    };
    config.workload.n_keys = 10;
    config.servers.instances = 1;
    config.servers.workers_per_instance = 4;
    config.servers.service = Latency::Constant { ms: 1.0 };
    config.cache.capacity = capacity;
    config.cache.latency = Latency::Constant { ms: 0.5 };
    config.store.read_latency = Latency::Constant { ms: 5.0 };
    config.store.write_latency = Latency::Constant { ms: 10.0 };
    config.store.max_concurrency = 8;
    config.store.batch_item_factor = 0.5;
    config
}

fn write_back(coalescing: bool, queue_capacity: u32, when_full: QueueFull) -> WritePolicy {
    WritePolicy::Back(WriteBehind {
        flush_interval_ms: 100.0,
        batch_size: 10,
        coalescing,
        queue_capacity,
        when_full,
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

use Op::{Read, Write};

fn ms(ms: f64) -> Time {
    Time::from_ms(ms)
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

#[test]
fn write_through_is_in_the_store_when_acknowledged() {
    // Write at 0: service to 1 ms, store write 1 → 11 ms (commit), cache update → 11.5 ms,
    // acknowledged. A read at 20 ms: service 21, lookup 21.5 → hit, 1.5 ms.
    let config = config(WritePolicy::Through, 10);
    let mut sim = Sim::with_arrivals(&config, vec![at(0.0, Write, 0), at(20.0, Read, 0)]);
    sim.advance_to(ms(10.9));
    assert_eq!(
        (sim.store_version(Key(0)), sim.ledger().acknowledged),
        (0, 0)
    );
    sim.advance_to(ms(11.2));
    assert_eq!(
        (sim.store_version(Key(0)), sim.ledger().acknowledged),
        (1, 0)
    );
    sim.advance_to(ms(11.6));
    assert_eq!(sim.ledger().acknowledged, 1);
    assert_eq!(sim.ledger().persisted, 1);
    assert!(sim.is_cached(Key(0)));
    let run = sim.into_run();
    let summary = &run.summary;
    assert_eq!((summary.hits, summary.misses), (1, 0));
    assert_eq!(summary.write_latency_ms.max, 11.5);
    assert_eq!(summary.read_latency_ms.max, 1.5);
    assert_eq!(
        (summary.store_writes, summary.consistency_lag_ms.max),
        (1, 0.0)
    );
    assert_conserved(&run);
}

#[test]
fn a_write_still_at_the_store_at_the_end_is_started_not_written() {
    // Write-through writes at 0, 985 and 995 ms reach the store after 1 ms of service and
    // take 10 ms: they land at 11 and 996 ms, and the third, sent at 996 ms, would land at
    // 1,006 ms, after the 1 s run: started, not written.
    let config = config(WritePolicy::Through, 10);
    let arrivals = vec![at(0.0, Write, 0), at(985.0, Write, 1), at(995.0, Write, 2)];
    let run = Sim::with_arrivals(&config, arrivals).into_run();
    let summary = &run.summary;
    assert_eq!((summary.store_writes, summary.store_writes_started), (2, 3));
    assert_eq!((run.ledger.persisted, run.ledger.in_flight), (2, 1));
    assert_conserved(&run);
}

#[test]
fn write_back_reaches_the_store_at_the_flush() {
    // Writes of key 0 at 0 and 10 ms and of key 1 at 20 ms are acknowledged after service
    // and cache update, 1.5 ms each. Key 0's second write coalesces. The flush at 100 ms
    // sends one batch of 2: 10 ms × (1 + 0.5) = 15 ms, landing at 115 ms. Lag: key 0 from
    // its first ack at 1.5 ms: 113.5 ms; key 1 from 21.5 ms: 93.5 ms.
    let config = config(write_back(true, 100, QueueFull::Reject), 10);
    let arrivals = vec![at(0.0, Write, 0), at(10.0, Write, 0), at(20.0, Write, 1)];
    let mut sim = Sim::with_arrivals(&config, arrivals);
    sim.advance_to(ms(50.0));
    assert_eq!(sim.ledger().acknowledged, 3);
    assert_eq!((sim.store_version(Key(0)), sim.ledger().pending), (0, 3));
    sim.advance_to(ms(114.9));
    assert_eq!((sim.store_version(Key(0)), sim.ledger().pending), (0, 3));
    sim.advance_to(ms(115.1));
    assert_eq!(
        (sim.store_version(Key(0)), sim.store_version(Key(1))),
        (2, 1)
    );
    assert_eq!((sim.ledger().pending, sim.ledger().persisted), (0, 3));
    let run = sim.into_run();
    let summary = &run.summary;
    assert_eq!(summary.write_latency_ms.max, 1.5);
    assert_eq!((summary.coalesced_writes, summary.store_writes), (1, 2));
    assert_eq!(summary.consistency_lag_ms.max, 113.5);
    // The oldest dirty entry, at the 100 ms sample, was acknowledged at 1.5 ms.
    assert_eq!(run.samples[0].oldest_dirty_age_ms, 98.5);
    assert_eq!(summary.max_oldest_dirty_age_ms, 98.5);
    assert_conserved(&run);
}

#[test]
fn write_back_flushes_an_evicted_dirty_entry() {
    // Capacity 1: key 0 written (ack 1.5 ms, dirty); key 1's write at 10 ms evicts it at
    // 11.5 ms, which forces a store write of key 0: 11.5 → 21.5 ms, long before the flush.
    let config = config(write_back(true, 100, QueueFull::Reject), 1);
    let mut sim = Sim::with_arrivals(&config, vec![at(0.0, Write, 0), at(10.0, Write, 1)]);
    sim.advance_to(ms(21.4));
    assert_eq!(sim.store_version(Key(0)), 0);
    sim.advance_to(ms(21.6));
    assert_eq!(
        (sim.store_version(Key(0)), sim.store_version(Key(1))),
        (1, 0)
    );
    assert!(!sim.is_cached(Key(0)) && sim.is_cached(Key(1)));
    let run = sim.into_run();
    assert_eq!(run.summary.evictions, 1);
    assert_eq!((run.ledger.persisted, run.ledger.lost), (2, 0));
    assert_conserved(&run);
}

#[test]
fn write_around_makes_the_next_read_miss() {
    // Read at 0: miss, store read 1.5 → 6.5 ms, fill at 7 ms. Write at 10 ms: invalidate at
    // 11.5, store write → 21.5 ms, ack. Read at 30 ms: the key was invalidated → miss.
    let config = config(WritePolicy::Around, 10);
    let arrivals = vec![at(0.0, Read, 0), at(10.0, Write, 0), at(30.0, Read, 0)];
    let mut sim = Sim::with_arrivals(&config, arrivals);
    sim.advance_to(ms(8.0));
    assert!(sim.is_cached(Key(0)));
    sim.advance_to(ms(12.0));
    assert!(!sim.is_cached(Key(0)));
    let run = sim.into_run();
    let summary = &run.summary;
    assert_eq!(
        (summary.hits, summary.misses, summary.stale_reads),
        (0, 2, 0)
    );
    // Writes: 1 ms service + 0.5 ms invalidation + 10 ms store write.
    assert_eq!(summary.write_latency_ms.max, 11.5);
    // Reads: 1 + 0.5 + 5 + 0.5 (fill).
    assert_eq!(summary.read_latency_ms.max, 7.0);
    assert_conserved(&run);
}

#[test]
fn write_around_race_caches_a_stale_value() {
    // Write at 10 ms invalidates at 11.5 and commits at 21.5 ms. A read arriving at 12 ms
    // misses at 13.5 and reads the store before the commit (version 0), filling it at
    // 19 ms. A read at 30 ms, after the write's ack, hits that old version: stale.
    let config = config(WritePolicy::Around, 10);
    let arrivals = vec![at(10.0, Write, 0), at(12.0, Read, 0), at(30.0, Read, 0)];
    let run = Sim::with_arrivals(&config, arrivals).into_run();
    assert_eq!((run.summary.hits, run.summary.misses), (1, 1));
    assert_eq!(run.summary.stale_reads, 1);
    assert_eq!(
        run.summary
            .stale_reads_by_cause
            .invalidate_before_store_race,
        1
    );
}

#[test]
fn write_around_refill_across_the_invalidation_is_a_refill_race() {
    // A read at 5 ms misses at 6.5 and reads the store (5 ms) until 11.5, seeing version
    // 0. The write at 8 ms invalidates at 9.5 (after the miss) and commits at 19.5 ms; the
    // read fills version 0 at 12 ms. A read at 30 ms hits it: stale, by the refill race.
    let config = config(WritePolicy::Around, 10);
    let arrivals = vec![at(5.0, Read, 0), at(8.0, Write, 0), at(30.0, Read, 0)];
    let run = Sim::with_arrivals(&config, arrivals).into_run();
    assert_eq!((run.summary.hits, run.summary.misses), (1, 1));
    let by_cause = run.summary.stale_reads_by_cause;
    assert_eq!(run.summary.stale_reads, 1);
    assert_eq!(
        (by_cause.refill_race, by_cause.invalidate_before_store_race),
        (1, 0)
    );
}

#[test]
fn full_write_behind_queue_behaviours() {
    // Queue of 1 without coalescing: key 0 is queued at 1.5 ms; key 1's write at 5 ms
    // finds the queue full at 6.5 ms. The flush is at 100 ms.
    let arrivals = || vec![at(0.0, Write, 0), at(5.0, Write, 1)];
    let run = |when_full| {
        let config = config(write_back(false, 1, when_full), 10);
        let run = Sim::with_arrivals(&config, arrivals()).into_run();
        assert_conserved(&run);
        run
    };

    // Reject (Hazelcast): the second write fails, never acknowledged.
    let rejected = run(QueueFull::Reject);
    assert_eq!(rejected.summary.dropped_writes.write_queue_full, 1);
    assert_eq!(
        (rejected.ledger.dropped, rejected.ledger.acknowledged),
        (1, 1)
    );

    // Drop oldest: the first write, acknowledged, is discarded: lost.
    let dropped = run(QueueFull::DropOldest);
    assert_eq!(dropped.summary.dropped_writes.write_queue_overflow, 1);
    assert_eq!((dropped.ledger.lost, dropped.ledger.persisted), (1, 1));

    // Block (Ehcache 2): the writer waits until the flushed entry lands in the store,
    // 100 + 10 = 110 ms, then is acknowledged: 105 ms.
    let blocked = run(QueueFull::Block);
    assert_eq!(blocked.summary.write_latency_ms.max, 105.0);
    assert_eq!((blocked.ledger.persisted, blocked.ledger.dropped), (2, 0));

    // Write-through (Infinispan): store write 6.5 → 16.5 ms, cache update → 17 ms: 12 ms.
    let through = run(QueueFull::WriteThrough);
    assert_eq!(through.summary.write_latency_ms.max, 12.0);
    assert_eq!(through.ledger.persisted, 2);
}

#[test]
fn entries_in_the_store_count_against_the_queue_capacity() {
    // Queue of 2 without coalescing: keys 0 and 1 are queued at 1.5 and 2.5 ms; the flush
    // at 100 ms hands both to the store as one batch, 10 ms × 1.5 = 15 ms, landing at
    // 115 ms. Key 2's write at 105 ms reaches the queue at 106.5 ms: nothing is queued,
    // but the two entries in the store fill it. Key 3's at 120 ms finds room.
    let arrivals = || {
        vec![
            at(0.0, Write, 0),
            at(1.0, Write, 1),
            at(105.0, Write, 2),
            at(120.0, Write, 3),
        ]
    };
    let run = |when_full| {
        let config = config(write_back(false, 2, when_full), 10);
        let run = Sim::with_arrivals(&config, arrivals()).into_run();
        assert_conserved(&run);
        run
    };
    let rejected = run(QueueFull::Reject);
    assert_eq!(rejected.summary.dropped_writes.write_queue_full, 1);
    assert_eq!(
        (rejected.ledger.acknowledged, rejected.ledger.persisted),
        (3, 3)
    );
    // Drop oldest has no queued entry to drop, so it refuses the write as reject does.
    let dropped = run(QueueFull::DropOldest);
    assert_eq!(
        (
            dropped.summary.dropped_writes.write_queue_full,
            dropped.summary.dropped_writes.write_queue_overflow,
            dropped.ledger.lost
        ),
        (1, 0, 0)
    );
    // Block: key 2's writer waits for the batch to land at 115 ms: 10 ms.
    let blocked = run(QueueFull::Block);
    assert_eq!(blocked.summary.write_latency_ms.max, 10.0);
    assert_eq!(blocked.ledger.persisted, 4);
}

#[test]
fn an_expiring_dirty_entry_is_flushed_not_lost() {
    // TTL 20 ms after write, flush every 500 ms. Key 0 is written at 0 (ack 1.5 ms,
    // deadline 21.5 ms). Active expiry at 100 ms finds it expired and forces its store
    // write: 100 → 110 ms, long before the flush at 500 ms.
    use cacheplay::sim::config::{Ttl, TtlMode};
    let mut config = config(write_back(true, 100, QueueFull::Reject), 10);
    if let WritePolicy::Back(params) = &mut config.write_policy {
        params.flush_interval_ms = 500.0;
    }
    config.cache.ttl = Ttl {
        mode: TtlMode::AfterWrite,
        ttl_ms: 20.0,
        jitter_fraction: 0.0,
        active_expiry: true,
    };
    let mut sim = Sim::with_arrivals(&config, vec![at(0.0, Write, 0)]);
    sim.advance_to(ms(99.0));
    assert!(sim.is_cached(Key(0)));
    sim.advance_to(ms(109.0));
    assert!(!sim.is_cached(Key(0)));
    assert_eq!((sim.store_version(Key(0)), sim.ledger().pending), (0, 1));
    sim.advance_to(ms(111.0));
    assert_eq!((sim.store_version(Key(0)), sim.ledger().persisted), (1, 1));
    let run = sim.into_run();
    assert_eq!(run.summary.expirations, 1);
    assert_eq!(run.summary.consistency_lag_ms.max, 108.5);
    assert_conserved(&run);
}
