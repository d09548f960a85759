//! ARC: the Adaptive Replacement Cache (Megiddo and Modha, "ARC: A Self-Tuning, Low
//! Overhead Replacement Cache", FAST'03).
//!
//! Four LRU lists: T1 (resident, seen once recently), T2 (resident, seen at least twice),
//! and their ghosts B1 and B2 (ids only). The target size `p` of T1 moves towards
//! whichever ghost list the misses hit: a B1 hit says T1 was too small, a B2 hit says T2
//! was. The directory keeps `|T1| + |B1| <= c` and `|T1| + |T2| + |B1| + |B2| <= 2c`.
//!
//! `p` is a real number, as in the paper's pseudo-code: the B1 step is
//! `max(|B2| / |B1|, 1)` and the B2 step `max(|B1| / |B2|, 1)` in floating point, with
//! the sizes taken before the hit ghost leaves its list; `p` stays within `[0, c]`.
//!
//! Removal (expiry, invalidation) drops the key from T1 or T2 without leaving a ghost:
//! the key did not leave because the policy chose it, so its absence says nothing about
//! the split between recency and frequency. Other keys' ghosts and `p` are untouched.
//! After removals the cache may hold fewer than `c` keys while ghosts remain; REPLACE
//! then runs only when the cache is full, so a free slot is never wasted on an eviction.

use super::{Eviction, Key, KeyList};

#[derive(Clone, Debug)]
pub struct Arc {
    capacity: usize,
    /// Target size of T1, in keys; a real number in `[0, capacity]`.
    p: f64,
    t1: KeyList,
    t2: KeyList,
    b1: KeyList,
    b2: KeyList,
}

impl Arc {
    pub fn new(capacity: u32, n_keys: u32) -> Arc {
        Arc {
            capacity: capacity as usize,
            p: 0.0,
            t1: KeyList::new(n_keys),
            t2: KeyList::new(n_keys),
            b1: KeyList::new(n_keys),
            b2: KeyList::new(n_keys),
        }
    }

    /// The adaptive target size of T1 (the paper's `p`).
    pub fn target(&self) -> f64 {
        self.p
    }

    /// The sizes `(|T1|, |T2|, |B1|, |B2|)`.
    pub fn list_lens(&self) -> (usize, usize, usize, usize) {
        (self.t1.len(), self.t2.len(), self.b1.len(), self.b2.len())
    }

    /// The paper's REPLACE(x, p): demote T1's LRU to B1 or T2's LRU to B2. It does nothing
    /// while the cache has room, which only removals can cause.
    fn replace(&mut self, requested_in_b2: bool) -> Option<Key> {
        if self.t1.len() + self.t2.len() < self.capacity {
            return None;
        }
        let t1_len = self.t1.len() as f64;
        let from_t1 = !self.t1.is_empty()
            && (t1_len > self.p || (requested_in_b2 && t1_len == self.p))
            || self.t2.is_empty();
        let (from, ghosts) = if from_t1 {
            (&mut self.t1, &mut self.b1)
        } else {
            (&mut self.t2, &mut self.b2)
        };
        let victim = from.pop_tail()?;
        ghosts.push_head(victim);
        Some(victim)
    }
}

impl Eviction for Arc {
    fn on_hit(&mut self, key: Key) {
        // Case I: a hit in T1 or T2 moves the key to T2's MRU end.
        if self.t1.unlink(key) {
            self.t2.push_head(key);
        } else {
            self.t2.move_to_head(key);
        }
    }

