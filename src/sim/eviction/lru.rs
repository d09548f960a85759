//! LRU: evict the least recently used key (Mattson et al., IBM Systems Journal 1970).
//!
//! A hit moves the key to the most-recent end; a miss on a full cache evicts the least
//! recent key, then inserts the new one at the most-recent end.

use super::{Eviction, Key, KeyList};

#[derive(Clone, Debug)]
pub struct Lru {
    capacity: usize,
    recency: KeyList,
}

impl Lru {
    pub fn new(capacity: u32, n_keys: u32) -> Lru {
        Lru {
            capacity: capacity as usize,
            recency: KeyList::new(n_keys),
        }
    }
}

impl Eviction for Lru {
    fn on_hit(&mut self, key: Key) {
        self.recency.move_to_head(key);
    }

    fn admit(&mut self, key: Key) -> Option<Key> {
        if self.capacity == 0 {
            return Some(key);
        }
        let evicted = if self.recency.len() >= self.capacity {
            self.recency.pop_tail()
        } else {
            None
        };
        self.recency.push_head(key);
        evicted
    }

    fn remove(&mut self, key: Key) {
        self.recency.unlink(key);
    }

    fn len(&self) -> usize {
        self.recency.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_least_recent() {
        // Capacity 2: A B A C → C evicts B (A was used more recently); then B misses.
        let mut lru = Lru::new(2, 3);
        assert_eq!(lru.admit(Key(0)), None);
        assert_eq!(lru.admit(Key(1)), None);
        lru.on_hit(Key(0));
        assert_eq!(lru.admit(Key(2)), Some(Key(1)));
        assert_eq!(lru.admit(Key(1)), Some(Key(0)));
        assert_eq!(lru.len(), 2);
    }

    #[test]
    fn capacity_zero_admits_nothing() {
        let mut lru = Lru::new(0, 1);
        assert_eq!(lru.admit(Key(0)), Some(Key(0)));
        assert_eq!(lru.len(), 0);
    }
}
