//! The declarations: every scenario field, a few lines each, in validation order.

use super::check::rules;
use super::{
    fault, fault_mut, policy, policy_mut, tier, tier_mut, At, Field, Group, Item, Kind, Range,
    Rule, Slider,
};
use crate::scenario::choice::{
    AutoscalerKind, Choice, FaultKind, LatencyKind, LimitKind, PopularityKind, ProfileKind,
    WriteKind,
};
use crate::scenario::limits::*;
use crate::scenario::Scenario;
use crate::sim::autoscale::{AutoscalerConfig, PolicyType, SelectPolicy};
use crate::sim::config::{LoadProfile, Popularity, QueueFull, TtlMode, WritePolicy};
use crate::sim::fault::{Fault, OutageMode};
use crate::sim::limiter::{
    Algorithm, GcraConfig, LeakyBucketConfig, RateUnit, Scope, TokenBucketConfig,
};
use crate::sim::EvictionKind;

type GetNumber = fn(&Scenario, At) -> Option<f64>;
type SetNumber = fn(&mut Scenario, At, f64);

/// Getter and setter of a number: at a place of the scenario (`|s| s.seed`), inside an
/// enum at a place (`|s| s.workload.profile, LoadProfile::Ramp { to_per_s: x, .. } => x`),
/// or inside an item (`|s, at| fault(s, at), fault_mut(s, at), Fault::… { end_s: x, .. } => x`).
macro_rules! num {
    (|$s:ident| $($place:tt).+) => {
        (
            (|$s: &Scenario, _: At| Some($($place).+ as f64)) as GetNumber,
            (|$s: &mut Scenario, _: At, v: f64| $($place).+ = v as _) as SetNumber,
        )
    };
    (|$s:ident| $($place:tt).+, $pat:pat => $x:ident) => {
        (
            (|$s: &Scenario, _: At| match &$($place).+ {
                $pat => Some(*$x as f64),
                #[allow(unreachable_patterns)]
                _ => None,
            }) as GetNumber,
            (|$s: &mut Scenario, _: At, v: f64| match &mut $($place).+ {
                $pat => *$x = v as _,
                #[allow(unreachable_patterns)]
                _ => {}
            }) as SetNumber,
        )
    };
    (|$s:ident, $at:ident| $get:expr, $get_mut:expr, $pat:pat => $x:ident) => {
        (
            (|$s: &Scenario, $at: At| match $get {
                Some($pat) => Some(*$x as f64),
                _ => None,
            }) as GetNumber,
            (|$s: &mut Scenario, $at: At, v: f64| {
                if let Some($pat) = $get_mut {
                    *$x = v as _;
                }
            }) as SetNumber,
        )
    };
}

/// An eviction parameter, which applies when `$kind` is the policy.
macro_rules! eviction_param {
    ($kind:ident, $name:ident) => {
        (
            (|s: &Scenario, _: At| {
                (s.cache.eviction == EvictionKind::$kind)
                    .then_some(s.cache.eviction_params.$name as f64)
            }) as GetNumber,
            (|s: &mut Scenario, _: At, v: f64| s.cache.eviction_params.$name = v as _) as SetNumber,
        )
    };
}

/// A lifetime parameter, which applies when entries expire.
macro_rules! ttl_num {
    ($name:ident) => {
        (
            (|s: &Scenario, _: At| (s.cache.ttl.mode != TtlMode::None).then_some(s.cache.ttl.$name))
                as GetNumber,
            (|s: &mut Scenario, _: At, v: f64| s.cache.ttl.$name = v) as SetNumber,
        )
    };
}

/// A number of the threshold autoscaler.
macro_rules! threshold {
    ($name:ident) => {
        (
            (|s: &Scenario, _: At| match &s.autoscaling {
                Some(AutoscalerConfig::Threshold(t)) => Some(t.$name as f64),
                _ => None,
            }) as GetNumber,
            (|s: &mut Scenario, _: At, v: f64| {
                if let Some(AutoscalerConfig::Threshold(t)) = &mut s.autoscaling {
                    t.$name = v as _;
                }
            }) as SetNumber,
        )
    };
}

/// A number of the target-tracking autoscaler (Kubernetes HPA).
macro_rules! hpa_num {
    ($($name:ident).+) => {
        (
            (|s: &Scenario, _: At| super::hpa(s).map(|h| h.$($name).+ as f64)) as GetNumber,
            (|s: &mut Scenario, _: At, v: f64| {
                if let Some(h) = super::hpa_mut(s) {
                    h.$($name).+ = v as _;
                }
            }) as SetNumber,
        )
    };
}

/// A choice of a fieldless enum at a place of the scenario.
macro_rules! pick {
    ($name:literal, $label:literal, $enum:ty, |$s:ident| $($place:tt).+) => {
        choice(
            $name,
            $label,
            options::<$enum>,
            |$s, _| Some(Choice::name($($place).+)),
            |$s, _, name| <$enum>::from_name(name).map(|value| $($place).+ = value).is_some(),
        )
    };
}

/// A toggle at a place of the scenario.
macro_rules! flag {
    ($name:literal, $label:literal, |$s:ident| $($place:tt).+) => {
        toggle($name, $label, |$s, _| Some($($place).+), |$s, _, on| $($place).+ = on)
    };
}

