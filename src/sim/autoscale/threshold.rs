//! Threshold rule with cooldown, as an AWS EC2 Auto Scaling group with two simple scaling
//! policies behind two CloudWatch alarms ("CPU > 70% for 5 minutes: add 1", "CPU < 30% for
//! 10 minutes: remove 1").
//!
//! AWS semantics kept: the comparison is strict (`GreaterThanThreshold`,
//! `LessThanThreshold`); an alarm that stays in ALARM fires again once the cooldown is
//! over; a simple scaling policy waits for its scaling activity to complete — here, for
//! the new instances to finish provisioning — and then for the cooldown; instances still
//! warming up do not count as capacity, so a repeated alarm computes `serving + step`
//! and does not launch again what is already on its way.

use super::{seconds, Observation, Reason, ScaleTo};
use crate::sim::time::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ThresholdConfig {
    /// Scale up when mean utilisation, in [0, 1], stays strictly above this…
    pub up_threshold: f64,
    /// …for this many seconds…
    pub up_for_s: u64,
    /// …by this many instances.
    pub step_up: u32,
    pub down_threshold: f64,
    pub down_for_s: u64,
    pub step_down: u32,
    /// The group's `MinSize` and `MaxSize`.
    pub min_instances: u32,
    pub max_instances: u32,
    /// Quiet time after a scaling activity completes (AWS `DefaultCooldown`, 300 s).
    pub cooldown_s: u64,
    /// Launch to in service: a new instance serves, and counts, only after this.
    pub provision_delay_s: u64,
}

impl Default for ThresholdConfig {
    /// "Above 70% for 5 minutes: add 1; below 30% for 10 minutes: remove 1; between 2 and
    /// 20 instances", AWS's default cooldown of 300 s, and one minute to boot.
    fn default() -> ThresholdConfig {
        ThresholdConfig {
            up_threshold: 0.7,
            up_for_s: 300,
            step_up: 1,
            down_threshold: 0.3,
            down_for_s: 600,
            step_down: 1,
            min_instances: 2,
            max_instances: 20,
            cooldown_s: 300,
            provision_delay_s: 60,
        }
    }
}

/// The threshold rule and its alarm state.
#[derive(Clone, Debug)]
pub struct Threshold {
    config: ThresholdConfig,
    /// First observation of the current unbroken run above `up_threshold`.
    above_since: Option<Time>,
    /// First observation of the current unbroken run below `down_threshold`.
    below_since: Option<Time>,
    /// No scaling before this: the last activity's completion plus the cooldown.
    quiet_until: Time,
}

impl Threshold {
    pub fn new(config: &ThresholdConfig) -> Threshold {
        Threshold {
            config: config.clone(),
            above_since: None,
            below_since: None,
            quiet_until: Time::ZERO,
        }
    }

    pub fn provision_delay(&self) -> Time {
        seconds(self.config.provision_delay_s)
    }

    fn clamp(&self, n: u32) -> u32 {
        let config = &self.config;
        n.min(config.max_instances).max(config.min_instances)
    }

    pub fn decide(&mut self, observation: &Observation, now: Time) -> Option<ScaleTo> {
        let config = &self.config;
        let from = observation.instances();
        let utilization = observation.measured();
        // The alarms keep evaluating through the cooldown, as CloudWatch does.
        match utilization {
            Some(u) if u > config.up_threshold => {
                self.above_since.get_or_insert(now);
            }
            _ => self.above_since = None,
        }
        match utilization {
            Some(u) if u < config.down_threshold => {
                self.below_since.get_or_insert(now);
            }
            _ => self.below_since = None,
        }
        let bounded = self.clamp(from);
        if bounded != from {
            // The group enforces its size limits at once; that is no policy, no cooldown.
            return Some(ScaleTo {
                at: now,
                from,
                to: bounded,
                reason: Reason::Bounds {
                    min: config.min_instances,
                    max: config.max_instances,
                },
            });
        }
        let utilization = utilization?;
        if now < self.quiet_until {
            return None;
        }
        let lasted =
            |since: Option<Time>, for_s| since.is_some_and(|t| now.since(t) >= seconds(for_s));
        if lasted(self.above_since, config.up_for_s) {
            let to = self.clamp(observation.serving.saturating_add(config.step_up));
            if to > from {
                self.quiet_until = now + self.provision_delay() + seconds(config.cooldown_s);
                return Some(ScaleTo {
                    at: now,
                    from,
                    to,
                    reason: Reason::Above {
                        utilization,
                        threshold: config.up_threshold,
                        for_s: config.up_for_s,
                    },
                });
            }
        }
        if lasted(self.below_since, config.down_for_s) {
            let to = self.clamp(from.saturating_sub(config.step_down));
            if to < from {
                self.quiet_until = now + seconds(config.cooldown_s);
                return Some(ScaleTo {
                    at: now,
                    from,
                    to,
                    reason: Reason::Below {
                        utilization,
                        threshold: config.down_threshold,
                        for_s: config.down_for_s,
                    },
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observe(utilization: f64, serving: u32, warming: u32) -> Observation {
        Observation {
            utilization,
            serving,
            warming,
        }
    }

    #[test]
    fn a_pool_outside_its_bounds_is_brought_back_at_once() {
        let mut rule = Threshold::new(&ThresholdConfig::default());
        let decision = rule.decide(&observe(0.5, 1, 0), Time::ZERO);
        assert_eq!(decision.map(|d| d.to), Some(2));
        let decision = rule.decide(&observe(0.5, 25, 0), Time::ZERO);
        assert_eq!(decision.map(|d| d.to), Some(20));
    }

    #[test]
    fn exactly_at_the_threshold_is_not_above_it() {
        // 70% is not > 70%: no run starts, nothing happens in ten minutes.
        let mut rule = Threshold::new(&ThresholdConfig::default());
        for t in 0..=600 {
            assert_eq!(
                rule.decide(&observe(0.7, 4, 0), Time::from_s(f64::from(t))),
                None
            );
        }
    }

    #[test]
    fn a_dip_restarts_the_run() {
        // Above from 0 s, one dip at 200 s, above again from 201 s: fires at 501 s, not 300 s.
        let mut rule = Threshold::new(&ThresholdConfig::default());
        let mut fired = None;
        for t in 0..=600u32 {
            let utilization = if t == 200 { 0.5 } else { 0.9 };
            if let Some(d) = rule.decide(&observe(utilization, 4, 0), Time::from_s(f64::from(t))) {
                fired = Some((t, d.to));
                break;
            }
        }
        assert_eq!(fired, Some((501, 5)));
    }

    #[test]
    fn warming_instances_are_not_launched_twice() {
        // AWS's warm-up example with cooldown 0: 4 serving, +1 launched (5 with 1
        // warming); the alarm still fires, computes 4 + 1 = 5 = current, and does nothing.
        let mut rule = Threshold::new(&ThresholdConfig {
            cooldown_s: 0,
            provision_delay_s: 0,
            up_for_s: 0,
            ..ThresholdConfig::default()
        });
        let first = rule.decide(&observe(0.9, 4, 0), Time::ZERO);
        assert_eq!(first.map(|d| d.to), Some(5));
        assert_eq!(rule.decide(&observe(0.9, 4, 1), Time::from_s(1.0)), None);
        let after = rule.decide(&observe(0.9, 5, 0), Time::from_s(2.0));
        assert_eq!(after.map(|d| d.to), Some(6));
    }
}
