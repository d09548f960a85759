//! Every choice a scenario offers, as an enum that knows its name and label.
//!
//! The name is the serde name (what a scenario file and the form's `<select>` carry);
//! the label is what a person reads. Fieldless engine enums (`TtlMode`, `QueueFull`, …)
//! get the table here; for the engine's enums with data (`WritePolicy`, `Fault`, …)
//! a `…Kind` enum names the variant and builds it from the current value, carrying over
//! what the two variants share (a rate, a mean, a window).

use super::limits;
use crate::sim::autoscale::{
    AutoscalerConfig, HpaConfig, PolicyType, SelectPolicy, ThresholdConfig,
};
use crate::sim::config::{
    Latency, LoadProfile, Popularity, QueueFull, TtlMode, WriteBehind, WritePolicy,
};
use crate::sim::fault::{Fault, OutageMode};
use crate::sim::limiter::{
    Algorithm, GcraConfig, LeakyBucketConfig, Rate, RateUnit, Scope, TokenBucketConfig,
};
use crate::sim::EvictionKind;

/// One option of a choice field.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every option, in the order a form lists them.
    const ALL: &'static [Self];
    /// The serde name.
    fn name(self) -> &'static str;
    /// What a person reads.
    fn label(self) -> &'static str;

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|option| option.name() == name)
    }
}

/// `Choice` for an enum from a table of `Variant => (name, label)`; with `enum`, the
/// enum is declared here too.
macro_rules! choices {
    ($(#[$doc:meta])* pub enum $kind:ident { $($variant:ident => ($name:literal, $label:literal),)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $kind { $($variant,)+ }
        choices!($kind { $($variant => ($name, $label),)+ });
    };
    ($kind:ident { $($variant:ident => ($name:literal, $label:literal),)+ }) => {
        impl Choice for $kind {
            const ALL: &'static [$kind] = &[$($kind::$variant,)+];
            fn name(self) -> &'static str {
                match self { $($kind::$variant => $name,)+ }
            }
            fn label(self) -> &'static str {
                match self { $($kind::$variant => $label,)+ }
            }
        }
    };
}

/// The engine names its policies (`EvictionKind::name`, the CLI's names); the labels are here.
impl Choice for EvictionKind {
    const ALL: &'static [EvictionKind] = EvictionKind::ALL;
    fn name(self) -> &'static str {
        EvictionKind::name(self)
    }
    fn label(self) -> &'static str {
        match self {
            EvictionKind::Fifo => "FIFO — first in, first out",
            EvictionKind::Lru => "LRU — least recently used",
            EvictionKind::Clock => "CLOCK — second chance",
            EvictionKind::Random => "Random",
            EvictionKind::Sieve => "SIEVE — lazy promotion, quick demotion",
            EvictionKind::S3Fifo => "S3-FIFO — small, main and ghost queues",
            EvictionKind::Lfu => "LFU — least frequently used",
            EvictionKind::Arc => "ARC — adaptive replacement",
            EvictionKind::TwoQ => "2Q — two queues",
            EvictionKind::Lirs => "LIRS — inter-reference recency",
            EvictionKind::WTinyLfu => "W-TinyLFU — Caffeine's policy",
        }
    }
}

choices!(TtlMode {
    None => ("none", "No expiry"),
    AfterWrite => ("after_write", "Expire after write"),
    AfterAccess => ("after_access", "Expire after access"),
});

choices!(QueueFull {
    Reject => ("reject", "Reject the write"),
    Block => ("block", "Block the writer"),
    WriteThrough => ("write_through", "Write through synchronously"),
    DropOldest => ("drop_oldest", "Drop the oldest queued write"),
});

choices!(OutageMode {
    Fail => ("fail", "Fail at once (connection refused)"),
    Hang => ("hang", "Hang until it is back (timeouts)"),
});

choices!(Scope {
    Global => ("global", "All requests together"),
    PerClient => ("per_client", "Each client separately"),
});

choices!(RateUnit {
    PerSecond => ("r/s", "second (r/s)"),
    PerMinute => ("r/m", "minute (r/m)"),
});

choices!(SelectPolicy {
    Max => ("Max", "Max: the biggest change allowed"),
    Min => ("Min", "Min: the smallest change allowed"),
    Disabled => ("Disabled", "Disabled: never in this direction"),
});

choices!(PolicyType {
    Pods => ("Pods", "Pods"),
    Percent => ("Percent", "Percent"),
});

choices!(
    /// The variant of a [`WritePolicy`].
    pub enum WriteKind {
        Through => ("through", "Write-through"),
        Back => ("back", "Write-back (write-behind)"),
        Around => ("around", "Write-around"),
    }
);

