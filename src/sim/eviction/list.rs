//! An intrusive doubly linked list of keys in flat arrays: O(1) push, unlink and move.
//!
//! The head is the newest end, the tail the oldest. The many queues of the policies
//! (LRU's recency list, FIFO's queue, ARC's four lists, …) are each one `KeyList`.

use super::Key;

const NIL: u32 = u32::MAX;
/// `prev` of a key that is not in the list.
const DETACHED: u32 = u32::MAX - 1;

#[derive(Clone, Debug)]
pub struct KeyList {
    prev: Vec<u32>,
    next: Vec<u32>,
    head: u32,
    tail: u32,
    len: usize,
}

impl KeyList {
    pub fn new(n_keys: u32) -> KeyList {
        KeyList {
            prev: vec![DETACHED; n_keys as usize],
            next: vec![NIL; n_keys as usize],
            head: NIL,
            tail: NIL,
            len: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn contains(&self, key: Key) -> bool {
        self.prev[key.index()] != DETACHED
    }

    /// The newest key.
    pub fn head(&self) -> Option<Key> {
        (self.head != NIL).then_some(Key(self.head))
    }

    /// The oldest key.
    pub fn tail(&self) -> Option<Key> {
        (self.tail != NIL).then_some(Key(self.tail))
    }

    /// The next newer key than `key`, which must be in the list.
    pub fn newer(&self, key: Key) -> Option<Key> {
        let prev = self.prev[key.index()];
        debug_assert_ne!(prev, DETACHED);
        (prev != NIL).then_some(Key(prev))
    }

    /// The next older key than `key`, which must be in the list.
    pub fn older(&self, key: Key) -> Option<Key> {
        debug_assert!(self.contains(key));
        let next = self.next[key.index()];
        (next != NIL).then_some(Key(next))
    }

    /// Inserts `key`, which must not be in the list, at the newest end.
    pub fn push_head(&mut self, key: Key) {
        let k = key.0;
        assert!(!self.contains(key), "key {k} is already in the list");
        self.prev[k as usize] = NIL;
        self.next[k as usize] = self.head;
        if self.head != NIL {
            self.prev[self.head as usize] = k;
        } else {
            self.tail = k;
        }
        self.head = k;
        self.len += 1;
    }

    /// Removes `key` if it is in the list; returns whether it was.
    pub fn unlink(&mut self, key: Key) -> bool {
        if !self.contains(key) {
            return false;
        }
        let k = key.index();
        let (prev, next) = (self.prev[k], self.next[k]);
        if prev != NIL {
            self.next[prev as usize] = next;
        } else {
            self.head = next;
        }
        if next != NIL {
            self.prev[next as usize] = prev;
        } else {
            self.tail = prev;
        }
        self.prev[k] = DETACHED;
        self.next[k] = NIL;
        self.len -= 1;
        true
    }

    /// Removes and returns the oldest key.
    pub fn pop_tail(&mut self) -> Option<Key> {
        let tail = self.tail()?;
        self.unlink(tail);
        Some(tail)
    }

    /// Moves `key`, which must be in the list, to the newest end.
    pub fn move_to_head(&mut self, key: Key) {
        if self.head != key.0 {
            self.unlink(key);
            self.push_head(key);
        }
    }

    /// The keys from newest to oldest (for tests and debugging; allocates).
    pub fn to_vec(&self) -> Vec<Key> {
        let mut keys = Vec::with_capacity(self.len);
        let mut at = self.head();
        while let Some(key) = at {
            keys.push(key);
            at = self.older(key);
        }
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &KeyList) -> Vec<u32> {
        list.to_vec().into_iter().map(|k| k.0).collect()
    }

    #[test]
    fn push_unlink_move() {
        let mut list = KeyList::new(5);
        for k in [0, 1, 2, 3] {
            list.push_head(Key(k));
        }
        assert_eq!(keys(&list), [3, 2, 1, 0]);
        list.move_to_head(Key(1));
        assert_eq!(keys(&list), [1, 3, 2, 0]);
        assert!(list.unlink(Key(2)));
        assert!(!list.unlink(Key(4)));
        assert_eq!(list.pop_tail(), Some(Key(0)));
        assert_eq!(keys(&list), [1, 3]);
        assert_eq!(
            (list.len(), list.head(), list.tail()),
            (2, Some(Key(1)), Some(Key(3)))
        );
        assert!(list.contains(Key(3)) && !list.contains(Key(0)));
        assert_eq!(list.newer(Key(3)), Some(Key(1)));
    }
}
