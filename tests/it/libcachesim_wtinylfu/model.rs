//! libCacheSim's W-TinyLFU (`WTinyLFU.c` over `SLRU.c` and `minimalIncrementCBF.c`,
//! defaults `window-size=0.01`, `main-cache=SLRU`, `seg-size=1:4`, every object of size
//! 1), rewritten from its rules as a small model, and the traces both it and our
//! `wtinylfu` replay. It behaves as the commit the reference counts came from (aa0fc409)
//! does: it reproduces all three of them to the request.
//!
//! Shared by `tests/it/libcachesim_wtinylfu.rs` and `examples/wtinylfu_sweep.rs`.

use cacheplay::sim::eviction::{EvictionKind, EvictionParams, Key};
use cacheplay::sim::replay::{self, TracePolicy};
use cacheplay::sim::zipf::zipf_trace;

const PRIME64_1: u64 = 0x9E37_79B1_85EB_CA87;
const PRIME64_2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const PRIME64_3: u64 = 0x1656_67B1_9E37_79F9;
const PRIME64_4: u64 = 0x85EB_CA77_C2B2_AE63;
const PRIME64_5: u64 = 0x27D4_EB2F_1656_67C5;

/// XXH64 of an input shorter than 32 bytes (the 8-byte object ids need nothing longer):
/// 8-byte lanes, then a 4-byte lane, then single bytes, then the avalanche.
pub fn xxh64_short(input: &[u8], seed: u64) -> u64 {
    assert!(input.len() < 32, "the long-input stripes are not modelled");
    let mut hash = seed
        .wrapping_add(PRIME64_5)
        .wrapping_add(input.len() as u64);
    let mut lanes = input.chunks_exact(8);
    for lane in &mut lanes {
        let lane = u64::from_le_bytes(lane.try_into().expect("an 8-byte lane"));
        let round = lane
            .wrapping_mul(PRIME64_2)
            .rotate_left(31)
            .wrapping_mul(PRIME64_1);
        hash = (hash ^ round)
            .rotate_left(27)
            .wrapping_mul(PRIME64_1)
            .wrapping_add(PRIME64_4);
    }
    let mut rest = lanes.remainder();
    if rest.len() >= 4 {
        let word = u32::from_le_bytes(rest[..4].try_into().expect("a 4-byte lane"));
        hash = (hash ^ u64::from(word).wrapping_mul(PRIME64_1))
            .rotate_left(23)
            .wrapping_mul(PRIME64_2)
            .wrapping_add(PRIME64_3);
        rest = &rest[4..];
    }
    for &byte in rest {
        hash = (hash ^ u64::from(byte).wrapping_mul(PRIME64_5))
            .rotate_left(11)
            .wrapping_mul(PRIME64_1);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(PRIME64_2);
    hash ^= hash >> 29;
    hash = hash.wrapping_mul(PRIME64_3);
    hash ^ (hash >> 32)
}

/// libCacheSim's `HASH_SEED0` and `HASH_SEED1`, the filter's two base hashes.
const CBF_SEEDS: [u64; 2] = [0x1234_5678, 0x1234_4321];

/// The minimal-increment counting Bloom filter as libCacheSim builds it for `entries`
/// keys at error 0.001: `ceil(bpe · entries)` unsigned counters, `ceil(ln 2 · bpe)` = 10
/// probes by double hashing in 32-bit arithmetic. Adding raises every probed counter
/// (not only the minimal ones, whatever the name says); the estimate is the minimum.
struct CountingBloomFilter {
    counters: Vec<u32>,
    probes: u32,
    /// The two base hashes of each key's object id, truncated to 32 bits.
    bases: Vec<[u32; 2]>,
}

impl CountingBloomFilter {
    fn new(entries: u64, ids: &[u64]) -> CountingBloomFilter {
        let bits_per_entry = -(0.001_f64.ln()) / 0.480_453_013_918_201;
        // libCacheSim writes ln 2 as 0.693147180559945; ceil(9.966) is 10 either way.
        let probes = (std::f64::consts::LN_2 * bits_per_entry).ceil() as u32;
        let counters = match (bits_per_entry * entries as f64).ceil() as u32 {
            // libCacheSim's floor for tiny filters.
            few if few < probes => 2 * probes,
            counters => counters,
        };
        let bases = ids
            .iter()
            .map(|id| CBF_SEEDS.map(|seed| xxh64_short(&id.to_le_bytes(), seed) as u32))
            .collect();
        CountingBloomFilter {
            counters: vec![0; counters as usize],
            probes,
            bases,
        }
    }

    fn slots(&self, key: u32) -> impl Iterator<Item = usize> + '_ {
        let [a, b] = self.bases[key as usize];
        let n = self.counters.len() as u32;
        (0..self.probes).map(move |i| (a.wrapping_add(i.wrapping_mul(b)) % n) as usize)
    }

    fn estimate(&self, key: u32) -> u32 {
        self.slots(key)
            .map(|slot| self.counters[slot])
            .min()
            .unwrap_or(0)
    }

    fn add(&mut self, key: u32) {
        let slots: Vec<usize> = self.slots(key).collect();
        for slot in slots {
            self.counters[slot] += 1;
        }
    }

    fn halve(&mut self) {
        for counter in &mut self.counters {
            *counter >>= 1;
        }
    }
}

