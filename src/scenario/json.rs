//! Scenario files: exactly one JSON object, and parse errors that name the innermost field.
//!
//! serde reads an internally tagged enum (`{"kind": "back", "flush_interval_ms": …}`) by
//! buffering the object and then deserializing the variant from the buffer, out of sight
//! of `serde_path_to_error`, so its error names only the enum's field (`write_policy`).
//! Rather than change the types or the format, a failed parse is replayed on the parsed
//! JSON value: taking each member of the object the error stopped at out in turn, the one
//! whose absence changes the error is the one that caused it, and the search goes on
//! inside it (`write_policy.flush_interval_ms`, `rate_limits.tiers[0].limit.rate.count`).

use super::numbers::readable;
use super::{Scenario, ScenarioError};
use serde::Deserialize;
use serde_json::Value;
use serde_path_to_error::Segment;

/// A variant body has at most a dozen fields; an object with more members is not searched,
/// so a hostile file can't make the replay quadratic. Its error names the enum's field.
const MAX_SEARCHED_MEMBERS: usize = 32;

/// Replays per error, all levels together: the deepest real path (an HPA policy's field in
/// the autoscaler) takes about 30, and a deep, hostile nest of arrays stops here.
const MAX_REPLAYS: usize = 200;

/// Why the text is not a scenario, as the `ScenarioError::Parse` message.
fn parse_error(message: &str) -> ScenarioError {
    ScenarioError::Parse(readable(message))
}

/// Parses `text` as one scenario object: a leading byte-order mark is skipped (editors on
/// Windows write one), anything but whitespace after the object is an error.
pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = one_object(text)?;
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let message = error.into_inner().to_string();
        let within = if path == "." { "" } else { path.as_str() };
        let located = match deserialize(&value) {
            // The replay on the value has no line and column, but names a deeper field.
            Err(ValueError {
                path: deeper,
                message,
            }) if deeper.len() > within.len() && deeper.starts_with(within) => {
                format!("{deeper}: {message}")
            }
            _ if within.is_empty() => message,
            _ => format!("{path}: {message}"),
        };
        parse_error(&located)
    })
}

/// The text as a JSON value, which must be one object and nothing else.
fn one_object(text: &str) -> Result<Value, ScenarioError> {
    if text.trim_start_matches([' ', '\t', '\n', '\r']).is_empty() {
        return Err(parse_error(
            "the file is empty: a scenario is one JSON object, `{…}` (`{}` is the default)",
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Value::deserialize(&mut deserializer).map_err(|e| parse_error(&e.to_string()))?;
    if let Err(e) = deserializer.end() {
        return Err(parse_error(&format!(
            "text after the scenario's closing `}}` at line {} column {}: a scenario file holds \
             one JSON object and nothing after it",
            e.line(),
            e.column()
        )));
    }
    let found = match value {
        Value::Object(_) => return Ok(value),
        Value::Array(_) => "an array",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
    };
    Err(parse_error(&format!(
        "a scenario is one JSON object, `{{…}}`, not {found}"
    )))
}

/// A failed deserialization of a scenario value: the innermost field and serde's message.
#[derive(Debug, PartialEq)]
pub struct ValueError {
    /// Dotted, as `Scenario::validate` names fields; `.` is the whole scenario.
    pub path: String,
    pub message: String,
}

/// The tag keys of the scenario's internally tagged enums, an enum nested in a variant
/// before its enclosing one's (`TokenBucketConfig`'s `"refill"` inside `Algorithm`'s
/// `"kind"`). Taking a tag out always changes the error (its variant is gone), so tags are
/// searched last, innermost first: a tag is the cause only when no field and no tag nested
/// in its variant is.
const TAGS: [&str; 2] = ["refill", "kind"];

/// Deserializes a scenario from a JSON value (a file's, or a share link's); an error names
/// the innermost field, inside tagged enums too. Does not validate.
pub fn deserialize(value: &Value) -> Result<Scenario, ValueError> {
    let error = match serde_path_to_error::deserialize::<_, Scenario>(value) {
        Ok(scenario) => return Ok(scenario),
        Err(error) => error,
    };
    let steps: Option<Vec<Step>> = error
        .path()
        .iter()
        .map(|segment| match segment {
            Segment::Seq { index } => Some(Step::Index(*index)),
            Segment::Map { key } => Some(Step::Key(key.clone())),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect();
    let mut path = error.path().to_string();
    let message = error.into_inner().to_string();
    // A missing field is named by the message itself; no member of the object caused it.
    if let (Some(mut steps), false) = (steps, message.starts_with("missing field")) {
        let mut scratch = value.clone();
        let original = error_of(&scratch);
        let mut budget = MAX_REPLAYS;
        while let Some(step) = culprit(&mut scratch, &steps, &original, &mut budget) {
            path = step.append_to(&path);
            steps.push(step);
        }
    }
    Err(ValueError { path, message })
}

/// One step down a JSON value: a member of an object or an element of an array.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

impl Step {
    fn append_to(&self, path: &str) -> String {
        match (self, path) {
            (Step::Key(key), ".") => key.clone(),
            (Step::Key(key), _) => format!("{path}.{key}"),
            (Step::Index(index), _) => format!("{path}[{index}]"),
        }
    }
}

/// The error deserializing `value` as a scenario gives, path and message.
fn error_of(value: &Value) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, Scenario>(value)
        .err()
        .map(|error| (error.path().to_string(), error.inner().to_string()))
}

fn node_mut<'a>(root: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    steps.iter().try_fold(root, |node, step| match step {
        Step::Key(key) => node.get_mut(key.as_str()),
        Step::Index(index) => node.get_mut(*index),
    })
}

/// The member of the object (or element of the array) at `steps` whose absence changes
/// the error, if there is one within `budget` replays. `root` is left as it was.
fn culprit(
    root: &mut Value,
    steps: &[Step],
    original: &Option<(String, String)>,
    budget: &mut usize,
) -> Option<Step> {
    let candidates: Vec<Step> = match node_mut(root, steps)? {
        Value::Object(map) if map.len() <= MAX_SEARCHED_MEMBERS => {
            let fields = map.keys().filter(|key| !TAGS.contains(&key.as_str()));
            let tags = TAGS.iter().filter(|tag| map.contains_key(**tag));
            fields
                .cloned()
                .chain(tags.map(|tag| tag.to_string()))
                .map(Step::Key)
                .collect()
        }
        Value::Array(items) if items.len() <= MAX_SEARCHED_MEMBERS => {
            (0..items.len()).map(Step::Index).collect()
        }
        _ => return None,
    };
    candidates.into_iter().find(|step| {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let taken = take(root, steps, step);
        let changed = error_of(root) != *original;
        put_back(root, steps, step, taken);
        changed
    })
}

fn take(root: &mut Value, steps: &[Step], step: &Step) -> Value {
    match (node_mut(root, steps), step) {
        (Some(Value::Object(map)), Step::Key(key)) => map.remove(key),
        (Some(Value::Array(items)), Step::Index(index)) => Some(items.remove(*index)),
        _ => None,
    }
    .expect("the candidate steps were read from this node")
}

fn put_back(root: &mut Value, steps: &[Step], step: &Step, taken: Value) {
    match (node_mut(root, steps), step) {
        (Some(Value::Object(map)), Step::Key(key)) => {
            map.insert(key.clone(), taken);
        }
        (Some(Value::Array(items)), Step::Index(index)) => items.insert(*index, taken),
        _ => unreachable!("the node the member was taken from is still there"),
    }
}

#[cfg(test)]
mod tests;
