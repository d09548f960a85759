//! Synthetic traces: Zipf, Zipf with scans, uniform, Zipf with a loop, and Zipf whose hot
//! set moves; what `cacheplay gen-trace` writes and what the trace tests replay.
//!
//! Every kind draws from one SplitMix64 seeded with the trace's seed ([`SplitMix64::new`],
//! not a named stream), one draw per Zipf or uniform request and none for a scan or loop
//! request. Zipf ranks come from [`Zipf`] (weights `1 / k^α` summed left to right, the
//! smallest rank whose cumulative weight exceeds `u · total`), so `zipf` and `scanmix`
//! are request for request the traces of the generator behind libCacheSim's reference
//! miss ratios (`tests/it/fidelity.rs`).
//!
//! A trace is a sequence of dense keys from 0; [`Synthetic::object_id`] names each key as
//! the trace file does: key k is object k + 1, except a scan's keys, whose objects count
//! up from `scan_base`.

use crate::sim::rng::SplitMix64;
use crate::sim::zipf::Zipf;

/// What a trace's requests look like. `n_obj` counts the objects the random draws pick
/// from (ranks 1..=n_obj, rank 1 the most popular); `alpha` is the Zipf exponent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// Every request a Zipf(alpha, n_obj) draw; object id = rank.
    Zipf { alpha: f64, n_obj: u32 },
    /// Periods of `period` requests: `period − scan_len` Zipf draws, then `scan_len`
    /// requests to objects `scan_base`, `scan_base + 1`, … counting on over the whole
    /// trace, so no scanned object is requested twice.
    ScanMix {
        alpha: f64,
        n_obj: u32,
        period: u32,
        scan_len: u32,
        scan_base: u64,
    },
    /// Every request uniform over objects 1..=n_obj.
    Uniform { n_obj: u32 },
    /// Periods of `period` requests: `period − loop_len` Zipf draws, then the next
    /// `loop_len` steps of an endless sequential loop over the `loop_keys` objects after
    /// the Zipf ones (n_obj + 1, …, n_obj + loop_keys, then n_obj + 1 again): a job that
    /// rereads a file larger than the cache.
    Loop {
        alpha: f64,
        n_obj: u32,
        period: u32,
        loop_len: u32,
        loop_keys: u32,
    },
    /// Zipf draws whose popular end moves: in phase p (request i is in phase
    /// i / phase_len) rank r is object `((r − 1 + p · shift) mod n_obj) + 1`, so the hot
    /// set slides by `shift` objects a phase and old favourites go cold.
    Shift {
        alpha: f64,
        n_obj: u32,
        phase_len: u64,
        shift: u32,
    },
}

/// A trace's recipe: its kind and the seed of its one random stream.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Synthetic {
    pub kind: Kind,
    pub seed: u64,
}

impl Synthetic {
    /// The trace's keys, request after request, without end (`take` the length).
    ///
    /// The caller checks the parameters first: `n_obj ≥ 1`, a finite `alpha ≥ 0`,
    /// `scan_len < period`, `loop_len < period` and `loop_len == 0 || loop_keys ≥ 1`,
    /// `phase_len ≥ 1`, `scan_base > n_obj`, and `scan_base` plus the trace's length
    /// within `u64`.
    pub fn keys(&self) -> Keys {
        let n_obj = match self.kind {
            Kind::Zipf { n_obj, .. }
            | Kind::ScanMix { n_obj, .. }
            | Kind::Uniform { n_obj }
            | Kind::Loop { n_obj, .. }
            | Kind::Shift { n_obj, .. } => n_obj,
        };
        let zipf = match self.kind {
            Kind::Zipf { alpha, .. }
            | Kind::ScanMix { alpha, .. }
            | Kind::Loop { alpha, .. }
            | Kind::Shift { alpha, .. } => Some(Zipf::new(alpha, n_obj)),
            Kind::Uniform { .. } => None,
        };
        Keys {
            kind: self.kind,
            n_obj,
            zipf,
            rng: SplitMix64::new(self.seed),
            index: 0,
            extra: 0,
        }
    }

