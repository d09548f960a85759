//! `cacheplay run`: runs a scenario file or a preset and prints the summary or the time series.

use crate::load::load;
use crate::output::{self, indent, Failure};
use cacheplay::sim;
use std::process::ExitCode;

const USAGE: &str =
    "usage: cacheplay run <scenario.json | preset | share link> [--duration-s N] [--format json|csv]";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// The run's `Summary` as one JSON object on one line.
    Json,
    /// The run's `Sample`s, a header row first.
    Csv,
}

#[derive(Debug)]
struct Options {
    /// A preset name or a path to a scenario JSON file.
    target: String,
    duration_s: Option<f64>,
    format: Format,
}

pub fn main(args: &[String]) -> ExitCode {
    output::exit("run", USAGE, run(args))
}

fn run(args: &[String]) -> Result<(), Failure> {
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        return output::print(&format!("{USAGE}\n"));
    }
    let options = parse(args).map_err(Failure::Usage)?;
    let mut scenario = load(&options.target)?;
    // The flag overrides the field, then the scenario is validated as a whole, so the flag
    // obeys exactly the field's rules.
    if let Some(duration_s) = options.duration_s {
        scenario.duration_s = duration_s;
    }
    if let Err(error) = scenario.validate() {
        let with_flag = match options.duration_s {
            Some(duration_s) => format!(" with --duration-s {duration_s}"),
            None => String::new(),
        };
        return Err(Failure::Input(format!(
            "invalid scenario '{}'{with_flag}:\n{}",
            options.target,
            indent(&error.to_string())
        )));
    }
    let run = sim::run(&scenario.config());
    let text = match options.format {
        Format::Json => {
            let mut json = serde_json::to_string(&run.summary)
                .map_err(|e| Failure::Input(format!("cannot encode the summary: {e}")))?;
            json.push('\n');
            json
        }
        Format::Csv => sim::report::csv::samples_csv(&run.samples),
    };
    output::print(&text)
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut target = None;
    let mut duration_s = None;
    let mut format = Format::Json;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        // Both `--flag value` and `--flag=value`.
        let (flag, inline_value) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline_value
                .clone()
                .or_else(|| rest.next().cloned())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag {
            "--duration-s" => duration_s = Some(parse_duration(&value()?)?),
            "--format" => {
                format = match value()?.as_str() {
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    other => {
                        return Err(format!("unknown format '{other}' (expected json or csv)"))
                    }
                }
            }
            _ if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown flag '{flag}'"))
            }
            _ if target.is_some() => return Err(format!("unexpected argument '{arg}'")),
            _ => target = Some(arg.clone()),
        }
    }
    let target = target.ok_or_else(|| "missing scenario".to_string())?;
    Ok(Options {
        target,
        duration_s,
        format,
    })
}

/// A positive number of seconds. "abc", NaN, infinity, zero and negative numbers are not
/// durations at all; the upper bound is the scenario's rule, checked by validation.
fn parse_duration(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if value.is_finite() && value > 0.0 => Ok(value),
        _ => Err(format!(
            "--duration-s expects a positive number of seconds, got '{text}'"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_flags_in_both_spellings() {
        let options = parse(&args("default --duration-s 2.5 --format=csv")).unwrap();
        assert_eq!(options.target, "default");
        assert_eq!(options.duration_s, Some(2.5));
        assert_eq!(options.format, Format::Csv);

        let options = parse(&args("--format json x.json --duration-s=3")).unwrap();
        assert_eq!(options.target, "x.json");
        assert_eq!(options.duration_s, Some(3.0));
        assert_eq!(options.format, Format::Json);
    }

    #[test]
    fn rejects_bad_flags() {
        for (line, needle) in [
            ("", "missing scenario"),
            ("default --duration-s", "--duration-s needs a value"),
            ("default --duration-s abc", "got 'abc'"),
            ("default --duration-s NaN", "got 'NaN'"),
            ("default --duration-s inf", "got 'inf'"),
            ("default --duration-s 0", "got '0'"),
            ("default --duration-s -1", "got '-1'"),
            ("default --format xml", "unknown format 'xml'"),
            ("default --verbose", "unknown flag '--verbose'"),
            ("default banking", "unexpected argument 'banking'"),
        ] {
            let error = parse(&args(line)).unwrap_err();
            assert!(error.contains(needle), "{line:?} gave {error:?}");
        }
    }
}
