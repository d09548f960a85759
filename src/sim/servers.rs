//! The application server pool: `instances × workers` threads in front of one FIFO queue.
//!
//! A request holds its worker from the end of its queueing until it is answered, cache and
//! store waits included (a blocking server thread), so a slow store shows up here as
//! utilisation and queueing. Beyond `queue_capacity` waiting requests, arrivals are
//! rejected, as a bounded accept queue or thread-pool queue rejects them.

use super::queue::RequestId;
use super::time::Time;
use std::collections::VecDeque;

/// What happened to an arriving request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    /// A worker took it at once.
    Started,
    /// It waits in the queue.
    Queued,
    /// The queue was full.
    Rejected,
}

#[derive(Clone, Debug)]
pub struct Servers {
    workers_per_instance: u64,
    /// Workers of the serving instances: the most that may be busy without draining.
    workers: u64,
    busy: u64,
    capacity: usize,
    waiting: VecDeque<RequestId>,
    /// Busy worker-µs since the run started.
    busy_us: u64,
    /// Available worker-µs since the run started: serving workers, plus draining workers
    /// while they finish their requests.
    capacity_us: u64,
    last_change: Time,
}

impl Servers {
    pub fn new(instances: u32, workers_per_instance: u32, queue_capacity: u32) -> Servers {
        Servers {
            workers_per_instance: workers_per_instance as u64,
            workers: instances as u64 * workers_per_instance as u64,
            busy: 0,
            capacity: queue_capacity as usize,
            waiting: VecDeque::new(),
            busy_us: 0,
            capacity_us: 0,
            last_change: Time::ZERO,
        }
    }

    fn account(&mut self, now: Time) {
        let span = now.since(self.last_change).0;
        self.busy_us += self.busy * span;
        self.capacity_us += self.workers.max(self.busy) * span;
        self.last_change = now;
    }

    pub fn arrive(&mut self, now: Time, request: RequestId) -> Admission {
        if self.busy < self.workers {
            self.account(now);
            self.busy += 1;
            Admission::Started
        } else if self.waiting.len() < self.capacity {
            self.waiting.push_back(request);
            Admission::Queued
        } else {
            Admission::Rejected
        }
    }

    /// A request is answered and its worker is free: it takes the oldest waiting request,
    /// if any, which the caller then starts. A worker of a draining instance (more busy
    /// workers than serving ones) leaves instead; the waiting requests stay for the others.
    pub fn release(&mut self, now: Time) -> Option<RequestId> {
        let next = if self.busy > self.workers {
            None
        } else {
            self.waiting.pop_front()
        };
        if next.is_none() {
            self.account(now);
            self.busy -= 1;
        }
        next
    }

    /// Resizes the pool to `instances` serving instances. Growing, the new workers take
    /// waiting requests at once, returned for the caller to start; shrinking, the surplus
    /// workers drain: each leaves when its request is answered.
    pub fn set_serving(&mut self, now: Time, instances: u32) -> Vec<RequestId> {
        self.account(now);
        self.workers = instances as u64 * self.workers_per_instance;
        let mut started = Vec::new();
        while self.busy < self.workers {
            let Some(next) = self.waiting.pop_front() else {
                break;
            };
            self.busy += 1;
            started.push(next);
        }
        started
    }

    /// Instances still finishing their requests after a scale-down.
    pub fn draining_instances(&self) -> u32 {
        let surplus = self.busy.saturating_sub(self.workers);
        surplus.div_ceil(self.workers_per_instance.max(1)) as u32
    }

    pub fn queue_depth(&self) -> usize {
        self.waiting.len()
    }

    /// Busy and available worker-µs since the run started.
    pub fn worker_time(&mut self, now: Time) -> (u64, u64) {
        self.account(now);
        (self.busy_us, self.capacity_us)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_workers_queue_of_one() {
        // Requests 0, 1 start; 2 waits; 3 is rejected. At t = 10, a worker frees and takes 2.
        let mut servers = Servers::new(1, 2, 1);
        let now = Time(0);
        assert_eq!(servers.arrive(now, 0), Admission::Started);
        assert_eq!(servers.arrive(now, 1), Admission::Started);
        assert_eq!(servers.arrive(now, 2), Admission::Queued);
        assert_eq!(servers.arrive(now, 3), Admission::Rejected);
        assert_eq!(servers.release(Time(10)), Some(2));
        assert_eq!(servers.release(Time(20)), None);
        // Busy: 2 workers × 20 µs, then 1 worker × 10 µs until t = 30; 2 × 30 available.
        assert_eq!(servers.worker_time(Time(30)), (50, 60));
    }

    #[test]
    fn a_scaled_down_pool_drains_and_a_scaled_up_one_takes_the_queue() {
        // Two instances of one worker; requests 0, 1 busy, 2 and 3 wait. Scaling to one
        // instance at t = 10 drains: the next answer (t = 20) frees a leaving worker, and
        // the queue stays put; the one after (t = 30) takes request 2.
        let mut servers = Servers::new(2, 1, 10);
        for id in 0..4 {
            servers.arrive(Time(0), id);
        }
        assert!(servers.set_serving(Time(10), 1).is_empty());
        assert_eq!(servers.draining_instances(), 1);
        assert_eq!(servers.release(Time(20)), None);
        assert_eq!(servers.draining_instances(), 0);
        assert_eq!(servers.release(Time(30)), Some(2));
        // Three instances at t = 40: two new workers, one for request 3, one idle.
        assert_eq!(servers.set_serving(Time(40), 3), [3]);
        assert_eq!(servers.queue_depth(), 0);
        // Busy: 2 × 20, 1 × 20, 2 × 10 = 80; available: 2 × 10 (both serving), 2 × 10 (one
        // draining), 1 × 20, 3 × 10 = 90.
        assert_eq!(servers.worker_time(Time(50)), (80, 90));
    }
}
