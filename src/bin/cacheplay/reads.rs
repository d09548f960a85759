//! `cacheplay reads`: the reads of a scenario's run as a trace file, the trace the
//! playground's miss-ratio curve replays, so `cacheplay mrc` can redraw that curve.

use crate::load::load;
use crate::output::{exit, print, Failure};
use cacheplay::sim::replay::curve::ReadTrace;
use std::fmt::Write;
use std::process::ExitCode;

/// Print the keys a scenario's run reads, as a trace file.
///
/// Prints the keys of the scenario run's reads, one per line (the txt trace format): the
/// trace the playground's miss-ratio curve replays, the first 500000 reads at most, among
/// the first 2000000 requests. Keys are numbered from 0 in order of first appearance.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A preset name, a scenario file or a share link.
    #[arg(value_name = "SCENARIO")]
    target: String,
}

/// `cacheplay reads ARGS…`.
pub fn main(args: Args) -> ExitCode {
    exit("reads", run(&args))
}

fn run(args: &Args) -> Result<(), Failure> {
    let config = load(&args.target)?.config();
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
    use clap::CommandFactory;

    #[derive(clap::Parser)]
    struct Reads {
        #[command(flatten)]
        args: Args,
    }

    #[test]
    fn the_help_states_the_limits() {
        let help = Reads::command().render_long_help().to_string();
        assert!(help.contains(&format!("first {MAX_READS} reads")), "{help}");
        assert!(
            help.contains(&format!("first {MAX_REQUESTS} requests")),
            "{help}"
        );
    }
}
