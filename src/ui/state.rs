//! The playground's state and its reducer: pure data, tested natively.
//!
//! The scenario lives here and only here (share links and local storage read and write
//! it through [`UiState::scenario`] and [`Action::SetScenario`]). The engine itself lives
//! beside the state, in the runner: the state says how far the run should be (`target`),
//! the runner reports how far it got (`Action::Reached`).

use crate::scenario::fields::{self, List};
use crate::scenario::{Scenario, ScenarioError};
use crate::sim::Time;
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

/// Which scenario of an A/B comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    A,
    B,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::A => "A",
            Side::B => "B",
        }
    }
}

/// Simulated seconds per wall-clock second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    RealTime,
    X10,
    X100,
    X1000,
    /// As fast as the per-frame budget allows.
    Max,
}

impl Speed {
    pub const ALL: [Speed; 5] = [
        Speed::RealTime,
        Speed::X10,
        Speed::X100,
        Speed::X1000,
        Speed::Max,
    ];

    pub fn factor(self) -> Option<f64> {
        match self {
            Speed::RealTime => Some(1.0),
            Speed::X10 => Some(10.0),
            Speed::X100 => Some(100.0),
            Speed::X1000 => Some(1_000.0),
            Speed::Max => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Speed::RealTime => "1× (real time)",
            Speed::X10 => "10×",
            Speed::X100 => "100×",
            Speed::X1000 => "1000×",
            Speed::Max => "max",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Speed::RealTime => "1",
            Speed::X10 => "10",
            Speed::X100 => "100",
            Speed::X1000 => "1000",
            Speed::Max => "max",
        }
    }

    pub fn from_name(name: &str) -> Option<Speed> {
        Speed::ALL.into_iter().find(|speed| speed.name() == name)
    }
}

/// Text typed into a field that is not (yet) part of the scenario, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub text: String,
    pub error: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UiState {
    /// The scenario being run; scenario A when comparing.
    pub scenario: Scenario,
    /// Scenario B, while comparing.
    pub scenario_b: Option<Scenario>,
    /// The scenario the panels edit.
    pub editing: Side,
    pub playing: bool,
    pub speed: Speed,
    /// Simulated time the runs should have reached.
    pub target: Time,
    /// Simulated time every run has reached.
    pub now: Time,
    /// Every run has reached its end.
    pub finished: bool,
    /// Changes whenever the runs must start again from t = 0.
    pub generation: u64,
    /// Rejected input, by side and field path, shown at the field.
    pub drafts: BTreeMap<(Side, String), Draft>,
}

impl Default for UiState {
    fn default() -> UiState {
        UiState::new(Scenario::default())
    }
}

/// How far ahead of the runs the clock may get at a fixed speed, in wall-clock
/// milliseconds: beyond it the clock waits for a slow engine instead of running away.
const MAX_LEAD_WALL_MS: f64 = 250.0;

/// A frame longer than this (a background tab, a debugger pause) counts as this long.
const MAX_FRAME_MS: f64 = 100.0;

pub enum Action {
    /// Replaces the scenario being edited (a preset, a share link) and restarts.
    SetScenario(Box<Scenario>),
    /// Sets one field of one side from text, as typed.
    Edit {
        side: Side,
        path: String,
        text: String,
    },
    /// Appends a new item (a rate-limit tier, a fault, an HPA policy) to a list.
    AddItem {
        side: Side,
        list: List,
    },
    /// Removes item `index` of a list.
    RemoveItem {
        side: Side,
        list: List,
        index: usize,
    },
    /// Moves fault `index` along the run so its middle is at `middle_s` (a drag on the
    /// fault timeline).
    MoveFault {
        side: Side,
        index: usize,
        middle_s: f64,
    },
    Play,
    Pause,
    TogglePlay,
    /// Advances one sample interval, then pauses.
    Step,
    /// Back to t = 0, paused.
    Reset,
    RunToEnd,
    SetSpeed(Speed),
    /// An animation frame passed: `wall_ms` of wall-clock time since the last one.
    Tick {
        wall_ms: f64,
    },
    /// The runner reached `now` in `generation`.
    Reached {
        generation: u64,
        now: Time,
        finished: bool,
    },
    /// Turns the scenario into A and a copy of it into B, and edits B.
    StartCompare,
    /// Keeps the scenario of `keep` and leaves A/B mode.
    StopCompare {
        keep: Side,
    },
    EditSide(Side),
}

