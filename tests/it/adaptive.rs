//! Property tests for the adaptive policies (ARC, 2Q, LIRS, W-TinyLFU): random request and
//! removal sequences over small key spaces, checked against a brute-force resident set.

use cacheplay::sim::eviction::{build, EvictionKind, EvictionParams, Key};
use proptest::prelude::*;

const KINDS: [EvictionKind; 4] = [
    EvictionKind::Arc,
    EvictionKind::TwoQ,
    EvictionKind::Lirs,
    EvictionKind::WTinyLfu,
];

/// Fractions including the edges, where segments floor to 0 or take the whole cache.
const FRACTIONS: [f64; 7] = [0.0, 0.01, 0.2, 0.25, 0.5, 0.8, 1.0];

#[derive(Clone, Copy, Debug)]
enum Op {
    /// Request the key: `on_hit` if resident, else `admit`.
    Get(u32),
    /// Remove the key if it is resident (expiry, invalidation).
    Remove(u32),
}

fn op(n_keys: u32) -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..n_keys).prop_map(Op::Get),
        1 => (0..n_keys).prop_map(Op::Remove),
    ]
}

fn params() -> impl Strategy<Value = EvictionParams> {
    let fraction = || (0..FRACTIONS.len()).prop_map(|i| FRACTIONS[i]);
    (fraction(), fraction(), fraction(), fraction(), fraction()).prop_map(
        |(kin, kout, hir, window, protected)| EvictionParams {
            two_q_kin_fraction: kin,
            two_q_kout_fraction: kout,
            lirs_hir_fraction: hir,
            wtinylfu_window_fraction: window,
            wtinylfu_protected_fraction: protected,
            ..EvictionParams::default()
        },
    )
}

fn case() -> impl Strategy<Value = (usize, u32, u32, Vec<Op>, bool)> {
    (1..=12u32).prop_flat_map(|n_keys| {
        (
            0..KINDS.len(),
            // Mostly smaller than the key space, so that evictions and ghosts happen.
            prop_oneof![3 => 0..=n_keys / 2, 1 => 0..=n_keys],
            Just(n_keys),
            proptest::collection::vec(op(n_keys), 0..200),
            any::<bool>(),
        )
    })
}

#[test]
fn names_match_serde_and_round_trip() {
    for (kind, name) in KINDS.into_iter().zip(["arc", "2q", "lirs", "wtinylfu"]) {
        assert_eq!(kind.name(), name);
        assert_eq!(EvictionKind::from_name(name), Some(kind));
        assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{name}\""));
        assert!(EvictionKind::ALL.contains(&kind));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// Every policy keeps a resident set equal to the brute-force model: `admit` returns
    /// only a resident key or the key itself, never evicts while there is room (slots
    /// freed by removals are filled first), `len` matches, and nothing exceeds capacity.
    #[test]
    fn resident_set_stays_consistent(
        (kind, capacity, n_keys, ops, default_params) in case(),
        custom in params(),
        seed in any::<u64>(),
    ) {
        let kind = KINDS[kind];
        let params = if default_params { EvictionParams::default() } else { custom };
        let mut policy = build(kind, &params, capacity, n_keys, seed);
        let mut resident = vec![false; n_keys as usize];
        for (step, &op) in ops.iter().enumerate() {
            match op {
                Op::Get(k) if resident[k as usize] => policy.on_hit(Key(k)),
                Op::Get(k) => match policy.admit(Key(k)) {
                    None => resident[k as usize] = true,
                    Some(evicted) if policy.len() < capacity as usize => {
                        prop_assert!(false, "{kind:?} step {step}: evicted {evicted:?} with room");
                    }
                    Some(evicted) if evicted == Key(k) => {}
                    Some(evicted) => {
                        prop_assert!(
                            resident[evicted.index()],
                            "{kind:?} step {step}: evicted {evicted:?} was not resident"
                        );
                        resident[evicted.index()] = false;
                        resident[k as usize] = true;
                    }
                },
                Op::Remove(k) if resident[k as usize] => {
                    policy.remove(Key(k));
                    resident[k as usize] = false;
                }
                Op::Remove(_) => {}
            }
            let expected = resident.iter().filter(|&&r| r).count();
            prop_assert_eq!(policy.len(), expected, "{:?} step {}", kind, step);
            prop_assert!(policy.len() <= capacity as usize);
        }
    }

    /// With room for every key and no removals, nothing is ever evicted or declined except
    /// by W-TinyLFU's admission filter, which only runs on a full cache: no policy misses
    /// a key twice.
    #[test]
    fn no_eviction_when_everything_fits(
        kind in 0..KINDS.len(),
        keys in proptest::collection::vec(0..8u32, 0..100),
    ) {
        let kind = KINDS[kind];
        let mut policy = build(kind, &EvictionParams::default(), 8, 8, 1);
        let mut resident = [false; 8];
        for k in keys {
            if resident[k as usize] {
                policy.on_hit(Key(k));
            } else {
                prop_assert_eq!(policy.admit(Key(k)), None, "{:?}", kind);
                resident[k as usize] = true;
            }
        }
    }
}
