//! `cacheplay reads`: the reads of a scenario's run as a trace file, the trace the
//! playground's miss-ratio curve replays, so `cacheplay mrc` can redraw that curve.

use crate::load::load;
use crate::output::{exit, print, Failure};
use cacheplay::sim::replay::curve::ReadTrace;
use std::fmt::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: cacheplay reads <scenario.json | preset | link>

Prints the keys of the scenario run's reads, one per line (the txt trace format): the
trace the playground's miss-ratio curve replays, the first 500000 reads at most, among
the first 2000000 requests. Keys are numbered from 0 in order of first appearance.";

/// `cacheplay reads ARGS…`.
pub fn main(args: &[String]) -> ExitCode {
    exit("reads", USAGE, run(args))
}

fn run(args: &[String]) -> Result<(), Failure> {
    let mut target = None;
    for arg in args {
        match arg.as_str() {
            "-h" | "--help" => return Err(Failure::Help),
            flag if flag.starts_with("--") => {
                return Err(Failure::Usage(format!("unknown option '{flag}'")));
            }
            _ if target.is_some() => {
                return Err(Failure::Usage(format!("unexpected argument '{arg}'")));
            }
            _ => target = Some(arg.as_str()),
        }
    }
    let target = target.ok_or_else(|| Failure::Usage("which scenario?".to_string()))?;
    let config = load(target)?.config();
    let (keys, _) = ReadTrace::draw_all(&config.workload, config.seed, config.duration_s);
    let mut text = String::with_capacity(keys.len() * 6);
    for key in keys {
        writeln!(text, "{}", key.0).expect("writing to a String cannot fail");
    }
    print(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cacheplay::sim::replay::curve::{MAX_READS, MAX_REQUESTS};

    #[test]
    fn the_usage_states_the_limits() {
        assert!(USAGE.contains(&format!("first {MAX_READS} reads")));
        assert!(USAGE.contains(&format!("first {MAX_REQUESTS} requests")));
    }
}
