//! Property tests over random valid scenarios: every one validates, runs without panic,
//! and accounts for every write (the ledger's conservation laws).

use cacheplay::scenario::Scenario;
use cacheplay::sim::autoscale::{AutoscalerConfig, HpaConfig, ThresholdConfig};
use cacheplay::sim::config::{
    Latency, LoadProfile, Popularity, QueueFull, Ttl, TtlMode, WriteBehind, WritePolicy,
};
use cacheplay::sim::fault::{Fault, OutageMode};
use cacheplay::sim::limiter::{
    Algorithm, GcraConfig, LeakyBucketConfig, LimiterConfig, Rate, RateUnit, Scope, Tier,
    TokenBucketConfig,
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

fn rate() -> impl Strategy<Value = Rate> {
    (1..500u32, 100..2_000u64).prop_map(|(count, period_ms)| Rate { count, period_ms })
}

fn limit() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        (0..50u32, rate()).prop_map(|(burst, rate)| Algorithm::TokenBucket(
            TokenBucketConfig::Continuous { burst, rate }
        )),
        (0..50u32, 1..20u32, 1..500u64).prop_map(|(burst, tokens_per_fill, fill_interval_ms)| {
            Algorithm::TokenBucket(TokenBucketConfig::Discrete {
                burst,
                tokens_per_fill,
                fill_interval_ms,
            })
        }),
        (rate(), proptest::option::of(1..50u32))
            .prop_map(|(rate, burst)| Algorithm::Gcra(GcraConfig { rate, burst })),
        (1..500u32, any::<bool>(), 0..20u32, 0..5u32, any::<bool>()).prop_map(
            |(rate, per_minute, burst, delay, nodelay)| {
                Algorithm::LeakyBucket(LeakyBucketConfig {
                    rate,
                    unit: if per_minute {
                        RateUnit::PerMinute
                    } else {
                        RateUnit::PerSecond
                    },
                    burst,
                    delay,
                    nodelay,
                })
            }
        ),
    ]
}

fn rate_limits() -> impl Strategy<Value = LimiterConfig> {
    let tier = (any::<bool>(), limit()).prop_map(|(per_client, limit)| Tier {
        scope: if per_client {
            Scope::PerClient
        } else {
            Scope::Global
        },
        limit,
    });
    proptest::collection::vec(tier, 0..3).prop_map(|tiers| LimiterConfig { tiers })
}

fn autoscaling() -> impl Strategy<Value = Option<AutoscalerConfig>> {
    let threshold = (
        (0.4..1.0, 0..3u64, 1..3u32),
        (0.0..0.4, 0..3u64, 1..3u32),
        (1..4u32, 0..4u32, 0..3u64, 0..3u64),
    )
        .prop_map(
            |(
                (up_threshold, up_for_s, step_up),
                (down_threshold, down_for_s, step_down),
                (min_instances, extra, cooldown_s, provision_delay_s),
            )| {
                AutoscalerConfig::Threshold(ThresholdConfig {
                    up_threshold,
                    up_for_s,
                    step_up,
                    down_threshold,
                    down_for_s,
                    step_down,
                    min_instances,
                    max_instances: min_instances + extra,
                    cooldown_s,
                    provision_delay_s,
                })
            },
        );
    let hpa = (1..4u32, 0..4u32, 10..100u32, 1..3u64, 0..3u64).prop_map(
        |(min_replicas, extra, target_utilization_pct, sync_period_s, provision_delay_s)| {
            AutoscalerConfig::TargetTracking(HpaConfig {
                min_replicas,
                max_replicas: min_replicas + extra,
                target_utilization_pct,
                sync_period_s,
                provision_delay_s,
                ..HpaConfig::default()
            })
        },
    );
    prop_oneof![Just(None), threshold.prop_map(Some), hpa.prop_map(Some)]
}

/// Faults whose times are fractions of the run, scaled by `duration_s` in the scenario.
fn faults(duration_s: f64) -> impl Strategy<Value = Vec<Fault>> {
    let window = (0.0..0.9f64, 0.01..0.5f64).prop_map(move |(start, length)| {
        (start * duration_s, ((start + length).min(1.0)) * duration_s)
    });
    let fault = prop_oneof![
        (window.clone(), any::<bool>(), 0..4u32).prop_map(
            |((start_s, end_s), hang, write_retries)| {
                Fault::StoreOutage {
                    start_s,
                    end_s,
                    mode: if hang {
                        OutageMode::Hang
                    } else {
                        OutageMode::Fail
                    },
                    write_retries,
                }
            }
        ),
        (window.clone(), 0.1..10.0).prop_map(|((start_s, end_s), factor)| Fault::StoreSlowdown {
            start_s,
            end_s,
            factor,
        }),
        (0.0..1.0, 0.0..1.0).prop_map(move |(at, restart_s)| Fault::CacheCrash {
            at_s: at * duration_s,
            restart_s,
        }),
        (window, 0.0..20.0).prop_map(|((start_s, end_s), extra_ms)| Fault::CacheLatencySpike {
            start_s,
            end_s,
            extra_ms,
        }),
    ];
    proptest::collection::vec(fault, 0..4)
}

