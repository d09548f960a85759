//! Fidelity of the autoscalers: the Kubernetes HPA examples (replica formula, tolerance,
//! the KEP-853 stabilization example, rate policies), a hand-computed threshold timeline
//! with cooldown and provisioning delay, and the bound that no decision leaves
//! `[min, max]`.

use cacheplay::sim::autoscale::{
    Autoscaler, AutoscalerConfig, HpaConfig, HpaLimit, Observation, PolicyType, Reason, ScaleTo,
    ScalingPolicy, ScalingRules, SelectPolicy, ThresholdConfig,
};
use cacheplay::sim::Time;
use proptest::prelude::*;

fn s(s: u64) -> Time {
    Time(s * 1_000_000)
}

fn ready(utilization: f64, serving: u32) -> Observation {
    Observation {
        utilization,
        serving,
        warming: 0,
    }
}

fn hpa(config: HpaConfig) -> Autoscaler {
    Autoscaler::new(&AutoscalerConfig::TargetTracking(config))
}

/// The engine's part, reduced to what an autoscaler sees: instances launched at a
/// decision serve after the provisioning delay; removed ones leave at once (warming ones
/// first). `load` is the work offered, in instances' worth; utilisation is
/// `min(1, load / serving)`. Observes once a second from 0 to `end_s` inclusive.
fn run_pool(
    autoscaler: &mut Autoscaler,
    initial: u32,
    end_s: u64,
    load: impl Fn(u64) -> f64,
) -> Vec<ScaleTo> {
    let mut ready_at: Vec<Time> = vec![Time::ZERO; initial as usize];
    let mut log = Vec::new();
    for t in 0..=end_s {
        let now = s(t);
        let serving = ready_at.iter().filter(|&&at| at <= now).count();
        let warming = ready_at.len() - serving;
        let utilization = if serving == 0 {
            0.0
        } else {
            (load(t) / serving as f64).min(1.0)
        };
        let observation = Observation {
            utilization,
            serving: u32::try_from(serving).expect("small pool"),
            warming: u32::try_from(warming).expect("small pool"),
        };
        if let Some(decision) = autoscaler.decide(&observation, now) {
            let to = decision.to as usize;
            if to > ready_at.len() {
                let at = now + autoscaler.provision_delay();
                ready_at.resize(to, at);
            } else {
                // Newest launches first: they are the warming ones.
                ready_at.sort();
                ready_at.truncate(to);
            }
            log.push(decision);
        }
    }
    log
}

fn timeline(log: &[ScaleTo]) -> Vec<(f64, u32, u32)> {
    log.iter().map(|d| (d.at.as_s(), d.from, d.to)).collect()
}

#[test]
fn hpa_50_replicas_at_90_percent_with_target_75_become_60() {
    // ceil(50 × 90 / 75) = ceil(60.0) = 60; the default scale-up policy allows
    // max(50 + 100%, 50 + 4) = 100.
    let mut autoscaler = hpa(HpaConfig {
        target_utilization_pct: 75,
        max_replicas: 100,
        ..HpaConfig::default()
    });
    let decision = autoscaler
        .decide(&ready(0.9, 50), Time::ZERO)
        .expect("scales up");
    assert_eq!((decision.from, decision.to), (50, 60));
    assert_eq!(
        decision.reason,
        Reason::TargetTracking {
            utilization_pct: 90,
            target_pct: 75,
            recommended: 60,
            stabilized: 60,
            limit: None,
        }
    );
}

#[test]
fn hpa_within_tolerance_changes_nothing() {
    // 80 / 75 = 1.067 and 70 / 75 = 0.933 are within 10% of 1: no change. 60 / 75 = 0.8
    // is not: ceil(0.8 × 50) = 40. Nor is 84 / 75, and there float64 shows through as it
    // does in the Go controller: 84 / 75 = 1.1200000000000001, × 50 = 56.00000000000001,
    // ceil → 57, not the 56 of exact arithmetic.
    for (utilization, expected) in [(0.8, None), (0.7, None), (0.6, Some(40)), (0.84, Some(57))] {
        let mut autoscaler = hpa(HpaConfig {
            target_utilization_pct: 75,
            max_replicas: 100,
            scale_down: ScalingRules {
                stabilization_window_s: 0,
                ..ScalingRules::default_scale_down()
            },
            ..HpaConfig::default()
        });
        let decision = autoscaler.decide(&ready(utilization, 50), Time::ZERO);
        assert_eq!(
            decision.map(|d| d.to),
            expected,
            "utilisation {utilization}"
        );
    }
}

