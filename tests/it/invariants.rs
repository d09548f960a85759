//! Property tests over random valid scenarios: every one validates, runs without panic,
//! and accounts for every write (the ledger's conservation laws).

use cacheplay::scenario::Scenario;
use cacheplay::sim::config::{
    Latency, LoadProfile, Popularity, QueueFull, Ttl, TtlMode, WriteBehind, WritePolicy,
};
use cacheplay::sim::{self, EvictionKind};
use proptest::prelude::*;

fn latency(max_ms: f64) -> impl Strategy<Value = Latency> {
    prop_oneof![
        (0.0..max_ms).prop_map(|ms| Latency::Constant { ms }),
        (0.01..max_ms).prop_map(|mean_ms| Latency::Exponential { mean_ms }),
        (0.01..max_ms, 1.01..14.0f64).prop_map(|(mean_ms, ratio)| Latency::LogNormal {
            mean_ms,
            p99_ms: mean_ms * ratio
        }),
    ]
}

fn profile() -> impl Strategy<Value = LoadProfile> {
    prop_oneof![
        (0.0..3_000.0).prop_map(|rate_per_s| LoadProfile::Constant { rate_per_s }),
        (0.0..3_000.0, 0.0..3_000.0).prop_map(|(from_per_s, to_per_s)| LoadProfile::Ramp {
            from_per_s,
            to_per_s
        }),
        (0.0..1_000.0, 0.0..5_000.0, 0.0..2.0, 0.0..2.0).prop_map(
            |(base_per_s, peak_per_s, start_s, length_s)| LoadProfile::Spike {
                base_per_s,
                peak_per_s,
                start_s,
                length_s
            }
        ),
        (0.0..3_000.0, 0.0..=1.0, 0.1..5.0).prop_map(|(mean_per_s, amplitude, period_s)| {
            LoadProfile::Diurnal {
                mean_per_s,
                amplitude,
                period_s,
            }
        }),
    ]
}

fn popularity() -> impl Strategy<Value = Popularity> {
    prop_oneof![
        Just(Popularity::Uniform),
        (0.0..2.0).prop_map(|alpha| Popularity::Zipf { alpha }),
        (0.001..=1.0, 0.0..=1.0).prop_map(|(hot_key_fraction, hot_request_fraction)| {
            Popularity::Hotspot {
                hot_key_fraction,
                hot_request_fraction,
            }
        }),
    ]
}

fn write_policy() -> impl Strategy<Value = WritePolicy> {
    let when_full = prop_oneof![
        Just(QueueFull::Reject),
        Just(QueueFull::Block),
        Just(QueueFull::WriteThrough),
        Just(QueueFull::DropOldest),
    ];
    prop_oneof![
        Just(WritePolicy::Through),
        Just(WritePolicy::Around),
        (1.0..500.0, 1..50u32, any::<bool>(), 1..200u32, when_full).prop_map(
            |(flush_interval_ms, batch_size, coalescing, queue_capacity, when_full)| {
                WritePolicy::Back(WriteBehind {
                    flush_interval_ms,
                    batch_size,
                    coalescing,
                    queue_capacity,
                    when_full,
                })
            }
        ),
    ]
}

fn ttl() -> impl Strategy<Value = Ttl> {
    let mode = prop_oneof![
        Just(TtlMode::None),
        Just(TtlMode::AfterWrite),
        Just(TtlMode::AfterAccess)
    ];
    (mode, 1.0..2_000.0, 0.0..=1.0, any::<bool>()).prop_map(
        |(mode, ttl_ms, jitter_fraction, active_expiry)| Ttl {
            mode,
            ttl_ms,
            jitter_fraction,
            active_expiry,
        },
    )
}