impl UiState {
    /// The page's `data-state`, which end-to-end tests wait on: `done` once every run has
    /// reached its end, `running` while one is moving, `paused` otherwise.
    pub fn run_state(&self) -> &'static str {
        if self.finished {
            "done"
        } else if self.playing || self.now < self.target {
            "running"
        } else {
            "paused"
        }
    }

    pub fn new(scenario: Scenario) -> UiState {
        UiState {
            scenario,
            scenario_b: None,
            editing: Side::A,
            playing: false,
            speed: Speed::X10,
            target: Time::ZERO,
            now: Time::ZERO,
            finished: false,
            generation: 0,
            drafts: BTreeMap::new(),
        }
    }

    pub fn comparing(&self) -> bool {
        self.scenario_b.is_some()
    }

    pub fn side(&self, side: Side) -> &Scenario {
        match (side, &self.scenario_b) {
            (Side::B, Some(b)) => b,
            _ => &self.scenario,
        }
    }

    /// The end of the longest run.
    pub fn end(&self) -> Time {
        let a = Time::from_s(self.scenario.duration_s);
        let b = self
            .scenario_b
            .as_ref()
            .map_or(Time::ZERO, |b| Time::from_s(b.duration_s));
        a.max(b)
    }

    /// The shortest sample interval of the runs: one step.
    fn interval(&self) -> Time {
        let a = Time::from_ms(self.scenario.sample_interval_ms);
        let interval = self
            .scenario_b
            .as_ref()
            .map_or(a, |b| a.min(Time::from_ms(b.sample_interval_ms)));
        interval.max(Time(1))
    }

    pub fn draft(&self, side: Side, path: &str) -> Option<&Draft> {
        self.drafts.get(&(side, path.to_string()))
    }

    /// Starts the runs again from t = 0 and replays them up to the current clock, so an
    /// edit shows its effect at once, at the same point of the run.
    fn restart(&mut self) {
        self.generation += 1;
        self.now = Time::ZERO;
        self.finished = false;
        self.target = self.target.min(self.end());
    }

    fn set_side(&mut self, side: Side, scenario: Scenario) {
        match (side, &mut self.scenario_b) {
            (Side::B, Some(b)) => *b = scenario,
            _ => self.scenario = scenario,
        }
        // Both sides draw arrivals from one seed, so A and B see identical traffic.
        if let Some(b) = &mut self.scenario_b {
            match side {
                Side::A => b.seed = self.scenario.seed,
                Side::B => self.scenario.seed = b.seed,
            }
        }
        self.restart();
    }

    /// Takes `next`, a list edit of `side`. Items after a removed one move up a slot,
    /// so rejected input in the list no longer belongs to its field and is dropped.
    /// A list edit that breaks a rule of the whole scenario (too many per-client
    /// limiter states) is refused, and says so at the list.
    fn edit_list(&mut self, side: Side, list: List, next: Scenario) {
        let prefix = format!("{}[", list.path());
        self.drafts
            .retain(|(s, path), _| *s != side || !path.starts_with(&prefix));
        let key = (side, list.path().to_string());
        match next.validate() {
            Ok(()) => {
                self.drafts.remove(&key);
                self.set_side(side, next);
            }
            Err(error) => {
                let error = message_for(list.path(), &error);
                self.drafts.insert(
                    key,
                    Draft {
                        text: String::new(),
                        error,
                    },
                );
            }
        }
    }

    fn edit(&mut self, side: Side, path: String, text: String) {
        let current = self.side(side);
        let key = (side, path.clone());
        let checked = fields::apply(current, &path, &text).and_then(|candidate| {
            candidate
                .validate_edit(Some(&path))
                .map(|()| candidate)
                .map_err(|error| message_for(&path, &error))
        });
        match checked {
            Ok(candidate) => {
                self.drafts.remove(&key);
                if &candidate != self.side(side) {
                    self.set_side(side, candidate);
                }
                self.retry_drafts(side);
            }
            Err(error) => {
                self.drafts.insert(key, Draft { text, error });
            }
        }
    }
}