/// The four fields of a latency distribution at a place of the scenario.
macro_rules! latency {
    ($prefix:literal, $label:literal, |$s:ident| $($place:tt).+) => {
        [
            choice(
                concat!($prefix, ".kind"),
                $label,
                options::<LatencyKind>,
                |$s, _| Some(LatencyKind::of(&$($place).+).name()),
                |$s, _, name| LatencyKind::from_name(name).map(|kind| $($place).+ = kind.switch(&$($place).+)).is_some(),
            )
            .help("The distribution's shape: constant, exponential or log-normal (set by its mean and p99)."),
            number(concat!($prefix, ".ms"), concat!($label, ": time"), "ms", LATENCY_FROM_0, LATENCY_SLIDER,
                num!(|$s| $($place).+, crate::sim::config::Latency::Constant { ms: x } => x))
                .help("Every operation takes exactly this long.")
                .when(&[(concat!($prefix, ".kind"), &["constant"])]),
            number(concat!($prefix, ".mean_ms"), concat!($label, ": mean"), "ms", Range::positive(MAX_LATENCY_MS), LATENCY_SLIDER,
                num!(|$s| $($place).+, crate::sim::config::Latency::Exponential { mean_ms: x } | crate::sim::config::Latency::LogNormal { mean_ms: x, .. } => x))
                .help("The mean time of one operation.")
                .when(&[(concat!($prefix, ".kind"), &["exponential", "log_normal"])]),
            number(concat!($prefix, ".p99_ms"), concat!($label, ": p99"), "ms", Range::positive(f64::INFINITY), LATENCY_SLIDER,
                num!(|$s| $($place).+, crate::sim::config::Latency::LogNormal { p99_ms: x, .. } => x))
                .help("The 99th percentile: above the mean, and at most e^(z99²/2) ≈ 15 × the mean.")
                .when(&[(concat!($prefix, ".kind"), &["log_normal"])])
                .rule(rules::lognormal_p99),
        ]
    };
}

fn options<T: Choice>() -> Vec<(&'static str, &'static str)> {
    T::ALL
        .iter()
        .map(|option| (option.name(), option.label()))
        .collect()
}

fn number(
    name: &'static str,
    label: &'static str,
    unit: &'static str,
    range: Range,
    slider: Slider,
    (get, set): (GetNumber, SetNumber),
) -> Field {
    field(
        name,
        label,
        Kind::Number {
            unit,
            range,
            slider,
            get,
            set,
        },
    )
}

fn choice(
    name: &'static str,
    label: &'static str,
    options: fn() -> Vec<(&'static str, &'static str)>,
    get: fn(&Scenario, At) -> Option<&'static str>,
    set: fn(&mut Scenario, At, &str) -> bool,
) -> Field {
    field(name, label, Kind::Choice { options, get, set })
}

fn toggle(
    name: &'static str,
    label: &'static str,
    get: fn(&Scenario, At) -> Option<bool>,
    set: fn(&mut Scenario, At, bool),
) -> Field {
    field(name, label, Kind::Toggle { get, set })
}

fn field(name: &'static str, label: &'static str, kind: Kind) -> Field {
    Field {
        name,
        item: None,
        label,
        group: Group::Run,
        help: "",
        when: &[],
        kind,
        rule: None,
    }
}

impl Field {
    fn help(self, help: &'static str) -> Field {
        Field { help, ..self }
    }

    fn when(self, when: &'static [(&'static str, &'static [&'static str])]) -> Field {
        Field { when, ..self }
    }

    fn rule(self, rule: Rule) -> Field {
        Field {
            rule: Some(rule),
            ..self
        }
    }
}

/// The fields of one panel, or of one kind of list item.
fn section(
    group: Group,
    item: Option<Item>,
    fields: impl IntoIterator<Item = Field>,
) -> impl Iterator<Item = Field> {
    fields.into_iter().map(move |field| Field {
        group,
        item,
        ..field
    })
}

const FRACTION: Range = Range::closed(0.0, 1.0);
const FRACTION_SLIDER: Slider = Slider::linear(0.0, 1.0);
const RATE: Range = Range::closed(0.0, MAX_RATE_PER_S);
const RATE_SLIDER: Slider = Slider::log(10.0, 200_000.0);
const LATENCY_FROM_0: Range = Range::closed(0.0, MAX_LATENCY_MS);
const LATENCY_SLIDER: Slider = Slider::log(0.01, 1_000.0);
const SECONDS: Range = Range::whole(0.0, MAX_AUTOSCALER_S as f64);
const SECONDS_SLIDER: Slider = Slider::log(1.0, 3_600.0);
const INSTANCES: Range = Range::whole(1.0, MAX_INSTANCES as f64);
const INSTANCES_SLIDER: Slider = Slider::log(1.0, 1_000.0);
const COUNT: Range = Range::whole(0.0, MAX_LIMITER_COUNT as f64);
const RATE_COUNT: Range = Range::whole(1.0, MAX_LIMITER_COUNT as f64);
const COUNT_SLIDER: Slider = Slider::log(1.0, 100_000.0);
const PERIOD: Range = Range::whole(1.0, MAX_LIMITER_PERIOD_MS as f64);
const PERIOD_SLIDER: Slider = Slider::log(1.0, 3_600_000.0);
const RUN_TIME: Range = Range {
    within_run: true,
    ..Range::closed(0.0, MAX_DURATION_S)
};
const RUN_TIME_SLIDER: Slider = Slider::log(0.1, 3_600.0);

