//! A scenario's miss-ratio curve, computed in resumable steps.
//!
//! The reads a run of the scenario issues (the same keys, in the same order) are replayed
//! with no notion of time — the `cacheplay trace` model: no TTL, writes, invalidation or
//! latency — through LRU (one pass of stack distances), the scenario's policies and
//! Bélády's optimum, at a ladder of cache sizes. [`CurveJob::step`] does a bounded amount
//! of that work and returns, so a caller can spread a curve over many short slices (the
//! playground does one per animation frame); how the work is cut never changes a count.

use super::{next_uses, BeladyReplay, StackDistances, TracePolicy};
use crate::sim::config::{Config, Workload};
use crate::sim::eviction::{self, Eviction, EvictionKind, EvictionParams, Key};
use crate::sim::math;
use crate::sim::rng::{SplitMix64, Stream};
use crate::sim::workload::{Generator, Op};

/// At most this many reads are replayed: a few hundred per key of a 1,000-key space,
/// which steadies the curve, and about a second of work in a browser per policy line.
pub const MAX_READS: usize = 500_000;

/// At most this many requests are drawn looking for reads, so that a write-heavy
/// scenario still ends its trace quickly.
pub const MAX_REQUESTS: usize = 4 * MAX_READS;

/// Sizes on the ladder, log-spaced from [`SMALLEST_FRACTION`] of the key space to all of it.
pub const LADDER_POINTS: u32 = 14;

/// The ladder's first size, as a fraction of the key space: 0.1 %.
pub const SMALLEST_FRACTION: f64 = 0.001;

/// The cache sizes of a curve over `n_keys` keys, in entries: the ladder of
/// [`LADDER_POINTS`] sizes from 0.1 % to 100 % of the keys, plus `marks` (the configured
/// capacities, so the curve has a point exactly there), each clamped to `1..=n_keys`,
/// strictly increasing (sizes that round alike are one point).
pub fn sizes(n_keys: u32, marks: &[u32]) -> Vec<u32> {
    let n_keys = n_keys.max(1);
    // Our own exp and ln, not powf: the ladder must round alike on every platform.
    let span = math::ln(1.0 / SMALLEST_FRACTION);
    let steps = f64::from(LADDER_POINTS - 1);
    let ladder = (0..LADDER_POINTS).map(|i| {
        let fraction = SMALLEST_FRACTION * math::exp(span * f64::from(i) / steps);
        (fraction * f64::from(n_keys)).round() as u32
    });
    let mut sizes: Vec<u32> = ladder
        .chain(marks.iter().copied())
        .map(|size| size.clamp(1, n_keys))
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// One policy of a curve, with the parameters it runs with.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub policy: TracePolicy,
    pub params: EvictionParams,
}

/// What a curve depends on: the workload that draws the reads, and the policies and
/// capacities of the scenarios it is drawn for. Equal requests give equal curves.
#[derive(Clone, Debug, PartialEq)]
pub struct CurveRequest {
    pub workload: Workload,
    pub seed: u64,
    pub duration_s: f64,
    /// LRU first, then each scenario's policy that is not already a line, then Bélády.
    pub lines: Vec<Line>,
    /// The scenarios' cache capacities above zero, increasing: the curve's markers.
    pub marks: Vec<u32>,
}

impl CurveRequest {
    /// The curve of the reads of `configs[0]`'s run, through LRU, every config's policy
    /// and Bélády's optimum (the playground passes A, and B while comparing).
    pub fn of(configs: &[&Config]) -> CurveRequest {
        let first = configs
            .first()
            .expect("a curve is drawn for at least one scenario");
        let mut lines = vec![Line {
            policy: LRU,
            params: EvictionParams::default(),
        }];
        for config in configs {
            let line = Line {
                policy: TracePolicy::Evict(config.cache.eviction),
                params: config.cache.eviction_params.clone(),
            };
            // LRU ignores the parameters: any scenario's LRU is the first line.
            if line.policy != LRU && !lines.contains(&line) {
                lines.push(line);
            }
        }
        lines.push(Line {
            policy: TracePolicy::Belady,
            params: EvictionParams::default(),
        });
        let mut marks: Vec<u32> = configs
            .iter()
            .map(|config| config.cache.capacity.min(first.workload.n_keys))
            .filter(|&capacity| capacity > 0)
            .collect();
        marks.sort_unstable();
        marks.dedup();
        CurveRequest {
            workload: first.workload.clone(),
            seed: first.seed,
            duration_s: first.duration_s,
            lines,
            marks,
        }
    }