    fn admit(&mut self, key: Key) -> Option<Key> {
        if self.capacity == 0 {
            return Some(key);
        }
        let capacity = self.capacity as f64;
        let (b1_len, b2_len) = (self.b1.len() as f64, self.b2.len() as f64);

        // Cases II and III: a ghost hit moves p towards the list that would have kept the
        // key (B1: T1 was too small; B2: T2 was), then the key enters T2.
        let in_b2 = self.b2.contains(key);
        if in_b2 || self.b1.contains(key) {
            self.p = if in_b2 {
                (self.p - (b1_len / b2_len).max(1.0)).max(0.0)
            } else {
                (self.p + (b2_len / b1_len).max(1.0)).min(capacity)
            };
            let evicted = self.replace(in_b2);
            if !self.b1.unlink(key) {
                self.b2.unlink(key);
            }
            self.t2.push_head(key);
            return evicted;
        }

        // Case IV: a complete miss.
        let evicted = if self.t1.len() + self.b1.len() >= self.capacity {
            // Case A: L1 = T1 ∪ B1 holds c keys.
            if self.t1.len() < self.capacity {
                self.b1.pop_tail();
                self.replace(false)
            } else {
                // B1 is empty and T1 fills the cache: drop T1's LRU without a ghost.
                self.t1.pop_tail()
            }
        } else {
            // Case B: L1 holds fewer than c keys.
            let directory = self.t1.len() + self.t2.len() + self.b1.len() + self.b2.len();
            if directory >= 2 * self.capacity {
                self.b2.pop_tail();
            }
            self.replace(false)
        };
        self.t1.push_head(key);
        evicted
    }

    fn remove(&mut self, key: Key) {
        if !self.t1.unlink(key) {
            self.t2.unlink(key);
        }
    }