/// A `scenario()` run for up to 6 s with rate limits, an autoscaler and faults.
fn troubled_scenario() -> impl Strategy<Value = Scenario> {
    (scenario(), 0.05..6.0f64).prop_flat_map(|(scenario, duration_s)| {
        (rate_limits(), autoscaling(), faults(duration_s)).prop_map(
            move |(rate_limits, autoscaling, faults)| Scenario {
                duration_s,
                rate_limits,
                autoscaling,
                faults,
                ..scenario.clone()
            },
        )
    })
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
        eviction in proptest::sample::select(EvictionKind::ALL),
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
        scenario.cache.eviction = eviction;
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
        check_run(&scenario, &run)?;
    }

    #[test]
    fn every_write_is_accounted_for_under_traffic_control_and_faults(
        scenario in troubled_scenario()
    ) {
        prop_assert_eq!(scenario.validate(), Ok(()));
        let run = sim::run(&scenario.config());
        check_run(&scenario, &run)?;
    }
}

/// The ledger's laws and the summary's consistency with it and with the samples.
fn check_run(scenario: &Scenario, run: &sim::Run) -> Result<(), TestCaseError> {
    let ledger = run.ledger;
    let summary = &run.summary;
    let dropped = &summary.dropped_writes;
    prop_assert_eq!(
        ledger.issued,
        ledger.acknowledged + ledger.dropped + ledger.in_flight
    );
    prop_assert_eq!(
        ledger.acknowledged,
        ledger.persisted + ledger.pending + ledger.lost
    );
    prop_assert_eq!(ledger.issued, summary.writes);
    prop_assert_eq!(
        ledger.dropped,
        dropped.server_queue_full
            + dropped.write_queue_full
            + dropped.rate_limited
            + dropped.store_unavailable
    );
    prop_assert_eq!(
        ledger.lost,
        dropped.write_queue_overflow + dropped.lost_on_crash
    );
    prop_assert_eq!(dropped.total, ledger.dropped + ledger.lost);
    prop_assert_eq!(summary.requests, summary.reads + summary.writes);
    prop_assert!(summary.hits + summary.misses + summary.rate_limited_reads <= summary.reads);
    prop_assert!(summary.failed_reads <= summary.misses);
    prop_assert!((0.0..=1.0 + 1e-9).contains(&summary.utilisation));
    let instances = summary.instances;
    prop_assert!(instances.min <= instances.at_end && instances.at_end <= instances.max);
    prop_assert_eq!(summary.scale_events.len(), run.scale_events.len());
    let sampled = |f: fn(&sim::Sample) -> u64| run.samples.iter().map(f).sum::<u64>();
    prop_assert_eq!(
        sampled(|s| s.rate_limited_reads),
        summary.rate_limited_reads
    );
    prop_assert_eq!(sampled(|s| s.failed_reads), summary.failed_reads);
    prop_assert_eq!(sampled(|s| s.dropped_lost_on_crash), dropped.lost_on_crash);
    // Every stale read has exactly one cause, in the summary and in every sample.
    let by_cause = &summary.stale_reads_by_cause;
    prop_assert_eq!(
        by_cause.invalidate_before_store_race
            + by_cause.refill_race
            + by_cause.update_reorder
            + by_cause.unflushed_write_back
            + by_cause.lost_write_back,
        summary.stale_reads
    );
    for sample in &run.samples {
        prop_assert!((0.0..=1.0 + 1e-9).contains(&sample.utilisation));
        prop_assert_eq!(
            sample.stale_invalidate_before_store_race
                + sample.stale_refill_race
                + sample.stale_update_reorder
                + sample.stale_unflushed_write_back
                + sample.stale_lost_write_back,
            sample.stale_reads
        );
    }
    check_answered(scenario, run)?;
    let last = run.samples.last().expect("a run has at least one sample");
    prop_assert_eq!(last.t_s, (scenario.duration_s * 1e6).round() / 1e6);
    Ok(())
}

/// Each sample's answered counts against the run's totals and its own percentiles.
fn check_answered(scenario: &Scenario, run: &sim::Run) -> Result<(), TestCaseError> {
    let summary = &run.summary;
    let sampled = |f: fn(&sim::Sample) -> u64| run.samples.iter().map(f).sum::<u64>();
    // Every acknowledgement falls in some interval; a read is answered at most once, a hit
    // in the interval of its lookup, and a miss unless its store read fails or is under way.
    prop_assert_eq!(sampled(|s| s.writes_acknowledged), run.ledger.acknowledged);
    // A persisted value is one write, or several coalesced into one store-batch item.
    prop_assert!(sampled(|s| s.values_persisted) <= run.ledger.persisted);
    prop_assert!(sampled(|s| s.values_persisted) > 0 || run.ledger.persisted == 0);
    let answered = sampled(|s| s.reads_answered);
    prop_assert!(summary.hits <= answered);
    prop_assert!(answered <= summary.hits + summary.misses - summary.failed_reads);
    // Every request takes at least its service time; a constant one of 1 µs or more makes
    // every recorded latency positive, so a percentile is 0 exactly when nothing was answered.
    let always_slow = matches!(
        scenario.servers.service,
        Latency::Constant { ms } if ms >= 0.0005
    );
    for sample in &run.samples {
        prop_assert!(sample.hits <= sample.reads_answered);
        let reads = [sample.read_p50_ms, sample.read_p95_ms, sample.read_p99_ms];
        let writes = [
            sample.write_p50_ms,
            sample.write_p95_ms,
            sample.write_p99_ms,
        ];
        for (count, percentiles) in [
            (sample.reads_answered, reads),
            (sample.writes_acknowledged, writes),
        ] {
            prop_assert!(percentiles[0] <= percentiles[1] && percentiles[1] <= percentiles[2]);
            if count == 0 {
                prop_assert_eq!(percentiles, [0.0; 3]);
            } else if always_slow {
                prop_assert!(percentiles[0] > 0.0, "{:?}", sample);
            }
        }
        if sample.values_persisted == 0 {
            prop_assert_eq!(sample.lag_p99_ms, 0.0);
        }
    }
    Ok(())
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
