//! A log-linear latency histogram over microseconds, in the spirit of HdrHistogram.
//!
//! Values below 256 µs have a bucket each, so they are exact. Above, every power of two
//! `[2^e, 2^(e+1))` is split into 128 equal buckets, so a bucket is at most `1/128` of
//! its smallest value wide. A percentile reports its bucket's midpoint, hence the stated
//! relative error: **at most 0.4 %** (half of 1/128), and the maximum is kept exactly.
//! The whole `u64` range fits in 7,424 buckets (58 KiB), whatever the run's length.

/// Values below this have their own bucket.
const EXACT: u64 = 256;
/// Buckets per power of two above `EXACT`.
const SUB_BUCKETS: u64 = 128;
const BUCKETS: usize = (EXACT + (64 - 8) * SUB_BUCKETS) as usize;

#[derive(Clone, Debug)]
pub struct Histogram {
    counts: Vec<u64>,
    total: u64,
    max: u64,
    /// The smallest and largest bucket touched, so `clear` and percentiles skip the rest.
    low: usize,
    high: usize,
}

impl Default for Histogram {
    fn default() -> Histogram {
        Histogram {
            counts: vec![0; BUCKETS],
            total: 0,
            max: 0,
            low: BUCKETS,
            high: 0,
        }
    }
}

fn bucket_of(value: u64) -> usize {
    if value < EXACT {
        return value as usize;
    }
    let exponent = 63 - value.leading_zeros() as u64;
    let mantissa = value >> (exponent - 7);
    (EXACT + (exponent - 8) * SUB_BUCKETS + (mantissa - SUB_BUCKETS)) as usize
}

/// The midpoint of bucket `index`, in µs (`x.5` for the wide buckets).
fn midpoint_of(index: usize) -> f64 {
    let index = index as u64;
    if index < EXACT {
        return index as f64;
    }
    let exponent = (index - EXACT) / SUB_BUCKETS + 8;
    let mantissa = (index - EXACT) % SUB_BUCKETS + SUB_BUCKETS;
    let width = 1u64 << (exponent - 7);
    (mantissa * width) as f64 + (width as f64 - 1.0) / 2.0
}

impl Histogram {
    pub fn record(&mut self, micros: u64) {
        let index = bucket_of(micros);
        self.counts[index] += 1;
        self.total += 1;
        self.max = self.max.max(micros);
        self.low = self.low.min(index);
        self.high = self.high.max(index);
    }

    pub fn count(&self) -> u64 {
        self.total
    }

    /// The exact largest value, in µs; 0 when empty.
    pub fn max(&self) -> u64 {
        self.max
    }

    /// The value at quantile `q` in [0, 1], in µs, within the stated relative error;
    /// 0 when empty. Never above the exact maximum.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        // The rank of the value sought, 1-based: the smallest rank covering `q`.
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut seen = 0;
        for index in self.low..=self.high {
            seen += self.counts[index];
            if seen >= rank {
                return midpoint_of(index).min(self.max as f64);
            }
        }
        self.max as f64
    }

    /// The value at quantile `q`, in milliseconds.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        self.quantile(q) / 1_000.0
    }

    pub fn max_ms(&self) -> f64 {
        self.max as f64 / 1_000.0
    }

    pub fn clear(&mut self) {
        if self.total > 0 {
            self.counts[self.low..=self.high].fill(0);
        }
        self.total = 0;
        self.max = 0;
        self.low = BUCKETS;
        self.high = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_values_are_exact() {
        // 1..=100: p50 is the 50th value, p99 the 99th.
        let mut histogram = Histogram::default();
        for v in 1..=100 {
            histogram.record(v);
        }
        assert_eq!(histogram.quantile(0.5), 50.0);
        assert_eq!(histogram.quantile(0.99), 99.0);
        assert_eq!(histogram.quantile(1.0), 100.0);
        assert_eq!(histogram.max(), 100);
    }

    #[test]
    fn relative_error_is_within_the_stated_bound() {
        let mut value = 1u64;
        while value < u64::MAX / 3 {
            let mut histogram = Histogram::default();
            histogram.record(value);
            histogram.record(u64::MAX / 2);
            let estimate = histogram.quantile(0.5);
            let error = (estimate - value as f64).abs() / value as f64;
            assert!(error <= 0.004, "{value}: {estimate} ({error})");
            value = value * 3 + 1;
        }
    }

    #[test]
    fn buckets_are_contiguous_and_ordered() {
        // Each bucket's midpoint maps back to it, and indices never decrease.
        let mut previous = 0;
        for index in 0..BUCKETS {
            let midpoint = midpoint_of(index);
            assert_eq!(bucket_of(midpoint as u64), index);
            assert!(index == 0 || midpoint_of(index) > midpoint_of(previous));
            previous = index;
        }
        assert_eq!(bucket_of(u64::MAX), BUCKETS - 1);
    }

    #[test]
    fn clear_empties() {
        let mut histogram = Histogram::default();
        histogram.record(5_000);
        histogram.clear();
        assert_eq!((histogram.count(), histogram.quantile(0.99)), (0, 0.0));
        histogram.record(7);
        assert_eq!(histogram.quantile(0.5), 7.0);
    }
}
