//! The user's scenario: plain serde data with defaults, validation and presets.
//!
//! This is the only place where user input (form fields, files, share links) becomes
//! errors; once a `Scenario` validates, the engine must run it without panicking.
//! The limits that bound a run's work and memory are in [`limits`]; the presets from
//! common practice in [`presets`](mod@presets).

use crate::sim::config::{
    Cache, Latency, LoadProfile, Popularity, Servers, Store, Ttl, TtlMode, Workload, WriteBehind,
    WritePolicy,
};
use crate::sim::eviction::EvictionParams;
use crate::sim::{latency, workload, Config};
use serde::{Deserialize, Serialize};

pub mod limits;
pub mod link;
pub mod presets;
pub mod trace;

pub use limits::*;
pub use presets::{preset, presets, Preset};

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
    /// Parses and validates a scenario from JSON text. A parse error names the field
    /// path where it happened (`cache.ttl.mode: unknown variant ...`).
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let deserializer = &mut serde_json::Deserializer::from_str(text);
        let scenario: Scenario = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let path = e.path().to_string();
            if path == "." {
                ScenarioError::Parse(e.into_inner().to_string())
            } else {
                ScenarioError::Parse(format!("{path}: {}", e.into_inner()))
            }
        })?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Checks every field's range; lists every invalid field, not just the first.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let mut check = Checker::default();
        if self.title.chars().count() > MAX_TITLE_CHARS {
            check.fail(
                "title",
                format!("must be at most {MAX_TITLE_CHARS} characters"),
            );
        }
        if self.notes.chars().count() > MAX_NOTES_CHARS {
            check.fail(
                "notes",
                format!("must be at most {MAX_NOTES_CHARS} characters"),
            );
        }
        let duration_ok = check.range(
            "duration_s",
            self.duration_s,
            MIN_DURATION_S,
            MAX_DURATION_S,
        );
        if check.range(
            "sample_interval_ms",
            self.sample_interval_ms,
            MIN_SAMPLE_INTERVAL_MS,
            MAX_SAMPLE_INTERVAL_MS,
        ) && duration_ok
        {
            let samples = (self.duration_s * 1_000.0 / self.sample_interval_ms).ceil();
            if samples > MAX_SAMPLES {
                let least = self.duration_s * 1_000.0 / MAX_SAMPLES;
                check.fail(
                    "sample_interval_ms",
                    format!(
                        "must be at least {least} for a {} s run (at most {MAX_SAMPLES} samples; got {})",
                        self.duration_s, self.sample_interval_ms
                    ),
                );
            }
        }
        check_workload(
            &mut check,
            &self.workload,
            duration_ok.then_some(self.duration_s),
        );
        check_servers(&mut check, &self.servers);
        check_cache(&mut check, &self.cache, &self.write_policy);
        check_write_policy(&mut check, &self.write_policy);
        check_store(&mut check, &self.store);
        if check.errors.is_empty() {
            Ok(())
        } else {
            Err(ScenarioError::Invalid(check.errors))
        }
    }
}

/// Collects field errors with uniform messages.
#[derive(Default)]
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn fail(&mut self, field: &str, message: String) {
        self.errors.push(FieldError {
            field: field.to_string(),
            message,
        });
    }

    /// `min ≤ value ≤ max`, finite; returns whether it holds.
    fn range(&mut self, field: &str, value: f64, min: f64, max: f64) -> bool {
        let ok = value.is_finite() && value >= min && value <= max;
        if !ok {
            self.fail(
                field,
                format!("must be between {min} and {max} (got {value})"),
            );
        }
        ok
    }

    /// `min < value ≤ max`, finite; returns whether it holds.
    fn above(&mut self, field: &str, value: f64, min: f64, max: f64) -> bool {
        let ok = value.is_finite() && value > min && value <= max;
        if !ok {
            self.fail(
                field,
                format!("must be greater than {min} and at most {max} (got {value})"),
            );
        }
        ok
    }

    fn count(&mut self, field: &str, value: u32, min: u32, max: u32) -> bool {
        let ok = (min..=max).contains(&value);
        if !ok {
            self.fail(
                field,
                format!("must be between {min} and {max} (got {value})"),
            );
        }
        ok
    }
}

