//! The fields of the traffic models: autoscaling, rate-limit tiers and faults, and the
//! list edits (add, remove) of tiers, HPA rate policies and faults.
//!
//! A list item's fields are one slot each: `faults[2].start_s` is the function pair of
//! slot 2, made by a const-generic builder, so the field table stays a table of plain
//! function pointers. The slots bound what the page edits, not what a scenario holds:
//! items past the last slot still run, and show in the fault timeline.

use super::{closed, linear, log, number, whole, Field, Group, Kind, Scale, FRACTION};
use crate::scenario::{limits, Scenario};
use crate::sim::autoscale::{
    AutoscalerConfig, HpaConfig, PolicyType, ScalingPolicy, ScalingRules, SelectPolicy,
    ThresholdConfig,
};
use crate::sim::fault::{Fault, OutageMode};
use crate::sim::limiter::{
    Algorithm, GcraConfig, LeakyBucketConfig, Rate, RateUnit, Scope, Tier, TokenBucketConfig,
};

/// Rate-limit tiers the page edits: all the scenario allows.
pub const TIER_SLOTS: usize = limits::MAX_LIMITER_TIERS;
/// Faults the page edits: all the scenario allows.
pub const FAULT_SLOTS: usize = limits::MAX_FAULTS;
/// HPA rate policies per direction the page edits: all the scenario allows (Kubernetes'
/// defaults use two).
pub const POLICY_SLOTS: usize = limits::MAX_HPA_POLICIES;

/// A list of the scenario whose items the page adds and removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum List {
    Tiers,
    Faults,
    ScaleUp,
    ScaleDown,
}

impl List {
    pub const ALL: [List; 4] = [List::ScaleUp, List::ScaleDown, List::Tiers, List::Faults];

    /// The list's path; an item's fields are under `{path}[i].`.
    pub fn path(self) -> &'static str {
        match self {
            List::Tiers => "rate_limits.tiers",
            List::Faults => "faults",
            List::ScaleUp => "autoscaling.scale_up.policies",
            List::ScaleDown => "autoscaling.scale_down.policies",
        }
    }

    pub fn group(self) -> Group {
        match self {
            List::Tiers => Group::RateLimits,
            List::Faults => Group::Faults,
            List::ScaleUp | List::ScaleDown => Group::Servers,
        }
    }

    /// What one item is called, for headings and buttons.
    pub fn noun(self) -> &'static str {
        match self {
            List::Tiers => "tier",
            List::Faults => "fault",
            List::ScaleUp => "scale-up policy",
            List::ScaleDown => "scale-down policy",
        }
    }

    fn slots(self) -> usize {
        match self {
            List::Tiers => TIER_SLOTS,
            List::Faults => FAULT_SLOTS,
            List::ScaleUp | List::ScaleDown => POLICY_SLOTS,
        }
    }

    /// The number of items, or `None` when the list does not apply (HPA policies
    /// without target tracking).
    pub fn len(self, scenario: &Scenario) -> Option<usize> {
        match self {
            List::Tiers => Some(scenario.rate_limits.tiers.len()),
            List::Faults => Some(scenario.faults.len()),
            List::ScaleUp => hpa(scenario).map(|h| h.scale_up.policies.len()),
            List::ScaleDown => hpa(scenario).map(|h| h.scale_down.policies.len()),
        }
    }

    /// Whether the page can add another item.
    pub fn can_add(self, scenario: &Scenario) -> bool {
        self.len(scenario).is_some_and(|len| len < self.slots())
    }

    /// The list and item index of a field path, for fields of list items.
    pub fn of_path(path: &str) -> Option<(List, usize)> {
        List::ALL.into_iter().find_map(|list| {
            let rest = path.strip_prefix(list.path())?.strip_prefix('[')?;
            let (index, _) = rest.split_once(']')?;
            Some((list, index.parse().ok()?))
        })
    }
}

/// `scenario` with a new item at the end of `list`, or `None` when it is full or does
/// not apply. The new item is valid in any valid scenario.
pub fn add(scenario: &Scenario, list: List) -> Option<Scenario> {
    if !list.can_add(scenario) {
        return None;
    }
    let mut next = scenario.clone();
    match list {
        List::Tiers => next.rate_limits.tiers.push(Tier {
            scope: Scope::Global,
            limit: Algorithm::TokenBucket(TokenBucketConfig::Continuous {
                burst: 100,
                rate: Rate::per_second(1_000),
            }),
        }),
        List::Faults => {
            // The middle fifth of the run, in whole seconds where the run allows.
            let d = scenario.duration_s;
            let (start_s, end_s) = if d >= 10.0 {
                ((d * 0.4).round(), (d * 0.6).round())
            } else {
                (d * 0.4, d * 0.6)
            };
            next.faults.push(Fault::StoreOutage {
                start_s,
                end_s,
                mode: OutageMode::Fail,
                write_retries: 3,
            });
        }
        List::ScaleUp | List::ScaleDown => {
            rules_mut(&mut next, list)?.policies.push(ScalingPolicy {
                kind: PolicyType::Pods,
                value: 1,
                period_s: 60,
            })
        }
    }
    Some(next)
}

/// `scenario` without item `index` of `list`, or `None` when there is no such item.
pub fn remove(scenario: &Scenario, list: List, index: usize) -> Option<Scenario> {
    if index >= list.len(scenario)? {
        return None;
    }
    let mut next = scenario.clone();
    match list {
        List::Tiers => {
            next.rate_limits.tiers.remove(index);
        }
        List::Faults => {
            next.faults.remove(index);
        }
        List::ScaleUp | List::ScaleDown => {
            rules_mut(&mut next, list)?.policies.remove(index);
        }
    }
    Some(next)
}

fn hpa(scenario: &Scenario) -> Option<&HpaConfig> {
    match &scenario.autoscaling {
        Some(AutoscalerConfig::TargetTracking(hpa)) => Some(hpa),
        _ => None,
    }
}

fn hpa_mut(scenario: &mut Scenario) -> Option<&mut HpaConfig> {
    match &mut scenario.autoscaling {
        Some(AutoscalerConfig::TargetTracking(hpa)) => Some(hpa),
        _ => None,
    }
}

