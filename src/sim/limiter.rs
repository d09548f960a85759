//! Rate limiters in front of the server pool: token bucket (Envoy), GCRA (`governor`) and
//! leaky bucket (nginx `limit_req`), global or per client, in tiers that must all admit.
//!
//! A limiter only decides — [`Verdict::Admit`], [`Verdict::Reject`] or
//! [`Verdict::Delay`] — and the engine applies the decision. Time goes in as an argument;
//! per-client state lives in a `Vec` indexed by the dense client id.
//!
//! Tiers combine the way nginx combines several `limit_req` directives: a request is
//! checked against every tier without changing any state, and only if all admit it is it
//! charged to all of them; the longest delay wins. A request rejected by a later tier
//! therefore costs an earlier tier nothing (Envoy, by contrast, takes tokens descriptor by
//! descriptor and keeps them when a later one rejects).

mod gcra;
mod leaky_bucket;
mod token_bucket;

pub use gcra::{Gcra, GcraConfig};
pub use leaky_bucket::{LeakyBucket, LeakyBucketConfig, RateUnit};
pub use token_bucket::{TokenBucket, TokenBucketConfig};

use super::time::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What happens to one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Forward it now.
    Admit,
    /// Answer at once with a 429-style outcome; no limiter state changed.
    Reject,
    /// Forward it at the given instant (nginx `limit_req` without `nodelay`).
    Delay(Time),
}

impl Verdict {
    /// The later of two verdicts for the same admitted request.
    fn max(self, other: Verdict) -> Verdict {
        match (self, other) {
            (Verdict::Reject, _) | (_, Verdict::Reject) => Verdict::Reject,
            (Verdict::Delay(a), Verdict::Delay(b)) => Verdict::Delay(a.max(b)),
            (Verdict::Delay(a), Verdict::Admit) | (Verdict::Admit, Verdict::Delay(a)) => {
                Verdict::Delay(a)
            }
            (Verdict::Admit, Verdict::Admit) => Verdict::Admit,
        }
    }
}

/// A mean rate: `count` events per `period_ms`, kept as a ratio of integers so that
/// "1000 per hour" is exact (governor's `Quota`, Envoy's `tokens_per_fill`/`fill_interval`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    pub count: u32,
    pub period_ms: u64,
}

impl Rate {
    pub fn per_second(count: u32) -> Rate {
        Rate {
            count,
            period_ms: 1_000,
        }
    }

    pub fn per_minute(count: u32) -> Rate {
        Rate {
            count,
            period_ms: 60_000,
        }
    }

    pub fn per_hour(count: u32) -> Rate {
        Rate {
            count,
            period_ms: 3_600_000,
        }
    }

    /// The period in microseconds, at least 1 so that no division is by zero.
    fn period_us(self) -> u64 {
        self.period_ms.saturating_mul(1_000).max(1)
    }
}

/// Whose requests share one limiter state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One state for all requests (Envoy: "applied per Envoy process").
    #[default]
    Global,
    /// One state per client id (nginx `$binary_remote_addr`, governor `RateLimiter::keyed`).
    PerClient,
}

/// The algorithm of one tier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Algorithm {
    TokenBucket(TokenBucketConfig),
    Gcra(GcraConfig),
    LeakyBucket(LeakyBucketConfig),
}

/// One limit, e.g. "100 per client per minute".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    #[serde(default)]
    pub scope: Scope,
    pub limit: Algorithm,
}

/// All limits in front of the pool; a request must pass every tier. No tiers, no limiting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LimiterConfig {
    pub tiers: Vec<Tier>,
}

/// The state of one key under one algorithm.
#[derive(Clone, Debug)]
enum Cell {
    TokenBucket(TokenBucket),
    Gcra(Gcra),
    LeakyBucket(LeakyBucket),
}

impl Cell {
    fn new(limit: &Algorithm) -> Cell {
        match limit {
            Algorithm::TokenBucket(config) => Cell::TokenBucket(TokenBucket::new(config)),
            Algorithm::Gcra(config) => Cell::Gcra(Gcra::new(config)),
            Algorithm::LeakyBucket(config) => Cell::LeakyBucket(LeakyBucket::new(config)),
        }
    }

    fn check(&self, now: Time) -> Verdict {
        match self {
            Cell::TokenBucket(bucket) => bucket.check(now),
            Cell::Gcra(gcra) => gcra.check(now),
            Cell::LeakyBucket(bucket) => bucket.check(now),
        }
    }

    fn commit(&mut self, now: Time) {
        match self {
            Cell::TokenBucket(bucket) => bucket.commit(now),
            Cell::Gcra(gcra) => gcra.commit(now),
            Cell::LeakyBucket(bucket) => bucket.commit(now),
        }
    }
}

#[derive(Clone, Debug)]
struct TierState {
    scope: Scope,
    cells: Vec<Cell>,
}

impl TierState {
    fn cell_index(&self, client: u32) -> usize {
        match self.scope {
            Scope::Global => 0,
            Scope::PerClient => client as usize,
        }
    }
}

/// The limiters of a run: every tier of a [`LimiterConfig`] with its per-key state.
#[derive(Clone, Debug)]
pub struct Limiter {
    tiers: Vec<TierState>,
}

