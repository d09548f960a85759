//! The event queue: a binary heap ordered by `(time, seq)`.
//!
//! `seq` counts insertions, so two events at the same instant run in the order they were
//! scheduled, on every platform. Events are plain data (no closures), so a log prints.

use super::time::Time;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Index of a request in the engine's request slab.
pub type RequestId = u32;
/// Index of a store operation in the store's slab.
pub type OpId = u32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The next request arrives.
    Arrival,
    /// A request's worker finished its service time (and the first cache operation, when
    /// the request starts with one): the request moves to the cache tier.
    Stage(RequestId),
    /// A store operation finished.
    StoreDone(OpId),
    /// A request's closing cache operation (a fill after a miss, the cache update of a
    /// write-through write, an invalidation of write-around) finished.
    CacheDone(RequestId),
    /// The write-behind flusher wakes up.
    Flush,
    /// Redis-style active expiry runs one cycle.
    ActiveExpiry,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    time: Time,
    seq: u64,
    event: Event,
}

impl Ord for Entry {
    fn cmp(&self, other: &Entry) -> Ordering {
        // Reversed: `BinaryHeap` is a max-heap and the earliest event must come out first.
        (other.time, other.seq).cmp(&(self.time, self.seq))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Entry) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Clone, Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Entry>,
    seq: u64,
}

impl EventQueue {
    pub fn push(&mut self, time: Time, event: Event) {
        self.heap.push(Entry {
            time,
            seq: self.seq,
            event,
        });
        self.seq += 1;
    }

    /// The time of the earliest event.
    pub fn peek_time(&self) -> Option<Time> {
        self.heap.peek().map(|entry| entry.time)
    }

    pub fn pop(&mut self) -> Option<(Time, Event)> {
        self.heap.pop().map(|entry| (entry.time, entry.event))
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_first_then_insertion_order() {
        let mut queue = EventQueue::default();
        queue.push(Time(5), Event::Flush);
        queue.push(Time(3), Event::Stage(1));
        queue.push(Time(5), Event::Stage(2));
        queue.push(Time(3), Event::Stage(0));
        let order: Vec<_> = std::iter::from_fn(|| queue.pop()).collect();
        assert_eq!(
            order,
            [
                (Time(3), Event::Stage(1)),
                (Time(3), Event::Stage(0)),
                (Time(5), Event::Flush),
                (Time(5), Event::Stage(2)),
            ]
        );
        assert!(queue.is_empty());
    }
}
