//! Faults on a timeline: store outages and slowdowns, cache node crashes, latency spikes
//! between the servers and the cache.
//!
//! A fault is plain data in the scenario; the engine asks [`Faults`] what holds at an
//! instant (is the store down, how much slower is it, how much longer does a cache
//! operation take) and schedules the crashes and restarts as events. An operation is
//! judged by the instant it starts: one already under way when a window opens or closes
//! keeps the latency it started with.

use super::time::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One fault of the scenario's timeline. Times are seconds since the start of the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Fault {
    /// The store is unavailable from `start_s` to `end_s`.
    StoreOutage {
        start_s: f64,
        end_s: f64,
        #[serde(default)]
        mode: OutageMode,
        /// Retries of a synchronous store write that fails (`mode: fail`), with backoff
        /// 100 ms, 200 ms, 400 ms, … capped at 1.6 s; 0 fails the write at once.
        #[serde(default)]
        write_retries: u32,
    },
    /// Store operations take `factor` times as long from `start_s` to `end_s`.
    StoreSlowdown {
        start_s: f64,
        end_s: f64,
        factor: f64,
    },
    /// The cache node crashes at `at_s`, losing every entry, and serves again, empty,
    /// `restart_s` seconds later.
    CacheCrash { at_s: f64, restart_s: f64 },
    /// Every cache operation takes `extra_ms` longer from `start_s` to `end_s` (the
    /// network between servers and cache).
    CacheLatencySpike {
        start_s: f64,
        end_s: f64,
        extra_ms: f64,
    },
}

/// What a store operation does while the store is out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutageMode {
    /// It fails at once (connection refused).
    #[default]
    Fail,
    /// It hangs until the store is back, then takes its usual time (a stalled failover).
    Hang,
}

/// The first retry's backoff; each further retry doubles it, up to [`MAX_BACKOFF`].
pub const FIRST_BACKOFF: Time = Time(100_000);
pub const MAX_BACKOFF: Time = Time(1_600_000);

/// The wait before retry number `attempt` (0 for the first retry).
pub fn backoff(attempt: u32) -> Time {
    Time(FIRST_BACKOFF.0 << attempt.min(4)).min(MAX_BACKOFF)
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Outage {
    start: Time,
    end: Time,
    mode: OutageMode,
    write_retries: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Window {
    start: Time,
    end: Time,
    value: f64,
}

impl Window {
    fn covers(&self, now: Time) -> bool {
        self.start <= now && now < self.end
    }
}

/// The store is out at some instant: how, until when, and how often a write retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Down {
    pub mode: OutageMode,
    pub until: Time,
    pub write_retries: u32,
}

/// The timeline's windows, ready to query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    outages: Vec<Outage>,
    slowdowns: Vec<Window>,
    spikes: Vec<Window>,
    /// `(crash, restart)` instants, in the scenario's order.
    pub crashes: Vec<(Time, Time)>,
}

impl Faults {
    pub fn new(faults: &[Fault]) -> Faults {
        let mut timeline = Faults::default();
        for fault in faults {
            match *fault {
                Fault::StoreOutage {
                    start_s,
                    end_s,
                    mode,
                    write_retries,
                } => timeline.outages.push(Outage {
                    start: Time::from_s(start_s),
                    end: Time::from_s(end_s),
                    mode,
                    write_retries,
                }),
                Fault::StoreSlowdown {
                    start_s,
                    end_s,
                    factor,
                } => timeline.slowdowns.push(Window {
                    start: Time::from_s(start_s),
                    end: Time::from_s(end_s),
                    value: factor,
                }),
                Fault::CacheCrash { at_s, restart_s } => {
                    let at = Time::from_s(at_s);
                    timeline.crashes.push((at, at + Time::from_s(restart_s)));
                }
                Fault::CacheLatencySpike {
                    start_s,
                    end_s,
                    extra_ms,
                } => timeline.spikes.push(Window {
                    start: Time::from_s(start_s),
                    end: Time::from_s(end_s),
                    value: extra_ms,
                }),
            }
        }
        timeline
    }

    /// Whether the store is out at `now`; of overlapping outages, the first listed decides.
    pub fn store_down(&self, now: Time) -> Option<Down> {
        self.outages
            .iter()
            .find(|outage| outage.start <= now && now < outage.end)
            .map(|outage| Down {
                mode: outage.mode,
                until: outage.end,
                write_retries: outage.write_retries,
            })
    }

    /// A store latency `latency` of an operation starting at `now`, slowed by every
    /// slowdown in force (overlapping factors multiply).
    pub fn store_latency(&self, now: Time, latency: Time) -> Time {
        let mut factor = 1.0;
        let mut slowed = false;
        for window in self.slowdowns.iter().filter(|w| w.covers(now)) {
            factor *= window.value;
            slowed = true;
        }
        if slowed {
            Time::from_micros(latency.0 as f64 * factor)
        } else {
            latency
        }
    }

    /// The extra time a cache operation starting at `now` takes (overlapping spikes add).
    pub fn cache_delay(&self, now: Time) -> Time {
        self.spikes
            .iter()
            .filter(|w| w.covers(now))
            .map(|w| Time::from_ms(w.value))
            .fold(Time::ZERO, |sum, extra| sum + extra)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_100_ms_to_a_cap_of_1_6_s() {
        let waits: Vec<u64> = (0..7).map(|attempt| backoff(attempt).0 / 1_000).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1_600, 1_600, 1_600]);
    }

    #[test]
    fn windows_are_half_open_and_overlaps_combine() {
        let faults = Faults::new(&[
            Fault::StoreSlowdown {
                start_s: 1.0,
                end_s: 3.0,
                factor: 2.0,
            },
            Fault::StoreSlowdown {
                start_s: 2.0,
                end_s: 4.0,
                factor: 3.0,
            },
            Fault::CacheLatencySpike {
                start_s: 1.0,
                end_s: 2.0,
                extra_ms: 5.0,
            },
            Fault::StoreOutage {
                start_s: 5.0,
                end_s: 6.0,
                mode: OutageMode::Hang,
                write_retries: 0,
            },
        ]);
        let ms = Time::from_ms(10.0);
        // Before 1 s: untouched; [1, 2): ×2; [2, 3): ×2×3; [3, 4): ×3; from 4 s: untouched.
        let at = |s: f64| faults.store_latency(Time::from_s(s), ms).as_ms();
        assert_eq!(
            [at(0.5), at(1.0), at(2.5), at(3.0), at(4.0)],
            [10.0, 20.0, 60.0, 30.0, 10.0]
        );
        assert_eq!(faults.cache_delay(Time::from_s(1.5)), Time::from_ms(5.0));
        assert_eq!(faults.cache_delay(Time::from_s(2.0)), Time::ZERO);
        assert_eq!(faults.store_down(Time::from_s(4.999)), None);
        assert_eq!(
            faults.store_down(Time::from_s(5.0)),
            Some(Down {
                mode: OutageMode::Hang,
                until: Time::from_s(6.0),
                write_retries: 0
            })
        );
        assert_eq!(faults.store_down(Time::from_s(6.0)), None);
    }
}
