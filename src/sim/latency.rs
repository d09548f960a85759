//! Sampling a [`Latency`] distribution into whole microseconds of simulated time.
//!
//! The log-normal is given by its mean and 99th percentile, the two numbers people know
//! about a service: `mean = e^(μ + σ²/2)` and `p99 = e^(μ + z₉₉·σ)` give
//! `ln(p99 / mean) = z₉₉·σ − σ²/2`, whose smaller root is `σ = z₉₉ − √(z₉₉² − 2·ln(p99/mean))`.
//! A root exists only for `1 < p99/mean ≤ e^(z₉₉²/2) ≈ 14.9`; `scenario` validates that.

use super::config::Latency;
use super::math;
use super::rng::SplitMix64;
use super::time::Time;

/// Φ⁻¹(0.99).
pub const Z99: f64 = 2.326_347_874_040_841;

/// The largest `p99 / mean` a log-normal can have: `e^(z₉₉² / 2)`.
pub fn max_lognormal_p99_ratio() -> f64 {
    math::exp(Z99 * Z99 / 2.0)
}

/// A latency distribution ready to sample, in microseconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sampler {
    Constant(Time),
    Exponential { mean_us: f64 },
    LogNormal { mu: f64, sigma: f64 },
}

impl Sampler {
    pub fn new(latency: &Latency) -> Sampler {
        match *latency {
            Latency::Constant { ms } => Sampler::Constant(Time::from_ms(ms)),
            Latency::Exponential { mean_ms } => Sampler::Exponential {
                mean_us: mean_ms * 1_000.0,
            },
            Latency::LogNormal { mean_ms, p99_ms } => {
                let sigma = lognormal_sigma(mean_ms, p99_ms);
                Sampler::LogNormal {
                    mu: math::ln(mean_ms * 1_000.0) - sigma * sigma / 2.0,
                    sigma,
                }
            }
        }
    }

    /// Draws one latency; constant latencies draw nothing, so they shift no stream.
    pub fn sample(&self, rng: &mut SplitMix64) -> Time {
        let micros = match *self {
            Sampler::Constant(time) => return time,
            Sampler::Exponential { mean_us } => -mean_us * math::ln(1.0 - rng.uniform()),
            Sampler::LogNormal { mu, sigma } => {
                math::exp(mu + sigma * math::normal_quantile(open_uniform(rng)))
            }
        };
        // Finite and non-negative by construction; `as` saturates the absurd tail.
        Time::from_micros(micros)
    }
}

/// σ of the log-normal with this mean and p99; 0 (a constant) when `p99 ≤ mean`, and the
/// largest σ when the ratio is beyond the maximum (validation rejects both).
pub fn lognormal_sigma(mean: f64, p99: f64) -> f64 {
    let log_ratio = math::ln(p99 / mean);
    if log_ratio.is_nan() || log_ratio <= 0.0 {
        return 0.0;
    }
    Z99 - (Z99 * Z99 - 2.0 * log_ratio).max(0.0).sqrt()
}

/// A uniform double in (0, 1), never 0, so quantile functions stay finite.
fn open_uniform(rng: &mut SplitMix64) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / 9_007_199_254_740_992.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draws(latency: Latency, n: usize) -> Vec<f64> {
        let sampler = Sampler::new(&latency);
        let mut rng = SplitMix64::new(5);
        let mut values: Vec<f64> = (0..n).map(|_| sampler.sample(&mut rng).0 as f64).collect();
        values.sort_by(f64::total_cmp);
        values
    }

    #[test]
    fn constant_is_exact_and_draws_nothing() {
        let sampler = Sampler::new(&Latency::Constant { ms: 2.5 });
        let mut rng = SplitMix64::new(1);
        assert_eq!(sampler.sample(&mut rng), Time(2_500));
        assert_eq!(rng, SplitMix64::new(1));
    }

    #[test]
    fn lognormal_has_the_asked_mean_and_p99() {
        // 200,000 draws: the mean within 1 %, the p99 within 2 %.
        let values = draws(
            Latency::LogNormal {
                mean_ms: 5.0,
                p99_ms: 25.0,
            },
            200_000,
        );
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let p99 = values[values.len() * 99 / 100];
        assert!((mean / 5_000.0 - 1.0).abs() < 0.01, "{mean}");
        assert!((p99 / 25_000.0 - 1.0).abs() < 0.02, "{p99}");
    }

    #[test]
    fn exponential_has_the_asked_mean() {
        let values = draws(Latency::Exponential { mean_ms: 3.0 }, 100_000);
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!((mean / 3_000.0 - 1.0).abs() < 0.02, "{mean}");
    }

    #[test]
    fn sigma_solves_the_quadratic() {
        // p99/mean = 5: ln 5 = 1.6094 = 2.3263·σ − σ²/2 → σ = 2.3263 − √(5.4119 − 3.2189) = 0.8455.
        let sigma = lognormal_sigma(1.0, 5.0);
        assert!((sigma - 0.845_5).abs() < 1e-3, "{sigma}");
        assert!((max_lognormal_p99_ratio() - 14.97).abs() < 0.01);
    }
}
