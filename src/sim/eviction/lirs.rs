//! LIRS: Low Inter-reference Recency Set (Jiang and Zhang, "LIRS: An Efficient Low
//! Inter-reference Recency Set Replacement Policy to Improve Buffer Cache Performance",
//! SIGMETRICS'02).
//!
//! Keys with a short reuse distance (LIR) own most of the cache and never leave it
//! directly; the rest (HIR) share a small part of `max(1, floor(hir_fraction · c))`
//! keys. The recency stack S orders LIR keys and recently seen HIR keys, resident or
//! not; its bottom is always an LIR key ("stack pruning" drops HIR entries below the
//! oldest LIR key). The list Q holds the resident HIR keys, and a miss on a full cache
//! evicts Q's front. An HIR key referenced again while it is still in S has a reuse
//! distance shorter than the oldest LIR key's recency, so it becomes LIR and the bottom
//! LIR key is demoted to Q's end. This is the paper's textbook algorithm.
//!
//! S could grow with the ids of every non-resident key still above its bottom, so S is
//! capped at `2c` entries by forgetting non-resident HIR entries, oldest-to-leave-the-
//! cache first (libCacheSim bounds S the same way).
//!
//! While the LIR part is not full (the warm-up, or after removals), every referenced
//! key is given LIR status, as in the paper's warm-up. Capacity 1 has an HIR part of
//! one key and no LIR part: S stays empty and the policy is an LRU of one key.
//!
//! Removal (expiry, invalidation) forgets the key entirely: an LIR key leaves S (S is
//! pruned if it was at the bottom), a resident HIR key leaves Q and S. Its id does not
//! stay as a non-resident entry, so its next reference is a first reference. Other keys'
//! history is untouched.

use super::{share, Eviction, Key, KeyList};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    /// Neither resident nor in S.
    Absent,
    Lir,
    /// Resident, in Q, and maybe in S.
    HirResident,
    /// Not resident, but still in S (and in `nonresident`).
    HirNonResident,
}

#[derive(Clone, Debug)]
pub struct Lirs {
    capacity: usize,
    lir_max: usize,
    lir_count: usize,
    status: Vec<Status>,
    /// The recency stack S; the head is the top.
    stack: KeyList,
    /// Resident HIR keys; the head is the end (newest), the tail the front (next victim).
    queue: KeyList,
    /// The non-resident HIR entries of S in the order they left the cache, for the cap.
    nonresident: KeyList,
}

impl Lirs {
    pub fn new(capacity: u32, n_keys: u32, hir_fraction: f64) -> Lirs {
        let hir_max = share(capacity, hir_fraction).max(1).min(capacity);
        Lirs {
            capacity: capacity as usize,
            lir_max: (capacity - hir_max) as usize,
            lir_count: 0,
            status: vec![Status::Absent; n_keys as usize],
            stack: KeyList::new(n_keys),
            queue: KeyList::new(n_keys),
            nonresident: KeyList::new(n_keys),
        }
    }

    /// The LIR keys, for tests: S's LIR entries from top to bottom.
    pub fn lir_keys(&self) -> Vec<Key> {
        self.stack
            .to_vec()
            .into_iter()
            .filter(|&key| self.status[key.index()] == Status::Lir)
            .collect()
    }

    /// S from top to bottom, each entry with whether it is resident (for tests).
    pub fn stack(&self) -> Vec<(Key, bool)> {
        self.stack
            .to_vec()
            .into_iter()
            .map(|key| (key, self.status[key.index()] != Status::HirNonResident))
            .collect()
    }

    /// Q from end (newest) to front (next victim), for tests.
    pub fn queue(&self) -> Vec<Key> {
        self.queue.to_vec()
    }

    fn set_lir(&mut self, key: Key) {
        self.status[key.index()] = Status::Lir;
        self.lir_count += 1;
    }

    /// Moves `key` to the top of S, pushing it if it is not there.
    fn raise(&mut self, key: Key) {
        if self.stack.contains(key) {
            self.stack.move_to_head(key);
        } else {
            self.stack.push_head(key);
        }
    }

    /// The bottom LIR key of S becomes a resident HIR key at Q's end.
    fn demote_bottom(&mut self) {
        let bottom = self.stack.pop_tail().expect("S holds the LIR keys");
        assert_eq!(
            self.status[bottom.index()],
            Status::Lir,
            "pruned S has an LIR bottom"
        );
        self.lir_count -= 1;
        self.status[bottom.index()] = Status::HirResident;
        self.queue.push_head(bottom);
    }

