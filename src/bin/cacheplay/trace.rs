//! `cacheplay trace`: replays a trace file through eviction policies with no notion of
//! time and prints one JSON object per policy and capacity.
//!
//! Also the shared plumbing of the trace commands (`mrc` uses it): the trace file's flags
//! and loading, policy names and cache sizes.

use crate::output::{exit, write_all, Failure};
use cacheplay::scenario::trace::{self as trace_file, Trace, TraceFormat};
use cacheplay::sim::eviction::EvictionParams;
use cacheplay::sim::replay::{self, TracePolicy};
use serde::Serialize;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

/// Replay a trace file through eviction policies at given capacities.
///
/// Prints one JSON object per line, for each policy at each capacity:
/// {"policy":…,"capacity":…,"requests":…,"misses":…,"miss_ratio":…}
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    trace: TraceArgs,
    /// Policy names, comma-separated or repeated; `belady` is the optimum.
    #[arg(long = "policy", long_help = policy_help(), value_name = "NAMES", required = true, value_delimiter = ',', value_parser = parse_policy)]
    policies: Vec<TracePolicy>,
    /// Cache sizes, comma-separated or repeated: entry counts (1000) or fractions of the
    /// distinct keys (0.01 → floor(0.01 × distinct)).
    #[arg(long = "capacity", value_name = "SIZES", required = true, value_delimiter = ',', value_parser = parse_size)]
    sizes: Vec<Size>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// One JSON object per line.
    Json,
    /// A header row, then one row per policy and capacity.
    Csv,
}

/// The trace file and how to read it, shared by `trace` and `mrc`.
#[derive(Debug, clap::Args)]
pub struct TraceArgs {
    /// The trace: one object id per line (libCacheSim txt), or CSV with a header row.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// The trace's layout [default: csv for .csv files, else txt].
    #[arg(long, value_enum, value_name = "LAYOUT")]
    pub trace_format: Option<Layout>,
    /// The CSV column holding the object id [default: the first].
    #[arg(long, value_name = "NAME")]
    pub key_column: Option<String>,
    /// Seed of the random policy.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// One decimal id per line, no header.
    Txt,
    /// Comma-separated with a header row.
    Csv,
}

/// `cacheplay trace ARGS…`.
pub fn main(args: Args) -> ExitCode {
    exit("trace", run(&args))
}

fn run(args: &Args) -> Result<(), Failure> {
    let trace = args.trace.load()?;
    let params = EvictionParams::default();
    let mut out = std::io::stdout().lock();
    if args.format == Format::Csv {
        write_all(&mut out, b"policy,capacity,requests,misses,miss_ratio\n")?;
    }
    for &policy in &args.policies {
        for size in &args.sizes {
            let capacity = size.capacity(trace.distinct);
            let misses = replay::misses(
                policy,
                &params,
                capacity,
                &trace.keys,
                trace.distinct,
                args.trace.seed,
            );
            let result = ReplayResult {
                policy: policy.name(),
                capacity,
                requests: trace.keys.len() as u64,
                misses,
                miss_ratio: misses as f64 / trace.keys.len() as f64,
            };
            let line = match args.format {
                Format::Csv => format!(
                    "{},{},{},{},{}",
                    result.policy,
                    result.capacity,
                    result.requests,
                    result.misses,
                    result.miss_ratio
                ),
                Format::Json => {
                    serde_json::to_string(&result).expect("plain numbers and names serialize")
                }
            };
            // Each line as soon as it is known: a long replay shows its results one by one.
            write_all(&mut out, format!("{line}\n").as_bytes())?;
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

/// The longest line read before a file is judged not to be a trace: an id is at most 20
/// digits and a CSV row rarely passes a few hundred bytes.
const MAX_LINE_BYTES: usize = 1 << 20;

impl TraceArgs {
    /// Reads and parses the trace file.
    ///
    /// Read in chunks, each checked as it comes: a NUL byte, or a line longer than
    /// [`MAX_LINE_BYTES`], means the file is not a text trace (`/dev/zero`, a binary), and
    /// reading stops there instead of filling memory.
    pub fn load(&self) -> Result<Trace, Failure> {
        let path = Path::new(&self.file);
        let format = match self.trace_format {
            Some(Layout::Txt) => TraceFormat::Txt,
            Some(Layout::Csv) => TraceFormat::Csv {
                key_column: self.key_column.clone(),
            },
            None => TraceFormat::from_path(path, self.key_column.clone()),
        };
        let cannot_read = |e: std::io::Error| Failure(format!("cannot read {}: {e}", self.file));
        let mut file = std::fs::File::open(path).map_err(cannot_read)?;
        let mut bytes = Vec::new();
        let mut chunk = vec![0; 1 << 16];
        let mut line_start = 0;
        loop {
            let n = match file.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(cannot_read(e)),
            };
            let chunk = &chunk[..n];
            if chunk.contains(&0) {
                return Err(Failure(format!(
                    "{}: not a text trace (it holds NUL bytes)",
                    self.file
                )));
            }
            let offset = bytes.len();
            bytes.extend_from_slice(chunk);
            if let Some(last) = chunk.iter().rposition(|&b| b == b'\n') {
                line_start = offset + last + 1;
            }
            if bytes.len() - line_start > MAX_LINE_BYTES {
                return Err(Failure(format!(
                    "{}: not a trace (a line longer than {MAX_LINE_BYTES} bytes)",
                    self.file
                )));
            }
        }
        trace_file::parse(&bytes, &format).map_err(|e| Failure(format!("{}: {e}", self.file)))
    }
}

/// `--policy`'s long help, naming every policy.
pub fn policy_help() -> String {
    format!(
        "Policy names, comma-separated or repeated: {}; `belady` is the optimum",
        TracePolicy::names().join(", ")
    )
}

/// A policy by its CLI name.
pub fn parse_policy(name: &str) -> Result<TracePolicy, String> {
    TracePolicy::from_name(name.trim()).ok_or_else(|| {
        format!(
            "unknown policy '{name}'; known: {}",
            TracePolicy::names().join(", ")
        )
    })
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

/// `1000` or `0.01`: a value with a decimal point or exponent is a fraction, else entries.
pub fn parse_size(text: &str) -> Result<Size, String> {
    let text = text.trim();
    let invalid = || format!("size '{text}' is neither an entry count nor a fraction such as 0.01");
    if text.contains(['.', 'e', 'E']) {
        let fraction: f64 = text.parse().map_err(|_| invalid())?;
        if !(fraction.is_finite() && fraction >= 0.0) {
            return Err(invalid());
        }
        Ok(Size::Fraction(fraction))
    } else {
        text.parse().map(Size::Entries).map_err(|_| invalid())
    }
}
