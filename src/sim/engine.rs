//! The `Sim` loop: pops events in `(time, seq)` order and routes each request through the
//! server pool, the cache tier and the backing store.
//!
//! A request's path, with `s` its service time and `c` a cache operation's latency:
//! - read: service, cache lookup (`s + c`); a hit answers at once; a miss reads the store,
//!   then fills the cache (`+ c`) and answers.
//! - write-through: service (`s`), store write, cache update or invalidation (`+ c`), ack.
//! - write-back: service and cache update (`s + c`), enqueue, ack at once.
//! - write-around: service and invalidation (`s + c`), store write, ack.
//!
//! With the cache disabled (capacity 0) the cache steps and their latency vanish. The
//! worker is held throughout (a blocking server thread).
//!
//! Versions: each write gets the next version of its key where it is serialized: at its
//! store commit for a synchronous write (the database orders concurrent writers), at its
//! cache update for write-back (the cache is the system of record until the flush). The
//! engine tracks the newest
//! acknowledged version per key; a read is stale when it returns a version older than the
//! newest one acknowledged *before the read arrived* (a write acknowledged while the read
//! is under way may or may not be seen, as under linearizability). The races that make
//! real systems stale are modelled, not invented: a store read sees the store when it
//! starts, a fill is put-if-absent, and write-around invalidates before it stores.

use super::config::{Config, QueueFull, WritePolicy};
use super::eviction::Key;
use super::latency::Sampler;
use super::queue::{Event, EventQueue, OpId, RequestId};
use super::report::{
    Digest, DroppedWrites, LagPercentiles, Ledger, Percentiles, Run, Sample, Summary,
};
use super::rng::{SplitMix64, Stream};
use super::servers::{Admission, Servers};
use super::stats::Histogram;
use super::store::{Pending, Store, StoreOp};
use super::tier::Tier;
use super::time::Time;
use super::ttl::ACTIVE_EXPIRY_INTERVAL;
use super::workload::{Arrival, Generator, Op};
use super::write::WriteBehindQueue;

/// A request in the system. Its slot is reused once it is answered.
#[derive(Clone, Copy, Debug)]
struct Request {
    arrival: Arrival,
    /// A write's own version; a read's returned version once known.
    version: u32,
    /// The key's newest acknowledged version when the request arrived.
    acked_at_arrival: u32,
}

/// Counts over one sampling interval.
#[derive(Clone, Copy, Debug, Default)]
struct Counters {
    requests: u64,
    reads: u64,
    writes: u64,
    hits: u64,
    misses: u64,
    stale_reads: u64,
    rejected: u64,
    dropped_server_queue_full: u64,
    dropped_write_queue_full: u64,
    dropped_write_queue_overflow: u64,
    store_reads: u64,
    store_writes: u64,
    coalesced_writes: u64,
    evictions: u64,
    expirations: u64,
    busy_us: u64,
}

impl Counters {
    fn add(&mut self, other: &Counters) {
        self.requests += other.requests;
        self.reads += other.reads;
        self.writes += other.writes;
        self.hits += other.hits;
        self.misses += other.misses;
        self.stale_reads += other.stale_reads;
        self.rejected += other.rejected;
        self.dropped_server_queue_full += other.dropped_server_queue_full;
        self.dropped_write_queue_full += other.dropped_write_queue_full;
        self.dropped_write_queue_overflow += other.dropped_write_queue_overflow;
        self.store_reads += other.store_reads;
        self.store_writes += other.store_writes;
        self.coalesced_writes += other.coalesced_writes;
        self.evictions += other.evictions;
        self.expirations += other.expirations;
        self.busy_us += other.busy_us;
    }
}

/// Latency histograms for reads, acknowledged writes and consistency lag.
#[derive(Clone, Debug, Default)]
struct Latencies {
    read: Histogram,
    write: Histogram,
    lag: Histogram,
}

impl Latencies {
    fn clear(&mut self) {
        self.read.clear();
        self.write.clear();
        self.lag.clear();
    }
}

