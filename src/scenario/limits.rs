//! The ranges `Scenario::validate` enforces, and the resource model that bounds what a
//! validated scenario can hold at once.
//!
//! Besides plausibility, the ranges bound a run's work: the sample series is at most
//! `MAX_SAMPLES` long, and the requests simulated are about `MAX_EXPECTED_REQUESTS` at
//! most (which also keeps every per-key version below `u32::MAX`). Ranges alone do not
//! bound memory, since fields multiply (instances × workers, clients × tiers), so
//! [`resource_bound`] adds up what a run can hold at once: the requests in the system
//! ([`MAX_LIVE_REQUESTS`]) and the bytes of everything that grows with the scenario
//! ([`MAX_RUN_BYTES`]). The engine holds the same bound (a write-behind entry counts
//! against its queue until it lands in the store), so a validated scenario can neither
//! hang the engine nor exhaust memory.

use super::{FieldError, Scenario};
use crate::sim::autoscale::AutoscalerConfig;
use crate::sim::config::WritePolicy;
use crate::sim::eviction::EvictionKind;
use crate::sim::limiter::{Algorithm, Scope};

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_NOTES_CHARS: usize = 5_000;
/// 1 ms.
pub const MIN_DURATION_S: f64 = 0.001;
/// Seven days.
pub const MAX_DURATION_S: f64 = 604_800.0;
pub const MIN_SAMPLE_INTERVAL_MS: f64 = 1.0;
/// One day.
pub const MAX_SAMPLE_INTERVAL_MS: f64 = 86_400_000.0;
pub const MAX_SAMPLES: f64 = 1_000_000.0;
pub const MAX_KEYS: u32 = 10_000_000;
pub const MAX_CLIENTS: u32 = 10_000_000;
/// Any single rate of a load profile, per second.
pub const MAX_RATE_PER_S: f64 = 10_000_000.0;
/// Peak rate × duration.
pub const MAX_EXPECTED_REQUESTS: f64 = 2_000_000_000.0;
/// The shortest diurnal period, in seconds.
pub const MIN_PERIOD_S: f64 = 0.001;
pub const MAX_ZIPF_ALPHA: f64 = 10.0;
/// Any latency parameter: ten minutes.
pub const MAX_LATENCY_MS: f64 = 600_000.0;
pub const MAX_INSTANCES: u32 = 10_000;
pub const MAX_WORKERS_PER_INSTANCE: u32 = 10_000;
/// Server queue and write-behind queue capacity.
pub const MAX_QUEUE_CAPACITY: u32 = 100_000_000;
pub const MIN_TTL_MS: f64 = 1.0;
/// Seven days.
pub const MAX_TTL_MS: f64 = 604_800_000.0;
pub const MIN_FLUSH_INTERVAL_MS: f64 = 1.0;
/// One hour.
pub const MAX_FLUSH_INTERVAL_MS: f64 = 3_600_000.0;
pub const MAX_BATCH_SIZE: u32 = 100_000;
pub const MAX_STORE_CONCURRENCY: u32 = 1_000_000;
pub const MAX_BATCH_ITEM_FACTOR: f64 = 10.0;
/// Rate-limiter tiers.
pub const MAX_LIMITER_TIERS: usize = 8;
/// Per-client limiter states (per-client tiers × clients), about 100 bytes each.
pub const MAX_LIMITER_CELLS: u64 = 1_000_000;
/// A limiter's period, fill interval or count: seven days, and counts to ten million.
pub const MAX_LIMITER_PERIOD_MS: u64 = 604_800_000;
pub const MAX_LIMITER_COUNT: u32 = 10_000_000;
/// Any autoscaler duration (windows, cooldown, warm-up), in seconds: seven days.
pub const MAX_AUTOSCALER_S: u64 = 604_800;
/// HPA `periodSeconds` ranges over 1..=1800 in Kubernetes.
pub const MAX_HPA_POLICY_PERIOD_S: u64 = 1_800;
pub const MAX_HPA_POLICIES: usize = 10;
/// Faults on the timeline; a cache crash costs a pass over the key space.
pub const MAX_FAULTS: usize = 32;
pub const MAX_SLOWDOWN_FACTOR: f64 = 1_000.0;
/// Retries of a failing store write: with the 1.6 s backoff cap, at most about 11 s.
pub const MAX_WRITE_RETRIES: u32 = 10;

/// Requests that can be in the system at once: a few hundred bytes each (the request, its
/// event, its place in a queue), so at most a few hundred MiB.
pub const MAX_LIVE_REQUESTS: u64 = 2_000_000;
/// What a run may need by [`resource_bound`]'s estimate: well under the 1 GiB a native
/// run is tested in, and well under wasm32's 4 GiB.
pub const MAX_RUN_BYTES: u64 = 768 << 20;

