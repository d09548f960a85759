//! Short explanations of each policy, shown beside its control: what it does, its pros
//! and cons, the real system it mirrors, and what our model leaves out.

use crate::scenario::Scenario;
use crate::ui::format;

/// One policy's note.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Note {
    /// The option's value in its field (`lru`, `back`).
    pub name: &'static str,
    pub label: &'static str,
    pub what: &'static str,
    pub pros: &'static str,
    pub cons: &'static str,
    pub mirrors: &'static str,
    pub simplifies: &'static str,
}

/// Eviction policies, by `EvictionKind::name`. A policy without a note still works; it
/// only shows no explanation.
pub const EVICTION: &[Note] = &[
    Note {
        name: "lru",
        label: "LRU — least recently used",
        what: "Evicts the entry that was read or written longest ago.",
        pros: "Adapts quickly to shifting popularity; one list move per hit.",
        cons: "A single scan of cold keys flushes the hot set; ignores how often a key is used.",
        mirrors: "memcached's segmented LRU, Redis allkeys-lru (sampled), Guava before Caffeine.",
        simplifies: "Exact recency over every key; Redis samples 5 keys and memcached splits hot, warm and cold.",
    },
    Note {
        name: "fifo",
        label: "FIFO — first in, first out",
        what: "Evicts the entry that was admitted longest ago; hits change nothing.",
        pros: "No work on a hit, so no lock contention; surprisingly good with skewed traffic.",
        cons: "Evicts hot keys on schedule, so they miss once per trip through the queue.",
        mirrors: "The main queue of S3-FIFO and of CDN caches that avoid per-hit updates.",
        simplifies: "Entries all have the same size; no lazy promotion or ghost queue.",
    },
    Note {
        name: "clock",
        label: "CLOCK — second chance",
        what: "Keeps one reference bit per entry; a hit sets it. The hand clears set bits and evicts the first entry whose bit is clear.",
        pros: "Close to LRU's hit ratio with no list move on a hit, so hits stay cheap under concurrency.",
        cons: "Like LRU, a scan of cold keys still pushes out the hot set.",
        mirrors: "Operating-system page replacement (Corbató 1968); PostgreSQL's buffer manager uses a clock sweep.",
        simplifies: "One bit, not PostgreSQL's usage counter up to 5; new entries start with the bit clear.",
    },
    Note {
        name: "random",
        label: "Random",
        what: "Evicts a uniformly chosen resident entry, drawn from the run's seeded random stream.",
        pros: "No bookkeeping at all; immune to the adversarial patterns that defeat LRU.",
        cons: "Ignores both recency and frequency, so hot keys are evicted as often as cold ones.",
        mirrors: "Redis allkeys-random and volatile-random.",
        simplifies: "Exact uniform choice; Redis picks from a random hash-table bucket.",
    },
    Note {
        name: "sieve",
        label: "SIEVE — lazy promotion, quick demotion",
        what: "A FIFO queue with a visited bit; the hand moves from old to new, clearing bits and evicting the first unvisited entry, leaving survivors in place.",
        pros: "Beats LRU on web traffic with FIFO's cheap hits; new keys that are never reused leave fast.",
        cons: "Weaker than LRU when popularity shifts quickly, since survivors keep their old position.",
        mirrors: "SIEVE (Zhang et al., NSDI 2024), adopted by several CDN and key-value caches.",
        simplifies: "Equal-sized entries; exactly the paper's algorithm, matching libCacheSim to the request.",
    },
    Note {
        name: "s3fifo",
        label: "S3-FIFO — small, main and ghost queues",
        what: "New keys enter a small FIFO (10 %); those hit twice there move to the main FIFO (90 %), the rest leave and are remembered in a ghost queue that sends them straight to main next time.",
        pros: "Filters one-hit wonders quickly, which most real traces are full of; FIFO-cheap hits.",
        cons: "Three queues and a ghost to size; a key needs two hits in a short window to earn main.",
        mirrors: "S3-FIFO (Yang et al., SOSP 2023), libCacheSim's reference implementation.",
        simplifies: "Equal-sized entries; no warm-up rule, as in the libCacheSim version our numbers match.",
    },
    Note {
        name: "arc",
        label: "ARC — adaptive replacement",
        what: "Balances a recency list and a frequency list, moving their split by learning from ghost hits on keys it recently evicted from each.",
        pros: "Adapts to both recency- and frequency-heavy workloads with no tuning; scan-resistant.",
        cons: "Twice the metadata (ghost lists of evicted keys); a patent kept it out of many systems for years.",
        mirrors: "ARC (Megiddo and Modha, FAST 2003); ZFS's ARC.",
        simplifies: "Equal-sized entries; ZFS adds MRU/MFU size limits and metadata classes.",
    },
    Note {
        name: "2q",
        label: "2Q — two queues",
        what: "First-time keys go to a FIFO (A1in, 25 %); keys seen again after leaving it, remembered in the ghost A1out, go to an LRU (Am).",
        pros: "Scan-resistant: a burst of one-time keys only churns A1in.",
        cons: "Two fractions to tune; a key must be evicted once before it can be promoted.",
        mirrors: "2Q (Johnson and Shasha, VLDB 1994, full version); PostgreSQL used it briefly.",
        simplifies: "Equal-sized entries; the paper's parameters Kin = 25 % and Kout = 50 %.",
    },
    Note {
        name: "lirs",
        label: "LIRS — inter-reference recency",
        what: "Ranks keys by the distance between their last two accesses; keys with short reuse distance (LIR) stay, the rest (HIR, 1 %) are the eviction candidates.",
        pros: "Strong on loops and scans where LRU fails; frequency-aware without counters.",
        cons: "Complex to implement correctly; the stack can hold many non-resident entries.",
        mirrors: "LIRS (Jiang and Zhang, SIGMETRICS 2002); MySQL's and Infinispan's LIRS eviction.",
        simplifies: "Equal-sized entries; the stack is capped at twice the capacity.",
    },
    Note {
        name: "lfu",
        label: "LFU — least frequently used",
        what: "Evicts the entry with the fewest hits since it entered; ties go to the least recently used.",
        pros: "Keeps the consistently popular keys under stable, skewed traffic.",
        cons: "Counts never age here, so yesterday's hot keys linger after popularity moves.",
        mirrors: "Textbook LFU; Redis allkeys-lfu approximates it with a decaying log counter.",
        simplifies: "Exact counts with no decay, unlike Redis's lfu-decay-time and lfu-log-factor.",
    },
    Note {
        name: "wtinylfu",
        label: "W-TinyLFU — Caffeine's policy",
        what: "A 1 % LRU window feeds a segmented LRU main cache; a window victim enters main only if a 4-bit count-min sketch says it is more popular than main's victim.",
        pros: "Near-optimal hit ratios across many workloads; the sketch costs 8 bytes per entry.",
        cons: "Admission can turn away a newly hot key for a while; more moving parts.",
        mirrors: "Caffeine (Java) and its ports (Ristretto, moka).",
        simplifies: "A fixed 1 % window: Caffeine adapts it by hill climbing; no random admission against hash flooding; the sketch ages every 6 × capacity references (Caffeine: 10), which keeps miss ratios within 0.3 points of libCacheSim.",
    },
];

