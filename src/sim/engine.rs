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
//! Before the pool, the rate limiter admits, delays or rejects (a 429) each arrival; the
//! autoscaler observes the pool once a second and resizes it (launches warm up before they
//! serve; a scale-down drains); faults change what the store and the cache do in their
//! windows (see `docs/engine.md`).
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

use super::autoscale::{Autoscaler, Observation, ScaleTo};
use super::config::{Config, QueueFull, WritePolicy};
use super::eviction::Key;
use super::fault::{self, Faults};
use super::latency::Sampler;
use super::limiter::{Limiter, Verdict};
use super::queue::{Event, EventQueue, OpId, RequestId};
use super::recorder::{Gauges, Recorder};
use super::report::{Counts, Ledger, Run, Sample, Summary};
use super::rng::{SplitMix64, Stream};
use super::servers::{Admission, Servers};
use super::store::{Pending, Store, StoreOp};
use super::tier::Tier;
use super::time::Time;
use super::ttl::ACTIVE_EXPIRY_INTERVAL;
use super::workload::{Arrival, Generator, Op};
use super::write::WriteBehindQueue;
use std::collections::VecDeque;

/// How often the engine hands the autoscaler an observation.
const OBSERVE_EVERY: Time = Time(1_000_000);

/// A request in the system. Its slot is reused once it is answered.
#[derive(Clone, Copy, Debug)]
struct Request {
    arrival: Arrival,
    /// A write's own version; a read's returned version once known.
    version: u32,
    /// The key's newest acknowledged version when the request arrived.
    acked_at_arrival: u32,
    /// When it reached the server pool (after any rate-limiter delay).
    entered: Time,
    /// Failed store attempts so far.
    store_failures: u32,
    /// A read's key's invalidation count when it missed: a fill after a later
    /// invalidation is a refill race.
    invalidations_at_miss: u32,
}

/// Why a cached or stored value may be older than the newest acknowledged one: each stale
/// read counts under the cause of the value it returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StaleCause {
    InvalidateBeforeStoreRace,
    RefillRace,
    UpdateReorder,
    UnflushedWriteBack,
    LostWriteBack,
}

/// A running simulation. Drive it with [`Sim::advance_to`] or [`Sim::step`], or run it
/// to the end with [`super::run`].
pub struct Sim {
    end: Time,
    write_policy: WritePolicy,
    invalidate_on_write: bool,
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
    /// Per key: invalidations so far (write-around, invalidate-on-write).
    invalidations: Vec<u32>,
    /// Per key: the newest acknowledged write-back version lost before reaching the store.
    lost_version: Vec<u32>,
    /// Per key: how the cached entry's value got there, should it be served stale.
    entry_cause: Vec<StaleCause>,
    /// The run's counters, latencies and samples.
    record: Recorder,
    limiter: Limiter,
    faults: Faults,
    /// Open cache crashes: the node serves again when the last one restarts.
    crashes_open: u32,
    autoscaler: Option<Autoscaler>,
    /// Instances serving requests (draining ones excluded).
    serving: u32,
    /// Launched instances warming up: `(ready at, count)`, oldest first.
    launches: VecDeque<(Time, u32)>,
    /// Worker time `(busy, available)` at the previous observation.
    observed_worker_time: (u64, u64),
}

impl Sim {
    /// A simulation of `config`, which `scenario` has validated.
    pub fn new(config: &Config) -> Sim {
        let workload = Generator::new(&config.workload, config.seed, config.duration_s);
        Sim::with_generator(config, workload)
    }

