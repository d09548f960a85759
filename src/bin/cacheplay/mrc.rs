//! `cacheplay mrc`: miss-ratio curves of a trace as CSV, one row per policy and size.
//!
//! LRU's curve comes from one pass over stack distances; every other policy replays the
//! trace once per size.

use crate::output::{exit, write_all, Failure};
use crate::trace::{parse_policy, parse_size, policy_help, Size, TraceArgs};
use cacheplay::sim::eviction::{EvictionKind, EvictionParams};
use cacheplay::sim::replay::{self, TracePolicy};
use std::process::ExitCode;

/// Print miss-ratio curves of a trace file, as CSV.
///
/// One row per policy and size: policy,size_fraction,capacity,misses,miss_ratio
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    trace: TraceArgs,
    /// Policy names, comma-separated or repeated; `belady` is the optimum.
    #[arg(long = "policy", long_help = policy_help(), alias = "policies", value_name = "NAMES", value_delimiter = ',', default_value = "lru", value_parser = parse_policy)]
    policies: Vec<TracePolicy>,
    /// Cache sizes, comma-separated or repeated: entry counts (1000) or fractions of the
    /// distinct keys (0.01 → floor(0.01 × distinct)).
    #[arg(long = "capacity", alias = "sizes", value_name = "SIZES", value_delimiter = ',', default_value = "0.001,0.01,0.05,0.1", value_parser = parse_size)]
    sizes: Vec<Size>,
}

/// `cacheplay mrc ARGS…`.
pub fn main(args: Args) -> ExitCode {
    exit("mrc", run(&args))
}

fn run(args: &Args) -> Result<(), Failure> {
    let trace = args.trace.load()?;
    let params = EvictionParams::default();
    let capacities: Vec<u32> = args
        .sizes
        .iter()
        .map(|s| s.capacity(trace.distinct))
        .collect();
    let requests = trace.keys.len() as f64;
    let mut out = std::io::stdout().lock();
    write_all(
        &mut out,
        b"policy,size_fraction,capacity,misses,miss_ratio\n",
    )?;
    for &policy in &args.policies {
        let misses = if policy == TracePolicy::Evict(EvictionKind::Lru) {
            replay::lru_misses(&trace.keys, trace.distinct, &capacities)
        } else {
            capacities
                .iter()
                .map(|&capacity| {
                    replay::misses(
                        policy,
                        &params,
                        capacity,
                        &trace.keys,
                        trace.distinct,
                        args.trace.seed,
                    )
                })
                .collect()
        };
        let mut rows = String::new();
        for ((size, capacity), misses) in args.sizes.iter().zip(&capacities).zip(misses) {
            rows.push_str(&format!(
                "{},{},{capacity},{misses},{}\n",
                policy.name(),
                size.fraction(trace.distinct),
                misses as f64 / requests
            ));
        }
        write_all(&mut out, rows.as_bytes())?;
    }
    Ok(())
}
