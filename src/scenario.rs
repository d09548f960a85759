//! The user's scenario: plain serde data with defaults, validation and presets.
//!
//! This is the only place where user input (form fields, files, share links) becomes
//! errors; once a `Scenario` validates, the engine must run it without panicking.
//! The limits that bound a run's work and memory are in [`limits`]; the presets from
//! common practice in [`presets`](mod@presets).

use crate::sim::autoscale::AutoscalerConfig;
use crate::sim::config::{Cache, Servers, Store, Workload, WritePolicy};
use crate::sim::fault::Fault;
use crate::sim::limiter::LimiterConfig;
use crate::sim::Config;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub mod choice;
pub mod fields;
pub mod inert;
pub mod json;
pub mod limits;
pub mod link;
pub mod numbers;
pub mod presets;
pub mod schema;
pub mod trace;

pub use limits::*;
pub use presets::{preset, presets, Preset};

/// A cache-tier design and its workload, with a title for people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// Shown as plain text, never as HTML.
    pub title: String,
    /// Shown as plain text, never as HTML.
    pub notes: String,
    pub seed: u64,
    pub duration_s: f64,
    pub sample_interval_ms: f64,
    pub workload: Workload,
    pub servers: Servers,
    pub cache: Cache,
    pub write_policy: WritePolicy,
    pub store: Store,
    /// Rate limits in front of the server pool; no tiers, no limiting.
    pub rate_limits: LimiterConfig,
    /// Resizes the server pool; absent (`null`), the pool keeps `servers.instances`.
    pub autoscaling: Option<AutoscalerConfig>,
    /// Store outages and slowdowns, cache crashes and latency spikes, in seconds.
    pub faults: Vec<Fault>,
}

impl Default for Scenario {
    fn default() -> Scenario {
        Scenario::from_config("Default", "", Config::default())
    }
}

impl Scenario {
    pub fn from_config(title: &str, notes: &str, config: Config) -> Scenario {
        Scenario {
            title: title.to_string(),
            notes: notes.to_string(),
            seed: config.seed,
            duration_s: config.duration_s,
            sample_interval_ms: config.sample_interval_ms,
            workload: config.workload,
            servers: config.servers,
            cache: config.cache,
            write_policy: config.write_policy,
            store: config.store,
            rate_limits: config.rate_limits,
            autoscaling: config.autoscaling,
            faults: config.faults,
        }
    }

    /// The engine's parameters of this scenario.
    pub fn config(&self) -> Config {
        Config {
            seed: self.seed,
            duration_s: self.duration_s,
            sample_interval_ms: self.sample_interval_ms,
            workload: self.workload.clone(),
            servers: self.servers.clone(),
            cache: self.cache.clone(),
            write_policy: self.write_policy.clone(),
            store: self.store.clone(),
            rate_limits: self.rate_limits.clone(),
            autoscaling: self.autoscaling.clone(),
            faults: self.faults.clone(),
        }
    }
}

/// One invalid field: its dotted path (`cache.ttl.jitter_fraction`), its label as the
/// form shows it, and what is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub label: String,
    pub message: String,
}

impl FieldError {
    /// An error at the field at `path`, labelled as a person calls it, its numbers
    /// written readably (`1e308`, not 309 digits).
    pub fn new(path: &str, message: String) -> FieldError {
        FieldError {
            field: path.to_string(),
            label: fields::label_of(path),
            message: numbers::readable(&message),
        }
    }
}

/// Why user input is not a runnable scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    /// The text is not a scenario at all (malformed JSON, unknown field, wrong type).
    Parse(String),
    /// The scenario parsed, but these fields are out of range.
    Invalid(Vec<FieldError>),
    /// A share link that can't be opened (`link::LinkError` says why).
    Link(link::LinkError),
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScenarioError::Parse(message) => write!(f, "not a valid scenario: {message}"),
            ScenarioError::Link(error) => error.fmt(f),
            ScenarioError::Invalid(errors) => {
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{}: {}", error.field, error.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    /// Parses and validates a scenario from JSON text: one object, nothing after it. A
    /// parse error names the innermost field (`write_policy.flush_interval_ms: invalid
    /// type ...`), see [`json`].
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario = json::parse(text)?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Checks every field's range and the rules across fields; lists every invalid
    /// field, not just the first.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        self.validate_edit(None)
    }

    /// As [`validate`](Scenario::validate), for a scenario whose field at `edited` was
    /// just changed: a rule between two fields (min ≤ max, a window's end after its start)
    /// reports on the edited one, so the error shows where the user is typing.
    pub fn validate_edit(&self, edited: Option<&str>) -> Result<(), ScenarioError> {
        let mut errors = fields::check(self, edited);
        if errors.is_empty() {
            // Only fields within their ranges make a meaningful resource estimate.
            errors.extend(limits::check_resources(self));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ScenarioError::Invalid(errors))
        }
    }
}

#[cfg(test)]
mod tests;
