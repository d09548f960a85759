//! Drives the engine in bounded slices, so the page never waits for a whole run.
//!
//! The runner owns one engine run per side. Each animation frame it advances them
//! toward the state's `target` until a wall-clock budget is spent; how much simulated
//! time fits in the budget is learned from the previous slices. Wall time only sizes
//! the slices: the runs see simulated time alone, so they are the same however the
//! frames fall.

use crate::sim::{Config, Sample, Sim, Summary, Time};
use crate::ui::state::{Side, UiState};

/// One run of one scenario.
pub struct Lane {
    sim: Sim,
    sample_interval_s: f64,
}

impl Lane {
    pub fn new(config: &Config) -> Lane {
        Lane {
            sim: Sim::new(config),
            sample_interval_s: config.sample_interval_ms / 1_000.0,
        }
    }

    /// Advances the run to `t` (at most its end).
    pub fn advance_to(&mut self, t: Time) {
        self.sim.advance_to(t);
    }

    pub fn now(&self) -> Time {
        self.sim.now()
    }

    pub fn is_finished(&self) -> bool {
        self.sim.is_finished()
    }

    pub fn samples(&self) -> &[Sample] {
        self.sim.samples()
    }

    /// The run so far.
    pub fn summary(&self) -> Summary {
        self.sim.summary()
    }

    pub fn sample_interval_s(&self) -> f64 {
        self.sample_interval_s
    }
}

/// The runs of the current scenario (and of B while comparing).
pub struct Runs {
    pub generation: u64,
    pub a: Lane,
    pub b: Option<Lane>,
    /// Learned cost: wall-clock milliseconds per simulated second.
    ms_per_sim_s: f64,
    /// Simulated length of the last slice: the next is at most twice as long, so one
    /// mismeasured slice cannot turn into a long task.
    last_slice: Time,
}

impl Default for Runs {
    fn default() -> Runs {
        Runs::new(&UiState::default())
    }
}

/// The first guess of the cost, before any slice was measured: deliberately pessimistic,
/// so the very first slice stays small.
const INITIAL_MS_PER_SIM_S: f64 = 50.0;

/// Browsers coarsen `performance.now()` to 0.1 ms on pages that are not cross-origin
/// isolated.
const TIMER_RESOLUTION_MS: f64 = 0.1;

/// The smallest slice worth a call, in simulated microseconds.
const MIN_SLICE: Time = Time(1_000);

impl Runs {
    pub fn new(state: &UiState) -> Runs {
        Runs {
            generation: state.generation,
            a: Lane::new(&state.scenario.config()),
            b: state.scenario_b.as_ref().map(|b| Lane::new(&b.config())),
            ms_per_sim_s: INITIAL_MS_PER_SIM_S,
            last_slice: MIN_SLICE,
        }
    }

    /// Starts over when the state's generation moved on.
    pub fn sync(&mut self, state: &UiState) {
        if state.generation != self.generation {
            let cost = self.ms_per_sim_s;
            *self = Runs::new(state);
            self.ms_per_sim_s = cost;
        }
    }

    pub fn lane(&self, side: Side) -> Option<&Lane> {
        match side {
            Side::A => Some(&self.a),
            Side::B => self.b.as_ref(),
        }
    }

    fn lanes_mut(&mut self) -> impl Iterator<Item = &mut Lane> {
        std::iter::once(&mut self.a).chain(self.b.as_mut())
    }

    /// Simulated time every lane has reached.
    pub fn now(&self) -> Time {
        self.b
            .as_ref()
            .map_or(self.a.now(), |b| self.a.now().min(b.now()))
    }

    pub fn is_finished(&self) -> bool {
        self.a.is_finished() && self.b.as_ref().is_none_or(Lane::is_finished)
    }

