//! Settings that cannot affect the run as configured, each with a sentence saying why.
//!
//! A learner who moves a control and sees the same fingerprint concludes the setting does
//! nothing in real systems too. The usual cause is the run: a 60 s run never sees a
//! 300 s alarm window or a 5-minute TTL. The playground shows each note under its control.

use super::choice::{rate_of, window};
use super::fields::List;
use super::Scenario;
use crate::sim::autoscale::AutoscalerConfig;
use crate::sim::config::TtlMode;
use crate::sim::limiter::Scope;
use crate::sim::workload;

/// Every setting of `scenario` that cannot change its run, as (path, message). A field's
/// note has the field's path (`cache.ttl.ttl_ms`); a list item's note the item's
/// (`faults[0]`, `rate_limits.tiers[1]`). Ordered as the editor shows them.
pub fn inert_notes(scenario: &Scenario) -> Vec<(String, String)> {
    let mut notes = Vec::new();
    let run_s = scenario.duration_s;
    let mut note = |path: String, message: String| notes.push((path, message));
    let longer = |what_s: f64| what_s >= run_s;
    let seconds = |s: f64| format!("{s} s");
    match &scenario.autoscaling {
        Some(AutoscalerConfig::Threshold(rule)) => {
            if longer(rule.up_for_s as f64) {
                note(
                    "autoscaling.up_for_s".into(),
                    format!(
                        "Not shorter than the {} run: it never scales up.",
                        seconds(run_s)
                    ),
                );
            }
            if longer(rule.down_for_s as f64) {
                note(
                    "autoscaling.down_for_s".into(),
                    format!(
                        "Not shorter than the {} run: it never scales down.",
                        seconds(run_s)
                    ),
                );
            }
            pool_bounds(
                &mut note,
                scenario.servers.instances,
                (rule.min_instances, rule.max_instances),
                ("autoscaling.max_instances", "instances"),
            );
            if longer(rule.cooldown_s as f64) {
                note(
                    "autoscaling.cooldown_s".into(),
                    format!(
                        "Not shorter than the {} run: at most one scaling activity happens.",
                        seconds(run_s)
                    ),
                );
            }
            if longer(rule.provision_delay_s as f64) {
                note(
                    "autoscaling.provision_delay_s".into(),
                    format!("Not shorter than the {} run: no instance launched in it serves before it ends.", seconds(run_s)),
                );
            }
        }
        Some(AutoscalerConfig::TargetTracking(hpa)) => {
            if longer(hpa.sync_period_s as f64) {
                note(
                    "autoscaling.sync_period_s".into(),
                    format!(
                        "Not shorter than the {} run: the autoscaler never decides.",
                        seconds(run_s)
                    ),
                );
            }
            pool_bounds(
                &mut note,
                scenario.servers.instances,
                (hpa.min_replicas, hpa.max_replicas),
                ("autoscaling.max_replicas", "replicas"),
            );
            // Stabilisation looks back over the recommendations made so far; a window
            // longer than the run holds every one of them.
            if longer(hpa.scale_up.stabilization_window_s as f64) {
                note(
                    "autoscaling.scale_up.stabilization_window_s".into(),
                    format!("Longer than the {} run: the pool never grows above the lowest size recommended since the start.", seconds(run_s)),
                );
            }
            if longer(hpa.scale_down.stabilization_window_s as f64) {
                note(
                    "autoscaling.scale_down.stabilization_window_s".into(),
                    format!("Longer than the {} run: the pool never shrinks below the highest size recommended since the start.", seconds(run_s)),
                );
            }
            if longer(hpa.provision_delay_s as f64) {
                note(
                    "autoscaling.provision_delay_s".into(),
                    format!("Not shorter than the {} run: no pod started in it is ready before it ends.", seconds(run_s)),
                );
            }
        }
        None => {}
    }
    tier_notes(&mut note, scenario);
    let ttl = &scenario.cache.ttl;
    // The shortest lifetime jitter can draw; if even that outlasts the run, nothing expires.
    let shortest_s = ttl.ttl_ms * (1.0 - ttl.jitter_fraction) / 1_000.0;
    if ttl.mode != TtlMode::None && longer(shortest_s) {
        note(
            "cache.ttl.ttl_ms".into(),
            format!(
                "Not shorter than the {} run{}: no entry expires in it.",
                seconds(run_s),
                if ttl.jitter_fraction > 0.0 {
                    ", even with jitter"
                } else {
                    ""
                }
            ),
        );
    }
    for (index, fault) in scenario.faults.iter().enumerate() {
        let (start_s, _) = window(fault);
        if start_s >= run_s {
            note(
                format!("{}[{index}]", List::Faults.path()),
                format!(
                    "Starts when the {} run ends: it never happens.",
                    seconds(run_s)
                ),
            );
        }
    }
    notes
}

