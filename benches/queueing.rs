//! The long variant of the queueing fidelity test (`tests/it/queueing.rs`): M/M/1 and
//! M/M/4 at utilisation 0.5, 0.8 and 0.9, 8 seeds of about a million customers each,
//! whose mean wait for a worker must be within 3% of the Erlang C formula. For M/M/1 at
//! ρ = 0.9 the relative standard error of that mean is √(443 / 8·10⁶) ≈ 0.74%, so 3% is
//! four standard errors. Run with `cargo bench --bench queueing`; exits 1 on a miss.

#[path = "../tests/it/mmc.rs"]
mod mmc;

#[allow(clippy::disallowed_methods)] // Wall time of the bench itself, never of the engine.
fn main() {
    let started = std::time::Instant::now();
    let mut missed = false;
    for c in [1, 4] {
        for rho in [0.5, 0.8, 0.9] {
            // About 1.1 million customers per seed: λ = ρ·c per ms.
            let duration_s = 1_100.0 / (rho * f64::from(c));
            let waits: Vec<f64> = (0..8)
                .map(|seed| mmc::simulated_wait_ms(c, rho, 1.0, duration_s, seed))
                .collect();
            let n = waits.len() as f64;
            let mean = waits.iter().sum::<f64>() / n;
            let spread = waits.iter().map(|w| (w - mean).powi(2)).sum::<f64>() / (n - 1.0);
            let error = (spread / n).sqrt();
            let expected = mmc::mean_wait(c, rho * f64::from(c), 1.0);
            let off = (mean - expected) / expected;
            missed |= off.abs() > 0.03;
            println!(
                "M/M/{c} ρ = {rho}: simulated {mean:.4} ms ± {error:.4} (s.e.), Erlang C \
                 {expected:.4} ms, off {:+.2}%",
                off * 100.0
            );
        }
    }
    println!("{:.1} s", started.elapsed().as_secs_f64());
    if missed {
        std::process::exit(1);
    }
}
