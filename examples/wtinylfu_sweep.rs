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
use cacheplay::sim::replay::synthetic::{Kind, Synthetic};
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

/// `cacheplay gen-trace scanmix` with `--period 10000 --scan-base 1000001`: periods of
/// `10,000 − scan_len` Zipf(alpha, n_obj) requests, then `scan_len` ids never requested
/// again.
fn scan_mix((alpha, n_obj, seed): (f64, u32, u64), scan_len: u32, requests: usize) -> Trace {
    let kind = Kind::ScanMix {
        alpha,
        n_obj,
        period: 10_000,
        scan_len,
        scan_base: 1_000_001,
    };
    synthetic(Synthetic { kind, seed }, requests)
}

/// `cacheplay gen-trace loop` with `--period 10000`: periods of `10,000 − loop_len`
/// Zipf(alpha, n_obj) requests, then the next `loop_len` steps of an endless sequential
/// loop over `loop_keys` further objects: a job rereading a file larger than the cache.
fn loop_mix(
    (alpha, n_obj, seed): (f64, u32, u64),
    loop_len: u32,
    loop_keys: u32,
    requests: usize,
) -> Trace {
    let kind = Kind::Loop {
        alpha,
        n_obj,
        period: 10_000,
        loop_len,
        loop_keys,
    };
    synthetic(Synthetic { kind, seed }, requests)
}

/// `cacheplay gen-trace shift`: Zipf(alpha, n_obj) ranks whose popular end slides by
/// `shift` objects every `phase_len` requests, so old favourites go cold.
fn shifting(
    (alpha, n_obj, seed): (f64, u32, u64),
    phase_len: u64,
    shift: u32,
    requests: usize,
) -> Trace {
    let kind = Kind::Shift {
        alpha,
        n_obj,
        phase_len,
        shift,
    };
    synthetic(Synthetic { kind, seed }, requests)
}

/// The first `requests` requests of a synthetic trace, with each key's object id for the
/// model's hashes.
fn synthetic(trace: Synthetic, requests: usize) -> Trace {
    Trace {
        keys: trace.keys().take(requests).map(|key| key as u32).collect(),
        ids: (0..trace.n_keys(requests as u64))
            .map(|key| trace.object_id(key))
            .collect(),
    }
}
