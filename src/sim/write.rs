//! Write policies (after Hazelcast's MapStore write-through and write-behind, Ehcache and
//! Infinispan; docs/engine.md) and the write-behind queue.
//!
//! The policy is a closed set, so the engine `match`es on [`WritePolicy`]; this module
//! holds the one piece of state a policy owns: the write-behind queue, after Hazelcast's
//! MapStore (`write-delay-seconds` ≈ `flush_interval_ms`, `write-batch-size`,
//! `write-coalescing`, and a capacity with a selectable full-queue behaviour).
//!
//! What a flush tick does, exactly: every `flush_interval_ms` the flusher takes *every*
//! entry queued at that instant, oldest first, cuts them into batches of `batch_size`,
//! and hands each batch to the store as one operation (through its concurrency limit).
//! Entries taken are in flight, no longer queued: a write to the same key after the tick
//! makes a new entry. The capacity covers them until they land, queued and in-store
//! entries together: a store slower than the writes then fills the queue and `when_full`
//! decides, rather than the store's waiting list growing without end. (Hazelcast's
//! flusher calls the store synchronously, so it holds no more than one batch beyond its
//! queue; ours hands every batch over at once and counts them instead.) Hazelcast instead stores entries once they are `write-delay-seconds`
//! old, so an entry waits between 0 and one interval here, and between one and two there.
//!
//! With coalescing, a write to a key that already has a queued entry replaces that
//! entry's value in place (last write wins) and counts one store write saved; the
//! superseded write counts as persisted when the entry reaches the store. Without it,
//! every write is its own entry, written in order.
//!
//! [`WritePolicy`]: super::config::WritePolicy

use super::config::{QueueFull, WriteBehind};
use super::eviction::Key;
use super::queue::RequestId;
use super::store::Pending;
use super::time::Time;
use std::collections::VecDeque;

const NONE: u64 = u64::MAX;

/// Skipped entries tolerated beyond the live ones before the queue compacts: enough that
/// a small queue does not compact on every forced flush.
const COMPACT_SLACK: usize = 64;

#[derive(Clone, Copy, Debug)]
struct Entry {
    item: Pending,
    /// The sequence number of the next queued entry of the same key.
    next_same_key: u64,
    /// False once a forced flush took the entry out of order; the flusher skips it.
    live: bool,
}

#[derive(Clone, Debug)]
pub struct WriteBehindQueue {
    pub flush_interval: Time,
    pub batch_size: usize,
    pub when_full: QueueFull,
    coalescing: bool,
    capacity: usize,
    /// Entries by sequence number: the front has number `base_seq`.
    entries: VecDeque<Entry>,
    base_seq: u64,
    /// Each key's queued entries form a chain from `first` to `last` (sequence numbers).
    first: Vec<u64>,
    last: Vec<u64>,
    live: usize,
    /// Entries handed to the store and not yet landed: they count against the capacity,
    /// so a store slower than the writes fills the queue instead of its own waiting list.
    in_store: usize,
    /// The most entries queued and in the store at once so far.
    peak_occupancy: usize,
    queued_writes: u64,
    /// Writers waiting for room (`QueueFull::Block`), oldest first.
    pub blocked: VecDeque<RequestId>,
}

impl WriteBehindQueue {
    pub fn new(params: &WriteBehind, n_keys: u32) -> WriteBehindQueue {
        WriteBehindQueue {
            flush_interval: Time::from_ms(params.flush_interval_ms),
            batch_size: params.batch_size.max(1) as usize,
            when_full: params.when_full,
            coalescing: params.coalescing,
            capacity: params.queue_capacity as usize,
            entries: VecDeque::new(),
            base_seq: 0,
            first: vec![NONE; n_keys as usize],
            last: vec![NONE; n_keys as usize],
            live: 0,
            in_store: 0,
            peak_occupancy: 0,
            queued_writes: 0,
            blocked: VecDeque::new(),
        }
    }

    fn entry(&mut self, seq: u64) -> &mut Entry {
        &mut self.entries[(seq - self.base_seq) as usize]
    }

    /// Whether `key` has a queued entry: its cached value is not yet in the store.
    pub fn is_dirty(&self, key: Key) -> bool {
        self.first[key.index()] != NONE
    }

    /// Whether a write of `key` needs a new entry (it cannot coalesce into a queued one).
    pub fn needs_room(&self, key: Key) -> bool {
        !(self.coalescing && self.is_dirty(key))
    }

    /// Whether a write of `key` cannot be taken now: it needs a new entry and the queued
    /// entries plus those in the store are at capacity.
    pub fn is_full_for(&self, key: Key) -> bool {
        self.needs_room(key) && self.occupancy() >= self.capacity
    }