    /// The object id of `key` as the trace file writes it.
    pub fn object_id(&self, key: u64) -> u64 {
        match self.kind {
            Kind::ScanMix {
                n_obj, scan_base, ..
            } if key >= u64::from(n_obj) => scan_base + (key - u64::from(n_obj)),
            _ => key + 1,
        }
    }

    /// How many keys the first `requests` requests may use: every key below this bound
    /// (the Zipf objects, plus the loop's objects or the scans so far).
    pub fn n_keys(&self, requests: u64) -> u64 {
        match self.kind {
            Kind::Zipf { n_obj, .. } | Kind::Uniform { n_obj } | Kind::Shift { n_obj, .. } => {
                u64::from(n_obj)
            }
            Kind::ScanMix {
                n_obj,
                period,
                scan_len,
                ..
            } => {
                let (period, scan_len) = (u64::from(period), u64::from(scan_len));
                let full = requests / period * scan_len;
                let partial = (requests % period).saturating_sub(period - scan_len);
                u64::from(n_obj) + full + partial
            }
            Kind::Loop {
                n_obj, loop_keys, ..
            } => u64::from(n_obj) + u64::from(loop_keys),
        }
    }
}

/// The keys of a [`Synthetic`] trace; see [`Synthetic::keys`].
#[derive(Clone, Debug)]
pub struct Keys {
    kind: Kind,
    n_obj: u32,
    zipf: Option<Zipf>,
    rng: SplitMix64,
    /// Requests made so far.
    index: u64,
    /// Scan or loop requests made so far.
    extra: u64,
}

impl Keys {
    /// A Zipf rank as a key: rank 1 is key 0.
    fn zipf_key(&mut self) -> u64 {
        let zipf = self
            .zipf
            .as_ref()
            .expect("every Zipf kind builds its sampler");
        u64::from(zipf.sample(&mut self.rng) - 1)
    }
}

impl Iterator for Keys {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let index = self.index;
        self.index += 1;
        let n_obj = u64::from(self.n_obj);
        let key = match self.kind {
            Kind::Zipf { .. } => self.zipf_key(),
            Kind::Uniform { n_obj } => u64::from(self.rng.below(n_obj)),
            Kind::ScanMix {
                period, scan_len, ..
            } if index % u64::from(period) >= u64::from(period - scan_len) => {
                self.extra += 1;
                n_obj + self.extra - 1
            }
            Kind::Loop {
                period,
                loop_len,
                loop_keys,
                ..
            } if index % u64::from(period) >= u64::from(period - loop_len) => {
                self.extra += 1;
                n_obj + (self.extra - 1) % u64::from(loop_keys)
            }
            Kind::ScanMix { .. } | Kind::Loop { .. } => self.zipf_key(),
            Kind::Shift {
                phase_len, shift, ..
            } => {
                // (p · shift) mod n_obj, with p reduced first so the product never overflows.
                let offset = index / phase_len % n_obj * u64::from(shift) % n_obj;
                (self.zipf_key() + offset) % n_obj
            }
        };
        Some(key)
    }
}

