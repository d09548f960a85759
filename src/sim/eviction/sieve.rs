//! SIEVE (Zhang et al., "SIEVE is Simpler than LRU: an Efficient Turn-Key Eviction
//! Algorithm for Web Caches", NSDI'24).
//!
//! One `visited` bit per resident key and a hand. A hit sets the bit and moves nothing; a
//! new key enters at the head (newest end) unvisited. To evict, the hand starts at the
//! tail (oldest) the first time, walks toward newer keys clearing `visited` bits, wraps
//! to the tail past the head, and evicts the first unvisited key it finds; it then rests
//! on the victim's newer neighbour, or restarts at the tail if the victim was the newest.
//! Unlike CLOCK, survivors keep their place: new keys never get ahead of old survivors.

use super::{Eviction, Key, KeyList};

#[derive(Clone, Debug)]
pub struct Sieve {
    capacity: usize,
    queue: KeyList,
    visited: Vec<bool>,
    /// The key the next eviction looks at first; `None` means the tail.
    hand: Option<Key>,
}

impl Sieve {
    pub fn new(capacity: u32, n_keys: u32) -> Sieve {
        Sieve {
            capacity: capacity as usize,
            queue: KeyList::new(n_keys),
            visited: vec![false; n_keys as usize],
            hand: None,
        }
    }

    fn evict(&mut self) -> Key {
        let tail = self.queue.tail().expect("a full cache has a tail");
        let mut at = self.hand.unwrap_or(tail);
        while self.visited[at.index()] {
            self.visited[at.index()] = false;
            at = self.queue.newer(at).unwrap_or(tail);
        }
        self.hand = self.queue.newer(at);
        self.queue.unlink(at);
        at
    }
}

impl Eviction for Sieve {
    fn on_hit(&mut self, key: Key) {
        self.visited[key.index()] = true;
    }

    fn admit(&mut self, key: Key) -> Option<Key> {
        if self.capacity == 0 {
            return Some(key);
        }
        let evicted = (self.queue.len() >= self.capacity).then(|| self.evict());
        self.queue.push_head(key);
        evicted
    }

    fn remove(&mut self, key: Key) {
        // The hand must not rest on a key that left: step it to the newer neighbour, as
        // if the hand had evicted the key itself.
        if self.hand == Some(key) {
            self.hand = self.queue.newer(key);
        }
        self.queue.unlink(key);
        self.visited[key.index()] = false;
    }

    fn len(&self) -> usize {
        self.queue.len()
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
    const F: Key = Key(5);
    const G: Key = Key(6);
    const H: Key = Key(7);
    const I: Key = Key(8);

    #[test]
    fn the_hand_walks_from_old_to_new_and_wraps() {
        // Capacity 4, A B C D in (queue tail→head: A B C D), then hits on A and B.
        let mut sieve = Sieve::new(4, 9);
        for key in [A, B, C, D] {
            assert_eq!(sieve.admit(key), None);
        }
        sieve.on_hit(A);
        sieve.on_hit(B);
        // E: the hand starts at the tail A (visited → clear), B (visited → clear), C
        // (unvisited) → evict C; the hand rests on C's newer neighbour D.
        assert_eq!(sieve.admit(E), Some(C));
        assert_eq!(sieve.hand, Some(D));
        // A is hit again. F: the hand is at D, unvisited → evict D, hand → E.
        sieve.on_hit(A);
        assert_eq!(sieve.admit(F), Some(D));
        // G evicts E (hand → F), H evicts F (hand → G); then G and H are hit.
        assert_eq!(sieve.admit(G), Some(E));
        assert_eq!(sieve.admit(H), Some(F));
        sieve.on_hit(G);
        sieve.on_hit(H);
        // I: G (visited → clear), H (visited → clear), past the head the hand wraps to the
        // tail: A (visited → clear), B (cleared by the first pass) → evict B, hand → G.
        // A, hit twice, has outlived five newer keys; survivors kept their place.
        assert_eq!(sieve.admit(I), Some(B));
        assert_eq!(sieve.hand, Some(G));
        assert_eq!(sieve.queue.to_vec(), [I, H, G, A]);
    }

    #[test]
    fn evicting_the_newest_restarts_the_hand_at_the_tail() {
        // Capacity 2: A B, hit A. C: A (visited → clear), B → evict B, the newest, so the
        // hand restarts at the tail; D then evicts A there.
        let mut sieve = Sieve::new(2, 4);
        sieve.admit(A);
        sieve.admit(B);
        sieve.on_hit(A);
        assert_eq!(sieve.admit(C), Some(B));
        assert_eq!(sieve.hand, None);
        assert_eq!(sieve.admit(D), Some(A));
    }

    #[test]
    fn removing_the_key_under_the_hand_moves_the_hand() {
        // Capacity 3: A B C, hit A; D evicts B (A cleared), hand on C. Remove C: the hand
        // moves to D. E then evicts D, the key under the hand.
        let mut sieve = Sieve::new(3, 5);
        for key in [A, B, C] {
            sieve.admit(key);
        }
        sieve.on_hit(A);
        assert_eq!(sieve.admit(D), Some(B));
        assert_eq!(sieve.hand, Some(C));
        sieve.remove(C);
        assert_eq!(sieve.hand, Some(D));
        sieve.admit(C);
        assert_eq!(sieve.admit(E), Some(D));
    }
}
