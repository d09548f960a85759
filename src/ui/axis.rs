//! Axis ranges and tick positions: round numbers a reader can interpolate between.

/// Steps that read well on a value axis: 1, 2 and 5 times a power of ten.
const VALUE_STEPS: [f64; 3] = [1.0, 2.0, 5.0];

/// Steps that read well on a time axis, in seconds: clock-like multiples.
const TIME_STEPS_S: [f64; 19] = [
    0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1_800.0,
    3_600.0, 7_200.0, 21_600.0, 43_200.0,
];

/// The smallest 1-2-5 step that splits `span` into at most `max_ticks` intervals.
pub fn nice_step(span: f64, max_ticks: usize) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / max_ticks.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    VALUE_STEPS
        .iter()
        .chain(std::iter::once(&10.0))
        .map(|m| m * power)
        .find(|step| *step >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// A value axis from zero: the top is `max` rounded up to a whole step, and the ticks
/// are every step from 0 to the top. An empty or zero series still gets a unit axis.
pub fn zero_based(max: f64, max_ticks: usize) -> (f64, Vec<f64>) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let step = nice_step(max, max_ticks);
    let top = (max / step - 1e-9).ceil().max(1.0) * step;
    let n = (top / step).round() as usize;
    (top, (0..=n).map(|i| i as f64 * step).collect())
}

