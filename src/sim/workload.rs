//! The workload: when requests arrive, which key they name, read or write, which client.
//!
//! Arrivals are a Poisson process whose rate follows the [`LoadProfile`]; a time-varying
//! rate is produced by thinning (Lewis and Shedler, 1979) against a piecewise-constant
//! bound: within each [`Piece`] candidates arrive at the piece's bound and each is kept
//! with probability `rate(t) / bound`. A candidate that would fall past the piece's end
//! is discarded and the clock restarts there at the next piece's bound, which the
//! exponential's lack of memory makes exact. The pieces follow the profile (the spike's
//! peak only inside the spike, a ramp in 64 steps, a day in 16 per period), so the work
//! follows the requests simulated, not the highest rate the profile names. Times, keys,
//! the read/write choice and clients each draw from their own stream.

use super::config::{LoadProfile, Popularity, Workload};
use super::eviction::Key;
use super::math;
use super::rng::{SplitMix64, Stream};
use super::time::Time;
use super::zipf::Zipf;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Read,
    Write,
}

/// One request as the workload issues it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrival {
    pub time: Time,
    pub key: Key,
    pub op: Op,
    pub client: u32,
}

/// The arrival rate of `profile` at `t_s` seconds into a run of `duration_s`, per second.
pub fn rate_at(profile: &LoadProfile, t_s: f64, duration_s: f64) -> f64 {
    match *profile {
        LoadProfile::Constant { rate_per_s } => rate_per_s,
        LoadProfile::Ramp {
            from_per_s,
            to_per_s,
        } => {
            let progress = if duration_s > 0.0 {
                (t_s / duration_s).min(1.0)
            } else {
                0.0
            };
            from_per_s + (to_per_s - from_per_s) * progress
        }
        LoadProfile::Spike {
            base_per_s,
            peak_per_s,
            start_s,
            length_s,
        } => {
            if t_s >= start_s && t_s < start_s + length_s {
                peak_per_s
            } else {
                base_per_s
            }
        }
        LoadProfile::Diurnal {
            mean_per_s,
            amplitude,
            period_s,
        } => mean_per_s * (1.0 + amplitude * math::sin_turns(t_s / period_s)),
    }
}

/// The highest rate `profile` reaches.
pub fn peak_rate(profile: &LoadProfile) -> f64 {
    match *profile {
        LoadProfile::Constant { rate_per_s } => rate_per_s,
        LoadProfile::Ramp {
            from_per_s,
            to_per_s,
        } => from_per_s.max(to_per_s),
        LoadProfile::Spike {
            base_per_s,
            peak_per_s,
            ..
        } => base_per_s.max(peak_per_s),
        LoadProfile::Diurnal {
            mean_per_s,
            amplitude,
            ..
        } => mean_per_s * (1.0 + amplitude),
    }
}

/// Ramp pieces over the run.
const RAMP_PIECES: u64 = 64;
/// Diurnal pieces per period, a multiple of 4 so that the sine's peak and trough are
/// piece ends and the rate is monotone within each piece.
const DIURNAL_PIECES: u64 = 16;
/// Added to a thinned piece's bound, relative to the profile's peak, so that rounding in
/// `rate_at` (or in our sine) can never lift the rate above it.
const BOUND_MARGIN: f64 = 1e-9;

/// Part of the thinning bound: from the previous piece's end until `end_us`, the profile's
/// rate is at most `bound` per second; `exact` when it equals `bound` throughout, so no
/// candidate needs a thinning draw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Piece {
    pub end_us: f64,
    pub bound: f64,
    pub exact: bool,
}

