//! Rate limiting and autoscaling inside the engine, hand-computed with scripted arrivals
//! and constant latencies. The components' own tests are in `limiter.rs` and
//! `autoscale.rs`; these check how the engine applies their decisions.

use cacheplay::scenario::Scenario;
use cacheplay::sim::autoscale::{AutoscalerConfig, ThresholdConfig};
use cacheplay::sim::config::Latency;
use cacheplay::sim::limiter::{
    Algorithm, LeakyBucketConfig, LimiterConfig, Rate, RateUnit, Scope, Tier, TokenBucketConfig,
};
use cacheplay::sim::{Arrival, Config, Key, Op, Sim, Time};

/// No cache and a zero-latency store: a request holds a worker for its service time only.
fn config(duration_s: f64, service_ms: f64) -> Config {
    let mut config = Config {
        duration_s,
        sample_interval_ms: 1_000.0,
        ..Config::default()
    };
    config.workload.n_keys = 10;
    config.workload.n_clients = 1;
    config.servers.instances = 1;
    config.servers.workers_per_instance = 4;
    config.servers.service = Latency::Constant { ms: service_ms };
    config.cache.capacity = 0;
    config.store.read_latency = Latency::Constant { ms: 0.0 };
    config.store.write_latency = Latency::Constant { ms: 0.0 };
    config
}

fn arrival(time: Time, op: Op) -> Arrival {
    Arrival {
        time,
        key: Key(0),
        op,
        client: 0,
    }
}

fn token_bucket(burst: u32, per_second: u32) -> LimiterConfig {
    LimiterConfig {
        tiers: vec![Tier {
            scope: Scope::Global,
            limit: Algorithm::TokenBucket(TokenBucketConfig::Continuous {
                burst,
                rate: Rate::per_second(per_second),
            }),
        }],
    }
}

#[test]
fn a_saturating_load_through_a_token_bucket_admits_burst_plus_rate_times_time() {
    // 1000 requests/s for 2 s (one every ms, the last at 1.999 s) through a bucket of 50
    // refilled at 100/s: admitted 50 + ⌊100 × 1.999⌋ = 249, rejected 2000 − 249 = 1751.
    // Reads are counted as rate limited; writes as dropped writes with that cause.
    for op in [Op::Read, Op::Write] {
        let mut config = config(2.0, 0.1);
        config.rate_limits = token_bucket(50, 100);
        let arrivals = (0..2_000).map(|ms| arrival(Time(ms * 1_000), op)).collect();
        let run = Sim::with_arrivals(&config, arrivals).into_run();
        let summary = &run.summary;
        assert_eq!(summary.requests, 2_000);
        let limited = match op {
            Op::Read => summary.rate_limited_reads,
            Op::Write => summary.dropped_writes.rate_limited,
        };
        assert_eq!(limited, 1_751);
        let sampled: u64 = run
            .samples
            .iter()
            .map(|s| s.rate_limited_reads + s.dropped_rate_limited)
            .sum();
        assert_eq!(sampled, 1_751);
        // The first second: 50 + ⌊100 × 0.999⌋ = 149 admitted of 1000.
        assert_eq!(
            run.samples[0].rate_limited_reads + run.samples[0].dropped_rate_limited,
            851
        );
        let ledger = run.ledger;
        if op == Op::Write {
            assert_eq!((ledger.acknowledged, ledger.dropped), (249, 1_751));
        }
        assert_eq!(
            ledger.issued,
            ledger.acknowledged + ledger.dropped + ledger.in_flight
        );
    }
}

#[test]
fn nginx_delay_shows_in_latency() {
    // limit_req rate=10r/s burst=5: three requests at t = 0 are forwarded at 0, 100 and
    // 200 ms; with 1 ms of service they answer in 1, 101 and 201 ms. None is rejected.
    let mut config = config(1.0, 1.0);
    config.rate_limits = LimiterConfig {
        tiers: vec![Tier {
            scope: Scope::PerClient,
            limit: Algorithm::LeakyBucket(LeakyBucketConfig {
                rate: 10,
                unit: RateUnit::PerSecond,
                burst: 5,
                delay: 0,
                nodelay: false,
            }),
        }],
    };
    let arrivals = vec![arrival(Time::ZERO, Op::Read); 3];
    let run = Sim::with_arrivals(&config, arrivals).into_run();
    let latency = run.summary.read_latency_ms;
    // The median is read from the histogram, within its relative error; the max is exact.
    assert!((latency.p50 - 101.0).abs() < 1.0, "p50 {}", latency.p50);
    assert_eq!(latency.max, 201.0);
    assert_eq!(run.summary.rate_limited_reads, 0);
    // Waiting at the limiter is not waiting for a worker.
    assert_eq!(run.summary.server_wait_ms, 0.0);
}

/// Evenly spaced reads at `rate_per_s` from `from_s` to `to_s`, none on a whole second
/// (so none ties with an autoscaler observation).
fn evenly(rate_per_s: f64, from_s: f64, to_s: f64) -> impl Iterator<Item = Arrival> {
    let n = ((to_s - from_s) * rate_per_s).round() as u64;
    (0..n).map(move |k| {
        let t = from_s + (k as f64 + 0.5) / rate_per_s;
        arrival(Time::from_s(t), Op::Read)
    })
}

