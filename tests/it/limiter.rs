//! Fidelity of the rate limiters: admitted counts under saturating traffic, governor's
//! decisions from the TAT math, nginx's `limit_req` worked examples, and the bound that
//! no limiter admits more than it allows over any window.

use cacheplay::sim::limiter::{
    Algorithm, Gcra, GcraConfig, LeakyBucket, LeakyBucketConfig, Limiter, LimiterConfig, Rate,
    RateUnit, Scope, Tier, TokenBucket, TokenBucketConfig, Verdict,
};
use cacheplay::sim::Time;
use proptest::prelude::*;

fn ms(ms: u64) -> Time {
    Time(ms * 1_000)
}

fn s(s: u64) -> Time {
    Time(s * 1_000_000)
}

/// Offers a request every `step` from 0 to `end` inclusive; returns how many got a token.
fn saturate(bucket: &mut TokenBucket, step: Time, end: Time) -> u64 {
    let mut admitted = 0;
    let mut now = Time::ZERO;
    while now <= end {
        admitted += u64::from(bucket.try_take(now));
        now = now + step;
    }
    admitted
}

#[test]
fn token_bucket_admits_burst_plus_rate_times_t_under_saturation() {
    // Continuous, burst 10, 5 per second, requests every ms for 60 s:
    // 10 + 5 · 60 = 310. Discrete, burst 10, 5 tokens every 1 s: fills at 1 s … 60 s,
    // 10 + 60 · 5 = 310, the last five taken at 60.000 … 60.004 s, so that run lasts
    // 10 ms longer. The brief allows ±1; the integer bucket is exact.
    let mut continuous = TokenBucket::new(&TokenBucketConfig::Continuous {
        burst: 10,
        rate: Rate::per_second(5),
    });
    assert_eq!(saturate(&mut continuous, ms(1), s(60)), 310);
    let mut discrete = TokenBucket::new(&TokenBucketConfig::Discrete {
        burst: 10,
        tokens_per_fill: 5,
        fill_interval_ms: 1_000,
    });
    assert_eq!(saturate(&mut discrete, ms(1), s(60) + ms(10)), 310);
}

#[test]
fn token_bucket_saturation_sweep() {
    // burst + ⌊rate · T⌋ for a spread of rates that do not divide evenly into a second.
    for (burst, count, period_ms) in [(1, 3, 1_000), (7, 10, 3_000), (1, 1, 250), (50, 1, 7)] {
        let rate = Rate { count, period_ms };
        let mut bucket = TokenBucket::new(&TokenBucketConfig::Continuous { burst, rate });
        let end_ms = 20_000;
        let expected = u64::from(burst) + u64::from(count) * end_ms / period_ms;
        let admitted = saturate(&mut bucket, ms(1), ms(end_ms));
        assert!(
            admitted.abs_diff(expected) <= 1,
            "burst {burst}, {count}/{period_ms} ms: admitted {admitted}, expected {expected}"
        );
    }
}

#[test]
fn per_client_tiers_admit_what_each_tier_allows() {
    // Tier A: 1000 per client per hour (burst 1000); tier B: 100 per client per minute
    // (burst 100). Two clients each offer a request every 10 ms for an hour.
    // B binds first: by 300 s it allows 100 + 100 · 300/60 = 600.
    // A binds from t ≈ 648 s (100 + 100t/60 = 1000 + 1000t/3600): by 3600 s,
    // 1000 + 1000 = 2000. Rejections by B cost A nothing, so A's full hour is usable.
    let tier = |burst, rate| Tier {
        scope: Scope::PerClient,
        limit: Algorithm::TokenBucket(TokenBucketConfig::Continuous { burst, rate }),
    };
    let config = LimiterConfig {
        tiers: vec![
            tier(1_000, Rate::per_hour(1_000)),
            tier(100, Rate::per_minute(100)),
        ],
    };
    let mut limiter = Limiter::new(&config, 2);
    let mut admitted = [0u64; 2];
    let mut now = Time::ZERO;
    while now <= s(3_600) {
        for (client, count) in admitted.iter_mut().enumerate() {
            let client = u32::try_from(client).expect("two clients");
            *count += u64::from(limiter.check(client, now) == Verdict::Admit);
        }
        if now == s(300) {
            assert_eq!(admitted, [600, 600]);
        }
        now = now + ms(10);
    }
    for count in admitted {
        assert!(count.abs_diff(2_000) <= 1, "admitted {count}");
    }
}

