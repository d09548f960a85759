//! The cache tier: which keys are resident, the version each holds, their deadlines, and
//! the eviction policy that picks victims.
//!
//! The tier owns storage, TTL and counts; the policy only orders keys (Caffeine's split).
//! A cache operation takes effect when it completes. Keys that leave by eviction or expiry
//! are collected in `removed`, so the engine can flush a dirty one (write-behind): an
//! entry leaving the tier never loses an acknowledged write.

use super::config;
use super::eviction::{self, Eviction, Key};
use super::latency::Sampler;
use super::rng::{SplitMix64, Stream};
use super::time::Time;
use super::ttl::{ExpirySet, Lifetime, KEYS_PER_LOOP, REPEAT_ABOVE};

pub struct Tier {
    /// `None` when the capacity is 0: the cache is disabled and never consulted.
    policy: Option<Box<dyn Eviction>>,
    resident: Vec<bool>,
    versions: Vec<u32>,
    /// Each resident key's deadline; empty when entries have no TTL.
    deadlines: Vec<Time>,
    with_ttl: ExpirySet,
    lifetime: Lifetime,
    active_expiry: bool,
    latency: Sampler,
    latency_rng: SplitMix64,
    jitter_rng: SplitMix64,
    expiry_rng: SplitMix64,
    /// Keys that left by eviction or expiry since the engine last drained this.
    pub removed: Vec<Key>,
    /// False while the cache node is down after a crash: every lookup misses and every
    /// update is lost.
    up: bool,
    evictions: u64,
    expirations: u64,
}

impl Tier {
    pub fn new(cache: &config::Cache, n_keys: u32, seed: u64) -> Tier {
        let lifetime = Lifetime::new(&cache.ttl);
        let enabled = cache.capacity > 0;
        let with_ttl = enabled && lifetime.enabled();
        let policy = enabled.then(|| {
            let policy_seed = SplitMix64::stream(seed, Stream::Eviction).next_u64();
            eviction::build(
                cache.eviction,
                &cache.eviction_params,
                cache.capacity.min(n_keys),
                n_keys,
                policy_seed,
            )
        });
        let per_key = if enabled { n_keys as usize } else { 0 };
        Tier {
            policy,
            resident: vec![false; per_key],
            versions: vec![0; per_key],
            deadlines: vec![Time::ZERO; if with_ttl { per_key } else { 0 }],
            with_ttl: ExpirySet::new(if with_ttl { n_keys } else { 0 }),
            lifetime,
            active_expiry: with_ttl && cache.ttl.active_expiry,
            latency: Sampler::new(&cache.latency),
            latency_rng: SplitMix64::stream(seed, Stream::CacheLatency),
            jitter_rng: SplitMix64::stream(seed, Stream::TtlJitter),
            expiry_rng: SplitMix64::stream(seed, Stream::ActiveExpiry),
            removed: Vec::new(),
            up: true,
            evictions: 0,
            expirations: 0,
        }
    }

    pub fn enabled(&self) -> bool {
        self.policy.is_some()
    }

    /// Whether the engine should run active-expiry cycles.
    pub fn active_expiry(&self) -> bool {
        self.active_expiry
    }

    /// The duration of one cache operation.
    pub fn op_latency(&mut self) -> Time {
        self.latency.sample(&mut self.latency_rng)
    }

    fn ttl(&self) -> bool {
        !self.deadlines.is_empty()
    }

    /// Resident and not expired; an expired entry found here is removed (lazy expiry).
    fn live(&mut self, now: Time, key: Key) -> bool {
        if !self.up || !self.resident[key.index()] {
            return false;
        }
        if self.ttl() && self.deadlines[key.index()] <= now {
            self.expire(key);
            return false;
        }
        true
    }

    fn expire(&mut self, key: Key) {
        self.drop_entry(key);
        self.expirations += 1;
        self.removed.push(key);
    }

    fn drop_entry(&mut self, key: Key) {
        self.resident[key.index()] = false;
        self.policy.as_mut().expect("enabled").remove(key);
        if self.ttl() {
            self.with_ttl.remove(key);
        }
    }