impl WriteKind {
    pub fn of(policy: &WritePolicy) -> WriteKind {
        match policy {
            WritePolicy::Through => WriteKind::Through,
            WritePolicy::Back(_) => WriteKind::Back,
            WritePolicy::Around => WriteKind::Around,
        }
    }

    /// `current` as this kind; write-back keeps its parameters if it already is one.
    pub fn switch(self, current: &WritePolicy) -> WritePolicy {
        match (self, current) {
            (WriteKind::Through, _) => WritePolicy::Through,
            (WriteKind::Back, WritePolicy::Back(behind)) => WritePolicy::Back(behind.clone()),
            (WriteKind::Back, _) => WritePolicy::Back(WriteBehind::default()),
            (WriteKind::Around, _) => WritePolicy::Around,
        }
    }
}

choices!(
    /// The variant of a [`LoadProfile`].
    pub enum ProfileKind {
        Constant => ("constant", "Constant"),
        Ramp => ("ramp", "Ramp"),
        Spike => ("spike", "Spike"),
        Diurnal => ("diurnal", "Diurnal"),
    }
);

impl ProfileKind {
    pub fn of(profile: &LoadProfile) -> ProfileKind {
        match profile {
            LoadProfile::Constant { .. } => ProfileKind::Constant,
            LoadProfile::Ramp { .. } => ProfileKind::Ramp,
            LoadProfile::Spike { .. } => ProfileKind::Spike,
            LoadProfile::Diurnal { .. } => ProfileKind::Diurnal,
        }
    }

    /// `current` as this kind with the same mean rate, shaped for a run of `duration_s`.
    pub fn switch(self, current: &LoadProfile, duration_s: f64) -> LoadProfile {
        if ProfileKind::of(current) == self {
            return current.clone();
        }
        let rate = match *current {
            LoadProfile::Constant { rate_per_s } => rate_per_s,
            LoadProfile::Ramp {
                from_per_s,
                to_per_s,
            } => (from_per_s + to_per_s) / 2.0,
            LoadProfile::Spike { base_per_s, .. } => base_per_s,
            LoadProfile::Diurnal { mean_per_s, .. } => mean_per_s,
        };
        match self {
            ProfileKind::Constant => LoadProfile::Constant { rate_per_s: rate },
            ProfileKind::Ramp => LoadProfile::Ramp {
                from_per_s: rate / 2.0,
                to_per_s: rate * 2.0,
            },
            ProfileKind::Spike => LoadProfile::Spike {
                base_per_s: rate,
                peak_per_s: rate * 5.0,
                start_s: (duration_s / 3.0).round(),
                length_s: (duration_s / 6.0).round().max(1.0),
            },
            ProfileKind::Diurnal => LoadProfile::Diurnal {
                mean_per_s: rate,
                amplitude: 0.5,
                period_s: duration_s,
            },
        }
    }
}

choices!(
    /// The variant of a [`Popularity`].
    pub enum PopularityKind {
        Uniform => ("uniform", "Uniform"),
        Zipf => ("zipf", "Zipf"),
        Hotspot => ("hotspot", "Hot spot"),
    }
);

impl PopularityKind {
    pub fn of(popularity: &Popularity) -> PopularityKind {
        match popularity {
            Popularity::Uniform => PopularityKind::Uniform,
            Popularity::Zipf { .. } => PopularityKind::Zipf,
            Popularity::Hotspot { .. } => PopularityKind::Hotspot,
        }
    }

    pub fn switch(self, current: &Popularity) -> Popularity {
        if PopularityKind::of(current) == self {
            return current.clone();
        }
        match self {
            PopularityKind::Uniform => Popularity::Uniform,
            PopularityKind::Zipf => Popularity::Zipf { alpha: 0.99 },
            PopularityKind::Hotspot => Popularity::Hotspot {
                hot_key_fraction: 0.2,
                hot_request_fraction: 0.8,
            },
        }
    }
}

choices!(
    /// The variant of a [`Latency`].
    pub enum LatencyKind {
        Constant => ("constant", "Constant"),
        Exponential => ("exponential", "Exponential"),
        LogNormal => ("log_normal", "Log-normal"),
    }
);

impl LatencyKind {
    pub fn of(latency: &Latency) -> LatencyKind {
        match latency {
            Latency::Constant { .. } => LatencyKind::Constant,
            Latency::Exponential { .. } => LatencyKind::Exponential,
            Latency::LogNormal { .. } => LatencyKind::LogNormal,
        }
    }

    /// `current` as this kind with the same mean.
    pub fn switch(self, current: &Latency) -> Latency {
        if LatencyKind::of(current) == self {
            return current.clone();
        }
        let mean = match *current {
            Latency::Constant { ms } => ms,
            Latency::Exponential { mean_ms } | Latency::LogNormal { mean_ms, .. } => mean_ms,
        };
        match self {
            LatencyKind::Constant => Latency::Constant { ms: mean },
            LatencyKind::Exponential => Latency::Exponential { mean_ms: mean },
            LatencyKind::LogNormal => Latency::LogNormal {
                mean_ms: mean,
                p99_ms: mean * 4.0,
            },
        }
    }
}

