//! GCRA, the Generic Cell Rate Algorithm, as the Rust crate `governor` implements it.
//!
//! One stored value per key, the theoretical arrival time `tat`. The emission interval is
//! `T = period / count`, the tolerance `τ = T · (burst − 1)`. A cell arriving at `now` is
//! conforming iff `now ≥ tat − τ`; it then moves `tat` to `max(tat, now) + T`. A key never
//! seen has `tat = now`, so its first cell always conforms (governor's `unwrap_or(t0)`).

use super::{Rate, Verdict};
use crate::sim::time::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// governor's `Quota`: `rate` is `Quota::per_second(count)` and friends (`period_ms` 1000,
/// 60 000, 3 600 000), `burst` is `.allow_burst(b)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GcraConfig {
    pub rate: Rate,
    /// Cells allowed at once; `None` is governor's default, `rate.count`.
    #[serde(default)]
    pub burst: Option<u32>,
}

impl Default for GcraConfig {
    /// governor has no default quota; `Quota::per_second(50)` is its guide's example.
    fn default() -> GcraConfig {
        GcraConfig {
            rate: Rate::per_second(50),
            burst: None,
        }
    }
}

/// One key's GCRA state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gcra {
    /// Emission interval `T`, µs.
    interval_us: u64,
    /// Tolerance `τ = T · (burst − 1)`, µs.
    tolerance_us: u64,
    tat: Time,
}

impl Gcra {
    pub fn new(config: &GcraConfig) -> Gcra {
        // governor keeps nanoseconds and clamps T to at least 1 ns; we keep microseconds.
        let count = u64::from(config.rate.count.max(1));
        let interval_us = (config.rate.period_us() / count).max(1);
        let burst = u64::from(config.burst.unwrap_or(config.rate.count).max(1));
        Gcra {
            interval_us,
            tolerance_us: interval_us.saturating_mul(burst - 1),
            tat: Time::ZERO,
        }
    }

    /// The earliest instant at which the next cell conforms (governor's
    /// `NotUntil::earliest_possible`).
    pub fn earliest(&self) -> Time {
        Time(self.tat.0.saturating_sub(self.tolerance_us))
    }

    /// `Admit` if a cell at `now` conforms, else `Reject`; changes nothing.
    pub fn check(&self, now: Time) -> Verdict {
        if now >= self.earliest() {
            Verdict::Admit
        } else {
            Verdict::Reject
        }
    }

    /// Records a conforming cell at `now`; only after `check` said `Admit`.
    pub fn commit(&mut self, now: Time) {
        assert!(
            now >= self.earliest(),
            "commit only after an admitting check"
        );
        self.tat = Time(self.tat.max(now).0.saturating_add(self.interval_us));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_and_tolerance_follow_the_quota() {
        // per_second(50): T = 1 s / 50 = 20 ms, τ = 20 ms · 49 = 980 ms.
        let gcra = Gcra::new(&GcraConfig::default());
        assert_eq!(gcra.interval_us, 20_000);
        assert_eq!(gcra.tolerance_us, 980_000);
        // per_minute(60) keeps the mean rate of per_second(1) but bursts 60, not 1.
        let minute = Gcra::new(&GcraConfig {
            rate: Rate::per_minute(60),
            burst: None,
        });
        let second = Gcra::new(&GcraConfig {
            rate: Rate::per_second(1),
            burst: None,
        });
        assert_eq!(minute.interval_us, second.interval_us);
        assert_eq!(minute.tolerance_us, 59_000_000);
        assert_eq!(second.tolerance_us, 0);
    }
}
