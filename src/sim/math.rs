//! `exp`, `ln`, `sin` and the normal quantile from `+ − × ÷ sqrt` alone.
//!
//! IEEE 754 makes those five operations exact-rounded on every platform, whereas the
//! platform's `exp`/`ln`/`sin` come from different libraries natively (glibc) and in wasm
//! (a musl port) and may differ in the last bit. Every float that decides an event goes
//! through here, so a run's digest is the same natively and in the browser. Accuracy is a
//! few ulps, far below anything a latency in microseconds can show.

/// ln 2 split in a high part with 32 trailing zero bits (so `k · LN_2_HI` is exact for
/// any exponent `k`) and the rest: fdlibm's `ln2_hi` and `ln2_lo`.
const LN_2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
const LN_2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);
const LN_2: f64 = std::f64::consts::LN_2;
const PI: f64 = std::f64::consts::PI;

/// `1 / n!` for n in 0..=14, evaluated at compile time (IEEE, so the same everywhere).
const INVERSE_FACTORIALS: [f64; 15] = {
    let mut table = [1.0; 15];
    let mut n = 1;
    while n < 15 {
        table[n] = table[n - 1] / n as f64;
        n += 1;
    }
    table
};

/// `1 / (2n + 1)` for n in 0..12.
const INVERSE_ODDS: [f64; 12] = {
    let mut table = [1.0; 12];
    let mut n = 0;
    while n < 12 {
        table[n] = 1.0 / (2 * n + 1) as f64;
        n += 1;
    }
    table
};

/// `e^x`; 0 below −745, infinity above 709.
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    // x = k·ln 2 + r with |r| ≤ ln 2 / 2; ln 2 is split in two so k·LN_2_HI is exact.
    // k = round(x / ln 2), by truncation and a correction (`round` is a library call).
    let shifted = x / LN_2 + 0.5;
    let mut k = shifted as i64 as f64;
    if k > shifted {
        k -= 1.0;
    }
    let r = (x - k * LN_2_HI) - k * LN_2_LO;
    // Taylor series of e^r to r^14 / 14! by Horner's rule: the remainder is below 1e-17
    // for |r| ≤ 0.35.
    let mut sum = INVERSE_FACTORIALS[14];
    for n in (0..14).rev() {
        sum = sum * r + INVERSE_FACTORIALS[n];
    }
    scale_by_power_of_two(sum, k as i32)
}

/// `x · 2^k`, exact unless the result is subnormal.
fn scale_by_power_of_two(x: f64, k: i32) -> f64 {
    // Two steps keep each factor a normal double for k in [−1074, 1023].
    let half = k / 2;
    x * power_of_two(half) * power_of_two(k - half)
}

fn power_of_two(k: i32) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// The natural logarithm; `x` must be positive and finite (the engine never asks for more).
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x.is_infinite() {
        return x;
    }
    // Subnormals: scale up first so the exponent field is meaningful.
    let (x, bias) = if x < f64::MIN_POSITIVE {
        (x * power_of_two(54), -54)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let mut exponent = ((bits >> 52) & 0x7FF) as i32 - 1023 + bias;
    let mut mantissa = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | (1023u64 << 52));
    // Centre the mantissa on 1: [√½, √2).
    if mantissa > std::f64::consts::SQRT_2 {
        mantissa /= 2.0;
        exponent += 1;
    }
    // ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172: the series to s^23 suffices.
    let s = (mantissa - 1.0) / (mantissa + 1.0);
    let s2 = s * s;
    let mut sum = INVERSE_ODDS[11];
    for n in (0..11).rev() {
        sum = sum * s2 + INVERSE_ODDS[n];
    }
    let sum = sum * s;
    let e = exponent as f64;
    e * LN_2_HI + (2.0 * sum + e * LN_2_LO)
}

/// `sin(2π · turns)`.
pub fn sin_turns(turns: f64) -> f64 {
    // Reduce to a fraction of a turn in [0, 1), exactly (floor and subtraction of a
    // nearby integer are exact), then fold onto [−¼, ¼] turn where the series is short.
    let mut f = turns - turns.floor();
    if f >= 0.5 {
        return -sin_turns(f - 0.5);
    }
    if f > 0.25 {
        f = 0.5 - f;
    }
    let x = 2.0 * PI * f;
    let x2 = x * x;
    // Taylor series to x^21 / 21!: the remainder is below 1e-17 for |x| ≤ π/2.
    let mut term = x;
    let mut sum = x;
    for n in 1..=10 {
        term = -term * x2 / ((2 * n) * (2 * n + 1)) as f64;
        sum += term;
    }
    sum
}

/// The standard normal quantile Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation
/// (relative error below 1.2e-9), which needs only `ln` and `sqrt`.
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.024_25;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < P_LOW {
        tail((-2.0 * ln(p)).sqrt())
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * ln(1.0 - p)).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance * b.abs().max(f64::MIN_POSITIVE)
    }

    #[test]
    fn exp_and_ln_match_the_platform_within_a_few_ulps() {
        let mut x = -700.0;
        while x < 700.0 {
            assert!(close(exp(x), x.exp(), 1e-15), "exp({x})");
            x += 0.37;
        }
        let mut y = 1e-300;
        while y < 1e300 {
            assert!(close(ln(y), y.ln(), 1e-15), "ln({y})");
            assert!(close(ln(y * 1.37), (y * 1.37).ln(), 1e-15));
            y *= 7.3;
        }
        assert_eq!((ln(1.0), exp(0.0)), (0.0, 1.0));
        assert!(close(ln(5e-324), (5e-324f64).ln(), 1e-15));
    }

    #[test]
    fn sin_matches_the_platform() {
        for i in -2_000..2_000 {
            let turns = i as f64 * 0.013_7;
            let expected = (2.0 * PI * turns).sin();
            // The reference rounds 2π·turns first, which costs up to ~1e-13 at 27 turns.
            assert!((sin_turns(turns) - expected).abs() < 1e-12, "{turns}");
        }
    }

    #[test]
    fn normal_quantile_known_values() {
        // Φ⁻¹(0.99) = 2.326 347 874, Φ⁻¹(0.975) = 1.959 963 985, Φ⁻¹(0.001) = −3.090 232 306.
        assert!(close(normal_quantile(0.99), 2.326_347_874, 1e-8));
        assert!(close(normal_quantile(0.975), 1.959_963_985, 1e-8));
        assert!(close(normal_quantile(0.001), -3.090_232_306, 1e-8));
        assert_eq!(normal_quantile(0.5), 0.0);
    }
}