/// The per-item costs of the memory model, measured as peak address space (`VmPeak`) of
/// `cacheplay run` at ten million items and rounded up by about a tenth.
/// A request in the system: the request, its pending event, its place in a queue or at
/// the store, and the growth slack of the vectors holding them (measured: about 50).
const BYTES_PER_LIVE_REQUEST: u64 = 128;
/// A write-behind entry, queued or in a store batch (measured: about 60 with batches of 1).
const BYTES_PER_WRITE_BEHIND_ENTRY: u64 = 128;
/// A sample, kept for the whole run, and its CSV row when the CLI prints the series
/// (measured: about 530 with `--format csv`, 300 without).
const BYTES_PER_SAMPLE: u64 = 768;
/// A per-client rate-limiter state.
const BYTES_PER_LIMITER_CELL: u64 = 64;
/// The binary, the latency histograms and the other fixed-size state.
const BYTES_FIXED: u64 = 16 << 20;

/// Per-key state: versions in the engine, the store and the tier, expiry deadlines, the
/// write-behind chains, the key sampler's table, and the eviction policy's lists, with the
/// cache at `capacity = n_keys`, TTL with active expiry and write-back all on (measured:
/// 19 without a cache; 59 for FIFO, LRU, random; 60 for CLOCK, SIEVE; 63 for LFU; 74 for
/// 2Q, 75 for S3-FIFO and LIRS; 82 for ARC; 87 for W-TinyLFU).
fn bytes_per_key(scenario: &Scenario) -> u64 {
    if scenario.cache.capacity == 0 {
        return 24;
    }
    match scenario.cache.eviction {
        EvictionKind::Fifo | EvictionKind::Lru | EvictionKind::Random => 64,
        EvictionKind::Clock | EvictionKind::Sieve => 66,
        EvictionKind::Lfu => 70,
        EvictionKind::TwoQ | EvictionKind::S3Fifo | EvictionKind::Lirs => 84,
        EvictionKind::Arc => 92,
        EvictionKind::WTinyLfu => 96,
    }
}

/// The most a validated scenario's run holds at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceBound {
    /// Requests in the system at once, at most: every server worker busy (at the most
    /// instances the autoscaler may run), the server queue full, every request a
    /// leaky-bucket limiter may be delaying, every write-behind entry queued or in the
    /// store, and the arrival being decided. Store operations of requests add nothing: a
    /// request holds its worker while it waits for the store.
    pub live_requests: u64,
    /// The estimated peak memory of the run, in bytes.
    pub bytes: u64,
    /// The terms of `live_requests`, each with the fields that set it, largest first.
    pub live_terms: Vec<Term>,
    /// The terms of `bytes`, each with the fields that set it, largest first.
    pub byte_terms: Vec<Term>,
}

/// One term of a bound: its value and the field (or product of fields) that sets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The field whose control an error lands at.
    pub field: String,
    /// How the term is made, for the message (`servers.instances × servers.workers_per_instance`).
    pub source: String,
    pub value: u64,
}

