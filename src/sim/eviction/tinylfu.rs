//! W-TinyLFU: a small LRU window in front of an SLRU main cache guarded by the TinyLFU
//! admission filter (Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache
//! Admission Policy", ACM ToS 2017), with Caffeine's static defaults.
//!
//! Every reference (hit or miss) is counted in a [`FrequencySketch`] first (4-bit
//! count-min, Caffeine's width, halved every `f · c` counted references: `f = 6` by
//! default, where Caffeine uses 10, see `EvictionParams::wtinylfu_sample_factor`). A new key
//! enters the window LRU of `floor(window_fraction · c)` keys (1 % by default). The
//! window's overflow is a candidate for the main cache: while the cache has room it enters
//! probation; otherwise it meets main's victim (probation's LRU, or protected's when
//! probation is empty) and replaces it only if its estimated frequency is strictly
//! greater, else the candidate itself leaves. Main is an SLRU: a probation hit moves the
//! key to protected, whose LRU drops back to probation's MRU end when protected exceeds
//! `floor(protected_fraction · main)` keys (80 % by default).
//!
//! Caffeine also tunes the window size by hill climbing and admits a losing candidate at
//! random 1 time in 128 when its frequency is high (a defence against hash flooding);
//! neither is modelled: the sizes are static and admission is deterministic.
//!
//! With fewer than 100 keys the window floors to 0 and the new key itself is the
//! candidate (plain TinyLFU in front of the SLRU); with capacity 1 the protected segment
//! floors to 0 and the one key lives in probation.
//!
//! Removal (expiry, invalidation) unlinks the key from its segment; the sketch keeps its
//! counts, because they describe references that did happen.

use super::{share, Eviction, FrequencySketch, Key, KeyList};

#[derive(Clone, Debug)]
pub struct WTinyLfu {
    capacity: usize,
    window_max: usize,
    protected_max: usize,
    window: KeyList,
    probation: KeyList,
    protected: KeyList,
    sketch: FrequencySketch,
}

impl WTinyLfu {
    pub fn new(
        capacity: u32,
        n_keys: u32,
        window_fraction: f64,
        protected_fraction: f64,
        sample_factor: u32,
        seed: u64,
    ) -> WTinyLfu {
        let window_max = share(capacity, window_fraction);
        WTinyLfu {
            capacity: capacity as usize,
            window_max: window_max as usize,
            protected_max: share(capacity - window_max, protected_fraction) as usize,
            window: KeyList::new(n_keys),
            probation: KeyList::new(n_keys),
            protected: KeyList::new(n_keys),
            sketch: FrequencySketch::new(capacity, sample_factor, seed),
        }
    }

    /// The sizes `(|window|, |probation|, |protected|)`.
    pub fn segment_lens(&self) -> (usize, usize, usize) {
        (
            self.window.len(),
            self.probation.len(),
            self.protected.len(),
        )
    }

    /// The sketch's estimate for `key`.
    pub fn estimate(&self, key: Key) -> u8 {
        self.sketch.estimate(key)
    }

    /// Main's victim: probation's LRU, or protected's when probation is empty.
    fn main_victim(&self) -> Option<Key> {
        self.probation.tail().or_else(|| self.protected.tail())
    }

    fn unlink_main(&mut self, key: Key) -> bool {
        self.probation.unlink(key) || self.protected.unlink(key)
    }
}

impl Eviction for WTinyLfu {
    fn on_hit(&mut self, key: Key) {
        self.sketch.increment(key);
        if self.window.contains(key) {
            self.window.move_to_head(key);
        } else if self.probation.unlink(key) {
            self.protected.push_head(key);
            while self.protected.len() > self.protected_max {
                let demoted = self
                    .protected
                    .pop_tail()
                    .expect("protected is over its size");
                self.probation.push_head(demoted);
            }
        } else {
            self.protected.move_to_head(key);
        }
    }

