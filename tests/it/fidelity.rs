//! Fidelity: miss counts on the reference zipf1.0 trace against libCacheSim's.
//!
//! The numbers are libCacheSim's miss ratios × 2,000,000 requests (the `cachesim` CLI of
//! https://github.com/1a1a11a/libCacheSim at commit aa0fc409, `--ignore-obj-size 1`),
//! at floor(1%, 5%, 10% × 94,138 distinct keys) = 941, 4,706, 9,413 entries. The table is
//! keyed by policy name and holds every reference row, but only the policies
//! `TracePolicy::from_name` knows are checked, so the adaptive policies' rows (ARC, 2Q,
//! LIRS, W-TinyLFU, from the sibling branch) start counting once both branches merge.
//! The trace is generated once and shared by every test here.

use cacheplay::sim::eviction::{EvictionKind, EvictionParams, Key};
use cacheplay::sim::replay::{self, TracePolicy};
use cacheplay::sim::zipf::zipf_trace;
use std::sync::LazyLock;

const REQUESTS: usize = 2_000_000;
pub(crate) const N_OBJ: u32 = 100_000;
const DISTINCT: u32 = 94_138;
pub(crate) const SIZES: [u32; 3] = [941, 4_706, 9_413];

/// One reference row: policy name, misses at the three sizes, and the allowed distance
/// in misses. 0: exact. LIRS is the textbook algorithm where the reference port adds a
/// demotion, so it gets 0.3 percentage points (6,000 misses; it lands within 0.01).
/// W-TinyLFU follows Caffeine's structure (4-bit count-min sketch, window, SLRU) where
/// the reference estimates with a counting Bloom filter on its own decay schedule and
/// lets window victims into main unchecked whenever its SLRU, one slot short, evicts on a
/// promotion (`libcachesim_wtinylfu.rs` models it exactly); it gets the 0.3 points
/// (6,000 misses). With the default sketch ageing (6 × capacity) it lands +0.03, −0.10
/// and −0.12 points from the reference; docs/eviction-adaptive.md explains the rest.
struct Row {
    policy: &'static str,
    misses: [u64; 3],
    tolerance: u64,
}

const fn row(policy: &'static str, misses: [u64; 3], tolerance: u64) -> Row {
    Row {
        policy,
        misses,
        tolerance,
    }
}

const REFERENCE: &[Row] = &[
    row("fifo", [1_083_132, 760_185, 613_151], 0),
    row("lru", [1_000_273, 682_957, 540_623], 0),
    row("clock", [977_047, 663_547, 523_803], 0),
    row("lfu", [821_817, 560_782, 448_977], 0),
    row("arc", [820_317, 562_937, 454_211], 0),
    row("2q", [845_260, 582_589, 470_652], 0),
    row("lirs", [819_636, 563_281, 454_693], 6_000),
    row("sieve", [804_681, 558_967, 448_791], 0),
    row("s3fifo", [812_648, 553_953, 444_268], 0),
    row("wtinylfu", [813_891, 550_337, 437_870], 6_000),
    row("belady", [680_999, 419_845, 313_448], 0),
];

/// The reference trace as dense keys (object id k is `Key(k - 1)`).
pub(crate) static TRACE: LazyLock<Vec<Key>> =
    LazyLock::new(|| zipf_trace(1.0, N_OBJ, REQUESTS, 42));

/// libCacheSim's misses for `policy` at the three sizes.
pub(crate) fn reference_misses(policy: &str) -> [u64; 3] {
    reference_row(policy).misses
}

fn reference_row(policy: &str) -> &'static Row {
    REFERENCE
        .iter()
        .find(|row| row.policy == policy)
        .unwrap_or_else(|| panic!("no reference row for {policy}"))
}

fn check(policy: TracePolicy) {
    let row = reference_row(policy.name());
    let params = EvictionParams::default();
    let measured = SIZES.map(|size| replay::misses(policy, &params, size, &TRACE, N_OBJ, 0));
    for (size, (&got, &want)) in SIZES.iter().zip(measured.iter().zip(&row.misses)) {
        assert!(
            got.abs_diff(want) <= row.tolerance,
            "{} at {size}: {got} misses, libCacheSim {want} (tolerance {}); all sizes: {measured:?}",
            row.policy,
            row.tolerance,
        );
    }
}

#[test]
fn the_trace_has_the_documented_shape() {
    let mut seen = vec![false; N_OBJ as usize];
    for key in TRACE.iter() {
        seen[key.index()] = true;
    }
    let distinct = seen.iter().filter(|&&s| s).count() as u32;
    assert_eq!((TRACE.len(), distinct), (REQUESTS, DISTINCT));
    for (size, fraction) in SIZES.iter().zip([0.01, 0.05, 0.10]) {
        assert_eq!(*size, (DISTINCT as f64 * fraction).floor() as u32);
    }
}

#[test]
fn every_scenario_policy_but_random_has_a_row() {
    for kind in EvictionKind::ALL {
        assert!(
            *kind == EvictionKind::Random || REFERENCE.iter().any(|row| row.policy == kind.name()),
            "add a reference row for {}",
            kind.name()
        );
    }
}

#[test]
fn simple_policies_match_libcachesim_exactly() {
    for name in ["fifo", "lru", "clock"] {
        check(TracePolicy::from_name(name).expect("a policy of this branch"));
    }
}

#[test]
fn frequency_policies_match_libcachesim() {
    for name in ["lfu", "sieve", "s3fifo"] {
        check(TracePolicy::from_name(name).expect("a policy of this branch"));
    }
}

#[test]
fn adaptive_policies_match_libcachesim_once_merged() {
    let known: Vec<_> = ["arc", "2q", "lirs", "wtinylfu"]
        .into_iter()
        .filter_map(TracePolicy::from_name)
        .collect();
    for policy in known {
        check(policy);
    }
}

#[test]
fn belady_matches_exactly() {
    check(TracePolicy::Belady);
}

#[test]
fn lru_curve_from_stack_distances_matches_the_reference() {
    let lru = REFERENCE
        .iter()
        .find(|row| row.policy == "lru")
        .expect("an LRU row");
    assert_eq!(replay::lru_misses(&TRACE, N_OBJ, &SIZES), lru.misses);
}
