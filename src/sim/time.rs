//! Simulated time: integer microseconds since the start of a run.

use serde::{Deserialize, Serialize};
use std::ops::{Add, Sub};

/// An instant of simulated time, in microseconds since the run started.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Time(pub u64);

impl Time {
    pub const ZERO: Time = Time(0);

    pub fn from_ms(ms: f64) -> Time {
        Time((ms * 1_000.0).round().max(0.0) as u64)
    }

    pub fn from_s(s: f64) -> Time {
        Time((s * 1_000_000.0).round().max(0.0) as u64)
    }

    /// The nearest whole microsecond to `micros` (ties up); negative or NaN give zero and
    /// huge values saturate. Cheaper than `f64::round`, which is a library call on the
    /// baseline x86-64 and wasm targets.
    pub fn from_micros(micros: f64) -> Time {
        Time((micros + 0.5) as u64)
    }

    pub fn as_ms(self) -> f64 {
        self.0 as f64 / 1_000.0
    }

    pub fn as_s(self) -> f64 {
        self.0 as f64 / 1_000_000.0
    }

    /// `self - earlier`, or zero when `earlier` is later.
    pub fn since(self, earlier: Time) -> Time {
        Time(self.0.saturating_sub(earlier.0))
    }
}

impl Add for Time {
    type Output = Time;
    fn add(self, other: Time) -> Time {
        Time(self.0.saturating_add(other.0))
    }
}

impl Sub for Time {
    type Output = Time;
    fn sub(self, other: Time) -> Time {
        self.since(other)
    }
}
