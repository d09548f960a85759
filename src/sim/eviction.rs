//! Eviction policies: which resident key leaves when the cache tier is full.
//!
//! The tier owns storage, TTL and statistics; a policy only orders keys (Caffeine's
//! split between `BoundedLocalCache` and its policies). Every policy keeps its per-key
//! state in flat arrays indexed by the dense [`Key`], so a request allocates nothing.
//! [`build`] is the whole registry.

mod fifo;
mod list;
mod lru;

pub use fifo::Fifo;
pub use list::KeyList;
pub use lru::Lru;

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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvictionKind {
    Fifo,
    #[default]
    Lru,
}

impl EvictionKind {
    pub const ALL: &'static [EvictionKind] = &[EvictionKind::Fifo, EvictionKind::Lru];

    /// The name used on the command line and in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            EvictionKind::Fifo => "fifo",
            EvictionKind::Lru => "lru",
        }
    }

    pub fn from_name(name: &str) -> Option<EvictionKind> {
        EvictionKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.name() == name)
    }
}

/// Builds the policy `kind` for `capacity` resident keys out of a key space of `n_keys`.
pub fn build(kind: EvictionKind, capacity: u32, n_keys: u32) -> Box<dyn Eviction> {
    match kind {
        EvictionKind::Fifo => Box::new(Fifo::new(capacity, n_keys)),
        EvictionKind::Lru => Box::new(Lru::new(capacity, n_keys)),
    }
}
