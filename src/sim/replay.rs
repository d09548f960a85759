//! Trace replay without time: miss counts per policy, Bélády's optimum, and LRU's whole
//! miss-ratio curve in one pass from stack distances.
//!
//! All of it is pure: a trace of dense keys in, counts out. Bélády needs the future, so it
//! exists only here, for traces and tests, never in a scenario ([`EvictionKind`] omits it).

use super::eviction::{self, EvictionKind, EvictionParams, Fifo, Key, Lru, S3Fifo, Sieve};

pub mod curve;
pub mod synthetic;

/// A policy a trace can be replayed through: a scenario's policy, or Bélády's optimum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TracePolicy {
    Evict(EvictionKind),
    Belady,
}

impl TracePolicy {
    /// The CLI name: a scenario policy's name, or `belady`.
    pub fn name(self) -> &'static str {
        match self {
            TracePolicy::Evict(kind) => kind.name(),
            TracePolicy::Belady => "belady",
        }
    }

    pub fn from_name(name: &str) -> Option<TracePolicy> {
        if name == TracePolicy::Belady.name() {
            return Some(TracePolicy::Belady);
        }
        EvictionKind::from_name(name).map(TracePolicy::Evict)
    }

    /// Every name `from_name` accepts, for error messages.
    pub fn names() -> Vec<&'static str> {
        let mut names: Vec<_> = EvictionKind::ALL.iter().map(|kind| kind.name()).collect();
        names.push(TracePolicy::Belady.name());
        names
    }
}

/// The misses of `keys` replayed through `policy` with room for `capacity` keys.
/// `n_keys` bounds the keys; `seed` feeds the policies that draw random numbers.
pub fn misses(
    policy: TracePolicy,
    params: &EvictionParams,
    capacity: u32,
    keys: &[Key],
    n_keys: u32,
    seed: u64,
) -> u64 {
    // Room beyond the distinct keys holds nothing: every policy admits while it is not
    // full, so it never evicts either way, and a policy that sizes a structure from its
    // capacity (W-TinyLFU's sketch) is not asked for gigabytes by `--capacity 4294967295`.
    // The engine's tier and the curve clamp the same way.
    let capacity = capacity.min(n_keys);
    // The policies with speed targets get a loop monomorphised for them; the rest go
    // through the registry's trait object, which costs an indirect call per request.
    let kind = match policy {
        TracePolicy::Belady => return belady_misses(keys, n_keys, capacity),
        TracePolicy::Evict(kind) => kind,
    };
    match kind {
        EvictionKind::Fifo => eviction::replay(&mut Fifo::new(capacity, n_keys), keys, n_keys),
        EvictionKind::Lru => eviction::replay(&mut Lru::new(capacity, n_keys), keys, n_keys),
        EvictionKind::Sieve => eviction::replay(&mut Sieve::new(capacity, n_keys), keys, n_keys),
        EvictionKind::S3Fifo => {
            let mut s3fifo = S3Fifo::new(
                capacity,
                n_keys,
                params.s3fifo_small_fraction,
                params.s3fifo_ghost_fraction,
            );
            eviction::replay(&mut s3fifo, keys, n_keys)
        }
        other => {
            let mut policy = eviction::build(other, params, capacity, n_keys, seed);
            eviction::replay(&mut *policy, keys, n_keys)
        }
    }
}

/// Bélády's MIN: on a miss with a full cache, evict the resident key whose next request
/// is farthest away (never counts as infinitely far), then admit the missed key. No
/// policy that always admits can miss less. Ties only happen among never-again keys, so
/// the tie-break cannot change the count.
pub fn belady_misses(keys: &[Key], n_keys: u32, capacity: u32) -> u64 {
    let mut belady = BeladyReplay::new(n_keys, capacity);
    belady.feed(keys, &next_uses(keys, n_keys));
    belady.misses
}

/// `next[i]`: the position of the next request for `keys[i]`'s key, or [`NEVER`], from
/// one backward pass. Bélády's replays of one trace at several capacities share it.
pub fn next_uses(keys: &[Key], n_keys: u32) -> Vec<usize> {
    let mut next = vec![NEVER; keys.len()];
    let mut upcoming = vec![NEVER; n_keys as usize];
    for (i, key) in keys.iter().enumerate().rev() {
        next[i] = upcoming[key.index()];
        upcoming[key.index()] = i;
    }
    next
}

/// Bélády's MIN at one capacity, fed a stretch of the trace at a time.
pub struct BeladyReplay {
    heap: FarthestFirst,
    capacity: u32,
    pub misses: u64,
}

impl BeladyReplay {
    pub fn new(n_keys: u32, capacity: u32) -> BeladyReplay {
        BeladyReplay {
            heap: FarthestFirst::new(if capacity == 0 { 0 } else { n_keys }),
            capacity,
            misses: 0,
        }
    }