/// Piece `index` of `profile`'s thinning bound over a run of `duration_s`; pieces start at
/// 0 and tile the time axis, the last one unbounded.
pub fn piece(profile: &LoadProfile, index: u64, duration_s: f64) -> Piece {
    let unbounded = |bound: f64, exact: bool| Piece {
        end_us: f64::INFINITY,
        bound,
        exact,
    };
    match *profile {
        LoadProfile::Constant { rate_per_s } => unbounded(rate_per_s, true),
        LoadProfile::Spike {
            base_per_s,
            peak_per_s,
            start_s,
            length_s,
        } => match index {
            0 => Piece {
                end_us: start_s * 1e6,
                bound: base_per_s,
                exact: true,
            },
            1 => Piece {
                end_us: (start_s + length_s) * 1e6,
                bound: peak_per_s,
                exact: true,
            },
            _ => unbounded(base_per_s, true),
        },
        LoadProfile::Ramp { .. } => {
            if index >= RAMP_PIECES {
                return unbounded(peak_rate(profile), false);
            }
            let at = |i: u64| duration_s * i as f64 / RAMP_PIECES as f64;
            monotone_piece(profile, at(index), at(index + 1), duration_s)
        }
        LoadProfile::Diurnal { period_s, .. } => {
            // With under one candidate per piece at the peak, pieces would cost more
            // than they save: the peak, at most twice the mean, bounds the whole run.
            if peak_rate(profile) * period_s < DIURNAL_PIECES as f64 {
                return unbounded(peak_rate(profile), false);
            }
            let at = |i: u64| period_s * i as f64 / DIURNAL_PIECES as f64;
            monotone_piece(profile, at(index), at(index + 1), duration_s)
        }
    }
}

/// The piece `[from_s, to_s)` of a profile whose rate is monotone there: the larger end's
/// rate bounds it.
fn monotone_piece(profile: &LoadProfile, from_s: f64, to_s: f64, duration_s: f64) -> Piece {
    let ends = rate_at(profile, from_s, duration_s).max(rate_at(profile, to_s, duration_s));
    Piece {
        end_us: to_s * 1e6,
        bound: ends + BOUND_MARGIN * peak_rate(profile),
        exact: false,
    }
}

/// The expected number of arrivals of `profile` over a run of `duration_s`: the integral
/// of [`rate_at`] from 0 to `duration_s`, for a progress bar's length before the run.
pub fn expected_arrivals(profile: &LoadProfile, duration_s: f64) -> f64 {
    match *profile {
        LoadProfile::Constant { rate_per_s } => rate_per_s * duration_s,
        // The rate goes linearly from one end to the other: the mean of the two.
        LoadProfile::Ramp {
            from_per_s,
            to_per_s,
        } => (from_per_s + to_per_s) / 2.0 * duration_s,
        // The base all along, plus the peak's excess over the part of the spike that falls
        // inside the run.
        LoadProfile::Spike {
            base_per_s,
            peak_per_s,
            start_s,
            length_s,
        } => {
            let inside = ((start_s + length_s).min(duration_s) - start_s.max(0.0)).max(0.0);
            base_per_s * duration_s + (peak_per_s - base_per_s) * inside
        }
        // ∫₀ᴰ sin(2π t / P) dt = P / 2π · (1 − cos(2π D / P)), and cos x is sin(x + π/2).
        LoadProfile::Diurnal {
            mean_per_s,
            amplitude,
            period_s,
        } => {
            let turns = duration_s / period_s;
            let swing =
                period_s / (2.0 * std::f64::consts::PI) * (1.0 - math::sin_turns(turns + 0.25));
            mean_per_s * (duration_s + amplitude * swing)
        }
    }
}

/// Draws keys by popularity.
#[derive(Clone, Debug)]
enum KeyDraw {
    Uniform { n_keys: u32 },
    Zipf(Zipf),
    Hotspot { hot: u32, n_keys: u32, p_hot: f64 },
}

impl KeyDraw {
    fn new(popularity: &Popularity, n_keys: u32) -> KeyDraw {
        match *popularity {
            Popularity::Uniform => KeyDraw::Uniform { n_keys },
            Popularity::Zipf { alpha } => KeyDraw::Zipf(Zipf::new(alpha, n_keys)),
            Popularity::Hotspot {
                hot_key_fraction,
                hot_request_fraction,
            } => KeyDraw::Hotspot {
                hot: ((hot_key_fraction * n_keys as f64).round() as u32).clamp(1, n_keys),
                n_keys,
                p_hot: hot_request_fraction,
            },
        }
    }