/// A running simulation. Drive it with [`Sim::advance_to`] or [`Sim::step`], or run it
/// to the end with [`super::run`].
pub struct Sim {
    end: Time,
    sample_interval: Time,
    write_policy: WritePolicy,
    invalidate_on_write: bool,
    instances: u32,
    now: Time,
    queue: EventQueue,
    workload: Generator,
    next_arrival: Option<Arrival>,
    servers: Servers,
    service: Sampler,
    service_rng: SplitMix64,
    tier: Tier,
    store: Store,
    behind: Option<WriteBehindQueue>,
    requests: Vec<Request>,
    free_requests: Vec<RequestId>,
    next_version: Vec<u32>,
    acked_version: Vec<u32>,
    interval: Counters,
    total: Counters,
    interval_latency: Latencies,
    total_latency: Latencies,
    ledger: Ledger,
    samples: Vec<Sample>,
    /// The end of the current sampling interval; `None` once the last sample is out.
    next_sample: Option<Time>,
    last_sample: Time,
    digest: Digest,
    max_server_queue_depth: u64,
    max_write_queue_depth: u64,
    max_oldest_dirty_age: Time,
}

impl Sim {
    /// A simulation of `config`, which `scenario` has validated.
    pub fn new(config: &Config) -> Sim {
        let workload = Generator::new(&config.workload, config.seed, config.duration_s);
        Sim::with_generator(config, workload)
    }

    /// A simulation of `config` whose requests are exactly `arrivals` (any order; those at
    /// or after the end are ignored) instead of the random workload: for hand-computed
    /// cases and replaying recorded sequences. Keys must be below `workload.n_keys`.
    pub fn with_arrivals(config: &Config, arrivals: Vec<Arrival>) -> Sim {
        let n_keys = config.workload.n_keys;
        assert!(
            arrivals.iter().all(|arrival| arrival.key.0 < n_keys),
            "scripted keys must be below n_keys"
        );
        let workload = Generator::scripted(arrivals, config.duration_s);
        Sim::with_generator(config, workload)
    }

    fn with_generator(config: &Config, mut workload: Generator) -> Sim {
        let n_keys = config.workload.n_keys;
        let servers = &config.servers;
        let end = Time::from_s(config.duration_s);
        let sample_interval = Time::from_ms(config.sample_interval_ms).max(Time(1));
        let behind = match &config.write_policy {
            WritePolicy::Back(params) => Some(WriteBehindQueue::new(params, n_keys)),
            WritePolicy::Through | WritePolicy::Around => None,
        };
        let mut queue = EventQueue::default();
        let next_arrival = workload.next_arrival();
        if let Some(arrival) = next_arrival {
            queue.push(arrival.time, Event::Arrival);
        }
        if let Some(behind) = &behind {
            queue.push(behind.flush_interval.max(Time(1)), Event::Flush);
        }
        let tier = Tier::new(&config.cache, n_keys, config.seed);
        if tier.active_expiry() {
            queue.push(ACTIVE_EXPIRY_INTERVAL, Event::ActiveExpiry);
        }
        Sim {
            end,
            sample_interval,
            write_policy: config.write_policy.clone(),
            invalidate_on_write: config.cache.invalidate_on_write,
            instances: servers.instances,
            now: Time::ZERO,
            queue,
            workload,
            next_arrival,
            servers: Servers::new(
                servers.instances,
                servers.workers_per_instance,
                servers.queue_capacity,
            ),
            service: Sampler::new(&servers.service),
            service_rng: SplitMix64::stream(config.seed, Stream::ServiceTime),
            tier,
            store: Store::new(&config.store, n_keys, config.seed),
            behind,
            requests: Vec::new(),
            free_requests: Vec::new(),
            next_version: vec![0; n_keys as usize],
            acked_version: vec![0; n_keys as usize],
            interval: Counters::default(),
            total: Counters::default(),
            interval_latency: Latencies::default(),
            total_latency: Latencies::default(),
            ledger: Ledger::default(),
            samples: Vec::new(),
            next_sample: Some(sample_interval.min(end)),
            last_sample: Time::ZERO,
            digest: Digest::default(),
            max_server_queue_depth: 0,
            max_write_queue_depth: 0,
            max_oldest_dirty_age: Time::ZERO,
        }
    }