/// The resource model of `scenario`, whose fields are each within their ranges.
pub fn resource_bound(scenario: &Scenario) -> ResourceBound {
    let servers = &scenario.servers;
    let workers = u64::from(servers.workers_per_instance);
    let (instances_field, most_instances) = match &scenario.autoscaling {
        Some(AutoscalerConfig::Threshold(rule)) if rule.max_instances > servers.instances => {
            ("autoscaling.max_instances", rule.max_instances)
        }
        Some(AutoscalerConfig::TargetTracking(hpa)) if hpa.max_replicas > servers.instances => {
            ("autoscaling.max_replicas", hpa.max_replicas)
        }
        _ => ("servers.instances", servers.instances),
    };
    let mut live_terms = vec![
        Term {
            field: "servers.workers_per_instance".to_string(),
            source: format!("{instances_field} × servers.workers_per_instance"),
            value: u64::from(most_instances) * workers,
        },
        Term {
            field: "servers.queue_capacity".to_string(),
            source: "servers.queue_capacity".to_string(),
            value: u64::from(servers.queue_capacity),
        },
    ];
    let n_clients = u64::from(scenario.workload.n_clients);
    for (i, tier) in scenario.rate_limits.tiers.iter().enumerate() {
        let Algorithm::LeakyBucket(nginx) = tier.limit else {
            continue;
        };
        if nginx.nodelay || nginx.burst <= nginx.delay {
            continue;
        }
        // nginx delays a request while the excess is above `delay`, and rejects above
        // `burst`: each state holds at most `burst − delay + 1` delayed requests.
        let per_state = u64::from(nginx.burst - nginx.delay) + 1;
        let (states, source) = match tier.scope {
            Scope::Global => (1, format!("rate_limits.tiers[{i}].limit.burst")),
            Scope::PerClient => (
                n_clients,
                format!("workload.n_clients × rate_limits.tiers[{i}].limit.burst"),
            ),
        };
        live_terms.push(Term {
            field: format!("rate_limits.tiers[{i}].limit.burst"),
            source,
            value: states * per_state,
        });
    }
    let entries = match &scenario.write_policy {
        WritePolicy::Back(params) => u64::from(params.queue_capacity),
        WritePolicy::Through | WritePolicy::Around => 0,
    };
    live_terms.push(Term {
        field: "write_policy.queue_capacity".to_string(),
        source: "write_policy.queue_capacity".to_string(),
        value: entries,
    });
    let live_requests = live_terms.iter().map(|term| term.value).sum::<u64>() + 1;
    let requests = live_requests - entries;
    let largest_live = largest(&mut live_terms);

    let per_client_tiers = scenario
        .rate_limits
        .tiers
        .iter()
        .filter(|tier| tier.scope == Scope::PerClient)
        .count() as u64;
    let samples = (scenario.duration_s * 1_000.0 / scenario.sample_interval_ms).ceil() as u64;
    let mut byte_terms = vec![
        Term {
            field: "workload.n_keys".to_string(),
            source: "workload.n_keys".to_string(),
            value: u64::from(scenario.workload.n_keys) * bytes_per_key(scenario),
        },
        Term {
            field: "sample_interval_ms".to_string(),
            source: "samples (duration_s ÷ sample_interval_ms)".to_string(),
            value: samples * BYTES_PER_SAMPLE,
        },
        Term {
            field: largest_live.field.clone(),
            source: format!("requests in flight (mostly {})", largest_live.source),
            value: requests * BYTES_PER_LIVE_REQUEST,
        },
        Term {
            field: "write_policy.queue_capacity".to_string(),
            source: "write_policy.queue_capacity".to_string(),
            value: entries * BYTES_PER_WRITE_BEHIND_ENTRY,
        },
        Term {
            field: "workload.n_clients".to_string(),
            source: "workload.n_clients × per-client rate-limit tiers".to_string(),
            value: n_clients * per_client_tiers * BYTES_PER_LIMITER_CELL,
        },
    ];
    let bytes = byte_terms.iter().map(|term| term.value).sum::<u64>() + BYTES_FIXED;
    largest(&mut byte_terms);
    ResourceBound {
        live_requests,
        bytes,
        live_terms,
        byte_terms,
    }
}

/// Sorts `terms` largest first, drops the zero ones and returns the largest.
fn largest(terms: &mut Vec<Term>) -> Term {
    terms.sort_by_key(|term| std::cmp::Reverse(term.value));
    let first = terms[0].clone();
    terms.retain(|term| term.value > 0);
    first
}

/// The error of a scenario past [`MAX_LIVE_REQUESTS`], or else past [`MAX_RUN_BYTES`], at
/// the field of the largest term, naming the terms and the fields to lower.
pub fn check_resources(scenario: &Scenario) -> Vec<FieldError> {
    let bound = resource_bound(scenario);
    let mut errors = Vec::new();
    let listed = |terms: &[Term], unit: &dyn Fn(u64) -> String| {
        terms
            .iter()
            .map(|term| format!("{} {}", term.source, unit(term.value)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let count = |value: u64| value.to_string();
    let mib = |value: u64| format!("{} MiB", value.div_ceil(1 << 20));
    if bound.live_requests > MAX_LIVE_REQUESTS {
        let first = &bound.live_terms[0];
        errors.push(FieldError::new(
            &first.field,
            format!(
                "at most {MAX_LIVE_REQUESTS} requests can be in flight at once (got {}: {}); \
                 lower {} first",
                bound.live_requests,
                listed(&bound.live_terms, &count),
                first.source,
            ),
        ));
    }
    // Past the first limit, the memory estimate only says the same again.
    if bound.live_requests <= MAX_LIVE_REQUESTS && bound.bytes > MAX_RUN_BYTES {
        let first = &bound.byte_terms[0];
        errors.push(FieldError::new(
            &first.field,
            format!(
                "a run may use at most {} (this one could need {}: {}); lower {} first",
                mib(MAX_RUN_BYTES),
                mib(bound.bytes),
                listed(&bound.byte_terms, &mib),
                first.source,
            ),
        ));
    }
    errors
}
