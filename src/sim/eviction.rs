//! Eviction policies: which resident key leaves when the cache tier is full.
//!
//! The tier owns storage, TTL and statistics; a policy only orders keys (Caffeine's
//! split between `BoundedLocalCache` and its policies). Every policy keeps its per-key
//! state in flat arrays indexed by the dense [`Key`], so a request allocates nothing.
//! [`build`] is the whole registry.

mod arc;
mod clock;
mod fifo;
mod frequency_sketch;
mod lfu;
mod lirs;
mod list;
mod lru;
mod random;
mod s3fifo;
mod sieve;
mod tinylfu;
mod two_q;

pub use arc::Arc;
pub use clock::Clock;
pub use fifo::Fifo;
pub use frequency_sketch::FrequencySketch;
pub use lfu::Lfu;
pub use lirs::Lirs;
pub use list::KeyList;
pub use lru::Lru;
pub use random::Random;
pub use s3fifo::S3Fifo;
pub use sieve::Sieve;
pub use tinylfu::WTinyLfu;
pub use two_q::TwoQ;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A dense key id: keys are numbered `0..n_keys` by the workload or the trace parser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key(pub u32);

impl Key {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Chooses which resident key leaves when the tier is full.
///
/// The contract, for every implementation: `admit` is called only for keys that are not
/// resident, `on_hit` and `remove` only for keys that are. A policy never holds more than
/// its capacity.
pub trait Eviction {
    /// A resident key was read or written.
    fn on_hit(&mut self, key: Key);

    /// A key that is not resident was requested: admit it, evicting one resident key if the
    /// policy is full. Returns the key that left; `Some(key)` (the key itself) means the
    /// policy declined to admit it (capacity 0, or an admission filter said no).
    fn admit(&mut self, key: Key) -> Option<Key>;

    /// A resident key leaves for another reason than eviction (expiry, invalidation, crash).
    fn remove(&mut self, key: Key);

    /// The number of resident keys.
    fn len(&self) -> usize;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The eviction policies a scenario can name. The serde names are the CLI's names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EvictionKind {
    Fifo,
    #[default]
    Lru,
    /// One reference bit, new keys enter with it clear (second chance).
    Clock,
    /// A uniformly drawn victim, from the run's eviction stream.
    Random,
    /// SIEVE (NSDI'24): a visited bit and a hand that leaves survivors in place.
    Sieve,
    /// S3-FIFO (SOSP'23): small, main and ghost FIFO queues.
    S3Fifo,
    /// Least frequently used, ties broken by least recent access.
    Lfu,
    Arc,
    #[serde(rename = "2q")]
    TwoQ,
    Lirs,
    #[serde(rename = "wtinylfu")]
    WTinyLfu,
}

impl EvictionKind {
    pub const ALL: &'static [EvictionKind] = &[
        EvictionKind::Fifo,
        EvictionKind::Lru,
        EvictionKind::Clock,
        EvictionKind::Random,
        EvictionKind::Sieve,
        EvictionKind::S3Fifo,
        EvictionKind::Lfu,
        EvictionKind::Arc,
        EvictionKind::TwoQ,
        EvictionKind::Lirs,
        EvictionKind::WTinyLfu,
    ];

    /// The name used on the command line and in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            EvictionKind::Fifo => "fifo",
            EvictionKind::Lru => "lru",
            EvictionKind::Clock => "clock",
            EvictionKind::Random => "random",
            EvictionKind::Sieve => "sieve",
            EvictionKind::S3Fifo => "s3fifo",
            EvictionKind::Lfu => "lfu",
            EvictionKind::Arc => "arc",
            EvictionKind::TwoQ => "2q",
            EvictionKind::Lirs => "lirs",
            EvictionKind::WTinyLfu => "wtinylfu",
        }
    }

    pub fn from_name(name: &str) -> Option<EvictionKind> {
        EvictionKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.name() == name)
    }
}