impl UiState {
    /// Retries the rejected input of `side` after an edit: text that broke a rule
    /// across fields (a minimum above the maximum) is taken, and its error cleared,
    /// once the other field makes the rule hold.
    fn retry_drafts(&mut self, side: Side) {
        let pending: Vec<(String, String)> = self
            .drafts
            .iter()
            .filter(|((s, _), draft)| *s == side && !draft.text.is_empty())
            .map(|((_, path), draft)| (path.clone(), draft.text.clone()))
            .collect();
        for (path, text) in pending {
            let Ok(next) = fields::apply(self.side(side), &path, &text) else {
                continue;
            };
            if next.validate_edit(Some(&path)).is_ok() {
                self.drafts.remove(&(side, path));
                if &next != self.side(side) {
                    self.set_side(side, next);
                }
            }
        }
    }
}

/// The part of a validation error that concerns `path`, or all of it, each other field
/// named, when the edit broke a rule about another field (a mean above its p99, say).
fn message_for(path: &str, error: &ScenarioError) -> String {
    match error {
        ScenarioError::Parse(message) => message.clone(),
        ScenarioError::Link(link_error) => link_error.to_string(),
        ScenarioError::Invalid(errors) => {
            let own: Vec<&str> = errors
                .iter()
                .filter(|e| e.field == path)
                .map(|e| e.message.as_str())
                .collect();
            if own.is_empty() {
                errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            } else {
                own.join("; ")
            }
        }
    }
}