/// `keys` as a trace file: one object id per line, each line ending in `\n`.
pub fn write_txt(
    trace: &Synthetic,
    requests: u64,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    use std::fmt::Write;
    let mut line = String::with_capacity(24);
    // Counted in u64, not `take(usize)`: a trace may be longer than a wasm32 usize.
    let mut keys = trace.keys();
    for _ in 0..requests {
        let key = keys.next().expect("the keys never end");
        line.clear();
        writeln!(line, "{}", trace.object_id(key)).expect("writing to a String cannot fail");
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(trace: &Synthetic, requests: usize) -> Vec<u64> {
        trace
            .keys()
            .take(requests)
            .map(|key| trace.object_id(key))
            .collect()
    }

    #[test]
    fn scanmix_interleaves_zipf_draws_and_a_scan_that_never_repeats() {
        // Period 5 with a scan of 2: requests 0-2 draw, 3-4 scan (ids 100, 101), 5-7
        // draw, 8-9 scan (102, 103), 10-11 draw. With one Zipf object every draw is id 1.
        let trace = Synthetic {
            kind: Kind::ScanMix {
                alpha: 1.0,
                n_obj: 1,
                period: 5,
                scan_len: 2,
                scan_base: 100,
            },
            seed: 0,
        };
        assert_eq!(
            ids(&trace, 12),
            [1, 1, 1, 100, 101, 1, 1, 1, 102, 103, 1, 1]
        );
        // 12 requests: keys 0 (the object) and 1..=4 (four scans); 9 requests: three scans.
        assert_eq!(trace.n_keys(12), 5);
        assert_eq!(trace.n_keys(9), 4);
        assert_eq!(trace.n_keys(8), 3);
    }

    #[test]
    fn scanmix_draws_exactly_as_zipf_between_scans() {
        let zipf = Synthetic {
            kind: Kind::Zipf {
                alpha: 0.9,
                n_obj: 1_000,
            },
            seed: 3,
        };
        let mix = Synthetic {
            kind: Kind::ScanMix {
                alpha: 0.9,
                n_obj: 1_000,
                period: 10,
                scan_len: 4,
                scan_base: 1_000_001,
            },
            seed: 3,
        };
        let drawn: Vec<u64> = ids(&mix, 1_000)
            .into_iter()
            .filter(|&id| id <= 1_000)
            .collect();
        assert_eq!(drawn, ids(&zipf, 600));
    }

    #[test]
    fn loop_wraps_over_its_keys() {
        // Period 4 with a loop of 3 over 2 keys after 1 object: draw, loop 2 3 2, draw,
        // loop 3 2 3.
        let trace = Synthetic {
            kind: Kind::Loop {
                alpha: 0.0,
                n_obj: 1,
                period: 4,
                loop_len: 3,
                loop_keys: 2,
            },
            seed: 9,
        };
        assert_eq!(ids(&trace, 8), [1, 2, 3, 2, 1, 3, 2, 3]);
        assert_eq!(trace.n_keys(8), 3);
    }

    #[test]
    fn shift_moves_the_hot_set_each_phase() {
        // alpha 50 over 4 objects: rank 1 has all but 1e-15 of the weight, so every draw
        // is rank 1; phases of 2 requests shift it by 3 (mod 4): ids 1 1 4 4 3 3 2 2.
        let trace = Synthetic {
            kind: Kind::Shift {
                alpha: 50.0,
                n_obj: 4,
                phase_len: 2,
                shift: 3,
            },
            seed: 1,
        };
        assert_eq!(ids(&trace, 8), [1, 1, 4, 4, 3, 3, 2, 2]);
    }

    #[test]
    fn uniform_covers_its_objects_evenly() {
        let trace = Synthetic {
            kind: Kind::Uniform { n_obj: 4 },
            seed: 5,
        };
        let mut counts = [0u32; 4];
        for id in ids(&trace, 40_000) {
            counts[id as usize - 1] += 1;
        }
        for count in counts {
            assert!((9_500..10_500).contains(&count), "{counts:?}");
        }
    }

    #[test]
    fn the_file_is_one_id_per_line() {
        let trace = Synthetic {
            kind: Kind::ScanMix {
                alpha: 1.0,
                n_obj: 1,
                period: 3,
                scan_len: 1,
                scan_base: 7,
            },
            seed: 0,
        };
        let mut out = Vec::new();
        write_txt(&trace, 4, &mut out).expect("a Vec takes every byte");
        assert_eq!(String::from_utf8(out).expect("ASCII"), "1\n1\n7\n1\n");
    }
}
