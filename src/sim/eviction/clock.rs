//! CLOCK: second-chance FIFO with one reference bit (Corbató, "A Paging Experiment with
//! the Multics System", 1968).
//!
//! One reference bit per resident key. A new key enters at the newest end with its bit
//! **clear**; a hit sets the bit and moves nothing. To evict, look at the oldest key: if its
//! bit is set, clear it and move the key to the newest end (the hand passing it), repeat;
//! otherwise evict it. A queue with reinsertion is the hand over a ring, without the holes
//! that `remove` would leave in a ring.

use super::{Eviction, Key, KeyList};

#[derive(Clone, Debug)]
pub struct Clock {
    capacity: usize,
    queue: KeyList,
    referenced: Vec<bool>,
}

impl Clock {
    pub fn new(capacity: u32, n_keys: u32) -> Clock {
        Clock {
            capacity: capacity as usize,
            queue: KeyList::new(n_keys),
            referenced: vec![false; n_keys as usize],
        }
    }

    fn evict(&mut self) -> Key {
        loop {
            let oldest = self.queue.tail().expect("a full cache has an oldest key");
            if !self.referenced[oldest.index()] {
                self.queue.unlink(oldest);
                return oldest;
            }
            self.referenced[oldest.index()] = false;
            self.queue.move_to_head(oldest);
        }
    }
}

impl Eviction for Clock {
    fn on_hit(&mut self, key: Key) {
        self.referenced[key.index()] = true;
    }

    fn admit(&mut self, key: Key) -> Option<Key> {
        if self.capacity == 0 {
            return Some(key);
        }
        let evicted = (self.queue.len() >= self.capacity).then(|| self.evict());
        self.referenced[key.index()] = false;
        self.queue.push_head(key);
        evicted
    }

    fn remove(&mut self, key: Key) {
        self.queue.unlink(key);
        self.referenced[key.index()] = false;
    }

    fn len(&self) -> usize {
        self.queue.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_referenced_key_gets_a_second_chance() {
        // Capacity 3: A B C, hit A, then D. The hand finds A (bit set): clear it, move A to
        // the newest end → B C A; B's bit is clear → evict B. Then E: C is oldest, clear →
        // evict C; A survives a second round only if hit again.
        let mut clock = Clock::new(3, 5);
        for k in 0..3 {
            assert_eq!(clock.admit(Key(k)), None);
        }
        clock.on_hit(Key(0));
        assert_eq!(clock.admit(Key(3)), Some(Key(1)));
        assert_eq!(clock.queue.to_vec(), [Key(3), Key(0), Key(2)]);
        assert_eq!(clock.admit(Key(4)), Some(Key(2)));
        // Now A is oldest with its bit cleared by the earlier pass: it goes next.
        assert_eq!(clock.admit(Key(1)), Some(Key(0)));
    }

    #[test]
    fn all_bits_set_degrades_to_fifo() {
        // Capacity 2: A B, hit both, C. The hand clears A (→ B A), clears B (→ A B),
        // then evicts A, the oldest: one full revolution, then FIFO order.
        let mut clock = Clock::new(2, 3);
        clock.admit(Key(0));
        clock.admit(Key(1));
        clock.on_hit(Key(0));
        clock.on_hit(Key(1));
        assert_eq!(clock.admit(Key(2)), Some(Key(0)));
    }

    #[test]
    fn remove_forgets_the_bit() {
        // A removed key that comes back enters with its bit clear, like any new key.
        let mut clock = Clock::new(2, 3);
        clock.admit(Key(0));
        clock.on_hit(Key(0));
        clock.remove(Key(0));
        clock.admit(Key(1));
        clock.admit(Key(0));
        assert_eq!(clock.admit(Key(2)), Some(Key(1)));
        assert_eq!(clock.admit(Key(1)), Some(Key(0)));
    }
}
