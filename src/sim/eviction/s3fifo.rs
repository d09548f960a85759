//! S3-FIFO (Yang et al., "FIFO queues are all you need for cache eviction", SOSP'23).
//!
//! Three FIFO queues: a small one (10% of capacity) that filters one-hit wonders, a main
//! one (the rest), and a ghost queue remembering the ids of keys evicted from the small
//! queue (as many ids as 90% of capacity). Hits only count, capped at 3, and never move
//! a key. On a miss with a full cache: evict from main if main is over its size or small
//! is empty, else from small.
//! - Small eviction takes the oldest small key: hit at least twice while in small → it
//!   moves to main's head with its count reset to 0, and the eviction continues with the
//!   next oldest; otherwise it leaves and its id enters the ghost. If small runs empty the
//!   eviction falls through to main.
//! - Main eviction takes the oldest main key: count ≥ 1 → reinserted at main's head with
//!   `min(count, 3) − 1` (a 2-bit CLOCK); count 0 → it leaves.
//! - A missed key whose id is in the ghost enters main's head (count 0) and leaves the
//!   ghost; any other missed key enters small's head. The ghost is looked up before the
//!   eviction runs (libCacheSim looks it up as the request arrives), so an eviction that
//!   pushes a new id into a full ghost cannot push out the id being requested.
//!
//! The small queue's size is only ever enforced through main's: a cold cache fills small
//! first, and main grows as keys are promoted, until main reaches its share.

use super::{Eviction, Key, KeyList};

/// Hits beyond this add nothing: main reinsertion only reads `min(count, 3)`.
const MAX_COUNT: u8 = 3;
/// Hits in small that earn a key its place in main.
const PROMOTE_AFTER: u8 = 2;

#[derive(Clone, Debug)]
pub struct S3Fifo {
    capacity: usize,
    main_capacity: usize,
    ghost_capacity: usize,
    small: KeyList,
    main: KeyList,
    ghost: KeyList,
    count: Vec<u8>,
}

impl S3Fifo {
    /// `small_fraction` and `ghost_fraction` are shares of `capacity`, floored to whole keys.
    pub fn new(capacity: u32, n_keys: u32, small_fraction: f64, ghost_fraction: f64) -> S3Fifo {
        let share =
            |fraction: f64| ((capacity as f64 * fraction).floor() as usize).min(capacity as usize);
        let small_capacity = share(small_fraction);
        S3Fifo {
            capacity: capacity as usize,
            main_capacity: capacity as usize - small_capacity,
            ghost_capacity: share(ghost_fraction),
            small: KeyList::new(n_keys),
            main: KeyList::new(n_keys),
            ghost: KeyList::new(n_keys),
            count: vec![0; n_keys as usize],
        }
    }

    fn evict(&mut self) -> Key {
        if self.main.len() <= self.main_capacity {
            while let Some(oldest) = self.small.pop_tail() {
                if self.count[oldest.index()] >= PROMOTE_AFTER {
                    self.count[oldest.index()] = 0;
                    self.main.push_head(oldest);
                } else {
                    if self.ghost_capacity > 0 {
                        if self.ghost.len() >= self.ghost_capacity {
                            self.ghost.pop_tail();
                        }
                        self.ghost.push_head(oldest);
                    }
                    return oldest;
                }
            }
        }
        loop {
            let oldest = self
                .main
                .pop_tail()
                .expect("a full cache has a resident key");
            let count = self.count[oldest.index()];
            if count == 0 {
                return oldest;
            }
            self.count[oldest.index()] = count - 1;
            self.main.push_head(oldest);
        }
    }
}

impl Eviction for S3Fifo {
    fn on_hit(&mut self, key: Key) {
        let count = &mut self.count[key.index()];
        *count = (*count + 1).min(MAX_COUNT);
    }

    fn admit(&mut self, key: Key) -> Option<Key> {
        if self.capacity == 0 {
            return Some(key);
        }
        // Look the id up in the ghost before evicting: the eviction may push a new id into
        // a full ghost and push this one out.
        let in_ghost = self.ghost.unlink(key);
        let evicted = (self.small.len() + self.main.len() >= self.capacity).then(|| self.evict());
        self.count[key.index()] = 0;
        if in_ghost {
            self.main.push_head(key);
        } else {
            self.small.push_head(key);
        }
        evicted
    }

    fn remove(&mut self, key: Key) {
        // A removed key leaves no ghost: it was not evicted for want of space, so its id
        // says nothing about the small queue being too small.
        if !self.small.unlink(key) {
            self.main.unlink(key);
        }
    }