fn threshold(scenario: &Scenario) -> Option<&ThresholdConfig> {
    match &scenario.autoscaling {
        Some(AutoscalerConfig::Threshold(t)) => Some(t),
        _ => None,
    }
}

fn threshold_mut(scenario: &mut Scenario) -> Option<&mut ThresholdConfig> {
    match &mut scenario.autoscaling {
        Some(AutoscalerConfig::Threshold(t)) => Some(t),
        _ => None,
    }
}

fn rules(scenario: &Scenario, list: List) -> Option<&ScalingRules> {
    let hpa = hpa(scenario)?;
    match list {
        List::ScaleUp => Some(&hpa.scale_up),
        List::ScaleDown => Some(&hpa.scale_down),
        List::Tiers | List::Faults => None,
    }
}

fn rules_mut(scenario: &mut Scenario, list: List) -> Option<&mut ScalingRules> {
    let hpa = hpa_mut(scenario)?;
    match list {
        List::ScaleUp => Some(&mut hpa.scale_up),
        List::ScaleDown => Some(&mut hpa.scale_down),
        List::Tiers | List::Faults => None,
    }
}

fn autoscaling_kind(scenario: &Scenario) -> &'static str {
    match scenario.autoscaling {
        None => "off",
        Some(AutoscalerConfig::Threshold(_)) => "threshold",
        Some(AutoscalerConfig::TargetTracking(_)) => "target_tracking",
    }
}

/// Switching autoscalers starts from the new one's defaults, bounded around the
/// current instance count so the switch alone is valid.
fn set_autoscaling_kind(scenario: &mut Scenario, kind: &str) -> bool {
    if autoscaling_kind(scenario) == kind {
        return true;
    }
    let instances = scenario.servers.instances;
    let max = instances.saturating_mul(4).clamp(1, limits::MAX_INSTANCES);
    scenario.autoscaling = match kind {
        "off" => None,
        "threshold" => Some(AutoscalerConfig::Threshold(ThresholdConfig {
            min_instances: instances.clamp(1, max),
            max_instances: max,
            ..ThresholdConfig::default()
        })),
        "target_tracking" => Some(AutoscalerConfig::TargetTracking(HpaConfig {
            min_replicas: instances.clamp(1, max),
            max_replicas: max,
            ..HpaConfig::default()
        })),
        _ => return false,
    };
    true
}

fn algorithm_kind(limit: &Algorithm) -> &'static str {
    match limit {
        Algorithm::TokenBucket(TokenBucketConfig::Continuous { .. }) => "token_bucket",
        Algorithm::TokenBucket(TokenBucketConfig::Discrete { .. }) => "token_bucket_discrete",
        Algorithm::Gcra(_) => "gcra",
        Algorithm::LeakyBucket(_) => "leaky_bucket",
    }
}

/// The tier's rate as (events, per milliseconds), carried over when its algorithm
/// changes, so that switching compares algorithms at the same rate.
fn tier_rate(limit: &Algorithm) -> Rate {
    match *limit {
        Algorithm::TokenBucket(TokenBucketConfig::Continuous { rate, .. }) => rate,
        Algorithm::TokenBucket(TokenBucketConfig::Discrete {
            tokens_per_fill,
            fill_interval_ms,
            ..
        }) => Rate {
            count: tokens_per_fill,
            period_ms: fill_interval_ms,
        },
        Algorithm::Gcra(GcraConfig { rate, .. }) => rate,
        Algorithm::LeakyBucket(LeakyBucketConfig { rate, unit, .. }) => Rate {
            count: rate,
            period_ms: match unit {
                RateUnit::PerSecond => 1_000,
                RateUnit::PerMinute => 60_000,
            },
        },
    }
}

fn algorithm_with_kind(limit: &Algorithm, kind: &str) -> Option<Algorithm> {
    if algorithm_kind(limit) == kind {
        return Some(limit.clone());
    }
    let rate = tier_rate(limit);
    let burst = rate.count.max(1);
    Some(match kind {
        "token_bucket" => Algorithm::TokenBucket(TokenBucketConfig::Continuous { burst, rate }),
        "token_bucket_discrete" => Algorithm::TokenBucket(TokenBucketConfig::Discrete {
            burst,
            tokens_per_fill: rate.count,
            fill_interval_ms: rate.period_ms,
        }),
        "gcra" => Algorithm::Gcra(GcraConfig { rate, burst: None }),
        "leaky_bucket" => {
            // nginx counts per second or per minute; round to the nearer one.
            let per_s = f64::from(rate.count) * 1_000.0 / rate.period_ms.max(1) as f64;
            let (count, unit) = if per_s >= 1.0 {
                (per_s.round(), RateUnit::PerSecond)
            } else {
                ((per_s * 60.0).round().max(1.0), RateUnit::PerMinute)
            };
            Algorithm::LeakyBucket(LeakyBucketConfig {
                rate: count.min(f64::from(limits::MAX_LIMITER_COUNT)) as u32,
                unit,
                ..LeakyBucketConfig::default()
            })
        }
        _ => return None,
    })
}

pub fn fault_kind(fault: &Fault) -> &'static str {
    match fault {
        Fault::StoreOutage { .. } => "store_outage",
        Fault::StoreSlowdown { .. } => "store_slowdown",
        Fault::CacheCrash { .. } => "cache_crash",
        Fault::CacheLatencySpike { .. } => "cache_latency_spike",
    }
}

/// When a fault acts: its window, or a crash's moment until the cache is back.
pub fn fault_window(fault: &Fault) -> (f64, f64) {
    match *fault {
        Fault::StoreOutage { start_s, end_s, .. }
        | Fault::StoreSlowdown { start_s, end_s, .. }
        | Fault::CacheLatencySpike { start_s, end_s, .. } => (start_s, end_s),
        Fault::CacheCrash { at_s, restart_s } => (at_s, at_s + restart_s),
    }
}

