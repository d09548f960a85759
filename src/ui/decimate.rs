//! Min-max decimation of a time series to a few points per pixel, for charts.
//!
//! Within each bucket of consecutive points it keeps the lowest and the highest point, in
//! their original order, so spikes and dips survive however far the series is reduced
//! (the algorithm Chart.js and ECharts call `min-max`). Gaps survive too: a bucket with a
//! non-finite value keeps its first one as a marker, where the line must break. Pure and
//! allocation-bounded: the output has at most `3 × buckets` points.

/// Reduces `(x, y)` points (x ascending) to at most `3 × buckets` points that keep every
/// bucket's minimum and maximum, and its first gap (a non-finite `y`), in their original
/// order. Series that already fit are returned unchanged.
pub fn min_max(points: &[(f64, f64)], buckets: usize) -> Vec<(f64, f64)> {
    if buckets == 0 || points.len() <= 3 * buckets {
        return points.to_vec();
    }
    let mut out = Vec::with_capacity(3 * buckets);
    for bucket in 0..buckets {
        let start = bucket * points.len() / buckets;
        let end = (bucket + 1) * points.len() / buckets;
        let mut low: Option<(usize, f64)> = None;
        let mut high: Option<(usize, f64)> = None;
        let mut gap: Option<usize> = None;
        for (i, &(_, y)) in points.iter().enumerate().take(end).skip(start) {
            if !y.is_finite() {
                gap = gap.or(Some(i));
                continue;
            }
            if low.is_none_or(|(_, v)| y < v) {
                low = Some((i, y));
            }
            if high.is_none_or(|(_, v)| y > v) {
                high = Some((i, y));
            }
        }
        let mut kept = [low.map(|(i, _)| i), high.map(|(i, _)| i), gap];
        kept.sort_unstable();
        let mut last = None;
        for index in kept.into_iter().flatten() {
            if last != Some(index) {
                out.push(points[index]);
                last = Some(index);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(ys: &[f64]) -> Vec<(f64, f64)> {
        ys.iter().enumerate().map(|(i, &y)| (i as f64, y)).collect()
    }

    #[test]
    fn short_series_pass_through() {
        let points = series(&[1.0, 2.0, 3.0]);
        assert_eq!(min_max(&points, 2), points);
    }

    #[test]
    fn keeps_each_buckets_extremes_in_order() {
        // 8 points, 2 buckets of 4: [5 1 9 3] → (1, 1) then (2, 9); [4 4 0 7] → (6, 0), (7, 7).
        let points = series(&[5.0, 1.0, 9.0, 3.0, 4.0, 4.0, 0.0, 7.0]);
        assert_eq!(
            min_max(&points, 2),
            vec![(1.0, 1.0), (2.0, 9.0), (6.0, 0.0), (7.0, 7.0)]
        );
    }

    #[test]
    fn a_single_spike_survives_heavy_reduction() {
        let mut ys = vec![1.0; 100_000];
        ys[77_777] = 500.0;
        let out = min_max(&series(&ys), 100);
        assert!(out.len() <= 300);
        assert!(out.contains(&(77_777.0, 500.0)));
        assert!(out.windows(2).all(|w| w[0].0 < w[1].0), "x stays ascending");
    }

    #[test]
    fn a_gap_is_kept_in_order_as_a_marker() {
        // One bucket of 6: the minimum (0, 1), the first gap (1, NaN), the maximum (2, 3).
        let points = series(&[1.0, f64::NAN, 3.0, 2.0, f64::NAN, f64::NAN]);
        let out = min_max(&points, 1);
        assert_eq!(out.len(), 3);
        assert_eq!((out[0], out[2]), ((0.0, 1.0), (2.0, 3.0)));
        assert!(out[1].0 == 1.0 && out[1].1.is_nan());
    }
}