    /// The sizes the curve is computed at.
    pub fn sizes(&self) -> Vec<u32> {
        sizes(self.workload.n_keys, &self.marks)
    }
}

/// A finished curve: misses per line (in the request's order) per size.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    pub sizes: Vec<u32>,
    /// Reads replayed: the first of the run's reads, at most [`MAX_READS`].
    pub reads: u64,
    /// Distinct keys among them.
    pub distinct: u32,
    pub lines: Vec<Line>,
    /// `misses[line][size]`.
    pub misses: Vec<Vec<u64>>,
}

impl Curve {
    /// The miss ratio of `line` at the size with index `size`; `NaN` with no reads.
    pub fn miss_ratio(&self, line: usize, size: usize) -> f64 {
        if self.reads == 0 {
            f64::NAN
        } else {
            self.misses[line][size] as f64 / self.reads as f64
        }
    }
}

/// The reads of a run, drawn a stretch at a time, as dense keys numbered in order of
/// first appearance (as `cacheplay trace` numbers a trace file's ids, so the same trace
/// replays alike in both).
pub struct ReadTrace {
    generator: Generator,
    duration_s: f64,
    /// The dense key of each of the workload's keys, or [`UNSEEN`].
    dense: Vec<u32>,
    keys: Vec<Key>,
    /// Distinct keys so far: the next new key's dense number.
    distinct: u32,
    requests: usize,
    /// The time of the last request drawn, in seconds.
    last_s: f64,
    finished: bool,
}

const UNSEEN: u32 = u32::MAX;

impl ReadTrace {
    pub fn new(workload: &Workload, seed: u64, duration_s: f64) -> ReadTrace {
        ReadTrace {
            generator: Generator::new(workload, seed, duration_s),
            duration_s,
            dense: vec![UNSEEN; workload.n_keys as usize],
            keys: Vec::new(),
            distinct: 0,
            requests: 0,
            last_s: 0.0,
            finished: false,
        }
    }

    /// The whole trace at once.
    pub fn draw_all(workload: &Workload, seed: u64, duration_s: f64) -> (Vec<Key>, u32) {
        let mut trace = ReadTrace::new(workload, seed, duration_s);
        while !trace.draw(usize::MAX) {}
        trace.into_keys()
    }

    /// Draws up to `budget` more requests (keeping the reads); true once the trace is
    /// complete: the run ended, or it holds [`MAX_READS`] reads, or [`MAX_REQUESTS`]
    /// requests were drawn.
    pub fn draw(&mut self, budget: usize) -> bool {
        for _ in 0..budget {
            if self.finished {
                break;
            }
            let Some(arrival) = self.generator.next_arrival() else {
                self.finished = true;
                break;
            };
            self.requests += 1;
            self.last_s = arrival.time.as_s();
            if arrival.op == Op::Read {
                let slot = &mut self.dense[arrival.key.index()];
                if *slot == UNSEEN {
                    *slot = self.distinct;
                    self.distinct += 1;
                }
                self.keys.push(Key(*slot));
            }
            self.finished = self.keys.len() >= MAX_READS || self.requests >= MAX_REQUESTS;
        }
        self.finished
    }

    /// Requests drawn so far, reads and writes.
    pub fn requests(&self) -> usize {
        self.requests
    }

    /// How far the drawing is, in [0, 1].
    pub fn progress(&self) -> f64 {
        if self.finished {
            return 1.0;
        }
        let by_time = if self.duration_s > 0.0 {
            self.last_s / self.duration_s
        } else {
            1.0
        };
        let by_reads = self.keys.len() as f64 / MAX_READS as f64;
        let by_requests = self.requests as f64 / MAX_REQUESTS as f64;
        by_time.max(by_reads).max(by_requests).min(1.0)
    }

    /// The reads, and how many distinct keys they name (keys `0..distinct`).
    pub fn into_keys(self) -> (Vec<Key>, u32) {
        (self.keys, self.distinct)
    }
}

/// One replay in progress: a policy at one size.
enum Replay {
    Policy {
        policy: Box<dyn Eviction>,
        resident: Vec<bool>,
        misses: u64,
    },
    Belady(BeladyReplay),
}

enum Stage {
    Drawing(ReadTrace),
    /// LRU at every size from one pass.
    StackDistances(StackDistances),
    Replay {
        line: usize,
        size: usize,
        replay: Replay,
    },
    Done,
}

