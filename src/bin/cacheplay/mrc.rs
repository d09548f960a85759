//! `cacheplay mrc`: miss-ratio curves of a trace as CSV, one row per policy and size.
//!
//! LRU's curve comes from one pass over stack distances; every other policy replays the
//! trace once per size.

use crate::output::{exit, Failure};
use crate::trace::{parse_policies, parse_sizes, Options};
use cacheplay::sim::eviction::{EvictionKind, EvictionParams};
use cacheplay::sim::replay::{self, TracePolicy};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: cacheplay mrc <file> [--policies NAMES] [--sizes SIZES] [options]

Prints a miss-ratio curve per policy as CSV: policy,size_fraction,capacity,misses,miss_ratio

  --policies NAMES       comma-separated policy names or `belady` (default lru)
  --sizes SIZES          comma-separated fractions of the distinct keys or entry
                         counts (default 0.001,0.01,0.05,0.1)
  --trace-format txt|csv trace layout (default: csv for .csv files, else txt)
  --key-column NAME      the CSV column holding the object id (default: the first)
  --seed N               seed of the random policy (default 0)";

/// `cacheplay mrc ARGS…`.
pub fn main(args: &[String]) -> ExitCode {
    exit("mrc", USAGE, run(args))
}

fn run(args: &[String]) -> Result<(), Failure> {
    let options = Options::parse(
        args,
        &[
            "--policies",
            "--sizes",
            "--trace-format",
            "--key-column",
            "--seed",
        ],
    )?;
    let policies = parse_policies(options.get("--policies").unwrap_or("lru"))?;
    let sizes = parse_sizes(options.get("--sizes").unwrap_or("0.001,0.01,0.05,0.1"))?;
    let seed = options.seed()?;
    let trace = options.load_trace()?;
    let params = EvictionParams::default();
    let capacities: Vec<u32> = sizes.iter().map(|s| s.capacity(trace.distinct)).collect();
    let requests = trace.keys.len() as f64;
    let mut out = std::io::stdout().lock();
    let mut write = |line: String| {
        writeln!(out, "{line}").map_err(|e| Failure::Input(format!("cannot write: {e}")))
    };
    write("policy,size_fraction,capacity,misses,miss_ratio".to_string())?;
    for policy in policies {
        let misses = if policy == TracePolicy::Evict(EvictionKind::Lru) {
            replay::lru_misses(&trace.keys, trace.distinct, &capacities)
        } else {
            capacities
                .iter()
                .map(|&capacity| {
                    replay::misses(policy, &params, capacity, &trace.keys, trace.distinct, seed)
                })
                .collect()
        };
        for ((size, capacity), misses) in sizes.iter().zip(&capacities).zip(misses) {
            write(format!(
                "{},{},{capacity},{misses},{}",
                policy.name(),
                size.fraction(trace.distinct),
                misses as f64 / requests
            ))?;
        }
    }
    Ok(())
}
