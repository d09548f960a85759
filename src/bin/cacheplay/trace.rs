//! `cacheplay trace`: replays a trace file through eviction policies with no notion of
//! time and prints one JSON object per policy and capacity.
//!
//! Also the shared plumbing of the trace commands (`mrc` uses it): options, loading a
//! trace file, policy lists and capacity lists.

use cacheplay::scenario::trace::{self as trace_file, Trace, TraceFormat};
use cacheplay::sim::eviction::EvictionParams;
use cacheplay::sim::replay::{self, TracePolicy};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::output::{exit, Failure};

const USAGE: &str = "usage: cacheplay trace <file> --policy <names> --capacity <sizes> [options]

Replays <file> through each policy at each capacity and prints one JSON object per line:
{\"policy\":…,\"capacity\":…,\"requests\":…,\"misses\":…,\"miss_ratio\":…}

  --policy NAMES         comma-separated policy names, or `belady` (the optimum)
  --capacity SIZES       comma-separated entry counts (1000) or fractions of the
                         distinct keys (0.01 → floor(0.01 × distinct))
  --format json|csv      output format (default json)
  --trace-format txt|csv trace layout (default: csv for .csv files, else txt)
  --key-column NAME      the CSV column holding the object id (default: the first)
  --seed N               seed of the random policy (default 0)";

/// `cacheplay trace ARGS…`.
pub fn main(args: &[String]) -> ExitCode {
    exit("trace", USAGE, run(args))
}

fn run(args: &[String]) -> Result<(), Failure> {
    let options = Options::parse(
        args,
        &[
            "--policy",
            "--capacity",
            "--format",
            "--trace-format",
            "--key-column",
            "--seed",
        ],
    )?;
    let policies = parse_policies(options.required("--policy")?)?;
    let sizes = parse_sizes(options.required("--capacity")?)?;
    let csv = match options.get("--format").unwrap_or("json") {
        "json" => false,
        "csv" => true,
        other => return Err(Failure::Usage(format!("unknown --format '{other}'"))),
    };
    let seed = options.seed()?;
    let trace = options.load_trace()?;
    let params = EvictionParams::default();
    let mut out = std::io::stdout().lock();
    let mut write = |line: String| {
        writeln!(out, "{line}").map_err(|e| Failure::Input(format!("cannot write: {e}")))
    };
    if csv {
        write("policy,capacity,requests,misses,miss_ratio".to_string())?;
    }
    for &policy in &policies {
        for size in &sizes {
            let capacity = size.capacity(trace.distinct);
            let misses =
                replay::misses(policy, &params, capacity, &trace.keys, trace.distinct, seed);
            let result = ReplayResult {
                policy: policy.name(),
                capacity,
                requests: trace.keys.len() as u64,
                misses,
                miss_ratio: misses as f64 / trace.keys.len() as f64,
            };
            let line = if csv {
                format!(
                    "{},{},{},{},{}",
                    result.policy,
                    result.capacity,
                    result.requests,
                    result.misses,
                    result.miss_ratio
                )
            } else {
                serde_json::to_string(&result).expect("plain numbers and names serialize")
            };
            write(line)?;
        }
    }
    Ok(())
}

/// One line of `cacheplay trace` output; the field order is the JSON key order.
#[derive(Serialize)]
struct ReplayResult {
    policy: &'static str,
    capacity: u32,
    requests: u64,
    misses: u64,
    /// `misses / requests`; a parsed trace always has at least one request.
    miss_ratio: f64,
}

/// `--name value` or `--name=value` options after one positional argument, the trace.
pub struct Options {
    pub file: String,
    values: BTreeMap<String, String>,
}

impl Options {
    pub fn parse(args: &[String], known: &[&str]) -> Result<Options, Failure> {
        let mut file = None;
        let mut values = BTreeMap::new();
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            if arg == "-h" || arg == "--help" {
                return Err(Failure::Help);
            }
            if !arg.starts_with("--") {
                if file.replace(arg.clone()).is_some() {
                    return Err(Failure::Usage(format!("unexpected argument '{arg}'")));
                }
                continue;
            }
            let (name, value) = match arg.split_once('=') {
                Some((name, value)) => (name, value.to_string()),
                None => {
                    let value = rest
                        .next()
                        .ok_or_else(|| Failure::Usage(format!("{arg} needs a value")))?;
                    (arg.as_str(), value.clone())
                }
            };
            if !known.contains(&name) {
                return Err(Failure::Usage(format!("unknown option '{name}'")));
            }
            values.insert(name.to_string(), value);
        }
        let file = file.ok_or_else(|| Failure::Usage("which trace file?".to_string()))?;
        Ok(Options { file, values })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    pub fn required(&self, name: &str) -> Result<&str, Failure> {
        self.get(name)
            .ok_or_else(|| Failure::Usage(format!("{name} is required")))
    }

    pub fn seed(&self) -> Result<u64, Failure> {
        self.get("--seed").map_or(Ok(0), |seed| {
            seed.parse()
                .map_err(|_| Failure::Usage(format!("--seed '{seed}' is not an unsigned integer")))
        })
    }

    /// Reads and parses the trace file named by the positional argument.
    pub fn load_trace(&self) -> Result<Trace, Failure> {
        let key_column = self.get("--key-column").map(str::to_string);
        let path = Path::new(&self.file);
        let format = match self.get("--trace-format") {
            Some(name) => TraceFormat::from_name(name, key_column).ok_or_else(|| {
                Failure::Usage(format!("unknown --trace-format '{name}' (txt or csv)"))
            })?,
            None => TraceFormat::from_path(path, key_column),
        };
        let bytes = std::fs::read(path)
            .map_err(|e| Failure::Input(format!("cannot read {}: {e}", self.file)))?;
        trace_file::parse(&bytes, &format)
            .map_err(|e| Failure::Input(format!("{}: {e}", self.file)))
    }
}

pub fn parse_policies(list: &str) -> Result<Vec<TracePolicy>, Failure> {
    list.split(',')
        .map(|name| {
            TracePolicy::from_name(name.trim()).ok_or_else(|| {
                Failure::Usage(format!(
                    "unknown policy '{name}'; known: {}",
                    TracePolicy::names().join(", ")
                ))
            })
        })
        .collect()
}

/// A cache size on the command line: whole entries, or a fraction of the distinct keys.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Size {
    Entries(u32),
    Fraction(f64),
}

