//! LFU: evict the least frequently used key, ties broken by least recent access.
//!
//! The constant-time layout of Shah, Mitra and Matani ("An O(1) algorithm for
//! implementing the LFU cache eviction scheme", 2010): one bucket per frequency present in
//! the cache, the buckets in a list ordered by frequency, and inside each bucket its keys
//! in a list ordered by recency. A new key has frequency 1, each hit adds 1, and the count
//! is forgotten when the key leaves (in-cache LFU, no aging). The victim is the oldest key
//! of the lowest bucket, which is the least recently accessed key of the lowest frequency.

use super::{Eviction, Key};

const NIL: u32 = u32::MAX;

#[derive(Clone, Debug)]
struct Bucket {
    frequency: u64,
    /// The most recently accessed key of this frequency.
    newest: u32,
    /// The least recently accessed key of this frequency.
    oldest: u32,
    /// The bucket of the next higher frequency present.
    higher: u32,
    /// The bucket of the next lower frequency present.
    lower: u32,
}

#[derive(Clone, Debug)]
pub struct Lfu {
    capacity: usize,
    len: usize,
    /// Each key's bucket, `NIL` when the key is not resident.
    bucket_of: Vec<u32>,
    /// Within a bucket: the next more recently accessed key.
    newer: Vec<u32>,
    /// Within a bucket: the next less recently accessed key.
    older: Vec<u32>,
    buckets: Vec<Bucket>,
    /// Bucket slots free for reuse; at most one bucket per resident key exists at once.
    free_buckets: Vec<u32>,
    /// The bucket of the lowest frequency present, `NIL` when empty.
    lowest: u32,
}

impl Lfu {
    pub fn new(capacity: u32, n_keys: u32) -> Lfu {
        Lfu {
            capacity: capacity as usize,
            len: 0,
            bucket_of: vec![NIL; n_keys as usize],
            newer: vec![NIL; n_keys as usize],
            older: vec![NIL; n_keys as usize],
            buckets: Vec::new(),
            free_buckets: Vec::new(),
            lowest: NIL,
        }
    }

    /// The frequency of a resident key (for tests and the docs' examples).
    pub fn frequency(&self, key: Key) -> Option<u64> {
        let bucket = self.bucket_of[key.index()];
        (bucket != NIL).then(|| self.buckets[bucket as usize].frequency)
    }

    /// A new bucket of `frequency`, linked between `lower` and `higher` (either may be NIL).
    fn new_bucket(&mut self, frequency: u64, lower: u32, higher: u32) -> u32 {
        let bucket = Bucket {
            frequency,
            newest: NIL,
            oldest: NIL,
            higher,
            lower,
        };
        let id = match self.free_buckets.pop() {
            Some(id) => {
                self.buckets[id as usize] = bucket;
                id
            }
            None => {
                self.buckets.push(bucket);
                (self.buckets.len() - 1) as u32
            }
        };
        if lower != NIL {
            self.buckets[lower as usize].higher = id;
        } else {
            self.lowest = id;
        }
        if higher != NIL {
            self.buckets[higher as usize].lower = id;
        }
        id
    }

    /// Puts `key` at the newest end of `bucket`.
    fn push(&mut self, key: Key, bucket: u32) {
        let k = key.0;
        let b = &mut self.buckets[bucket as usize];
        let previous_newest = b.newest;
        b.newest = k;
        if previous_newest == NIL {
            b.oldest = k;
        } else {
            self.newer[previous_newest as usize] = k;
        }
        self.older[k as usize] = previous_newest;
        self.newer[k as usize] = NIL;
        self.bucket_of[k as usize] = bucket;
    }