/// `fault` as a fault of `kind` over the same window.
fn fault_with_kind(fault: &Fault, kind: &str) -> Option<Fault> {
    if fault_kind(fault) == kind {
        return Some(fault.clone());
    }
    let (start_s, end_s) = fault_window(fault);
    Some(match kind {
        "store_outage" => Fault::StoreOutage {
            start_s,
            end_s,
            mode: OutageMode::Fail,
            write_retries: 3,
        },
        "store_slowdown" => Fault::StoreSlowdown {
            start_s,
            end_s,
            factor: 5.0,
        },
        "cache_crash" => Fault::CacheCrash {
            at_s: start_s,
            restart_s: end_s - start_s,
        },
        "cache_latency_spike" => Fault::CacheLatencySpike {
            start_s,
            end_s,
            extra_ms: 50.0,
        },
        _ => return None,
    })
}

/// `scenario` with fault `index` moved so that its window's middle is at `middle_s`,
/// keeping its length, in whole seconds where the run is long enough, and inside the
/// run; a crash moves its moment. `None` when there is no such fault.
pub fn move_fault(scenario: &Scenario, index: usize, middle_s: f64) -> Option<Scenario> {
    let mut next = scenario.clone();
    let fault = next.faults.get_mut(index)?;
    let duration = scenario.duration_s;
    let (start, end) = fault_window(fault);
    let length = match fault {
        Fault::CacheCrash { .. } => 0.0,
        _ => end - start,
    };
    let latest = (duration - length).max(0.0);
    let raw = middle_s - length / 2.0;
    let start_s = if duration >= 10.0 {
        raw.round().clamp(0.0, latest.floor())
    } else {
        raw.clamp(0.0, latest)
    };
    match fault {
        Fault::StoreOutage {
            start_s: s, end_s, ..
        }
        | Fault::StoreSlowdown {
            start_s: s, end_s, ..
        }
        | Fault::CacheLatencySpike {
            start_s: s, end_s, ..
        } => {
            *s = start_s;
            *end_s = start_s + length;
        }
        Fault::CacheCrash { at_s, .. } => *at_s = start_s,
    }
    Some(next)
}

/// A field path made once, when the table is built: `{prefix}[{index}].{name}`.
fn item_path(list: List, index: usize, name: &str) -> &'static str {
    Box::leak(format!("{}[{index}].{name}", list.path()).into_boxed_str())
}

fn choice(
    path: &'static str,
    label: &'static str,
    group: Group,
    options: fn() -> Vec<(&'static str, &'static str)>,
    get: fn(&Scenario) -> Option<&'static str>,
    set: fn(&mut Scenario, &str) -> bool,
) -> Field {
    Field {
        path,
        label,
        group,
        kind: Kind::Choice { options, get, set },
    }
}

const fn scale(unit: &'static str, range: super::Range, slider: super::Slider) -> Scale {
    Scale {
        unit,
        range,
        slider,
    }
}

const SECONDS: super::Range = whole(0.0, limits::MAX_AUTOSCALER_S as f64);
const SECONDS_SLIDER: super::Slider = log(1.0, 3_600.0);
const INSTANCES: super::Range = whole(1.0, limits::MAX_INSTANCES as f64);
const INSTANCES_SLIDER: super::Slider = log(1.0, 1_000.0);
const COUNT: super::Range = whole(0.0, limits::MAX_LIMITER_COUNT as f64);
/// Counts of a rate: at least one event per period.
const RATE_COUNT: super::Range = whole(1.0, limits::MAX_LIMITER_COUNT as f64);
const COUNT_SLIDER: super::Slider = log(1.0, 100_000.0);
const PERIOD: super::Range = whole(1.0, limits::MAX_LIMITER_PERIOD_MS as f64);
const PERIOD_SLIDER: super::Slider = log(1.0, 3_600_000.0);
const RUN_TIME: super::Range = closed(0.0, limits::MAX_DURATION_S);
const RUN_TIME_SLIDER: super::Slider = log(0.1, 3_600.0);

/// An integer setting of the threshold autoscaler.
macro_rules! threshold_count {
    ($fields:expr, $name:ident, $label:expr, $scale:expr) => {
        $fields.push(number(
            concat!("autoscaling.", stringify!($name)),
            $label,
            Group::Servers,
            $scale,
            |s| threshold(s).map(|t| t.$name as f64),
            |s, v| {
                if let Some(t) = threshold_mut(s) {
                    t.$name = v as _;
                }
            },
        ))
    };
}

/// An integer setting of the target-tracking autoscaler.
macro_rules! hpa_count {
    ($fields:expr, $name:ident, $label:expr, $scale:expr) => {
        $fields.push(number(
            concat!("autoscaling.", stringify!($name)),
            $label,
            Group::Servers,
            $scale,
            |s| hpa(s).map(|h| h.$name as f64),
            |s, v| {
                if let Some(h) = hpa_mut(s) {
                    h.$name = v as _;
                }
            },
        ))
    };
}

