//! Autoscalers for the server pool: a threshold rule with cooldown (AWS EC2 Auto Scaling
//! simple scaling) and target tracking as the Kubernetes HPA does it.
//!
//! The engine owns the pool. About once a second it hands the autoscaler an
//! [`Observation`] — mean utilisation of the serving instances, how many serve, how many
//! are still warming up — and applies the [`ScaleTo`] it may get back: launch instances
//! that start serving after [`Autoscaler::provision_delay`], or drain some. Each decision
//! carries its [`Reason`], so the decision log (time, from → to, why) is just the list of
//! decisions.

mod hpa;
mod threshold;

pub use hpa::{Hpa, HpaConfig, HpaLimit, PolicyType, ScalingPolicy, ScalingRules, SelectPolicy};
pub use threshold::{Threshold, ThresholdConfig};

use super::time::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What the engine tells the autoscaler about the pool.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Observation {
    /// Mean utilisation of the serving instances since the last observation, in [0, 1].
    /// Ignored when nothing serves; a non-finite value counts as no measurement.
    pub utilization: f64,
    /// Instances that serve requests.
    pub serving: u32,
    /// Instances launched but not serving yet; draining instances count in neither field.
    pub warming: u32,
}

impl Observation {
    /// The pool's size as the autoscaler counts it: serving plus warming.
    pub fn instances(&self) -> u32 {
        self.serving.saturating_add(self.warming)
    }

    /// The utilisation, if there is one to act on.
    fn measured(&self) -> Option<f64> {
        (self.serving > 0 && self.utilization.is_finite()).then_some(self.utilization)
    }
}

/// A decision: resize the pool from `from` to `to` instances.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleTo {
    pub at: Time,
    pub from: u32,
    pub to: u32,
    pub reason: Reason,
}

impl fmt::Display for ScaleTo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.0} s: {} → {}: {}",
            self.at.as_s(),
            self.from,
            self.to,
            self.reason
        )
    }
}

/// Why an autoscaler resized the pool.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// The pool was outside `[min, max]`.
    Bounds { min: u32, max: u32 },
    /// Utilisation stayed above the threshold for `for_s` seconds.
    Above {
        utilization: f64,
        threshold: f64,
        for_s: u64,
    },
    /// Utilisation stayed below the threshold for `for_s` seconds.
    Below {
        utilization: f64,
        threshold: f64,
        for_s: u64,
    },
    /// HPA: `ceil(replicas × utilization / target)` gave `recommended`; the scale-down
    /// stabilization window turned it into `stabilized`; `limit` says what capped it.
    TargetTracking {
        utilization_pct: u32,
        target_pct: u32,
        recommended: u32,
        stabilized: u32,
        limit: Option<HpaLimit>,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Bounds { min, max } => write!(f, "outside [{min}, {max}]"),
            Reason::Above {
                utilization,
                threshold,
                for_s,
            } => write!(
                f,
                "utilisation {:.0}% above {:.0}% for {for_s} s",
                utilization * 100.0,
                threshold * 100.0
            ),
            Reason::Below {
                utilization,
                threshold,
                for_s,
            } => write!(
                f,
                "utilisation {:.0}% below {:.0}% for {for_s} s",
                utilization * 100.0,
                threshold * 100.0
            ),
            Reason::TargetTracking {
                utilization_pct,
                target_pct,
                recommended,
                stabilized,
                limit,
            } => {
                write!(
                    f,
                    "utilisation {utilization_pct}% / target {target_pct}%: \
                     recommend {recommended}, stabilized {stabilized}"
                )?;
                match limit {
                    Some(limit) => write!(f, ", limited by {limit:?}"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// The autoscaling rule of a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AutoscalerConfig {
    Threshold(ThresholdConfig),
    TargetTracking(HpaConfig),
}

impl Default for AutoscalerConfig {
    fn default() -> AutoscalerConfig {
        AutoscalerConfig::Threshold(ThresholdConfig::default())
    }
}

/// An autoscaler with its state.
#[derive(Clone, Debug)]
pub enum Autoscaler {
    Threshold(Threshold),
    TargetTracking(Hpa),
}

impl Autoscaler {
    pub fn new(config: &AutoscalerConfig) -> Autoscaler {
        match config {
            AutoscalerConfig::Threshold(config) => Autoscaler::Threshold(Threshold::new(config)),
            AutoscalerConfig::TargetTracking(config) => {
                Autoscaler::TargetTracking(Hpa::new(config))
            }
        }
    }

    /// Takes the observation made at `now` and maybe resizes the pool. Calls must come in
    /// non-decreasing `now`; the engine calls about once a second.
    pub fn decide(&mut self, observation: &Observation, now: Time) -> Option<ScaleTo> {
        match self {
            Autoscaler::Threshold(rule) => rule.decide(observation, now),
            Autoscaler::TargetTracking(hpa) => hpa.decide(observation, now),
        }
    }

    /// How long a launched instance warms up before it serves.
    pub fn provision_delay(&self) -> Time {
        match self {
            Autoscaler::Threshold(rule) => rule.provision_delay(),
            Autoscaler::TargetTracking(hpa) => hpa.provision_delay(),
        }
    }
}

fn seconds(s: u64) -> Time {
    Time(s.saturating_mul(1_000_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_print_as_a_log_line() {
        let decision = ScaleTo {
            at: Time::from_s(305.0),
            from: 2,
            to: 3,
            reason: Reason::Above {
                utilization: 0.85,
                threshold: 0.7,
                for_s: 300,
            },
        };
        assert_eq!(
            decision.to_string(),
            "305 s: 2 → 3: utilisation 85% above 70% for 300 s"
        );
    }

    #[test]
    fn config_round_trips_through_json() {
        for config in [
            AutoscalerConfig::default(),
            AutoscalerConfig::TargetTracking(HpaConfig::default()),
        ] {
            let json = serde_json::to_string(&config).expect("serializable");
            let back: AutoscalerConfig = serde_json::from_str(&json).expect("round trip");
            assert_eq!(back, config);
        }
        let typo = r#"{"kind":"threshold","up_treshold":0.8}"#;
        assert!(serde_json::from_str::<AutoscalerConfig>(typo).is_err());
        let partial = r#"{"kind":"threshold","up_threshold":0.8}"#;
        let config: AutoscalerConfig = serde_json::from_str(partial).expect("defaults fill in");
        let AutoscalerConfig::Threshold(threshold) = config else {
            panic!("kind threshold parsed as {config:?}");
        };
        assert_eq!(threshold.up_threshold, 0.8);
        assert_eq!(threshold.max_instances, 20);
    }
}