impl Limiter {
    /// Builds the tiers for clients `0..n_clients`, every state full / idle at time zero.
    pub fn new(config: &LimiterConfig, n_clients: u32) -> Limiter {
        let tiers = config
            .tiers
            .iter()
            .map(|tier| {
                let n_cells = match tier.scope {
                    Scope::Global => 1,
                    Scope::PerClient => n_clients as usize,
                };
                TierState {
                    scope: tier.scope,
                    cells: vec![Cell::new(&tier.limit); n_cells],
                }
            })
            .collect();
        Limiter { tiers }
    }

    /// Decides the request of `client` arriving at `now`, and charges it to every tier
    /// unless it is rejected. Calls must come in non-decreasing `now`.
    pub fn check(&mut self, client: u32, now: Time) -> Verdict {
        let mut verdict = Verdict::Admit;
        for tier in &self.tiers {
            let cell = &tier.cells[tier.cell_index(client)];
            verdict = verdict.max(cell.check(now));
            if verdict == Verdict::Reject {
                return Verdict::Reject;
            }
        }
        for tier in &mut self.tiers {
            let idx = tier.cell_index(client);
            tier.cells[idx].commit(now);
        }
        verdict
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn per_client_bucket(burst: u32, rate: Rate) -> Tier {
        Tier {
            scope: Scope::PerClient,
            limit: Algorithm::TokenBucket(TokenBucketConfig::Continuous { burst, rate }),
        }
    }

    #[test]
    fn a_later_tier_rejecting_costs_the_earlier_tier_nothing() {
        // Tier 1: global, burst 3; tier 2: per client, burst 1; refill is negligible.
        // Client 0's first request passes both (global 3 → 2). Its next nine are
        // rejected by tier 2 and leave the global bucket at 2, so clients 1 and 2 still
        // pass and only client 3 finds the global bucket empty.
        let slow = Rate::per_hour(1);
        let global = Tier {
            scope: Scope::Global,
            ..per_client_bucket(3, slow)
        };
        let config = LimiterConfig {
            tiers: vec![global, per_client_bucket(1, slow)],
        };
        let mut limiter = Limiter::new(&config, 4);
        assert_eq!(limiter.check(0, Time::ZERO), Verdict::Admit);
        for _ in 0..9 {
            assert_eq!(limiter.check(0, Time::ZERO), Verdict::Reject);
        }
        assert_eq!(limiter.check(1, Time::ZERO), Verdict::Admit);
        assert_eq!(limiter.check(2, Time::ZERO), Verdict::Admit);
        assert_eq!(limiter.check(3, Time::ZERO), Verdict::Reject);
    }

    #[test]
    fn per_client_tiers_keep_clients_apart() {
        let config = LimiterConfig {
            tiers: vec![per_client_bucket(2, Rate::per_hour(1))],
        };
        let mut limiter = Limiter::new(&config, 3);
        // Each of the three clients gets its own burst of 2.
        for client in 0..3 {
            assert_eq!(limiter.check(client, Time::ZERO), Verdict::Admit);
            assert_eq!(limiter.check(client, Time::ZERO), Verdict::Admit);
            assert_eq!(limiter.check(client, Time::ZERO), Verdict::Reject);
        }
    }

    #[test]
    fn the_longest_delay_of_the_tiers_wins() {
        // Two nginx tiers at 1 r/s and 2 r/s, burst 5: the second request in the same
        // millisecond has excess 1000 in both, delayed 1000·1000/1000 = 1000 ms by the
        // first and 1000·1000/2000 = 500 ms by the second: it waits 1 s.
        let nginx = |rate| Tier {
            scope: Scope::Global,
            limit: Algorithm::LeakyBucket(LeakyBucketConfig {
                rate,
                unit: RateUnit::PerSecond,
                burst: 5,
                delay: 0,
                nodelay: false,
            }),
        };
        let config = LimiterConfig {
            tiers: vec![nginx(2), nginx(1)],
        };
        let mut limiter = Limiter::new(&config, 1);
        assert_eq!(limiter.check(0, Time::ZERO), Verdict::Admit);
        assert_eq!(
            limiter.check(0, Time::ZERO),
            Verdict::Delay(Time::from_s(1.0))
        );
    }

    #[test]
    fn no_tiers_admit_everything() {
        let mut limiter = Limiter::new(&LimiterConfig::default(), 0);
        for _ in 0..1_000 {
            assert_eq!(limiter.check(0, Time::ZERO), Verdict::Admit);
        }
    }

    #[test]
    fn config_round_trips_through_json() {
        let config = LimiterConfig {
            tiers: vec![
                per_client_bucket(1_000, Rate::per_hour(1_000)),
                Tier {
                    scope: Scope::Global,
                    limit: Algorithm::Gcra(GcraConfig::default()),
                },
                Tier {
                    scope: Scope::PerClient,
                    limit: Algorithm::LeakyBucket(LeakyBucketConfig::default()),
                },
            ],
        };
        let json = serde_json::to_string(&config).expect("serializable");
        let back: LimiterConfig = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back, config);
        let typo = json.replace("\"burst\"", "\"brust\"");
        assert!(serde_json::from_str::<LimiterConfig>(&typo).is_err());
    }
}