    fn len(&self) -> usize {
        self.t1.len() + self.t2.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Key = Key(0);
    const B: Key = Key(1);
    const C: Key = Key(2);
    const D: Key = Key(3);

    #[test]
    fn p_adapts_to_ghost_hits() {
        // Capacity 2, p starts at 0.
        let mut arc = Arc::new(2, 4);
        // A, B: misses into T1 = [B, A]; the cache is not full, nothing leaves.
        assert_eq!(arc.admit(A), None);
        assert_eq!(arc.admit(B), None);
        // A hits: T1 → T2. T1 = [B], T2 = [A].
        arc.on_hit(A);
        assert_eq!(arc.list_lens(), (1, 1, 0, 0));
        // C: case IV.B, full: |T1| = 1 > p = 0, so REPLACE moves B to B1.
        assert_eq!(arc.admit(C), Some(B));
        assert_eq!(arc.list_lens(), (1, 1, 1, 0));
        // B: B1 hit, p = min(0 + max(|B2| / |B1| = 0 / 1, 1), 2) = 1. REPLACE: |T1| = 1
        // is not > p = 1 and B is not in B2, so T2's LRU A goes to B2. B enters T2.
        assert_eq!(arc.admit(B), Some(A));
        assert_eq!(arc.target(), 1.0);
        assert_eq!(arc.list_lens(), (1, 1, 0, 1));
        // A: B2 hit, p = max(1 - max(|B1| / |B2| = 0 / 1, 1), 0) = 0. REPLACE: |T1| = 1 > 0,
        // so C goes to B1. T2 = [A, B].
        assert_eq!(arc.admit(A), Some(C));
        assert_eq!(arc.target(), 0.0);
        assert_eq!(arc.list_lens(), (0, 2, 1, 0));
        // D: case IV.B (|T1| + |B1| = 1 < 2), directory 3 < 4, full: T1 is empty, so T2's
        // LRU B goes to B2.
        assert_eq!(arc.admit(D), Some(B));
        assert_eq!(arc.list_lens(), (1, 1, 1, 1));
        // C: B1 hit, p = 0 + max(|B2| / |B1| = 1 / 1, 1) = 1; |T1| = 1 is not > 1, so T2's
        // LRU A goes to B2 (now [A, B]).
        assert_eq!(arc.admit(C), Some(A));
        assert_eq!(arc.target(), 1.0);
        assert_eq!(arc.list_lens(), (1, 1, 0, 2));
    }

    #[test]
    fn b2_hit_with_t1_at_target_takes_from_t1() {
        // Capacity 3: A A B C D B C A.
        let mut arc = Arc::new(3, 4);
        // A misses, A hits (T2 = [A]); B, C miss: T1 = [C, B], the cache is full.
        arc.admit(A);
        arc.on_hit(A);
        arc.admit(B);
        arc.admit(C);
        // D: case IV.B, |T1| = 2 > p = 0, so B goes to B1.
        assert_eq!(arc.admit(D), Some(B));
        // B: B1 hit, p = 0 + max(0 / 1, 1) = 1; |T1| = 2 > 1, so C goes to B1. T2 = [B, A].
        assert_eq!(arc.admit(B), Some(C));
        // C: B1 hit, p = 1 + max(0 / 1, 1) = 2; |T1| = 1 (D) is not > 2, so A goes to B2.
        assert_eq!(arc.admit(C), Some(A));
        assert_eq!(arc.target(), 2.0);
        // A: B2 hit, p = 2 - max(0 / 1, 1) = 1. |T1| = 1 is not > p, but A is in B2 and
        // |T1| == p, so T1's LRU D leaves (without that clause T2's LRU B would).
        assert_eq!(arc.admit(A), Some(D));
        assert_eq!(arc.target(), 1.0);
        assert_eq!(arc.list_lens(), (0, 3, 1, 0));
    }

    #[test]
    fn p_is_real_valued() {
        // Capacity 5, keys 0..=10. Each step: (key, evicted) and the lists after it.
        let steps = [
            (5, None),
            (0, None),
            (3, None),
            (6, None),
            (7, None),     // T1 = [7 6 3 0 5], full.
            (8, Some(5)),  // after hits on 3 and 7 (T2 = [7 3]): |T1| = 3 > 0 → 5 to B1.
            (10, Some(0)), // T1 = [10 8 6], B1 = [0 5].
            (1, Some(6)),  // after a hit on 10 (T2 = [10 7 3]): T1 = [1 8], B1 = [6 0 5].
            (5, Some(8)),  // B1 hit: p = 0 + max(0 / 3, 1) = 1; |T1| = 2 > 1 → 8 to B1.
            (6, Some(3)),  // B1 hit: p = 2; |T1| = 1 (key 1) → T2's LRU 3 to B2.
            (2, Some(7)),  // |T1| + |B1| = 1 + 2 < 5, |T1| = 1 ≤ 2 → 7 to B2.
            (9, Some(10)), // |T1| = 2 ≤ 2 → 10 to B2 = [10 7 3]; T1 = [9 2 1], B1 = [8 0].
            (8, Some(5)),  // B1 hit: p = 2 + max(|B2| / |B1| = 3 / 2, 1) = 3.5; 3 ≤ 3.5 → T2's 5.
        ];
        let mut arc = Arc::new(5, 11);
        for (i, (key, evicted)) in steps.into_iter().enumerate() {
            assert_eq!(arc.admit(Key(key)), evicted.map(Key), "step {i}");
            match key {
                7 => [3, 7].into_iter().for_each(|hit| arc.on_hit(Key(hit))),
                10 => arc.on_hit(Key(10)),
                _ => {}
            }
        }
        assert_eq!(arc.target(), 3.5);
        assert_eq!(arc.list_lens(), (3, 2, 1, 4));
    }

    #[test]
    fn full_t1_without_ghosts_drops_its_lru() {
        // Capacity 2, A B C: T1 = [B, A] fills the cache and B1 is empty (case IV.A, |T1| = c),
        // so A leaves without a ghost; a second A is then a complete miss again.
        let mut arc = Arc::new(2, 3);
        arc.admit(A);
        arc.admit(B);
        assert_eq!(arc.admit(C), Some(A));
        assert_eq!(arc.list_lens(), (2, 0, 0, 0));
    }

    #[test]
    fn removal_leaves_no_ghost_and_frees_a_slot() {
        // Capacity 2: A B, A hits (T2), remove A; C fills the free slot without evicting.
        let mut arc = Arc::new(2, 3);
        arc.admit(A);
        arc.admit(B);
        arc.on_hit(A);
        arc.remove(A);
        assert_eq!(arc.list_lens(), (1, 0, 0, 0));
        assert_eq!(arc.admit(C), None);
        assert_eq!(arc.len(), 2);
    }
}
