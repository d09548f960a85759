//! The form's side of the field declarations in `scenario::fields`: slider placement
//! and the A/B differences. Panels render the declarations, the reducer applies them.

pub use crate::scenario::fields::{apply, find, registry, Field, Group, Kind, List, Range, Slider};
use crate::scenario::fields::{instances, At};
use crate::scenario::Scenario;

/// The fields where `b` differs from `a`: (label, A's value, B's value), panel by panel.
/// A field that applies to one side only shows as `—` on the other.
pub fn differences(a: &Scenario, b: &Scenario) -> Vec<(String, String, String)> {
    let shown = |field: &Field, at: At, scenario: &Scenario| match (
        &field.kind,
        field.applies(scenario, at),
    ) {
        (_, false) => "—".to_string(),
        (Kind::Number { unit, .. }, true) if !unit.is_empty() => {
            format!("{} {unit}", field.text(scenario, at))
        }
        (_, true) => field.text(scenario, at),
    };
    // Items present on either side: the longer side's instances cover both.
    let mut all = instances(a);
    let extra: Vec<_> = instances(b)
        .into_iter()
        .filter(|(f, at)| !all.iter().any(|(g, bt)| std::ptr::eq(*f, *g) && at == bt))
        .collect();
    all.extend(extra);
    all.sort_by_key(|(field, _)| field.group);
    all.into_iter()
        .filter(|(field, at)| field.applies(a, *at) || field.applies(b, *at))
        .map(|(field, at)| {
            (
                field.long_label(at),
                shown(field, at, a),
                shown(field, at, b),
            )
        })
        .filter(|(_, text_a, text_b)| text_a != text_b)
        .collect()
}

/// Slider resolution: positions run over `0..=SLIDER_STEPS`.
pub const SLIDER_STEPS: u32 = 1_000;

/// The slider position of `value`, clamped to the slider's ends.
pub fn to_slider(slider: &Slider, value: f64) -> u32 {
    let fraction = if slider.log {
        let lo = slider.lo.max(f64::MIN_POSITIVE);
        (value.max(lo).ln() - lo.ln()) / (slider.hi.ln() - lo.ln())
    } else {
        (value - slider.lo) / (slider.hi - slider.lo)
    };
    (fraction.clamp(0.0, 1.0) * f64::from(SLIDER_STEPS)).round() as u32
}

/// The value at slider `position`, rounded to a whole number for integer fields and to
/// two significant digits otherwise, so dragging gives tidy values.
pub fn from_slider(slider: &Slider, range: &Range, position: u32) -> f64 {
    let fraction = f64::from(position.min(SLIDER_STEPS)) / f64::from(SLIDER_STEPS);
    let raw = if slider.log {
        let lo = slider.lo.max(f64::MIN_POSITIVE);
        (lo.ln() + fraction * (slider.hi.ln() - lo.ln())).exp()
    } else {
        slider.lo + fraction * (slider.hi - slider.lo)
    };
    let tidy = if raw == 0.0 {
        0.0
    } else {
        let power = 10f64.powf(raw.abs().log10().floor() - 1.0);
        (raw / power).round() * power
    };
    let tidy = if range.integer { tidy.round() } else { tidy };
    let tidy = tidy.clamp(range.min, range.max);
    if range.min_open && tidy <= range.min {
        slider.lo.max(range.min)
    } else {
        // Trim representation noise such as 0.30000000000000004.
        (tidy * 1e9).round() / 1e9
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::fields::add;

    #[test]
    fn sliders_map_both_ways() {
        let fraction = Range::closed(0.0, 1.0);
        let lin = Slider::linear(0.0, 1.0);
        assert_eq!(to_slider(&lin, 0.25), 250);
        assert_eq!(from_slider(&lin, &fraction, 250), 0.25);
        // Log 10..100 000: 1000 is halfway in log space (10^1 .. 10^5, 10^3 at the middle).
        let lg = Slider::log(10.0, 100_000.0);
        let rate = Range::closed(0.0, 1e7);
        assert_eq!(to_slider(&lg, 1_000.0), 500);
        assert_eq!(from_slider(&lg, &rate, 500), 1_000.0);
        assert_eq!(to_slider(&lg, 1.0), 0);
        assert_eq!(to_slider(&lg, 1e9), SLIDER_STEPS);
        // Integer ranges give whole numbers at every position.
        let range = Range::whole(1.0, 1_000.0);
        let slider = Slider::log(1.0, 1_000.0);
        for position in 0..=SLIDER_STEPS {
            let value = from_slider(&slider, &range, position);
            assert_eq!(value.fract(), 0.0);
            assert!((1.0..=1_000.0).contains(&value));
        }
    }

    #[test]
    fn every_slider_stays_within_its_range() {
        // Dragging any slider to either end gives a value the field accepts.
        for field in registry() {
            if let Kind::Number { range, slider, .. } = &field.kind {
                for position in [0, SLIDER_STEPS / 2, SLIDER_STEPS] {
                    let value = from_slider(slider, range, position);
                    assert!(range.contains(value), "{}: {value}", field.name);
                }
            }
        }
    }

    #[test]
    fn differences_name_the_list_item() {
        let a = add(&Scenario::default(), List::Faults).expect("room");
        let b = apply(&a, "faults[0].end_s", "40").expect("a valid end");
        assert_eq!(
            differences(&a, &b),
            vec![(
                "Fault 1: Until".to_string(),
                "36 s".to_string(),
                "40 s".to_string()
            )]
        );
        // A fault on one side only shows as — on the other.
        let none = differences(&Scenario::default(), &a);
        assert!(none.contains(&(
            "Fault 1: From".to_string(),
            "—".to_string(),
            "24 s".to_string()
        )));
    }
}