/// The policies' stated parameters, with their papers' defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EvictionParams {
    /// S3-FIFO: the small FIFO's share of capacity (SOSP'23: 0.10).
    pub s3fifo_small_fraction: f64,
    /// S3-FIFO: ids the ghost FIFO remembers, as a share of capacity (0.90, the main queue's size).
    pub s3fifo_ghost_fraction: f64,
    /// 2Q: A1in's share of capacity, Kin (VLDB'94: 0.25).
    pub two_q_kin_fraction: f64,
    /// 2Q: ids A1out remembers, Kout, as a share of capacity (VLDB'94: 0.50).
    pub two_q_kout_fraction: f64,
    /// LIRS: the HIR part's share of capacity (SIGMETRICS'02: 0.01).
    pub lirs_hir_fraction: f64,
    /// W-TinyLFU: the window LRU's share of capacity (Caffeine: 0.01).
    pub wtinylfu_window_fraction: f64,
    /// W-TinyLFU: the protected segment's share of the main SLRU (Caffeine: 0.80).
    pub wtinylfu_protected_fraction: f64,
    /// W-TinyLFU: the frequency sketch halves its counters every `factor × capacity`
    /// counted increments. 6 keeps the policy within 0.3 percentage points of libCacheSim
    /// on stationary Zipf traces; Caffeine's sample size is 10, which misses up to 0.7
    /// points less (docs/eviction-adaptive.md has the measurements).
    pub wtinylfu_sample_factor: u32,
}

impl Default for EvictionParams {
    fn default() -> EvictionParams {
        EvictionParams {
            s3fifo_small_fraction: 0.10,
            s3fifo_ghost_fraction: 0.90,
            two_q_kin_fraction: 0.25,
            two_q_kout_fraction: 0.50,
            lirs_hir_fraction: 0.01,
            wtinylfu_window_fraction: 0.01,
            wtinylfu_protected_fraction: 0.80,
            wtinylfu_sample_factor: 6,
        }
    }
}

/// Builds the policy `kind` for `capacity` resident keys out of a key space of `n_keys`.
/// `seed` feeds the policies that draw random numbers or hash keys (W-TinyLFU's sketch).
pub fn build(
    kind: EvictionKind,
    params: &EvictionParams,
    capacity: u32,
    n_keys: u32,
    seed: u64,
) -> Box<dyn Eviction> {
    match kind {
        EvictionKind::Fifo => Box::new(Fifo::new(capacity, n_keys)),
        EvictionKind::Lru => Box::new(Lru::new(capacity, n_keys)),
        EvictionKind::Clock => Box::new(Clock::new(capacity, n_keys)),
        EvictionKind::Random => Box::new(Random::new(capacity, n_keys, seed)),
        EvictionKind::Sieve => Box::new(Sieve::new(capacity, n_keys)),
        EvictionKind::S3Fifo => Box::new(S3Fifo::new(
            capacity,
            n_keys,
            params.s3fifo_small_fraction,
            params.s3fifo_ghost_fraction,
        )),
        EvictionKind::Lfu => Box::new(Lfu::new(capacity, n_keys)),
        EvictionKind::Arc => Box::new(Arc::new(capacity, n_keys)),
        EvictionKind::TwoQ => Box::new(TwoQ::new(
            capacity,
            n_keys,
            params.two_q_kin_fraction,
            params.two_q_kout_fraction,
        )),
        EvictionKind::Lirs => Box::new(Lirs::new(capacity, n_keys, params.lirs_hir_fraction)),
        EvictionKind::WTinyLfu => Box::new(WTinyLfu::new(
            capacity,
            n_keys,
            params.wtinylfu_window_fraction,
            params.wtinylfu_protected_fraction,
            params.wtinylfu_sample_factor,
            seed,
        )),
    }
}

/// `floor(fraction · capacity)`, the way the papers size their segments, with the
/// fraction clamped to [0, 1] (NaN counts as 0) so that no parameter can size a segment
/// beyond the whole cache.
pub fn share(capacity: u32, fraction: f64) -> u32 {
    let fraction = if fraction > 0.0 {
        fraction.min(1.0)
    } else {
        0.0
    };
    (fraction * f64::from(capacity)).floor() as u32
}

/// Replays `keys` through `policy` with no notion of time and returns the misses.
/// Every miss is offered to the policy (`admit`), as libCacheSim does. Generic so that a
/// concrete policy is monomorphised into the loop; `&mut dyn Eviction` works too.
pub fn replay<P: Eviction + ?Sized>(policy: &mut P, keys: &[Key], n_keys: u32) -> u64 {
    replay_into(policy, keys, &mut vec![false; n_keys as usize])
}

/// [`replay`] of one stretch of a longer trace: `resident` (one flag per key) carries
/// what the cache holds from one stretch to the next, so a replay can be cut anywhere
/// and resumed with the same misses.
pub fn replay_into<P: Eviction + ?Sized>(
    policy: &mut P,
    keys: &[Key],
    resident: &mut [bool],
) -> u64 {
    let mut misses = 0;
    for &key in keys {
        if resident[key.index()] {
            policy.on_hit(key);
            continue;
        }
        misses += 1;
        resident[key.index()] = true;
        if let Some(evicted) = policy.admit(key) {
            resident[evicted.index()] = false;
        }
    }
    misses
}