    /// Simulated time reached so far.
    pub fn now(&self) -> Time {
        self.now
    }

    /// The end of the run.
    pub fn end(&self) -> Time {
        self.end
    }

    pub fn is_finished(&self) -> bool {
        self.next_sample.is_none()
    }

    /// Every sample so far.
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// Runs every event before `target` (capped at the end of the run) and returns the
    /// samples this produced. Splitting a run into many calls changes nothing.
    pub fn advance_to(&mut self, target: Time) -> &[Sample] {
        let first_new = self.samples.len();
        self.run_until(target.min(self.end), u64::MAX);
        &self.samples[first_new..]
    }

    /// Runs at most `max_events` events towards the end of the run; returns whether the
    /// run has more to do. For callers that bound the work per call (a UI frame).
    pub fn step(&mut self, max_events: u32) -> bool {
        self.run_until(self.end, max_events as u64);
        !self.is_finished()
    }

    fn run_until(&mut self, target: Time, mut budget: u64) {
        while budget > 0 {
            match self.queue.peek_time() {
                Some(time) if time < target => {
                    // An event at a sample boundary belongs to the next interval.
                    self.emit_samples_through(time);
                    let (time, event) = self.queue.pop().expect("peeked");
                    self.now = time;
                    self.handle(event);
                    budget -= 1;
                }
                _ => {
                    self.now = self.now.max(target);
                    self.emit_samples_through(target);
                    return;
                }
            }
        }
    }

    fn handle(&mut self, event: Event) {
        match event {
            Event::Arrival => self.on_arrival(),
            Event::Stage(id) => self.on_stage(id),
            Event::StoreDone(op) => self.on_store_done(op),
            Event::CacheDone(id) => self.on_cache_done(id),
            Event::Flush => self.on_flush(),
            Event::ActiveExpiry => {
                self.tier.active_expiry_cycle(self.now);
                self.drain_removed();
                self.schedule(self.now + ACTIVE_EXPIRY_INTERVAL, Event::ActiveExpiry);
            }
        }
        // Room can appear on a flush, and on any forced flush (an eviction or expiry).
        if self.behind.as_ref().is_some_and(|b| !b.blocked.is_empty()) {
            self.unblock_writers();
        }
    }

    /// Schedules `event` unless it falls after the end, which the run never reaches.
    fn schedule(&mut self, time: Time, event: Event) {
        if time < self.end {
            self.queue.push(time, event);
        }
    }

    fn request(&self, id: RequestId) -> &Request {
        &self.requests[id as usize]
    }

    fn on_arrival(&mut self) {
        let arrival = self.next_arrival.take().expect("an Arrival event has one");
        self.next_arrival = self.workload.next_arrival();
        if let Some(next) = self.next_arrival {
            self.schedule(next.time, Event::Arrival);
        }
        self.interval.requests += 1;
        match arrival.op {
            Op::Read => self.interval.reads += 1,
            Op::Write => {
                self.interval.writes += 1;
                self.ledger.issued += 1;
                self.ledger.in_flight += 1;
            }
        }
        let request = Request {
            arrival,
            version: 0,
            acked_at_arrival: self.acked_version[arrival.key.index()],
        };
        let id = match self.free_requests.pop() {
            Some(id) => {
                self.requests[id as usize] = request;
                id
            }
            None => {
                self.requests.push(request);
                (self.requests.len() - 1) as RequestId
            }
        };
        match self.servers.arrive(self.now, id) {
            Admission::Started => self.start(id),
            Admission::Queued => {}
            Admission::Rejected => {
                self.interval.rejected += 1;
                if arrival.op == Op::Write {
                    self.interval.dropped_server_queue_full += 1;
                    self.drop_write();
                }
                self.free_requests.push(id);
            }
        }
    }