/// An autoscaler whose bounds leave it no room: equal bounds, or a pool that starts at
/// its maximum.
fn pool_bounds(
    note: &mut impl FnMut(String, String),
    instances: u32,
    (min, max): (u32, u32),
    (path, noun): (&str, &str),
) {
    if min == max {
        note(
            path.into(),
            format!("Equal to the fewest {noun}: the autoscaler cannot resize the pool."),
        );
    } else if instances >= max {
        note(
            path.into(),
            format!("The pool starts with {instances} {noun}, already the most: it can only scale down."),
        );
    }
}

/// A tier whose long-run rate is above the offered load rejects no steady traffic.
fn tier_notes(note: &mut impl FnMut(String, String), scenario: &Scenario) {
    let peak_per_s = workload::peak_rate(&scenario.workload.profile);
    for (index, tier) in scenario.rate_limits.tiers.iter().enumerate() {
        let rate = rate_of(&tier.limit);
        let rate_per_s = f64::from(rate.count) * 1_000.0 / rate.period_ms.max(1) as f64;
        let (offered_per_s, whose) = match tier.scope {
            Scope::Global => (peak_per_s, ""),
            Scope::PerClient => (
                peak_per_s / f64::from(scenario.workload.n_clients.max(1)),
                " per client",
            ),
        };
        if rate_per_s > offered_per_s {
            note(
                format!("{}[{index}]", List::Tiers.path()),
                format!(
                    "Its rate, {} req/s, is above the peak offered load of {} req/s{whose}: it rejects only brief bursts, if any.",
                    round(rate_per_s),
                    round(offered_per_s)
                ),
            );
        }
    }
}

