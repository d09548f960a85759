//! What the fuzz examples share (`fuzz_link`, `fuzz_scenario`): the command line, the loop
//! that catches and tallies panics, and the byte mutations.

use cacheplay::sim::rng::SplitMix64;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::ExitCode;

/// Runs `name [N] [SEED]`: N (default 1,000,000) inputs drawn by `input`, each with the
/// layer it was made at, through `open`, which names the outcome and asserts what must
/// hold; prints the tallies and fails on any panic, printing the first ten inputs.
pub fn run(
    name: &str,
    mut input: impl FnMut(&mut SplitMix64) -> (&'static str, String),
    open: fn(&str) -> &'static str,
) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: u64 = match args.first().map(|n| n.replace('_', "").parse()) {
        None => 1_000_000,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("usage: {name} [N] [SEED]");
            return ExitCode::from(2);
        }
    };
    let seed = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut rng = SplitMix64::new(seed);
    // A panic is caught and reported with its input below; the default hook would also
    // print a backtrace per panic.
    std::panic::set_hook(Box::new(|_| {}));
    // Wall time only reports the speed; nothing depends on it.
    #[allow(clippy::disallowed_methods)]
    let start = std::time::Instant::now();
    let mut tallies: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    let mut panics = 0u64;
    for _ in 0..count {
        let (layer, input) = input(&mut rng);
        let outcome = match catch_unwind(AssertUnwindSafe(|| open(&input))) {
            Ok(outcome) => outcome,
            Err(_) => {
                panics += 1;
                if panics <= 10 {
                    eprintln!("PANIC on {input:?}");
                }
                "panic"
            }
        };
        *tallies.entry((layer, outcome)).or_default() += 1;
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{count} inputs in {seconds:.1} s ({:.0}/s), seed {seed}",
        count as f64 / seconds
    );
    println!("{:<10} {:<14} {:>9}", "layer", "outcome", "inputs");
    for ((layer, outcome), n) in &tallies {
        println!("{layer:<10} {outcome:<14} {n:>9}");
    }
    if panics == 0 {
        println!("no panics");
        ExitCode::SUCCESS
    } else {
        println!("{panics} panics");
        ExitCode::FAILURE
    }
}

/// Mostly base64url and JSON punctuation, sometimes anything.
pub fn random_byte(rng: &mut SplitMix64) -> u8 {
    const LIKELY: &[u8] =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_{}[]\":,.e+";
    if rng.below(4) == 0 {
        rng.below(256) as u8
    } else {
        LIKELY[rng.below(LIKELY.len() as u32) as usize]
    }
}

/// Up to `most` edits: substitute, insert, delete, cut, repeat a stretch, flip a bit.
pub fn mutate(rng: &mut SplitMix64, bytes: &mut Vec<u8>, most: u32) {
    for _ in 0..=rng.below(most) {
        let at = rng.below(bytes.len() as u32 + 1) as usize;
        match rng.below(6) {
            0 if at < bytes.len() => bytes[at] = random_byte(rng),
            1 => bytes.insert(at, random_byte(rng)),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            3 => bytes.truncate(at),
            4 => {
                let len = rng.below(16) as usize;
                let stretch: Vec<u8> = bytes[at..].iter().take(len).copied().collect();
                bytes.splice(at..at, stretch);
            }
            _ if at < bytes.len() => bytes[at] ^= 1 << rng.below(8),
            _ => {}
        }
    }
}
