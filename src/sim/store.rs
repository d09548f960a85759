//! The backing store: read and write latencies, a concurrency limit with a FIFO wait
//! queue, batch writes, and the version of every key it holds.
//!
//! A read sees the store as it is when the read starts (it gets a connection); a write
//! takes effect when it completes. A key's version in the store never goes back: a
//! request's write is versioned at its commit, and write-behind entries of one key reach
//! the store in order (Hazelcast's per-partition queue), so an older one arriving late
//! is a no-op. A batch of `k` writes is one operation costing
//! `write latency × (1 + batch_item_factor · (k − 1))`.

use super::config;
use super::eviction::Key;
use super::latency::Sampler;
use super::queue::{OpId, RequestId};
use super::rng::{SplitMix64, Stream};
use super::time::Time;
use std::collections::VecDeque;

/// A write-behind value on its way to the store: the newest version of `key` that the
/// entry carries, standing for `writes` acknowledged writes, the oldest acknowledged at
/// `first_ack`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pending {
    pub key: Key,
    pub version: u32,
    pub first_ack: Time,
    pub writes: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreOp {
    /// A request reads `key`; `observed` is the version it saw when it started.
    Read {
        request: RequestId,
        key: Key,
        observed: u32,
    },
    /// A request writes `key` and waits for it; the engine gives the write its version
    /// when it commits. `then_cache`: the request then updates the cache.
    Write {
        request: RequestId,
        key: Key,
        then_cache: bool,
    },
    /// The write-behind flusher (or a forced flush) writes these entries as one batch.
    Batch(Vec<Pending>),
}

#[derive(Clone, Debug)]
pub struct Store {
    max_concurrency: u32,
    in_flight: u32,
    waiting: VecDeque<OpId>,
    ops: Vec<Option<StoreOp>>,
    free: Vec<OpId>,
    /// The version of each key the store holds (0: the initial value).
    versions: Vec<u32>,
    read_latency: Sampler,
    write_latency: Sampler,
    batch_item_factor: f64,
    rng: SplitMix64,
}

impl Store {
    pub fn new(store: &config::Store, n_keys: u32, seed: u64) -> Store {
        Store {
            max_concurrency: store.max_concurrency,
            in_flight: 0,
            waiting: VecDeque::new(),
            ops: Vec::new(),
            free: Vec::new(),
            versions: vec![0; n_keys as usize],
            read_latency: Sampler::new(&store.read_latency),
            write_latency: Sampler::new(&store.write_latency),
            batch_item_factor: store.batch_item_factor,
            rng: SplitMix64::stream(seed, Stream::StoreLatency),
        }
    }

    pub fn version(&self, key: Key) -> u32 {
        self.versions[key.index()]
    }

    /// A write of `version` of `key` lands.
    pub fn commit(&mut self, key: Key, version: u32) {
        let held = &mut self.versions[key.index()];
        *held = (*held).max(version);
    }

    /// Queues `op`; returns its id and completion time if it started at once.
    pub fn submit(&mut self, now: Time, op: StoreOp) -> Option<(OpId, Time)> {
        let id = match self.free.pop() {
            Some(id) => {
                self.ops[id as usize] = Some(op);
                id
            }
            None => {
                self.ops.push(Some(op));
                (self.ops.len() - 1) as OpId
            }
        };
        if self.in_flight < self.max_concurrency {
            Some((id, self.start(now, id)))
        } else {
            self.waiting.push_back(id);
            None
        }
    }

    fn start(&mut self, now: Time, id: OpId) -> Time {
        self.in_flight += 1;
        let op = self.ops[id as usize].as_mut().expect("a started op exists");
        let latency = match op {
            StoreOp::Read { key, observed, .. } => {
                *observed = self.versions[key.index()];
                self.read_latency.sample(&mut self.rng)
            }
            StoreOp::Write { .. } => self.write_latency.sample(&mut self.rng),
            StoreOp::Batch(items) => {
                let base = self.write_latency.sample(&mut self.rng).0 as f64;
                let extra = items.len().saturating_sub(1) as f64;
                Time::from_micros(base * (1.0 + self.batch_item_factor * extra))
            }
        };
        now + latency
    }