const NIL: u32 = u32::MAX;
const WINDOW: usize = 0;
const PROBATION: usize = 1;
const PROTECTED: usize = 2;
const NOWHERE: u8 = u8::MAX;

/// Three intrusive LRU lists over dense keys; head = most recent.
struct Segments {
    prev: Vec<u32>,
    next: Vec<u32>,
    segment: Vec<u8>,
    head: [u32; 3],
    tail: [u32; 3],
    len: [u64; 3],
}

impl Segments {
    fn new(n_keys: u32) -> Segments {
        let n = n_keys as usize;
        Segments {
            prev: vec![NIL; n],
            next: vec![NIL; n],
            segment: vec![NOWHERE; n],
            head: [NIL; 3],
            tail: [NIL; 3],
            len: [0; 3],
        }
    }

    fn push_head(&mut self, segment: usize, key: u32) {
        let k = key as usize;
        self.prev[k] = NIL;
        self.next[k] = self.head[segment];
        match self.head[segment] {
            NIL => self.tail[segment] = key,
            old => self.prev[old as usize] = key,
        }
        self.head[segment] = key;
        self.segment[k] = segment as u8;
        self.len[segment] += 1;
    }

    fn unlink(&mut self, key: u32) {
        let k = key as usize;
        let segment = self.segment[k] as usize;
        let (prev, next) = (self.prev[k], self.next[k]);
        match prev {
            NIL => self.head[segment] = next,
            p => self.next[p as usize] = next,
        }
        match next {
            NIL => self.tail[segment] = prev,
            n => self.prev[n as usize] = prev,
        }
        self.segment[k] = NOWHERE;
        self.len[segment] -= 1;
    }

    fn move_to_head(&mut self, key: u32) {
        let segment = self.segment[key as usize] as usize;
        self.unlink(key);
        self.push_head(segment, key);
    }
}

/// libCacheSim's `WTinyLFU` with its defaults (`window-size=0.01`, `main-cache=SLRU`
/// with `seg-size=1:4`), every object of size 1.
pub struct LibCacheSimWTinyLfu {
    capacity: u64,
    main_size: u64,
    /// Probation's and protected's maxima, `(int64)(1/5 · main)` and `(int64)(4/5 · main)`:
    /// they may sum to one less than `main_size`, which matters (see `slru_hit`).
    segment_max: [u64; 3],
    lists: Segments,
    filter: CountingBloomFilter,
    main_hits: u64,
    main_hits_per_halving: u64,
    /// libCacheSim refuses objects larger than the window or probation: with a window of
    /// 0 objects nothing is ever cached.
    admits: bool,
}

impl LibCacheSimWTinyLfu {
    /// `ids[key]` is the trace's object id for a dense key (it feeds the hashes).
    pub fn new(capacity: u64, ids: &[u64]) -> LibCacheSimWTinyLfu {
        // C's `int64 *= double`: the product in doubles, truncated.
        let window = (capacity as f64 * 0.01) as u64;
        let main_size = capacity - window;
        let probation = (1.0 / 5.0 * main_size as f64) as u64;
        let protected = (4.0 / 5.0 * main_size as f64) as u64;
        LibCacheSimWTinyLfu {
            capacity,
            main_size,
            segment_max: [window, probation, protected],
            lists: Segments::new(ids.len() as u32),
            filter: CountingBloomFilter::new(main_size, ids),
            main_hits: 0,
            main_hits_per_halving: 32 * main_size,
            admits: window >= 1 && probation >= 1,
        }
    }

    /// `(probes, counters, [window, probation, protected] maxima)`.
    #[cfg(test)]
    pub fn dimensions(&self) -> (u32, usize, [u64; 3]) {
        (
            self.filter.probes,
            self.filter.counters.len(),
            self.segment_max,
        )
    }

    fn main_len(&self) -> u64 {
        self.lists.len[PROBATION] + self.lists.len[PROTECTED]
    }

    /// One request; true on a hit.
    pub fn request(&mut self, key: u32) -> bool {
        match self.lists.segment[key as usize] {
            NOWHERE => {
                if self.admits {
                    while self.lists.len.iter().sum::<u64>() + 1 > self.capacity {
                        self.evict();
                    }
                    self.lists.push_head(WINDOW, key);
                    self.filter.add(key);
                }
                false
            }
            segment if segment as usize == WINDOW => {
                // Window hits are not counted in the filter.
                self.lists.move_to_head(key);
                true
            }
            _ => {
                self.slru_hit(key);
                self.filter.add(key);
                self.main_hits += 1;
                if self.main_hits >= self.main_hits_per_halving {
                    self.main_hits = 0;
                    self.filter.halve();
                }
                true
            }
        }
    }