#[test]
fn hpa_stabilization_window_keeps_the_highest_recommendation() {
    // KEP-853: window 600 s, one recommendation a minute: 10, 9, 8, 9, 9, 8, 9, 8, 9, 8.
    // With target 100% and 10 replicas: 100% → within tolerance → 10; 85% → ceil(8.5) = 9;
    // 75% → ceil(7.5) = 8. While the 10 (t = 0) is in the window the HPA keeps 10; at
    // t = 600 s it has aged out (600 s is not within 600 s) and the highest left is 9.
    let mut autoscaler = hpa(HpaConfig {
        target_utilization_pct: 100,
        sync_period_s: 60,
        scale_down: ScalingRules {
            stabilization_window_s: 600,
            ..ScalingRules::default_scale_down()
        },
        ..HpaConfig::default()
    });
    let utilization_for = |rec| match rec {
        10 => 1.0,
        9 => 0.85,
        _ => 0.75,
    };
    for (minute, rec) in [10, 9, 8, 9, 9, 8, 9, 8, 9, 8].into_iter().enumerate() {
        let now = s(60 * minute as u64);
        let decision = autoscaler.decide(&ready(utilization_for(rec), 10), now);
        assert_eq!(decision, None, "minute {minute}");
    }
    let decision = autoscaler
        .decide(&ready(utilization_for(8), 10), s(600))
        .expect("the 10 has left the window");
    assert_eq!((decision.from, decision.to), (10, 9));
    assert!(matches!(
        decision.reason,
        Reason::TargetTracking {
            recommended: 8,
            stabilized: 9,
            ..
        }
    ));
}

#[test]
fn hpa_default_scale_up_is_max_of_double_and_plus_4_per_15_s() {
    // 2 pods at 100% against a 10% target want 20, 60, … at once. Per 15 s the default
    // policy allows max(2 · 2, 2 + 4) = 6, then max(12, 10) = 12, 24, 48, 96, and then
    // maxReplicas 100. Syncing every 5 s shows the period: at 5 s and 10 s the +4 of t = 0
    // is still within 15 s, the period started at 2 pods, and 6 is all there is.
    let mut autoscaler = hpa(HpaConfig {
        target_utilization_pct: 10,
        max_replicas: 100,
        sync_period_s: 5,
        provision_delay_s: 0,
        ..HpaConfig::default()
    });
    let log = run_pool(&mut autoscaler, 2, 90, |_| 1_000.0);
    assert_eq!(
        timeline(&log),
        [
            (0.0, 2, 6),
            (15.0, 6, 12),
            (30.0, 12, 24),
            (45.0, 24, 48),
            (60.0, 48, 96),
            (75.0, 96, 100),
        ]
    );
    let limits: Vec<_> = log
        .iter()
        .map(|d| match d.reason {
            Reason::TargetTracking { limit, .. } => limit,
            _ => panic!("unexpected reason in {d}"),
        })
        .collect();
    let mut expected = vec![Some(HpaLimit::ScaleUpLimit); 5];
    expected.push(Some(HpaLimit::TooManyReplicas));
    assert_eq!(limits, expected);
}

#[test]
fn hpa_scale_down_policies_pods_and_percent() {
    // scaleDown: 1 pod per 60 s, no stabilization. 10 pods at 10% of a 50% target want
    // ceil(0.2 · 10) = 2; they get 9 at 0 s, 8 at 60 s, 7 at 120 s (syncs in between are
    // capped because the period still started higher).
    let one_pod = ScalingRules {
        stabilization_window_s: 0,
        select_policy: SelectPolicy::Max,
        policies: vec![ScalingPolicy {
            kind: PolicyType::Pods,
            value: 1,
            period_s: 60,
        }],
    };
    let mut autoscaler = hpa(HpaConfig {
        target_utilization_pct: 50,
        scale_down: one_pod.clone(),
        provision_delay_s: 0,
        ..HpaConfig::default()
    });
    let log = run_pool(&mut autoscaler, 10, 120, |_| 1.0);
    assert_eq!(timeline(&log), [(0.0, 10, 9), (60.0, 9, 8), (120.0, 8, 7)]);
    // Percent 50 from 5 pods: int(5 × 0.5) = 2 (Go truncates). With a Pods 1 policy
    // beside it, Max picks the bigger change (2) and Min the smaller (4).
    let half = ScalingPolicy {
        kind: PolicyType::Percent,
        value: 50,
        period_s: 15,
    };
    for (select_policy, expected) in [(SelectPolicy::Max, 2), (SelectPolicy::Min, 4)] {
        let mut autoscaler = hpa(HpaConfig {
            target_utilization_pct: 50,
            scale_down: ScalingRules {
                select_policy,
                policies: vec![half, one_pod.policies[0]],
                ..one_pod.clone()
            },
            ..HpaConfig::default()
        });
        let decision = autoscaler.decide(&ready(0.05, 5), Time::ZERO);
        assert_eq!(decision.map(|d| d.to), Some(expected), "{select_policy:?}");
    }
}