    fn renew(&mut self, now: Time, key: Key) {
        if self.ttl() {
            self.deadlines[key.index()] = self.lifetime.deadline(now, &mut self.jitter_rng);
        }
    }

    /// A read: the version held on a hit, `None` on a miss.
    pub fn lookup(&mut self, now: Time, key: Key) -> Option<u32> {
        if !self.live(now, key) {
            return None;
        }
        self.policy.as_mut().expect("enabled").on_hit(key);
        if self.lifetime.renews_on_read() {
            self.renew(now, key);
        }
        Some(self.versions[key.index()])
    }

    /// A write of `version`: updates a resident entry or admits a new one. Returns whether
    /// the key is now cached (the policy may decline admission).
    pub fn put(&mut self, now: Time, key: Key, version: u32) -> bool {
        if !self.up {
            return false;
        }
        if self.live(now, key) {
            self.policy.as_mut().expect("enabled").on_hit(key);
        } else {
            match self.policy.as_mut().expect("enabled").admit(key) {
                Some(declined) if declined == key => return false,
                Some(victim) => {
                    self.drop_victim(victim);
                }
                None => {}
            }
            self.resident[key.index()] = true;
            if self.ttl() {
                self.with_ttl.insert(key);
            }
        }
        self.versions[key.index()] = version;
        self.renew(now, key);
        true
    }

    fn drop_victim(&mut self, victim: Key) {
        // The policy has already let the victim go; only the tier's state remains.
        self.resident[victim.index()] = false;
        if self.ttl() {
            self.with_ttl.remove(victim);
        }
        self.evictions += 1;
        self.removed.push(victim);
    }

    /// A fill after a miss: caches `version` unless a live entry arrived meanwhile (a
    /// loading cache's compute-if-absent; the resident entry is at least as new). Returns
    /// whether `version` is now the cached value.
    pub fn fill(&mut self, now: Time, key: Key, version: u32) -> bool {
        !self.live(now, key) && self.put(now, key, version)
    }

    /// The node crashes: every entry is gone (neither evicted nor expired, and not
    /// reported in `removed`, since nothing is left to flush), and the node is down until
    /// `restart`.
    pub fn crash(&mut self) {
        if !self.enabled() {
            return;
        }
        for key in 0..self.resident.len() as u32 {
            if self.resident[key as usize] {
                self.drop_entry(Key(key));
            }
        }
        self.up = false;
    }

    /// The node serves again, empty.
    pub fn restart(&mut self) {
        self.up = true;
    }

    /// Deletes `key` if resident (a write-around or invalidate-on-write write).
    pub fn invalidate(&mut self, key: Key) {
        if self.resident[key.index()] {
            self.drop_entry(key);
        }
    }

    /// One Redis-style active-expiry cycle (see `ttl`).
    pub fn active_expiry_cycle(&mut self, now: Time) {
        loop {
            let mut expired = 0;
            for _ in 0..KEYS_PER_LOOP {
                if self.with_ttl.is_empty() {
                    return;
                }
                let key = self.with_ttl.sample(&mut self.expiry_rng);
                if self.deadlines[key.index()] <= now {
                    self.expire(key);
                    expired += 1;
                }
            }
            if expired <= REPEAT_ABOVE {
                return;
            }
        }
    }

    /// Evictions and expirations since the previous `take_counts`.
    pub fn counts(&self) -> (u64, u64) {
        (self.evictions, self.expirations)
    }

    /// Evictions and expirations since the previous call.
    pub fn take_counts(&mut self) -> (u64, u64) {
        (
            std::mem::take(&mut self.evictions),
            std::mem::take(&mut self.expirations),
        )
    }

