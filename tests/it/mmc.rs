//! The M/M/c queue: the Erlang C formula, and the scenario that makes the server pool one
//! (Poisson arrivals, exponential service, no cache, a zero-latency store). Shared by the
//! fidelity test (`queueing.rs`) and its long variant, `benches/queueing.rs`, which
//! includes this file.

use cacheplay::sim::config::{Latency, LoadProfile};
use cacheplay::sim::{self, Config};

/// Mean time in queue (before service) of an M/M/c queue with arrival rate `lambda` and
/// service rate `mu` per server, in the unit of `1 / mu`; needs `lambda < c · mu`.
/// `Wq = C(c, a) / (c·μ − λ)`, with `a = λ/μ` and the Erlang C probability of waiting
/// `C(c, a) = (aᶜ/c! · c/(c − a)) / (Σ_{k<c} aᵏ/k! + aᶜ/c! · c/(c − a))`.
pub fn mean_wait(c: u32, lambda: f64, mu: f64) -> f64 {
    let a = lambda / mu;
    let mut term = 1.0; // a^k / k!
    let mut below = 0.0;
    for k in 0..c {
        below += term;
        term *= a / f64::from(k + 1);
    }
    let waiting = term * f64::from(c) / (f64::from(c) - a);
    let erlang_c = waiting / (below + waiting);
    erlang_c / (f64::from(c) * mu - lambda)
}

#[cfg(test)]
#[test]
fn erlang_c_textbook_values() {
    // M/M/1: Wq = ρ / (μ − λ); λ = 0.8, μ = 1 → 0.8 / 0.2 = 4.
    assert!((mean_wait(1, 0.8, 1.0) - 4.0).abs() < 1e-12);
    // M/M/2, λ = 1, μ = 1 (a = 1, ρ = 0.5): C = (1/2 · 2) / (1 + 1 + 1) = 1/3,
    // Wq = (1/3) / (2 − 1) = 1/3.
    assert!((mean_wait(2, 1.0, 1.0) - 1.0 / 3.0).abs() < 1e-12);
}

/// Mean wait for a worker in ms, for `c` workers of mean service `service_ms` at
/// utilisation `rho`, over a run of `duration_s` seeded `seed`.
pub fn simulated_wait_ms(c: u32, rho: f64, service_ms: f64, duration_s: f64, seed: u64) -> f64 {
    let mut config = Config {
        seed,
        duration_s,
        sample_interval_ms: duration_s * 1_000.0,
        ..Config::default()
    };
    let mu = 1_000.0 / service_ms;
    config.workload.profile = LoadProfile::Constant {
        rate_per_s: rho * f64::from(c) * mu,
    };
    config.workload.read_fraction = 1.0;
    config.workload.n_keys = 1;
    config.workload.n_clients = 1;
    config.servers.instances = 1;
    config.servers.workers_per_instance = c;
    config.servers.queue_capacity = 100_000_000;
    config.servers.service = Latency::Exponential {
        mean_ms: service_ms,
    };
    config.cache.capacity = 0;
    config.store.read_latency = Latency::Constant { ms: 0.0 };
    config.store.max_concurrency = 1_000_000;
    sim::run(&config).summary.server_wait_ms
}