/// A rate as a person reads it: whole above 10, two decimals below.
fn round(rate_per_s: f64) -> f64 {
    if rate_per_s >= 10.0 {
        rate_per_s.round()
    } else {
        (rate_per_s * 100.0).round() / 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::fields::{add, apply};

    fn paths(scenario: &Scenario) -> Vec<String> {
        inert_notes(scenario)
            .into_iter()
            .map(|(path, _)| path)
            .collect()
    }

    fn edit(scenario: &Scenario, edits: &[(&str, &str)]) -> Scenario {
        edits.iter().fold(scenario.clone(), |s, (path, text)| {
            apply(&s, path, text).unwrap_or_else(|e| panic!("{path} = {text}: {e}"))
        })
    }

    #[test]
    fn the_demo_has_nothing_inert() {
        assert_eq!(inert_notes(&Scenario::default()), vec![]);
    }

    #[test]
    fn threshold_alarms_longer_than_the_run_never_fire() {
        // The threshold defaults: above for 300 s, below for 600 s, cooldown 300 s, in a
        // 60 s run; boot 60 s is not shorter than the run either.
        let scenario = edit(&Scenario::default(), &[("autoscaling.kind", "threshold")]);
        assert_eq!(
            paths(&scenario),
            [
                "autoscaling.up_for_s",
                "autoscaling.down_for_s",
                "autoscaling.cooldown_s",
                "autoscaling.provision_delay_s"
            ]
        );
        assert_eq!(
            inert_notes(&scenario)[0].1,
            "Not shorter than the 60 s run: it never scales up."
        );
        // Over an hour every alarm can fire.
        let long = edit(&scenario, &[("duration_s", "3600")]);
        assert_eq!(inert_notes(&long), vec![]);
    }

    #[test]
    fn an_autoscaler_without_room_says_so() {
        let scenario = edit(
            &Scenario::default(),
            &[
                ("autoscaling.kind", "target_tracking"),
                ("duration_s", "3600"),
                ("autoscaling.min_replicas", "4"),
                ("autoscaling.max_replicas", "4"),
            ],
        );
        assert_eq!(
            inert_notes(&scenario),
            vec![(
                "autoscaling.max_replicas".to_string(),
                "Equal to the fewest replicas: the autoscaler cannot resize the pool.".to_string()
            )]
        );
        let at_max = edit(
            &scenario,
            &[
                ("autoscaling.max_replicas", "6"),
                ("servers.instances", "6"),
            ],
        );
        assert_eq!(
            inert_notes(&at_max)[0].1,
            "The pool starts with 6 replicas, already the most: it can only scale down."
        );
    }

    #[test]
    fn the_default_scale_down_window_outlasts_a_minute() {
        // Kubernetes' 300 s scale-down stabilisation in the 60 s demo.
        let scenario = edit(
            &Scenario::default(),
            &[("autoscaling.kind", "target_tracking")],
        );
        assert!(
            paths(&scenario).contains(&"autoscaling.scale_down.stabilization_window_s".to_string())
        );
    }

    #[test]
    fn a_ttl_as_long_as_the_run_expires_nothing() {
        let scenario = edit(
            &Scenario::default(),
            &[
                ("cache.ttl.mode", "after_write"),
                ("cache.ttl.ttl_ms", "60000"),
            ],
        );
        assert_eq!(
            inert_notes(&scenario),
            vec![(
                "cache.ttl.ttl_ms".to_string(),
                "Not shorter than the 60 s run: no entry expires in it.".to_string()
            )]
        );
        // 90 s ± 50 % can draw 45 s, inside the run.
        let jittered = edit(
            &scenario,
            &[
                ("cache.ttl.ttl_ms", "90000"),
                ("cache.ttl.jitter_fraction", "0.5"),
            ],
        );
        assert_eq!(inert_notes(&jittered), vec![]);
        // 59 s expires entries written in the first second.
        let shorter = edit(&scenario, &[("cache.ttl.ttl_ms", "59000")]);
        assert_eq!(inert_notes(&shorter), vec![]);
        // The run's real consequence: not one expiration.
        let summary = crate::sim::run(&scenario.config()).summary;
        assert_eq!(summary.expirations, 0);
    }

    #[test]
    fn a_fault_at_the_end_of_the_run_never_happens() {
        let scenario = add(&Scenario::default(), List::Faults).expect("room");
        let late = edit(
            &scenario,
            &[("faults[0].end_s", "60"), ("faults[0].start_s", "60")],
        );
        assert_eq!(
            inert_notes(&late),
            vec![(
                "faults[0]".to_string(),
                "Starts when the 60 s run ends: it never happens.".to_string()
            )]
        );
        assert_eq!(inert_notes(&scenario), vec![]);
    }

    #[test]
    fn a_tier_above_the_offered_load_says_so() {
        // A new tier admits half again the demo's 2,000 req/s.
        let scenario = add(&Scenario::default(), List::Tiers).expect("room");
        assert_eq!(
            inert_notes(&scenario),
            vec![(
                "rate_limits.tiers[0]".to_string(),
                "Its rate, 3000 req/s, is above the peak offered load of 2000 req/s: it rejects only brief bursts, if any.".to_string()
            )]
        );
        let tight = edit(
            &scenario,
            &[("rate_limits.tiers[0].limit.rate.count", "1000")],
        );
        assert_eq!(inert_notes(&tight), vec![]);
        // Per client, 2,000 req/s over 100 clients is 20 req/s each; 30 r/s is above it.
        let per_client = edit(
            &tight,
            &[
                ("rate_limits.tiers[0].scope", "per_client"),
                ("rate_limits.tiers[0].limit.rate.count", "30"),
            ],
        );
        assert_eq!(
            inert_notes(&per_client)[0].1,
            "Its rate, 30 req/s, is above the peak offered load of 20 req/s per client: it rejects only brief bursts, if any."
        );
    }
}
