//! A count-min sketch of 4-bit counters with periodic halving: TinyLFU's frequency
//! histogram (Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache Admission
//! Policy", ACM ToS 2017), sized the way Caffeine sizes its `FrequencySketch`.
//!
//! Four rows of `4 · 2^ceil(log2 c)` counters each (so 16 counters, 8 bytes, per cached
//! key, as in Caffeine); a key's estimate is the minimum of its four counters, which
//! saturate at 15. Every increment that raised at least one counter counts towards the
//! sample size `f · c` (Caffeine: `f = 10`; cacheplay's default 6); when it is reached, every counter is halved
//! (the "reset" that ages old popularity), and the count restarts from half, less the
//! quarter of the odd counters whose lost halves were never counted.
//!
//! Each row hashes the key with its own 64-bit seed through the SplitMix64 finaliser;
//! the seeds come from the run's seed, so estimates are the same on every platform.

use super::Key;
use crate::sim::rng::{SplitMix64, Stream};

const DEPTH: usize = 4;
const COUNTERS_PER_WORD: usize = 16;
const COUNTER_MAX: u64 = 15;
/// After a shift right by one, clears the bit each counter received from its neighbour.
const HALVE_MASK: u64 = 0x7777_7777_7777_7777;
/// The low bit of every counter.
const ONE_MASK: u64 = 0x1111_1111_1111_1111;

#[derive(Clone, Debug)]
pub struct FrequencySketch {
    /// Row `r`'s counter `i` is counter `r · width + i`, 16 to a word.
    table: Vec<u64>,
    width: usize,
    seeds: [u64; DEPTH],
    additions: u64,
    sample_size: u64,
}

impl FrequencySketch {
    /// A sketch for a cache of `capacity` keys that halves its counters every
    /// `sample_factor · capacity` counted increments, hashing with seeds drawn from `seed`.
    pub fn new(capacity: u32, sample_factor: u32, seed: u64) -> FrequencySketch {
        let width = 4 * (capacity.max(1) as usize).next_power_of_two();
        let mut rng = SplitMix64::stream(seed, Stream::Eviction);
        FrequencySketch {
            table: vec![0; DEPTH * width / COUNTERS_PER_WORD],
            width,
            seeds: [(); DEPTH].map(|()| rng.next_u64()),
            additions: 0,
            sample_size: u64::from(sample_factor.max(1)) * u64::from(capacity.max(1)),
        }
    }

    /// The estimated number of recent references to `key`, at most 15.
    pub fn estimate(&self, key: Key) -> u8 {
        (0..DEPTH)
            .map(|row| self.counter(self.slot(key, row)))
            .min()
            .unwrap_or(0) as u8
    }

    /// Records one reference to `key`; halves every counter when the sample is full.
    pub fn increment(&mut self, key: Key) {
        let mut added = false;
        for row in 0..DEPTH {
            let slot = self.slot(key, row);
            if self.counter(slot) < COUNTER_MAX {
                self.table[slot / COUNTERS_PER_WORD] += 1 << Self::shift(slot);
                added = true;
            }
        }
        if added {
            self.additions += 1;
            if self.additions >= self.sample_size {
                self.halve();
            }
        }
    }

    /// The increments counted towards the next halving.
    pub fn additions(&self) -> u64 {
        self.additions
    }

    fn halve(&mut self) {
        let mut odd = 0;
        for word in &mut self.table {
            odd += u64::from((*word & ONE_MASK).count_ones());
            *word = (*word >> 1) & HALVE_MASK;
        }
        // Each key raised four counters, so a quarter of the truncated halves is one key.
        self.additions = (self.additions - (odd / 4).min(self.additions)) / 2;
    }

    fn slot(&self, key: Key, row: usize) -> usize {
        let hash = mix(u64::from(key.0) ^ self.seeds[row]);
        row * self.width + (hash as usize & (self.width - 1))
    }

    fn counter(&self, slot: usize) -> u64 {
        (self.table[slot / COUNTERS_PER_WORD] >> Self::shift(slot)) & COUNTER_MAX
    }

    fn shift(slot: usize) -> u32 {
        4 * (slot % COUNTERS_PER_WORD) as u32
    }
}

/// SplitMix64's output finaliser: a bijection on u64 with full avalanche.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_saturate_at_fifteen() {
        let mut sketch = FrequencySketch::new(64, 10, 1);
        for expected in 1..=15 {
            sketch.increment(Key(7));
            assert!(sketch.estimate(Key(7)) >= expected);
        }
        for _ in 0..10 {
            sketch.increment(Key(7));
        }
        assert_eq!(sketch.estimate(Key(7)), 15);
        // 15 increments raised a counter; the 10 after saturation did not count.
        assert_eq!(sketch.additions(), 15);
    }

    #[test]
    fn never_underestimates_between_halvings() {
        // Capacity 64: 4 · 64 = 256 counters a row, a halving after 6 · 64 = 384 additions.
        // Key k of 60 gets k % 10 + 1 increments, 6 · (1 + … + 10) = 330 in all, below 384.
        let mut sketch = FrequencySketch::new(64, 10, 2);
        for key in 0..60u32 {
            for _ in 0..=key % 10 {
                sketch.increment(Key(key));
            }
        }
        for key in 0..60u32 {
            assert!(u32::from(sketch.estimate(Key(key))) > key % 10, "key {key}");
        }
    }

    #[test]
    fn halving_ages_every_counter() {
        // Capacity 1, sample factor 6: rows of 4 counters, a halving after 6 additions.
        // Key 0 is raised 5 times (5 additions, its four counters read 5 unless key 1
        // shares them); key 1's first increment is the 6th addition and halves every
        // counter: 5 → 2, or 6 → 3 where key 1 shares the counter. The count restarts
        // from at most 6 / 2 = 3.
        let mut sketch = FrequencySketch::new(1, 6, 3);
        for _ in 0..5 {
            sketch.increment(Key(0));
        }
        assert_eq!(sketch.estimate(Key(0)), 5);
        sketch.increment(Key(1));
        assert!((2..=3).contains(&sketch.estimate(Key(0))));
        assert!(sketch.additions() <= 3);
    }

    #[test]
    fn seeds_are_deterministic() {
        let a = FrequencySketch::new(100, 10, 42);
        let b = FrequencySketch::new(100, 10, 42);
        let c = FrequencySketch::new(100, 10, 43);
        assert_eq!(a.seeds, b.seeds);
        assert_ne!(a.seeds, c.seeds);
    }
}