    fn draw(&self, rng: &mut SplitMix64) -> Key {
        match *self {
            KeyDraw::Uniform { n_keys } => Key(rng.below(n_keys)),
            KeyDraw::Zipf(ref zipf) => Key(zipf.sample(rng) - 1),
            KeyDraw::Hotspot { hot, n_keys, p_hot } => {
                // One uniform picks the side, the next the key within it.
                if rng.uniform() < p_hot || hot == n_keys {
                    Key(rng.below(hot))
                } else {
                    Key(hot + rng.below(n_keys - hot))
                }
            }
        }
    }
}

/// Where arrivals come from: the random process, or a fixed script (for hand-computed
/// tests and replaying a recorded sequence).
#[derive(Clone, Debug)]
enum Source {
    Random {
        profile: LoadProfile,
        duration_s: f64,
        /// The thinning bound's current piece and its index.
        piece: Piece,
        piece_index: u64,
        /// Candidate time in µs, kept as a float so rounding to whole µs never accumulates.
        clock_us: f64,
        keys: KeyDraw,
        read_fraction: f64,
        n_clients: u32,
        arrivals: SplitMix64,
        key_rng: SplitMix64,
        read_write: SplitMix64,
        clients: SplitMix64,
    },
    Script {
        arrivals: Vec<Arrival>,
        next: usize,
    },
}

#[derive(Clone, Debug)]
pub struct Generator {
    source: Source,
    end: Time,
}

impl Generator {
    pub fn new(workload: &Workload, seed: u64, duration_s: f64) -> Generator {
        Generator {
            source: Source::Random {
                profile: workload.profile.clone(),
                duration_s,
                piece: piece(&workload.profile, 0, duration_s),
                piece_index: 0,
                clock_us: 0.0,
                keys: KeyDraw::new(&workload.popularity, workload.n_keys),
                read_fraction: workload.read_fraction,
                n_clients: workload.n_clients.max(1),
                arrivals: SplitMix64::stream(seed, Stream::Arrivals),
                key_rng: SplitMix64::stream(seed, Stream::Keys),
                read_write: SplitMix64::stream(seed, Stream::ReadWrite),
                clients: SplitMix64::stream(seed, Stream::Clients),
            },
            end: Time::from_s(duration_s),
        }
    }

    /// Replays `arrivals` (sorted by time here; ties keep their order) instead of drawing.
    pub fn scripted(mut arrivals: Vec<Arrival>, duration_s: f64) -> Generator {
        arrivals.sort_by_key(|arrival| arrival.time);
        Generator {
            source: Source::Script { arrivals, next: 0 },
            end: Time::from_s(duration_s),
        }
    }