prop_compose! {
    fn scenario()(
        seed in any::<u64>(),
        duration_s in 0.05..2.0,
        sample_interval_ms in 10.0..500.0,
        profile in profile(),
        read_fraction in 0.0..=1.0,
        n_keys in 1..300u32,
        popularity in popularity(),
        n_clients in 1..20u32,
        instances in 1..4u32,
        workers_per_instance in 1..8u32,
        server_queue in 0..100u32,
        service in latency(5.0),
        capacity in 0..200u32,
        lru in any::<bool>(),
        cache_latency in latency(1.0),
        ttl in ttl(),
        invalidate_on_write in any::<bool>(),
        write_policy in write_policy(),
        read_latency in latency(20.0),
        write_latency in latency(20.0),
        max_concurrency in 1..16u32,
        batch_item_factor in 0.0..1.0,
    ) -> Scenario {
        let mut scenario = Scenario {
            seed,
            duration_s,
            sample_interval_ms,
            write_policy,
            ..Scenario::default()
        };
        scenario.workload.profile = profile;
        scenario.workload.read_fraction = read_fraction;
        scenario.workload.n_keys = n_keys;
        scenario.workload.popularity = popularity;
        scenario.workload.n_clients = n_clients;
        scenario.servers.instances = instances;
        scenario.servers.workers_per_instance = workers_per_instance;
        scenario.servers.queue_capacity = server_queue;
        scenario.servers.service = service;
        scenario.cache.capacity = capacity;
        scenario.cache.eviction = if lru { EvictionKind::Lru } else { EvictionKind::Fifo };
        scenario.cache.latency = cache_latency;
        scenario.cache.ttl = ttl;
        scenario.cache.invalidate_on_write =
            invalidate_on_write && !matches!(scenario.write_policy, WritePolicy::Back(_));
        scenario.store.read_latency = read_latency;
        scenario.store.write_latency = write_latency;
        scenario.store.max_concurrency = max_concurrency;
        scenario.store.batch_item_factor = batch_item_factor;
        scenario
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_write_is_accounted_for(scenario in scenario()) {
        prop_assert_eq!(scenario.validate(), Ok(()));
        let run = sim::run(&scenario.config());
        let ledger = run.ledger;
        let summary = &run.summary;
        prop_assert_eq!(ledger.issued, ledger.acknowledged + ledger.dropped + ledger.in_flight);
        prop_assert_eq!(ledger.acknowledged, ledger.persisted + ledger.pending + ledger.lost);
        prop_assert_eq!(ledger.issued, summary.writes);
        prop_assert_eq!(
            ledger.dropped,
            summary.dropped_writes.server_queue_full + summary.dropped_writes.write_queue_full
        );
        prop_assert_eq!(ledger.lost, summary.dropped_writes.write_queue_overflow);
        prop_assert_eq!(summary.requests, summary.reads + summary.writes);
        prop_assert!(summary.hits + summary.misses <= summary.reads);
        prop_assert!((0.0..=1.0 + 1e-9).contains(&summary.utilisation));
        let last = run.samples.last().expect("a run has at least one sample");
        prop_assert_eq!(last.t_s, (scenario.duration_s * 1e6).round() / 1e6);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Staleness comes only from modelled races. With every key fitting in the cache, no
    /// TTL, in-order cache operations (constant latency) and a policy that updates the
    /// cache on write, no such race exists, so no read may be stale.
    #[test]
    fn no_race_no_stale_read(scenario in scenario(), cache_ms in 0.0..1.0, back in any::<bool>()) {
        let mut scenario = scenario;
        scenario.cache.capacity = scenario.workload.n_keys;
        scenario.cache.ttl.mode = TtlMode::None;
        scenario.cache.latency = Latency::Constant { ms: cache_ms };
        scenario.cache.invalidate_on_write = false;
        if !back || !matches!(scenario.write_policy, WritePolicy::Back(_)) {
            scenario.write_policy = WritePolicy::Through;
        }
        prop_assert_eq!(scenario.validate(), Ok(()));
        let run = sim::run(&scenario.config());
        prop_assert_eq!(run.summary.stale_reads, 0);
    }
}
