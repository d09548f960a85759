//! 2Q (Johnson and Shasha, "2Q: A Low Overhead High Performance Buffer Management
//! Replacement Algorithm", VLDB'94), the full version with A1in, A1out and Am.
//!
//! A first miss enters A1in, a FIFO; a hit there does nothing, because a burst of
//! correlated references says nothing about long-term popularity. A key evicted from
//! A1in leaves its id in A1out, a FIFO of `Kout` ghost ids; a miss that finds its id
//! there is a second, uncorrelated reference and enters Am, an LRU. When the cache is
//! full, A1in's tail leaves (into A1out) if A1in holds more than `Kin` keys, otherwise
//! Am's LRU leaves and is not remembered. A1in may exceed `Kin` while Am is not full.
//!
//! `Kin = floor(kin_fraction · c)` and `Kout = floor(kout_fraction · c)`, the paper's
//! recommended 25 % and 50 % by default. With capacity 1 or 2 both floor to 0 or 1:
//! `Kin = 0` makes every eviction take A1in's tail while A1in is not empty (the policy
//! degrades to FIFO with a ghost list), and `Kout = 0` keeps no ghosts, so nothing ever
//! reaches Am.
//!
//! Removal (expiry, invalidation) drops the key from A1in or Am; ghost ids in A1out
//! stay, since they describe other keys' past references.

use super::{share, Eviction, Key, KeyList};

#[derive(Clone, Debug)]
pub struct TwoQ {
    capacity: usize,
    kin: usize,
    kout: usize,
    a1in: KeyList,
    a1out: KeyList,
    am: KeyList,
}

impl TwoQ {
    pub fn new(capacity: u32, n_keys: u32, kin_fraction: f64, kout_fraction: f64) -> TwoQ {
        TwoQ {
            capacity: capacity as usize,
            kin: share(capacity, kin_fraction) as usize,
            kout: share(capacity, kout_fraction) as usize,
            a1in: KeyList::new(n_keys),
            a1out: KeyList::new(n_keys),
            am: KeyList::new(n_keys),
        }
    }

    /// The sizes `(|A1in|, |A1out|, |Am|)`.
    pub fn list_lens(&self) -> (usize, usize, usize) {
        (self.a1in.len(), self.a1out.len(), self.am.len())
    }

    /// The paper's `reclaimfor`, called only on a full cache.
    fn reclaim(&mut self) -> Option<Key> {
        if self.a1in.len() > self.kin || self.am.is_empty() {
            let victim = self.a1in.pop_tail()?;
            if self.kout > 0 {
                self.a1out.push_head(victim);
                if self.a1out.len() > self.kout {
                    self.a1out.pop_tail();
                }
            }
            Some(victim)
        } else {
            self.am.pop_tail()
        }
    }
}

impl Eviction for TwoQ {
    fn on_hit(&mut self, key: Key) {
        // A hit in A1in is a correlated reference: nothing moves.
        if self.am.contains(key) {
            self.am.move_to_head(key);
        }
    }

    fn admit(&mut self, key: Key) -> Option<Key> {
        if self.capacity == 0 {
            return Some(key);
        }
        // The ghost leaves A1out before reclaiming, so that it cannot push out another id.
        let remembered = self.a1out.unlink(key);
        let evicted = if self.len() >= self.capacity {
            self.reclaim()
        } else {
            None
        };
        if remembered {
            self.am.push_head(key);
        } else {
            self.a1in.push_head(key);
        }
        evicted
    }

    fn remove(&mut self, key: Key) {
        if !self.a1in.unlink(key) {
            self.am.unlink(key);
        }
    }

    fn len(&self) -> usize {
        self.a1in.len() + self.am.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_q(capacity: u32) -> TwoQ {
        TwoQ::new(capacity, 8, 0.25, 0.5)
    }

    #[test]
    fn hand_computed_trace() {
        // Capacity 4: Kin = floor(0.25 · 4) = 1, Kout = floor(0.5 · 4) = 2.
        let [a, b, c, d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map(Key);
        let mut q = two_q(4);
        // A B C D fill A1in = [D, C, B, A] (A1in may exceed Kin while Am is empty).
        for key in [a, b, c, d] {
            assert_eq!(q.admit(key), None);
        }
        // E: full and |A1in| = 4 > 1: A goes to A1out = [A].
        assert_eq!(q.admit(e), Some(a));
        // A: ghost hit, A1out = []; B leaves A1in into A1out = [B]; A enters Am = [A].
        assert_eq!(q.admit(a), Some(b));
        // B: ghost hit; C leaves into A1out = [C]; Am = [B, A], A1in = [E, D].
        assert_eq!(q.admit(b), Some(c));
        assert_eq!(q.list_lens(), (2, 1, 2));
        // D hits in A1in (nothing moves); A hits in Am (Am = [A, B]).
        q.on_hit(d);
        q.on_hit(a);
        // F: |A1in| = 2 > 1, so D leaves although it was just hit. A1out = [D, C].
        assert_eq!(q.admit(f), Some(d));
        // G: E leaves; A1out = [E, D, C] exceeds Kout = 2 and forgets C.
        assert_eq!(q.admit(g), Some(e));
        assert_eq!(q.list_lens(), (2, 2, 2));
        // C is forgotten: a plain miss into A1in. F leaves; A1out = [F, E] (D forgotten).
        assert_eq!(q.admit(c), Some(f));
        // E: ghost hit, A1out = [F]; G leaves into A1out = [G, F]; Am = [E, A, B], A1in = [C].
        assert_eq!(q.admit(e), Some(g));
        assert_eq!(q.list_lens(), (1, 2, 3));
        // H: |A1in| = 1 is not > Kin, so Am's LRU B leaves and is not remembered.
        assert_eq!(q.admit(h), Some(b));
        assert_eq!(q.list_lens(), (2, 2, 2));
        // B is now a plain miss: it re-enters A1in, and A1in's tail C leaves (|A1in| = 2 > 1).
        assert_eq!(q.admit(b), Some(c));
    }

    #[test]
    fn capacity_one_is_fifo_without_ghosts() {
        // Capacity 1: Kin = 0, Kout = 0. Every miss evicts the one resident key.
        let mut q = two_q(1);
        assert_eq!(q.admit(Key(0)), None);
        assert_eq!(q.admit(Key(1)), Some(Key(0)));
        assert_eq!(q.admit(Key(0)), Some(Key(1)));
        assert_eq!(q.list_lens(), (1, 0, 0));
    }

    #[test]
    fn removal_keeps_ghosts() {
        // Capacity 2 (Kin = 0, Kout = 1): A B C sends A to A1out; removing B frees a slot,
        // and A's ghost still promotes A into Am without an eviction.
        let mut q = two_q(2);
        q.admit(Key(0));
        q.admit(Key(1));
        assert_eq!(q.admit(Key(2)), Some(Key(0)));
        q.remove(Key(1));
        assert_eq!(q.admit(Key(0)), None);
        assert_eq!(q.list_lens(), (1, 0, 1));
    }
}