/// A curve being computed: [`step`](CurveJob::step) until it returns true.
pub struct CurveJob {
    request: CurveRequest,
    sizes: Vec<u32>,
    stage: Stage,
    keys: Vec<Key>,
    distinct: u32,
    /// Bélády's next uses of `keys`, once the trace is drawn.
    next: Vec<usize>,
    /// Requests of the current pass over `keys` done.
    at: usize,
    /// `misses[line][size]`, filled as passes finish.
    misses: Vec<Vec<u64>>,
    /// Passes over the trace finished: drawing it, stack distances, one per replay.
    passes_done: usize,
    curve: Option<Curve>,
}

impl CurveJob {
    pub fn new(request: CurveRequest) -> CurveJob {
        let sizes = request.sizes();
        let trace = ReadTrace::new(&request.workload, request.seed, request.duration_s);
        CurveJob {
            misses: vec![vec![0; sizes.len()]; request.lines.len()],
            request,
            sizes,
            stage: Stage::Drawing(trace),
            keys: Vec::new(),
            distinct: 0,
            next: Vec::new(),
            at: 0,
            passes_done: 0,
            curve: None,
        }
    }

    /// The whole curve at once.
    pub fn run(request: CurveRequest) -> Curve {
        let mut job = CurveJob::new(request);
        while !job.step(usize::MAX) {}
        job.curve.expect("a finished job has its curve")
    }

    pub fn request(&self) -> &CurveRequest {
        &self.request
    }

    /// The curve, once [`step`](CurveJob::step) has returned true.
    pub fn curve(&self) -> Option<&Curve> {
        self.curve.as_ref()
    }

    /// Does about `budget` requests' worth of work (drawn, or replayed through one policy
    /// at one size); true once the curve is complete.
    pub fn step(&mut self, budget: usize) -> bool {
        let mut budget = budget.max(1);
        while budget > 0 && self.curve.is_none() {
            let done = match &mut self.stage {
                Stage::Done => break,
                Stage::Drawing(trace) => {
                    let before = trace.requests();
                    let finished = trace.draw(budget);
                    budget = budget.saturating_sub((trace.requests() - before).max(1));
                    finished
                }
                Stage::StackDistances(stack) => {
                    let end = self.keys.len().min(self.at.saturating_add(budget));
                    stack.feed(&self.keys[self.at..end]);
                    budget -= end - self.at;
                    self.at = end;
                    end == self.keys.len()
                }
                Stage::Replay { replay, .. } => {
                    let end = self.keys.len().min(self.at.saturating_add(budget));
                    let stretch = &self.keys[self.at..end];
                    match replay {
                        Replay::Policy {
                            policy,
                            resident,
                            misses,
                        } => *misses += eviction::replay_into(&mut **policy, stretch, resident),
                        Replay::Belady(belady) => belady.feed(stretch, &self.next[self.at..end]),
                    }
                    budget -= end - self.at;
                    self.at = end;
                    end == self.keys.len()
                }
            };
            if done {
                self.finish_pass();
            }
        }
        self.curve.is_some()
    }

    /// Records the pass that just ended and starts the next.
    fn finish_pass(&mut self) {
        self.passes_done += 1;
        self.at = 0;
        match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Done => {}
            Stage::Drawing(trace) => {
                (self.keys, self.distinct) = trace.into_keys();
                if self.keys.is_empty() {
                    self.finish();
                    return;
                }
                if self.lines().any(|line| line.policy == TracePolicy::Belady) {
                    self.next = next_uses(&self.keys, self.distinct);
                }
                self.stage =
                    Stage::StackDistances(StackDistances::new(self.distinct, self.keys.len()));
            }
            Stage::StackDistances(stack) => {
                let lru = stack.misses(&self.sizes);
                for (line, misses) in self.request.lines.iter().zip(&mut self.misses) {
                    if line.policy == LRU {
                        misses.clone_from(&lru);
                    }
                }
                self.start_replay(0, 0);
            }
            Stage::Replay { line, size, replay } => {
                self.misses[line][size] = match replay {
                    Replay::Policy { misses, .. } => misses,
                    Replay::Belady(belady) => belady.misses,
                };
                if size + 1 < self.sizes.len() {
                    self.start_replay(line, size + 1);
                } else {
                    self.start_replay(line + 1, 0);
                }
            }
        }
    }

    fn lines(&self) -> impl Iterator<Item = &Line> {
        self.request.lines.iter()
    }

    /// Starts the replay of the first line from `line` on that LRU's pass did not cover.
    fn start_replay(&mut self, line: usize, size: usize) {
        let Some((line, found)) = self
            .request
            .lines
            .iter()
            .enumerate()
            .skip(line)
            .find(|(_, found)| found.policy != LRU)
        else {
            self.finish();
            return;
        };
        let capacity = self.sizes[size].min(self.distinct);
        let replay = match found.policy {
            TracePolicy::Belady => Replay::Belady(BeladyReplay::new(self.distinct, capacity)),
            TracePolicy::Evict(kind) => {
                // The seed the engine's cache tier gives its policy.
                let seed = SplitMix64::stream(self.request.seed, Stream::Eviction).next_u64();
                Replay::Policy {
                    policy: eviction::build(kind, &found.params, capacity, self.distinct, seed),
                    resident: vec![false; self.distinct as usize],
                    misses: 0,
                }
            }
        };
        self.stage = Stage::Replay { line, size, replay };
    }

    fn finish(&mut self) {
        self.stage = Stage::Done;
        self.next = Vec::new();
        self.curve = Some(Curve {
            sizes: self.sizes.clone(),
            reads: self.keys.len() as u64,
            distinct: self.distinct,
            lines: self.request.lines.clone(),
            misses: std::mem::take(&mut self.misses),
        });
    }

    /// How much of the work is done, in [0, 1].
    pub fn progress(&self) -> f64 {
        if self.curve.is_some() {
            return 1.0;
        }
        let replays = self.lines().filter(|line| line.policy != LRU).count();
        let passes = 2 + replays * self.sizes.len();
        let current = match &self.stage {
            Stage::Drawing(trace) => trace.progress(),
            _ if self.keys.is_empty() => 0.0,
            _ => self.at as f64 / self.keys.len() as f64,
        };
        ((self.passes_done as f64 + current) / passes as f64).min(1.0)
    }
}