#[test]
fn hpa_scale_down_waits_out_the_stabilization_window() {
    // Defaults: target 80%, sync 15 s, scale-down window 300 s, 100% per 15 s.
    // 6 pods at 80% (load 4.8): within tolerance, recommendation 6 at 0, 15, …, 90 s.
    // Idle from 100 s: recommendation ceil(0 · 6) = 0 from 105 s, but the window still
    // holds the 6 of 90 s until 90 + 300 = 390 s; then down to minReplicas at once.
    let mut autoscaler = hpa(HpaConfig::default());
    let log = run_pool(&mut autoscaler, 6, 500, |t| if t < 100 { 4.8 } else { 0.0 });
    assert_eq!(timeline(&log), [(390.0, 6, 1)]);
    // A controller that has seen nothing yet has nothing to hold on to.
    let mut fresh = hpa(HpaConfig::default());
    let decision = fresh.decide(&ready(0.0, 6), Time::ZERO);
    assert_eq!(decision.map(|d| d.to), Some(1));
}

#[test]
fn threshold_timeline_for_a_step_in_load() {
    // Defaults: > 70% for 300 s → +1, < 30% for 600 s → −1, [2, 20], cooldown 300 s after
    // the activity completes, 60 s to provision. Load 1.2 instances' worth, 3.6 from
    // t = 100 s, 1.0 from t = 2000 s; 2 instances at first.
    //   100 s: 3.6 / 2 = 100% > 70%, the run starts.
    //   400 s: 300 s above → 2 → 3 (serving 2 + 1); serves at 460 s; quiet until
    //          400 + 60 + 300 = 760 s. 3.6 / 3 = 100% keeps the alarm on.
    //   760 s: 3 → 4, serves 820 s (90%), quiet until 1120 s.
    //  1120 s: 4 → 5, serves 1180 s (72%), quiet until 1480 s.
    //  1480 s: 5 → 6, serves 1540 s: 60%, the alarm clears.
    //  2000 s: 1.0 / 6 = 17% < 30%, the run starts.
    //  2600 s: 600 s below → 6 → 5, quiet until 2900 s (20%).
    //  2900 s: 5 → 4 (25%), quiet until 3200 s.
    //  3200 s: 4 → 3: 33%, the alarm clears.
    let mut autoscaler = Autoscaler::new(&AutoscalerConfig::Threshold(ThresholdConfig::default()));
    let load = |t| match t {
        0..100 => 1.2,
        100..2_000 => 3.6,
        _ => 1.0,
    };
    let log = run_pool(&mut autoscaler, 2, 3_600, load);
    assert_eq!(
        timeline(&log),
        [
            (400.0, 2, 3),
            (760.0, 3, 4),
            (1_120.0, 4, 5),
            (1_480.0, 5, 6),
            (2_600.0, 6, 5),
            (2_900.0, 5, 4),
            (3_200.0, 4, 3),
        ]
    );
    assert_eq!(
        log[0].to_string(),
        "400 s: 2 → 3: utilisation 100% above 70% for 300 s"
    );
}

fn threshold_rule() -> impl Strategy<Value = ThresholdConfig> {
    (
        (0.05f64..0.5, 0.5f64..0.95, 0u64..120, 0u64..120),
        (1u32..4, 1u32..4, 0u32..5, 0u32..10, 0u64..200, 0u64..120),
    )
        .prop_map(
            |(
                (down, up, up_for_s, down_for_s),
                (step_up, step_down, min, extra, cooldown_s, provision_delay_s),
            )| {
                ThresholdConfig {
                    up_threshold: up,
                    up_for_s,
                    step_up,
                    down_threshold: down,
                    down_for_s,
                    step_down,
                    min_instances: min,
                    max_instances: min + extra,
                    cooldown_s,
                    provision_delay_s,
                }
            },
        )
}

fn threshold_config() -> impl Strategy<Value = AutoscalerConfig> {
    threshold_rule().prop_map(AutoscalerConfig::Threshold)
}