fn autoscaling_fields(fields: &mut Vec<Field>) {
    fields.push(choice(
        "autoscaling.kind",
        "Autoscaling",
        Group::Servers,
        || {
            vec![
                ("off", "Off: a fixed pool"),
                ("threshold", "Threshold steps (AWS step scaling)"),
                ("target_tracking", "Target tracking (Kubernetes HPA)"),
            ]
        },
        |s| Some(autoscaling_kind(s)),
        set_autoscaling_kind,
    ));
    // Threshold steps.
    fields.push(number(
        "autoscaling.up_threshold",
        "Scale up above",
        Group::Servers,
        scale("utilisation", FRACTION, linear(0.0, 1.0)),
        |s| threshold(s).map(|t| t.up_threshold),
        |s, v| {
            if let Some(t) = threshold_mut(s) {
                t.up_threshold = v;
            }
        },
    ));
    threshold_count!(
        fields,
        up_for_s,
        "Above it for",
        scale("s", SECONDS, SECONDS_SLIDER)
    );
    threshold_count!(
        fields,
        step_up,
        "Then add",
        scale("instances", INSTANCES, INSTANCES_SLIDER)
    );
    fields.push(number(
        "autoscaling.down_threshold",
        "Scale down below",
        Group::Servers,
        scale("utilisation", FRACTION, linear(0.0, 1.0)),
        |s| threshold(s).map(|t| t.down_threshold),
        |s, v| {
            if let Some(t) = threshold_mut(s) {
                t.down_threshold = v;
            }
        },
    ));
    threshold_count!(
        fields,
        down_for_s,
        "Below it for",
        scale("s", SECONDS, SECONDS_SLIDER)
    );
    threshold_count!(
        fields,
        step_down,
        "Then remove",
        scale("instances", INSTANCES, INSTANCES_SLIDER)
    );
    threshold_count!(
        fields,
        min_instances,
        "Fewest instances",
        scale("instances", INSTANCES, INSTANCES_SLIDER)
    );
    threshold_count!(
        fields,
        max_instances,
        "Most instances",
        scale("instances", INSTANCES, INSTANCES_SLIDER)
    );
    threshold_count!(
        fields,
        cooldown_s,
        "Cooldown",
        scale("s", SECONDS, SECONDS_SLIDER)
    );
    // Target tracking.
    hpa_count!(
        fields,
        min_replicas,
        "Fewest replicas",
        scale("replicas", INSTANCES, INSTANCES_SLIDER)
    );
    hpa_count!(
        fields,
        max_replicas,
        "Most replicas",
        scale("replicas", INSTANCES, INSTANCES_SLIDER)
    );
    hpa_count!(
        fields,
        target_utilization_pct,
        "Target utilisation",
        scale("%", whole(1.0, 100.0), linear(1.0, 100.0))
    );
    fields.push(number(
        "autoscaling.tolerance",
        "Tolerance",
        Group::Servers,
        scale("of target", FRACTION, linear(0.0, 0.5)),
        |s| hpa(s).map(|h| h.tolerance),
        |s, v| {
            if let Some(h) = hpa_mut(s) {
                h.tolerance = v;
            }
        },
    ));
    hpa_count!(
        fields,
        sync_period_s,
        "Sync period",
        scale(
            "s",
            whole(1.0, limits::MAX_AUTOSCALER_S as f64),
            SECONDS_SLIDER
        )
    );
    // Both autoscalers wait for new instances to boot.
    fields.push(number(
        "autoscaling.provision_delay_s",
        "Boot time",
        Group::Servers,
        scale("s", SECONDS, SECONDS_SLIDER),
        |s| match &s.autoscaling {
            Some(AutoscalerConfig::Threshold(t)) => Some(t.provision_delay_s as f64),
            Some(AutoscalerConfig::TargetTracking(h)) => Some(h.provision_delay_s as f64),
            None => None,
        },
        |s, v| match &mut s.autoscaling {
            Some(AutoscalerConfig::Threshold(t)) => t.provision_delay_s = v as u64,
            Some(AutoscalerConfig::TargetTracking(h)) => h.provision_delay_s = v as u64,
            None => {}
        },
    ));
    rules_fields::<true>(fields);
    rules_fields::<false>(fields);
}

/// The HPA rules of one direction (`UP` or down), without their policies.
fn rules_fields<const UP: bool>(fields: &mut Vec<Field>) {
    const fn list(up: bool) -> List {
        if up {
            List::ScaleUp
        } else {
            List::ScaleDown
        }
    }
    let prefix = if UP {
        "autoscaling.scale_up"
    } else {
        "autoscaling.scale_down"
    };
    let leak =
        |name: &str| -> &'static str { Box::leak(format!("{prefix}.{name}").into_boxed_str()) };
    fields.push(number(
        leak("stabilization_window_s"),
        if UP {
            "Scale-up stabilisation"
        } else {
            "Scale-down stabilisation"
        },
        Group::Servers,
        scale("s", SECONDS, SECONDS_SLIDER),
        |s| rules(s, list(UP)).map(|r| r.stabilization_window_s as f64),
        |s, v| {
            if let Some(r) = rules_mut(s, list(UP)) {
                r.stabilization_window_s = v as u64;
            }
        },
    ));
    fields.push(choice(
        leak("select_policy"),
        if UP {
            "Scale-up policy choice"
        } else {
            "Scale-down policy choice"
        },
        Group::Servers,
        || {
            vec![
                ("Max", "Max: the biggest change allowed"),
                ("Min", "Min: the smallest change allowed"),
                ("Disabled", "Disabled: never in this direction"),
            ]
        },
        |s| {
            rules(s, list(UP)).map(|r| match r.select_policy {
                SelectPolicy::Max => "Max",
                SelectPolicy::Min => "Min",
                SelectPolicy::Disabled => "Disabled",
            })
        },
        |s, name| {
            let policy = match name {
                "Max" => SelectPolicy::Max,
                "Min" => SelectPolicy::Min,
                "Disabled" => SelectPolicy::Disabled,
                _ => return false,
            };
            rules_mut(s, list(UP))
                .map(|r| r.select_policy = policy)
                .is_some()
        },
    ));
}

/// One HPA rate policy, slot `I` of direction `UP`.
fn policy_fields<const UP: bool, const I: usize>(fields: &mut Vec<Field>) {
    const fn list(up: bool) -> List {
        if up {
            List::ScaleUp
        } else {
            List::ScaleDown
        }
    }
    fn policy(s: &Scenario, up: bool, i: usize) -> Option<&ScalingPolicy> {
        rules(s, list(up))?.policies.get(i)
    }
    fn policy_mut(s: &mut Scenario, up: bool, i: usize) -> Option<&mut ScalingPolicy> {
        rules_mut(s, list(up))?.policies.get_mut(i)
    }
    let list = list(UP);
    fields.push(choice(
        item_path(list, I, "type"),
        "Change by",
        Group::Servers,
        || vec![("Pods", "Pods"), ("Percent", "Percent")],
        |s| {
            policy(s, UP, I).map(|p| match p.kind {
                PolicyType::Pods => "Pods",
                PolicyType::Percent => "Percent",
            })
        },
        |s, name| {
            let kind = match name {
                "Pods" => PolicyType::Pods,
                "Percent" => PolicyType::Percent,
                _ => return false,
            };
            policy_mut(s, UP, I).map(|p| p.kind = kind).is_some()
        },
    ));
    fields.push(number(
        item_path(list, I, "value"),
        "At most",
        Group::Servers,
        scale("pods or %", INSTANCES, log(1.0, 1_000.0)),
        |s| policy(s, UP, I).map(|p| f64::from(p.value)),
        |s, v| {
            if let Some(p) = policy_mut(s, UP, I) {
                p.value = v as u32;
            }
        },
    ));
    fields.push(number(
        item_path(list, I, "period_s"),
        "Per",
        Group::Servers,
        scale(
            "s",
            whole(1.0, limits::MAX_HPA_POLICY_PERIOD_S as f64),
            log(1.0, 1_800.0),
        ),
        |s| policy(s, UP, I).map(|p| p.period_s as f64),
        |s, v| {
            if let Some(p) = policy_mut(s, UP, I) {
                p.period_s = v as u64;
            }
        },
    ));
}