#[test]
fn gcra_matches_governor_on_a_hand_computed_sequence() {
    // Quota::per_second(2).allow_burst(3): T = 500 ms, τ = T · (3 − 1) = 1000 ms.
    // A cell at t conforms iff t ≥ tat − τ; then tat := max(tat, t) + T.
    //   t (ms)  tat before  tat − τ  verdict  tat after
    //      0        —          —     admit      500   (unseen key: tat = t)
    //      0       500         0     admit     1000
    //      0      1000         0     admit     1500
    //      0      1500       500     reject    1500   (NotUntil 500 ms)
    //    499      1500       500     reject    1500
    //    500      1500       500     admit     2000
    //    600      2000      1000     reject    2000
    //   1000      2000      1000     admit     2500
    //   3000      2500      1500     admit     3500
    //   3000      3500      2500     admit     4000
    //   3000      4000      3000     admit     4500
    //   3000      4500      3500     reject    4500
    let mut gcra = Gcra::new(&GcraConfig {
        rate: Rate::per_second(2),
        burst: Some(3),
    });
    let table = [
        (0, true),
        (0, true),
        (0, true),
        (0, false),
        (499, false),
        (500, true),
        (600, false),
        (1_000, true),
        (3_000, true),
        (3_000, true),
        (3_000, true),
        (3_000, false),
    ];
    for (step, (at_ms, admitted)) in table.into_iter().enumerate() {
        let verdict = gcra.check(ms(at_ms));
        assert_eq!(
            verdict == Verdict::Admit,
            admitted,
            "step {step} at {at_ms} ms"
        );
        if admitted {
            gcra.commit(ms(at_ms));
        }
    }
    assert_eq!(gcra.earliest(), ms(3_500));
}

#[test]
fn gcra_per_second_1_allows_one_then_waits_a_second() {
    // governor's own example: per_second(1), check() Ok, then Err "rate-limited until 1s".
    let mut gcra = Gcra::new(&GcraConfig {
        rate: Rate::per_second(1),
        burst: None,
    });
    assert_eq!(gcra.check(Time::ZERO), Verdict::Admit);
    gcra.commit(Time::ZERO);
    assert_eq!(gcra.check(Time::ZERO), Verdict::Reject);
    assert_eq!(gcra.earliest(), s(1));
}

fn nginx(burst: u32, delay: u32, nodelay: bool) -> LeakyBucket {
    LeakyBucket::new(&LeakyBucketConfig {
        rate: 1,
        unit: RateUnit::PerSecond,
        burst,
        delay,
        nodelay,
    })
}

/// Offers `n` requests in the same instant `at`; returns each verdict.
fn simultaneous(bucket: &mut LeakyBucket, at: Time, n: usize) -> Vec<Verdict> {
    (0..n)
        .map(|_| {
            let verdict = bucket.check(at);
            if verdict != Verdict::Reject {
                bucket.commit(at);
            }
            verdict
        })
        .collect()
}

#[test]
fn nginx_rate_1_burst_5_six_simultaneous_requests() {
    // rate=1r/s burst=5, six requests at once on a fresh key, nginx's current source:
    // the first creates the node with excess 0 and passes; the k-th (k ≥ 2) finds
    // excess (k − 1) · 1000 ≤ 5000 and waits (k − 1) · 1000 · 1000 / 1000 ms.
    // A seventh finds 6000 > 5000 and is rejected.
    let mut bucket = nginx(5, 0, false);
    let verdicts = simultaneous(&mut bucket, Time::ZERO, 7);
    let expected = [
        Verdict::Admit,
        Verdict::Delay(s(1)),
        Verdict::Delay(s(2)),
        Verdict::Delay(s(3)),
        Verdict::Delay(s(4)),
        Verdict::Delay(s(5)),
        Verdict::Reject,
    ];
    assert_eq!(verdicts, expected);
}