    /// Advances every lane toward `target` in slices until `budget_ms` of `clock` (a
    /// wall clock in milliseconds) is spent. Both lanes move together, slice by slice,
    /// so an A/B overlay never shows one far ahead of the other.
    pub fn advance(&mut self, target: Time, budget_ms: f64, clock: &mut dyn FnMut() -> f64) {
        let start = clock();
        loop {
            let now = self.now();
            if now >= target || self.is_finished() {
                return;
            }
            let spent = clock() - start;
            if spent >= budget_ms {
                return;
            }
            let longest = Time(self.last_slice.0.saturating_mul(2)).max(MIN_SLICE);
            let slice_end =
                next_slice(now, target, budget_ms - spent, self.ms_per_sim_s).min(now + longest);
            let before = clock();
            for lane in self.lanes_mut() {
                lane.advance_to(slice_end);
            }
            let took = clock() - before;
            self.last_slice = slice_end.since(now);
            let advanced_s = self.last_slice.as_s();
            if advanced_s > 0.0 {
                // A moving average: steady against one slow slice (a garbage collection),
                // quick to follow a scenario that got heavier. A slice faster than the
                // clock can tell counts as one tick, or the estimate would fall to zero
                // and the next slice would be the whole run.
                let measured = took.max(TIMER_RESOLUTION_MS) / advanced_s;
                self.ms_per_sim_s = 0.7 * self.ms_per_sim_s + 0.3 * measured;
            }
        }
    }
}

/// The end of the next slice from `now`: as much simulated time as `remaining_ms` buys
/// at `ms_per_sim_s`, but at least [`MIN_SLICE`] and at most `target`.
pub fn next_slice(now: Time, target: Time, remaining_ms: f64, ms_per_sim_s: f64) -> Time {
    let affordable = Time::from_s(remaining_ms.max(0.0) / ms_per_sim_s.max(1e-6));
    (now + affordable.max(MIN_SLICE)).min(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_fit_the_budget() {
        // 8 ms left at 2 ms per simulated second: 4 s of simulated time.
        assert_eq!(
            next_slice(Time::ZERO, Time::from_s(60.0), 8.0, 2.0),
            Time::from_s(4.0)
        );
        // Never past the target.
        assert_eq!(
            next_slice(Time::from_s(59.0), Time::from_s(60.0), 8.0, 2.0),
            Time::from_s(60.0)
        );
        // An exhausted budget still makes progress: one millisecond.
        assert_eq!(
            next_slice(Time::ZERO, Time::from_s(60.0), 0.0, 2.0),
            Time::from_ms(1.0)
        );
    }

    #[test]
    fn advance_stops_at_the_budget_and_resumes() {
        // A fake clock that moves 1 ms per reading: the budget runs out after a few
        // slices, and later calls carry on to the target.
        let mut runs = Runs::default();
        let mut wall = 0.0;
        let mut clock = || {
            wall += 1.0;
            wall
        };
        runs.advance(Time::from_s(60.0), 5.0, &mut clock);
        let first = runs.now();
        assert!(
            first > Time::ZERO && first < Time::from_s(60.0),
            "{first:?}"
        );
        for _ in 0..10_000 {
            runs.advance(Time::from_s(60.0), 5.0, &mut clock);
        }
        assert_eq!(runs.now(), Time::from_s(60.0));
        assert!(runs.is_finished());
    }

    #[test]
    fn a_clock_too_coarse_to_see_a_slice_does_not_blow_up_the_next() {
        // A clock that never moves within a frame: every slice "takes" no time. Slices
        // still grow only by doubling: 1, 2, 4, … ms of simulated time, so 10 slices
        // reach at most 1 + 2 + … + 1024 ms ≈ 2 s, never the whole minute at once.
        let mut runs = Runs::default();
        let mut readings = 0;
        let mut clock = || {
            readings += 1;
            // Budget spent after 10 slices (3 readings per slice, plus the first).
            if readings > 31 {
                1e9
            } else {
                0.0
            }
        };
        runs.advance(Time::from_s(60.0), 5.0, &mut clock);
        assert!(runs.now() <= Time::from_ms(2_047.0), "{:?}", runs.now());
        assert!(runs.now() > Time::ZERO);
    }

    #[test]
    fn a_new_generation_starts_over() {
        let mut state = UiState::default();
        let mut runs = Runs::new(&state);
        let mut wall = 0.0;
        runs.advance(Time::from_s(10.0), 1e9, &mut || {
            wall += 0.001;
            wall
        });
        assert_eq!(runs.now(), Time::from_s(10.0));
        runs.sync(&state);
        assert_eq!(runs.now(), Time::from_s(10.0), "same generation: kept");
        state.generation += 1;
        runs.sync(&state);
        assert_eq!(runs.now(), Time::ZERO);
    }
}