impl Size {
    pub fn capacity(self, distinct: u32) -> u32 {
        match self {
            Size::Entries(entries) => entries,
            // Saturates: a fraction above 1 asks for more room than there are keys.
            Size::Fraction(fraction) => (fraction * distinct as f64).floor() as u32,
        }
    }

    /// The size as a share of the distinct keys.
    pub fn fraction(self, distinct: u32) -> f64 {
        match self {
            Size::Entries(entries) => entries as f64 / distinct as f64,
            Size::Fraction(fraction) => fraction,
        }
    }
}

/// `1000,0.01`: a value with a decimal point or exponent is a fraction, else entries.
pub fn parse_sizes(list: &str) -> Result<Vec<Size>, Failure> {
    list.split(',')
        .map(|text| {
            let text = text.trim();
            let invalid = || {
                Failure::Usage(format!(
                    "size '{text}' is neither an entry count nor a fraction such as 0.01"
                ))
            };
            if text.contains(['.', 'e', 'E']) {
                let fraction: f64 = text.parse().map_err(|_| invalid())?;
                if !(fraction.is_finite() && fraction >= 0.0) {
                    return Err(invalid());
                }
                Ok(Size::Fraction(fraction))
            } else {
                text.parse().map(Size::Entries).map_err(|_| invalid())
            }
        })
        .collect()
}