    fn len(&self) -> usize {
        self.small.len() + self.main.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &KeyList) -> Vec<u32> {
        list.to_vec().into_iter().map(|k| k.0).collect()
    }

    #[test]
    fn sizes_floor_the_fractions() {
        // C = 941: small ⌊94.1⌋ = 94, main 941 − 94 = 847, ghost ⌊846.9⌋ = 846.
        let s3 = S3Fifo::new(941, 1, 0.10, 0.90);
        assert_eq!((s3.main_capacity, s3.ghost_capacity), (847, 846));
    }

    #[test]
    fn one_hit_wonders_go_to_the_ghost_and_come_back_to_main() {
        // C = 10: small 1, main 9, ghost 9. Keys 0..=9 fill the cache, all in small.
        let mut s3 = S3Fifo::new(10, 20, 0.10, 0.90);
        for k in 0..10 {
            assert_eq!(s3.admit(Key(k)), None);
        }
        assert_eq!((s3.small.len(), s3.main.len()), (10, 0));
        // 10: main is not over 9 and small is not empty → small evicts its oldest, 0 (no
        // hits), into the ghost; 10 enters small.
        assert_eq!(s3.admit(Key(10)), Some(Key(0)));
        assert_eq!(keys(&s3.ghost), [0]);
        // 0 again: a ghost hit. Small evicts 1 (to the ghost), and 0 enters main.
        assert_eq!(s3.admit(Key(0)), Some(Key(1)));
        assert_eq!((keys(&s3.ghost), keys(&s3.main)), (vec![1], vec![0]));
        // 2 is hit twice: at eviction it moves to main (count 0) and small goes on to 3.
        s3.on_hit(Key(2));
        s3.on_hit(Key(2));
        assert_eq!(s3.admit(Key(11)), Some(Key(3)));
        assert_eq!(keys(&s3.main), [2, 0]);
        assert_eq!(s3.count[2], 0);
    }

    #[test]
    fn main_over_its_size_reinserts_with_decremented_counts() {
        // C = 4 with small and ghost at 50%: small 2, main 2, ghost 2. 0 1 2 3 fill small;
        // 0, 1, 2 are hit twice each.
        let mut s3 = S3Fifo::new(4, 6, 0.5, 0.5);
        for k in 0..4 {
            s3.admit(Key(k));
        }
        for k in [0, 0, 1, 1, 2, 2] {
            s3.on_hit(Key(k));
        }
        // 4: main (0) is not over 2 → small promotes 0, 1, 2 to main (main now 3, over its
        // size) and evicts 3, which has no hits.
        assert_eq!(s3.admit(Key(4)), Some(Key(3)));
        assert_eq!((keys(&s3.small), keys(&s3.main)), (vec![4], vec![2, 1, 0]));
        // 0 is hit five times (count capped at 3). 5: main is over 2 → main eviction: 0
        // has 3 → reinserted with min(3, 3) − 1 = 2; 1 has 0 → evicted.
        for _ in 0..5 {
            s3.on_hit(Key(0));
        }
        assert_eq!(s3.admit(Key(5)), Some(Key(1)));
        assert_eq!((keys(&s3.main), s3.count[0]), (vec![0, 2], 2));
    }

    #[test]
    fn the_ghost_is_consulted_before_the_eviction_refills_it() {
        // C = 2 at 50%: small 1, main 1, ghost 1. 0 1, then 2 evicts 0 into the ghost.
        let mut s3 = S3Fifo::new(2, 3, 0.5, 0.5);
        s3.admit(Key(0));
        s3.admit(Key(1));
        assert_eq!(s3.admit(Key(2)), Some(Key(0)));
        // 0 again: its ghost entry counts although evicting 1 pushes 1 into the full ghost.
        assert_eq!(s3.admit(Key(0)), Some(Key(1)));
        assert_eq!((keys(&s3.main), keys(&s3.ghost)), (vec![0], vec![1]));
    }

    #[test]
    fn remove_works_in_either_queue() {
        let mut s3 = S3Fifo::new(4, 6, 0.5, 0.5);
        for k in 0..4 {
            s3.admit(Key(k));
        }
        s3.on_hit(Key(0));
        s3.on_hit(Key(0));
        s3.admit(Key(4));
        // small [4, 3, 2], main [0] (1 went to the ghost). Remove one from each queue.
        s3.remove(Key(0));
        s3.remove(Key(3));
        assert_eq!(
            (keys(&s3.small), s3.main.len(), s3.len()),
            (vec![4, 2], 0, 2)
        );
        assert_eq!(keys(&s3.ghost), [1]);
    }
}
