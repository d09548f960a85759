//! Numbers for people: units, sensible precision, and a clock.
//!
//! Every value the page shows goes through here, so cards, axes and read-outs agree.

/// Three significant digits, without a trailing `.0` run: 0.123, 1.23, 12.3, 123, 1234.
pub fn significant(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let magnitude = value.abs();
    let decimals = if magnitude == 0.0 || magnitude >= 100.0 {
        0
    } else if magnitude >= 10.0 {
        1
    } else if magnitude >= 1.0 {
        2
    } else if magnitude >= 0.01 {
        3
    } else {
        4
    };
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    // Rounding can leave "-0" for tiny negatives; a sign on zero only confuses.
    if text == "-0" {
        "0".to_string()
    } else {
        text
    }
}

/// A count or rate with a metric suffix: 950, 12.3 k, 4.5 M, 1.2 G.
pub fn metric(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 1e9 {
        format!("{} G", significant(value / 1e9))
    } else if magnitude >= 1e6 {
        format!("{} M", significant(value / 1e6))
    } else if magnitude >= 1e4 {
        format!("{} k", significant(value / 1e3))
    } else {
        significant(value)
    }
}

/// An exact count with thin-space digit groups: 1 234 567.
pub fn count(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{2009}');
        }
        out.push(digit);
    }
    out
}

/// A duration given in milliseconds, in the unit that reads best: 850 µs, 12.3 ms, 1.25 s, 2.5 min.
pub fn millis(ms: f64) -> String {
    if !ms.is_finite() {
        return "–".to_string();
    }
    let magnitude = ms.abs();
    if magnitude == 0.0 {
        "0 ms".to_string()
    } else if magnitude < 1.0 {
        format!("{} µs", significant(ms * 1_000.0))
    } else if magnitude < 1_000.0 {
        format!("{} ms", significant(ms))
    } else if magnitude < 120_000.0 {
        format!("{} s", significant(ms / 1_000.0))
    } else {
        format!("{} min", significant(ms / 60_000.0))
    }
}

/// A fraction in [0, 1] as a percentage with one decimal: 0.9345 → 93.4 %.
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "–".to_string();
    }
    format!("{:.1} %", fraction * 100.0)
}

/// Simulated time as a clock: 3725.4 s → 1:02:05.4; under an hour, 05:07.0.
pub fn clock(seconds: f64) -> String {
    let tenths = (seconds.max(0.0) * 10.0).floor() as u64;
    let (hours, rest) = (tenths / 36_000, tenths % 36_000);
    let (minutes, rest) = (rest / 600, rest % 600);
    let (secs, tenth) = (rest / 10, rest % 10);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{secs:02}.{tenth}")
    } else {
        format!("{minutes:02}:{secs:02}.{tenth}")
    }
}

/// An axis label for seconds of simulated time: 45 s, 2 min, 1.5 h.
pub fn seconds_short(seconds: f64) -> String {
    if seconds.abs() >= 3_600.0 && seconds % 3_600.0 != 0.0 && seconds % 60.0 == 0.0 {
        format!("{} min", significant(seconds / 60.0))
    } else if seconds.abs() >= 3_600.0 {
        format!("{} h", significant(seconds / 3_600.0))
    } else if seconds.abs() >= 60.0 && seconds % 60.0 == 0.0 {
        format!("{} min", significant(seconds / 60.0))
    } else {
        format!("{} s", significant(seconds))
    }
}

/// A number as typed into a field: integers without a decimal point, others in the
/// shortest form that reads back to the same value.
pub use crate::scenario::fields::editable;

/// A field's value as a screen reader announces it: `2,300 req/s`, `0.7`. Whole numbers
/// get comma groups, which speech reads as one number where a thin space may split it.
pub fn spoken(value: f64, unit: &str) -> String {
    let number = if value.fract() == 0.0 && value.abs() < 1e15 {
        let digits = format!("{}", value.abs() as u64);
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        if value < 0.0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    } else {
        significant(value)
    };
    if unit.is_empty() {
        number
    } else {
        format!("{number} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_keeps_three_digits() {
        assert_eq!(significant(0.0), "0");
        assert_eq!(significant(0.12345), "0.123");
        assert_eq!(significant(1.2345), "1.23");
        assert_eq!(significant(12.345), "12.3");
        assert_eq!(significant(123.45), "123");
        assert_eq!(significant(2.0), "2");
        assert_eq!(significant(2.50), "2.5");
        assert_eq!(significant(0.004), "0.004");
        assert_eq!(significant(-0.00001), "0");
        assert_eq!(significant(f64::NAN), "–");
    }

    #[test]
    fn metric_suffixes() {
        assert_eq!(metric(950.0), "950");
        assert_eq!(metric(9_999.0), "9999");
        assert_eq!(metric(12_345.0), "12.3 k");
        assert_eq!(metric(4_500_000.0), "4.5 M");
        assert_eq!(metric(1.2e9), "1.2 G");
    }

    #[test]
    fn counts_group_by_thousands() {
        assert_eq!(spoken(2_300.0, "req/s"), "2,300 req/s");
        assert_eq!(spoken(1_234_567.0, "ms"), "1,234,567 ms");
        assert_eq!(spoken(0.7, ""), "0.7");
        assert_eq!(spoken(999.0, "s"), "999 s");
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1\u{2009}000");
        assert_eq!(count(1_234_567), "1\u{2009}234\u{2009}567");
    }

    #[test]
    fn millis_picks_the_unit() {
        assert_eq!(millis(0.0), "0 ms");
        assert_eq!(millis(0.85), "850 µs");
        assert_eq!(millis(12.34), "12.3 ms");
        assert_eq!(millis(1_250.0), "1.25 s");
        // 150 000 ms = 2.5 min.
        assert_eq!(millis(150_000.0), "2.5 min");
    }

    #[test]
    fn percent_has_one_decimal() {
        assert_eq!(percent(0.9344), "93.4 %");
        assert_eq!(percent(0.5), "50.0 %");
        assert_eq!(percent(f64::NAN), "–");
    }

    #[test]
    fn clock_reads_like_a_stopwatch() {
        assert_eq!(clock(0.0), "00:00.0");
        assert_eq!(clock(65.25), "01:05.2");
        // 3725.4 s = 1 h 2 min 5.4 s.
        assert_eq!(clock(3_725.4), "1:02:05.4");
        assert_eq!(clock(-3.0), "00:00.0");
    }

    #[test]
    fn seconds_short_for_axes() {
        assert_eq!(seconds_short(45.0), "45 s");
        assert_eq!(seconds_short(120.0), "2 min");
        assert_eq!(seconds_short(7_200.0), "2 h");
        assert_eq!(seconds_short(5_400.0), "90 min");
        assert_eq!(seconds_short(2.5), "2.5 s");
    }

    #[test]
    fn editable_round_trips() {
        assert_eq!(editable(2_000.0), "2000");
        assert_eq!(editable(0.9), "0.9");
        assert_eq!(editable(0.1 + 0.2), "0.30000000000000004");
    }
}
