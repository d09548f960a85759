//! Leaky bucket as nginx's `ngx_http_limit_req_module` implements it (nginx ≥ 1.15.7,
//! which added `delay=`).
//!
//! nginx keeps, per key, the `excess` in thousandths of a request and the millisecond of
//! the last accounted request. A request at `now` (whole milliseconds) computes
//! `excess = max(0, excess − rate · Δms / 1000 + 1000)`, integer arithmetic, rate in
//! thousandths of a request per second; it is rejected if `excess > burst · 1000`,
//! otherwise accounted and delayed by `(excess − delay · 1000) · 1000 / rate` ms when that
//! is positive and `nodelay` is off. A key never seen starts at excess 0, so its first
//! request passes undelayed: a fresh key holds `burst + 1` requests, not `burst`.

use super::Verdict;
use crate::sim::time::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The unit of `limit_req_zone ... rate=`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum RateUnit {
    /// `rate=Nr/s`.
    #[default]
    #[serde(rename = "r/s")]
    PerSecond,
    /// `rate=Nr/m`.
    #[serde(rename = "r/m")]
    PerMinute,
}

/// `limit_req_zone ... rate=<rate><unit>;` and `limit_req zone=... burst=<burst>
/// [nodelay | delay=<delay>];`
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LeakyBucketConfig {
    pub rate: u32,
    pub unit: RateUnit,
    /// Excess requests held (delayed or, with `nodelay`, forwarded) before rejecting.
    pub burst: u32,
    /// Excess requests forwarded at once before delaying starts (`delay=N`; 0 = all
    /// excess requests are delayed, nginx's default).
    pub delay: u32,
    /// Forward every admitted request at once (`nodelay`; wins over `delay`).
    pub nodelay: bool,
}

impl Default for LeakyBucketConfig {
    /// nginx's defaults (`burst` 0, all excess delayed) and its documentation's example rate.
    fn default() -> LeakyBucketConfig {
        LeakyBucketConfig {
            rate: 1,
            unit: RateUnit::PerSecond,
            burst: 0,
            delay: 0,
            nodelay: false,
        }
    }
}

/// One key's `limit_req` state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeakyBucket {
    /// Thousandths of a request per second (nginx `ctx->rate`), at least 1.
    rate_milli: u64,
    burst_milli: u64,
    /// Excess below which a request is not delayed; `u64::MAX` for `nodelay`.
    delay_milli: u64,
    excess_milli: u64,
    last_ms: u64,
    /// Whether the key has been seen (nginx creates its node on the first request).
    seen: bool,
}

impl LeakyBucket {
    pub fn new(config: &LeakyBucketConfig) -> LeakyBucket {
        // nginx: `rate * 1000 / scale`, integer, scale 60 for r/m.
        let scale = match config.unit {
            RateUnit::PerSecond => 1,
            RateUnit::PerMinute => 60,
        };
        LeakyBucket {
            rate_milli: (u64::from(config.rate) * 1_000 / scale).max(1),
            burst_milli: u64::from(config.burst) * 1_000,
            delay_milli: if config.nodelay {
                u64::MAX
            } else {
                u64::from(config.delay) * 1_000
            },
            excess_milli: 0,
            last_ms: 0,
            seen: false,
        }
    }

    /// The excess a request at `now_ms` would leave, or `None` if it is over `burst`.
    fn excess_at(&self, now_ms: u64) -> Option<u64> {
        if !self.seen {
            return Some(0);
        }
        let elapsed_ms = now_ms.saturating_sub(self.last_ms);
        let drained = self.rate_milli.saturating_mul(elapsed_ms) / 1_000;
        let excess = (self.excess_milli + 1_000).saturating_sub(drained);
        (excess <= self.burst_milli).then_some(excess)
    }

    /// `Admit`, `Delay(until)` or `Reject` for a request at `now`; changes nothing.
    pub fn check(&self, now: Time) -> Verdict {
        let Some(excess) = self.excess_at(now.0 / 1_000) else {
            return Verdict::Reject;
        };
        if excess <= self.delay_milli {
            return Verdict::Admit;
        }
        let delay_ms = (excess - self.delay_milli) * 1_000 / self.rate_milli;
        if delay_ms == 0 {
            Verdict::Admit
        } else {
            Verdict::Delay(now + Time(delay_ms * 1_000))
        }
    }

    /// Accounts a request at `now`; only after `check` did not reject it.
    pub fn commit(&mut self, now: Time) {
        let now_ms = now.0 / 1_000;
        let excess = self
            .excess_at(now_ms)
            .expect("commit only after a non-rejecting check");
        // nginx moves `last` only when a millisecond has passed, so drain lost to the
        // integer division is not lost again by requests within the same millisecond.
        if !self.seen || now_ms != self.last_ms {
            self.last_ms = self.last_ms.max(now_ms);
        }
        self.excess_milli = excess;
        self.seen = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millisecond_granularity_rejects_a_request_10_ms_later() {
        // rate=10r/s, no burst: r1 at 0 ms passes (fresh key, excess 0). r2 at 10 ms:
        // excess = 0 − 10000·10/1000 + 1000 = 900 > 0 → rejected. r3 at 100 ms:
        // 0 − 10000·100/1000 + 1000 = 0 → passes.
        let mut bucket = LeakyBucket::new(&LeakyBucketConfig {
            rate: 10,
            ..LeakyBucketConfig::default()
        });
        assert_eq!(bucket.check(Time(0)), Verdict::Admit);
        bucket.commit(Time(0));
        assert_eq!(bucket.check(Time(10_000)), Verdict::Reject);
        assert_eq!(bucket.check(Time(100_000)), Verdict::Admit);
    }

    #[test]
    fn rate_per_minute_is_truncated_like_nginx() {
        // rate=1r/m → 1000/60 = 16 thousandths per second (not 16.67).
        let bucket = LeakyBucket::new(&LeakyBucketConfig {
            rate: 1,
            unit: RateUnit::PerMinute,
            ..LeakyBucketConfig::default()
        });
        assert_eq!(bucket.rate_milli, 16);
    }

    #[test]
    fn sub_millisecond_offsets_do_not_count() {
        // rate=1000r/s, burst 0: one request per ms. r1 at 0.9 ms (ms 0) passes; r2 at
        // 1.0 ms (ms 1) drains 1000·1/1000 = 1 request: excess 0, passes, though only
        // 0.1 ms passed in simulated time.
        let mut bucket = LeakyBucket::new(&LeakyBucketConfig {
            rate: 1_000,
            ..LeakyBucketConfig::default()
        });
        bucket.commit(Time(900));
        assert_eq!(bucket.check(Time(1_000)), Verdict::Admit);
    }
}
