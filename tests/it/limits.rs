//! Every valid scenario runs in bounded memory: the adversarial cases of
//! `tests/limits/*.json` are each rejected at a named field or run to the end under a
//! 1 GiB address-space limit, and scenarios drawn at the limits never hold more requests
//! at once than the resource model of validation says they can.

use cacheplay::scenario::{check_resources, resource_bound, Scenario, ScenarioError};
use cacheplay::sim::autoscale::{AutoscalerConfig, ThresholdConfig};
use cacheplay::sim::config::{Latency, LoadProfile, QueueFull, WriteBehind, WritePolicy};
use cacheplay::sim::limiter::{Algorithm, LeakyBucketConfig, LimiterConfig, RateUnit, Scope, Tier};
use cacheplay::sim::workload::{piece, rate_at};
use cacheplay::sim::{self, Sim};
use proptest::prelude::*;
use std::process::{Command, Stdio};

/// What must become of a case: rejected with its first error at this field, or run.
enum Expect {
    Rejected(&'static str),
    Runs,
}

const CASES: &[(&str, Expect)] = &[
    (
        "huge-pool",
        Expect::Rejected("servers.workers_per_instance"),
    ),
    (
        "huge-pool-and-queue",
        Expect::Rejected("servers.workers_per_instance"),
    ),
    (
        "autoscaled-pool",
        Expect::Rejected("servers.workers_per_instance"),
    ),
    ("slow-store-write-back", Expect::Runs),
    (
        "slow-store-huge-write-queue",
        Expect::Rejected("write_policy.queue_capacity"),
    ),
    ("spike-after-the-run", Expect::Runs),
    ("ten-million-keys-lru", Expect::Runs),
    (
        "ten-million-keys-wtinylfu",
        Expect::Rejected("workload.n_keys"),
    ),
    ("million-samples", Expect::Rejected("sample_interval_ms")),
    ("many-samples", Expect::Runs),
    (
        "per-client-delays",
        Expect::Rejected("rate_limits.tiers[0].limit.burst"),
    ),
    ("live-requests-at-the-limit", Expect::Runs),
];

fn case(name: &str) -> Result<Scenario, ScenarioError> {
    let path = format!("{}/tests/limits/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the case file exists");
    Scenario::from_json(&text)
}

/// The CLI prints the whole series as CSV, its largest output, under `ulimit -v`.
fn runs_in_a_gibibyte(name: &str) {
    let path = format!("{}/tests/limits/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let status = Command::new("sh")
        .args([
            "-c",
            "ulimit -v 1048576 && exec \"$0\" run \"$1\" --format csv",
            env!("CARGO_BIN_EXE_cacheplay"),
            &path,
        ])
        .stdout(Stdio::null())
        .status()
        .expect("sh runs");
    assert!(status.success(), "{name} failed under 1 GiB: {status}");
}

#[test]
fn adversarial_cases_are_rejected_at_a_field_or_run_in_a_gibibyte() {
    let listed: Vec<&str> = CASES.iter().map(|(name, _)| *name).collect();
    let mut files: Vec<String> =
        std::fs::read_dir(format!("{}/tests/limits", env!("CARGO_MANIFEST_DIR")))
            .expect("tests/limits exists")
            .map(|entry| {
                let name = entry.expect("a directory entry").file_name();
                let name = name.to_string_lossy();
                name.strip_suffix(".json").expect("a JSON case").to_string()
            })
            .collect();
    files.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(files, sorted, "every case file has an expectation");
    for (name, expect) in CASES {
        match (case(name), expect) {
            (Err(ScenarioError::Invalid(errors)), Expect::Rejected(field)) => {
                assert_eq!(errors.len(), 1, "{name}: {errors:?}");
                assert_eq!(errors[0].field, *field, "{name}");
                assert!(errors[0].message.contains("lower"), "{name}: {errors:?}");
            }
            (Ok(_), Expect::Runs) => runs_in_a_gibibyte(name),
            (result, _) => panic!("{name}: unexpected {result:?}"),
        }
    }
}

#[test]
fn a_huge_pool_is_rejected_naming_the_fields_and_the_limit() {
    let error = case("huge-pool-and-queue").expect_err("rejected");
    assert_eq!(
        error.to_string(),
        "servers.workers_per_instance: at most 2000000 requests can be in flight at once \
         (got 200000001: servers.instances × servers.workers_per_instance 100000000, \
         servers.queue_capacity 100000000); lower servers.instances × \
         servers.workers_per_instance first"
    );
}

#[test]
fn a_store_slower_than_the_writes_fills_the_write_behind_queue() {
    // 10,000,000 writes/s for 50 ms, a store taking 600 s per write: the first 50,000
    // entries are handed to the store and never land; every later write finds the queue
    // full and is rejected, and no write counts as reaching the store.
    let scenario = case("slow-store-write-back").expect("valid");
    let run = sim::run(&scenario.config());
    let summary = &run.summary;
    assert_eq!(summary.store_writes, 0);
    assert_eq!(summary.store_writes_started, 50_000);
    assert_eq!(run.ledger.pending, 50_000);
    assert!(
        summary.dropped_writes.write_queue_full > 400_000,
        "{summary:?}"
    );
    assert_eq!(
        run.ledger.issued,
        run.ledger.acknowledged + run.ledger.dropped + run.ledger.in_flight
    );
}

#[test]
fn the_default_scenario_bound_by_hand() {
    // 4 instances × 8 workers + a server queue of 1,000 + the arrival being decided; no
    // write-behind queue under write-through. Memory: 10,000 keys × 64 (LRU) + 60 samples
    // × 768 + 1,033 requests × 128 + 16 MiB.
    let mut scenario = Scenario {
        write_policy: WritePolicy::Through,
        duration_s: 60.0,
        sample_interval_ms: 1_000.0,
        rate_limits: LimiterConfig::default(),
        autoscaling: None,
        ..Scenario::default()
    };
    scenario.cache.eviction = cacheplay::sim::eviction::EvictionKind::Lru;
    scenario.cache.capacity = 1_000;
    scenario.workload.n_keys = 10_000;
    scenario.servers.instances = 4;
    scenario.servers.workers_per_instance = 8;
    scenario.servers.queue_capacity = 1_000;
    let bound = resource_bound(&scenario);
    assert_eq!(bound.live_requests, 32 + 1_000 + 1);
    assert_eq!(
        bound.bytes,
        10_000 * 64 + 60 * 768 + 1_033 * 128 + (16 << 20)
    );
    assert!(check_resources(&scenario).is_empty());
}

#[test]
fn every_preset_is_within_the_bounds() {
    for preset in cacheplay::scenario::presets() {
        assert_eq!(preset.scenario.validate(), Ok(()), "{}", preset.name);
    }
}

fn slow_or_quick() -> impl Strategy<Value = Latency> {
    prop_oneof![
        Just(Latency::Constant { ms: 600_000.0 }),
        (0.0..5.0f64).prop_map(|ms| Latency::Constant { ms }),
        (0.1..20.0f64).prop_map(|mean_ms| Latency::Exponential { mean_ms }),
    ]
}

fn write_policy() -> impl Strategy<Value = WritePolicy> {
    prop_oneof![
        Just(WritePolicy::Through),
        Just(WritePolicy::Around),
        (
            1.0..50.0f64,
            1..10u32,
            any::<bool>(),
            prop_oneof![1..50u32, Just(100_000)],
            proptest::sample::select(vec![
                QueueFull::Reject,
                QueueFull::Block,
                QueueFull::WriteThrough,
                QueueFull::DropOldest,
            ]),
        )
            .prop_map(
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

fn leaky_tiers() -> impl Strategy<Value = LimiterConfig> {
    proptest::collection::vec(
        (
            any::<bool>(),
            1..1_000u32,
            0..30u32,
            0..30u32,
            any::<bool>(),
        )
            .prop_map(|(per_client, rate, burst, delay, nodelay)| Tier {
                scope: if per_client {
                    Scope::PerClient
                } else {
                    Scope::Global
                },
                limit: Algorithm::LeakyBucket(LeakyBucketConfig {
                    rate,
                    unit: RateUnit::PerSecond,
                    burst,
                    delay,
                    nodelay,
                }),
            }),
        0..3,
    )
    .prop_map(|tiers| LimiterConfig { tiers })
}

prop_compose! {
    /// Scenarios at the limits: the highest rates, pools and queues up to the bound,
    /// 600 s services and stores, with runs short enough to stay fast.
    fn at_the_limits()(
        seed in any::<u64>(),
        rate in prop_oneof![1e3..1e5f64, Just(1e7)],
        read_fraction in 0.0..=1.0f64,
        n_keys in 1..100u32,
        n_clients in 1..5u32,
        instances in prop_oneof![1..4u32, Just(100)],
        workers_per_instance in prop_oneof![1..20u32, Just(10_000)],
        queue_capacity in prop_oneof![0..50u32, Just(900_000)],
        service in slow_or_quick(),
        capacity in 0..100u32,
        write_policy in write_policy(),
        read_latency in slow_or_quick(),
        write_latency in slow_or_quick(),
        max_concurrency in prop_oneof![1..4u32, Just(1_000_000)],
        rate_limits in leaky_tiers(),
        max_instances in proptest::option::of(1..8u32),
    ) -> Scenario {
        let mut scenario = Scenario {
            seed,
            // At most 20,000 arrivals, and at least two autoscaler observations.
            duration_s: (2e4 / rate).min(2.5),
            sample_interval_ms: 100.0,
            write_policy,
            rate_limits,
            ..Scenario::default()
        };
        scenario.workload.profile = LoadProfile::Constant { rate_per_s: rate };
        scenario.workload.read_fraction = read_fraction;
        scenario.workload.n_keys = n_keys;
        scenario.workload.n_clients = n_clients;
        scenario.servers.instances = instances;
        scenario.servers.workers_per_instance = workers_per_instance;
        scenario.servers.queue_capacity = queue_capacity;
        scenario.servers.service = service;
        scenario.cache.capacity = capacity;
        scenario.cache.invalidate_on_write = false;
        scenario.store.read_latency = read_latency;
        scenario.store.write_latency = write_latency;
        scenario.store.max_concurrency = max_concurrency;
        scenario.autoscaling = max_instances.map(|max_instances| {
            AutoscalerConfig::Threshold(ThresholdConfig {
                up_for_s: 0,
                down_for_s: 0,
                min_instances: 1,
                max_instances,
                cooldown_s: 0,
                provision_delay_s: 0,
                ..ThresholdConfig::default()
            })
        });
        scenario
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_engine_never_holds_more_requests_than_validation_bounds(
        scenario in at_the_limits()
    ) {
        prop_assume!(scenario.validate().is_ok());
        let bound = resource_bound(&scenario);
        let config = scenario.config();
        let mut sim = Sim::new(&config);
        sim.advance_to(sim.end());
        let peak = sim.peak_live_requests();
        prop_assert!(
            peak <= bound.live_requests,
            "{peak} live, bound {}: {}",
            bound.live_requests,
            scenario.to_link("https://x/")
        );
        let ledger = sim.ledger();
        prop_assert_eq!(ledger.issued, ledger.acknowledged + ledger.dropped + ledger.in_flight);
        prop_assert_eq!(ledger.acknowledged, ledger.persisted + ledger.pending + ledger.lost);
    }

    #[test]
    fn each_thinning_piece_bounds_the_rate_within_it(
        kind in 0..3u8,
        low in 0.0..1e7f64,
        high in 0.0..1e7f64,
        amplitude in 0.0..=1.0f64,
        period_s in 0.001..1_000.0f64,
        start_s in 0.0..100.0f64,
        length_s in 0.0..100.0f64,
        duration_s in 0.001..1_000.0f64,
        index in 0..200u64,
        at in 0.001..0.999f64,
    ) {
        let profile = match kind {
            0 => LoadProfile::Ramp { from_per_s: low, to_per_s: high },
            1 => LoadProfile::Diurnal { mean_per_s: low / 2.0, amplitude, period_s },
            _ => LoadProfile::Spike { base_per_s: low, peak_per_s: high, start_s, length_s },
        };
        let start_us = if index == 0 { 0.0 } else { piece(&profile, index - 1, duration_s).end_us };
        let this = piece(&profile, index, duration_s);
        prop_assume!(this.end_us.is_finite() && this.end_us > start_us);
        let t_us = start_us + (this.end_us - start_us) * at;
        prop_assume!(t_us < this.end_us);
        let rate = rate_at(&profile, t_us / 1e6, duration_s);
        if this.exact {
            prop_assert_eq!(rate, this.bound);
        } else {
            prop_assert!(rate <= this.bound, "{rate} > {} at {t_us} µs", this.bound);
        }
    }
}