/// Write policies, by the `write_policy.kind` option.
pub const WRITE: &[Note] = &[
    Note {
        name: "through",
        label: "Write-through",
        what: "A write updates the store and the cache before it is acknowledged.",
        pros: "Cache and store agree at every acknowledgement; nothing is lost on a crash.",
        cons: "Every write waits for the store, so write latency is store latency and the store sees every write.",
        mirrors: "JCache setWriteThrough, Hazelcast MapStore with write-delay-seconds = 0.",
        simplifies: "The store never fails; the cache update cannot be lost between the two steps.",
    },
    Note {
        name: "back",
        label: "Write-back (write-behind)",
        what: "A write updates the cache, is acknowledged at once, and a flusher writes dirty entries to the store in batches.",
        pros: "Write latency is cache latency; coalescing and batching cut store traffic.",
        cons: "The store lags behind (consistency lag); queued writes are lost on a crash or dropped when the queue is full.",
        mirrors: "Hazelcast MapStore write-behind (write-delay-seconds, write-batch-size, write-coalescing), Ehcache and Infinispan write-behind.",
        simplifies: "One flusher for the whole tier; store writes never fail, so there are no retries.",
    },
    Note {
        name: "around",
        label: "Write-around",
        what: "A write goes to the store only and removes the key from the cache; the next read refills it.",
        pros: "Written-once data never pollutes the cache.",
        cons: "A read right after a write misses and pays store latency; a read that misses between the invalidation and the store write refills the old value, which stays cached (the default preset switched to write-around: ~14,000 stale reads, 13 % of reads).",
        mirrors: "Cache-aside as most applications write it by hand over Redis or memcached.",
        simplifies: "No lease or delayed delete closes the refill races: they are modelled, and counted as stale reads by cause.",
    },
];