    /// The next arrival before the end of the run, if any.
    pub fn next_arrival(&mut self) -> Option<Arrival> {
        let arrival = match &mut self.source {
            Source::Script { arrivals, next } => {
                let arrival = arrivals.get(*next).copied()?;
                *next += 1;
                arrival
            }
            Source::Random {
                profile,
                duration_s,
                piece: current,
                piece_index,
                clock_us,
                keys,
                read_fraction,
                n_clients,
                arrivals,
                key_rng,
                read_write,
                clients,
            } => {
                if peak_rate(profile) <= 0.0 {
                    return None;
                }
                let end_us = self.end.0 as f64;
                loop {
                    if *clock_us >= end_us {
                        return None;
                    }
                    if current.bound <= 0.0 || *clock_us >= current.end_us {
                        // Nothing arrives in this piece (or it is already over): on to the
                        // next, from its start.
                        *clock_us = clock_us.max(current.end_us);
                        *piece_index += 1;
                        *current = piece(profile, *piece_index, *duration_s);
                        continue;
                    }
                    let candidate_us =
                        *clock_us + -math::ln(1.0 - arrivals.uniform()) * 1e6 / current.bound;
                    if candidate_us >= current.end_us {
                        // Past the piece: the memoryless restart at its end is exact.
                        *clock_us = current.end_us;
                        continue;
                    }
                    *clock_us = candidate_us;
                    if *clock_us >= end_us {
                        return None;
                    }
                    if current.exact
                        || arrivals.uniform() * current.bound
                            < rate_at(profile, *clock_us / 1e6, *duration_s)
                    {
                        break;
                    }
                }
                Arrival {
                    time: Time::from_micros(*clock_us),
                    key: keys.draw(key_rng),
                    op: if read_write.uniform() < *read_fraction {
                        Op::Read
                    } else {
                        Op::Write
                    },
                    client: clients.below(*n_clients),
                }
            }
        };
        (arrival.time < self.end).then_some(arrival)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_in(generator: &mut Generator, from_s: f64, to_s: f64) -> usize {
        let mut count = 0;
        while let Some(arrival) = generator.next_arrival() {
            let t = arrival.time.as_s();
            if t >= from_s && t < to_s {
                count += 1;
            }
        }
        count
    }

    #[test]
    fn constant_rate_over_seeds() {
        // 1,000/s for 10 s → 10,000 ± 5 % on each of 20 seeds (σ = 100, so ±5σ).
        for seed in 0..20 {
            let workload = Workload::default();
            let mut generator = Generator::new(
                &Workload {
                    profile: LoadProfile::Constant {
                        rate_per_s: 1_000.0,
                    },
                    ..workload
                },
                seed,
                10.0,
            );
            let count = count_in(&mut generator, 0.0, 10.0);
            assert!((9_500..10_500).contains(&count), "seed {seed}: {count}");
        }
    }

    #[test]
    fn spike_thins_outside_the_peak() {
        // Base 100/s, peak 2,000/s during [4 s, 6 s): ≈ 4,000 in the spike, ≈ 200 before it.
        let workload = Workload {
            profile: LoadProfile::Spike {
                base_per_s: 100.0,
                peak_per_s: 2_000.0,
                start_s: 4.0,
                length_s: 2.0,
            },
            ..Workload::default()
        };
        let in_spike = count_in(&mut Generator::new(&workload, 1, 10.0), 4.0, 6.0);
        let before = count_in(&mut Generator::new(&workload, 1, 10.0), 0.0, 2.0);
        assert!((3_700..4_300).contains(&in_spike), "{in_spike}");
        assert!((140..260).contains(&before), "{before}");
    }

    #[test]
    fn ramp_and_diurnal_counts_follow_their_integrals() {
        // Ramp 0 → 2,000/s over 10 s: ≈ 1,000/s × 2 s = 2,000 in [4 s, 6 s) (σ ≈ 45), and
        // ≈ 100 in [0 s, 1 s). Diurnal mean 1,000/s, amplitude 0.5, period 8 s: the first
        // half period holds 4,000 · (1 + 0.5 · 2/π) ≈ 5,273, the second ≈ 2,727.
        let ramp = Workload {
            profile: LoadProfile::Ramp {
                from_per_s: 0.0,
                to_per_s: 2_000.0,
            },
            ..Workload::default()
        };
        let middle = count_in(&mut Generator::new(&ramp, 2, 10.0), 4.0, 6.0);
        let first = count_in(&mut Generator::new(&ramp, 2, 10.0), 0.0, 1.0);
        assert!((1_800..2_200).contains(&middle), "{middle}");
        assert!((60..140).contains(&first), "{first}");
        let diurnal = Workload {
            profile: LoadProfile::Diurnal {
                mean_per_s: 1_000.0,
                amplitude: 0.5,
                period_s: 8.0,
            },
            ..Workload::default()
        };
        let high = count_in(&mut Generator::new(&diurnal, 3, 8.0), 0.0, 4.0);
        let low = count_in(&mut Generator::new(&diurnal, 3, 8.0), 4.0, 8.0);
        assert!((5_000..5_550).contains(&high), "{high}");
        assert!((2_500..2_950).contains(&low), "{low}");
    }

    #[test]
    fn a_spike_after_the_run_costs_nothing_before_it() {
        // 10/s with a 10,000,000/s spike at 100 s: the first piece, the whole 60 s run, is
        // bounded by the base rate, so ≈ 600 candidates are drawn, all kept.
        let profile = LoadProfile::Spike {
            base_per_s: 10.0,
            peak_per_s: 1e7,
            start_s: 100.0,
            length_s: 10.0,
        };
        assert_eq!(
            piece(&profile, 0, 60.0),
            Piece {
                end_us: 100e6,
                bound: 10.0,
                exact: true
            }
        );
        let workload = Workload {
            profile,
            ..Workload::default()
        };
        let count = count_in(&mut Generator::new(&workload, 4, 60.0), 0.0, 60.0);
        assert!((500..700).contains(&count), "{count}");
    }

    #[test]
    fn rates_of_each_profile() {
        let ramp = LoadProfile::Ramp {
            from_per_s: 10.0,
            to_per_s: 30.0,
        };
        assert_eq!(rate_at(&ramp, 5.0, 10.0), 20.0);
        assert_eq!(peak_rate(&ramp), 30.0);
        let diurnal = LoadProfile::Diurnal {
            mean_per_s: 100.0,
            amplitude: 0.5,
            period_s: 40.0,
        };
        // A quarter period in, sin = 1: 100 · (1 + 0.5).
        assert!((rate_at(&diurnal, 10.0, 100.0) - 150.0).abs() < 1e-9);
        assert_eq!(peak_rate(&diurnal), 150.0);
    }

    #[test]
    fn expected_arrivals_integrate_each_profile() {
        // 50/s for 10 s: 500.
        let constant = LoadProfile::Constant { rate_per_s: 50.0 };
        assert_eq!(expected_arrivals(&constant, 10.0), 500.0);
        // 10/s rising to 30/s over 10 s: a mean of 20/s, 200.
        let ramp = LoadProfile::Ramp {
            from_per_s: 10.0,
            to_per_s: 30.0,
        };
        assert_eq!(expected_arrivals(&ramp, 10.0), 200.0);
        // 100/s for 10 s, 1,000/s from 8 s for 4 s: only 2 s of it inside the run,
        // 1,000 + 900 · 2 = 2,800; a spike after the run adds nothing.
        let spike = |start_s| LoadProfile::Spike {
            base_per_s: 100.0,
            peak_per_s: 1_000.0,
            start_s,
            length_s: 4.0,
        };
        assert_eq!(expected_arrivals(&spike(8.0), 10.0), 2_800.0);
        assert_eq!(expected_arrivals(&spike(60.0), 10.0), 1_000.0);
        // Mean 100/s, amplitude 0.5, period 40 s. Over a whole period the swing cancels:
        // 4,000. Over half a period, 100 · (20 + 0.5 · 40/2π · (1 − cos π)) = 2,000 +
        // 2,000/π = 2,636.62.
        let diurnal = LoadProfile::Diurnal {
            mean_per_s: 100.0,
            amplitude: 0.5,
            period_s: 40.0,
        };
        assert!((expected_arrivals(&diurnal, 40.0) - 4_000.0).abs() < 1e-9);
        assert!((expected_arrivals(&diurnal, 20.0) - 2_636.619_772_367_581_4).abs() < 1e-9);
    }

    #[test]
    fn hotspot_sends_the_hot_share_to_the_hot_keys() {
        // 10 % of 1,000 keys get 90 % of requests: keys 0..100 see ≈ 9,000 of 10,000.
        let draw = KeyDraw::new(
            &Popularity::Hotspot {
                hot_key_fraction: 0.1,
                hot_request_fraction: 0.9,
            },
            1_000,
        );
        let mut rng = SplitMix64::new(3);
        let hot = (0..10_000).filter(|_| draw.draw(&mut rng).0 < 100).count();
        assert!((8_800..9_200).contains(&hot), "{hot}");
    }

    #[test]
    fn script_replays_in_time_order() {
        let at = |ms, key| Arrival {
            time: Time::from_ms(ms),
            key: Key(key),
            op: Op::Read,
            client: 0,
        };
        let mut generator = Generator::scripted(vec![at(5.0, 1), at(1.0, 0), at(2_000.0, 2)], 1.0);
        assert_eq!(generator.next_arrival(), Some(at(1.0, 0)));
        assert_eq!(generator.next_arrival(), Some(at(5.0, 1)));
        assert_eq!(generator.next_arrival(), None);
    }
}