choices!(
    /// The variant of a [`Fault`].
    pub enum FaultKind {
        StoreOutage => ("store_outage", "Store outage"),
        StoreSlowdown => ("store_slowdown", "Store slowdown"),
        CacheCrash => ("cache_crash", "Cache crash"),
        CacheLatencySpike => ("cache_latency_spike", "Cache latency spike"),
    }
);

impl FaultKind {
    pub fn of(fault: &Fault) -> FaultKind {
        match fault {
            Fault::StoreOutage { .. } => FaultKind::StoreOutage,
            Fault::StoreSlowdown { .. } => FaultKind::StoreSlowdown,
            Fault::CacheCrash { .. } => FaultKind::CacheCrash,
            Fault::CacheLatencySpike { .. } => FaultKind::CacheLatencySpike,
        }
    }

    /// `current` as a fault of this kind over the same window.
    pub fn switch(self, current: &Fault) -> Fault {
        if FaultKind::of(current) == self {
            return current.clone();
        }
        let (start_s, end_s) = window(current);
        match self {
            FaultKind::StoreOutage => Fault::StoreOutage {
                start_s,
                end_s,
                mode: OutageMode::Fail,
                write_retries: 3,
            },
            FaultKind::StoreSlowdown => Fault::StoreSlowdown {
                start_s,
                end_s,
                factor: 5.0,
            },
            FaultKind::CacheCrash => Fault::CacheCrash {
                at_s: start_s,
                restart_s: end_s - start_s,
            },
            FaultKind::CacheLatencySpike => Fault::CacheLatencySpike {
                start_s,
                end_s,
                extra_ms: 50.0,
            },
        }
    }
}

/// When a fault acts: its window, or a crash's moment until the cache is back.
pub fn window(fault: &Fault) -> (f64, f64) {
    match *fault {
        Fault::StoreOutage { start_s, end_s, .. }
        | Fault::StoreSlowdown { start_s, end_s, .. }
        | Fault::CacheLatencySpike { start_s, end_s, .. } => (start_s, end_s),
        Fault::CacheCrash { at_s, restart_s } => (at_s, at_s + restart_s),
    }
}