    /// A worker takes request `id`: its service time, then its first stage.
    fn start(&mut self, id: RequestId) {
        let service = self.service.sample(&mut self.service_rng);
        let starts_with_cache_op = self.tier.enabled()
            && match self.request(id).arrival.op {
                Op::Read => true,
                Op::Write => !matches!(self.write_policy, WritePolicy::Through),
            };
        let cache = if starts_with_cache_op {
            self.tier.op_latency()
        } else {
            Time::ZERO
        };
        self.schedule(self.now + service + cache, Event::Stage(id));
    }

    fn on_stage(&mut self, id: RequestId) {
        let request = *self.request(id);
        let key = request.arrival.key;
        if request.arrival.op == Op::Read {
            let hit = if self.tier.enabled() {
                let hit = self.tier.lookup(self.now, key);
                self.drain_removed();
                hit
            } else {
                None
            };
            match hit {
                Some(version) => {
                    self.interval.hits += 1;
                    self.finish_read(id, version);
                }
                None => {
                    self.interval.misses += 1;
                    self.interval.store_reads += 1;
                    self.submit(StoreOp::Read {
                        request: id,
                        key,
                        observed: 0,
                    });
                }
            }
            return;
        }
        match self.write_policy {
            WritePolicy::Through => self.store_write(id, self.tier.enabled()),
            WritePolicy::Around => {
                if self.tier.enabled() {
                    self.tier.invalidate(key);
                }
                self.store_write(id, false);
            }
            WritePolicy::Back(_) => self.write_back(id),
        }
    }

    /// The next version of request `id`'s key, for a write being serialized now.
    fn new_version(&mut self, id: RequestId) -> u32 {
        let key = self.request(id).arrival.key.index();
        self.next_version[key] += 1;
        self.requests[id as usize].version = self.next_version[key];
        self.next_version[key]
    }

    /// Request `id` writes to the store and waits; `then_cache`: then it updates the cache.
    fn store_write(&mut self, id: RequestId, then_cache: bool) {
        self.interval.store_writes += 1;
        self.submit(StoreOp::Write {
            request: id,
            key: self.request(id).arrival.key,
            then_cache,
        });
    }

    fn submit(&mut self, op: StoreOp) {
        if let Some((op, done)) = self.store.submit(self.now, op) {
            self.schedule(done, Event::StoreDone(op));
        }
    }

    /// A write-back write whose cache operation just completed.
    fn write_back(&mut self, id: RequestId) {
        if !self.tier.enabled() {
            // Nowhere to hold the value: the write goes synchronously to the store.
            return self.store_write(id, false);
        }
        let key = self.request(id).arrival.key;
        let behind = self.behind.as_mut().expect("write-back has a queue");
        // Blocked writers wait in line: a newcomer that needs room queues behind them.
        let line = behind.when_full == QueueFull::Block && !behind.blocked.is_empty();
        if behind.is_full_for(key) || (line && behind.needs_room(key)) {
            match behind.when_full {
                QueueFull::Reject => {
                    self.interval.dropped_write_queue_full += 1;
                    self.drop_write();
                    return self.release(id);
                }
                QueueFull::Block => return behind.blocked.push_back(id),
                QueueFull::WriteThrough => return self.store_write(id, true),
                QueueFull::DropOldest => {
                    if let Some(lost) = behind.drop_oldest() {
                        self.ledger.lost += lost.writes as u64;
                        self.interval.dropped_write_queue_overflow += lost.writes as u64;
                    }
                }
            }
        }
        self.apply_write_back(id);
    }

    /// Caches a write-back write, queues it and acknowledges it; a declined admission
    /// sends it synchronously to the store instead, so it is never held nowhere.
    fn apply_write_back(&mut self, id: RequestId) {
        let key = self.request(id).arrival.key;
        let version = self.new_version(id);
        let cached = self.tier.put(self.now, key, version);
        self.drain_removed();
        if !cached {
            // The declined version is never acknowledged; the store write takes a new one.
            return self.store_write(id, false);
        }
        let behind = self.behind.as_mut().expect("write-back has a queue");
        if behind.push(self.now, key, version) {
            self.interval.coalesced_writes += 1;
        }
        self.acknowledge(id);
        self.release(id);
    }