    /// Stack pruning: drop HIR entries from S's bottom until an LIR key is there.
    fn prune(&mut self) {
        while let Some(bottom) = self.stack.tail() {
            match self.status[bottom.index()] {
                Status::Lir => break,
                Status::HirNonResident => {
                    self.nonresident.unlink(bottom);
                    self.status[bottom.index()] = Status::Absent;
                }
                Status::HirResident | Status::Absent => {}
            }
            self.stack.unlink(bottom);
        }
    }

    /// Keeps S within `2c` entries by forgetting the oldest non-resident entries.
    fn limit_stack(&mut self) {
        while self.stack.len() > 2 * self.capacity {
            let Some(oldest) = self.nonresident.pop_tail() else {
                break;
            };
            self.stack.unlink(oldest);
            self.status[oldest.index()] = Status::Absent;
        }
    }
}

impl Eviction for Lirs {
    fn on_hit(&mut self, key: Key) {
        match self.status[key.index()] {
            Status::Lir => self.stack.move_to_head(key),
            Status::HirResident if self.lir_count < self.lir_max => {
                self.queue.unlink(key);
                self.raise(key);
                self.set_lir(key);
            }
            Status::HirResident if self.stack.contains(key) => {
                // A reuse distance shorter than the bottom LIR key's recency.
                self.queue.unlink(key);
                self.stack.move_to_head(key);
                self.set_lir(key);
                self.demote_bottom();
            }
            Status::HirResident => {
                self.stack.push_head(key);
                self.queue.move_to_head(key);
            }
            Status::Absent | Status::HirNonResident => {
                unreachable!("on_hit for key {} that is not resident", key.0)
            }
        }
        self.prune();
        self.limit_stack();
    }

    fn admit(&mut self, key: Key) -> Option<Key> {
        if self.capacity == 0 {
            return Some(key);
        }
        let evicted = if self.len() >= self.capacity {
            // The LIR part is smaller than the cache, so a full cache has a resident HIR key.
            let victim = self.queue.pop_tail().expect("a full cache has HIR keys");
            self.status[victim.index()] = if self.stack.contains(victim) {
                self.nonresident.push_head(victim);
                Status::HirNonResident
            } else {
                Status::Absent
            };
            Some(victim)
        } else {
            None
        };

        let in_stack = self.status[key.index()] == Status::HirNonResident;
        if in_stack {
            self.nonresident.unlink(key);
        }
        if self.lir_count < self.lir_max {
            self.raise(key);
            self.set_lir(key);
        } else if in_stack {
            self.stack.move_to_head(key);
            self.set_lir(key);
            self.demote_bottom();
        } else {
            self.status[key.index()] = Status::HirResident;
            self.stack.push_head(key);
            self.queue.push_head(key);
        }
        self.prune();
        self.limit_stack();
        evicted
    }

    fn remove(&mut self, key: Key) {
        match self.status[key.index()] {
            Status::Lir => {
                self.lir_count -= 1;
                self.stack.unlink(key);
                self.prune();
            }
            Status::HirResident => {
                self.queue.unlink(key);
                self.stack.unlink(key);
            }
            Status::Absent | Status::HirNonResident => return,
        }
        self.status[key.index()] = Status::Absent;
    }