    /// A protected hit moves to protected's head; a probation hit promotes to protected,
    /// whose tail cools to probation's head while protected is over its maximum, and while
    /// probation is then over its own maximum its tail is evicted. Probation is over its
    /// maximum whenever main is full and the segment maxima sum to one less than main,
    /// so such a promotion frees a slot in main, out of turn.
    fn slru_hit(&mut self, key: u32) {
        if self.lists.segment[key as usize] as usize == PROTECTED {
            self.lists.move_to_head(key);
            return;
        }
        self.lists.unlink(key);
        self.lists.push_head(PROTECTED, key);
        while self.lists.len[PROTECTED] > self.segment_max[PROTECTED] {
            let cooled = self.lists.tail[PROTECTED];
            self.lists.unlink(cooled);
            self.lists.push_head(PROBATION, cooled);
            while self.lists.len[PROBATION] > self.segment_max[PROBATION] {
                let evicted = self.lists.tail[PROBATION];
                self.lists.unlink(evicted);
            }
        }
    }

    /// Into the lowest segment with room, else probation (main has room: the caller checked).
    fn slru_insert(&mut self, key: u32) {
        let segment = [PROBATION, PROTECTED]
            .into_iter()
            .find(|&s| self.lists.len[s] < self.segment_max[s])
            .unwrap_or(PROBATION);
        self.lists.push_head(segment, key);
    }

    /// Main's victim: the tail of the lowest non-empty segment.
    fn slru_victim(&self) -> u32 {
        [PROBATION, PROTECTED]
            .into_iter()
            .map(|s| self.lists.tail[s])
            .find(|&key| key != NIL)
            .expect("main is not empty")
    }

    /// One call of `WTinyLFU_evict`: window victims move into main while it has room;
    /// after that each one meets main's victim. A winner (strictly higher estimate)
    /// replaces the victim, which frees nothing, so the loop goes on to the next window
    /// victim; it ends when a window victim loses and leaves, or, the window empty, main's
    /// victim leaves. Every window victim looked at is then added to the filter. (Ending
    /// the loop after a winner too, as another libCacheSim version does, misses 53 more, 201
    /// fewer and 98 more than the reference at the three sizes.)
    fn evict(&mut self) {
        loop {
            let candidate = self.lists.tail[WINDOW];
            if candidate == NIL {
                let victim = self.slru_victim();
                self.lists.unlink(victim);
                return;
            }
            self.lists.unlink(candidate);
            let done = if self.main_len() < self.main_size {
                self.slru_insert(candidate);
                false
            } else {
                let victim = self.slru_victim();
                let admitted = self.filter.estimate(candidate) > self.filter.estimate(victim);
                if admitted {
                    self.lists.unlink(victim);
                    self.slru_insert(candidate);
                }
                !admitted
            };
            self.filter.add(candidate);
            if done {
                return;
            }
        }
    }
}

/// A trace for both policies: dense keys, and the object id of each key for the oracle's
/// hashes (libCacheSim hashes the ids the trace file holds).
pub struct Trace {
    pub keys: Vec<u32>,
    pub ids: Vec<u64>,
}

impl Trace {
    /// Keys below `n_keys`, key k being object k + 1 (the generator's zipf files).
    pub fn from_keys(keys: &[Key], n_keys: u32) -> Trace {
        Trace {
            keys: keys.iter().map(|key| key.0).collect(),
            ids: (1..=u64::from(n_keys)).collect(),
        }
    }

    /// `cacheplay gen-trace zipf --alpha ALPHA --n-obj N_OBJ --n-req REQUESTS --seed SEED`.
    pub fn zipf(alpha: f64, n_obj: u32, requests: usize, seed: u64) -> Trace {
        Trace::from_keys(&zipf_trace(alpha, n_obj, requests, seed), n_obj)
    }

    pub fn distinct(&self) -> u32 {
        let mut seen = vec![false; self.ids.len()];
        for &key in &self.keys {
            seen[key as usize] = true;
        }
        seen.iter().filter(|&&s| s).count() as u32
    }

    /// libCacheSim's misses (through the model) at `capacity`.
    pub fn oracle_misses(&self, capacity: u32) -> u64 {
        let mut cache = LibCacheSimWTinyLfu::new(u64::from(capacity), &self.ids);
        self.keys.iter().filter(|&&key| !cache.request(key)).count() as u64
    }

    /// Our `wtinylfu`'s misses at `capacity` with `params`.
    pub fn our_misses(&self, params: &EvictionParams, capacity: u32) -> u64 {
        let keys: Vec<Key> = self.keys.iter().map(|&key| Key(key)).collect();
        let policy = TracePolicy::Evict(EvictionKind::WTinyLfu);
        replay::misses(policy, params, capacity, &keys, self.ids.len() as u32, 0)
    }
}
