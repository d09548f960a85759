//! The user's scenario: plain serde data with defaults, validation and presets.
//!
//! This is the only place where user input (form fields, files, share links) becomes
//! errors; once a `Scenario` validates, the engine must run it without panicking.
//! The limits that bound a run's work and memory are in [`limits`]; the presets from
//! common practice in [`presets`](mod@presets).

use crate::sim::autoscale::{AutoscalerConfig, HpaConfig, ScalingRules, ThresholdConfig};
use crate::sim::config::{
    Cache, Latency, LoadProfile, Popularity, Servers, Store, Ttl, TtlMode, Workload, WriteBehind,
    WritePolicy,
};
use crate::sim::eviction::EvictionParams;
use crate::sim::fault::Fault;
use crate::sim::limiter::{Algorithm, LimiterConfig, Rate, Scope, TokenBucketConfig};
use crate::sim::{latency, workload, Config};
use serde::{Deserialize, Serialize};

pub mod json;
pub mod limits;
pub mod link;
pub mod numbers;
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
    /// Parses and validates a scenario from JSON text: one object, nothing after it. A
    /// parse error names the innermost field (`write_policy.flush_interval_ms: invalid
    /// type ...`), see [`json`].
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario = json::parse(text)?;
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
        check_rate_limits(&mut check, &self.rate_limits, self.workload.n_clients);
        if let Some(autoscaling) = &self.autoscaling {
            check_autoscaling(&mut check, autoscaling);
        }
        check_faults(
            &mut check,
            &self.faults,
            duration_ok.then_some(self.duration_s),
        );
        if check.errors.is_empty() {
            // Only fields within their ranges make a meaningful resource estimate.
            check.errors.extend(limits::check_resources(self));
        }
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
            message: numbers::readable(&message),
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

fn check_rate(check: &mut Checker, field: &str, rate: Rate) {
    check.count(&format!("{field}.count"), rate.count, 1, MAX_LIMITER_COUNT);
    check_period(check, &format!("{field}.period_ms"), rate.period_ms);
}

fn check_period(check: &mut Checker, field: &str, period_ms: u64) {
    if !(1..=MAX_LIMITER_PERIOD_MS).contains(&period_ms) {
        check.fail(
            field,
            format!("must be between 1 and {MAX_LIMITER_PERIOD_MS} (got {period_ms})"),
        );
    }
}

fn check_rate_limits(check: &mut Checker, limits: &LimiterConfig, n_clients: u32) {
    let per_client = limits
        .tiers
        .iter()
        .filter(|tier| tier.scope == Scope::PerClient)
        .count() as u64;
    let cells = per_client * u64::from(n_clients);
    if cells > MAX_LIMITER_CELLS {
        check.fail(
            "rate_limits.tiers",
            format!(
                "per-client tiers × workload.n_clients must be at most {MAX_LIMITER_CELLS} \
                 limiter states (got {per_client} × {n_clients})"
            ),
        );
    }
    if limits.tiers.len() > MAX_LIMITER_TIERS {
        check.fail(
            "rate_limits.tiers",
            format!(
                "must have at most {MAX_LIMITER_TIERS} tiers (got {})",
                limits.tiers.len()
            ),
        );
    }
    for (i, tier) in limits.tiers.iter().enumerate() {
        let field = format!("rate_limits.tiers[{i}].limit");
        let burst = |check: &mut Checker, burst: u32| {
            check.count(&format!("{field}.burst"), burst, 0, MAX_LIMITER_COUNT)
        };
        match tier.limit {
            Algorithm::TokenBucket(TokenBucketConfig::Continuous { burst: b, rate }) => {
                burst(check, b);
                check_rate(check, &format!("{field}.rate"), rate);
            }
            Algorithm::TokenBucket(TokenBucketConfig::Discrete {
                burst: b,
                tokens_per_fill,
                fill_interval_ms,
            }) => {
                burst(check, b);
                check.count(
                    &format!("{field}.tokens_per_fill"),
                    tokens_per_fill,
                    1,
                    MAX_LIMITER_COUNT,
                );
                check_period(
                    check,
                    &format!("{field}.fill_interval_ms"),
                    fill_interval_ms,
                );
            }
            Algorithm::Gcra(gcra) => {
                check_rate(check, &format!("{field}.rate"), gcra.rate);
                if let Some(b) = gcra.burst {
                    check.count(&format!("{field}.burst"), b, 1, MAX_LIMITER_COUNT);
                }
            }
            Algorithm::LeakyBucket(nginx) => {
                check.count(&format!("{field}.rate"), nginx.rate, 1, MAX_LIMITER_COUNT);
                burst(check, nginx.burst);
                check.count(&format!("{field}.delay"), nginx.delay, 0, MAX_LIMITER_COUNT);
            }
        }
    }
}

fn check_seconds(check: &mut Checker, field: &str, value: u64, min: u64, max: u64) {
    if !(min..=max).contains(&value) {
        check.fail(
            field,
            format!("must be between {min} and {max} (got {value})"),
        );
    }
}

/// `1 ≤ min ≤ max ≤ MAX_INSTANCES`.
fn check_bounds(check: &mut Checker, min_field: &str, min: u32, max_field: &str, max: u32) {
    let ok = check.count(min_field, min, 1, MAX_INSTANCES)
        & check.count(max_field, max, 1, MAX_INSTANCES);
    if ok && min > max {
        check.fail(
            min_field,
            format!("must be at most {max_field} ({max}) (got {min})"),
        );
    }
}

