//! Zipf(α) over ranks 1..=n by cumulative weights and bisection.
//!
//! The procedure is exactly the one of the generator behind libCacheSim's reference miss
//! ratios (weights `1 / k^α` summed left to right in doubles, one uniform draw per sample,
//! smallest rank whose cumulative weight exceeds `u · total`), so a trace generated here
//! is identical to the reference trace, request for request (`cacheplay gen-trace zipf`;
//! its sha256 is checked in `tests/it/trace_cli.rs`).

use super::eviction::Key;
use super::rng::SplitMix64;

/// Buckets of the guide table: enough to narrow a search to a few cache lines.
const GUIDE_BUCKETS: u32 = 1 << 16;

#[derive(Clone, Debug)]
pub struct Zipf {
    cumulative: Vec<f64>,
    /// `guide[b]`: the first rank index whose cumulative weight exceeds `b / m` of the
    /// total. A draw in bucket `b` searches only `guide[b]..=guide[b + 1]`; the result is
    /// checked and, should rounding ever put it outside, found by a full bisection, so the
    /// table changes speed, never results.
    guide: Vec<u32>,
}

impl Zipf {
    /// `n` must be at least 1; `alpha` must be finite and non-negative.
    pub fn new(alpha: f64, n: u32) -> Zipf {
        assert!(n >= 1, "Zipf needs at least one rank");
        let mut cumulative = Vec::with_capacity(n as usize);
        let mut total = 0.0;
        for k in 1..=n {
            total += 1.0 / (k as f64).powf(alpha);
            cumulative.push(total);
        }
        let buckets = n.min(GUIDE_BUCKETS);
        let guide = (0..=buckets)
            .map(|b| {
                let bound = b as f64 / buckets as f64 * total;
                cumulative.partition_point(|&c| c <= bound) as u32
            })
            .collect();
        Zipf { cumulative, guide }
    }

    /// A rank in 1..=n; rank 1 is the most popular.
    pub fn sample(&self, rng: &mut SplitMix64) -> u32 {
        let total = *self.cumulative.last().expect("at least one rank");
        let u = rng.uniform();
        let target = u * total;
        let index = self.guided_index(u, target);
        (index as u32 + 1).min(self.cumulative.len() as u32)
    }

    /// `self.cumulative.partition_point(|&c| c <= target)`, searching first where the guide
    /// table says it must be.
    fn guided_index(&self, u: f64, target: f64) -> usize {
        let buckets = self.guide.len() - 1;
        let bucket = ((u * buckets as f64) as usize).min(buckets - 1);
        let low = self.guide[bucket] as usize;
        let high = self.guide[bucket + 1] as usize;
        let cumulative = &self.cumulative;
        let index = low + cumulative[low..high].partition_point(|&c| c <= target);
        let above_low = low == 0 || cumulative[low - 1] <= target;
        let below_high = index < high || index == cumulative.len() || cumulative[index] > target;
        if above_low && below_high {
            index
        } else {
            cumulative.partition_point(|&c| c <= target)
        }
    }
}

/// The keys of `cacheplay gen-trace zipf --alpha ALPHA --n-obj N --n-req REQUESTS --seed SEED`,
/// as dense keys: object id `k` is `Key(k - 1)`, so the key space is `0..n_obj`.
pub fn zipf_trace(alpha: f64, n_obj: u32, requests: usize, seed: u64) -> Vec<Key> {
    let zipf = Zipf::new(alpha, n_obj);
    let mut rng = SplitMix64::new(seed);
    (0..requests)
        .map(|_| Key(zipf.sample(&mut rng) - 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_zero_is_uniform_and_ranks_stay_in_range() {
        let zipf = Zipf::new(0.0, 4);
        let mut rng = SplitMix64::new(1);
        let mut counts = [0u32; 4];
        for _ in 0..40_000 {
            let rank = zipf.sample(&mut rng);
            assert!((1..=4).contains(&rank));
            counts[rank as usize - 1] += 1;
        }
        for count in counts {
            assert!((9_500..10_500).contains(&count), "{counts:?}");
        }
    }

    #[test]
    fn the_guide_table_never_changes_a_draw() {
        // Against a plain bisection, over skews from uniform to extreme and sizes around
        // the number of guide buckets.
        for (alpha, n) in [(0.0, 5), (0.99, 1_000), (1.2, 70_000), (5.0, 100_000)] {
            let zipf = Zipf::new(alpha, n);
            let total = *zipf.cumulative.last().expect("non-empty");
            let mut rng = SplitMix64::new(n as u64);
            for _ in 0..20_000 {
                let u = rng.uniform();
                let target = u * total;
                let plain = zipf.cumulative.partition_point(|&c| c <= target);
                assert_eq!(zipf.guided_index(u, target), plain, "alpha {alpha}, u {u}");
            }
        }
    }

    #[test]
    fn rank_one_is_most_popular() {
        let zipf = Zipf::new(1.0, 100);
        let mut rng = SplitMix64::new(9);
        let ones = (0..10_000).filter(|_| zipf.sample(&mut rng) == 1).count();
        // P(rank 1) = 1 / H(100) ≈ 0.1928.
        assert!((1_800..2_060).contains(&ones), "{ones}");
    }
}
