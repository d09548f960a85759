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
    workers: u64,
    busy: u64,
    capacity: usize,
    waiting: VecDeque<RequestId>,
    /// Busy worker-µs accumulated since `last_change`'s previous `take_busy_time`.
    busy_us: u64,
    last_change: Time,
}

impl Servers {
    pub fn new(instances: u32, workers_per_instance: u32, queue_capacity: u32) -> Servers {
        Servers {
            workers: instances as u64 * workers_per_instance as u64,
            busy: 0,
            capacity: queue_capacity as usize,
            waiting: VecDeque::new(),
            busy_us: 0,
            last_change: Time::ZERO,
        }
    }

    fn account(&mut self, now: Time) {
        self.busy_us += self.busy * now.since(self.last_change).0;
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
    /// if any, which the caller then starts.
    pub fn release(&mut self, now: Time) -> Option<RequestId> {
        let next = self.waiting.pop_front();
        if next.is_none() {
            self.account(now);
            self.busy -= 1;
        }
        next
    }

    pub fn queue_depth(&self) -> usize {
        self.waiting.len()
    }

    pub fn workers(&self) -> u64 {
        self.workers
    }

    /// Busy worker-µs since the previous call.
    pub fn take_busy_time(&mut self, now: Time) -> u64 {
        self.account(now);
        std::mem::take(&mut self.busy_us)
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
        // Busy: 2 workers × 20 µs, then 1 worker × 10 µs until t = 30.
        assert_eq!(servers.take_busy_time(Time(30)), 50);
    }
}