/// The long-run rate `limit` admits, whatever its algorithm.
pub fn rate_of(limit: &Algorithm) -> Rate {
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

choices!(
    /// A rate-limit tier's algorithm; the token bucket's two refills are two options.
    pub enum LimitKind {
        TokenBucket => ("token_bucket", "Token bucket, continuous"),
        TokenBucketDiscrete => ("token_bucket_discrete", "Token bucket, fill timer (Envoy)"),
        Gcra => ("gcra", "GCRA (governor)"),
        LeakyBucket => ("leaky_bucket", "Leaky bucket (nginx limit_req)"),
    }
);

impl LimitKind {
    pub fn of(limit: &Algorithm) -> LimitKind {
        match limit {
            Algorithm::TokenBucket(TokenBucketConfig::Continuous { .. }) => LimitKind::TokenBucket,
            Algorithm::TokenBucket(TokenBucketConfig::Discrete { .. }) => {
                LimitKind::TokenBucketDiscrete
            }
            Algorithm::Gcra(_) => LimitKind::Gcra,
            Algorithm::LeakyBucket(_) => LimitKind::LeakyBucket,
        }
    }

    /// `current` as this algorithm at the same rate, so that switching compares
    /// algorithms at one rate.
    pub fn switch(self, current: &Algorithm) -> Algorithm {
        if LimitKind::of(current) == self {
            return current.clone();
        }
        let rate = rate_of(current);
        let burst = rate.count.max(1);
        match self {
            LimitKind::TokenBucket => {
                Algorithm::TokenBucket(TokenBucketConfig::Continuous { burst, rate })
            }
            LimitKind::TokenBucketDiscrete => Algorithm::TokenBucket(TokenBucketConfig::Discrete {
                burst,
                tokens_per_fill: rate.count,
                fill_interval_ms: rate.period_ms,
            }),
            LimitKind::Gcra => Algorithm::Gcra(GcraConfig { rate, burst: None }),
            LimitKind::LeakyBucket => {
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
        }
    }
}

choices!(
    /// The autoscaler, or none.
    pub enum AutoscalerKind {
        Off => ("off", "Off: a fixed pool"),
        Threshold => ("threshold", "Threshold steps (AWS step scaling)"),
        TargetTracking => ("target_tracking", "Target tracking (Kubernetes HPA)"),
    }
);

impl AutoscalerKind {
    pub fn of(autoscaling: &Option<AutoscalerConfig>) -> AutoscalerKind {
        match autoscaling {
            None => AutoscalerKind::Off,
            Some(AutoscalerConfig::Threshold(_)) => AutoscalerKind::Threshold,
            Some(AutoscalerConfig::TargetTracking(_)) => AutoscalerKind::TargetTracking,
        }
    }

    /// Switching autoscalers starts from the new one's defaults, bounded around the
    /// current `instances` so the switch alone is valid.
    pub fn switch(
        self,
        current: &Option<AutoscalerConfig>,
        instances: u32,
    ) -> Option<AutoscalerConfig> {
        if AutoscalerKind::of(current) == self {
            return current.clone();
        }
        let max = instances.saturating_mul(4).clamp(1, limits::MAX_INSTANCES);
        let min = instances.clamp(1, max);
        match self {
            AutoscalerKind::Off => None,
            AutoscalerKind::Threshold => Some(AutoscalerConfig::Threshold(ThresholdConfig {
                min_instances: min,
                max_instances: max,
                ..ThresholdConfig::default()
            })),
            AutoscalerKind::TargetTracking => Some(AutoscalerConfig::TargetTracking(HpaConfig {
                min_replicas: min,
                max_replicas: max,
                ..HpaConfig::default()
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each option's name is its serde name.
    fn serde_names<T: Choice + serde::Serialize + std::fmt::Debug>() {
        for option in T::ALL {
            assert_eq!(
                serde_json::to_value(option).expect("serializes"),
                serde_json::Value::String(option.name().to_string())
            );
            assert_eq!(T::from_name(option.name()), Some(*option));
        }
    }

    #[test]
    fn names_are_the_serde_names() {
        serde_names::<EvictionKind>();
        serde_names::<TtlMode>();
        serde_names::<QueueFull>();
        serde_names::<OutageMode>();
        serde_names::<Scope>();
        serde_names::<RateUnit>();
        serde_names::<SelectPolicy>();
        serde_names::<PolicyType>();
    }

    #[test]
    fn kinds_name_the_serde_tag_of_their_variant() {
        let tag = |value: serde_json::Value| value["kind"].as_str().map(str::to_string);
        for kind in WriteKind::ALL {
            let policy = kind.switch(&WritePolicy::Through);
            assert_eq!(WriteKind::of(&policy), *kind);
            let value = serde_json::to_value(&policy).expect("serializes");
            assert_eq!(tag(value), Some(kind.name().to_string()));
        }
        for kind in ProfileKind::ALL {
            let profile = kind.switch(&LoadProfile::Constant { rate_per_s: 1.0 }, 60.0);
            assert_eq!(ProfileKind::of(&profile), *kind);
            assert_eq!(
                tag(serde_json::to_value(&profile).unwrap()),
                Some(kind.name().to_string())
            );
        }
        for kind in PopularityKind::ALL {
            let popularity = kind.switch(&Popularity::Uniform);
            assert_eq!(PopularityKind::of(&popularity), *kind);
            assert_eq!(
                tag(serde_json::to_value(&popularity).unwrap()),
                Some(kind.name().to_string())
            );
        }
        for kind in LatencyKind::ALL {
            let latency = kind.switch(&Latency::Constant { ms: 1.0 });
            assert_eq!(LatencyKind::of(&latency), *kind);
            assert_eq!(
                tag(serde_json::to_value(&latency).unwrap()),
                Some(kind.name().to_string())
            );
        }
        let outage = Fault::StoreOutage {
            start_s: 1.0,
            end_s: 2.0,
            mode: OutageMode::Fail,
            write_retries: 0,
        };
        for kind in FaultKind::ALL {
            let fault = kind.switch(&outage);
            assert_eq!(FaultKind::of(&fault), *kind);
            assert_eq!(
                tag(serde_json::to_value(&fault).unwrap()),
                Some(kind.name().to_string())
            );
        }
        for kind in AutoscalerKind::ALL {
            let autoscaling = kind.switch(&None, 4);
            assert_eq!(AutoscalerKind::of(&autoscaling), *kind);
            let value = serde_json::to_value(&autoscaling).unwrap();
            let name = if value.is_null() {
                Some("off".to_string())
            } else {
                tag(value)
            };
            assert_eq!(name, Some(kind.name().to_string()));
        }
        for kind in LimitKind::ALL {
            let limit = kind.switch(&Algorithm::Gcra(GcraConfig::default()));
            assert_eq!(LimitKind::of(&limit), *kind);
            let value = serde_json::to_value(&limit).unwrap();
            let name = match value["refill"].as_str() {
                Some("discrete") => format!("{}_discrete", value["kind"].as_str().unwrap()),
                _ => value["kind"].as_str().unwrap().to_string(),
            };
            assert_eq!(name, kind.name());
        }
    }
}
