//! Token bucket, with continuous refill (the textbook bucket) or discrete refill (Envoy's
//! local rate limit: `tokens_per_fill` every `fill_interval`).
//!
//! The level is an exact integer: under continuous refill it counts 1/period-µs fractions
//! of a token, so "1000 per hour" loses nothing to rounding and the admitted count over
//! any window is exactly `burst + ⌊rate · window⌋` at most.

use super::{Rate, Verdict};
use crate::sim::time::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A token bucket (one token per request) and how its tokens come back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "refill", rename_all = "snake_case", deny_unknown_fields)]
pub enum TokenBucketConfig {
    /// `tokens = min(burst, tokens + rate · Δt)`, continuously.
    Continuous {
        /// Capacity and initial fill.
        burst: u32,
        rate: Rate,
    },
    /// Envoy's `token_bucket`: `tokens_per_fill` tokens at every multiple of
    /// `fill_interval_ms` since time zero (Envoy's fill timer starts with the process).
    Discrete {
        /// Capacity and initial fill (Envoy `max_tokens`; 0 rejects everything).
        burst: u32,
        tokens_per_fill: u32,
        fill_interval_ms: u64,
    },
}

impl Default for TokenBucketConfig {
    /// Envoy's defaults where it has them (`tokens_per_fill: 1`); `max_tokens` and
    /// `fill_interval` are required there, so 100 tokens and 1 s stand in.
    fn default() -> TokenBucketConfig {
        TokenBucketConfig::Discrete {
            burst: 100,
            tokens_per_fill: 1,
            fill_interval_ms: 1_000,
        }
    }
}

/// One bucket's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenBucket {
    /// What one token is worth in `level` units.
    unit: u128,
    /// `burst · unit`.
    capacity: u128,
    /// Level units added per µs (continuous) or per fill (discrete).
    refill_amount: u128,
    /// `None` for continuous refill; the fill interval in µs (≥ 1) for discrete refill.
    fill_interval_us: Option<u64>,
    level: u128,
    last: Time,
}

impl TokenBucket {
    /// A full bucket at time zero.
    pub fn new(config: &TokenBucketConfig) -> TokenBucket {
        let (burst, unit, refill_amount, fill_interval_us) = match *config {
            TokenBucketConfig::Continuous { burst, rate } => (
                burst,
                u128::from(rate.period_us()),
                u128::from(rate.count),
                None,
            ),
            TokenBucketConfig::Discrete {
                burst,
                tokens_per_fill,
                fill_interval_ms,
            } => (
                burst,
                1,
                u128::from(tokens_per_fill),
                Some(fill_interval_ms.saturating_mul(1_000).max(1)),
            ),
        };
        let capacity = unit * u128::from(burst);
        TokenBucket {
            unit,
            capacity,
            refill_amount,
            fill_interval_us,
            level: capacity,
            last: Time::ZERO,
        }
    }

    /// The level at `now`, refilled since the last take.
    fn level_at(&self, now: Time) -> u128 {
        let steps = match self.fill_interval_us {
            None => now.since(self.last).0,
            Some(interval_us) => (now.0 / interval_us).saturating_sub(self.last.0 / interval_us),
        };
        let added = u128::from(steps) * self.refill_amount;
        self.level.saturating_add(added).min(self.capacity)
    }

    /// Whole tokens available at `now`.
    pub fn tokens(&self, now: Time) -> u64 {
        u64::try_from(self.level_at(now) / self.unit).unwrap_or(u64::MAX)
    }

    /// `Admit` if a token is available at `now`, else `Reject`; changes nothing.
    pub fn check(&self, now: Time) -> Verdict {
        if self.level_at(now) >= self.unit {
            Verdict::Admit
        } else {
            Verdict::Reject
        }
    }

    /// Takes one token at `now`; only after `check` said `Admit`.
    pub fn commit(&mut self, now: Time) {
        let level = self.level_at(now);
        assert!(level >= self.unit, "commit only after an admitting check");
        self.level = level - self.unit;
        self.last = self.last.max(now);
    }

    /// Takes a token if one is available.
    pub fn try_take(&mut self, now: Time) -> bool {
        let admitted = self.check(now) == Verdict::Admit;
        if admitted {
            self.commit(now);
        }
        admitted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(ms: u64) -> Time {
        Time(ms * 1_000)
    }

    #[test]
    fn continuous_refill_by_hand() {
        // burst 2, 1 token per 100 ms. t=0: 2 → 1 → 0, third rejected.
        // t=50 ms: half a token, rejected. t=100 ms: one token, admitted.
        // t=350 ms: 2.5 tokens capped at 2: two admitted, then rejected.
        let mut bucket = TokenBucket::new(&TokenBucketConfig::Continuous {
            burst: 2,
            rate: Rate {
                count: 1,
                period_ms: 100,
            },
        });
        assert!(bucket.try_take(ms(0)));
        assert!(bucket.try_take(ms(0)));
        assert!(!bucket.try_take(ms(0)));
        assert!(!bucket.try_take(ms(50)));
        assert!(bucket.try_take(ms(100)));
        assert_eq!(bucket.tokens(ms(350)), 2);
        assert!(bucket.try_take(ms(350)));
        assert!(bucket.try_take(ms(350)));
        assert!(!bucket.try_take(ms(350)));
    }

    #[test]
    fn discrete_refill_comes_at_interval_boundaries() {
        // Envoy: max_tokens 1, tokens_per_fill 2, fill_interval 1 s. t=0: 1 → 0.
        // t=999 ms: no fill yet. t=1000 ms: +2 capped at 1. t=1500 ms: nothing new.
        let mut bucket = TokenBucket::new(&TokenBucketConfig::Discrete {
            burst: 1,
            tokens_per_fill: 2,
            fill_interval_ms: 1_000,
        });
        assert!(bucket.try_take(ms(0)));
        assert!(!bucket.try_take(ms(999)));
        assert!(bucket.try_take(ms(1_000)));
        assert!(!bucket.try_take(ms(1_500)));
        assert!(bucket.try_take(ms(2_000)));
    }

    #[test]
    fn zero_max_tokens_always_rejects() {
        // Envoy: "max_tokens 0 = always reject".
        let mut bucket = TokenBucket::new(&TokenBucketConfig::Discrete {
            burst: 0,
            tokens_per_fill: 1,
            fill_interval_ms: 1_000,
        });
        assert!(!bucket.try_take(ms(0)));
        assert!(!bucket.try_take(ms(3_600_000)));
    }

    #[test]
    fn json_names_follow_envoy() {
        let json = r#"{"burst":5,"refill":"discrete","tokens_per_fill":1,"fill_interval_ms":50}"#;
        let config: TokenBucketConfig = serde_json::from_str(json).expect("valid config");
        assert_eq!(
            config,
            TokenBucketConfig::Discrete {
                burst: 5,
                tokens_per_fill: 1,
                fill_interval_ms: 50
            }
        );
    }
}