fn hpa_config() -> impl Strategy<Value = AutoscalerConfig> {
    (
        1u32..5,
        0u32..20,
        10u32..100,
        0u64..120,
        1u64..30,
        0u64..60,
        any::<bool>(),
    )
        .prop_map(
            |(min, extra, target, window, sync, provision, pods_policy)| {
                let mut scale_down = ScalingRules::default_scale_down();
                scale_down.stabilization_window_s = window;
                if pods_policy {
                    scale_down.policies.push(ScalingPolicy {
                        kind: PolicyType::Pods,
                        value: 2,
                        period_s: 30,
                    });
                }
                AutoscalerConfig::TargetTracking(HpaConfig {
                    min_replicas: min,
                    max_replicas: min + extra,
                    target_utilization_pct: target,
                    sync_period_s: sync,
                    provision_delay_s: provision,
                    scale_down,
                    ..HpaConfig::default()
                })
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn autoscalers_never_leave_min_max(
        config in prop_oneof![threshold_config(), hpa_config()],
        initial in 0u32..30,
        loads in proptest::collection::vec(0.0f64..40.0, 1..12),
    ) {
        let (min, max) = match &config {
            AutoscalerConfig::Threshold(c) => (c.min_instances, c.max_instances),
            AutoscalerConfig::TargetTracking(c) => (c.min_replicas, c.max_replicas),
        };
        let mut autoscaler = Autoscaler::new(&config);
        // A new load level every 100 s.
        let log = run_pool(&mut autoscaler, initial, 1_199, |t| {
            loads[(t / 100) as usize % loads.len()]
        });
        for decision in &log {
            prop_assert!(
                (min..=max).contains(&decision.to),
                "{decision} leaves [{min}, {max}]"
            );
        }
        // Once inside the bounds, the pool stays there; an HPA with 0 instances is off.
        let last = log.last().map_or(initial, |d| d.to);
        prop_assert!((min..=max).contains(&last) || (last == 0 && matches!(config, AutoscalerConfig::TargetTracking(_))));
    }
}

/// The pool's size just after every decision made at or before `at`.
fn size_at(log: &[ScaleTo], initial: u32, at: Time) -> u32 {
    log.iter()
        .take_while(|d| d.at <= at)
        .last()
        .map_or(initial, |d| d.to)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn threshold_actions_respect_provisioning_and_cooldown(
        rule in threshold_rule(),
        initial in 0u32..12,
        loads in proptest::collection::vec(0.0f64..15.0, 1..12),
    ) {
        let mut autoscaler = Autoscaler::new(&AutoscalerConfig::Threshold(rule.clone()));
        let log = run_pool(&mut autoscaler, initial, 1_199, |t| {
            loads[(t / 100) as usize % loads.len()]
        });
        // Bound corrections are no policy action; between two policy actions lies the
        // first one's activity (provisioning, for a scale-up) plus the cooldown.
        let actions: Vec<&ScaleTo> = log
            .iter()
            .filter(|d| !matches!(d.reason, Reason::Bounds { .. }))
            .collect();
        for pair in actions.windows(2) {
            let quiet_s = match pair[0].reason {
                Reason::Above { .. } => rule.provision_delay_s + rule.cooldown_s,
                _ => rule.cooldown_s,
            };
            prop_assert!(
                pair[1].at >= pair[0].at + s(quiet_s),
                "{} then {} within {quiet_s} s",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn hpa_scale_up_never_beats_the_default_policies(
        initial in 1u32..10,
        sync_period_s in 1u64..20,
        provision_delay_s in 0u64..40,
        loads in proptest::collection::vec(0.0f64..200.0, 1..12),
    ) {
        // Default scaleUp: at most max(2 · s, s + 4), where s is the size 15 s earlier
        // (Kubernetes' period start: current − added + removed within the period).
        let mut autoscaler = hpa(HpaConfig {
            max_replicas: 500,
            target_utilization_pct: 50,
            sync_period_s,
            provision_delay_s,
            ..HpaConfig::default()
        });
        let log = run_pool(&mut autoscaler, initial, 599, |t| {
            loads[(t / 50) as usize % loads.len()]
        });
        for decision in log.iter().filter(|d| d.to > d.from) {
            let start = size_at(&log, initial, decision.at - s(15));
            let start = if decision.at < s(15) { initial } else { start };
            prop_assert!(
                decision.to <= (2 * start).max(start + 4),
                "{decision} from {start} 15 s before"
            );
        }
    }
}
