//! SplitMix64: the engine's one named, portable PRNG, with a child stream per concern.
//!
//! SplitMix64 (Steele, Lea and Flood, OOPSLA 2014) gives the same sequence on every
//! platform, wasm32 included. Each concern (arrivals, keys, service times, …) draws from
//! its own stream derived from the scenario's seed, so a new consumer never shifts the
//! numbers the others see.

/// A SplitMix64 generator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

/// The independent random streams of a run. Never reorder or renumber: the number is
/// part of every saved scenario's results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Arrivals = 1,
    Keys = 2,
    ReadWrite = 3,
    Clients = 4,
    ServiceTime = 5,
    StoreLatency = 6,
    CacheLatency = 7,
    TtlJitter = 8,
    ActiveExpiry = 9,
    Eviction = 10,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The generator for one concern of a run seeded with `seed`.
    pub fn stream(seed: u64, stream: Stream) -> SplitMix64 {
        // Mix the stream number through one SplitMix64 step so that neighbouring seeds
        // and neighbouring streams land far apart.
        let mut mixer = SplitMix64::new(seed ^ (stream as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
        SplitMix64::new(mixer.next_u64())
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A uniform integer in [0, n); `n` must be positive. Lemire's multiply-shift with
    /// rejection, so there is no modulo bias.
    pub fn below(&mut self, n: u32) -> u32 {
        assert!(n > 0, "below(0) has no value to return");
        let n = n as u64;
        loop {
            let product = (self.next_u64() >> 32) * n;
            let low = product & 0xFFFF_FFFF;
            if low >= (1u64 << 32) % n {
                return (product >> 32) as u32;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_sequence() {
        // First outputs of SplitMix64 seeded with 0, as published with the algorithm
        // (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
        // OOPSLA 2014; Vigna's splitmix64.c at https://prng.di.unimi.it/splitmix64.c).
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(rng.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn streams_differ() {
        let mut a = SplitMix64::stream(7, Stream::Arrivals);
        let mut b = SplitMix64::stream(7, Stream::Keys);
        assert_ne!(a.next_u64(), b.next_u64());
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = SplitMix64::new(3);
        for n in [1, 2, 3, 7, 1000, u32::MAX] {
            for _ in 0..100 {
                assert!(rng.below(n) < n);
            }
        }
    }
}