    /// Op `id` finished: applies its batch, frees its slot and returns it. The caller
    /// commits a request's write, then calls `start_waiting`, so the next op sees it.
    pub fn complete(&mut self, id: OpId) -> StoreOp {
        let op = self.ops[id as usize]
            .take()
            .expect("a completing op exists");
        self.free.push(id);
        self.in_flight -= 1;
        match &op {
            StoreOp::Read { .. } | StoreOp::Write { .. } => {}
            StoreOp::Batch(items) => {
                for item in items {
                    self.commit(item.key, item.version);
                }
            }
        }
        op
    }

    /// Starts the oldest waiting op if a connection is free; returns its id and
    /// completion time for the caller to schedule.
    pub fn start_waiting(&mut self, now: Time) -> Option<(OpId, Time)> {
        if self.in_flight >= self.max_concurrency {
            return None;
        }
        let next = self.waiting.pop_front()?;
        Some((next, self.start(now, next)))
    }

    /// The oldest acknowledgement among write-behind entries in or waiting for the store.
    pub fn oldest_pending_ack(&self) -> Option<Time> {
        self.ops
            .iter()
            .flatten()
            .filter_map(|op| match op {
                StoreOp::Batch(items) => items.iter().map(|item| item.first_ack).min(),
                _ => None,
            })
            .min()
    }

    /// Acknowledged writes in or waiting for the store (write-behind batches).
    pub fn pending_writes(&self) -> u64 {
        self.ops
            .iter()
            .flatten()
            .map(|op| match op {
                StoreOp::Batch(items) => items.iter().map(|item| item.writes as u64).sum(),
                _ => 0,
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use config::Latency;

    fn store(max_concurrency: u32) -> Store {
        Store::new(
            &config::Store {
                read_latency: Latency::Constant { ms: 1.0 },
                write_latency: Latency::Constant { ms: 2.0 },
                max_concurrency,
                batch_item_factor: 0.5,
            },
            4,
            0,
        )
    }

    #[test]
    fn excess_operations_wait_their_turn() {
        // One connection: the write starts at 0 and ends at 2 ms; the read waits, starts at
        // 2 ms, sees version 7 (the write has landed) and ends at 3 ms.
        let mut store = store(1);
        let write = StoreOp::Write {
            request: 0,
            key: Key(1),
            then_cache: false,
        };
        let read = StoreOp::Read {
            request: 1,
            key: Key(1),
            observed: 0,
        };
        assert_eq!(store.submit(Time(0), write.clone()), Some((0, Time(2_000))));
        assert_eq!(store.submit(Time(0), read), None);
        assert_eq!(store.complete(0), write);
        store.commit(Key(1), 7);
        assert_eq!(store.start_waiting(Time(2_000)), Some((1, Time(3_000))));
        let done = store.complete(1);
        assert_eq!(
            done,
            StoreOp::Read {
                request: 1,
                key: Key(1),
                observed: 7
            }
        );
    }

    #[test]
    fn a_batch_costs_the_stated_function_of_its_size() {
        // 3 items: 2 ms × (1 + 0.5 × 2) = 4 ms.
        let mut store = store(4);
        let item = |k| Pending {
            key: Key(k),
            version: 1,
            first_ack: Time(0),
            writes: 2,
        };
        let batch = StoreOp::Batch(vec![item(0), item(1), item(2)]);
        assert_eq!(store.submit(Time(0), batch), Some((0, Time(4_000))));
        assert_eq!(store.pending_writes(), 6);
        assert_eq!(store.oldest_pending_ack(), Some(Time(0)));
        store.complete(0);
        assert_eq!((store.version(Key(2)), store.pending_writes()), (1, 0));
    }
}