    /// Resident keys, expired ones not yet removed included.
    pub fn len(&self) -> usize {
        self.policy.as_ref().map_or(0, |policy| policy.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_resident(&self, key: Key) -> bool {
        self.enabled() && self.resident[key.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use config::{Cache, Latency, Ttl, TtlMode};

    fn tier(capacity: u32, ttl: TtlMode) -> Tier {
        let cache = Cache {
            capacity,
            latency: Latency::Constant { ms: 0.5 },
            ttl: Ttl {
                mode: ttl,
                ttl_ms: 10.0,
                jitter_fraction: 0.0,
                active_expiry: true,
            },
            ..Cache::default()
        };
        Tier::new(&cache, 8, 1)
    }

    #[test]
    fn lru_tier_evicts_and_reports_the_victim() {
        // Capacity 2, LRU: put 0, put 1, read 0, put 2 → 1 leaves.
        let mut tier = tier(2, TtlMode::None);
        let now = Time(0);
        assert!(tier.put(now, Key(0), 1) && tier.put(now, Key(1), 1));
        assert_eq!(tier.lookup(now, Key(0)), Some(1));
        assert!(tier.put(now, Key(2), 3));
        assert_eq!(tier.removed, [Key(1)]);
        assert_eq!(tier.lookup(now, Key(1)), None);
        assert_eq!(tier.take_counts(), (1, 0));
        assert_eq!(tier.len(), 2);
    }

    #[test]
    fn fill_does_not_overwrite_a_live_entry() {
        let mut tier = tier(4, TtlMode::None);
        tier.put(Time(0), Key(3), 5);
        tier.fill(Time(1), Key(3), 4);
        assert_eq!(tier.lookup(Time(2), Key(3)), Some(5));
    }

    #[test]
    fn expire_after_write_is_lazy_and_reads_do_not_renew() {
        // TTL 10 ms from the write at 0: a read at 9 ms hits, one at 10 ms misses.
        let mut tier = tier(4, TtlMode::AfterWrite);
        tier.put(Time(0), Key(0), 1);
        assert_eq!(tier.lookup(Time::from_ms(9.0), Key(0)), Some(1));
        assert_eq!(tier.lookup(Time::from_ms(10.0), Key(0)), None);
        assert_eq!(
            (tier.take_counts(), tier.removed.clone()),
            ((0, 1), vec![Key(0)])
        );
    }

    #[test]
    fn expire_after_access_renews_on_read() {
        // Reads at 9 and 18 ms each renew the 10 ms lifetime; at 29 ms it has lapsed.
        let mut tier = tier(4, TtlMode::AfterAccess);
        tier.put(Time(0), Key(0), 1);
        assert_eq!(tier.lookup(Time::from_ms(9.0), Key(0)), Some(1));
        assert_eq!(tier.lookup(Time::from_ms(18.0), Key(0)), Some(1));
        assert_eq!(tier.lookup(Time::from_ms(29.0), Key(0)), None);
    }

    #[test]
    fn active_expiry_removes_every_expired_key() {
        // 8 keys all expired: each loop finds >25 % expired until the set is empty.
        let mut tier = tier(8, TtlMode::AfterWrite);
        for k in 0..8 {
            tier.put(Time(0), Key(k), 1);
        }
        tier.active_expiry_cycle(Time::from_ms(10.0));
        assert!(tier.is_empty());
        assert_eq!(tier.take_counts(), (0, 8));
    }

    #[test]
    fn a_crashed_tier_is_empty_misses_and_takes_nothing_until_it_restarts() {
        let mut tier = tier(4, TtlMode::AfterWrite);
        tier.put(Time(0), Key(0), 1);
        tier.put(Time(0), Key(1), 1);
        tier.crash();
        assert!(tier.is_empty() && tier.removed.is_empty());
        assert_eq!(tier.take_counts(), (0, 0));
        assert!(!tier.put(Time(1), Key(2), 1));
        assert_eq!(tier.lookup(Time(1), Key(2)), None);
        tier.restart();
        assert_eq!(tier.lookup(Time(2), Key(0)), None);
        assert!(tier.put(Time(2), Key(2), 1));
        assert_eq!(tier.lookup(Time(3), Key(2)), Some(1));
    }

    #[test]
    fn capacity_zero_disables_the_tier() {
        let tier = tier(0, TtlMode::AfterWrite);
        assert!(!tier.enabled() && !tier.active_expiry() && !tier.is_resident(Key(0)));
    }
}