const LRU: TracePolicy = TracePolicy::Evict(EvictionKind::Lru);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::Popularity;
    use crate::sim::replay;

    fn request(eviction: EvictionKind, n_keys: u32, capacity: u32) -> CurveRequest {
        let mut config = Config::default();
        config.workload.n_keys = n_keys;
        config.duration_s = 5.0;
        config.cache.capacity = capacity;
        config.cache.eviction = eviction;
        CurveRequest::of(&[&config])
    }

    /// A job over `keys` instead of a drawn trace.
    fn job_over(keys: &[u32], mut request: CurveRequest) -> CurveJob {
        let n_keys = keys.iter().max().map_or(1, |key| key + 1);
        request.workload.n_keys = n_keys;
        let mut job = CurveJob::new(request);
        let mut trace = ReadTrace::new(&job.request.workload, 0, 0.0);
        trace.keys = keys.iter().map(|&key| Key(key)).collect();
        trace.distinct = n_keys;
        trace.finished = true;
        job.stage = Stage::Drawing(trace);
        job
    }

    #[test]
    fn the_ladder_spans_the_key_space_and_keeps_the_marks() {
        // 1,000 keys: 0.1 % · 1000^(i/13) of them, rounded: 1, 1.70, 2.89, 4.92, 8.38,
        // 14.3, 24.2, 41.2, 70.2, 119.4, 203.1, 345.5, 587.8, 1000; the mark 50 joins them.
        assert_eq!(
            sizes(1_000, &[50]),
            [1, 2, 3, 5, 8, 14, 24, 41, 50, 70, 119, 203, 346, 588, 1_000]
        );
        // Three keys: most of the ladder rounds to 0, clamped to 1, and merges.
        assert_eq!(sizes(3, &[]), [1, 2, 3]);
        assert_eq!(sizes(1, &[7]), [1]);
        for n_keys in [1, 2, 9, 10_000, 10_000_000] {
            let sizes = sizes(n_keys, &[0, 5, n_keys + 1]);
            assert!(sizes.windows(2).all(|pair| pair[0] < pair[1]), "{sizes:?}");
            assert_eq!((sizes[0], sizes[sizes.len() - 1]), (1, n_keys));
        }
    }

    #[test]
    fn a_hand_checked_curve() {
        // A B C A B C A over sizes 1, 2, 3 (the ladder of three keys).
        // LRU: each request's stack distance is 3 after the cold misses → 7, 7, 3.
        // FIFO: the same at 1 and 2 (each key is evicted before it returns) → 7, 7, 3.
        // Bélády at 2: A B miss; C misses and evicts B (next at 4, after A at 3); A hits;
        // B misses and evicts A (next at 6, after C at 5); C hits; A misses → 5.
        let mut job = job_over(&[0, 1, 2, 0, 1, 2, 0], request(EvictionKind::Fifo, 3, 2));
        while !job.step(2) {}
        let curve = job.curve().expect("finished");
        assert_eq!(curve.sizes, [1, 2, 3]);
        assert_eq!((curve.reads, curve.distinct), (7, 3));
        let policies: Vec<_> = curve.lines.iter().map(|line| line.policy).collect();
        assert_eq!(
            policies,
            [
                LRU,
                TracePolicy::Evict(EvictionKind::Fifo),
                TracePolicy::Belady
            ]
        );
        assert_eq!(curve.misses, [[7, 7, 3], [7, 7, 3], [7, 5, 3]]);
        assert!((curve.miss_ratio(2, 1) - 5.0 / 7.0).abs() < 1e-12);
    }

    #[test]
    fn lines_name_each_policy_once() {
        let lru = request(EvictionKind::Lru, 100, 10);
        assert_eq!(lru.lines.len(), 2, "LRU and Bélády");
        assert_eq!(lru.marks, [10]);
        let mut a = Config::default();
        a.cache.eviction = EvictionKind::TwoQ;
        let mut b = a.clone();
        b.cache.capacity = 0;
        let same = CurveRequest::of(&[&a, &b]);
        assert_eq!(same.lines.len(), 3, "LRU, 2Q, Bélády");
        assert_eq!(same.marks, [1_000], "a disabled cache has no marker");
        b.cache.eviction_params.two_q_kin_fraction = 0.5;
        assert_eq!(CurveRequest::of(&[&a, &b]).lines.len(), 4, "B's 2Q differs");
    }

    #[test]
    fn the_curve_agrees_with_replay_and_no_policy_beats_belady() {
        // The reads of 5 s of the demo workload over 2,000 keys (≈ 9,000 reads).
        let request = request(EvictionKind::S3Fifo, 2_000, 150);
        let (keys, distinct) = ReadTrace::draw_all(&request.workload, request.seed, 5.0);
        let curve = CurveJob::run(request.clone());
        assert_eq!((curve.reads, curve.distinct), (keys.len() as u64, distinct));
        assert!(curve.sizes.contains(&150));
        let params = EvictionParams::default();
        for (i, &size) in curve.sizes.iter().enumerate() {
            let capacity = size.min(distinct);
            let lru = replay::misses(LRU, &params, capacity, &keys, distinct, 0);
            let s3fifo = TracePolicy::Evict(EvictionKind::S3Fifo);
            let seed = SplitMix64::stream(request.seed, Stream::Eviction).next_u64();
            let s3fifo = replay::misses(s3fifo, &params, capacity, &keys, distinct, seed);
            let belady = replay::belady_misses(&keys, distinct, capacity);
            assert_eq!(
                [curve.misses[0][i], curve.misses[1][i], curve.misses[2][i]],
                [lru, s3fifo, belady],
                "size {size}"
            );
            assert!(belady <= lru.min(s3fifo), "size {size}");
        }
        // Stack algorithms never miss more with more room.
        for line in [0, 2] {
            assert!(curve.misses[line].windows(2).all(|pair| pair[0] >= pair[1]));
        }
    }

    #[test]
    fn how_the_work_is_cut_changes_nothing() {
        let request = request(EvictionKind::WTinyLfu, 500, 40);
        let whole = CurveJob::run(request.clone());
        for budget in [1, 97, 4_096] {
            let mut job = CurveJob::new(request.clone());
            let mut progress = 0.0;
            while !job.step(budget) {
                let now = job.progress();
                assert!((progress..1.0).contains(&now), "{progress} → {now}");
                progress = now;
            }
            assert_eq!(job.curve(), Some(&whole), "budget {budget}");
            assert_eq!(job.progress(), 1.0);
        }
    }

    #[test]
    fn the_trace_is_the_runs_reads() {
        // The engine's count of reads in the demo run is the trace's length.
        let config = Config {
            duration_s: 10.0,
            ..Config::default()
        };
        let summary = crate::sim::run(&config).summary;
        let (keys, _) = ReadTrace::draw_all(&config.workload, config.seed, config.duration_s);
        assert_eq!(keys.len() as u64, summary.reads);
    }

    #[test]
    fn a_run_without_reads_gives_an_empty_curve() {
        let mut request = request(EvictionKind::Lru, 100, 10);
        request.workload.read_fraction = 0.0;
        let curve = CurveJob::run(request);
        assert_eq!(curve.reads, 0);
        assert!(curve.miss_ratio(0, 0).is_nan());
        let mut one_key = self::request(EvictionKind::Clock, 1, 1);
        one_key.workload.popularity = Popularity::Uniform;
        // One key: the first read misses, every other hits, for every policy.
        let curve = CurveJob::run(one_key);
        assert!(curve.reads > 1);
        assert!(curve.misses.iter().all(|misses| misses == &[1]));
    }
}
