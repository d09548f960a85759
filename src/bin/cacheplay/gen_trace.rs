//! `cacheplay gen-trace`: synthetic traces in libCacheSim's txt format, one object id per
//! line, from `sim::replay::synthetic`.

use crate::output::{exit, Failure};
use cacheplay::sim::replay::synthetic::{self, Kind, Synthetic};
use std::io::{BufWriter, ErrorKind, Write};
use std::process::ExitCode;

/// Generate a synthetic trace: one object id per line (libCacheSim's txt format).
///
/// Object ids start at 1; id 1 is the most popular. Each kind draws from one SplitMix64
/// stream seeded with --seed, one draw per Zipf or uniform request, so the same flags
/// give the same bytes on every machine. With no flags, `zipf` is the reference trace
/// libCacheSim's miss ratios in tests/it/fidelity.rs were measured on.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    kind: KindArgs,
}

#[derive(Debug, clap::Subcommand)]
enum KindArgs {
    /// Zipf requests: object k of 1..=n-obj drawn with weight 1 / k^alpha.
    ///
    /// The weights are summed from k = 1 up in doubles; a draw takes one uniform u and
    /// picks the smallest k whose cumulative weight exceeds u × the total.
    Zipf {
        #[command(flatten)]
        zipf: ZipfArgs,
        #[command(flatten)]
        common: Common,
    },
    /// Zipf requests interleaved with one-time scans.
    ///
    /// Each period of --period requests is period − scan-len Zipf draws, then scan-len
    /// requests to objects scan-base,
    /// scan-base + 1, … counting on over the whole trace, so no scanned object repeats.
    Scanmix {
        /// The Zipf exponent.
        #[arg(long, default_value_t = 0.9)]
        alpha: f64,
        /// Objects the Zipf draws pick from.
        #[arg(long, default_value_t = 50_000)]
        n_obj: u32,
        /// Requests per period.
        #[arg(long, default_value_t = 10_000)]
        period: u32,
        /// Scan requests at the end of each period.
        #[arg(long, default_value_t = 2_000)]
        scan_len: u32,
        /// The first scanned object's id; above n-obj.
        #[arg(long, default_value_t = 1_000_001)]
        scan_base: u64,
        #[command(flatten)]
        common: Common,
    },
    /// Every request uniform over objects 1..=n-obj.
    Uniform {
        /// Objects to pick from.
        #[arg(long, default_value_t = 100_000)]
        n_obj: u32,
        #[command(flatten)]
        common: Common,
    },
    /// Zipf requests interleaved with a loop over objects larger than the cache.
    ///
    /// Each period of --period requests is period − loop-len Zipf draws, then the next loop-len steps of an endless sequential
    /// loop over objects n-obj + 1 … n-obj + loop-keys (a job rereading a file larger than
    /// the cache).
    Loop {
        #[command(flatten)]
        zipf: ZipfArgs,
        /// Requests per period.
        #[arg(long, default_value_t = 10_000)]
        period: u32,
        /// Loop requests at the end of each period.
        #[arg(long, default_value_t = 3_000)]
        loop_len: u32,
        /// Objects the loop cycles through.
        #[arg(long, default_value_t = 20_000)]
        loop_keys: u32,
        #[command(flatten)]
        common: Common,
    },
    /// Zipf requests whose hot set moves.
    ///
    /// In phase p (request i is in phase i / phase-len) rank r is object
    /// ((r − 1 + p × shift) mod n-obj) + 1: the hot set slides by --shift objects a phase.
    Shift {
        #[command(flatten)]
        zipf: ZipfArgs,
        /// Requests per phase.
        #[arg(long, default_value_t = 100_000)]
        phase_len: u64,
        /// Objects the hot set moves by each phase.
        #[arg(long, default_value_t = 5_000)]
        shift: u32,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, clap::Args)]
struct ZipfArgs {
    /// The Zipf exponent: 0 is uniform, 1 the classic web-cache skew.
    #[arg(long, default_value_t = 1.0)]
    alpha: f64,
    /// Objects the Zipf draws pick from.
    #[arg(long, default_value_t = 100_000)]
    n_obj: u32,
}

/// What every kind takes.
#[derive(Debug, clap::Args)]
struct Common {
    /// Requests in the trace.
    #[arg(long, default_value_t = 2_000_000)]
    n_req: u64,
    /// The random stream's seed.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Write the trace here instead of to stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<String>,
}

/// The most objects a Zipf table may hold: 8 bytes each, so 80 MB.
const MAX_OBJECTS: u32 = 10_000_000;