fn check_workload(check: &mut Checker, workload: &Workload, duration_s: Option<f64>) {
    check.range("workload.read_fraction", workload.read_fraction, 0.0, 1.0);
    check.count("workload.n_keys", workload.n_keys, 1, MAX_KEYS);
    check.count("workload.n_clients", workload.n_clients, 1, MAX_CLIENTS);
    let rate = |check: &mut Checker, name: &str, value: f64| {
        check.range(
            &format!("workload.profile.{name}"),
            value,
            0.0,
            MAX_RATE_PER_S,
        )
    };
    let profile_ok = match workload.profile {
        LoadProfile::Constant { rate_per_s } => rate(check, "rate_per_s", rate_per_s),
        LoadProfile::Ramp {
            from_per_s,
            to_per_s,
        } => rate(check, "from_per_s", from_per_s) & rate(check, "to_per_s", to_per_s),
        LoadProfile::Spike {
            base_per_s,
            peak_per_s,
            start_s,
            length_s,
        } => {
            rate(check, "base_per_s", base_per_s)
                & rate(check, "peak_per_s", peak_per_s)
                & check.range("workload.profile.start_s", start_s, 0.0, MAX_DURATION_S)
                & check.range("workload.profile.length_s", length_s, 0.0, MAX_DURATION_S)
        }
        LoadProfile::Diurnal {
            mean_per_s,
            amplitude,
            period_s,
        } => {
            rate(check, "mean_per_s", mean_per_s)
                & check.range("workload.profile.amplitude", amplitude, 0.0, 1.0)
                & check.range(
                    "workload.profile.period_s",
                    period_s,
                    MIN_PERIOD_S,
                    MAX_DURATION_S,
                )
        }
    };
    if let (true, Some(duration_s)) = (profile_ok, duration_s) {
        let expected = workload::peak_rate(&workload.profile) * duration_s;
        if expected > MAX_EXPECTED_REQUESTS {
            check.fail(
                "workload.profile",
                format!(
                    "peak rate × duration must be at most {MAX_EXPECTED_REQUESTS} requests (got {expected})"
                ),
            );
        }
    }
    match workload.popularity {
        Popularity::Uniform => {}
        Popularity::Zipf { alpha } => {
            check.range("workload.popularity.alpha", alpha, 0.0, MAX_ZIPF_ALPHA);
        }
        Popularity::Hotspot {
            hot_key_fraction,
            hot_request_fraction,
        } => {
            check.above(
                "workload.popularity.hot_key_fraction",
                hot_key_fraction,
                0.0,
                1.0,
            );
            check.range(
                "workload.popularity.hot_request_fraction",
                hot_request_fraction,
                0.0,
                1.0,
            );
        }
    }
}

fn check_latency(check: &mut Checker, field: &str, latency: &Latency) {
    match *latency {
        Latency::Constant { ms } => {
            check.range(&format!("{field}.ms"), ms, 0.0, MAX_LATENCY_MS);
        }
        Latency::Exponential { mean_ms } => {
            check.above(&format!("{field}.mean_ms"), mean_ms, 0.0, MAX_LATENCY_MS);
        }
        Latency::LogNormal { mean_ms, p99_ms } => {
            if check.above(&format!("{field}.mean_ms"), mean_ms, 0.0, MAX_LATENCY_MS) {
                let ratio = latency::max_lognormal_p99_ratio();
                // A hair below the bound, so σ's square root stays real after rounding.
                let most = mean_ms * ratio * (1.0 - 1e-9);
                if !(p99_ms.is_finite() && p99_ms > mean_ms && p99_ms <= most) {
                    check.fail(
                        &format!("{field}.p99_ms"),
                        format!(
                            "must be greater than mean_ms ({mean_ms}) and at most {ratio:.2} × mean_ms \
                             ({most:.3}): a log-normal's p99/mean is at most e^(z99²/2) (got {p99_ms})"
                        ),
                    );
                }
            }
        }
    }
}

