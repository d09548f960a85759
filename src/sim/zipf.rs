//! Zipf(α) over ranks 1..=n by cumulative weights and bisection.
//!
//! The procedure is exactly the one `../shared/reference/gen_trace.py` documents (weights
//! `1 / k^α` summed left to right in doubles, one uniform draw per sample, smallest rank
//! whose cumulative weight exceeds `u · total`), so a trace generated here is identical to
//! the reference trace, request for request.

use super::eviction::Key;
use super::rng::SplitMix64;

#[derive(Clone, Debug)]
pub struct Zipf {
    cumulative: Vec<f64>,
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
        Zipf { cumulative }
    }

    /// A rank in 1..=n; rank 1 is the most popular.
    pub fn sample(&self, rng: &mut SplitMix64) -> u32 {
        let total = *self.cumulative.last().expect("at least one rank");
        let target = rng.uniform() * total;
        let index = self.cumulative.partition_point(|&c| c <= target);
        (index as u32 + 1).min(self.cumulative.len() as u32)
    }
}

/// The keys of `gen_trace.py zipf --alpha ALPHA --n-obj N --n-req REQUESTS --seed SEED`,
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
    fn rank_one_is_most_popular() {
        let zipf = Zipf::new(1.0, 100);
        let mut rng = SplitMix64::new(9);
        let ones = (0..10_000).filter(|_| zipf.sample(&mut rng) == 1).count();
        // P(rank 1) = 1 / H(100) ≈ 0.1928.
        assert!((1_800..2_060).contains(&ones), "{ones}");
    }
}