    /// Blocked writers whose write now fits take their turn, oldest first.
    fn unblock_writers(&mut self) {
        while let Some(behind) = self.behind.as_mut() {
            let Some(&id) = behind.blocked.front() else {
                return;
            };
            if behind.is_full_for(self.requests[id as usize].arrival.key) {
                return;
            }
            behind.blocked.pop_front();
            self.apply_write_back(id);
        }
    }

    /// Keys that left the tier: a dirty one is flushed at once (a forced store write).
    fn drain_removed(&mut self) {
        if self.tier.removed.is_empty() {
            return;
        }
        let mut removed = std::mem::take(&mut self.tier.removed);
        if let Some(behind) = self.behind.as_mut() {
            let forced: Vec<Pending> = removed
                .iter()
                .filter_map(|&key| behind.take_key(key))
                .collect();
            for item in forced {
                self.interval.store_writes += 1;
                self.submit(StoreOp::Batch(vec![item]));
            }
        }
        removed.clear();
        self.tier.removed = removed;
    }

    fn on_store_done(&mut self, op: OpId) {
        match self.store.complete(op) {
            StoreOp::Read {
                request, observed, ..
            } => {
                self.start_waiting_store_op();
                self.requests[request as usize].version = observed;
                if self.tier.enabled() {
                    let fill = self.tier.op_latency();
                    self.schedule(self.now + fill, Event::CacheDone(request));
                } else {
                    self.finish_read(request, observed);
                }
            }
            StoreOp::Write {
                request,
                key,
                then_cache,
            } => {
                let version = self.new_version(request);
                self.store.commit(key, version);
                self.start_waiting_store_op();
                if then_cache {
                    let update = self.tier.op_latency();
                    self.schedule(self.now + update, Event::CacheDone(request));
                } else {
                    self.acknowledge_persisted(request);
                }
            }
            StoreOp::Batch(items) => {
                self.start_waiting_store_op();
                for item in items {
                    self.ledger.persisted += item.writes as u64;
                    let lag = self.now.since(item.first_ack).0;
                    self.interval_latency.lag.record(lag);
                    self.total_latency.lag.record(lag);
                }
            }
        }
    }

    /// A store connection came free: the oldest waiting op takes it.
    fn start_waiting_store_op(&mut self) {
        if let Some((op, done)) = self.store.start_waiting(self.now) {
            self.schedule(done, Event::StoreDone(op));
        }
    }

    fn on_cache_done(&mut self, id: RequestId) {
        let request = *self.request(id);
        let key = request.arrival.key;
        match request.arrival.op {
            Op::Read => {
                self.tier.fill(self.now, key, request.version);
                self.drain_removed();
                self.finish_read(id, request.version);
            }
            Op::Write => {
                if self.invalidate_on_write && matches!(self.write_policy, WritePolicy::Through) {
                    self.tier.invalidate(key);
                } else {
                    self.tier.put(self.now, key, request.version);
                    self.drain_removed();
                }
                self.acknowledge_persisted(id);
            }
        }
    }

    fn on_flush(&mut self) {
        let behind = self.behind.as_mut().expect("only write-back flushes");
        let interval = behind.flush_interval.max(Time(1));
        let batch_size = behind.batch_size;
        let items = behind.take_all();
        for batch in items.chunks(batch_size) {
            self.interval.store_writes += batch.len() as u64;
            self.submit(StoreOp::Batch(batch.to_vec()));
        }
        self.schedule(self.now + interval, Event::Flush);
    }

    fn drop_write(&mut self) {
        self.ledger.dropped += 1;
        self.ledger.in_flight -= 1;
    }