    fn len(&self) -> usize {
        self.lir_count + self.queue.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Key = Key(0);
    const B: Key = Key(1);
    const C: Key = Key(2);
    const D: Key = Key(3);
    const E: Key = Key(4);

    /// The state of the paper's example (its Figure 3a): Llirs = 2, Lhirs = 1 (capacity
    /// 3 with a one-third HIR part), LIR = {A, B}, S = E A D B from top to bottom with D
    /// non-resident, Q = [E]. The paper reaches it by an idealised history; here
    /// A B D A E does: A, B fill the LIR part; D is a resident HIR key; A (LIR) moves to
    /// the top; E evicts D, which stays in S as non-resident.
    fn paper_example() -> Lirs {
        let mut lirs = Lirs::new(3, 5, 1.0 / 3.0);
        assert_eq!(lirs.admit(A), None);
        assert_eq!(lirs.admit(B), None);
        assert_eq!(lirs.admit(D), None);
        lirs.on_hit(A);
        assert_eq!(lirs.admit(E), Some(D));
        assert_eq!(lirs.stack(), [(E, true), (A, true), (D, false), (B, true)]);
        assert_eq!(lirs.queue(), [E]);
        assert_eq!(lirs.lir_keys(), [A, B]);
        lirs
    }

    #[test]
    fn paper_example_hit_on_lir_prunes() {
        // (b) B, the bottom LIR key, moves to the top; D (non-resident HIR) is now at the
        // bottom and is pruned, leaving S = B E A.
        let mut lirs = paper_example();
        lirs.on_hit(B);
        assert_eq!(lirs.stack(), [(B, true), (E, true), (A, true)]);
        assert_eq!(lirs.queue(), [E]);
    }

    #[test]
    fn paper_example_hit_on_resident_hir_in_stack() {
        // (c) E is in S, so it becomes LIR; the bottom LIR key B is demoted to Q, and the
        // pruning drops D: S = E A, Q = [B].
        let mut lirs = paper_example();
        lirs.on_hit(E);
        assert_eq!(lirs.stack(), [(E, true), (A, true)]);
        assert_eq!(lirs.queue(), [B]);
        assert_eq!(lirs.lir_keys(), [E, A]);
    }

    #[test]
    fn paper_example_miss_on_non_resident_in_stack() {
        // (d) D misses: Q's front E is evicted (it stays in S as non-resident); D was in S,
        // so it becomes LIR and B is demoted: S = D E A with E non-resident, Q = [B].
        let mut lirs = paper_example();
        assert_eq!(lirs.admit(D), Some(E));
        assert_eq!(lirs.stack(), [(D, true), (E, false), (A, true)]);
        assert_eq!(lirs.queue(), [B]);
        assert_eq!(lirs.lir_keys(), [D, A]);
    }

    #[test]
    fn paper_example_miss_on_key_not_in_stack() {
        // (e) C misses: E is evicted (non-resident in S); C is a resident HIR key on top of
        // S and at Q's end: S = C E A D B.
        let mut lirs = paper_example();
        assert_eq!(lirs.admit(C), Some(E));
        assert_eq!(
            lirs.stack(),
            [(C, true), (E, false), (A, true), (D, false), (B, true)]
        );
        assert_eq!(lirs.queue(), [C]);
        assert_eq!(lirs.lir_keys(), [A, B]);
    }

    #[test]
    fn hit_on_resident_hir_outside_stack_stays_hir() {
        // From (e), S = C E A D B. B (LIR, bottom) hits: S = B C E A D, and D is pruned.
        // A (LIR, now the bottom) hits: S = A B C E; pruning drops E (forgotten) and C
        // (resident HIR: it leaves S but stays in Q), so S = A B.
        let mut lirs = paper_example();
        lirs.admit(C);
        lirs.on_hit(B);
        lirs.on_hit(A);
        assert_eq!(lirs.stack(), [(A, true), (B, true)]);
        assert_eq!(lirs.queue(), [C]);
        // C hits while not in S: it stays HIR, goes to S's top and to Q's end.
        lirs.on_hit(C);
        assert_eq!(lirs.stack(), [(C, true), (A, true), (B, true)]);
        assert_eq!(lirs.lir_keys(), [A, B]);
        assert_eq!(lirs.queue(), [C]);
    }

    #[test]
    fn stack_is_capped_at_twice_the_capacity() {
        // Capacity 3 (LIR part 2): A stays LIR at S's bottom, B is hit after every scan key.
        // Each scan key k evicts k - 1, which stays in S as non-resident, so S would hold
        // A, B, k and every earlier scan key; the cap keeps 2 · 3 = 6 entries by
        // forgetting the scan keys that left the cache first.
        let mut lirs = Lirs::new(3, 20, 1.0 / 3.0);
        lirs.admit(A);
        lirs.admit(B);
        for scan in 2..20 {
            lirs.admit(Key(scan));
            lirs.on_hit(B);
            assert!(lirs.stack().len() <= 6, "{:?}", lirs.stack());
        }
        let expected = [(B, true), (Key(19), true), (Key(18), false)]
            .into_iter()
            .chain([(Key(17), false), (Key(16), false), (A, true)]);
        assert_eq!(lirs.stack(), expected.collect::<Vec<_>>());
    }

    #[test]
    fn capacity_one_is_an_lru_of_one() {
        let mut lirs = Lirs::new(1, 2, 0.01);
        assert_eq!(lirs.admit(A), None);
        lirs.on_hit(A);
        assert_eq!(lirs.admit(B), Some(A));
        assert!(lirs.stack().is_empty());
        assert_eq!(lirs.len(), 1);
    }

    #[test]
    fn removed_lir_key_frees_the_lir_part() {
        // From the example, removing A (LIR) leaves one LIR key; the next miss C takes the
        // free slot without an eviction and becomes LIR.
        let mut lirs = paper_example();
        lirs.remove(A);
        assert_eq!(lirs.len(), 2);
        assert_eq!(lirs.admit(C), None);
        assert_eq!(lirs.lir_keys(), [C, B]);
        assert_eq!(lirs.len(), 3);
    }
}