    /// Takes `key` out of its bucket, dropping the bucket if it empties.
    fn unlink(&mut self, key: Key) {
        let k = key.index();
        let bucket = self.bucket_of[k];
        let (newer, older) = (self.newer[k], self.older[k]);
        let b = &mut self.buckets[bucket as usize];
        if newer != NIL {
            self.older[newer as usize] = older;
        } else {
            b.newest = older;
        }
        if older != NIL {
            self.newer[older as usize] = newer;
        } else {
            b.oldest = newer;
        }
        self.bucket_of[k] = NIL;
        if b.newest == NIL {
            let (lower, higher) = (b.lower, b.higher);
            if lower != NIL {
                self.buckets[lower as usize].higher = higher;
            } else {
                self.lowest = higher;
            }
            if higher != NIL {
                self.buckets[higher as usize].lower = lower;
            }
            self.free_buckets.push(bucket);
        }
    }
}

impl Eviction for Lfu {
    fn on_hit(&mut self, key: Key) {
        let bucket = self.bucket_of[key.index()];
        let Bucket {
            frequency, higher, ..
        } = self.buckets[bucket as usize];
        let target = if higher != NIL && self.buckets[higher as usize].frequency == frequency + 1 {
            higher
        } else {
            self.new_bucket(frequency + 1, bucket, higher)
        };
        // Unlink after choosing the target: the old bucket may be freed, never the target.
        self.unlink(key);
        self.push(key, target);
    }

    fn admit(&mut self, key: Key) -> Option<Key> {
        if self.capacity == 0 {
            return Some(key);
        }
        let evicted = if self.len >= self.capacity {
            let victim = Key(self.buckets[self.lowest as usize].oldest);
            self.unlink(victim);
            self.len -= 1;
            Some(victim)
        } else {
            None
        };
        let target = if self.lowest != NIL && self.buckets[self.lowest as usize].frequency == 1 {
            self.lowest
        } else {
            self.new_bucket(1, NIL, self.lowest)
        };
        self.push(key, target);
        self.len += 1;
        evicted
    }

    fn remove(&mut self, key: Key) {
        if self.bucket_of[key.index()] != NIL {
            self.unlink(key);
            self.len -= 1;
        }
    }

    fn len(&self) -> usize {
        self.len
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
    fn evicts_lowest_frequency_then_least_recent() {
        // Capacity 3: A B C, hits A A B → frequencies A 3, B 2, C 1. D evicts C (lowest).
        let mut lfu = Lfu::new(3, 4);
        for key in [A, B, C] {
            assert_eq!(lfu.admit(key), None);
        }
        lfu.on_hit(A);
        lfu.on_hit(A);
        lfu.on_hit(B);
        assert_eq!(lfu.admit(D), Some(C));
        // D has 1, so the next miss evicts D; C comes back with a fresh count of 1.
        assert_eq!(lfu.admit(C), Some(D));
        assert_eq!(lfu.frequency(C), Some(1));
        // Hit C, so B and C tie at 2; B was accessed less recently → B goes.
        lfu.on_hit(C);
        assert_eq!(lfu.admit(D), Some(B));
        assert_eq!(
            [A, C, D].map(|key| lfu.frequency(key)),
            [Some(3), Some(2), Some(1)]
        );
    }

    #[test]
    fn the_tie_break_is_recency_of_access_not_of_insertion() {
        // Capacity 2: A B, hit B, hit A → both 2. B entered later but was accessed less
        // recently than A → C evicts B. Then B returns with 1 against A 2 → C (1, older) goes.
        let mut lfu = Lfu::new(2, 3);
        lfu.admit(A);
        lfu.admit(B);
        lfu.on_hit(B);
        lfu.on_hit(A);
        assert_eq!(lfu.admit(C), Some(B));
        assert_eq!(lfu.admit(B), Some(C));
    }

    #[test]
    fn remove_drops_empty_buckets() {
        // Removing the only key of the lowest bucket makes the next bucket the lowest.
        let mut lfu = Lfu::new(3, 4);
        lfu.admit(A);
        lfu.admit(B);
        lfu.on_hit(B);
        lfu.remove(A);
        assert_eq!(lfu.len(), 1);
        lfu.admit(C);
        lfu.admit(D);
        // B 2, C 1, D 1 → A evicts C, the older of the two with 1.
        assert_eq!(lfu.admit(A), Some(C));
        assert!(lfu.buckets.len() <= 3);
    }
}