    /// A simulation of `config` whose requests are exactly `arrivals` (any order; those at
    /// or after the end are ignored) instead of the random workload: for hand-computed
    /// cases and replaying recorded sequences. Keys must be below `workload.n_keys`, clients
    /// below `workload.n_clients`.
    pub fn with_arrivals(config: &Config, arrivals: Vec<Arrival>) -> Sim {
        let n_keys = config.workload.n_keys;
        assert!(
            arrivals.iter().all(|arrival| arrival.key.0 < n_keys),
            "scripted keys must be below n_keys"
        );
        let n_clients = config.workload.n_clients;
        assert!(
            arrivals.iter().all(|arrival| arrival.client < n_clients),
            "scripted clients must be below n_clients"
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
        let faults = Faults::new(&config.faults);
        for &(crash, restart) in &faults.crashes {
            if crash < end {
                queue.push(crash, Event::CacheCrash);
            }
            if restart < end {
                queue.push(restart, Event::CacheRestart);
            }
        }
        let autoscaler = config.autoscaling.as_ref().map(Autoscaler::new);
        if autoscaler.is_some() && OBSERVE_EVERY < end {
            queue.push(OBSERVE_EVERY, Event::Observe);
        }
        Sim {
            end,
            write_policy: config.write_policy.clone(),
            invalidate_on_write: config.cache.invalidate_on_write,
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
            store: Store::new(&config.store, n_keys, config.seed, faults.clone()),
            behind,
            requests: Vec::new(),
            free_requests: Vec::new(),
            next_version: vec![0; n_keys as usize],
            acked_version: vec![0; n_keys as usize],
            invalidations: vec![0; n_keys as usize],
            lost_version: vec![0; n_keys as usize],
            entry_cause: vec![StaleCause::UpdateReorder; n_keys as usize],
            record: Recorder::new(end, sample_interval, servers.instances),
            limiter: Limiter::new(&config.rate_limits, config.workload.n_clients),
            faults,
            crashes_open: 0,
            autoscaler,
            serving: servers.instances,
            launches: VecDeque::new(),
            observed_worker_time: (0, 0),
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
        self.record.is_finished()
    }

    /// Every sample so far.
    pub fn samples(&self) -> &[Sample] {
        self.record.samples()
    }

    /// Runs every event before `target` (capped at the end of the run) and returns the
    /// samples this produced. Splitting a run into many calls changes nothing.
    pub fn advance_to(&mut self, target: Time) -> &[Sample] {
        let first_new = self.record.samples().len();
        self.run_until(target.min(self.end), u64::MAX);
        &self.record.samples()[first_new..]
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
            Event::Admit(id) => self.enter_pool(id),
            Event::StoreRetry {
                request,
                then_cache,
            } => self.store_write(request, then_cache),
            Event::Observe => self.on_observe(),
            Event::InstancesReady => self.on_instances_ready(),
            Event::CacheCrash => self.on_cache_crash(),
            Event::CacheRestart => {
                self.crashes_open = self.crashes_open.saturating_sub(1);
                if self.crashes_open == 0 {
                    self.tier.restart();
                }
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
        self.record.counts.requests += 1;
        match arrival.op {
            Op::Read => self.record.counts.reads += 1,
            Op::Write => {
                self.record.counts.writes += 1;
                self.record.ledger.issued += 1;
                self.record.ledger.in_flight += 1;
            }
        }
        let verdict = self.limiter.check(arrival.client, self.now);
        if verdict == Verdict::Reject {
            // A 429-style answer at once: the request never reaches the pool.
            match arrival.op {
                Op::Read => self.record.counts.rate_limited_reads += 1,
                Op::Write => {
                    self.record.counts.dropped_rate_limited += 1;
                    self.drop_write();
                }
            }
            return;
        }
        let request = Request {
            arrival,
            version: 0,
            acked_at_arrival: self.acked_version[arrival.key.index()],
            invalidations_at_miss: 0,
            entered: self.now,
            store_failures: 0,
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
        // A rejection was answered above; the request is admitted now or later.
        match verdict {
            Verdict::Delay(until) => self.schedule(until, Event::Admit(id)),
            Verdict::Admit | Verdict::Reject => self.enter_pool(id),
        }
    }

    /// Request `id` reaches the server pool: a worker, a place in the queue, or rejection.
    fn enter_pool(&mut self, id: RequestId) {
        self.requests[id as usize].entered = self.now;
        match self.servers.arrive(self.now, id) {
            Admission::Started => self.start(id),
            Admission::Queued => {}
            Admission::Rejected => {
                self.record.counts.rejected_requests += 1;
                if self.request(id).arrival.op == Op::Write {
                    self.record.counts.dropped_server_queue_full += 1;
                    self.drop_write();
                }
                self.free_requests.push(id);
            }
        }
    }

    /// One cache operation starting now: the cache's latency plus any latency spike on
    /// the way to it.
    fn cache_op(&mut self) -> Time {
        self.tier.op_latency() + self.faults.cache_delay(self.now)
    }

    /// A worker takes request `id`: its service time, then its first stage.
    fn start(&mut self, id: RequestId) {
        self.record
            .waited(self.now.since(self.request(id).entered).0);
        let service = self.service.sample(&mut self.service_rng);
        let starts_with_cache_op = self.tier.enabled()
            && match self.request(id).arrival.op {
                Op::Read => true,
                Op::Write => !matches!(self.write_policy, WritePolicy::Through),
            };
        let cache = if starts_with_cache_op {
            self.cache_op()
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
                    self.record.counts.hits += 1;
                    self.finish_read(id, version, self.entry_cause[key.index()]);
                }
                None => {
                    self.requests[id as usize].invalidations_at_miss =
                        self.invalidations[key.index()];
                    self.record.counts.misses += 1;
                    self.record.counts.store_reads += 1;
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
                    self.invalidate(key);
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
        self.record.counts.store_writes_started += 1;
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
                    self.record.counts.dropped_write_queue_full += 1;
                    self.drop_write();
                    return self.release(id);
                }
                QueueFull::Block => return behind.blocked.push_back(id),
                QueueFull::WriteThrough => return self.store_write(id, true),
                QueueFull::DropOldest => match behind.drop_oldest() {
                    Some(lost) => {
                        let newest_lost = &mut self.lost_version[lost.key.index()];
                        *newest_lost = (*newest_lost).max(lost.version);
                        self.record.ledger.lost += lost.writes as u64;
                        self.record.counts.dropped_write_queue_overflow += lost.writes as u64;
                    }
                    None => {
                        // Every entry is already in the store, where none can be dropped:
                        // the newcomer is refused, as under `reject`.
                        self.record.counts.dropped_write_queue_full += 1;
                        self.drop_write();
                        return self.release(id);
                    }
                },
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
        if cached {
            self.entry_cause[key.index()] = StaleCause::UpdateReorder;
        } else {
            // The declined version is never acknowledged; the store write takes a new one.
            return self.store_write(id, false);
        }
        let behind = self.behind.as_mut().expect("write-back has a queue");
        if behind.push(self.now, key, version) {
            self.record.counts.coalesced_writes += 1;
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
            behind.hand_over(forced.len());
            for item in forced {
                self.record.counts.store_writes_started += 1;
                self.submit(StoreOp::Batch(vec![item]));
            }
        }
        removed.clear();
        self.tier.removed = removed;
    }

    fn on_store_done(&mut self, op: OpId) {
        let (op, failed) = self.store.complete(op);
        if failed {
            self.start_waiting_store_op();
            return self.on_store_failed(op);
        }
        match op {
            StoreOp::Read {
                request, observed, ..
            } => {
                self.start_waiting_store_op();
                self.requests[request as usize].version = observed;
                if self.tier.enabled() {
                    let fill = self.cache_op();
                    self.schedule(self.now + fill, Event::CacheDone(request));
                } else {
                    self.finish_read(request, observed, self.read_cause(request));
                }
            }
            StoreOp::Write {
                request,
                key,
                then_cache,
            } => {
                let version = self.new_version(request);
                self.store.commit(key, version);
                self.record.counts.store_writes += 1;
                self.start_waiting_store_op();
                if then_cache {
                    let update = self.cache_op();
                    self.schedule(self.now + update, Event::CacheDone(request));
                } else {
                    self.acknowledge_persisted(request);
                }
            }
            StoreOp::Batch(items) => {
                self.start_waiting_store_op();
                self.behind
                    .as_mut()
                    .expect("only write-back stores batches")
                    .landed(items.len());
                self.record.counts.store_writes += items.len() as u64;
                for item in items {
                    self.record.ledger.persisted += item.writes as u64;
                    self.record.persisted(self.now.since(item.first_ack).0);
                }
            }
        }
    }

    /// A request's store operation failed (an outage in `fail` mode). A read answers with
    /// an error; a write retries with backoff while it has retries left, then is dropped.
    fn on_store_failed(&mut self, op: StoreOp) {
        match op {
            StoreOp::Read { request, .. } => {
                self.record.counts.failed_reads += 1;
                self.release(request);
            }
            StoreOp::Write {
                request,
                then_cache,
                ..
            } => {
                let failures = self.requests[request as usize].store_failures;
                let retries = self
                    .faults
                    .store_down(self.now)
                    .map_or(0, |down| down.write_retries);
                if failures < retries {
                    self.requests[request as usize].store_failures += 1;
                    let at = self.now + fault::backoff(failures);
                    self.schedule(
                        at,
                        Event::StoreRetry {
                            request,
                            then_cache,
                        },
                    );
                } else {
                    self.record.counts.dropped_store_unavailable += 1;
                    self.drop_write();
                    self.release(request);
                }
            }
            StoreOp::Batch(_) => unreachable!("a write-behind batch waits out an outage"),
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
                let cause = self.read_cause(id);
                if self.tier.fill(self.now, key, request.version) {
                    self.entry_cause[key.index()] = cause;
                }
                self.drain_removed();
                self.finish_read(id, request.version, cause);
            }
            Op::Write => {
                if self.invalidate_on_write && matches!(self.write_policy, WritePolicy::Through) {
                    self.invalidate(key);
                } else {
                    if self.tier.put(self.now, key, request.version) {
                        self.entry_cause[key.index()] = StaleCause::UpdateReorder;
                    }
                    self.drain_removed();
                }
                self.acknowledge_persisted(id);
            }
        }
    }

    fn on_flush(&mut self) {
        let behind = self.behind.as_mut().expect("only write-back flushes");
        let interval = behind.flush_interval.max(Time(1));
        if self.faults.store_down(self.now).is_some() {
            // Hazelcast re-queues entries whose store fails; a hung flusher takes nothing
            // more. Either way the queue keeps growing until the store is back.
            return self.schedule(self.now + interval, Event::Flush);
        }
        let batch_size = behind.batch_size;
        let items = behind.take_all();
        behind.hand_over(items.len());
        for batch in items.chunks(batch_size) {
            self.record.counts.store_writes_started += batch.len() as u64;
            self.submit(StoreOp::Batch(batch.to_vec()));
        }
        self.schedule(self.now + interval, Event::Flush);
    }

    /// The cache node crashes: its entries are gone, and under write-back so are the
    /// dirty ones not yet handed to the store, each a lost acknowledged write.
    fn on_cache_crash(&mut self) {
        self.crashes_open += 1;
        self.tier.crash();
        if let Some(behind) = self.behind.as_mut() {
            let mut lost = 0;
            for item in behind.take_all() {
                lost += item.writes as u64;
                let newest_lost = &mut self.lost_version[item.key.index()];
                *newest_lost = (*newest_lost).max(item.version);
            }
            self.record.ledger.lost += lost;
            self.record.counts.dropped_lost_on_crash += lost;
        }
    }

    /// Utilisation of the pool since the previous observation, and the autoscaler's verdict.
    fn on_observe(&mut self) {
        self.schedule(self.now + OBSERVE_EVERY, Event::Observe);
        let (busy, available) = self.servers.worker_time(self.now);
        let (busy_before, available_before) = self.observed_worker_time;
        self.observed_worker_time = (busy, available);
        let span = available - available_before;
        let observation = Observation {
            utilization: if span > 0 {
                (busy - busy_before) as f64 / span as f64
            } else {
                0.0
            },
            serving: self.serving,
            warming: self.warming(),
        };
        let autoscaler = self
            .autoscaler
            .as_mut()
            .expect("observing needs an autoscaler");
        let Some(decision) = autoscaler.decide(&observation, self.now) else {
            return;
        };
        let provision_delay = autoscaler.provision_delay();
        if decision.to > decision.from {
            let ready = self.now + provision_delay;
            self.launches
                .push_back((ready, decision.to - decision.from));
            if provision_delay == Time::ZERO {
                self.on_instances_ready();
            } else {
                self.schedule(ready, Event::InstancesReady);
            }
        } else {
            // Launches not yet serving are cancelled first, newest first; then serving
            // instances drain.
            let mut surplus = decision.from - decision.to;
            while surplus > 0 {
                let Some(newest) = self.launches.back_mut() else {
                    break;
                };
                let cancelled = newest.1.min(surplus);
                newest.1 -= cancelled;
                surplus -= cancelled;
                if newest.1 == 0 {
                    self.launches.pop_back();
                }
            }
            self.set_serving(self.serving.saturating_sub(surplus));
        }
        let instances = self.serving + self.warming();
        self.record.scaled(decision, instances);
    }

    fn warming(&self) -> u32 {
        self.launches.iter().map(|&(_, count)| count).sum()
    }

    /// Launches whose warm-up is over start serving.
    fn on_instances_ready(&mut self) {
        let mut ready = 0;
        while let Some(&(at, count)) = self.launches.front() {
            if at > self.now {
                break;
            }
            ready += count;
            self.launches.pop_front();
        }
        if ready > 0 {
            self.set_serving(self.serving + ready);
        }
    }

    fn set_serving(&mut self, serving: u32) {
        self.serving = serving;
        for id in self.servers.set_serving(self.now, serving) {
            self.start(id);
        }
    }

    fn drop_write(&mut self) {
        self.record.ledger.dropped += 1;
        self.record.ledger.in_flight -= 1;
    }

    fn acknowledge(&mut self, id: RequestId) {
        let request = *self.request(id);
        let acked = &mut self.acked_version[request.arrival.key.index()];
        *acked = (*acked).max(request.version);
        self.record.ledger.acknowledged += 1;
        self.record.ledger.in_flight -= 1;
        self.record
            .write_acknowledged(self.now.since(request.arrival.time).0);
    }

    /// A write acknowledged after its store write: persisted, with no lag.
    fn acknowledge_persisted(&mut self, id: RequestId) {
        self.acknowledge(id);
        self.record.ledger.persisted += 1;
        self.record.persisted(0);
        self.release(id);
    }

    /// Deletes `key`'s entry for a write, counting the invalidation so that a read filling
    /// across it is known for a refill race.
    fn invalidate(&mut self, key: Key) {
        self.tier.invalidate(key);
        self.invalidations[key.index()] += 1;
    }

    /// Why the value read `id` loaded from the store may be older than the newest
    /// acknowledged one. Under write-back a store value is behind only while the newest
    /// acknowledged value is in flight to the store or lost. Under write-around or
    /// write-through the store holds every acknowledged value, so an old value comes from
    /// a write that landed after this read's store read: if the key was invalidated since
    /// the read missed, the read loaded before that write and fills after it (a refill
    /// race); under write-around with no invalidation since the miss, the write had
    /// invalidated before the miss and stored after the store read.
    fn read_cause(&self, id: RequestId) -> StaleCause {
        let request = self.request(id);
        let key = request.arrival.key.index();
        match self.write_policy {
            WritePolicy::Back(_) if self.lost_version[key] >= self.acked_version[key] => {
                StaleCause::LostWriteBack
            }
            WritePolicy::Back(_) => StaleCause::UnflushedWriteBack,
            _ if self.invalidations[key] != request.invalidations_at_miss => StaleCause::RefillRace,
            WritePolicy::Around => StaleCause::InvalidateBeforeStoreRace,
            WritePolicy::Through => StaleCause::RefillRace,
        }
    }

    /// Read `id` answers with `version`, which came to it by `cause`.
    fn finish_read(&mut self, id: RequestId, version: u32, cause: StaleCause) {
        let request = *self.request(id);
        if version < request.acked_at_arrival {
            self.record.counts.stale_reads += 1;
            let counts = &mut self.record.counts;
            *match cause {
                StaleCause::InvalidateBeforeStoreRace => {
                    &mut counts.stale_invalidate_before_store_race
                }
                StaleCause::RefillRace => &mut counts.stale_refill_race,
                StaleCause::UpdateReorder => &mut counts.stale_update_reorder,
                StaleCause::UnflushedWriteBack => &mut counts.stale_unflushed_write_back,
                StaleCause::LostWriteBack => &mut counts.stale_lost_write_back,
            } += 1;
        }
        self.record
            .read_answered(self.now.since(request.arrival.time).0);
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
        while let Some(at) = self.record.sample_due(time) {
            let (evictions, expirations) = self.tier.take_counts();
            self.record.counts.evictions += evictions;
            self.record.counts.expirations += expirations;
            let gauges = Gauges {
                worker_time: self.servers.worker_time(at),
                oldest_dirty: self.oldest_dirty(),
                server_queue_depth: self.servers.queue_depth() as u64,
                write_queue_depth: self.behind.as_ref().map_or(0, |b| b.depth()) as u64,
                serving: self.serving,
                warming: self.warming(),
            };
            self.record.sample(at, gauges);
        }
    }

    fn oldest_dirty(&mut self) -> Option<Time> {
        let queued = self.behind.as_mut().and_then(|behind| behind.oldest_ack());
        let in_store = self.store.oldest_pending_ack();
        queued.into_iter().chain(in_store).min()
    }

    /// Where every write went, so far.
    pub fn ledger(&self) -> Ledger {
        let queued = self.behind.as_ref().map_or(0, |b| b.queued_writes());
        Ledger {
            pending: queued + self.store.pending_writes(),
            ..self.record.ledger
        }
    }

    /// The run so far: counts up to now, latencies of the requests answered so far.
    pub fn summary(&self) -> Summary {
        // The tier counts its removals itself; those since the last sample count too.
        let (evictions, expirations) = self.tier.counts();
        self.record.summary(&Counts {
            evictions,
            expirations,
            ..Counts::default()
        })
    }

    /// Runs to the end and returns everything the run produced.
    pub fn into_run(mut self) -> Run {
        self.advance_to(self.end);
        let summary = self.summary();
        let ledger = self.ledger();
        let (samples, scale_events) = self.record.into_parts();
        Run {
            summary,
            ledger,
            samples,
            scale_events,
        }
    }

    /// The autoscaler's decisions so far: when, from → to, why.
    pub fn scale_events(&self) -> &[ScaleTo] {
        self.record.scale_events()
    }

    /// The most requests held at once so far (a request's slot is reused once it is
    /// answered, so the slots ever made are the peak), plus the most write-behind entries
    /// queued and in the store at once: what validation bounds as live requests.
    pub fn peak_live_requests(&self) -> u64 {
        let entries = self.behind.as_ref().map_or(0, |b| b.peak_occupancy());
        (self.requests.len() + entries) as u64
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