    /// `items` entries taken from the queue (a flush tick or a forced flush) go to the
    /// store.
    pub fn hand_over(&mut self, items: usize) {
        self.in_store += items;
    }

    /// `items` entries handed over have landed in the store, making room.
    pub fn landed(&mut self, items: usize) {
        self.in_store -= items;
    }

    /// Entries queued or in the store: never more than the capacity.
    fn occupancy(&self) -> usize {
        self.live + self.in_store
    }

    /// The most entries queued and in the store at once so far.
    pub fn peak_occupancy(&self) -> usize {
        self.peak_occupancy
    }

    /// Queues an acknowledged write of `version`; returns whether it coalesced into an
    /// existing entry. The caller has checked `is_full_for`.
    pub fn push(&mut self, now: Time, key: Key, version: u32) -> bool {
        self.queued_writes += 1;
        let last = self.last[key.index()];
        if self.coalescing && last != NONE {
            let entry = self.entry(last);
            entry.item.version = version;
            entry.item.writes += 1;
            return true;
        }
        let seq = self.base_seq + self.entries.len() as u64;
        self.entries.push_back(Entry {
            item: Pending {
                key,
                version,
                first_ack: now,
                writes: 1,
            },
            next_same_key: NONE,
            live: true,
        });
        if last == NONE {
            self.first[key.index()] = seq;
        } else {
            self.entry(last).next_same_key = seq;
        }
        self.last[key.index()] = seq;
        self.live += 1;
        self.peak_occupancy = self.peak_occupancy.max(self.occupancy());
        false
    }

    /// Drops skipped entries from the front.
    fn trim_front(&mut self) {
        while self.entries.front().is_some_and(|entry| !entry.live) {
            self.entries.pop_front();
            self.base_seq += 1;
        }
    }

    /// Removes the oldest queued entry (`QueueFull::DropOldest`): its writes are lost.
    pub fn drop_oldest(&mut self) -> Option<Pending> {
        self.trim_front();
        let entry = self.entries.pop_front()?;
        self.base_seq += 1;
        let key = entry.item.key.index();
        self.first[key] = entry.next_same_key;
        if entry.next_same_key == NONE {
            self.last[key] = NONE;
        }
        self.live -= 1;
        self.queued_writes -= entry.item.writes as u64;
        Some(entry.item)
    }

    /// A flush tick: every queued entry, oldest first.
    pub fn take_all(&mut self) -> Vec<Pending> {
        let mut items = Vec::with_capacity(self.live);
        self.base_seq += self.entries.len() as u64;
        for entry in self.entries.drain(..) {
            if entry.live {
                self.first[entry.item.key.index()] = NONE;
                self.last[entry.item.key.index()] = NONE;
                items.push(entry.item);
            }
        }
        self.live = 0;
        self.queued_writes = 0;
        items
    }

    /// A forced flush of `key` (its dirty entry is evicted or expires): all its queued
    /// entries merged into one store write of the newest value.
    pub fn take_key(&mut self, key: Key) -> Option<Pending> {
        let mut seq = self.first[key.index()];
        let mut merged: Option<Pending> = None;
        while seq != NONE {
            let entry = self.entry(seq);
            entry.live = false;
            let (item, next) = (entry.item, entry.next_same_key);
            merged = Some(match merged {
                None => item,
                Some(oldest) => Pending {
                    version: item.version,
                    writes: oldest.writes + item.writes,
                    ..oldest
                },
            });
            self.live -= 1;
            seq = next;
        }
        self.first[key.index()] = NONE;
        self.last[key.index()] = NONE;
        if let Some(item) = merged {
            self.queued_writes -= item.writes as u64;
        }
        self.trim_front();
        if self.entries.len() > 2 * self.live + COMPACT_SLACK {
            self.compact();
        }
        merged
    }

    /// Drops the entries a forced flush skipped and renumbers the live ones from
    /// `base_seq`, in order. Without it, a key forced out over and over between two flush
    /// ticks would grow the queue past its capacity, one skipped entry per write.
    /// Chains hold only live entries (a forced flush takes a key's whole chain), so every
    /// link points at an entry that stays.
    fn compact(&mut self) {
        let mut renumbered = vec![NONE; self.entries.len()];
        let mut next_seq = self.base_seq;
        for (offset, entry) in self.entries.iter().enumerate() {
            if entry.live {
                renumbered[offset] = next_seq;
                next_seq += 1;
            }
        }
        let base_seq = self.base_seq;
        let new_seq = |seq: u64| {
            if seq == NONE {
                NONE
            } else {
                renumbered[(seq - base_seq) as usize]
            }
        };
        let mut kept = VecDeque::with_capacity(self.live);
        for (offset, entry) in self.entries.iter().enumerate() {
            if !entry.live {
                continue;
            }
            let key = entry.item.key.index();
            let seq = base_seq + offset as u64;
            if self.first[key] == seq {
                self.first[key] = renumbered[offset];
            }
            if self.last[key] == seq {
                self.last[key] = renumbered[offset];
            }
            kept.push_back(Entry {
                next_same_key: new_seq(entry.next_same_key),
                ..*entry
            });
        }
        self.entries = kept;
    }