#[test]
fn a_step_in_load_gives_the_threshold_rule_its_hand_computed_timeline() {
    // One worker per instance, 9 ms per request, no server queue (an arrival finding every
    // worker busy is rejected, so no backlog blurs utilisation). Rule: > 70% for 10 s → +1,
    // < 30% for 20 s → −1, [2, 6] instances, cooldown 10 s, 5 s to provision.
    // Load: 120/s until 10 s (1.08 workers' worth: 54% of 2), 300/s until 100 s, then 50/s.
    //   11 s: (10, 11] at 300/s: each of 2 workers takes one request per 10 ms: 90%.
    //   21 s: above for 10 s → 2 → 3; serves at 26 s; quiet until 21 + 5 + 10 = 36 s.
    //         3 workers serve all 300/s: 2.7 / 3 = 90%.
    //   36 s: 3 → 4; serves at 41 s; quiet until 51 s. From 42 s: 2.7 / 4 = 67.5%: clear.
    //  101 s: 0.45 / 4 = 11% < 30%: the low run starts.
    //  121 s: below for 20 s → 4 → 3 (15%), quiet until 131 s.
    //  131 s: 3 → 2 (22.5%), quiet until 141 s; at 141 s 2 is the minimum.
    let mut config = config(150.0, 9.0);
    config.servers.instances = 2;
    config.servers.workers_per_instance = 1;
    config.servers.queue_capacity = 0;
    config.autoscaling = Some(AutoscalerConfig::Threshold(ThresholdConfig {
        up_threshold: 0.7,
        up_for_s: 10,
        step_up: 1,
        down_threshold: 0.3,
        down_for_s: 20,
        step_down: 1,
        min_instances: 2,
        max_instances: 6,
        cooldown_s: 10,
        provision_delay_s: 5,
    }));
    let arrivals = evenly(120.0, 0.0, 10.0)
        .chain(evenly(300.0, 10.0, 100.0))
        .chain(evenly(50.0, 100.0, 150.0))
        .collect();
    let run = Sim::with_arrivals(&config, arrivals).into_run();
    let timeline: Vec<(f64, u32, u32)> = run
        .scale_events
        .iter()
        .map(|d| (d.at.as_s(), d.from, d.to))
        .collect();
    assert_eq!(
        timeline,
        [(21.0, 2, 3), (36.0, 3, 4), (121.0, 4, 3), (131.0, 3, 2)]
    );
    assert_eq!(run.summary.scale_events.len(), 4);
    assert_eq!(
        run.summary.scale_events[0].reason,
        "utilisation 90% above 70% for 10 s"
    );
    let instances = run.summary.instances;
    assert_eq!((instances.min, instances.max, instances.at_end), (2, 4, 2));
    // Sample k covers (k − 1, k] s: at 22 s one instance is warming, at 27 s it serves.
    let at = |t: usize| {
        let sample = &run.samples[t - 1];
        (sample.instances, sample.warming_instances)
    };
    // A sample is taken before the events at its instant: at 26 s the launch is still
    // warming.
    assert_eq!(
        [at(21), at(22), at(26), at(27), at(150)],
        [(2, 0), (2, 1), (2, 1), (3, 0), (2, 0)]
    );
    // 67.5% with four instances, 54% before the step.
    assert!((run.samples[59].utilisation - 0.675).abs() < 0.01);
    assert!((run.samples[4].utilisation - 0.54).abs() < 0.01);
}

#[test]
fn scale_down_drains_and_queued_requests_move_to_the_others() {
    // Two instances of one worker, 100 ms per request, 24 requests at t = 0: two start,
    // 22 wait. The rule's bounds are [1, 1], so the first observation (1 s, before the
    // two answers due at 1 s) shrinks the pool 2 → 1. By then 18 are answered and 2 are
    // in service; of the two workers freed at 1 s one leaves (the drained instance) and
    // one takes the queue: the last four answer at 1.1, 1.2, 1.3 and 1.4 s.
    let mut config = config(3.0, 100.0);
    config.servers.instances = 2;
    config.servers.workers_per_instance = 1;
    config.autoscaling = Some(AutoscalerConfig::Threshold(ThresholdConfig {
        min_instances: 1,
        max_instances: 1,
        ..ThresholdConfig::default()
    }));
    let arrivals = vec![arrival(Time::ZERO, Op::Read); 24];
    let run = Sim::with_arrivals(&config, arrivals).into_run();
    assert_eq!(run.scale_events.len(), 1);
    assert_eq!(run.summary.read_latency_ms.max, 1_400.0);
    assert_eq!(run.summary.reads, 24);
    assert_eq!((run.samples[0].instances, run.samples[1].instances), (2, 1));
    // Busy 2 workers × 1 s + 1 × 0.4 s over 2 × 1 s + 1 × 2 s available.
    assert_eq!(run.summary.utilisation, 2.4 / 4.0);
}

#[test]
fn traffic_validation_names_the_field_and_the_range() {
    let scenario = Scenario {
        rate_limits: token_bucket(10, 0),
        autoscaling: Some(AutoscalerConfig::Threshold(ThresholdConfig {
            min_instances: 5,
            max_instances: 3,
            ..ThresholdConfig::default()
        })),
        ..Scenario::default()
    };
    let message = scenario.validate().expect_err("invalid").to_string();
    assert_eq!(
        message,
        "rate_limits.tiers[0].limit.rate.count: must be between 1 and 10000000 (got 0)\n\
         autoscaling.min_instances: must be at most “Most instances” (3) (got 5)"
    );
}
