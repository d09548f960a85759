//! Simulated requests per second of wall time, natively: the `default` preset, and a
//! 10-minute, 50,000 requests/s Zipf(0.99) run. Run with `cargo bench --bench engine`.

use cacheplay::scenario;
use cacheplay::sim::config::{LoadProfile, Popularity};
use cacheplay::sim::{self, Config};

/// CPU time this thread has run, in seconds, from Linux's schedstat (nanoseconds); on
/// a machine shared with other work it is steadier than wall time. `None` elsewhere.
fn thread_cpu_s() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanos as f64 / 1e9)
}

/// Wall-clock time is what a benchmark measures; the engine itself never reads it.
#[allow(clippy::disallowed_methods)]
fn measure(name: &str, config: &Config, repeats: u32) {
    let mut best = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    let mut summary = None;
    for _ in 0..repeats {
        let started = std::time::Instant::now();
        let cpu_started = thread_cpu_s();
        let run = sim::run(config);
        best = best.min(started.elapsed().as_secs_f64());
        if let (Some(from), Some(to)) = (cpu_started, thread_cpu_s()) {
            best_cpu = best_cpu.min(to - from);
        }
        summary = Some(run.summary);
    }
    let summary = summary.expect("at least one repeat");
    let requests = summary.requests;
    println!(
        "{name}: {requests} simulated requests in {best:.3} s (best of {repeats}) = {:.2} M requests/s",
        requests as f64 / best / 1e6
    );
    if best_cpu.is_finite() {
        println!(
            "  {:.2} M requests per CPU-second ({best_cpu:.3} s of CPU)",
            requests as f64 / best_cpu / 1e6
        );
    }
    println!(
        "  (hit ratio {:.3}, rejected {}, utilisation {:.2})",
        summary.hit_ratio, summary.rejected_requests, summary.utilisation
    );
}

fn main() {
    let default = scenario::preset("default")
        .expect("the default preset exists")
        .config();
    measure("default preset", &default, 20);
    let mut heavy = default.clone();
    heavy.duration_s = 600.0;
    heavy.workload.profile = LoadProfile::Constant {
        rate_per_s: 50_000.0,
    };
    heavy.workload.popularity = Popularity::Zipf { alpha: 0.99 };
    // Enough workers and store connections for 50,000/s, so no request is rejected
    // (rejections are cheap and would flatter the number).
    heavy.servers.instances = 40;
    heavy.store.max_concurrency = 512;
    measure("10 min at 50,000/s, Zipf(0.99)", &heavy, 1);
}