pub(super) fn fields() -> Vec<Field> {
    let mut fields = Vec::new();
    fields.extend(section(
        Group::Run,
        None,
        [
            number(
                "duration_s",
                "Duration",
                "s",
                Range::closed(MIN_DURATION_S, MAX_DURATION_S),
                Slider::log(10.0, 86_400.0),
                num!(|s| s.duration_s),
            )
            .help("Simulated length of the run."),
            number(
                "sample_interval_ms",
                "Sample interval",
                "ms",
                Range::closed(MIN_SAMPLE_INTERVAL_MS, MAX_SAMPLE_INTERVAL_MS),
                Slider::log(100.0, 60_000.0),
                num!(|s| s.sample_interval_ms),
            )
            .help("Time between two samples of the series; at most a million samples per run.")
            .rule(rules::sample_count),
            number(
                "seed",
                "Seed",
                "",
                Range::whole(0.0, u64::MAX as f64),
                Slider::linear(0.0, 1_000.0),
                num!(|s| s.seed),
            )
            .help("Root seed of every random stream: the same seed gives the same run."),
        ],
    ));
    fields.extend(section(Group::Workload, None, [
        choice("workload.profile.kind", "Load profile", options::<ProfileKind>,
            |s, _| Some(ProfileKind::of(&s.workload.profile).name()),
            |s, _, name| ProfileKind::from_name(name).map(|kind| s.workload.profile = kind.switch(&s.workload.profile, s.duration_s)).is_some())
            .help("How the Poisson arrival rate changes over the run.")
            .rule(rules::expected_requests),
        number("workload.profile.rate_per_s", "Arrival rate", "req/s", RATE, RATE_SLIDER, num!(|s| s.workload.profile, LoadProfile::Constant { rate_per_s: x } => x))
            .help("Requests per second, all run long.").when(&[("workload.profile.kind", &["constant"])]),
        number("workload.profile.from_per_s", "Rate at start", "req/s", RATE, RATE_SLIDER, num!(|s| s.workload.profile, LoadProfile::Ramp { from_per_s: x, .. } => x))
            .help("The rate at t = 0; it changes linearly to the rate at the end.").when(&[("workload.profile.kind", &["ramp"])]),
        number("workload.profile.to_per_s", "Rate at end", "req/s", RATE, RATE_SLIDER, num!(|s| s.workload.profile, LoadProfile::Ramp { to_per_s: x, .. } => x))
            .help("The rate at the end of the run.").when(&[("workload.profile.kind", &["ramp"])]),
        number("workload.profile.base_per_s", "Base rate", "req/s", RATE, RATE_SLIDER, num!(|s| s.workload.profile, LoadProfile::Spike { base_per_s: x, .. } => x))
            .help("The rate outside the spike.").when(&[("workload.profile.kind", &["spike"])]),
        number("workload.profile.peak_per_s", "Peak rate", "req/s", RATE, RATE_SLIDER, num!(|s| s.workload.profile, LoadProfile::Spike { peak_per_s: x, .. } => x))
            .help("The rate during the spike.").when(&[("workload.profile.kind", &["spike"])]),
        number("workload.profile.start_s", "Spike start", "s", Range::closed(0.0, MAX_DURATION_S), Slider::log(1.0, 86_400.0), num!(|s| s.workload.profile, LoadProfile::Spike { start_s: x, .. } => x))
            .help("When the spike begins.").when(&[("workload.profile.kind", &["spike"])]),
        number("workload.profile.length_s", "Spike length", "s", Range::closed(0.0, MAX_DURATION_S), Slider::log(1.0, 86_400.0), num!(|s| s.workload.profile, LoadProfile::Spike { length_s: x, .. } => x))
            .help("How long the spike lasts.").when(&[("workload.profile.kind", &["spike"])]),
        number("workload.profile.mean_per_s", "Mean rate", "req/s", RATE, RATE_SLIDER, num!(|s| s.workload.profile, LoadProfile::Diurnal { mean_per_s: x, .. } => x))
            .help("The mean of the sine-shaped rate.").when(&[("workload.profile.kind", &["diurnal"])]),
        number("workload.profile.amplitude", "Swing", "× mean", FRACTION, FRACTION_SLIDER, num!(|s| s.workload.profile, LoadProfile::Diurnal { amplitude: x, .. } => x))
            .help("The sine's amplitude as a share of the mean.").when(&[("workload.profile.kind", &["diurnal"])]),
        number("workload.profile.period_s", "Period", "s", Range::closed(MIN_PERIOD_S, MAX_DURATION_S), Slider::log(10.0, 86_400.0), num!(|s| s.workload.profile, LoadProfile::Diurnal { period_s: x, .. } => x))
            .help("The length of one cycle.").when(&[("workload.profile.kind", &["diurnal"])]),
        number("workload.read_fraction", "Reads", "of requests", FRACTION, FRACTION_SLIDER, num!(|s| s.workload.read_fraction))
            .help("Share of requests that are reads; the rest are writes."),
        number("workload.n_keys", "Distinct keys", "keys", Range::whole(1.0, MAX_KEYS as f64), Slider::log(10.0, 10_000_000.0), num!(|s| s.workload.n_keys))
            .help("Number of distinct keys requested."),
        choice("workload.popularity.kind", "Key popularity", options::<PopularityKind>,
            |s, _| Some(PopularityKind::of(&s.workload.popularity).name()),
            |s, _, name| PopularityKind::from_name(name).map(|kind| s.workload.popularity = kind.switch(&s.workload.popularity)).is_some())
            .help("Which keys the requests name."),
        number("workload.popularity.alpha", "Zipf skew α", "", Range::closed(0.0, MAX_ZIPF_ALPHA), Slider::linear(0.0, 2.0), num!(|s| s.workload.popularity, Popularity::Zipf { alpha: x } => x))
            .help("Zipf's exponent: 0 is uniform, about 1 is typical of web traffic.").when(&[("workload.popularity.kind", &["zipf"])]),
        number("workload.popularity.hot_key_fraction", "Hot keys", "of keys", Range::positive(1.0), Slider::linear(0.01, 1.0), num!(|s| s.workload.popularity, Popularity::Hotspot { hot_key_fraction: x, .. } => x))
            .help("Share of the keys that are hot.").when(&[("workload.popularity.kind", &["hotspot"])]),
        number("workload.popularity.hot_request_fraction", "Requests to hot keys", "of requests", FRACTION, FRACTION_SLIDER, num!(|s| s.workload.popularity, Popularity::Hotspot { hot_request_fraction: x, .. } => x))
            .help("Share of the requests that go to the hot keys.").when(&[("workload.popularity.kind", &["hotspot"])]),
        number("workload.n_clients", "Clients", "clients", Range::whole(1.0, MAX_CLIENTS as f64), Slider::log(1.0, 100_000.0), num!(|s| s.workload.n_clients))
            .help("Clients; each request carries a uniformly drawn client id (per-client rate limits use it)."),
    ]));
    fields.extend(section(
        Group::Servers,
        None,
        [
            number(
                "servers.instances",
                "Instances",
                "servers",
                INSTANCES,
                INSTANCES_SLIDER,
                num!(|s| s.servers.instances),
            )
            .help("Application servers at the start (the autoscaler may change it)."),
            number(
                "servers.workers_per_instance",
                "Workers per instance",
                "workers",
                Range::whole(1.0, MAX_WORKERS_PER_INSTANCE as f64),
                INSTANCES_SLIDER,
                num!(|s| s.servers.workers_per_instance),
            )
            .help("Requests one server handles at once."),
            number(
                "servers.queue_capacity",
                "Request queue",
                "requests",
                Range::whole(0.0, MAX_QUEUE_CAPACITY as f64),
                Slider::log(1.0, 1_000_000.0),
                num!(|s| s.servers.queue_capacity),
            )
            .help(
                "Requests waiting for a worker across the pool; beyond it requests are rejected.",
            ),
        ],
    ));
    fields.extend(section(
        Group::Servers,
        None,
        latency!("servers.service", "Service time", |s| s.servers.service),
    ));
    fields.extend(section(Group::Cache, None, [
        number("cache.capacity", "Capacity", "entries", Range::whole(0.0, MAX_KEYS as f64), Slider::log(10.0, 10_000_000.0), num!(|s| s.cache.capacity))
            .help("Entries the cache holds; 0 disables it."),
        pick!("cache.eviction", "Eviction", EvictionKind, |s| s.cache.eviction)
            .help("Which entry leaves when the cache is full."),
        number("cache.eviction_params.s3fifo_small_fraction", "S3-FIFO small queue", "of capacity", FRACTION, FRACTION_SLIDER, eviction_param!(S3Fifo, s3fifo_small_fraction))
            .help("The small FIFO's share of capacity (SOSP'23: 0.10).").when(&[("cache.eviction", &["s3fifo"])]),
        number("cache.eviction_params.s3fifo_ghost_fraction", "S3-FIFO ghost queue", "of capacity", FRACTION, FRACTION_SLIDER, eviction_param!(S3Fifo, s3fifo_ghost_fraction))
            .help("Ids the ghost FIFO remembers, as a share of capacity (the main queue's size, 0.90).").when(&[("cache.eviction", &["s3fifo"])]),
        number("cache.eviction_params.two_q_kin_fraction", "2Q A1in (Kin)", "of capacity", FRACTION, FRACTION_SLIDER, eviction_param!(TwoQ, two_q_kin_fraction))
            .help("A1in's share of capacity, Kin (VLDB'94: 0.25).").when(&[("cache.eviction", &["2q"])]),
        number("cache.eviction_params.two_q_kout_fraction", "2Q A1out (Kout)", "of capacity", FRACTION, FRACTION_SLIDER, eviction_param!(TwoQ, two_q_kout_fraction))
            .help("Ids A1out remembers, Kout, as a share of capacity (VLDB'94: 0.50).").when(&[("cache.eviction", &["2q"])]),
        number("cache.eviction_params.lirs_hir_fraction", "LIRS HIR part", "of capacity", FRACTION, FRACTION_SLIDER, eviction_param!(Lirs, lirs_hir_fraction))
            .help("The HIR part's share of capacity (SIGMETRICS'02: 0.01).").when(&[("cache.eviction", &["lirs"])]),
        number("cache.eviction_params.wtinylfu_window_fraction", "W-TinyLFU window", "of capacity", FRACTION, FRACTION_SLIDER, eviction_param!(WTinyLfu, wtinylfu_window_fraction))
            .help("The window LRU's share of capacity (Caffeine: 0.01).").when(&[("cache.eviction", &["wtinylfu"])]),
        number("cache.eviction_params.wtinylfu_protected_fraction", "W-TinyLFU protected", "of main", FRACTION, FRACTION_SLIDER, eviction_param!(WTinyLfu, wtinylfu_protected_fraction))
            .help("The protected segment's share of the main SLRU (Caffeine: 0.80).").when(&[("cache.eviction", &["wtinylfu"])]),
        number("cache.eviction_params.wtinylfu_sample_factor", "W-TinyLFU sketch ageing", "× capacity", Range::whole(1.0, 100.0), Slider::log(1.0, 100.0), eviction_param!(WTinyLfu, wtinylfu_sample_factor))
            .help("The frequency sketch halves its counters every factor × capacity increments (Caffeine: 10).").when(&[("cache.eviction", &["wtinylfu"])]),
    ]));
    fields.extend(section(
        Group::Cache,
        None,
        latency!("cache.latency", "Cache latency", |s| s.cache.latency),
    ));
    fields.extend(section(Group::Cache, None, [
        pick!("cache.ttl.mode", "Expiry (TTL)", TtlMode, |s| s.cache.ttl.mode)
            .help("Whether entries expire, and whether reads restart their lifetime (Caffeine expireAfterWrite, expireAfterAccess)."),
        number("cache.ttl.ttl_ms", "TTL (lifetime)", "ms", Range::closed(MIN_TTL_MS, MAX_TTL_MS), Slider::log(10.0, 3_600_000.0), ttl_num!(ttl_ms))
            .help("Time to live (TTL): how long an entry stays in the cache before it expires.").when(&[("cache.ttl.mode", &["after_write", "after_access"])]),
        number("cache.ttl.jitter_fraction", "TTL jitter", "± fraction", FRACTION, FRACTION_SLIDER, ttl_num!(jitter_fraction))
            .help("Each lifetime is drawn uniformly from ttl_ms × (1 ± jitter).").when(&[("cache.ttl.mode", &["after_write", "after_access"])]),
        toggle("cache.ttl.active_expiry", "Active expiry (Redis-style sampling)",
            |s, _| (s.cache.ttl.mode != TtlMode::None).then_some(s.cache.ttl.active_expiry),
            |s, _, on| s.cache.ttl.active_expiry = on)
            .help("Every 100 ms sample 20 keys with a TTL and delete the expired ones, as Redis does; off, expiry is lazy only.")
            .when(&[("cache.ttl.mode", &["after_write", "after_access"])]),
        flag!("cache.invalidate_on_write", "Writes invalidate instead of update", |s| s.cache.invalidate_on_write)
            .help("A write deletes the cached key instead of updating it (cache-aside).")
            .rule(rules::invalidate_on_write),
    ]));
    fields.extend(section(Group::WritePolicy, None, [
        choice("write_policy.kind", "Policy", options::<WriteKind>,
            |s, _| Some(WriteKind::of(&s.write_policy).name()),
            |s, _, name| WriteKind::from_name(name).map(|kind| s.write_policy = kind.switch(&s.write_policy)).is_some())
            .help("How writes reach the backing store."),
        number("write_policy.flush_interval_ms", "Flush interval", "ms", Range::closed(MIN_FLUSH_INTERVAL_MS, MAX_FLUSH_INTERVAL_MS), Slider::log(10.0, 60_000.0), num!(|s| s.write_policy, WritePolicy::Back(crate::sim::config::WriteBehind { flush_interval_ms: x, .. }) => x))
            .help("The flusher wakes up at this interval (Hazelcast write-delay-seconds).").when(&[("write_policy.kind", &["back"])]),
        number("write_policy.batch_size", "Batch size", "writes", Range::whole(1.0, MAX_BATCH_SIZE as f64), Slider::log(1.0, 10_000.0), num!(|s| s.write_policy, WritePolicy::Back(crate::sim::config::WriteBehind { batch_size: x, .. }) => x))
            .help("Store writes per batch (Hazelcast write-batch-size).").when(&[("write_policy.kind", &["back"])]),
        toggle("write_policy.coalescing", "Coalesce writes to the same key",
            |s, _| match &s.write_policy { WritePolicy::Back(b) => Some(b.coalescing), _ => None },
            |s, _, on| if let WritePolicy::Back(b) = &mut s.write_policy { b.coalescing = on })
            .help("Only the latest value of a key in the window is written (Hazelcast write-coalescing).")
            .when(&[("write_policy.kind", &["back"])]),
        number("write_policy.queue_capacity", "Queue capacity", "writes", Range::whole(1.0, MAX_QUEUE_CAPACITY as f64), Slider::log(10.0, 1_000_000.0), num!(|s| s.write_policy, WritePolicy::Back(crate::sim::config::WriteBehind { queue_capacity: x, .. }) => x))
            .help("Writes waiting for the store.").when(&[("write_policy.kind", &["back"])]),
        choice("write_policy.when_full", "When the queue is full", options::<QueueFull>,
            |s, _| match &s.write_policy { WritePolicy::Back(b) => Some(b.when_full.name()), _ => None },
            |s, _, name| match (QueueFull::from_name(name), &mut s.write_policy) {
                (Some(mode), WritePolicy::Back(b)) => { b.when_full = mode; true }
                _ => false,
            })
            .help("What a write does when the write-behind queue is full.")
            .when(&[("write_policy.kind", &["back"])]),
    ]));
    fields.extend(section(
        Group::Store,
        None,
        latency!("store.read_latency", "Read latency", |s| s
            .store
            .read_latency),
    ));
    fields.extend(section(
        Group::Store,
        None,
        latency!("store.write_latency", "Write latency", |s| s
            .store
            .write_latency),
    ));
    fields.extend(section(
        Group::Store,
        None,
        [
            number(
                "store.max_concurrency",
                "Concurrent operations",
                "ops",
                Range::whole(1.0, MAX_STORE_CONCURRENCY as f64),
                Slider::log(1.0, 10_000.0),
                num!(|s| s.store.max_concurrency),
            )
            .help("Store operations in flight at once; more wait in a FIFO queue."),
            number(
                "store.batch_item_factor",
                "Cost of each extra batch item",
                "× one write",
                Range::closed(0.0, MAX_BATCH_ITEM_FACTOR),
                FRACTION_SLIDER,
                num!(|s| s.store.batch_item_factor),
            )
            .help("A batch of k writes costs one write latency × (1 + factor × (k − 1))."),
        ],
    ));
    fields.extend(section(Group::RateLimits, Some(Item::Tier), [
        choice("scope", "Applies to", options::<Scope>,
            |s, at| tier(s, at).map(|t| t.scope.name()),
            |s, at, name| match (Scope::from_name(name), tier_mut(s, at)) {
                (Some(scope), Some(t)) => { t.scope = scope; true }
                _ => false,
            })
            .help("One limiter state for all requests, or one per client id."),
        choice("limit.kind", "Algorithm", options::<LimitKind>,
            |s, at| tier(s, at).map(|t| LimitKind::of(&t.limit).name()),
            |s, at, name| match (LimitKind::from_name(name), tier_mut(s, at)) {
                (Some(kind), Some(t)) => { t.limit = kind.switch(&t.limit); true }
                _ => false,
            })
            .help("The limiting algorithm; switching keeps the rate."),
        number("limit.burst", "Burst", "requests", COUNT, COUNT_SLIDER, (
            |s, at| tier(s, at).map(|t| match t.limit {
                Algorithm::TokenBucket(TokenBucketConfig::Continuous { burst, .. })
                | Algorithm::TokenBucket(TokenBucketConfig::Discrete { burst, .. })
                | Algorithm::LeakyBucket(LeakyBucketConfig { burst, .. }) => f64::from(burst),
                Algorithm::Gcra(GcraConfig { rate, burst }) => f64::from(burst.unwrap_or(rate.count)),
            }),
            |s, at, v| match tier_mut(s, at).map(|t| &mut t.limit) {
                Some(Algorithm::TokenBucket(TokenBucketConfig::Continuous { burst, .. }))
                | Some(Algorithm::TokenBucket(TokenBucketConfig::Discrete { burst, .. }))
                | Some(Algorithm::LeakyBucket(LeakyBucketConfig { burst, .. })) => *burst = v as u32,
                Some(Algorithm::Gcra(gcra)) => gcra.burst = Some(v as u32),
                None => {}
            },
        ))
            .help("Requests let through at once: the bucket's size (GCRA: at least 1, default the rate's count; nginx: excess held).")
            .rule(rules::gcra_burst),
        number("limit.rate.count", "Rate", "requests", RATE_COUNT, COUNT_SLIDER, num!(|s, at| tier(s, at).map(|t| &t.limit), tier_mut(s, at).map(|t| &mut t.limit),
            Algorithm::TokenBucket(TokenBucketConfig::Continuous { rate: crate::sim::limiter::Rate { count: x, .. }, .. }) | Algorithm::Gcra(GcraConfig { rate: crate::sim::limiter::Rate { count: x, .. }, .. }) => x))
            .help("Requests allowed per period.").when(&[("limit.kind", &["token_bucket", "gcra"])]),
        number("limit.rate.period_ms", "Per", "ms", PERIOD, PERIOD_SLIDER, num!(|s, at| tier(s, at).map(|t| &t.limit), tier_mut(s, at).map(|t| &mut t.limit),
            Algorithm::TokenBucket(TokenBucketConfig::Continuous { rate: crate::sim::limiter::Rate { period_ms: x, .. }, .. }) | Algorithm::Gcra(GcraConfig { rate: crate::sim::limiter::Rate { period_ms: x, .. }, .. }) => x))
            .help("The period of the rate.").when(&[("limit.kind", &["token_bucket", "gcra"])]),
        number("limit.tokens_per_fill", "Tokens per fill", "tokens", RATE_COUNT, COUNT_SLIDER, num!(|s, at| tier(s, at).map(|t| &t.limit), tier_mut(s, at).map(|t| &mut t.limit),
            Algorithm::TokenBucket(TokenBucketConfig::Discrete { tokens_per_fill: x, .. }) => x))
            .help("Tokens added at each fill (Envoy tokens_per_fill).").when(&[("limit.kind", &["token_bucket_discrete"])]),
        number("limit.fill_interval_ms", "Fill interval", "ms", PERIOD, PERIOD_SLIDER, num!(|s, at| tier(s, at).map(|t| &t.limit), tier_mut(s, at).map(|t| &mut t.limit),
            Algorithm::TokenBucket(TokenBucketConfig::Discrete { fill_interval_ms: x, .. }) => x))
            .help("Time between two fills (Envoy fill_interval).").when(&[("limit.kind", &["token_bucket_discrete"])]),
        number("limit.rate", "Rate", "requests", RATE_COUNT, COUNT_SLIDER, num!(|s, at| tier(s, at).map(|t| &t.limit), tier_mut(s, at).map(|t| &mut t.limit),
            Algorithm::LeakyBucket(LeakyBucketConfig { rate: x, .. }) => x))
            .help("nginx limit_req_zone rate=, per second or per minute.").when(&[("limit.kind", &["leaky_bucket"])]),
        choice("limit.unit", "Per", options::<RateUnit>,
            |s, at| match tier(s, at)?.limit { Algorithm::LeakyBucket(nginx) => Some(nginx.unit.name()), _ => None },
            |s, at, name| match (RateUnit::from_name(name), tier_mut(s, at).map(|t| &mut t.limit)) {
                (Some(unit), Some(Algorithm::LeakyBucket(nginx))) => { nginx.unit = unit; true }
                _ => false,
            })
            .help("The unit of nginx's rate: r/s or r/m.").when(&[("limit.kind", &["leaky_bucket"])]),
        toggle("limit.nodelay", "nodelay: forward the burst at once",
            |s, at| match tier(s, at)?.limit { Algorithm::LeakyBucket(nginx) => Some(nginx.nodelay), _ => None },
            |s, at, on| if let Some(Algorithm::LeakyBucket(nginx)) = tier_mut(s, at).map(|t| &mut t.limit) { nginx.nodelay = on })
            .help("nginx nodelay: every admitted request is forwarded at once (wins over delay=).")
            .when(&[("limit.kind", &["leaky_bucket"])]),
        number("limit.delay", "delay=: forwarded before delaying", "requests", COUNT, COUNT_SLIDER, (
            |s, at| match tier(s, at)?.limit { Algorithm::LeakyBucket(nginx) if !nginx.nodelay => Some(f64::from(nginx.delay)), _ => None },
            |s, at, v| if let Some(Algorithm::LeakyBucket(nginx)) = tier_mut(s, at).map(|t| &mut t.limit) { nginx.delay = v as u32 },
        ))
            .help("nginx delay=: excess requests forwarded at once before delaying starts.")
            .when(&[("limit.kind", &["leaky_bucket"]), ("limit.nodelay", &["false"])]),
    ]));
    fields.extend(section(Group::Servers, None, [
        choice("autoscaling.kind", "Autoscaling", options::<AutoscalerKind>,
            |s, _| Some(AutoscalerKind::of(&s.autoscaling).name()),
            |s, _, name| AutoscalerKind::from_name(name).map(|kind| s.autoscaling = kind.switch(&s.autoscaling, s.servers.instances)).is_some())
            .help("Resizes the server pool: off, AWS-style threshold steps or Kubernetes HPA target tracking."),
        number("autoscaling.up_threshold", "Scale up above", "utilisation", FRACTION, FRACTION_SLIDER, threshold!(up_threshold))
            .help("Utilisation above which the pool grows.").when(THRESHOLD),
        number("autoscaling.up_for_s", "Above it for", "s", SECONDS, SECONDS_SLIDER, threshold!(up_for_s))
            .help("How long utilisation must stay above the threshold.").when(THRESHOLD),
        number("autoscaling.step_up", "Then add", "instances", INSTANCES, INSTANCES_SLIDER, threshold!(step_up))
            .help("Instances added per step.").when(THRESHOLD),
        number("autoscaling.down_threshold", "Scale down below", "utilisation", FRACTION, FRACTION_SLIDER, threshold!(down_threshold))
            .help("Utilisation below which the pool shrinks; below the up threshold.").when(THRESHOLD)
            .rule(rules::down_below_up),
        number("autoscaling.down_for_s", "Below it for", "s", SECONDS, SECONDS_SLIDER, threshold!(down_for_s))
            .help("How long utilisation must stay below the threshold.").when(THRESHOLD),
        number("autoscaling.step_down", "Then remove", "instances", INSTANCES, INSTANCES_SLIDER, threshold!(step_down))
            .help("Instances removed per step.").when(THRESHOLD),
        number("autoscaling.min_instances", "Fewest instances", "instances", INSTANCES, INSTANCES_SLIDER, threshold!(min_instances))
            .help("The pool never shrinks below this.").when(THRESHOLD)
            .rule(rules::min_instances),
        number("autoscaling.max_instances", "Most instances", "instances", INSTANCES, INSTANCES_SLIDER, threshold!(max_instances))
            .help("The pool never grows beyond this.").when(THRESHOLD),
        number("autoscaling.cooldown_s", "Cooldown", "s", SECONDS, SECONDS_SLIDER, threshold!(cooldown_s))
            .help("Quiet time after a scaling step.").when(THRESHOLD),
        number("autoscaling.min_replicas", "Fewest replicas", "replicas", INSTANCES, INSTANCES_SLIDER, hpa_num!(min_replicas))
            .help("HPA minReplicas.").when(HPA)
            .rule(rules::min_replicas),
        number("autoscaling.max_replicas", "Most replicas", "replicas", INSTANCES, INSTANCES_SLIDER, hpa_num!(max_replicas))
            .help("HPA maxReplicas.").when(HPA),
        number("autoscaling.target_utilization_pct", "Target utilisation", "%", Range::whole(1.0, 100.0), Slider::linear(1.0, 100.0), hpa_num!(target_utilization_pct))
            .help("The utilisation the HPA steers towards.").when(HPA),
        number("autoscaling.tolerance", "Tolerance", "of target", FRACTION, Slider::linear(0.0, 0.5), hpa_num!(tolerance))
            .help("No change while the ratio to the target is within 1 ± tolerance (Kubernetes: 0.1).").when(HPA),
        number("autoscaling.sync_period_s", "Sync period", "s", Range::whole(1.0, MAX_AUTOSCALER_S as f64), SECONDS_SLIDER, hpa_num!(sync_period_s))
            .help("How often the HPA decides (--horizontal-pod-autoscaler-sync-period).").when(HPA),
        number("autoscaling.provision_delay_s", "Boot time", "s", SECONDS, SECONDS_SLIDER, (
            |s, _| match &s.autoscaling {
                Some(AutoscalerConfig::Threshold(t)) => Some(t.provision_delay_s as f64),
                Some(AutoscalerConfig::TargetTracking(h)) => Some(h.provision_delay_s as f64),
                None => None,
            },
            |s, _, v| match &mut s.autoscaling {
                Some(AutoscalerConfig::Threshold(t)) => t.provision_delay_s = v as u64,
                Some(AutoscalerConfig::TargetTracking(h)) => h.provision_delay_s = v as u64,
                None => {}
            },
        ))
            .help("Time a new instance takes before it serves.")
            .when(&[("autoscaling.kind", &["threshold", "target_tracking"])]),
        number("autoscaling.scale_up.stabilization_window_s", "Scale-up stabilisation", "s", SECONDS, SECONDS_SLIDER, hpa_num!(scale_up.stabilization_window_s))
            .help("HPA scaleUp stabilizationWindowSeconds.").when(HPA),
        choice("autoscaling.scale_up.select_policy", "Scale-up policy choice", options::<SelectPolicy>,
            |s, _| super::hpa(s).map(|h| h.scale_up.select_policy.name()),
            |s, _, name| match (SelectPolicy::from_name(name), super::hpa_mut(s)) {
                (Some(policy), Some(h)) => { h.scale_up.select_policy = policy; true }
                _ => false,
            })
            .help("HPA scaleUp selectPolicy.").when(HPA),
        number("autoscaling.scale_down.stabilization_window_s", "Scale-down stabilisation", "s", SECONDS, SECONDS_SLIDER, hpa_num!(scale_down.stabilization_window_s))
            .help("HPA scaleDown stabilizationWindowSeconds.").when(HPA),
        choice("autoscaling.scale_down.select_policy", "Scale-down policy choice", options::<SelectPolicy>,
            |s, _| super::hpa(s).map(|h| h.scale_down.select_policy.name()),
            |s, _, name| match (SelectPolicy::from_name(name), super::hpa_mut(s)) {
                (Some(policy), Some(h)) => { h.scale_down.select_policy = policy; true }
                _ => false,
            })
            .help("HPA scaleDown selectPolicy.").when(HPA),
    ]));
    fields.extend(section(Group::Servers, Some(Item::HpaPolicy), [
        choice("type", "Change by", options::<PolicyType>,
            |s, at| policy(s, at).map(|p| p.kind.name()),
            |s, at, name| match (PolicyType::from_name(name), policy_mut(s, at)) {
                (Some(kind), Some(p)) => { p.kind = kind; true }
                _ => false,
            })
            .help("HPA policy type: a number of pods or a percentage of the current replicas."),
        number("value", "At most", "pods or %", INSTANCES, INSTANCES_SLIDER, num!(|s, at| policy(s, at), policy_mut(s, at), crate::sim::autoscale::ScalingPolicy { value: x, .. } => x))
            .help("The most pods (or percent) this policy allows per period."),
        number("period_s", "Per", "s", Range::whole(1.0, MAX_HPA_POLICY_PERIOD_S as f64), Slider::log(1.0, 1_800.0), num!(|s, at| policy(s, at), policy_mut(s, at), crate::sim::autoscale::ScalingPolicy { period_s: x, .. } => x))
            .help("HPA periodSeconds (1 to 1800)."),
    ]));
    fields.extend(section(Group::Faults, Some(Item::Fault), [
        choice("kind", "Fault", options::<FaultKind>,
            |s, at| fault(s, at).map(|f| FaultKind::of(f).name()),
            |s, at, name| match (FaultKind::from_name(name), fault_mut(s, at)) {
                (Some(kind), Some(f)) => { *f = kind.switch(f); true }
                _ => false,
            })
            .help("What goes wrong; switching keeps the window."),
        number("start_s", "From", "s", RUN_TIME, RUN_TIME_SLIDER, num!(|s, at| fault(s, at), fault_mut(s, at),
            Fault::StoreOutage { start_s: x, .. } | Fault::StoreSlowdown { start_s: x, .. } | Fault::CacheLatencySpike { start_s: x, .. } => x))
            .help("When the fault begins.").when(&[("kind", &["store_outage", "store_slowdown", "cache_latency_spike"])]),
        number("end_s", "Until", "s", RUN_TIME, RUN_TIME_SLIDER, num!(|s, at| fault(s, at), fault_mut(s, at),
            Fault::StoreOutage { end_s: x, .. } | Fault::StoreSlowdown { end_s: x, .. } | Fault::CacheLatencySpike { end_s: x, .. } => x))
            .help("When it ends; after the start.").when(&[("kind", &["store_outage", "store_slowdown", "cache_latency_spike"])])
            .rule(rules::fault_window),
        choice("mode", "Store requests", options::<OutageMode>,
            |s, at| match fault(s, at)? { Fault::StoreOutage { mode, .. } => Some(mode.name()), _ => None },
            |s, at, name| match (OutageMode::from_name(name), fault_mut(s, at)) {
                (Some(next), Some(Fault::StoreOutage { mode, .. })) => { *mode = next; true }
                _ => false,
            })
            .help("Whether store operations fail at once or hang until the store is back.")
            .when(&[("kind", &["store_outage"])]),
        number("write_retries", "Write retries", "retries", Range::whole(0.0, f64::from(MAX_WRITE_RETRIES)), Slider::linear(0.0, 10.0), num!(|s, at| fault(s, at), fault_mut(s, at),
            Fault::StoreOutage { write_retries: x, .. } => x))
            .help("Retries of a failing synchronous write, backing off from 100 ms to 1.6 s.").when(&[("kind", &["store_outage"])]),
        number("factor", "Slower by", "×", Range::positive(MAX_SLOWDOWN_FACTOR), Slider::log(1.0, 100.0), num!(|s, at| fault(s, at), fault_mut(s, at),
            Fault::StoreSlowdown { factor: x, .. } => x))
            .help("Store operations take this many times their usual latency.").when(&[("kind", &["store_slowdown"])]),
        number("extra_ms", "Extra latency", "ms", LATENCY_FROM_0, Slider::log(0.1, 1_000.0), num!(|s, at| fault(s, at), fault_mut(s, at),
            Fault::CacheLatencySpike { extra_ms: x, .. } => x))
            .help("Added to every cache operation in the window.").when(&[("kind", &["cache_latency_spike"])]),
        number("at_s", "At", "s", RUN_TIME, RUN_TIME_SLIDER, num!(|s, at| fault(s, at), fault_mut(s, at),
            Fault::CacheCrash { at_s: x, .. } => x))
            .help("When the cache crashes, losing every entry.").when(&[("kind", &["cache_crash"])]),
        number("restart_s", "Back after", "s", Range::closed(0.0, MAX_DURATION_S), RUN_TIME_SLIDER, num!(|s, at| fault(s, at), fault_mut(s, at),
            Fault::CacheCrash { restart_s: x, .. } => x))
            .help("How long the cache is down before it serves again, empty.").when(&[("kind", &["cache_crash"])]),
    ]));
    fields
}

const THRESHOLD: &[(&str, &[&str])] = &[("autoscaling.kind", &["threshold"])];
const HPA: &[(&str, &[&str])] = &[("autoscaling.kind", &["target_tracking"])];