/// Ticks for a time axis over `[0, end_s]`, at clock-like steps, at most `max_ticks` + 1.
pub fn time_ticks(end_s: f64, max_ticks: usize) -> Vec<f64> {
    if !(end_s.is_finite() && end_s > 0.0) {
        return vec![0.0];
    }
    let raw = end_s / max_ticks.max(1) as f64;
    let step = TIME_STEPS_S
        .iter()
        .copied()
        .find(|step| *step >= raw)
        .unwrap_or_else(|| (raw / 86_400.0).ceil() * 86_400.0);
    let n = (end_s / step + 1e-9).floor() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// Ticks for a logarithmic axis over `[min, max]` (both positive): 1, 2 and 5 times each
/// power of ten that fit, else the powers of ten alone, else every other or third power,
/// so there are at most `max_ticks` + 1 ticks (and at least the ends' decades).
pub fn log_ticks(min: f64, max: f64, max_ticks: usize) -> Vec<f64> {
    if !(min.is_finite() && max.is_finite() && min > 0.0 && max >= min) {
        return Vec::new();
    }
    let first = min.log10().floor() as i32;
    let last = max.log10().ceil() as i32;
    let within = |value: &f64| *value >= min * (1.0 - 1e-9) && *value <= max * (1.0 + 1e-9);
    let with_steps: Vec<f64> = (first..=last)
        .flat_map(|power| VALUE_STEPS.map(|step| step * 10f64.powi(power)))
        .filter(within)
        .collect();
    if with_steps.len() <= max_ticks + 1 {
        return with_steps;
    }
    let powers: Vec<f64> = (first..=last)
        .map(|power| 10f64.powi(power))
        .filter(within)
        .collect();
    let every = powers.len().div_ceil(max_ticks.max(1) + 1).max(1);
    powers.into_iter().step_by(every).collect()
}

/// The decades a logarithmic axis spans to show `values`: from the power of ten at or
/// below the smallest positive one to the power of ten above the largest, at least one
/// decade; (1, 10) when no value is positive. Zeros and gaps take no part.
pub fn log_span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (low, high) = values
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold((f64::INFINITY, 0.0f64), |(low, high), v| {
            (low.min(v), high.max(v))
        });
    if high <= 0.0 {
        return (1.0, 10.0);
    }
    let low = 10f64.powi(low.log10().floor() as i32);
    let high = 10f64.powi(high.log10().ceil() as i32).max(low * 10.0);
    (low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_five() {
        // 0..100 in at most 5 intervals: raw step 20 → 20.
        assert_eq!(nice_step(100.0, 5), 20.0);
        // 0..7 in at most 5: raw 1.4 → 2.
        assert_eq!(nice_step(7.0, 5), 2.0);
        // 0..0.3 in at most 4: raw 0.075 → 0.1.
        assert!((nice_step(0.3, 4) - 0.1).abs() < 1e-12);
        // 0..38 in at most 4: raw 9.5 → 10.
        assert_eq!(nice_step(38.0, 4), 10.0);
        assert_eq!(nice_step(0.0, 4), 1.0);
    }

    #[test]
    fn zero_based_rounds_the_top_up() {
        // max 38, ≤ 4 intervals → step 10, top 40, ticks 0 10 20 30 40.
        assert_eq!(
            zero_based(38.0, 4),
            (40.0, vec![0.0, 10.0, 20.0, 30.0, 40.0])
        );
        // An exact multiple stays: max 40 → top 40.
        assert_eq!(zero_based(40.0, 4).0, 40.0);
        // Nothing to show yet: a 0..1 axis.
        assert_eq!(zero_based(0.0, 4).0, 1.0);
        assert_eq!(zero_based(f64::NAN, 4).0, 1.0);
    }

    #[test]
    fn time_ticks_use_clock_steps() {
        // 60 s in ≤ 6 intervals: raw 10 s → 0 10 … 60.
        assert_eq!(
            time_ticks(60.0, 6),
            vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
        );
        // 24 h in ≤ 6: raw 4 h → 6 h steps, 0 6 12 18 24 h.
        assert_eq!(
            time_ticks(86_400.0, 6),
            vec![0.0, 21_600.0, 43_200.0, 64_800.0, 86_400.0]
        );
        // 100 s in ≤ 5: raw 20 s → 30 s steps, 0 30 60 90.
        assert_eq!(time_ticks(100.0, 5), vec![0.0, 30.0, 60.0, 90.0]);
    }

    #[test]
    fn log_ticks_step_one_two_five_then_by_decades() {
        // 1..1000 with room for 10 ticks: 1 2 5 10 20 50 100 200 500 1000.
        assert_eq!(
            log_ticks(1.0, 1_000.0, 9),
            [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1_000.0]
        );
        // Room for 4: the decades alone.
        assert_eq!(log_ticks(1.0, 1_000.0, 4), [1.0, 10.0, 100.0, 1_000.0]);
        // 10..10^7 with room for 3 ticks: 7 decades, every other one.
        assert_eq!(log_ticks(10.0, 1e7, 3), [10.0, 1_000.0, 1e5, 1e7]);
        // Only ticks inside the range: 3..40 → 5 10 20.
        assert_eq!(log_ticks(3.0, 40.0, 9), [5.0, 10.0, 20.0]);
        assert!(log_ticks(0.0, 10.0, 5).is_empty());
    }

    #[test]
    fn ticks_never_exceed_the_budget() {
        for end in [0.5, 7.0, 61.0, 999.0, 3_601.0, 86_400.0, 604_800.0] {
            for max_ticks in 2..10 {
                assert!(
                    time_ticks(end, max_ticks).len() <= max_ticks + 1,
                    "{end} {max_ticks}"
                );
                let (top, ticks) = zero_based(end, max_ticks);
                assert!(
                    top >= end && ticks.len() <= max_ticks + 1,
                    "{end} {max_ticks}"
                );
            }
        }
    }

    #[test]
    fn a_log_span_brackets_the_positive_values_in_decades() {
        // 0.3 ms … 850 ms: from 0.1 to 1 000, zeros and gaps ignored.
        let values = [0.0, 0.3, f64::NAN, 12.0, 850.0];
        assert_eq!(log_span(values.into_iter()), (0.1, 1_000.0));
        // One value on a power of ten still gets a decade.
        assert_eq!(log_span([10.0].into_iter()), (10.0, 100.0));
        assert_eq!(log_span([0.0, f64::NAN].into_iter()), (1.0, 10.0));
    }
}