#[test]
fn nginx_2008_mailing_list_outcome_is_burst_4_in_the_current_accounting() {
    // Igor Sysoev's 2008 example (rate 1r/s, burst 5, six simultaneous: one processed,
    // four delayed 1/2/3/4 s, the sixth rejected) counted the first request against the
    // burst. Current nginx gives a fresh key excess 0, so that outcome is burst=4 today.
    let mut bucket = nginx(4, 0, false);
    let verdicts = simultaneous(&mut bucket, Time::ZERO, 6);
    let expected = [
        Verdict::Admit,
        Verdict::Delay(s(1)),
        Verdict::Delay(s(2)),
        Verdict::Delay(s(3)),
        Verdict::Delay(s(4)),
        Verdict::Reject,
    ];
    assert_eq!(verdicts, expected);
}

#[test]
fn nginx_nodelay_forwards_the_burst_but_keeps_the_average() {
    // burst=5 nodelay: seven at once → six forwarded at once (excess 0…5000), the seventh
    // rejected. One second later 1000 has leaked: excess 5000 − 1000 + 1000 = 5000,
    // one more passes and the next (6000) is rejected.
    let mut bucket = nginx(5, 0, true);
    let mut expected = vec![Verdict::Admit; 6];
    expected.push(Verdict::Reject);
    assert_eq!(simultaneous(&mut bucket, Time::ZERO, 7), expected);
    assert_eq!(
        simultaneous(&mut bucket, s(1), 2),
        [Verdict::Admit, Verdict::Reject]
    );
}

#[test]
fn nginx_delay_n_forwards_the_first_n_excess_requests() {
    // burst=5 delay=3: excess 0, 1000, 2000, 3000 ≤ 3000 pass at once; 4000 waits
    // (4000 − 3000) · 1000 / 1000 = 1000 ms, 5000 waits 2000 ms; 6000 is rejected.
    let mut bucket = nginx(5, 3, false);
    let expected = [
        Verdict::Admit,
        Verdict::Admit,
        Verdict::Admit,
        Verdict::Admit,
        Verdict::Delay(s(1)),
        Verdict::Delay(s(2)),
        Verdict::Reject,
    ];
    assert_eq!(simultaneous(&mut bucket, Time::ZERO, 7), expected);
}

#[test]
fn nginx_delays_queue_behind_each_other_over_time() {
    // rate=2r/s burst=2. t=0: admit (excess 0). t=100 ms: 0 − 2000·100/1000 + 1000 → 800,
    // wait 800·1000/2000 = 400 ms. t=200 ms: 800 − 200 + 1000 = 1600, wait 800 ms.
    // t=300 ms: 1600 − 200 + 1000 = 2400 > 2000, rejected.
    let mut bucket = LeakyBucket::new(&LeakyBucketConfig {
        rate: 2,
        burst: 2,
        ..LeakyBucketConfig::default()
    });
    assert_eq!(simultaneous(&mut bucket, ms(0), 1), [Verdict::Admit]);
    assert_eq!(
        simultaneous(&mut bucket, ms(100), 1),
        [Verdict::Delay(ms(500))]
    );
    assert_eq!(
        simultaneous(&mut bucket, ms(200), 1),
        [Verdict::Delay(ms(1_000))]
    );
    assert_eq!(simultaneous(&mut bucket, ms(300), 1), [Verdict::Reject]);
}

/// The most requests `limit` may pass (admit or delay) in the window `[first, last]`.
fn bound(limit: &Algorithm, first: Time, last: Time) -> u128 {
    let width_us = u128::from(last.since(first).0);
    match *limit {
        Algorithm::TokenBucket(TokenBucketConfig::Continuous { burst, rate }) => {
            let period_us = u128::from(rate.period_ms.max(1)) * 1_000;
            u128::from(burst) + u128::from(rate.count) * width_us / period_us
        }
        Algorithm::TokenBucket(TokenBucketConfig::Discrete {
            burst,
            tokens_per_fill,
            fill_interval_ms,
        }) => {
            let interval_us = fill_interval_ms.max(1) * 1_000;
            let fills = last.0 / interval_us - first.0 / interval_us;
            u128::from(burst) + u128::from(tokens_per_fill) * u128::from(fills)
        }
        Algorithm::Gcra(config) => {
            let count = u64::from(config.rate.count.max(1));
            let interval_us = (config.rate.period_ms.max(1) * 1_000 / count).max(1);
            let burst = config.burst.unwrap_or(config.rate.count).max(1);
            u128::from(burst) + width_us / u128::from(interval_us)
        }
        Algorithm::LeakyBucket(config) => {
            // Every passed request adds 1000 to an excess that stays ≤ burst · 1000 and
            // leaks at most rate · Δms / 1000 (thousandths) between the first and last.
            let scale = match config.unit {
                RateUnit::PerSecond => 1,
                RateUnit::PerMinute => 60,
            };
            let rate_milli = u128::from((u64::from(config.rate) * 1_000 / scale).max(1));
            let elapsed_ms = u128::from(last.0 / 1_000 - first.0 / 1_000);
            u128::from(config.burst) + 1 + rate_milli * elapsed_ms / 1_000_000
        }
    }
}

