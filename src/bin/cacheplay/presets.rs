//! `cacheplay presets`: one line per preset, its name then its summary.

use crate::output;
use cacheplay::scenario;
use std::process::ExitCode;

/// List the presets, one per line: the name, then what it models.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn main(_args: Args) -> ExitCode {
    let presets = scenario::presets();
    let width = presets.iter().map(|p| p.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for preset in &presets {
        text.push_str(&format!("{:width$}  {}\n", preset.name, preset.summary));
    }
    output::exit("presets", output::print(&text))
}
