//! Our `wtinylfu` against libCacheSim's W-TinyLFU on many traces:
//! `cargo run --release --example wtinylfu_sweep -- [REQUESTS]`.
//!
//! libCacheSim's side is the model in `tests/it/libcachesim_wtinylfu/model.rs`, which
//! reproduces libCacheSim's reference counts to the request. For each trace (REQUESTS
//! requests each, default 2,000,000) and each cache size (0.5, 1, 5, 10 and 20 % of the
//! trace's distinct keys) it prints libCacheSim's miss ratio and, for each sample factor
//! (`wtinylfu_sample_factor`: the sketch is halved every `factor · c` increments), ours
//! minus libCacheSim's in percentage points of the requests, as a Markdown table.
//! Deterministic: the same table on every run.

#[path = "../tests/it/libcachesim_wtinylfu/model.rs"]
mod model;

use cacheplay::sim::eviction::EvictionParams;
use cacheplay::sim::rng::SplitMix64;
use cacheplay::sim::zipf::Zipf;
use model::Trace;
use std::process::ExitCode;

const FACTORS: [u32; 6] = [4, 5, 6, 7, 8, 10];
const FRACTIONS: [f64; 5] = [0.005, 0.01, 0.05, 0.10, 0.20];

/// A trace's name and how to make it `n` requests long.
type Source = (&'static str, fn(usize) -> Trace);

fn main() -> ExitCode {
    let requests = match std::env::args().nth(1).map(|n| n.replace('_', "").parse()) {
        None => 2_000_000,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("usage: wtinylfu_sweep [REQUESTS]");
            return ExitCode::from(2);
        }
    };
    let traces: [Source; 12] = [
        ("zipf 1.0, seed 42 (reference)", |n| {
            Trace::zipf(1.0, 100_000, n, 42)
        }),
        ("zipf 1.0, seed 99", |n| Trace::zipf(1.0, 100_000, n, 99)),
        ("zipf 0.6, seed 11", |n| Trace::zipf(0.6, 100_000, n, 11)),
        ("zipf 0.8, seed 7 (zipf0.8)", |n| {
            Trace::zipf(0.8, 100_000, n, 7)
        }),
        ("zipf 0.8, seed 21", |n| Trace::zipf(0.8, 100_000, n, 21)),
        ("zipf 1.2, seed 13", |n| Trace::zipf(1.2, 100_000, n, 13)),
        ("scanmix20", |n| scan_mix((0.9, 50_000, 3), 2_000, n)),
        ("scanmix10", |n| scan_mix((0.9, 50_000, 3), 1_000, n)),
        ("loop: 30 % over 20,000 keys", |n| {
            loop_mix((0.9, 50_000, 5), 3_000, 20_000, n)
        }),
        ("loop: 10 % over 5,000 keys", |n| {
            loop_mix((1.0, 100_000, 6), 1_000, 5_000, n)
        }),
        ("hot set moves 5,000 every 100,000", |n| {
            shifting((1.0, 100_000, 8), 100_000, 5_000, n)
        }),
        ("hot set moves 500 every 20,000", |n| {
            shifting((0.8, 100_000, 9), 20_000, 500, n)
        }),
    ];
    let factors = FACTORS.map(|f| format!("f = {f}"));
    println!(
        "| trace | size | share | libCacheSim miss ratio | {} |",
        factors.join(" | ")
    );
    println!("|---|---:|---:|---:|{}", "---:|".repeat(FACTORS.len()));
    for (name, make) in &traces {
        let trace = make(requests);
        let distinct = trace.distinct();
        for fraction in FRACTIONS {
            let size = (f64::from(distinct) * fraction).floor() as u32;
            let oracle = trace.oracle_misses(size);
            let gaps = FACTORS.map(|factor| {
                let params = EvictionParams {
                    wtinylfu_sample_factor: factor,
                    ..EvictionParams::default()
                };
                let ours = trace.our_misses(&params, size);
                format!(
                    "{:+.3}",
                    (ours as f64 - oracle as f64) / requests as f64 * 100.0
                )
            });
            println!(
                "| {name} | {size} | {:.1} % | {:.4} | {} |",
                fraction * 100.0,
                oracle as f64 / requests as f64,
                gaps.join(" | ")
            );
        }
    }
    ExitCode::SUCCESS
}

/// `gen_trace.py scanmix` with `--period 10000 --scan-base 1000001`: periods of
/// `10,000 − scan_len` Zipf(alpha, n_obj) requests, then `scan_len` ids never requested
/// again. Zipf object k is key k − 1; the n-th scan object (id 1,000,001 + n) is key
/// n_obj + n.
fn scan_mix((alpha, n_obj, seed): (f64, u32, u64), scan_len: usize, requests: usize) -> Trace {
    let zipf = Zipf::new(alpha, n_obj);
    let mut rng = SplitMix64::new(seed);
    let mut keys = Vec::with_capacity(requests);
    let mut next_scan = n_obj;
    while keys.len() < requests {
        for _ in 0..(10_000 - scan_len).min(requests - keys.len()) {
            keys.push(zipf.sample(&mut rng) - 1);
        }
        for _ in 0..scan_len.min(requests - keys.len()) {
            keys.push(next_scan);
            next_scan += 1;
        }
    }
    let ids = (1..=u64::from(n_obj))
        .chain((0..u64::from(next_scan - n_obj)).map(|n| 1_000_001 + n))
        .collect();
    Trace { keys, ids }
}

/// Not a generator trace: periods of `10,000 − loop_len` Zipf(alpha, n_obj) requests, then
/// the next `loop_len` steps of an endless sequential loop over `loop_keys` further keys
/// (n_obj, n_obj + 1, …, wrapping): a job rereading a file larger than the cache. Key k is
/// object k + 1.
fn loop_mix(
    (alpha, n_obj, seed): (f64, u32, u64),
    loop_len: usize,
    loop_keys: u32,
    requests: usize,
) -> Trace {
    let zipf = Zipf::new(alpha, n_obj);
    let mut rng = SplitMix64::new(seed);
    let mut keys = Vec::with_capacity(requests);
    let mut step = 0;
    while keys.len() < requests {
        for _ in 0..(10_000 - loop_len).min(requests - keys.len()) {
            keys.push(zipf.sample(&mut rng) - 1);
        }
        for _ in 0..loop_len.min(requests - keys.len()) {
            keys.push(n_obj + step % loop_keys);
            step += 1;
        }
    }
    Trace {
        keys,
        ids: (1..=u64::from(n_obj + loop_keys)).collect(),
    }
}

/// Not a generator trace: Zipf(alpha, n_obj) ranks whose popular end moves. In phase p
/// (request i is in phase i / phase_len) rank r is key `(r − 1 + p · shift) mod n_obj`, so
/// the hot set slides by `shift` keys a phase and old favourites go cold. Key k is object
/// k + 1.
fn shifting(
    (alpha, n_obj, seed): (f64, u32, u64),
    phase_len: usize,
    shift: u32,
    requests: usize,
) -> Trace {
    let zipf = Zipf::new(alpha, n_obj);
    let mut rng = SplitMix64::new(seed);
    let n = u64::from(n_obj);
    let keys = (0..requests)
        .map(|i| {
            let offset = (i / phase_len) as u64 * u64::from(shift) % n;
            ((u64::from(zipf.sample(&mut rng) - 1) + offset) % n) as u32
        })
        .collect();
    Trace {
        keys,
        ids: (1..=n).collect(),
    }
}
