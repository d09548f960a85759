//! Target tracking as the Kubernetes Horizontal Pod Autoscaler (autoscaling/v2) does it
//! for a CPU utilisation target.
//!
//! Every `sync_period_s` the controller: enforces `minReplicas`/`maxReplicas`; computes
//! `desired = ceil(ready × utilization / target)`, or keeps the current count while the
//! ratio is within the tolerance, counting not-ready (warming) pods at 0% when that
//! would scale up; stabilizes it (the highest recommendation of the scale-down window,
//! the lowest of the scale-up window); and caps the change by the `behavior` policies
//! over their periods. The steps, their order and their integer/float arithmetic follow
//! `pkg/controller/podautoscaler` (`replica_calculator.go`, `horizontal.go`).

use super::{seconds, Observation, Reason, ScaleTo};
use crate::sim::time::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `HPAScalingPolicy.type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum PolicyType {
    Pods,
    Percent,
}

/// `HPAScalingPolicy`: change by at most `value` pods or percent per `period_s`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScalingPolicy {
    #[serde(rename = "type")]
    pub kind: PolicyType,
    pub value: u32,
    pub period_s: u64,
}

/// `HPAScalingRules.selectPolicy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum SelectPolicy {
    /// The policy allowing the biggest change.
    #[default]
    Max,
    /// The policy allowing the smallest change.
    Min,
    /// No scaling in this direction.
    Disabled,
}

/// `HPAScalingRules` for one direction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScalingRules {
    pub stabilization_window_s: u64,
    pub select_policy: SelectPolicy,
    pub policies: Vec<ScalingPolicy>,
}

impl ScalingRules {
    /// v1.35 default `scaleUp`: no stabilization, the larger of +100% and +4 pods per 15 s.
    pub fn default_scale_up() -> ScalingRules {
        ScalingRules {
            stabilization_window_s: 0,
            select_policy: SelectPolicy::Max,
            policies: vec![
                ScalingPolicy {
                    kind: PolicyType::Percent,
                    value: 100,
                    period_s: 15,
                },
                ScalingPolicy {
                    kind: PolicyType::Pods,
                    value: 4,
                    period_s: 15,
                },
            ],
        }
    }