fn tier<const I: usize>(s: &Scenario) -> Option<&Tier> {
    s.rate_limits.tiers.get(I)
}

fn limit_mut<const I: usize>(s: &mut Scenario) -> Option<&mut Algorithm> {
    s.rate_limits.tiers.get_mut(I).map(|t| &mut t.limit)
}

/// The fields of rate-limit tier `I`.
fn tier_fields<const I: usize>(fields: &mut Vec<Field>) {
    let path = |name| item_path(List::Tiers, I, name);
    fields.push(choice(
        path("scope"),
        "Applies to",
        Group::RateLimits,
        || {
            vec![
                ("global", "All requests together"),
                ("per_client", "Each client separately"),
            ]
        },
        |s| {
            tier::<I>(s).map(|t| match t.scope {
                Scope::Global => "global",
                Scope::PerClient => "per_client",
            })
        },
        |s, name| {
            let scope = match name {
                "global" => Scope::Global,
                "per_client" => Scope::PerClient,
                _ => return false,
            };
            s.rate_limits
                .tiers
                .get_mut(I)
                .map(|t| t.scope = scope)
                .is_some()
        },
    ));
    fields.push(choice(
        path("limit.kind"),
        "Algorithm",
        Group::RateLimits,
        || {
            vec![
                ("token_bucket", "Token bucket, continuous"),
                ("token_bucket_discrete", "Token bucket, fill timer (Envoy)"),
                ("gcra", "GCRA (governor)"),
                ("leaky_bucket", "Leaky bucket (nginx limit_req)"),
            ]
        },
        |s| tier::<I>(s).map(|t| algorithm_kind(&t.limit)),
        |s, kind| match limit_mut::<I>(s) {
            Some(limit) => match algorithm_with_kind(limit, kind) {
                Some(next) => {
                    *limit = next;
                    true
                }
                None => false,
            },
            None => false,
        },
    ));
    fields.push(number(
        path("limit.burst"),
        "Burst",
        Group::RateLimits,
        scale("requests", COUNT, COUNT_SLIDER),
        |s| {
            tier::<I>(s).map(|t| match t.limit {
                Algorithm::TokenBucket(TokenBucketConfig::Continuous { burst, .. })
                | Algorithm::TokenBucket(TokenBucketConfig::Discrete { burst, .. })
                | Algorithm::LeakyBucket(LeakyBucketConfig { burst, .. }) => f64::from(burst),
                Algorithm::Gcra(GcraConfig { rate, burst }) => {
                    f64::from(burst.unwrap_or(rate.count))
                }
            })
        },
        |s, v| match limit_mut::<I>(s) {
            Some(Algorithm::TokenBucket(TokenBucketConfig::Continuous { burst, .. }))
            | Some(Algorithm::TokenBucket(TokenBucketConfig::Discrete { burst, .. }))
            | Some(Algorithm::LeakyBucket(LeakyBucketConfig { burst, .. })) => *burst = v as u32,
            Some(Algorithm::Gcra(gcra)) => gcra.burst = Some(v as u32),
            None => {}
        },
    ));
    fields.push(number(
        path("limit.rate.count"),
        "Rate",
        Group::RateLimits,
        scale("requests", RATE_COUNT, COUNT_SLIDER),
        |s| match tier::<I>(s)?.limit {
            Algorithm::TokenBucket(TokenBucketConfig::Continuous { rate, .. })
            | Algorithm::Gcra(GcraConfig { rate, .. }) => Some(f64::from(rate.count)),
            _ => None,
        },
        |s, v| match limit_mut::<I>(s) {
            Some(Algorithm::TokenBucket(TokenBucketConfig::Continuous { rate, .. }))
            | Some(Algorithm::Gcra(GcraConfig { rate, .. })) => rate.count = v as u32,
            _ => {}
        },
    ));
    fields.push(number(
        path("limit.rate.period_ms"),
        "Per",
        Group::RateLimits,
        scale("ms", PERIOD, PERIOD_SLIDER),
        |s| match tier::<I>(s)?.limit {
            Algorithm::TokenBucket(TokenBucketConfig::Continuous { rate, .. })
            | Algorithm::Gcra(GcraConfig { rate, .. }) => Some(rate.period_ms as f64),
            _ => None,
        },
        |s, v| match limit_mut::<I>(s) {
            Some(Algorithm::TokenBucket(TokenBucketConfig::Continuous { rate, .. }))
            | Some(Algorithm::Gcra(GcraConfig { rate, .. })) => rate.period_ms = v as u64,
            _ => {}
        },
    ));
    fields.push(number(
        path("limit.tokens_per_fill"),
        "Tokens per fill",
        Group::RateLimits,
        scale("tokens", RATE_COUNT, COUNT_SLIDER),
        |s| match tier::<I>(s)?.limit {
            Algorithm::TokenBucket(TokenBucketConfig::Discrete {
                tokens_per_fill, ..
            }) => Some(f64::from(tokens_per_fill)),
            _ => None,
        },
        |s, v| {
            if let Some(Algorithm::TokenBucket(TokenBucketConfig::Discrete {
                tokens_per_fill,
                ..
            })) = limit_mut::<I>(s)
            {
                *tokens_per_fill = v as u32;
            }
        },
    ));
    fields.push(number(
        path("limit.fill_interval_ms"),
        "Fill interval",
        Group::RateLimits,
        scale("ms", PERIOD, PERIOD_SLIDER),
        |s| match tier::<I>(s)?.limit {
            Algorithm::TokenBucket(TokenBucketConfig::Discrete {
                fill_interval_ms, ..
            }) => Some(fill_interval_ms as f64),
            _ => None,
        },
        |s, v| {
            if let Some(Algorithm::TokenBucket(TokenBucketConfig::Discrete {
                fill_interval_ms,
                ..
            })) = limit_mut::<I>(s)
            {
                *fill_interval_ms = v as u64;
            }
        },
    ));
    fields.push(number(
        path("limit.rate"),
        "Rate",
        Group::RateLimits,
        scale("requests", RATE_COUNT, COUNT_SLIDER),
        |s| match tier::<I>(s)?.limit {
            Algorithm::LeakyBucket(nginx) => Some(f64::from(nginx.rate)),
            _ => None,
        },
        |s, v| {
            if let Some(Algorithm::LeakyBucket(nginx)) = limit_mut::<I>(s) {
                nginx.rate = v as u32;
            }
        },
    ));
    fields.push(choice(
        path("limit.unit"),
        "Per",
        Group::RateLimits,
        || vec![("r/s", "second (r/s)"), ("r/m", "minute (r/m)")],
        |s| match tier::<I>(s)?.limit {
            Algorithm::LeakyBucket(nginx) => Some(match nginx.unit {
                RateUnit::PerSecond => "r/s",
                RateUnit::PerMinute => "r/m",
            }),
            _ => None,
        },
        |s, name| {
            let unit = match name {
                "r/s" => RateUnit::PerSecond,
                "r/m" => RateUnit::PerMinute,
                _ => return false,
            };
            match limit_mut::<I>(s) {
                Some(Algorithm::LeakyBucket(nginx)) => {
                    nginx.unit = unit;
                    true
                }
                _ => false,
            }
        },
    ));
    fields.push(Field {
        path: path("limit.nodelay"),
        label: "nodelay: forward the burst at once",
        group: Group::RateLimits,
        kind: Kind::Toggle {
            get: |s| match tier::<I>(s)?.limit {
                Algorithm::LeakyBucket(nginx) => Some(nginx.nodelay),
                _ => None,
            },
            set: |s, on| {
                if let Some(Algorithm::LeakyBucket(nginx)) = limit_mut::<I>(s) {
                    nginx.nodelay = on;
                }
            },
        },
    });
    fields.push(number(
        path("limit.delay"),
        "delay=: forwarded before delaying",
        Group::RateLimits,
        scale("requests", COUNT, COUNT_SLIDER),
        |s| match tier::<I>(s)?.limit {
            Algorithm::LeakyBucket(nginx) if !nginx.nodelay => Some(f64::from(nginx.delay)),
            _ => None,
        },
        |s, v| {
            if let Some(Algorithm::LeakyBucket(nginx)) = limit_mut::<I>(s) {
                nginx.delay = v as u32;
            }
        },
    ));
}

