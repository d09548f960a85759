//! The user's scenario: plain serde data with defaults, validation and presets.
//!
//! This is the only place where user input (form fields, files, share links) becomes
//! errors; once a `Scenario` validates, the engine must run it without panicking.

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