impl Reducible for UiState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        match action {
            Action::SetScenario(scenario) => {
                let side = state.editing;
                state.drafts.retain(|(s, _), _| *s != side);
                state.set_side(side, *scenario);
            }
            Action::Edit { side, path, text } => state.edit(side, path, text),
            Action::AddItem { side, list } => {
                if let Some(next) = fields::add(state.side(side), list) {
                    state.edit_list(side, list, next);
                }
            }
            Action::RemoveItem { side, list, index } => {
                if let Some(next) = fields::remove(state.side(side), list, index) {
                    state.edit_list(side, list, next);
                }
            }
            Action::MoveFault {
                side,
                index,
                middle_s,
            } => match fields::move_fault(state.side(side), index, middle_s) {
                Some(next) if &next != state.side(side) => {
                    state.edit_list(side, List::Faults, next)
                }
                _ => return self,
            },
            Action::Play => {
                if state.finished {
                    state.restart();
                    state.target = Time::ZERO;
                }
                state.playing = true;
                // At full speed the target is the end: aim there now, not a frame later.
                if state.speed.factor().is_none() {
                    state.target = state.end();
                }
            }
            Action::Pause => state.playing = false,
            Action::TogglePlay => {
                let action = if state.playing {
                    Action::Pause
                } else {
                    Action::Play
                };
                return Rc::new(state).reduce(action);
            }
            Action::Step => {
                state.playing = false;
                let interval = state.interval();
                let base = state.target.max(state.now);
                let next = Time((base.0 / interval.0 + 1) * interval.0);
                state.target = next.min(state.end());
            }
            Action::Reset => {
                state.playing = false;
                state.restart();
                state.target = Time::ZERO;
            }
            Action::RunToEnd => {
                // Paused, so no tick pulls the target back to the playing speed.
                state.playing = false;
                state.target = state.end();
            }
            Action::SetSpeed(speed) => state.speed = speed,
            Action::Tick { wall_ms } => {
                if !state.playing {
                    return self;
                }
                let end = state.end();
                state.target = match state.speed.factor() {
                    None => end,
                    Some(factor) => {
                        let wall_ms = wall_ms.clamp(0.0, MAX_FRAME_MS);
                        let ahead = state.target + Time::from_ms(wall_ms * factor);
                        let limit = state.now + Time::from_ms(MAX_LEAD_WALL_MS * factor);
                        ahead.min(limit).min(end)
                    }
                };
                if state.target == self.target {
                    return self;
                }
            }
            Action::Reached {
                generation,
                now,
                finished,
            } => {
                if generation != state.generation {
                    return self;
                }
                state.now = now;
                state.finished = finished;
                if finished {
                    state.playing = false;
                }
            }
            Action::StartCompare => {
                state.scenario_b = Some(state.scenario.clone());
                state.editing = Side::B;
                state.drafts.clear();
                state.restart();
            }
            Action::StopCompare { keep } => {
                if let Some(b) = state.scenario_b.take() {
                    if keep == Side::B {
                        state.scenario = b;
                    }
                }
                state.editing = Side::A;
                state.drafts.clear();
                state.restart();
            }
            Action::EditSide(side) => {
                if state.comparing() {
                    state.editing = side;
                }
            }
        }
        Rc::new(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: UiState, actions: impl IntoIterator<Item = Action>) -> UiState {
        let mut state = Rc::new(state);
        for action in actions {
            state = state.reduce(action);
        }
        (*state).clone()
    }

    fn edit(side: Side, path: &str, text: &str) -> Action {
        Action::Edit {
            side,
            path: path.to_string(),
            text: text.to_string(),
        }
    }

    #[test]
    fn ticks_move_the_clock_only_while_playing() {
        let state = reduce(UiState::default(), [Action::Tick { wall_ms: 16.0 }]);
        assert_eq!(state.target, Time::ZERO);
        // At 10× a 16 ms frame is 160 ms of simulated time.
        let state = reduce(state, [Action::Play, Action::Tick { wall_ms: 16.0 }]);
        assert_eq!(state.target, Time::from_ms(160.0));
    }

    #[test]
    fn the_clock_waits_for_a_slow_engine() {
        // The runs are stuck at 0; at 10× the clock may lead by 250 ms × 10 = 2.5 s.
        let mut state = reduce(UiState::default(), [Action::Play]);
        for _ in 0..100 {
            state = reduce(state, [Action::Tick { wall_ms: 50.0 }]);
        }
        assert_eq!(state.target, Time::from_s(2.5));
    }

    #[test]
    fn a_long_frame_counts_as_a_short_one() {
        // A 10 s pause counts as 100 ms, so 1 s simulated at 10×.
        let state = reduce(
            UiState::default(),
            [Action::Play, Action::Tick { wall_ms: 10_000.0 }],
        );
        assert_eq!(state.target, Time::from_s(1.0));
    }

    #[test]
    fn max_speed_and_run_to_end_aim_at_the_end() {
        let state = reduce(
            UiState::default(),
            [Action::SetSpeed(Speed::Max), Action::Play],
        );
        assert_eq!(state.target, Time::from_s(60.0));
        let state = reduce(state, [Action::Tick { wall_ms: 16.0 }]);
        assert_eq!(state.target, Time::from_s(60.0));
        // Run to end while playing at 10× is not slowed down by the next tick.
        let state = reduce(
            UiState::default(),
            [
                Action::Play,
                Action::RunToEnd,
                Action::Tick { wall_ms: 16.0 },
            ],
        );
        assert_eq!(state.target, Time::from_s(60.0));
        assert!(!state.playing);
    }

    #[test]
    fn step_goes_to_the_next_sample_and_pauses() {
        // Samples every 1 s: from 0 to 1 s, then from 1.5 s to 2 s.
        let state = reduce(UiState::default(), [Action::Play, Action::Step]);
        assert_eq!(state.target, Time::from_s(1.0));
        assert!(!state.playing);
        let mut state = state;
        state.target = Time::from_ms(1_500.0);
        let state = reduce(state, [Action::Step]);
        assert_eq!(state.target, Time::from_s(2.0));
        // Never past the end: 60 steps from 59.5 s stop at 60 s.
        let mut state = state;
        state.target = Time::from_ms(59_500.0);
        let state = reduce(state, [Action::Step, Action::Step]);
        assert_eq!(state.target, Time::from_s(60.0));
    }

    #[test]
    fn reports_from_an_old_generation_are_ignored() {
        let state = reduce(
            UiState::default(),
            [
                Action::RunToEnd,
                edit(Side::A, "workload.read_fraction", "0.5"),
            ],
        );
        assert_eq!(state.generation, 1);
        let stale = reduce(
            state.clone(),
            [Action::Reached {
                generation: 0,
                now: Time::from_s(60.0),
                finished: true,
            }],
        );
        assert_eq!(stale, state);
        let fresh = reduce(
            state,
            [Action::Reached {
                generation: 1,
                now: Time::from_s(60.0),
                finished: true,
            }],
        );
        assert!(fresh.finished);
        assert_eq!(fresh.now, Time::from_s(60.0));
    }

    #[test]
    fn finishing_pauses_and_play_starts_over() {
        let state = reduce(
            UiState::default(),
            [
                Action::Play,
                Action::Reached {
                    generation: 0,
                    now: Time::from_s(60.0),
                    finished: true,
                },
            ],
        );
        assert!(!state.playing);
        let state = reduce(state, [Action::TogglePlay]);
        assert!(state.playing);
        assert_eq!(
            (state.now, state.target, state.generation),
            (Time::ZERO, Time::ZERO, 1)
        );
    }

    #[test]
    fn a_valid_edit_restarts_and_replays_to_the_same_clock() {
        let state = UiState {
            target: Time::from_s(30.0),
            now: Time::from_s(30.0),
            ..UiState::default()
        };
        let state = reduce(state, [edit(Side::A, "cache.capacity", "5000")]);
        assert_eq!(state.scenario.cache.capacity, 5_000);
        assert_eq!(
            (state.generation, state.now, state.target),
            (1, Time::ZERO, Time::from_s(30.0))
        );
        assert!(state.drafts.is_empty());
    }

    #[test]
    fn an_invalid_edit_stays_at_the_field_and_never_reaches_the_run() {
        let state = reduce(
            UiState::default(),
            [edit(Side::A, "workload.read_fraction", "1.5")],
        );
        assert_eq!(state.scenario, Scenario::default());
        assert_eq!(state.generation, 0);
        assert_eq!(
            state.draft(Side::A, "workload.read_fraction"),
            Some(&Draft {
                text: "1.5".to_string(),
                error: "must be between 0 and 1".to_string()
            })
        );
        // Fixing the text clears the message.
        let state = reduce(state, [edit(Side::A, "workload.read_fraction", "0.8")]);
        assert!(state.drafts.is_empty());
        assert_eq!(state.scenario.workload.read_fraction, 0.8);
    }

    #[test]
    fn a_rule_across_fields_is_explained_at_the_edited_field() {
        // Service time: mean 2 ms, p99 8 ms. A mean of 9 ms puts the p99 below it: the
        // error is at the mean, in its own words.
        let state = reduce(
            UiState::default(),
            [edit(Side::A, "servers.service.mean_ms", "9")],
        );
        assert_eq!(state.generation, 0);
        let draft = state.draft(Side::A, "servers.service.mean_ms").unwrap();
        assert!(
            draft.error.starts_with("must be below p99_ms (8)"),
            "{}",
            draft.error
        );
        // Raising the p99 to 20 ms makes the rule hold: the mean of 9 ms is taken and
        // its error cleared.
        let state = reduce(state, [edit(Side::A, "servers.service.p99_ms", "20")]);
        assert!(state.drafts.is_empty());
        assert_eq!(
            state.scenario.servers.service,
            crate::sim::config::Latency::LogNormal {
                mean_ms: 9.0,
                p99_ms: 20.0
            }
        );
    }

    #[test]
    fn list_items_are_added_edited_and_removed() {
        let add = || Action::AddItem {
            side: Side::A,
            list: List::Faults,
        };
        let state = reduce(UiState::default(), [add(), add()]);
        assert_eq!(state.scenario.faults.len(), 2);
        assert_eq!(state.generation, 2);
        // The demo runs 60 s; the new faults cover 24 to 36 s. An end before the start
        // stays at the field, in the engine's words.
        let state = reduce(state, [edit(Side::A, "faults[1].end_s", "10")]);
        assert_eq!(state.generation, 2);
        assert_eq!(
            state
                .draft(Side::A, "faults[1].end_s")
                .map(|d| d.error.as_str()),
            Some("must be after “From” (24) (got 10)")
        );
        // Removing the first fault moves the second into slot 0: its draft goes.
        let state = reduce(
            state,
            [Action::RemoveItem {
                side: Side::A,
                list: List::Faults,
                index: 0,
            }],
        );
        assert_eq!(state.scenario.faults.len(), 1);
        assert!(state.drafts.is_empty());
        assert_eq!(state.generation, 3);
    }

    #[test]
    fn a_list_edit_that_breaks_a_scenario_rule_is_explained_at_the_list() {
        // 1 000 000 clients × 2 per-client tiers is over the 1 000 000 limiter states.
        let mut scenario = Scenario::default();
        scenario.workload.n_clients = 1_000_000;
        let add = || Action::AddItem {
            side: Side::A,
            list: List::Tiers,
        };
        let state = reduce(
            UiState::new(scenario),
            [
                add(),
                edit(Side::A, "rate_limits.tiers[0].scope", "per_client"),
                add(),
                edit(Side::A, "rate_limits.tiers[1].scope", "per_client"),
            ],
        );
        assert_eq!(state.scenario.rate_limits.tiers.len(), 2);
        assert_eq!(
            state.scenario.rate_limits.tiers[1].scope,
            crate::sim::limiter::Scope::Global
        );
        let draft = state.draft(Side::A, "rate_limits.tiers[1].scope").unwrap();
        assert!(draft.error.contains("limiter states"), "{}", draft.error);
    }

    #[test]
    fn an_unchanged_value_does_not_restart() {
        let state = reduce(
            UiState::default(),
            [edit(Side::A, "cache.capacity", "1000")],
        );
        assert_eq!(state.generation, 0);
    }

    #[test]
    fn compare_copies_the_scenario_into_b_and_edits_b() {
        let state = reduce(
            UiState::default(),
            [
                Action::StartCompare,
                edit(Side::B, "write_policy.kind", "back"),
            ],
        );
        assert_eq!(state.editing, Side::B);
        assert_eq!(state.scenario, Scenario::default());
        let b = state.scenario_b.clone().unwrap();
        assert!(matches!(
            b.write_policy,
            crate::sim::config::WritePolicy::Back(_)
        ));
        // Keeping B makes it the scenario.
        let kept = reduce(state, [Action::StopCompare { keep: Side::B }]);
        assert_eq!(kept.scenario, b);
        assert!(!kept.comparing());
        assert_eq!(kept.editing, Side::A);
    }

    #[test]
    fn a_and_b_share_one_seed() {
        let state = reduce(
            UiState::default(),
            [Action::StartCompare, edit(Side::B, "seed", "7")],
        );
        assert_eq!(state.scenario.seed, 7);
        assert_eq!(state.side(Side::B).seed, 7);
        let state = reduce(state, [edit(Side::A, "seed", "9")]);
        assert_eq!(state.side(Side::B).seed, 9);
    }

    #[test]
    fn set_scenario_replaces_the_side_being_edited() {
        let mut other = Scenario {
            title: "Other".to_string(),
            ..Scenario::default()
        };
        other.cache.capacity = 10;
        let state = reduce(
            UiState::default(),
            [
                Action::StartCompare,
                Action::SetScenario(Box::new(other.clone())),
            ],
        );
        assert_eq!(state.side(Side::B).cache.capacity, 10);
        assert_eq!(state.scenario.cache.capacity, 1_000);
        let state = reduce(
            UiState::default(),
            [Action::SetScenario(Box::new(other.clone()))],
        );
        assert_eq!(state.scenario, other);
    }

    #[test]
    fn edit_side_needs_compare_mode() {
        let state = reduce(UiState::default(), [Action::EditSide(Side::B)]);
        assert_eq!(state.editing, Side::A);
    }

    #[test]
    fn speeds_round_trip_their_names() {
        for speed in Speed::ALL {
            assert_eq!(Speed::from_name(speed.name()), Some(speed));
        }
        assert_eq!(Speed::from_name("warp"), None);
    }
}
