//! `cacheplay presets`: one line per preset, its name then its summary.

use crate::output::{self, Failure};
use cacheplay::scenario;
use std::process::ExitCode;

const USAGE: &str = "usage: cacheplay presets";

pub fn main(args: &[String]) -> ExitCode {
    output::exit("presets", USAGE, run(args))
}

fn run(args: &[String]) -> Result<(), Failure> {
    if let Some(arg) = args.first() {
        return Err(Failure::Usage(format!("unexpected argument '{arg}'")));
    }
    let presets = scenario::presets();
    let width = presets.iter().map(|p| p.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for preset in &presets {
        text.push_str(&format!("{:width$}  {}\n", preset.name, preset.summary));
    }
    output::print(&text)
}
