//! `cacheplay show`: the whole scenario as pretty JSON, every field with defaults filled
//! in, to start a scenario file from a preset or a link.

use crate::load::load;
use crate::output::{exit, print, Failure};
use std::process::ExitCode;

/// Print a scenario as JSON: every field, defaults filled in.
///
/// The output is a scenario file: `cacheplay show banking > mine.json`, edit it, and
/// `cacheplay run mine.json` (unedited, it runs to the same digest as the preset or link).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A preset name, a scenario file or a share link.
    #[arg(value_name = "SCENARIO")]
    target: String,
}

pub fn main(args: Args) -> ExitCode {
    exit("show", run(&args))
}

fn run(args: &Args) -> Result<(), Failure> {
    let scenario = load(&args.target)?;
    let mut json = serde_json::to_string_pretty(&scenario)
        .map_err(|e| Failure(format!("cannot encode the scenario: {e}")))?;
    json.push('\n');
    print(&json)
}
