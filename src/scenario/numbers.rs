//! Numbers in messages as people write them: `1e308`, not a 309-digit run of zeros.
//!
//! Rust's `Display` for `f64` (and serde's messages, which use it) never switches to an
//! exponent, so a hostile `1e308` or `1e-300` would fill a message with digits. Every
//! message a scenario error carries goes through [`readable`] once, where it is made, so
//! the formatting of each message stays the plain `{value}` it reads as in the source.

/// A run of digits longer than this is not meant to be read digit by digit. `u64::MAX` has
/// 20 digits and stays whole; `f64`'s `Display` writes 1e21 and above with 22 or more.
const MAX_PLAIN_CHARS: usize = 21;

/// `message` with every number longer than [`MAX_PLAIN_CHARS`] written in scientific
/// notation, shortest round-trip digits (`1e308`, `1.5e-300`, `-2.5e40`).
pub fn readable(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(256));
    let mut rest = message;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let len = run
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(run.len());
        // A sentence's full stop is not the number's.
        let number = run[..len].trim_end_matches('.');
        match number.parse::<f64>() {
            Ok(value) if number.len() > MAX_PLAIN_CHARS => out.push_str(&format!("{value:e}")),
            _ => out.push_str(number),
        }
        rest = &run[number.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_numbers_take_an_exponent_and_short_ones_stay() {
        let huge = format!("got {}", 1e308);
        assert_eq!(huge.len(), 4 + 309);
        assert_eq!(readable(&huge), "got 1e308");
        assert_eq!(
            readable(&format!("must be at least 0 (got -{}).", 2.5e40)),
            "must be at least 0 (got -2.5e40)."
        );
        assert_eq!(readable(&format!("got {}", 1.5e-300)), "got 1.5e-300");
        // serde writes a float with a decimal point: `1000…000.0`.
        assert_eq!(
            readable(&format!("floating point `{}.0`, expected u32", 1e300)),
            "floating point `1e300`, expected u32"
        );
        let plain = "between 0 and 10000000 (got 18446744073709551615), line 3 column 14.";
        assert_eq!(readable(plain), plain);
        assert_eq!(
            readable("0.30000000000000004 v1.2"),
            "0.30000000000000004 v1.2"
        );
        assert_eq!(readable(""), "");
    }
}
