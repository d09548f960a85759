//! Where a scenario comes from on the command line: a preset, a share link or a file.

use crate::output::{indent, Failure};
use cacheplay::scenario::{self, link, Scenario};

/// A preset by name, else a share link (a URL with a fragment, `#v1.…` or `v1.…`), else a
/// scenario file by path. The error says what was tried.
pub fn load(target: &str) -> Result<Scenario, Failure> {
    if let Some(scenario) = scenario::preset(target) {
        return Ok(scenario);
    }
    if link::looks_like_link(target) {
        return Scenario::from_link(target).map_err(|e| Failure::Input(e.to_string()));
    }
    let path = std::path::Path::new(target);
    let looks_like_path = target.contains(['/', '\\', '.']);
    if !looks_like_path && !path.exists() {
        let names: Vec<&str> = scenario::presets().iter().map(|p| p.name).collect();
        return Err(Failure::Input(format!(
            "unknown preset '{target}' (presets: {}); to run a file, give its path, e.g. ./{target}.json; a share link starts with http or #v1.",
            names.join(", ")
        )));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Input(format!("cannot read '{target}': {e}")))?;
    Scenario::from_json(&text)
        .map_err(|e| Failure::Input(format!("'{target}':\n{}", indent(&e.to_string()))))
}
