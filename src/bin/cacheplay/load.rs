//! Where a scenario comes from on the command line: a preset, a scenario file or a share
//! link.

use crate::output::{indent, Failure};
use cacheplay::scenario::{self, link, Scenario};
use std::io::Read;
use std::path::Path;

/// The largest scenario file read: the biggest scenario (every list full, the longest
/// title and notes) is a few tens of kilobytes of pretty JSON, so a file past this is not
/// a scenario, and `/dev/zero` must not be read until memory runs out.
pub const MAX_SCENARIO_FILE_BYTES: u64 = 1 << 20;

/// A preset by name, else an existing file, else a share link (a URL with a fragment,
/// `#v1.…` or `v1.…`), else a file that isn't there. The error says what was tried.
pub fn load(target: &str) -> Result<Scenario, Failure> {
    if let Some(scenario) = scenario::preset(target) {
        return Ok(scenario);
    }
    let path = Path::new(target);
    // A file that exists is a file, even with a `#` in its name.
    if path.exists() {
        return read_file(target);
    }
    if link::looks_like_link(target) || has_version_tag(target) {
        return Scenario::from_link(target)
            .map_err(|e| Failure(format!("'{target}' is not a file; as a share link: {e}")));
    }
    let looks_like_path = target.contains(['/', '\\', '.']);
    if !looks_like_path {
        let names: Vec<&str> = scenario::presets().iter().map(|p| p.name).collect();
        return Err(Failure(format!(
            "unknown preset '{target}' (presets: {}); to run a file, give its path, e.g. ./{target}.json; a share link starts with http or #v1.",
            names.join(", ")
        )));
    }
    read_file(target)
}

/// `v<digits>.` and then nothing but base64url: the start of a share link, however short
/// (`looks_like_link` wants a payload-sized run, so a cut-off link would be read as a file).
fn has_version_tag(text: &str) -> bool {
    let Some(rest) = text.trim().strip_prefix('v') else {
        return false;
    };
    let Some((digits, payload)) = rest.split_once('.') else {
        return false;
    };
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && payload
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Reads and parses a scenario file of at most [`MAX_SCENARIO_FILE_BYTES`].
fn read_file(target: &str) -> Result<Scenario, Failure> {
    let cannot_read = |e: std::io::Error| Failure(format!("cannot read '{target}': {e}"));
    let file = std::fs::File::open(target).map_err(cannot_read)?;
    let too_large = || {
        Failure(format!(
            "'{target}' is larger than {MAX_SCENARIO_FILE_BYTES} bytes (1 MiB), too large for a \
             scenario file"
        ))
    };
    // The size a regular file declares, then what is actually read: a device or a pipe
    // declares nothing.
    if file.metadata().map_err(cannot_read)?.len() > MAX_SCENARIO_FILE_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(MAX_SCENARIO_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_SCENARIO_FILE_BYTES {
        return Err(too_large());
    }
    let text = String::from_utf8(bytes)
        .map_err(|e| Failure(format!("cannot read '{target}': not UTF-8 text ({e})")))?;
    Scenario::from_json(&text)
        .map_err(|e| Failure(format!("'{target}':\n{}", indent(&e.to_string()))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_tag_is_the_start_of_a_link() {
        for text in ["v1.", "v1.q64", "v12.abc_-", " v1.x "] {
            assert!(has_version_tag(text), "{text:?}");
        }
        for text in ["v1", "v.abc", "vx.abc", "v1.json/x", "my.json", "v1.a.b"] {
            assert!(!has_version_tag(text), "{text:?}");
        }
    }
}
