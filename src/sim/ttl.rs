//! Time to live: each entry's deadline, and Redis-style active expiry.
//!
//! Expiry is lazy (an access finds the entry expired and removes it) plus active, as in
//! Redis's `activeExpireCycle`: every 100 ms, sample 20 random keys among those with a
//! TTL, delete the expired ones, and repeat while more than 25 % of the sample was
//! expired. Redis also stops a cycle after a CPU-time budget (25 ms at `hz 10`); in
//! simulated time a cycle costs nothing, so the loop stops only by the 25 % rule, which
//! bounds the work by the number of expired keys.

use super::config::{Ttl, TtlMode};
use super::eviction::Key;
use super::rng::SplitMix64;
use super::time::Time;

/// Interval between two active-expiry cycles (Redis `hz 10`).
pub const ACTIVE_EXPIRY_INTERVAL: Time = Time(100_000);
/// Keys sampled per loop (Redis `ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP`).
pub const KEYS_PER_LOOP: u32 = 20;
/// A loop repeats while more than this many of its sample expired (25 % of 20).
pub const REPEAT_ABOVE: u32 = KEYS_PER_LOOP / 4;

/// When an entry written or read at `now` expires.
#[derive(Clone, Debug)]
pub struct Lifetime {
    mode: TtlMode,
    ttl_us: f64,
    jitter: f64,
}

impl Lifetime {
    pub fn new(ttl: &Ttl) -> Lifetime {
        Lifetime {
            mode: ttl.mode,
            ttl_us: ttl.ttl_ms * 1_000.0,
            jitter: ttl.jitter_fraction,
        }
    }

    pub fn enabled(&self) -> bool {
        self.mode != TtlMode::None
    }

    /// Whether a read restarts the lifetime (Caffeine `expireAfterAccess`).
    pub fn renews_on_read(&self) -> bool {
        self.mode == TtlMode::AfterAccess
    }

    /// The deadline of a lifetime starting at `now`, drawn from `ttl · (1 ± jitter)`.
    pub fn deadline(&self, now: Time, rng: &mut SplitMix64) -> Time {
        let factor = if self.jitter > 0.0 {
            1.0 + self.jitter * (2.0 * rng.uniform() - 1.0)
        } else {
            1.0
        };
        // At least 1 µs, so an entry is never born expired.
        now + Time::from_micros(self.ttl_us * factor).max(Time(1))
    }
}

/// The keys that have a deadline, for uniform sampling: a Vec plus each key's position,
/// so insertion and removal (swap-remove) are O(1).
#[derive(Clone, Debug)]
pub struct ExpirySet {
    keys: Vec<Key>,
    position: Vec<u32>,
}

const ABSENT: u32 = u32::MAX;

impl ExpirySet {
    pub fn new(n_keys: u32) -> ExpirySet {
        ExpirySet {
            keys: Vec::new(),
            position: vec![ABSENT; n_keys as usize],
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn insert(&mut self, key: Key) {
        if self.position[key.index()] == ABSENT {
            self.position[key.index()] = self.keys.len() as u32;
            self.keys.push(key);
        }
    }

    pub fn remove(&mut self, key: Key) {
        let at = self.position[key.index()];
        if at == ABSENT {
            return;
        }
        self.position[key.index()] = ABSENT;
        let last = self
            .keys
            .pop()
            .expect("a present key means a non-empty set");
        if last != key {
            self.keys[at as usize] = last;
            self.position[last.index()] = at;
        }
    }

    /// A uniformly drawn key; the set must not be empty.
    pub fn sample(&self, rng: &mut SplitMix64) -> Key {
        self.keys[rng.below(self.keys.len() as u32) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_remove_keeps_positions() {
        let mut set = ExpirySet::new(5);
        for k in [4, 1, 3] {
            set.insert(Key(k));
        }
        set.insert(Key(1));
        set.remove(Key(4));
        set.remove(Key(0));
        assert_eq!(set.len(), 2);
        let mut rng = SplitMix64::new(1);
        for _ in 0..20 {
            assert!(matches!(set.sample(&mut rng), Key(1) | Key(3)));
        }
        set.remove(Key(3));
        set.remove(Key(1));
        assert!(set.is_empty());
    }

    #[test]
    fn deadline_with_jitter_stays_in_range() {
        // 1 s ± 10 %: every deadline from t = 5 s lies in [5.9 s, 6.1 s].
        let lifetime = Lifetime::new(&Ttl {
            mode: TtlMode::AfterWrite,
            ttl_ms: 1_000.0,
            jitter_fraction: 0.1,
            active_expiry: true,
        });
        let mut rng = SplitMix64::new(2);
        for _ in 0..1_000 {
            let deadline = lifetime.deadline(Time::from_s(5.0), &mut rng);
            assert!((Time::from_s(5.9)..=Time::from_s(6.1)).contains(&deadline));
        }
    }
}
