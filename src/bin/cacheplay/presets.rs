//! `cacheplay presets`: one line per preset, its name then its summary.

use crate::output;
use cacheplay::scenario;

pub fn main(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!(
            "presets: unexpected argument '{arg}' (usage: cacheplay presets)"
        ));
    }
    let presets = scenario::presets();
    let width = presets.iter().map(|p| p.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for preset in &presets {
        text.push_str(&format!("{:width$}  {}\n", preset.name, preset.summary));
    }
    output::print(&text)
}