    /// Replays the next stretch `keys`; `next` holds their entries of [`next_uses`] over
    /// the whole trace.
    pub fn feed(&mut self, keys: &[Key], next: &[usize]) {
        assert_eq!(keys.len(), next.len(), "one next use per request");
        if self.capacity == 0 {
            self.misses += keys.len() as u64;
            return;
        }
        for (&key, &next_use) in keys.iter().zip(next) {
            if self.heap.contains(key) {
                self.heap.postpone(key, next_use);
                continue;
            }
            self.misses += 1;
            if self.heap.len() >= self.capacity as usize {
                self.heap.pop_farthest();
            }
            self.heap.push(key, next_use);
        }
    }
}

/// A request with no later request for its key: farther than any position.
pub const NEVER: usize = usize::MAX;
const ABSENT: u32 = u32::MAX;

/// An indexed binary max-heap of resident keys by next-request position; each key's slot
/// is recorded so a hit re-positions its key in O(log capacity) with no stale entries.
struct FarthestFirst {
    heap: Vec<Key>,
    slot: Vec<u32>,
    next_use: Vec<usize>,
}

impl FarthestFirst {
    fn new(n_keys: u32) -> FarthestFirst {
        FarthestFirst {
            heap: Vec::new(),
            slot: vec![ABSENT; n_keys as usize],
            next_use: vec![NEVER; n_keys as usize],
        }
    }

    fn len(&self) -> usize {
        self.heap.len()
    }

    fn contains(&self, key: Key) -> bool {
        self.slot[key.index()] != ABSENT
    }

    fn push(&mut self, key: Key, next_use: usize) {
        self.next_use[key.index()] = next_use;
        self.slot[key.index()] = self.heap.len() as u32;
        self.heap.push(key);
        self.sift_up(self.heap.len() - 1);
    }

    /// A hit: the key's next request moves later, so it can only rise.
    fn postpone(&mut self, key: Key, next_use: usize) {
        debug_assert!(next_use > self.next_use[key.index()]);
        self.next_use[key.index()] = next_use;
        self.sift_up(self.slot[key.index()] as usize);
    }

    fn pop_farthest(&mut self) -> Key {
        let top = self.heap.swap_remove(0);
        self.slot[top.index()] = ABSENT;
        if let Some(&moved) = self.heap.first() {
            self.slot[moved.index()] = 0;
            self.sift_down(0);
        }
        top
    }

    fn priority(&self, at: usize) -> usize {
        self.next_use[self.heap[at].index()]
    }

    fn swap(&mut self, a: usize, b: usize) {
        self.heap.swap(a, b);
        self.slot[self.heap[a].index()] = a as u32;
        self.slot[self.heap[b].index()] = b as u32;
    }

    fn sift_up(&mut self, mut at: usize) {
        while at > 0 {
            let parent = (at - 1) / 2;
            if self.priority(parent) >= self.priority(at) {
                break;
            }
            self.swap(parent, at);
            at = parent;
        }
    }

    fn sift_down(&mut self, mut at: usize) {
        loop {
            let (left, right) = (2 * at + 1, 2 * at + 2);
            let mut largest = at;
            if left < self.heap.len() && self.priority(left) > self.priority(largest) {
                largest = left;
            }
            if right < self.heap.len() && self.priority(right) > self.priority(largest) {
                largest = right;
            }
            if largest == at {
                return;
            }
            self.swap(at, largest);
            at = largest;
        }
    }
}

/// LRU's misses at every capacity in `capacities`, from one pass (Mattson, Gecsei, Slutz
/// and Traiger, "Evaluation techniques for storage hierarchies", 1970).
pub fn lru_misses(keys: &[Key], n_keys: u32, capacities: &[u32]) -> Vec<u64> {
    let mut stack = StackDistances::new(n_keys, keys.len());
    stack.feed(keys);
    stack.misses(capacities)
}

/// The histogram of a trace's stack distances, fed a stretch at a time.
///
/// A request's stack distance is 1 + the number of distinct keys requested since the same
/// key's previous request; LRU with capacity `c` hits exactly the requests at distance
/// ≤ `c` (the inclusion property). A Fenwick tree over request positions, holding a 1 at
/// each key's latest request, counts those distinct keys in O(log n).
pub struct StackDistances {
    latest: Vec<usize>,
    marks: Fenwick,
    /// `at_distance[d]`: requests at stack distance d (1 ≤ d ≤ n_keys); index 0 is unused.
    at_distance: Vec<u64>,
    cold: u64,
    /// Requests fed so far: the position of the next one.
    position: usize,
}

impl StackDistances {
    /// For a trace of `len` requests over keys `0..n_keys`.
    pub fn new(n_keys: u32, len: usize) -> StackDistances {
        StackDistances {
            latest: vec![NEVER; n_keys as usize],
            marks: Fenwick::new(len),
            at_distance: vec![0; n_keys as usize + 2],
            cold: 0,
            position: 0,
        }
    }