/// The trade-off table of the write policies: rows of (aspect, through, back, around).
pub const WRITE_TRADEOFFS: &[(&str, &str, &str, &str)] = &[
    (
        "Consistency",
        "no stale reads (invalidating instead: refill races, ~1 % of reads)",
        "eventual (lag)",
        "stale reads: the invalidate-then-store race (~13 % of reads in the default run)",
    ),
    ("Write latency", "store", "cache", "store"),
    ("Risk of data loss", "none", "queued writes", "none"),
    (
        "Store traffic",
        "every write",
        "batched, coalesced",
        "every write + refills",
    ),
];

/// What the write-behind queue does when full, by the `write_policy.when_full` option.
pub const QUEUE_FULL: &[(&str, &str)] = &[
    (
        "reject",
        "The write fails and counts as dropped, like Hazelcast's ReachedMaxSizeException.",
    ),
    (
        "block",
        "The writer waits for room, like Ehcache 2: latency grows instead of loss.",
    ),
    (
        "write_through",
        "The write goes synchronously to the store, like Infinispan's modification queue.",
    ),
    (
        "drop_oldest",
        "The oldest acknowledged write is discarded: a silent lost write.",
    ),
];

/// Time-to-live modes, by the `cache.ttl.mode` option.
pub const TTL: &[(&str, &str)] = &[
    ("none", "No TTL: entries live until evicted or invalidated."),
    ("after_write", "Caffeine expireAfterWrite: an entry expires one TTL after its last write, however often it is read."),
    ("after_access", "Caffeine expireAfterAccess: every read or write restarts the TTL, so hot keys never expire."),
];