    fn acknowledge(&mut self, id: RequestId) {
        let request = *self.request(id);
        let acked = &mut self.acked_version[request.arrival.key.index()];
        *acked = (*acked).max(request.version);
        self.ledger.acknowledged += 1;
        self.ledger.in_flight -= 1;
        let latency = self.now.since(request.arrival.time).0;
        self.interval_latency.write.record(latency);
        self.total_latency.write.record(latency);
    }

    /// A write acknowledged after its store write: persisted, with no lag.
    fn acknowledge_persisted(&mut self, id: RequestId) {
        self.acknowledge(id);
        self.ledger.persisted += 1;
        self.interval_latency.lag.record(0);
        self.total_latency.lag.record(0);
        self.release(id);
    }

    fn finish_read(&mut self, id: RequestId, version: u32) {
        let request = *self.request(id);
        if version < request.acked_at_arrival {
            self.interval.stale_reads += 1;
        }
        let latency = self.now.since(request.arrival.time).0;
        self.interval_latency.read.record(latency);
        self.total_latency.read.record(latency);
        self.release(id);
    }

    /// Request `id` is answered: its worker takes the next waiting request.
    fn release(&mut self, id: RequestId) {
        self.free_requests.push(id);
        if let Some(next) = self.servers.release(self.now) {
            self.start(next);
        }
    }

    fn emit_samples_through(&mut self, time: Time) {
        while let Some(at) = self.next_sample.filter(|&at| at <= time) {
            self.emit_sample(at);
            self.next_sample = (at < self.end).then(|| (at + self.sample_interval).min(self.end));
        }
    }

    fn oldest_dirty(&mut self) -> Option<Time> {
        let queued = self.behind.as_mut().and_then(|behind| behind.oldest_ack());
        let in_store = self.store.oldest_pending_ack();
        queued.into_iter().chain(in_store).min()
    }

    fn emit_sample(&mut self, at: Time) {
        let (evictions, expirations) = self.tier.take_counts();
        self.interval.evictions += evictions;
        self.interval.expirations += expirations;
        self.interval.busy_us += self.servers.take_busy_time(at);
        let span = at.since(self.last_sample).0;
        let capacity_us = span as f64 * self.servers.workers() as f64;
        let oldest_dirty_age = self
            .oldest_dirty()
            .map_or(Time::ZERO, |oldest| at.since(oldest));
        let counts = self.interval;
        let latency = &self.interval_latency;
        let server_queue_depth = self.servers.queue_depth() as u64;
        let write_queue_depth = self.behind.as_ref().map_or(0, |b| b.depth()) as u64;
        let sample = Sample {
            t_s: at.as_s(),
            requests: counts.requests,
            reads: counts.reads,
            writes: counts.writes,
            hits: counts.hits,
            misses: counts.misses,
            read_p50_ms: latency.read.quantile_ms(0.50),
            read_p95_ms: latency.read.quantile_ms(0.95),
            read_p99_ms: latency.read.quantile_ms(0.99),
            write_p50_ms: latency.write.quantile_ms(0.50),
            write_p95_ms: latency.write.quantile_ms(0.95),
            write_p99_ms: latency.write.quantile_ms(0.99),
            lag_p99_ms: latency.lag.quantile_ms(0.99),
            oldest_dirty_age_ms: oldest_dirty_age.as_ms(),
            stale_reads: counts.stale_reads,
            rejected_requests: counts.rejected,
            dropped_server_queue_full: counts.dropped_server_queue_full,
            dropped_write_queue_full: counts.dropped_write_queue_full,
            dropped_write_queue_overflow: counts.dropped_write_queue_overflow,
            store_reads: counts.store_reads,
            store_writes: counts.store_writes,
            coalesced_writes: counts.coalesced_writes,
            evictions: counts.evictions,
            expirations: counts.expirations,
            server_queue_depth,
            write_queue_depth,
            utilisation: if capacity_us > 0.0 {
                counts.busy_us as f64 / capacity_us
            } else {
                0.0
            },
            instances: self.instances,
        };
        self.digest.add(&sample);
        self.samples.push(sample);
        self.total.add(&counts);
        self.interval = Counters::default();
        self.interval_latency.clear();
        self.last_sample = at;
        self.max_server_queue_depth = self.max_server_queue_depth.max(server_queue_depth);
        self.max_write_queue_depth = self.max_write_queue_depth.max(write_queue_depth);
        self.max_oldest_dirty_age = self.max_oldest_dirty_age.max(oldest_dirty_age);
    }