fn fault<const I: usize>(s: &Scenario) -> Option<&Fault> {
    s.faults.get(I)
}

fn fault_mut<const I: usize>(s: &mut Scenario) -> Option<&mut Fault> {
    s.faults.get_mut(I)
}

/// The fields of fault `I`.
fn fault_fields<const I: usize>(fields: &mut Vec<Field>) {
    let path = |name| item_path(List::Faults, I, name);
    fields.push(choice(
        path("kind"),
        "Fault",
        Group::Faults,
        || {
            vec![
                ("store_outage", "Store outage"),
                ("store_slowdown", "Store slowdown"),
                ("cache_crash", "Cache crash"),
                ("cache_latency_spike", "Cache latency spike"),
            ]
        },
        |s| fault::<I>(s).map(fault_kind),
        |s, kind| match fault_mut::<I>(s) {
            Some(f) => match fault_with_kind(f, kind) {
                Some(next) => {
                    *f = next;
                    true
                }
                None => false,
            },
            None => false,
        },
    ));
    fields.push(number(
        path("start_s"),
        "From",
        Group::Faults,
        scale("s", RUN_TIME, RUN_TIME_SLIDER),
        |s| match *fault::<I>(s)? {
            Fault::StoreOutage { start_s, .. }
            | Fault::StoreSlowdown { start_s, .. }
            | Fault::CacheLatencySpike { start_s, .. } => Some(start_s),
            Fault::CacheCrash { .. } => None,
        },
        |s, v| match fault_mut::<I>(s) {
            Some(Fault::StoreOutage { start_s, .. })
            | Some(Fault::StoreSlowdown { start_s, .. })
            | Some(Fault::CacheLatencySpike { start_s, .. }) => *start_s = v,
            _ => {}
        },
    ));
    fields.push(number(
        path("end_s"),
        "Until",
        Group::Faults,
        scale("s", RUN_TIME, RUN_TIME_SLIDER),
        |s| match *fault::<I>(s)? {
            Fault::StoreOutage { end_s, .. }
            | Fault::StoreSlowdown { end_s, .. }
            | Fault::CacheLatencySpike { end_s, .. } => Some(end_s),
            Fault::CacheCrash { .. } => None,
        },
        |s, v| match fault_mut::<I>(s) {
            Some(Fault::StoreOutage { end_s, .. })
            | Some(Fault::StoreSlowdown { end_s, .. })
            | Some(Fault::CacheLatencySpike { end_s, .. }) => *end_s = v,
            _ => {}
        },
    ));
    fields.push(choice(
        path("mode"),
        "Store requests",
        Group::Faults,
        || {
            vec![
                ("fail", "Fail at once (connection refused)"),
                ("hang", "Hang until it is back (timeouts)"),
            ]
        },
        |s| match *fault::<I>(s)? {
            Fault::StoreOutage { mode, .. } => Some(match mode {
                OutageMode::Fail => "fail",
                OutageMode::Hang => "hang",
            }),
            _ => None,
        },
        |s, name| {
            let next = match name {
                "fail" => OutageMode::Fail,
                "hang" => OutageMode::Hang,
                _ => return false,
            };
            match fault_mut::<I>(s) {
                Some(Fault::StoreOutage { mode, .. }) => {
                    *mode = next;
                    true
                }
                _ => false,
            }
        },
    ));
    fields.push(number(
        path("write_retries"),
        "Write retries",
        Group::Faults,
        scale(
            "retries",
            whole(0.0, f64::from(limits::MAX_WRITE_RETRIES)),
            linear(0.0, 10.0),
        ),
        |s| match *fault::<I>(s)? {
            Fault::StoreOutage { write_retries, .. } => Some(f64::from(write_retries)),
            _ => None,
        },
        |s, v| {
            if let Some(Fault::StoreOutage { write_retries, .. }) = fault_mut::<I>(s) {
                *write_retries = v as u32;
            }
        },
    ));
    fields.push(number(
        path("factor"),
        "Slower by",
        Group::Faults,
        scale(
            "×",
            super::positive(limits::MAX_SLOWDOWN_FACTOR),
            log(1.0, 100.0),
        ),
        |s| match *fault::<I>(s)? {
            Fault::StoreSlowdown { factor, .. } => Some(factor),
            _ => None,
        },
        |s, v| {
            if let Some(Fault::StoreSlowdown { factor, .. }) = fault_mut::<I>(s) {
                *factor = v;
            }
        },
    ));
    fields.push(number(
        path("extra_ms"),
        "Extra latency",
        Group::Faults,
        scale("ms", closed(0.0, limits::MAX_LATENCY_MS), log(0.1, 1_000.0)),
        |s| match *fault::<I>(s)? {
            Fault::CacheLatencySpike { extra_ms, .. } => Some(extra_ms),
            _ => None,
        },
        |s, v| {
            if let Some(Fault::CacheLatencySpike { extra_ms, .. }) = fault_mut::<I>(s) {
                *extra_ms = v;
            }
        },
    ));
    fields.push(number(
        path("at_s"),
        "At",
        Group::Faults,
        scale("s", RUN_TIME, RUN_TIME_SLIDER),
        |s| match *fault::<I>(s)? {
            Fault::CacheCrash { at_s, .. } => Some(at_s),
            _ => None,
        },
        |s, v| {
            if let Some(Fault::CacheCrash { at_s, .. }) = fault_mut::<I>(s) {
                *at_s = v;
            }
        },
    ));
    fields.push(number(
        path("restart_s"),
        "Back after",
        Group::Faults,
        scale("s", RUN_TIME, RUN_TIME_SLIDER),
        |s| match *fault::<I>(s)? {
            Fault::CacheCrash { restart_s, .. } => Some(restart_s),
            _ => None,
        },
        |s, v| {
            if let Some(Fault::CacheCrash { restart_s, .. }) = fault_mut::<I>(s) {
                *restart_s = v;
            }
        },
    ));
}

