//! The ranges `Scenario::validate` enforces. Besides plausibility, they bound a run's
//! work and memory, so a validated scenario can neither hang the engine nor exhaust
//! memory: per-key state is a few bytes × `MAX_KEYS`, the sample series is at most
//! `MAX_SAMPLES` long, and the requests simulated are about `MAX_EXPECTED_REQUESTS` at
//! most (which also keeps every per-key version below `u32::MAX`).

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_NOTES_CHARS: usize = 5_000;
/// 1 ms.
pub const MIN_DURATION_S: f64 = 0.001;
/// Seven days.
pub const MAX_DURATION_S: f64 = 604_800.0;
pub const MIN_SAMPLE_INTERVAL_MS: f64 = 1.0;
/// One day.
pub const MAX_SAMPLE_INTERVAL_MS: f64 = 86_400_000.0;
pub const MAX_SAMPLES: f64 = 1_000_000.0;
pub const MAX_KEYS: u32 = 10_000_000;
pub const MAX_CLIENTS: u32 = 10_000_000;
/// Any single rate of a load profile, per second.
pub const MAX_RATE_PER_S: f64 = 10_000_000.0;
/// Peak rate × duration.
pub const MAX_EXPECTED_REQUESTS: f64 = 2_000_000_000.0;
/// The shortest diurnal period, in seconds.
pub const MIN_PERIOD_S: f64 = 0.001;
pub const MAX_ZIPF_ALPHA: f64 = 10.0;
/// Any latency parameter: ten minutes.
pub const MAX_LATENCY_MS: f64 = 600_000.0;
pub const MAX_INSTANCES: u32 = 10_000;
pub const MAX_WORKERS_PER_INSTANCE: u32 = 10_000;
/// Server queue and write-behind queue capacity.
pub const MAX_QUEUE_CAPACITY: u32 = 100_000_000;
pub const MIN_TTL_MS: f64 = 1.0;
/// Seven days.
pub const MAX_TTL_MS: f64 = 604_800_000.0;
pub const MIN_FLUSH_INTERVAL_MS: f64 = 1.0;
/// One hour.
pub const MAX_FLUSH_INTERVAL_MS: f64 = 3_600_000.0;
pub const MAX_BATCH_SIZE: u32 = 100_000;
pub const MAX_STORE_CONCURRENCY: u32 = 1_000_000;
pub const MAX_BATCH_ITEM_FACTOR: f64 = 10.0;