    /// Where every write went, so far.
    pub fn ledger(&self) -> Ledger {
        let queued = self.behind.as_ref().map_or(0, |b| b.queued_writes());
        Ledger {
            pending: queued + self.store.pending_writes(),
            ..self.ledger
        }
    }

    /// The run so far: counts up to now, latencies of the requests answered so far.
    pub fn summary(&self) -> Summary {
        let mut counts = self.total;
        counts.add(&self.interval);
        let (evictions, expirations) = self.tier.counts();
        counts.evictions += evictions;
        counts.expirations += expirations;
        let latency = &self.total_latency;
        let percentiles = |histogram: &Histogram| Percentiles {
            p50: histogram.quantile_ms(0.50),
            p95: histogram.quantile_ms(0.95),
            p99: histogram.quantile_ms(0.99),
            max: histogram.max_ms(),
        };
        // Rates and utilisation cover the sampled part of the run.
        let elapsed_s = self.last_sample.as_s();
        let per_s = |count: u64| {
            if elapsed_s > 0.0 {
                count as f64 / elapsed_s
            } else {
                0.0
            }
        };
        let lookups = counts.hits + counts.misses;
        let workers_us = self.last_sample.0 as f64 * self.servers.workers() as f64;
        Summary {
            requests: counts.requests,
            reads: counts.reads,
            writes: counts.writes,
            hits: counts.hits,
            misses: counts.misses,
            hit_ratio: if lookups > 0 {
                counts.hits as f64 / lookups as f64
            } else {
                0.0
            },
            read_latency_ms: percentiles(&latency.read),
            write_latency_ms: percentiles(&latency.write),
            consistency_lag_ms: LagPercentiles {
                p50: latency.lag.quantile_ms(0.50),
                p99: latency.lag.quantile_ms(0.99),
                max: latency.lag.max_ms(),
            },
            stale_reads: counts.stale_reads,
            rejected_requests: counts.rejected,
            dropped_writes: DroppedWrites {
                total: counts.dropped_server_queue_full
                    + counts.dropped_write_queue_full
                    + counts.dropped_write_queue_overflow,
                server_queue_full: counts.dropped_server_queue_full,
                write_queue_full: counts.dropped_write_queue_full,
                write_queue_overflow: counts.dropped_write_queue_overflow,
            },
            store_reads: counts.store_reads,
            store_writes: counts.store_writes,
            coalesced_writes: counts.coalesced_writes,
            evictions: counts.evictions,
            expirations: counts.expirations,
            store_reads_per_s: per_s(self.total.store_reads),
            store_writes_per_s: per_s(self.total.store_writes),
            utilisation: if workers_us > 0.0 {
                self.total.busy_us as f64 / workers_us
            } else {
                0.0
            },
            max_server_queue_depth: self.max_server_queue_depth,
            max_write_queue_depth: self.max_write_queue_depth,
            max_oldest_dirty_age_ms: self.max_oldest_dirty_age.as_ms(),
            digest: self.digest.hex(),
        }
    }

    /// Runs to the end and returns everything the run produced.
    pub fn into_run(mut self) -> Run {
        self.advance_to(self.end);
        Run {
            summary: self.summary(),
            ledger: self.ledger(),
            samples: self.samples,
        }
    }

    /// Whether `key` is cached now (for tests and inspection).
    pub fn is_cached(&self, key: Key) -> bool {
        self.tier.is_resident(key)
    }

    /// The version of `key` the store holds now (0: the initial value).
    pub fn store_version(&self, key: Key) -> u32 {
        self.store.version(key)
    }
}
