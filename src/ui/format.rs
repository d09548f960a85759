//! Numbers as people read them: grouped counts, milliseconds, percentages.
//!
//! Pure functions, so the page's text is tested natively. A value that is not finite (an
//! empty run's ratio, say) shows as a dash rather than "NaN".

use crate::sim::config::Latency;

const MISSING: &str = "–";

/// `1234567` → `1,234,567`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A decimal number with precision that shrinks as it grows: `0.52`, `12.5`, `1,250`; whole
/// numbers without decimals: `60`.
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return MISSING.to_string();
    }
    let magnitude = x.abs();
    if magnitude >= 1_000.0 {
        let sign = if x < 0.0 { "-" } else { "" };
        // Rounded to a whole number first, so the cast is exact for any realistic value.
        format!("{sign}{}", count(magnitude.round() as u64))
    } else if magnitude >= 100.0 || x.fract() == 0.0 {
        format!("{x:.0}")
    } else if magnitude >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// Milliseconds: `12.5 ms`.
pub fn ms(x: f64) -> String {
    if !x.is_finite() {
        return MISSING.to_string();
    }
    format!("{} ms", number(x))
}

/// A duration given in milliseconds, in seconds from one second up: `250 ms`, `1.50 s`.
pub fn duration_ms(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1_000.0 {
        format!("{} s", number(x / 1_000.0))
    } else {
        ms(x)
    }
}

/// A fraction in [0, 1] as a percentage with one decimal: `0.9321` → `93.2 %`.
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return MISSING.to_string();
    }
    format!("{:.1} %", fraction * 100.0)
}

/// A latency distribution in a few words.
pub fn latency(latency: &Latency) -> String {
    match latency {
        Latency::Constant { ms: value } => ms(*value),
        Latency::Exponential { mean_ms } => format!("mean {} (exponential)", ms(*mean_ms)),
        Latency::LogNormal { mean_ms, p99_ms } => {
            format!("mean {}, p99 {}", ms(*mean_ms), ms(*p99_ms))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(120_000), "120,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn numbers_keep_about_three_significant_digits() {
        assert_eq!(number(0.5), "0.50");
        assert_eq!(number(2.0), "2");
        assert_eq!(number(60.0), "60");
        assert_eq!(number(3.456), "3.46");
        assert_eq!(number(12.46), "12.5");
        assert_eq!(number(250.4), "250");
        assert_eq!(number(2_000.0), "2,000");
        assert_eq!(number(-1_500.0), "-1,500");
        assert_eq!(number(f64::NAN), "–");
        assert_eq!(number(f64::INFINITY), "–");
    }

    #[test]
    fn milliseconds_and_percentages() {
        assert_eq!(ms(0.5), "0.50 ms");
        assert_eq!(ms(f64::NAN), "–");
        assert_eq!(duration_ms(250.0), "250 ms");
        assert_eq!(duration_ms(1_500.0), "1.50 s");
        assert_eq!(duration_ms(60_000.0), "60 s");
        assert_eq!(percent(0.9321), "93.2 %");
        assert_eq!(percent(1.0), "100.0 %");
        assert_eq!(percent(f64::NAN), "–");
    }

    #[test]
    fn latencies_in_words() {
        assert_eq!(latency(&Latency::Constant { ms: 0.5 }), "0.50 ms");
        assert_eq!(
            latency(&Latency::Exponential { mean_ms: 5.5 }),
            "mean 5.50 ms (exponential)"
        );
        assert_eq!(
            latency(&Latency::LogNormal {
                mean_ms: 5.0,
                p99_ms: 25.0
            }),
            "mean 5 ms, p99 25 ms"
        );
    }
}
