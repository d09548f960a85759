//! Same scenario twice → same digest; another seed → another digest; and splitting a run
//! into many `advance_to`/`step` calls changes nothing.

use cacheplay::scenario::presets;
use cacheplay::sim::{self, Sim, Time};

fn short(name: &str) -> cacheplay::sim::Config {
    let mut config = cacheplay::scenario::preset(name)
        .expect("preset exists")
        .config();
    config.duration_s = 5.0;
    config
}

#[test]
fn same_scenario_same_digest() {
    for preset in presets() {
        let config = short(preset.name);
        let (a, b) = (sim::run(&config), sim::run(&config));
        assert_eq!(a.summary.digest, b.summary.digest, "{}", preset.name);
        assert_eq!(a, b, "{}", preset.name);
        assert_eq!(a.summary.digest.len(), 16);
    }
}

#[test]
fn another_seed_another_digest() {
    for preset in presets() {
        let config = short(preset.name);
        let mut reseeded = config.clone();
        reseeded.seed ^= 1;
        assert_ne!(
            sim::run(&config).summary.digest,
            sim::run(&reseeded).summary.digest,
            "{}",
            preset.name
        );
    }
}

#[test]
fn splitting_the_run_changes_nothing() {
    let config = short("web-sessions");
    let whole = sim::run(&config);
    let mut sim = Sim::new(&config);
    let mut samples = Vec::new();
    // Odd steps that straddle sample boundaries, then bounded event batches.
    let mut target = Time::ZERO;
    while target < Time::from_s(2.0) {
        target = target + Time(333_333);
        samples.extend_from_slice(sim.advance_to(target));
    }
    while sim.step(1_000) {}
    samples.extend_from_slice(&sim.samples()[samples.len()..]);
    assert!(sim.is_finished());
    assert_eq!(sim.now(), sim.end());
    assert_eq!(samples, whole.samples);
    assert_eq!(sim.into_run(), whole);
}
