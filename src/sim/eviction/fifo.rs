//! FIFO: evict the key that entered first; hits do not reorder.

use super::{Eviction, Key, KeyList};

#[derive(Clone, Debug)]
pub struct Fifo {
    capacity: usize,
    queue: KeyList,
}

impl Fifo {
    pub fn new(capacity: u32, n_keys: u32) -> Fifo {
        Fifo {
            capacity: capacity as usize,
            queue: KeyList::new(n_keys),
        }
    }
}

impl Eviction for Fifo {
    fn on_hit(&mut self, _key: Key) {}

    fn admit(&mut self, key: Key) -> Option<Key> {
        if self.capacity == 0 {
            return Some(key);
        }
        let evicted = if self.queue.len() >= self.capacity {
            self.queue.pop_tail()
        } else {
            None
        };
        self.queue.push_head(key);
        evicted
    }

    fn remove(&mut self, key: Key) {
        self.queue.unlink(key);
    }

    fn len(&self) -> usize {
        self.queue.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_first_in_even_after_a_hit() {
        // Capacity 2: A B A C → C evicts A, the first in, although A was just hit.
        let mut fifo = Fifo::new(2, 3);
        assert_eq!(fifo.admit(Key(0)), None);
        assert_eq!(fifo.admit(Key(1)), None);
        fifo.on_hit(Key(0));
        assert_eq!(fifo.admit(Key(2)), Some(Key(0)));
    }
}