/// Rate-limit algorithms, by the tier's `limit.kind` field value.
pub const LIMIT: &[Note] = &[
    Note {
        name: "token_bucket",
        label: "Token bucket, continuous",
        what: "A bucket of burst tokens refills smoothly at the rate; each request takes one token or is rejected at once (429).",
        pros: "Allows short bursts up to the bucket size while holding the long-run rate exactly.",
        cons: "A full bucket lets burst requests through in one instant, which the backend must absorb.",
        mirrors: "The textbook bucket; governor-style quotas; AWS API Gateway throttling.",
        simplifies: "One token per request; the level is an exact integer, so slow rates lose nothing to rounding.",
    },
    Note {
        name: "token_bucket_discrete",
        label: "Token bucket with a fill timer",
        what: "Adds tokens per fill tokens at every multiple of the fill interval since the start, up to burst.",
        pros: "Cheap: one timer instead of per-request arithmetic; easy to reason about per interval.",
        cons: "Admissions come in steps at each fill, so traffic just after a fill is favoured.",
        mirrors: "Envoy's local rate limit filter (max_tokens, tokens_per_fill, fill_interval).",
        simplifies: "No shadow mode (filter_enabled/filter_enforced), no rate-limit headers, no per-descriptor buckets.",
    },
    Note {
        name: "gcra",
        label: "GCRA — generic cell rate algorithm",
        what: "Keeps one theoretical arrival time per key; a request conforms when it is not too far ahead of it, then pushes it by one emission interval.",
        pros: "One number of state per key; the same admissions as a token bucket with exact timing.",
        cons: "A rejected request is simply refused; the caller learns when to retry, but nothing waits for it here.",
        mirrors: "Rust's governor crate (Quota::per_second(n).allow_burst(b)); burst defaults to the quota's count.",
        simplifies: "Microseconds instead of nanoseconds; no until_ready waiting; one cell per request.",
    },
    Note {
        name: "leaky_bucket",
        label: "Leaky bucket — nginx limit_req",
        what: "Counts the excess over the rate; up to burst excess requests are held and released at the rate (or forwarded at once with nodelay, or after the first delay of them), the rest rejected.",
        pros: "Smooths bursts into a steady stream instead of refusing them; delay=N mixes both behaviours.",
        cons: "Delayed requests wait in front of the servers, so latency rises before anything is rejected.",
        mirrors: "nginx limit_req_zone rate=…r/s with limit_req burst=… [nodelay | delay=N], in nginx's own integer arithmetic.",
        simplifies: "No zone memory limit (nginx answers 503 to all when full) and no idle-key expiry, which drains to nothing anyway.",
    },
];

/// Autoscalers, by the `autoscaling.kind` field value.
pub const AUTOSCALE: &[Note] = &[
    Note {
        name: "threshold",
        label: "Threshold steps",
        what: "When mean utilisation stays above the upper threshold for a while, add a step of instances; below the lower one for a while, remove a step; wait a cooldown after each change.",
        pros: "Predictable and easy to explain: each change has one alarm behind it.",
        cons: "Fixed steps react slowly to big jumps in load and can oscillate when the thresholds are close.",
        mirrors: "AWS EC2 Auto Scaling simple scaling with two CloudWatch alarms (defaults: above 70% for 5 min add 1, below 30% for 10 min remove 1, cooldown 300 s).",
        simplifies: "Alarms read per-second observations, not CloudWatch period averages; no step scaling; scale-in has no ELB deregistration delay.",
    },
    Note {
        name: "target_tracking",
        label: "Target tracking",
        what: "Every sync period, sizes the pool to ceil(ready × utilisation ÷ target), ignoring changes within the tolerance, then applies stabilisation windows and rate policies.",
        pros: "Jumps straight to the size the load needs; the scale-down window stops flapping.",
        cons: "Many knobs; new replicas count as idle while they boot, which can hold scale-up back.",
        mirrors: "The Kubernetes Horizontal Pod Autoscaler (autoscaling/v2) with its v1.35 default behaviour.",
        simplifies: "One CPU-like metric; booting pods are not-ready pods; no missing-metric handling.",
    },
];

/// Faults, by the fault's `kind` field value.
pub const FAULT: &[(&str, &str)] = &[
    ("store_outage", "Store outage: with fail, a cache miss answers with an error and a synchronous write retries with backoff (100 ms doubling, capped at 1.6 s) and is then dropped; with hang, operations wait until the store is back. Write-back keeps acknowledging and its queue grows."),
    ("store_slowdown", "Store slowdown: store operations starting in the window take the factor times their usual latency, as an overloaded database or a noisy neighbour would."),
    ("cache_crash", "Cache crash: every entry is lost at that moment and the cache restarts empty after the delay; under write-back, acknowledged writes still queued are lost (lost on crash)."),
    ("cache_latency_spike", "Cache latency spike: every cache operation starting in the window takes the extra milliseconds longer, as a GC pause or a network blip would."),
];

