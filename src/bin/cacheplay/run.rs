//! `cacheplay run`: runs a scenario file or a preset and prints the summary or the time series.

use crate::load::load;
use crate::output::{self, indent, Failure};
use crate::progress::Progress;
use cacheplay::sim::workload::expected_arrivals;
use cacheplay::sim::{self, Sim, Time};
use std::process::ExitCode;

/// Run a scenario; print its summary (json, the default) or its time series (csv).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A preset name, a scenario file or a share link.
    #[arg(value_name = "SCENARIO")]
    target: String,
    /// Run for this many seconds instead of the scenario's `duration_s`.
    #[arg(long, value_name = "SECONDS", value_parser = parse_duration, allow_negative_numbers = true)]
    duration_s: Option<f64>,
    /// What to print.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// The run's summary as one JSON object on one line.
    Json,
    /// The run's samples, a header row first.
    Csv,
}

/// Progress updates per run: the run advances in this many slices of simulated time.
const SLICES: u64 = 200;

pub fn main(args: Args) -> ExitCode {
    output::exit("run", run(&args))
}

fn run(args: &Args) -> Result<(), Failure> {
    let mut scenario = load(&args.target)?;
    // The flag overrides the field, then the scenario is validated as a whole, so the flag
    // obeys exactly the field's rules.
    if let Some(duration_s) = args.duration_s {
        scenario.duration_s = duration_s;
    }
    if let Err(error) = scenario.validate() {
        let with_flag = match args.duration_s {
            Some(duration_s) => format!(" with --duration-s {duration_s}"),
            None => String::new(),
        };
        return Err(Failure(format!(
            "invalid scenario '{}'{with_flag}:\n{}",
            args.target,
            indent(&error.to_string())
        )));
    }
    let config = scenario.config();
    let mut progress = Progress::new(expected_arrivals(
        &config.workload.profile,
        config.duration_s,
    ));
    // In slices, to move the bar; splitting a run changes nothing in it.
    let mut sim = Sim::new(&config);
    let end = sim.end();
    for slice in 1..=SLICES {
        let new = sim.advance_to(Time(end.0 / SLICES * slice));
        progress.add(new.iter().map(|sample| sample.requests).sum());
    }
    let run = sim.into_run();
    progress.finish();
    let text = match args.format {
        Format::Json => {
            let mut json = serde_json::to_string(&run.summary)
                .map_err(|e| Failure(format!("cannot encode the summary: {e}")))?;
            json.push('\n');
            json
        }
        Format::Csv => sim::report::csv::samples_csv(&run.samples),
    };
    output::print(&text)
}

/// A positive number of seconds. "abc", NaN, infinity, zero and negative numbers are not
/// durations at all; the upper bound is the scenario's rule, checked by validation.
fn parse_duration(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if value.is_finite() && value > 0.0 => Ok(value),
        _ => Err(format!(
            "expects a positive number of seconds, got '{text}'"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duration_is_a_positive_finite_number() {
        assert_eq!(parse_duration("2.5"), Ok(2.5));
        assert_eq!(parse_duration(" 3 "), Ok(3.0));
        for text in ["abc", "NaN", "inf", "0", "-1", ""] {
            let error = parse_duration(text).unwrap_err();
            assert!(
                error.contains(&format!("got '{text}'")),
                "{text:?} gave {error:?}"
            );
        }
    }
}