fn check_servers(check: &mut Checker, servers: &Servers) {
    check.count("servers.instances", servers.instances, 1, MAX_INSTANCES);
    check.count(
        "servers.workers_per_instance",
        servers.workers_per_instance,
        1,
        MAX_WORKERS_PER_INSTANCE,
    );
    check.count(
        "servers.queue_capacity",
        servers.queue_capacity,
        0,
        MAX_QUEUE_CAPACITY,
    );
    check_latency(check, "servers.service", &servers.service);
}

fn check_cache(check: &mut Checker, cache: &Cache, write_policy: &WritePolicy) {
    check.count("cache.capacity", cache.capacity, 0, MAX_KEYS);
    // Every `EvictionKind` runs online (serde rejects unknown names); Bélády's MIN needs
    // the future and lives outside `EvictionKind`, in trace replay only.
    check_eviction_params(check, &cache.eviction_params);
    check_latency(check, "cache.latency", &cache.latency);
    let Ttl {
        mode,
        ttl_ms,
        jitter_fraction,
        active_expiry: _,
    } = cache.ttl;
    if mode != TtlMode::None {
        check.range("cache.ttl.ttl_ms", ttl_ms, MIN_TTL_MS, MAX_TTL_MS);
        check.range("cache.ttl.jitter_fraction", jitter_fraction, 0.0, 1.0);
    }
    if cache.invalidate_on_write && matches!(write_policy, WritePolicy::Back(_)) {
        check.fail(
            "cache.invalidate_on_write",
            "must be false with write_policy back: a write-back write lives in the cache \
             until it is flushed"
                .to_string(),
        );
    }
}

fn check_eviction_params(check: &mut Checker, params: &EvictionParams) {
    let EvictionParams {
        s3fifo_small_fraction,
        s3fifo_ghost_fraction,
        two_q_kin_fraction,
        two_q_kout_fraction,
        lirs_hir_fraction,
        wtinylfu_window_fraction,
        wtinylfu_protected_fraction,
        wtinylfu_sample_factor,
    } = *params;
    for (name, value) in [
        ("s3fifo_small_fraction", s3fifo_small_fraction),
        ("s3fifo_ghost_fraction", s3fifo_ghost_fraction),
        ("two_q_kin_fraction", two_q_kin_fraction),
        ("two_q_kout_fraction", two_q_kout_fraction),
        ("lirs_hir_fraction", lirs_hir_fraction),
        ("wtinylfu_window_fraction", wtinylfu_window_fraction),
        ("wtinylfu_protected_fraction", wtinylfu_protected_fraction),
    ] {
        check.range(&format!("cache.eviction_params.{name}"), value, 0.0, 1.0);
    }
    check.count(
        "cache.eviction_params.wtinylfu_sample_factor",
        wtinylfu_sample_factor,
        1,
        100,
    );
}

fn check_write_policy(check: &mut Checker, write_policy: &WritePolicy) {
    let WritePolicy::Back(WriteBehind {
        flush_interval_ms,
        batch_size,
        coalescing: _,
        queue_capacity,
        when_full: _,
    }) = write_policy
    else {
        return;
    };
    check.range(
        "write_policy.flush_interval_ms",
        *flush_interval_ms,
        MIN_FLUSH_INTERVAL_MS,
        MAX_FLUSH_INTERVAL_MS,
    );
    check.count("write_policy.batch_size", *batch_size, 1, MAX_BATCH_SIZE);
    check.count(
        "write_policy.queue_capacity",
        *queue_capacity,
        1,
        MAX_QUEUE_CAPACITY,
    );
}

fn check_store(check: &mut Checker, store: &Store) {
    check_latency(check, "store.read_latency", &store.read_latency);
    check_latency(check, "store.write_latency", &store.write_latency);
    check.count(
        "store.max_concurrency",
        store.max_concurrency,
        1,
        MAX_STORE_CONCURRENCY,
    );
    check.range(
        "store.batch_item_factor",
        store.batch_item_factor,
        0.0,
        MAX_BATCH_ITEM_FACTOR,
    );
}

#[cfg(test)]
mod tests;