/// The scenario's key parameters in one line, for the page header.
pub fn describe(scenario: &Scenario) -> String {
    use crate::sim::config::{LoadProfile, Popularity, WritePolicy};
    let rate = match scenario.workload.profile {
        LoadProfile::Constant { rate_per_s } => format!("{} req/s", format::metric(rate_per_s)),
        LoadProfile::Ramp {
            from_per_s,
            to_per_s,
        } => format!(
            "{}→{} req/s",
            format::metric(from_per_s),
            format::metric(to_per_s)
        ),
        LoadProfile::Spike {
            base_per_s,
            peak_per_s,
            ..
        } => format!(
            "{} req/s, spike {}",
            format::metric(base_per_s),
            format::metric(peak_per_s)
        ),
        LoadProfile::Diurnal { mean_per_s, .. } => {
            format!("{} req/s diurnal", format::metric(mean_per_s))
        }
    };
    let popularity = match scenario.workload.popularity {
        Popularity::Uniform => "uniform".to_string(),
        Popularity::Zipf { alpha } => format!("Zipf {}", format::significant(alpha)),
        Popularity::Hotspot {
            hot_key_fraction,
            hot_request_fraction,
        } => format!(
            "{}/{} hot spot",
            format::significant(hot_request_fraction * 100.0),
            format::significant(hot_key_fraction * 100.0)
        ),
    };
    let write = match scenario.write_policy {
        WritePolicy::Through => "write-through",
        WritePolicy::Back(_) => "write-back",
        WritePolicy::Around => "write-around",
    };
    format!(
        "{rate} · {} reads · {popularity} over {} keys · {} {} entries · {write} · {} instances · {}",
        format::percent(scenario.workload.read_fraction).replace(".0 ", " "),
        format::metric(f64::from(scenario.workload.n_keys)),
        scenario.cache.eviction.name().to_uppercase(),
        format::metric(f64::from(scenario.cache.capacity)),
        scenario.servers.instances,
        format::seconds_short(scenario.duration_s),
    )
}

pub fn find(notes: &'static [Note], name: &str) -> Option<&'static Note> {
    notes.iter().find(|note| note.name == name)
}

pub fn line(lines: &'static [(&'static str, &'static str)], name: &str) -> Option<&'static str> {
    lines
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::choice::{AutoscalerKind, Choice, FaultKind, LimitKind, WriteKind};
    use crate::sim::config::{QueueFull, TtlMode};
    use crate::sim::EvictionKind;

    #[test]
    fn the_demo_in_one_line() {
        assert_eq!(
            describe(&Scenario::default()),
            "2000 req/s · 90 % reads · Zipf 0.99 over 10 k keys · LRU 1000 entries · \
             write-through · 4 instances · 1 min"
        );
    }

    #[test]
    fn every_option_has_its_note() {
        for kind in EvictionKind::ALL {
            assert!(find(EVICTION, kind.name()).is_some(), "{}", kind.name());
        }
        for kind in WriteKind::ALL {
            assert!(find(WRITE, kind.name()).is_some(), "{kind:?}");
        }
        for mode in QueueFull::ALL {
            assert!(line(QUEUE_FULL, mode.name()).is_some(), "{mode:?}");
        }
        for mode in <TtlMode as Choice>::ALL {
            assert!(line(TTL, mode.name()).is_some(), "{mode:?}");
        }
        for kind in LimitKind::ALL {
            assert!(find(LIMIT, kind.name()).is_some(), "{kind:?}");
        }
        for kind in FaultKind::ALL {
            assert!(line(FAULT, kind.name()).is_some(), "{kind:?}");
        }
        for kind in AutoscalerKind::ALL {
            assert_eq!(
                find(AUTOSCALE, kind.name()).is_some(),
                *kind != AutoscalerKind::Off
            );
        }
    }
}