    fn admit(&mut self, key: Key) -> Option<Key> {
        if self.capacity == 0 {
            return Some(key);
        }
        self.sketch.increment(key);
        self.window.push_head(key);
        if self.window.len() > self.window_max {
            let candidate = self.window.pop_tail().expect("the window is over its size");
            if self.len() < self.capacity {
                self.probation.push_head(candidate);
                return None;
            }
            let Some(victim) = self.main_victim() else {
                return Some(candidate);
            };
            if self.sketch.estimate(candidate) > self.sketch.estimate(victim) {
                self.unlink_main(victim);
                self.probation.push_head(candidate);
                Some(victim)
            } else {
                Some(candidate)
            }
        } else if self.len() > self.capacity {
            // Only after removals emptied part of the window: main holds more than its share,
            // and no candidate left the window, so main's victim leaves directly.
            let victim = self.main_victim().expect("main is over its share");
            self.unlink_main(victim);
            Some(victim)
        } else {
            None
        }
    }

    fn remove(&mut self, key: Key) {
        if !self.window.unlink(key) {
            self.unlink_main(key);
        }
    }

    fn len(&self) -> usize {
        self.window.len() + self.probation.len() + self.protected.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequent_key_survives_a_scan() {
        // Capacity 10: window floor(0.01 · 10) = 0, main 10, protected floor(0.8 · 10) = 8.
        // Keys 0..10 fill probation; key 0 is hit three times (estimate ≥ 4) and moves to
        // protected. A scan of once-seen keys 10..40 then meets probation's victims, whose
        // estimates equal the scan keys' (1, give or take a collision): "strictly greater"
        // turns the scan away, and key 0 is never the victim while probation is not empty.
        let mut policy = WTinyLfu::new(10, 40, 0.01, 0.8, 10, 7);
        for key in 0..10 {
            assert_eq!(policy.admit(Key(key)), None);
        }
        for _ in 0..3 {
            policy.on_hit(Key(0));
        }
        assert_eq!(policy.segment_lens(), (0, 9, 1));
        for key in 10..40 {
            let evicted = policy.admit(Key(key)).expect("the cache is full");
            assert_ne!(evicted, Key(0));
        }
        assert!(policy.protected.contains(Key(0)));
        assert_eq!(policy.len(), 10);
    }

    #[test]
    fn window_overflow_is_admitted_while_main_has_room() {
        // Capacity 200: window floor(0.01 · 200) = 2. Keys 0, 1 fill the window; key 2 pushes
        // key 0 out of the window into probation, since main is empty.
        let mut policy = WTinyLfu::new(200, 300, 0.01, 0.8, 10, 7);
        policy.admit(Key(0));
        policy.admit(Key(1));
        assert_eq!(policy.segment_lens(), (2, 0, 0));
        assert_eq!(policy.admit(Key(2)), None);
        assert_eq!(policy.segment_lens(), (2, 1, 0));
        assert!(policy.probation.contains(Key(0)));
    }

    #[test]
    fn candidate_beats_victim_only_when_strictly_more_frequent() {
        // Capacity 2: window 0, main 2, protected floor(0.8 · 2) = 1. A B fill probation.
        // C (estimate 1) meets probation's LRU A (estimate 1): not greater, C is turned away.
        let [a, b, c] = [0, 1, 2].map(Key);
        let mut policy = WTinyLfu::new(2, 3, 0.01, 0.8, 10, 11);
        policy.admit(a);
        policy.admit(b);
        assert_eq!((policy.estimate(a), policy.estimate(c)), (1, 0));
        assert_eq!(policy.admit(c), Some(c));
        // C again (estimate 2 > A's 1): A leaves and C enters probation.
        assert_eq!(policy.admit(c), Some(a));
        assert!(policy.probation.contains(c));
    }

    #[test]
    fn protected_overflow_drops_back_to_probation() {
        // Capacity 3: window 0, main 3, protected floor(0.8 · 3) = 2. Hits on 0, 1, 2 move
        // each to protected; the third pushes protected's LRU (0) back to probation.
        let mut policy = WTinyLfu::new(3, 3, 0.01, 0.8, 10, 5);
        for key in 0..3 {
            policy.admit(Key(key));
        }
        for key in 0..3 {
            policy.on_hit(Key(key));
        }
        assert_eq!(policy.segment_lens(), (0, 1, 2));
        assert!(policy.probation.contains(Key(0)));
    }
}
