//! Random eviction: the victim is a uniformly drawn resident key (the baseline of
//! Belady, "A study of replacement algorithms for a virtual-storage computer", 1966).
//!
//! Draws come from the run's own `Stream::Eviction`, so the choice is reproducible and
//! independent of every other random stream. Residents live in a dense vector with each
//! key's slot recorded, so a draw, an eviction and a `remove` are all O(1).

use super::{Eviction, Key};
use crate::sim::rng::{SplitMix64, Stream};

const ABSENT: u32 = u32::MAX;

#[derive(Clone, Debug)]
pub struct Random {
    capacity: usize,
    residents: Vec<Key>,
    slot: Vec<u32>,
    rng: SplitMix64,
}

impl Random {
    pub fn new(capacity: u32, n_keys: u32, seed: u64) -> Random {
        Random {
            capacity: capacity as usize,
            residents: Vec::with_capacity(capacity.min(n_keys) as usize),
            slot: vec![ABSENT; n_keys as usize],
            rng: SplitMix64::stream(seed, Stream::Eviction),
        }
    }

    fn take_slot(&mut self, index: usize) -> Key {
        let key = self.residents.swap_remove(index);
        self.slot[key.index()] = ABSENT;
        if let Some(&moved) = self.residents.get(index) {
            self.slot[moved.index()] = index as u32;
        }
        key
    }
}

impl Eviction for Random {
    fn on_hit(&mut self, _key: Key) {}

    fn admit(&mut self, key: Key) -> Option<Key> {
        if self.capacity == 0 {
            return Some(key);
        }
        let evicted = if self.residents.len() >= self.capacity {
            let index = self.rng.below(self.residents.len() as u32) as usize;
            Some(self.take_slot(index))
        } else {
            None
        };
        self.slot[key.index()] = self.residents.len() as u32;
        self.residents.push(key);
        evicted
    }

    fn remove(&mut self, key: Key) {
        let index = self.slot[key.index()];
        if index != ABSENT {
            self.take_slot(index as usize);
        }
    }

    fn len(&self) -> usize {
        self.residents.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_victim_is_the_drawn_slot() {
        // Capacity 3 holding [A, B, C] in slot order: the victim is the key in slot
        // `below(3)` of the same stream, and the new key takes the freed place's end.
        let mut random = Random::new(3, 4, 11);
        for k in 0..3 {
            assert_eq!(random.admit(Key(k)), None);
        }
        let expected = SplitMix64::stream(11, Stream::Eviction).below(3);
        assert_eq!(random.admit(Key(3)), Some(Key(expected)));
        assert_eq!(random.len(), 3);
    }

    #[test]
    fn same_seed_same_victims_and_remove_keeps_slots_consistent() {
        // 10 keys admitted into capacity 4 with one removal: 10 − 4 resident − 1 removed
        // = 5 evictions, whatever the draws.
        let run = |seed| {
            let mut random = Random::new(4, 10, seed);
            let mut victims = Vec::new();
            for k in 0..10 {
                if k == 4 {
                    random.remove(Key(1));
                }
                victims.extend(random.admit(Key(k)));
            }
            for (index, key) in random.residents.iter().enumerate() {
                assert_eq!(random.slot[key.index()], index as u32);
            }
            victims
        };
        assert_eq!(run(5), run(5));
        assert_eq!(run(5).len(), 5);
    }
}
