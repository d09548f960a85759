//! The simulation engine: a deterministic discrete-event model of a cache tier.
//!
//! Parameters ([`Config`]) in, a time series of [`Sample`]s and a [`Summary`] out. The
//! engine reads no clock, no OS randomness, no DOM and no network; the same config gives
//! bit-identical results natively and in wasm.
//!
//! Map: [`engine`] holds the [`Sim`] loop, which pops [`queue::Event`]s in `(time, seq)`
//! order and joins the components: [`workload`] (arrivals, keys, read/write, clients),
//! [`servers`] (the worker pool and its queue), [`tier`] (the cache: residency, versions,
//! expiry, the [`eviction`] policy), [`store`] (the backing store), [`write`](mod@write) (the write
//! policies' state: the write-behind queue) and [`ttl`] (lifetimes, Redis-style active
//! expiry). In front of the pool, [`limiter`] decides admission (token bucket, GCRA,
//! leaky bucket); [`autoscale`] resizes the pool (threshold rule, HPA); [`fault`] holds
//! the timeline of store outages and slowdowns, cache crashes and latency spikes.
//! [`recorder`] keeps the run's counters, latencies and maxima and makes the [`Sample`]s
//! and the [`Summary`] of [`report`], where every counter is declared once.
//! [`latency`] samples distributions, [`stats`] holds the latency histogram,
//! [`math`] the platform-independent float functions, [`rng`] the seeded streams.

pub mod autoscale;
pub mod config;
pub mod engine;
pub mod eviction;
pub mod fault;
pub mod latency;
pub mod limiter;
pub mod math;
pub mod queue;
pub mod recorder;
pub mod replay;
pub mod report;
pub mod rng;
pub mod servers;
pub mod stats;
pub mod store;
pub mod tier;
pub mod time;
pub mod ttl;
pub mod workload;
pub mod write;
pub mod zipf;

pub use config::Config;
pub use engine::Sim;
pub use eviction::{Eviction, EvictionKind, Key};
pub use report::{Ledger, Run, Sample, Summary};
pub use rng::{SplitMix64, Stream};
pub use time::Time;
pub use workload::{Arrival, Op};

/// Runs `config` to the end.
pub fn run(config: &Config) -> Run {
    Sim::new(config).into_run()
}