    /// v1.35 default `scaleDown`: 300 s stabilization, then down to `minReplicas` at once
    /// (100% per 15 s).
    pub fn default_scale_down() -> ScalingRules {
        ScalingRules {
            stabilization_window_s: 300,
            select_policy: SelectPolicy::Max,
            policies: vec![ScalingPolicy {
                kind: PolicyType::Percent,
                value: 100,
                period_s: 15,
            }],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HpaConfig {
    /// `minReplicas` (default 1).
    pub min_replicas: u32,
    /// `maxReplicas` (required by Kubernetes).
    pub max_replicas: u32,
    /// `target.averageUtilization`, percent of the pods' CPU request.
    pub target_utilization_pct: u32,
    /// `--horizontal-pod-autoscaler-tolerance`: no change while `|ratio − 1| ≤ tolerance`.
    pub tolerance: f64,
    /// `--horizontal-pod-autoscaler-sync-period`.
    pub sync_period_s: u64,
    /// Pod start to Ready; not a Kubernetes parameter but the pod's own start-up time.
    pub provision_delay_s: u64,
    pub scale_up: ScalingRules,
    pub scale_down: ScalingRules,
}

impl Default for HpaConfig {
    /// Kubernetes' defaults; `maxReplicas` has none (20 stands in), `kubectl autoscale`
    /// targets 80% CPU when given no `--cpu-percent`, and pods take 30 s to become Ready.
    fn default() -> HpaConfig {
        HpaConfig {
            min_replicas: 1,
            max_replicas: 20,
            target_utilization_pct: 80,
            tolerance: 0.1,
            sync_period_s: 15,
            provision_delay_s: 30,
            scale_up: ScalingRules::default_scale_up(),
            scale_down: ScalingRules::default_scale_down(),
        }
    }
}

/// What capped the stabilized recommendation (the HPA's `ScalingLimited` reasons).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HpaLimit {
    /// The `scaleUp` policies allowed no more.
    ScaleUpLimit,
    /// The `scaleDown` policies allowed no fewer.
    ScaleDownLimit,
    /// `maxReplicas`.
    TooManyReplicas,
    /// `minReplicas`.
    TooFewReplicas,
}

/// The HPA controller's memory for one target.
#[derive(Clone, Debug)]
pub struct Hpa {
    config: HpaConfig,
    next_sync: Time,
    /// Unstabilized recommendations, oldest first.
    recommendations: Vec<(Time, u32)>,
    /// Replicas added and removed by past decisions, oldest first.
    scale_up_events: Vec<(Time, u32)>,
    scale_down_events: Vec<(Time, u32)>,
}

impl Hpa {
    pub fn new(config: &HpaConfig) -> Hpa {
        Hpa {
            config: config.clone(),
            next_sync: Time::ZERO,
            recommendations: Vec::new(),
            scale_up_events: Vec::new(),
            scale_down_events: Vec::new(),
        }
    }

    pub fn provision_delay(&self) -> Time {
        seconds(self.config.provision_delay_s)
    }

    pub fn decide(&mut self, observation: &Observation, now: Time) -> Option<ScaleTo> {
        if now < self.next_sync {
            return None;
        }
        self.next_sync = now + seconds(self.config.sync_period_s.max(1));
        let config = &self.config;
        let current = observation.instances();
        let (to, reason) = if current == 0 {
            // Kubernetes: a target scaled to zero has autoscaling disabled.
            return None;
        } else if current > config.max_replicas || current < config.min_replicas {
            let to = current.clamp(
                config.min_replicas,
                config.max_replicas.max(config.min_replicas),
            );
            let reason = Reason::Bounds {
                min: config.min_replicas,
                max: config.max_replicas,
            };
            (to, reason)
        } else {
            let utilization = observation.measured()?;
            // The metrics API reports whole percent.
            let utilization_pct = (utilization * 100.0).round().max(0.0) as u32;
            let recommended = self.recommend(current, observation, utilization_pct);
            let stabilized = self.stabilize(recommended, current, now);
            let (to, limit) = self.limit_rate(stabilized, current, now);
            let reason = Reason::TargetTracking {
                utilization_pct,
                target_pct: self.config.target_utilization_pct,
                recommended,
                stabilized,
                limit,
            };
            (to, reason)
        };
        if to == current {
            return None;
        }
        if to > current {
            self.scale_up_events.push((now, to - current));
        } else {
            self.scale_down_events.push((now, current - to));
        }
        Some(ScaleTo {
            at: now,
            from: current,
            to,
            reason,
        })
    }

    fn within_tolerance(&self, ratio: f64) -> bool {
        (1.0 - ratio).abs() <= self.config.tolerance
    }

    /// The replica calculator for a utilisation target (`GetResourceReplicas`).
    fn recommend(&self, current: u32, observation: &Observation, utilization_pct: u32) -> u32 {
        let target = f64::from(self.config.target_utilization_pct.max(1));
        let ready = observation.serving;
        let unready = observation.warming;
        let ratio = f64::from(utilization_pct) / target;
        if unready == 0 || ratio <= 1.0 {
            if self.within_tolerance(ratio) {
                return current;
            }
            return ceil_u32(ratio * f64::from(ready));
        }
        // Scaling up with pods not ready yet: count them at 0% so that their warm-up does
        // not trigger another scale-up. Integer percent, as the metrics client computes it.
        let pods = u64::from(ready) + u64::from(unready);
        let new_pct = u64::from(utilization_pct) * u64::from(ready) / pods;
        let new_ratio = new_pct as f64 / target;
        if self.within_tolerance(new_ratio) || new_ratio < 1.0 {
            return current;
        }
        ceil_u32(new_ratio * pods as f64).max(current)
    }

    /// `stabilizeRecommendationWithBehaviors`: clamps `current` between the lowest
    /// recommendation of the scale-up window and the highest of the scale-down window
    /// (both including `recommended`), then records `recommended`.
    fn stabilize(&mut self, recommended: u32, current: u32, now: Time) -> u32 {
        let up_window = seconds(self.config.scale_up.stabilization_window_s);
        let down_window = seconds(self.config.scale_down.stabilization_window_s);
        let mut up = recommended;
        let mut down = recommended;
        // "Within the window" is Kubernetes' `timestamp.After(now − window)`, written as an
        // age so that it also holds before `now` has reached the window's length.
        for &(at, rec) in &self.recommendations {
            if now.since(at) < up_window {
                up = up.min(rec);
            }
            if now.since(at) < down_window {
                down = down.max(rec);
            }
        }
        let stabilized = current.max(up).min(down);
        let longest = up_window.max(down_window);
        self.recommendations
            .retain(|&(at, _)| now.since(at) < longest);
        self.recommendations.push((now, recommended));
        stabilized
    }

    /// `convertDesiredReplicasWithBehaviorRate`: caps the change by the policies and by
    /// `[minReplicas, maxReplicas]`.
    fn limit_rate(&mut self, desired: u32, current: u32, now: Time) -> (u32, Option<HpaLimit>) {
        let longest = |rules: &ScalingRules| rules.policies.iter().map(|p| p.period_s).max();
        let keep = longest(&self.config.scale_up)
            .max(longest(&self.config.scale_down))
            .unwrap_or(0);
        let keep = seconds(keep);
        self.scale_up_events.retain(|&(at, _)| now.since(at) < keep);
        self.scale_down_events
            .retain(|&(at, _)| now.since(at) < keep);
        let config = &self.config;
        if desired > current {
            let policy_limit = self
                .policy_limit(&config.scale_up, current, now, true)
                .max(current);
            let (most, limit) = if config.max_replicas > policy_limit {
                (policy_limit, HpaLimit::ScaleUpLimit)
            } else {
                (config.max_replicas, HpaLimit::TooManyReplicas)
            };
            if desired > most {
                return (most, Some(limit));
            }
        } else if desired < current {
            let policy_limit = self
                .policy_limit(&config.scale_down, current, now, false)
                .min(current);
            let (least, limit) = if config.min_replicas < policy_limit {
                (policy_limit, HpaLimit::ScaleDownLimit)
            } else {
                (config.min_replicas, HpaLimit::TooFewReplicas)
            };
            if desired < least {
                return (least, Some(limit));
            }
        }
        (desired, None)
    }

    /// `calculateScaleUpLimitWithScalingRules` / `calculateScaleDownLimitWithBehaviors`:
    /// each policy proposes a bound from the size at the start of its period; `Max` picks
    /// the bound allowing the biggest change, `Min` the smallest.
    fn policy_limit(&self, rules: &ScalingRules, current: u32, now: Time, up: bool) -> u32 {
        let changed = |events: &[(Time, u32)], period_s| -> i64 {
            let period = seconds(period_s);
            events
                .iter()
                .filter(|&&(at, _)| now.since(at) < period)
                .map(|&(_, n)| i64::from(n))
                .sum()
        };
        let biggest = match rules.select_policy {
            SelectPolicy::Disabled => return current,
            SelectPolicy::Max => true,
            SelectPolicy::Min => false,
        };
        let mut bound: Option<i64> = None;
        for policy in &rules.policies {
            let start = i64::from(current) - changed(&self.scale_up_events, policy.period_s)
                + changed(&self.scale_down_events, policy.period_s);
            let value = i64::from(policy.value);
            let proposed = match (policy.kind, up) {
                (PolicyType::Pods, true) => start + value,
                (PolicyType::Pods, false) => start - value,
                // Rounded up when growing, or a small pool could never grow; truncated
                // when shrinking, as Go's int32() conversion does.
                (PolicyType::Percent, true) => {
                    (start as f64 * (1.0 + value as f64 / 100.0)).ceil() as i64
                }
                (PolicyType::Percent, false) => {
                    (start as f64 * (1.0 - value as f64 / 100.0)) as i64
                }
            };
            let wider = up == biggest;
            bound = Some(match bound {
                None => proposed,
                Some(b) if wider => b.max(proposed),
                Some(b) => b.min(proposed),
            });
        }
        // No policy: no room to move in this direction.
        let bound = bound.unwrap_or(i64::from(current));
        u32::try_from(bound.max(0)).unwrap_or(u32::MAX)
    }
}

fn ceil_u32(x: f64) -> u32 {
    // `as` saturates, and maps NaN to 0.
    x.ceil() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready(utilization: f64, serving: u32) -> Observation {
        Observation {
            utilization,
            serving,
            warming: 0,
        }
    }

    #[test]
    fn syncs_only_every_sync_period() {
        // 4 pods at 100% against 50%: ceil(4 · 2) = 8 at t = 0; the next sync is at 15 s.
        let mut hpa = Hpa::new(&HpaConfig {
            target_utilization_pct: 50,
            ..HpaConfig::default()
        });
        assert_eq!(
            hpa.decide(&ready(1.0, 4), Time::ZERO).map(|d| d.to),
            Some(8)
        );
        assert_eq!(hpa.decide(&ready(1.0, 8), Time::from_s(14.0)), None);
        assert!(hpa.decide(&ready(1.0, 8), Time::from_s(15.0)).is_some());
    }

    #[test]
    fn warming_pods_count_at_zero_when_scaling_up() {
        // 4 ready + 2 warming, target 50%. At 90% the warming pods count at 0%:
        // ⌊90 · 4 / 6⌋ = 60%, ratio 1.2, ceil(1.2 · 6) = 8. At 60%: ⌊60 · 4 / 6⌋ = 40%,
        // below target once the warming pods serve, so keep 6 (the ready pods alone would
        // say ceil(1.2 · 4) = 5, a scale-down in the middle of a scale-up).
        let observe = |utilization| Observation {
            utilization,
            serving: 4,
            warming: 2,
        };
        let hpa = Hpa::new(&HpaConfig {
            target_utilization_pct: 50,
            ..HpaConfig::default()
        });
        assert_eq!(hpa.recommend(6, &observe(0.9), 90), 8);
        assert_eq!(hpa.recommend(6, &observe(0.6), 60), 6);
    }
}