/// Appends the autoscaling, rate-limit and fault fields, slot by slot.
pub(super) fn push_fields(fields: &mut Vec<Field>) {
    autoscaling_fields(fields);
    // The accessors are plain `fn`s, so each slot is a const-generic instance.
    macro_rules! slots {
        ($make:ident: $($index:literal)*) => {
            $( $make::<$index>(fields); )*
        };
        ($make:ident<$up:literal>: $($index:literal)*) => {
            $( $make::<$up, $index>(fields); )*
        };
    }
    slots!(policy_fields<true>: 0 1 2 3 4 5 6 7 8 9);
    slots!(policy_fields<false>: 0 1 2 3 4 5 6 7 8 9);
    slots!(tier_fields: 0 1 2 3 4 5 6 7);
    slots!(fault_fields: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets;
    use crate::ui::fields::{apply, registry};

    #[test]
    fn the_slots_match_the_slot_counts() {
        // One field per slot and list is enough: the slot counts bound `add`.
        for (list, name, slots) in [
            (List::Tiers, "scope", TIER_SLOTS),
            (List::Faults, "kind", FAULT_SLOTS),
            (List::ScaleUp, "value", POLICY_SLOTS),
            (List::ScaleDown, "value", POLICY_SLOTS),
        ] {
            let count = registry()
                .iter()
                .filter(|f| {
                    f.path.ends_with(name) && List::of_path(f.path).is_some_and(|(l, _)| l == list)
                })
                .count();
            assert_eq!(count, slots, "{list:?}");
        }
    }

    #[test]
    fn item_paths_name_their_list_and_index() {
        assert_eq!(
            List::of_path("rate_limits.tiers[3].limit.rate.count"),
            Some((List::Tiers, 3))
        );
        assert_eq!(List::of_path("faults[0].start_s"), Some((List::Faults, 0)));
        assert_eq!(
            List::of_path("autoscaling.scale_down.policies[1].period_s"),
            Some((List::ScaleDown, 1))
        );
        assert_eq!(
            List::of_path("autoscaling.scale_up.stabilization_window_s"),
            None
        );
        assert_eq!(List::of_path("faults"), None);
    }

    #[test]
    fn added_items_are_valid_and_removable() {
        let mut scenario = apply(&Scenario::default(), "autoscaling.kind", "target_tracking")
            .expect("target tracking applies");
        for list in List::ALL {
            let before = list.len(&scenario).expect("the list applies");
            scenario = add(&scenario, list).expect("room for one more");
            assert_eq!(scenario.validate(), Ok(()), "{list:?}");
            assert_eq!(list.len(&scenario), Some(before + 1));
            let removed = remove(&scenario, list, before).expect("the new item");
            assert_eq!(list.len(&removed), Some(before));
            assert!(remove(&scenario, list, before + 1).is_none());
        }
    }

    #[test]
    fn a_full_list_takes_no_more() {
        let mut scenario = Scenario::default();
        for _ in 0..FAULT_SLOTS {
            scenario = add(&scenario, List::Faults).expect("room");
        }
        assert!(add(&scenario, List::Faults).is_none());
        // HPA policies do not apply without target tracking.
        assert!(add(&Scenario::default(), List::ScaleUp).is_none());
    }

    #[test]
    fn switching_the_algorithm_keeps_the_rate() {
        // A tier of 1000 per 1000 ms; nginx counts it as 1000 r/s.
        let scenario = add(&Scenario::default(), List::Tiers).expect("room");
        let path = "rate_limits.tiers[0].limit.kind";
        let nginx = apply(&scenario, path, "leaky_bucket").expect("a known algorithm");
        assert_eq!(
            nginx.rate_limits.tiers[0].limit,
            Algorithm::LeakyBucket(LeakyBucketConfig {
                rate: 1_000,
                ..LeakyBucketConfig::default()
            })
        );
        // 1000 r/s as a GCRA is 1000 per second again.
        let gcra = apply(&nginx, path, "gcra").expect("a known algorithm");
        assert_eq!(
            gcra.rate_limits.tiers[0].limit,
            Algorithm::Gcra(GcraConfig {
                rate: Rate::per_second(1_000),
                burst: None
            })
        );
        assert!(apply(&scenario, path, "sliding_window").is_err());
    }

    #[test]
    fn a_slow_limit_becomes_requests_per_minute_in_nginx() {
        // 1 per 10 s is 0.1 r/s, which nginx writes as 6r/m.
        let mut scenario = add(&Scenario::default(), List::Tiers).expect("room");
        scenario = apply(
            &scenario,
            "rate_limits.tiers[0].limit.rate.period_ms",
            "10000",
        )
        .and_then(|s| apply(&s, "rate_limits.tiers[0].limit.rate.count", "1"))
        .expect("valid values");
        let nginx = apply(&scenario, "rate_limits.tiers[0].limit.kind", "leaky_bucket")
            .expect("a known algorithm");
        match nginx.rate_limits.tiers[0].limit {
            Algorithm::LeakyBucket(n) => assert_eq!((n.rate, n.unit), (6, RateUnit::PerMinute)),
            ref other => panic!("not a leaky bucket: {other:?}"),
        }
    }

    #[test]
    fn switching_the_fault_kind_keeps_the_window() {
        // The demo runs 60 s; a new fault covers 24 s to 36 s.
        let scenario = add(&Scenario::default(), List::Faults).expect("room");
        assert_eq!(fault_window(&scenario.faults[0]), (24.0, 36.0));
        let crash = apply(&scenario, "faults[0].kind", "cache_crash").expect("known kind");
        assert_eq!(
            crash.faults[0],
            Fault::CacheCrash {
                at_s: 24.0,
                restart_s: 12.0
            }
        );
        assert_eq!(fault_window(&crash.faults[0]), (24.0, 36.0));
    }

    #[test]
    fn every_preset_field_value_reads_back() {
        // Each shown field's text, typed back in, gives the same scenario.
        for preset in presets() {
            let scenario = preset.scenario;
            for field in registry().iter().filter(|f| f.applies(&scenario)) {
                let again = apply(&scenario, field.path, &field.text(&scenario))
                    .unwrap_or_else(|e| panic!("{}: {}: {e}", preset.name, field.path));
                assert_eq!(again, scenario, "{}: {}", preset.name, field.path);
            }
        }
    }

    #[test]
    fn differences_name_the_list_item() {
        let a = add(&Scenario::default(), List::Faults).expect("room");
        let b = apply(&a, "faults[0].end_s", "40").expect("a valid end");
        assert_eq!(
            crate::ui::fields::differences(&a, &b),
            vec![(
                "Fault 1: Until".to_string(),
                "36 s".to_string(),
                "40 s".to_string()
            )]
        );
    }

    #[test]
    fn a_dragged_fault_keeps_its_length_inside_the_run() {
        // The demo runs 60 s; the new outage covers 24 to 36 s (12 s long).
        let scenario = add(&Scenario::default(), List::Faults).expect("room");
        let window = |s: &Scenario| fault_window(&s.faults[0]);
        // Middle at 10.4 s: starts at 4.4 s, rounded to 4.
        let moved = move_fault(&scenario, 0, 10.4).expect("fault 0");
        assert_eq!(window(&moved), (4.0, 16.0));
        // Past either end it stops at the edge: 48 to 60 s, and 0 to 12 s.
        assert_eq!(
            window(&move_fault(&scenario, 0, 100.0).unwrap()),
            (48.0, 60.0)
        );
        assert_eq!(
            window(&move_fault(&scenario, 0, -5.0).unwrap()),
            (0.0, 12.0)
        );
        assert_eq!(moved.validate(), Ok(()));
        assert!(move_fault(&scenario, 1, 10.0).is_none());
        // A crash moves its moment; its restart delay stays.
        let crash = apply(&scenario, "faults[0].kind", "cache_crash").expect("known kind");
        assert_eq!(window(&move_fault(&crash, 0, 50.0).unwrap()), (50.0, 62.0));
    }

    #[test]
    fn every_model_has_its_explanation() {
        use crate::ui::explain;
        let options = |path: &str| match &crate::ui::fields::find(path).expect("a field").kind {
            Kind::Choice { options, .. } => options(),
            _ => panic!("{path} is not a choice"),
        };
        for (value, _) in options("rate_limits.tiers[0].limit.kind") {
            assert!(explain::find(explain::LIMIT, value).is_some(), "{value}");
        }
        for (value, _) in options("faults[0].kind") {
            assert!(explain::line(explain::FAULT, value).is_some(), "{value}");
        }
        for (value, _) in options("autoscaling.kind") {
            assert_eq!(
                explain::find(explain::AUTOSCALE, value).is_some(),
                value != "off"
            );
        }
    }

    #[test]
    fn autoscaling_switches_bound_the_current_pool() {
        // The demo has 4 instances: bounds 4..16.
        let scenario = Scenario::default();
        let instances = scenario.servers.instances;
        let on = apply(&scenario, "autoscaling.kind", "threshold").expect("known kind");
        match &on.autoscaling {
            Some(AutoscalerConfig::Threshold(t)) => {
                assert_eq!(
                    (t.min_instances, t.max_instances),
                    (instances, instances * 4)
                );
            }
            other => panic!("not threshold: {other:?}"),
        }
        assert_eq!(on.validate(), Ok(()));
        let off = apply(&on, "autoscaling.kind", "off").expect("known kind");
        assert_eq!(off.autoscaling, None);
    }
}
