//! Queueing fidelity: with Poisson arrivals, exponential service, no cache and a
//! zero-latency store, the server pool is an M/M/c queue, and its simulated mean wait for a
//! worker must match the Erlang C formula.
//!
//! Tolerance. The mean wait of a finite run is a random estimate whose error shrinks as
//! 1/√n but with strong autocorrelation near saturation: for M/M/1 the asymptotic
//! variance of the mean wait over n customers is `ρ(2 + 5ρ − 4ρ² + ρ³) / (μ²(1 − ρ)⁴ n)`
//! (Whitt, "Planning queueing simulations", 1989), so at ρ = 0.9 the relative standard
//! error is `√(443 / n)`: 3% with 95% confidence needs about 2 million customers. That
//! run lives in `benches/queueing.rs` (release build, 3%). Here each case runs 8 seeds of
//! a length that keeps the debug build within a few seconds, and the tolerance is the
//! larger of 3% and 4 standard errors of the seeds' mean, itself capped per case so a
//! wide spread cannot pass unnoticed.

use super::mmc;

/// The seeds' mean and its standard error.
fn mean_and_error(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (variance / n).sqrt())
}

fn check(c: u32, rho: f64, duration_s: f64, max_tolerance: f64) {
    let service_ms = 1.0;
    let mu = 1.0 / service_ms;
    let expected = mmc::mean_wait(c, rho * f64::from(c) * mu, mu);
    let waits: Vec<f64> = (0..8)
        .map(|seed| mmc::simulated_wait_ms(c, rho, service_ms, duration_s, seed))
        .collect();
    let (mean, error) = mean_and_error(&waits);
    let tolerance = (4.0 * error / expected).max(0.03);
    let off = (mean - expected).abs() / expected;
    assert!(
        tolerance <= max_tolerance && off <= tolerance,
        "M/M/{c} at ρ = {rho}: simulated {mean:.4} ms ± {error:.4}, Erlang C {expected:.4} ms, \
         off {:.1}%, tolerance {:.1}% (cap {:.0}%); seeds {waits:?}",
        off * 100.0,
        tolerance * 100.0,
        max_tolerance * 100.0
    );
}

// Lengths: about 50,000, 75,000 and 125,000 customers per seed at ρ = 0.5, 0.8, 0.9 (the
// service time is 1 ms). For M/M/1 the formula above gives relative standard errors of
// the 8-seed mean of 0.85%, 1.4% and 2.1%; the caps are about 5 of those.

#[test]
fn mm1_matches_erlang_c() {
    check(1, 0.5, 100.0, 0.05);
    check(1, 0.8, 95.0, 0.08);
    check(1, 0.9, 140.0, 0.12);
}

#[test]
fn mm4_matches_erlang_c() {
    check(4, 0.5, 60.0, 0.06);
    check(4, 0.8, 50.0, 0.08);
    check(4, 0.9, 60.0, 0.12);
}