fn algorithm() -> impl Strategy<Value = Algorithm> {
    let rate = (1u32..20, 1u64..3_000).prop_map(|(count, period_ms)| Rate { count, period_ms });
    prop_oneof![
        (0u32..6, rate.clone()).prop_map(|(burst, rate)| Algorithm::TokenBucket(
            TokenBucketConfig::Continuous { burst, rate }
        )),
        (0u32..6, 1u32..4, 1u64..2_000).prop_map(|(burst, tokens_per_fill, fill_interval_ms)| {
            Algorithm::TokenBucket(TokenBucketConfig::Discrete {
                burst,
                tokens_per_fill,
                fill_interval_ms,
            })
        }),
        (rate, proptest::option::of(1u32..6))
            .prop_map(|(rate, burst)| Algorithm::Gcra(GcraConfig { rate, burst })),
        (1u32..50, any::<bool>(), 0u32..6, 0u32..4, any::<bool>()).prop_map(
            |(rate, per_minute, burst, delay, nodelay)| Algorithm::LeakyBucket(LeakyBucketConfig {
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
        ),
    ]
}

fn tier() -> impl Strategy<Value = Tier> {
    (any::<bool>(), algorithm()).prop_map(|(per_client, limit)| Tier {
        scope: if per_client {
            Scope::PerClient
        } else {
            Scope::Global
        },
        limit,
    })
}

proptest! {
    #[test]
    fn no_tier_passes_more_than_its_bound_over_any_window(
        tiers in proptest::collection::vec(tier(), 1..4),
        gaps_us in proptest::collection::vec((0u64..400_000, 0u32..3), 1..150),
    ) {
        let config = LimiterConfig { tiers };
        let mut limiter = Limiter::new(&config, 3);
        let mut now = Time::ZERO;
        let mut passed: Vec<(Time, u32)> = Vec::new();
        for (gap_us, client) in gaps_us {
            now = now + Time(gap_us);
            if limiter.check(client, now) != Verdict::Reject {
                passed.push((now, client));
            }
        }
        for tier in &config.tiers {
            for client in 0..3 {
                let times: Vec<Time> = passed
                    .iter()
                    .filter(|(_, c)| tier.scope == Scope::Global || *c == client)
                    .map(|(t, _)| *t)
                    .collect();
                for first in 0..times.len() {
                    for last in first..times.len() {
                        let n = u128::try_from(last - first + 1).expect("small");
                        let most = bound(&tier.limit, times[first], times[last]);
                        prop_assert!(
                            n <= most,
                            "{:?}: {} passed in [{:?}, {:?}], bound {}",
                            tier, n, times[first], times[last], most
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn delays_never_point_into_the_past(
        config in (1u32..50, 0u32..8, 0u32..4).prop_map(|(rate, burst, delay)| LeakyBucketConfig {
            rate,
            burst,
            delay,
            ..LeakyBucketConfig::default()
        }),
        gaps_us in proptest::collection::vec(0u64..200_000, 1..100),
    ) {
        let mut bucket = LeakyBucket::new(&config);
        let mut now = Time::ZERO;
        for gap_us in gaps_us {
            now = now + Time(gap_us);
            let verdict = bucket.check(now);
            if let Verdict::Delay(until) = verdict {
                prop_assert!(until > now);
            }
            if verdict != Verdict::Reject {
                bucket.commit(now);
            }
        }
    }
}