pub fn main(args: Args) -> ExitCode {
    exit("gen-trace", run(args))
}

fn run(args: Args) -> Result<(), Failure> {
    let (kind, common) = match args.kind {
        KindArgs::Zipf { zipf, common } => (
            Kind::Zipf {
                alpha: zipf.alpha,
                n_obj: zipf.n_obj,
            },
            common,
        ),
        KindArgs::Scanmix {
            alpha,
            n_obj,
            period,
            scan_len,
            scan_base,
            common,
        } => (
            Kind::ScanMix {
                alpha,
                n_obj,
                period,
                scan_len,
                scan_base,
            },
            common,
        ),
        KindArgs::Uniform { n_obj, common } => (Kind::Uniform { n_obj }, common),
        KindArgs::Loop {
            zipf,
            period,
            loop_len,
            loop_keys,
            common,
        } => (
            Kind::Loop {
                alpha: zipf.alpha,
                n_obj: zipf.n_obj,
                period,
                loop_len,
                loop_keys,
            },
            common,
        ),
        KindArgs::Shift {
            zipf,
            phase_len,
            shift,
            common,
        } => (
            Kind::Shift {
                alpha: zipf.alpha,
                n_obj: zipf.n_obj,
                phase_len,
                shift,
            },
            common,
        ),
    };
    check(&kind, common.n_req).map_err(Failure)?;
    let trace = Synthetic {
        kind,
        seed: common.seed,
    };
    match &common.output {
        None => write(&trace, common.n_req, std::io::stdout().lock(), "stdout"),
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|e| Failure(format!("cannot create '{path}': {e}")))?;
            write(&trace, common.n_req, file, &format!("'{path}'"))
        }
    }
}

/// Writes the trace to `out`, which is `name` in an error message.
fn write(trace: &Synthetic, requests: u64, out: impl Write, name: &str) -> Result<(), Failure> {
    let mut out = BufWriter::with_capacity(1 << 16, out);
    match synthetic::write_txt(trace, requests, &mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe is a reader that has had enough (`gen-trace zipf | head`).
        Err(error) if error.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(Failure(format!("cannot write to {name}: {error}"))),
    }
}

/// The parameters `Synthetic::keys` needs for `requests` requests, each problem named by
/// its flag.
fn check(kind: &Kind, requests: u64) -> Result<(), String> {
    let (Kind::Zipf { n_obj, .. }
    | Kind::ScanMix { n_obj, .. }
    | Kind::Uniform { n_obj }
    | Kind::Loop { n_obj, .. }
    | Kind::Shift { n_obj, .. }) = *kind;
    if !(1..=MAX_OBJECTS).contains(&n_obj) {
        return Err(format!(
            "--n-obj must be between 1 and {MAX_OBJECTS}, got {n_obj}"
        ));
    }
    match *kind {
        Kind::Zipf { alpha, .. }
        | Kind::ScanMix { alpha, .. }
        | Kind::Loop { alpha, .. }
        | Kind::Shift { alpha, .. }
            if !(alpha.is_finite() && alpha >= 0.0) =>
        {
            return Err(format!("--alpha must be a finite number ≥ 0, got {alpha}"));
        }
        _ => {}
    }
    match *kind {
        Kind::ScanMix {
            period, scan_len, ..
        } if scan_len >= period => Err(format!(
            "--scan-len ({scan_len}) must be below --period ({period}): a period needs a Zipf request"
        )),
        Kind::ScanMix {
            n_obj, scan_base, ..
        } if scan_base <= u64::from(n_obj) => Err(format!(
            "--scan-base ({scan_base}) must be above --n-obj ({n_obj}), so scanned ids never collide with Zipf ids"
        )),
        Kind::ScanMix { scan_base, .. } if scan_base.checked_add(requests).is_none() => Err(
            format!("--scan-base ({scan_base}) plus --n-req ({requests}) must fit in 64 bits"),
        ),
        Kind::Loop {
            period, loop_len, ..
        } if loop_len >= period => Err(format!(
            "--loop-len ({loop_len}) must be below --period ({period}): a period needs a Zipf request"
        )),
        Kind::Loop {
            loop_len, loop_keys, ..
        } if loop_len > 0 && loop_keys == 0 => {
            Err("--loop-keys must be at least 1 for a loop to go round".to_string())
        }
        Kind::Shift { phase_len: 0, .. } => Err("--phase-len must be at least 1".to_string()),
        _ => Ok(()),
    }
}