    /// Queued entries.
    pub fn depth(&self) -> usize {
        self.live
    }

    /// Acknowledged writes that queued entries stand for.
    pub fn queued_writes(&self) -> u64 {
        self.queued_writes
    }

    /// The acknowledgement time of the oldest queued write.
    pub fn oldest_ack(&mut self) -> Option<Time> {
        self.trim_front();
        self.entries.front().map(|entry| entry.item.first_ack)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue(coalescing: bool, capacity: u32) -> WriteBehindQueue {
        WriteBehindQueue::new(
            &WriteBehind {
                coalescing,
                queue_capacity: capacity,
                ..WriteBehind::default()
            },
            4,
        )
    }

    #[test]
    fn coalescing_keeps_one_entry_per_key() {
        // Writes 0@1, 0@2, 1@1, 0@3: two entries; key 0 carries version 3 for 3 writes.
        let mut queue = queue(true, 10);
        assert!(!queue.push(Time(1), Key(0), 1));
        assert!(queue.push(Time(2), Key(0), 2));
        assert!(!queue.push(Time(3), Key(1), 1));
        assert!(queue.push(Time(4), Key(0), 3));
        assert_eq!((queue.depth(), queue.queued_writes()), (2, 4));
        let items = queue.take_all();
        assert_eq!(items.len(), 2);
        assert_eq!(
            (items[0].key, items[0].version, items[0].writes),
            (Key(0), 3, 3)
        );
        assert_eq!(items[0].first_ack, Time(1));
        assert!(!queue.is_dirty(Key(0)) && queue.depth() == 0);
    }

    #[test]
    fn without_coalescing_a_forced_flush_merges_the_keys_entries() {
        // 0@1, 1@1, 0@2: forcing key 0 takes both of its entries (2 writes, newest 2) and
        // leaves key 1's entry, which becomes the front.
        let mut queue = queue(false, 10);
        queue.push(Time(10), Key(0), 1);
        queue.push(Time(20), Key(1), 1);
        queue.push(Time(30), Key(0), 2);
        let forced = queue.take_key(Key(0)).expect("key 0 is dirty");
        assert_eq!(
            (forced.version, forced.writes, forced.first_ack),
            (2, 2, Time(10))
        );
        assert_eq!((queue.depth(), queue.queued_writes()), (1, 1));
        assert_eq!(queue.oldest_ack(), Some(Time(20)));
        assert_eq!(queue.take_key(Key(0)), None);
        let rest = queue.take_all();
        assert_eq!((rest.len(), rest[0].key), (1, Key(1)));
    }

    #[test]
    fn forced_flushes_between_ticks_keep_the_queue_near_its_live_entries() {
        // Without coalescing, key 0 is written and forced out 1,000 times while keys 1 and
        // 2 stay queued: the skipped entries are compacted away, the chains survive.
        let mut queue = queue(false, 10);
        queue.push(Time(0), Key(1), 1);
        for version in 1..=1_000 {
            queue.push(Time(version as u64), Key(0), version);
            queue.push(Time(version as u64), Key(2), version);
            let forced = queue.take_key(Key(0)).expect("key 0 is dirty");
            assert_eq!(forced.version, version);
            assert!(queue.entries.len() <= 2 * queue.depth() + COMPACT_SLACK);
        }
        assert_eq!((queue.depth(), queue.queued_writes()), (1_001, 1_001));
        let key_2 = queue.take_key(Key(2)).expect("key 2 is dirty");
        assert_eq!(
            (key_2.version, key_2.writes, key_2.first_ack),
            (1_000, 1_000, Time(1))
        );
        let rest = queue.take_all();
        assert_eq!((rest.len(), rest[0].key, rest[0].version), (1, Key(1), 1));
    }

    #[test]
    fn full_queue_and_drop_oldest() {
        // Capacity 2 without coalescing: a third entry does not fit; dropping the oldest
        // (key 2's) makes room.
        let mut queue = queue(false, 2);
        queue.push(Time(1), Key(2), 1);
        queue.push(Time(2), Key(3), 1);
        assert!(queue.is_full_for(Key(2)) && queue.is_full_for(Key(0)));
        let lost = queue.drop_oldest().expect("non-empty");
        assert_eq!((lost.key, lost.writes), (Key(2), 1));
        assert!(!queue.is_dirty(Key(2)) && !queue.is_full_for(Key(0)));
    }
}