    /// Counts the next stretch of the trace.
    pub fn feed(&mut self, keys: &[Key]) {
        assert!(
            self.position + keys.len() <= self.marks.len(),
            "no more requests than the trace was sized for"
        );
        for key in keys {
            let i = self.position;
            let previous = self.latest[key.index()];
            if previous == NEVER {
                self.cold += 1;
            } else {
                let distance = self.marks.prefix_sum(i) - self.marks.prefix_sum(previous + 1) + 1;
                self.at_distance[distance as usize] += 1;
                self.marks.add(previous, -1);
            }
            self.marks.add(i, 1);
            self.latest[key.index()] = i;
            self.position += 1;
        }
    }

    /// LRU's misses on the requests fed so far, at each of `capacities`.
    pub fn misses(&self, capacities: &[u32]) -> Vec<u64> {
        // farther_than[c]: requests at distance > c, so LRU's misses at capacity c are
        // cold + farther_than[c] (capacities beyond n_keys behave like n_keys).
        let mut farther_than = vec![0u64; self.at_distance.len()];
        for d in (0..self.at_distance.len() - 1).rev() {
            farther_than[d] = farther_than[d + 1] + self.at_distance[d + 1];
        }
        capacities
            .iter()
            .map(|&capacity| {
                let capacity = (capacity as usize).min(farther_than.len() - 1);
                self.cold + farther_than[capacity]
            })
            .collect()
    }
}

/// A Fenwick (binary indexed) tree of counts over positions `0..n`.
struct Fenwick {
    tree: Vec<i32>,
}

impl Fenwick {
    fn new(n: usize) -> Fenwick {
        Fenwick {
            tree: vec![0; n + 1],
        }
    }

    /// The number of positions.
    fn len(&self) -> usize {
        self.tree.len() - 1
    }

    fn add(&mut self, position: usize, delta: i32) {
        let mut at = position + 1;
        while at < self.tree.len() {
            self.tree[at] += delta;
            at += at & at.wrapping_neg();
        }
    }

    /// The sum over positions `0..end`.
    fn prefix_sum(&self, end: usize) -> i64 {
        let mut sum = 0i64;
        let mut at = end;
        while at > 0 {
            sum += self.tree[at] as i64;
            at &= at - 1;
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace(ids: &[u32]) -> Vec<Key> {
        ids.iter().map(|&id| Key(id)).collect()
    }

    #[test]
    fn belady_evicts_the_farthest_next_use() {
        // Capacity 2: A B C A B. C misses with A (next at 3) and B (next at 4) resident →
        // evict B; A hits; B misses (evicting C or A, neither requested again).
        // Misses: A B C B = 4, against LRU's 5 (every request misses).
        let keys = trace(&[0, 1, 2, 0, 1]);
        assert_eq!(belady_misses(&keys, 3, 2), 4);
        assert_eq!(
            misses(
                TracePolicy::Evict(EvictionKind::Lru),
                &EvictionParams::default(),
                2,
                &keys,
                3,
                0
            ),
            5
        );
        assert_eq!(belady_misses(&keys, 3, 0), 5);
    }

    #[test]
    fn stack_distances_give_lru_misses_at_every_capacity() {
        // A B C A B C A: the three cold misses, then four requests at distance 3.
        // Capacity 1 or 2 → 3 + 4 = 7 misses; capacity ≥ 3 → 3.
        let keys = trace(&[0, 1, 2, 0, 1, 2, 0]);
        assert_eq!(
            lru_misses(&keys, 3, &[0, 1, 2, 3, 4, 100]),
            [7, 7, 7, 3, 3, 3]
        );
        // A A B A: distances cold, 1, cold, 2 → capacity 1: 3 misses; capacity 2: 2.
        assert_eq!(lru_misses(&trace(&[0, 0, 1, 0]), 2, &[1, 2]), [3, 2]);
    }

    #[test]
    fn room_beyond_the_distinct_keys_means_everything_fits() {
        // A B C A B C A over 3 keys: only the 3 cold requests miss, whatever the policy,
        // at capacity 3 and at u32::MAX (which must not size anything by the capacity).
        let keys = trace(&[0, 1, 2, 0, 1, 2, 0]);
        for name in TracePolicy::names() {
            let policy = TracePolicy::from_name(name).expect("listed");
            for capacity in [3, 4, u32::MAX] {
                let misses = misses(policy, &EvictionParams::default(), capacity, &keys, 3, 7);
                assert_eq!(misses, 3, "{name} at {capacity}");
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for name in TracePolicy::names() {
            assert_eq!(
                TracePolicy::from_name(name).map(TracePolicy::name),
                Some(name)
            );
        }
        assert_eq!(TracePolicy::from_name("opt"), None);
    }
}