fn check_autoscaling(check: &mut Checker, autoscaling: &AutoscalerConfig) {
    match autoscaling {
        AutoscalerConfig::Threshold(ThresholdConfig {
            up_threshold,
            up_for_s,
            step_up,
            down_threshold,
            down_for_s,
            step_down,
            min_instances,
            max_instances,
            cooldown_s,
            provision_delay_s,
        }) => {
            let up = check.range("autoscaling.up_threshold", *up_threshold, 0.0, 1.0);
            let down = check.range("autoscaling.down_threshold", *down_threshold, 0.0, 1.0);
            if up && down && down_threshold >= up_threshold {
                check.fail(
                    "autoscaling.down_threshold",
                    format!("must be below up_threshold ({up_threshold}) (got {down_threshold})"),
                );
            }
            for (field, value) in [
                ("autoscaling.up_for_s", up_for_s),
                ("autoscaling.down_for_s", down_for_s),
                ("autoscaling.cooldown_s", cooldown_s),
                ("autoscaling.provision_delay_s", provision_delay_s),
            ] {
                check_seconds(check, field, *value, 0, MAX_AUTOSCALER_S);
            }
            check.count("autoscaling.step_up", *step_up, 1, MAX_INSTANCES);
            check.count("autoscaling.step_down", *step_down, 1, MAX_INSTANCES);
            check_bounds(
                check,
                "autoscaling.min_instances",
                *min_instances,
                "autoscaling.max_instances",
                *max_instances,
            );
        }
        AutoscalerConfig::TargetTracking(HpaConfig {
            min_replicas,
            max_replicas,
            target_utilization_pct,
            tolerance,
            sync_period_s,
            provision_delay_s,
            scale_up,
            scale_down,
        }) => {
            check_bounds(
                check,
                "autoscaling.min_replicas",
                *min_replicas,
                "autoscaling.max_replicas",
                *max_replicas,
            );
            check.count(
                "autoscaling.target_utilization_pct",
                *target_utilization_pct,
                1,
                100,
            );
            check.range("autoscaling.tolerance", *tolerance, 0.0, 1.0);
            check_seconds(
                check,
                "autoscaling.sync_period_s",
                *sync_period_s,
                1,
                MAX_AUTOSCALER_S,
            );
            check_seconds(
                check,
                "autoscaling.provision_delay_s",
                *provision_delay_s,
                0,
                MAX_AUTOSCALER_S,
            );
            check_rules(check, "autoscaling.scale_up", scale_up);
            check_rules(check, "autoscaling.scale_down", scale_down);
        }
    }
}

fn check_rules(check: &mut Checker, field: &str, rules: &ScalingRules) {
    check_seconds(
        check,
        &format!("{field}.stabilization_window_s"),
        rules.stabilization_window_s,
        0,
        MAX_AUTOSCALER_S,
    );
    if rules.policies.len() > MAX_HPA_POLICIES {
        check.fail(
            &format!("{field}.policies"),
            format!(
                "must have at most {MAX_HPA_POLICIES} policies (got {})",
                rules.policies.len()
            ),
        );
    }
    for (i, policy) in rules.policies.iter().enumerate() {
        let field = format!("{field}.policies[{i}]");
        check.count(&format!("{field}.value"), policy.value, 1, MAX_INSTANCES);
        check_seconds(
            check,
            &format!("{field}.period_s"),
            policy.period_s,
            1,
            MAX_HPA_POLICY_PERIOD_S,
        );
    }
}

/// Each fault lies within the run (`duration_s`, when it is valid itself).
fn check_faults(check: &mut Checker, faults: &[Fault], duration_s: Option<f64>) {
    if faults.len() > MAX_FAULTS {
        check.fail(
            "faults",
            format!(
                "must have at most {MAX_FAULTS} faults (got {})",
                faults.len()
            ),
        );
    }
    let end = duration_s.unwrap_or(MAX_DURATION_S);
    for (i, fault) in faults.iter().enumerate() {
        let field = |name: &str| format!("faults[{i}].{name}");
        let window = |check: &mut Checker, start_s: f64, end_s: f64| {
            if check.range(&field("start_s"), start_s, 0.0, end)
                & check.range(&field("end_s"), end_s, 0.0, end)
                && end_s <= start_s
            {
                check.fail(
                    &field("end_s"),
                    format!("must be after start_s ({start_s}) (got {end_s})"),
                );
            }
        };
        match *fault {
            Fault::StoreOutage {
                start_s,
                end_s,
                mode: _,
                write_retries,
            } => {
                window(check, start_s, end_s);
                check.count(&field("write_retries"), write_retries, 0, MAX_WRITE_RETRIES);
            }
            Fault::StoreSlowdown {
                start_s,
                end_s,
                factor,
            } => {
                window(check, start_s, end_s);
                check.above(&field("factor"), factor, 0.0, MAX_SLOWDOWN_FACTOR);
            }
            Fault::CacheCrash { at_s, restart_s } => {
                check.range(&field("at_s"), at_s, 0.0, end);
                check.range(&field("restart_s"), restart_s, 0.0, MAX_DURATION_S);
            }
            Fault::CacheLatencySpike {
                start_s,
                end_s,
                extra_ms,
            } => {
                window(check, start_s, end_s);
                check.range(&field("extra_ms"), extra_ms, 0.0, MAX_LATENCY_MS);
            }
        }
    }
}
