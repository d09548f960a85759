//! The scenario's editable fields: one table that the panels render and the reducer parses.
//!
//! Each field is named by its dotted path in the scenario (`workload.read_fraction`), the
//! same path `Scenario::validate` uses, so an engine error lands at the right control.
//! A field whose getter returns `None` does not apply to the current scenario (the spike
//! start of a constant load, say) and is not shown. Adding a panel means adding a
//! [`Group`] and its rows here, and nothing else. The traffic models' fields, with
//! their lists of tiers, policies and faults, are in [`traffic`].

use crate::scenario::{limits, Scenario};
use crate::sim::config::{
    Latency, LoadProfile, Popularity, QueueFull, TtlMode, WriteBehind, WritePolicy,
};
use crate::sim::EvictionKind;
use std::sync::OnceLock;

pub mod traffic;

/// The panels, in page order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Workload,
    Servers,
    RateLimits,
    Cache,
    WritePolicy,
    Store,
    Faults,
    Run,
}

impl Group {
    pub const ALL: [Group; 8] = [
        Group::Workload,
        Group::Servers,
        Group::RateLimits,
        Group::Cache,
        Group::WritePolicy,
        Group::Store,
        Group::Faults,
        Group::Run,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Workload => "Workload",
            Group::Servers => "Servers & autoscaling",
            Group::RateLimits => "Rate limits",
            Group::Faults => "Faults",
            Group::Cache => "Cache",
            Group::WritePolicy => "Write policy",
            Group::Store => "Backing store",
            Group::Run => "Run length & seed",
        }
    }
}

/// Slider placement of a number; typed input may go beyond it, within the field's range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slider {
    pub lo: f64,
    pub hi: f64,
    /// Logarithmic placement, for values that span orders of magnitude.
    pub log: bool,
}

/// The allowed values of a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
    /// `min` itself is not allowed (a rate of 0, a latency of 0).
    pub min_open: bool,
    pub integer: bool,
}

pub enum Kind {
    Number {
        unit: &'static str,
        range: Range,
        slider: Slider,
        get: fn(&Scenario) -> Option<f64>,
        set: fn(&mut Scenario, f64),
    },
    Choice {
        options: fn() -> Vec<(&'static str, &'static str)>,
        get: fn(&Scenario) -> Option<&'static str>,
        set: fn(&mut Scenario, &str) -> bool,
    },
    Toggle {
        get: fn(&Scenario) -> Option<bool>,
        set: fn(&mut Scenario, bool),
    },
}

pub struct Field {
    /// The dotted scenario path, also the form control's id.
    pub path: &'static str,
    pub label: &'static str,
    pub group: Group,
    pub kind: Kind,
}

impl Field {
    /// Whether the field applies to `scenario` (and is shown).
    pub fn applies(&self, scenario: &Scenario) -> bool {
        match &self.kind {
            Kind::Number { get, .. } => get(scenario).is_some(),
            Kind::Choice { get, .. } => get(scenario).is_some(),
            Kind::Toggle { get, .. } => get(scenario).is_some(),
        }
    }

    /// The label out of its panel: a list item's field names its item ("Fault 2: From").
    pub fn long_label(&self) -> String {
        match traffic::List::of_path(self.path) {
            Some((list, index)) => {
                let noun = list.noun();
                let (first, rest) = noun.split_at(1);
                format!(
                    "{}{rest} {}: {}",
                    first.to_uppercase(),
                    index + 1,
                    self.label
                )
            }
            None => self.label.to_string(),
        }
    }

    /// The field's value as text, as an input shows it.
    pub fn text(&self, scenario: &Scenario) -> String {
        match &self.kind {
            Kind::Number { get, .. } => get(scenario)
                .map(crate::ui::format::editable)
                .unwrap_or_default(),
            Kind::Choice { get, .. } => get(scenario).unwrap_or_default().to_string(),
            Kind::Toggle { get, .. } => get(scenario).unwrap_or_default().to_string(),
        }
    }
}

/// Every field, in panel order.
pub fn registry() -> &'static [Field] {
    static FIELDS: OnceLock<Vec<Field>> = OnceLock::new();
    FIELDS.get_or_init(build)
}

pub fn find(path: &str) -> Option<&'static Field> {
    registry().iter().find(|field| field.path == path)
}

/// `scenario` with the field at `path` set from `text`, or why `text` is not a value of
/// it. Range checks here are the UI's own; `Scenario::validate` has the last word.
pub fn apply(scenario: &Scenario, path: &str, text: &str) -> Result<Scenario, String> {
    let field = find(path).ok_or_else(|| format!("unknown field {path}"))?;
    if !field.applies(scenario) {
        return Err("does not apply to this scenario".to_string());
    }
    let mut next = scenario.clone();
    match &field.kind {
        Kind::Number { range, set, .. } => set(&mut next, parse_number(text, range)?),
        Kind::Choice { options, set, .. } => {
            if !set(&mut next, text.trim()) {
                let names: Vec<&str> = options().iter().map(|(value, _)| *value).collect();
                return Err(format!("must be one of {}", names.join(", ")));
            }
        }
        Kind::Toggle { set, .. } => match text.trim() {
            "true" | "on" => set(&mut next, true),
            "false" | "off" => set(&mut next, false),
            _ => return Err("must be on or off".to_string()),
        },
    }
    Ok(next)
}

/// Reads a number as people type it (`2000`, `2_000`, `1e3`, ` 0.5 `) within `range`.
pub fn parse_number(text: &str, range: &Range) -> Result<f64, String> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, '_' | ' ' | '\u{2009}'))
        .collect();
    if cleaned.is_empty() {
        return Err("enter a number".to_string());
    }
    let value: f64 = cleaned
        .parse()
        .map_err(|_| "must be a number, like 12 or 0.5".to_string())?;
    if !value.is_finite() {
        return Err("must be a finite number".to_string());
    }
    if range.integer && value.fract() != 0.0 {
        return Err("must be a whole number".to_string());
    }
    let too_low = value < range.min || (range.min_open && value == range.min);
    if too_low || value > range.max {
        let min = crate::ui::format::editable(range.min);
        let max = crate::ui::format::editable(range.max);
        return Err(match (range.min_open, range.max.is_finite()) {
            (false, true) => format!("must be between {min} and {max}"),
            (true, true) => format!("must be greater than {min} and at most {max}"),
            (false, false) => format!("must be at least {min}"),
            (true, false) => format!("must be greater than {min}"),
        });
    }
    Ok(value)
}

/// The fields where `b` differs from `a`: (label, A's value, B's value), in panel order.
/// A field that applies to one side only shows as `—` on the other.
pub fn differences(a: &Scenario, b: &Scenario) -> Vec<(String, String, String)> {
    let shown = |field: &Field, scenario: &Scenario| match (&field.kind, field.applies(scenario)) {
        (_, false) => "—".to_string(),
        (Kind::Number { unit, .. }, true) if !unit.is_empty() => {
            format!("{} {unit}", field.text(scenario))
        }
        (_, true) => field.text(scenario),
    };
    registry()
        .iter()
        .filter(|field| field.applies(a) || field.applies(b))
        .map(|field| (field.long_label(), shown(field, a), shown(field, b)))
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

/// How a number is shown and bounded.
struct Scale {
    unit: &'static str,
    range: Range,
    slider: Slider,
}

fn number(
    path: &'static str,
    label: &'static str,
    group: Group,
    scale: Scale,
    get: fn(&Scenario) -> Option<f64>,
    set: fn(&mut Scenario, f64),
) -> Field {
    let Scale {
        unit,
        range,
        slider,
    } = scale;
    Field {
        path,
        label,
        group,
        kind: Kind::Number {
            unit,
            range,
            slider,
            get,
            set,
        },
    }
}

const fn closed(min: f64, max: f64) -> Range {
    Range {
        min,
        max,
        min_open: false,
        integer: false,
    }
}

const fn positive(max: f64) -> Range {
    Range {
        min: 0.0,
        max,
        min_open: true,
        integer: false,
    }
}

const fn whole(min: f64, max: f64) -> Range {
    Range {
        min,
        max,
        min_open: false,
        integer: true,
    }
}

const fn linear(lo: f64, hi: f64) -> Slider {
    Slider { lo, hi, log: false }
}

const fn log(lo: f64, hi: f64) -> Slider {
    Slider { lo, hi, log: true }
}

/// Integers up to 2^53 survive the trip through `f64`.
const MAX_EXACT: f64 = 9_007_199_254_740_991.0;
const RATE: Range = closed(0.0, limits::MAX_RATE_PER_S);
const RATE_SLIDER: Slider = log(10.0, 200_000.0);
const FRACTION: Range = closed(0.0, 1.0);
const FRACTION_SLIDER: Slider = linear(0.0, 1.0);
const LATENCY: Range = positive(limits::MAX_LATENCY_MS);
const LATENCY_SLIDER: Slider = log(0.01, 1_000.0);

/// The mean rate of a load profile, carried over when its kind changes.
fn mean_rate(profile: &LoadProfile) -> f64 {
    match *profile {
        LoadProfile::Constant { rate_per_s } => rate_per_s,
        LoadProfile::Ramp {
            from_per_s,
            to_per_s,
        } => (from_per_s + to_per_s) / 2.0,
        LoadProfile::Spike { base_per_s, .. } => base_per_s,
        LoadProfile::Diurnal { mean_per_s, .. } => mean_per_s,
    }
}

fn profile_kind(profile: &LoadProfile) -> &'static str {
    match profile {
        LoadProfile::Constant { .. } => "constant",
        LoadProfile::Ramp { .. } => "ramp",
        LoadProfile::Spike { .. } => "spike",
        LoadProfile::Diurnal { .. } => "diurnal",
    }
}

fn set_profile_kind(scenario: &mut Scenario, kind: &str) -> bool {
    if profile_kind(&scenario.workload.profile) == kind {
        return true;
    }
    let rate = mean_rate(&scenario.workload.profile);
    let duration = scenario.duration_s;
    scenario.workload.profile = match kind {
        "constant" => LoadProfile::Constant { rate_per_s: rate },
        "ramp" => LoadProfile::Ramp {
            from_per_s: rate / 2.0,
            to_per_s: rate * 2.0,
        },
        "spike" => LoadProfile::Spike {
            base_per_s: rate,
            peak_per_s: rate * 5.0,
            start_s: (duration / 3.0).round(),
            length_s: (duration / 6.0).round().max(1.0),
        },
        "diurnal" => LoadProfile::Diurnal {
            mean_per_s: rate,
            amplitude: 0.5,
            period_s: duration,
        },
        _ => return false,
    };
    true
}

fn popularity_kind(popularity: &Popularity) -> &'static str {
    match popularity {
        Popularity::Uniform => "uniform",
        Popularity::Zipf { .. } => "zipf",
        Popularity::Hotspot { .. } => "hotspot",
    }
}

fn set_popularity_kind(scenario: &mut Scenario, kind: &str) -> bool {
    if popularity_kind(&scenario.workload.popularity) == kind {
        return true;
    }
    scenario.workload.popularity = match kind {
        "uniform" => Popularity::Uniform,
        "zipf" => Popularity::Zipf { alpha: 0.99 },
        "hotspot" => Popularity::Hotspot {
            hot_key_fraction: 0.2,
            hot_request_fraction: 0.8,
        },
        _ => return false,
    };
    true
}

/// A latency's parameter, as the fields name it.
#[derive(Clone, Copy)]
enum Param {
    Ms,
    Mean,
    P99,
}

fn latency_kind(latency: &Latency) -> &'static str {
    match latency {
        Latency::Constant { .. } => "constant",
        Latency::Exponential { .. } => "exponential",
        Latency::LogNormal { .. } => "log_normal",
    }
}

fn latency_mean(latency: &Latency) -> f64 {
    match *latency {
        Latency::Constant { ms } => ms,
        Latency::Exponential { mean_ms } | Latency::LogNormal { mean_ms, .. } => mean_ms,
    }
}

/// `latency` as a distribution of `kind` with the same mean; unchanged if already one.
fn latency_with_kind(latency: &Latency, kind: &str) -> Option<Latency> {
    if latency_kind(latency) == kind {
        return Some(latency.clone());
    }
    let mean = latency_mean(latency);
    match kind {
        "constant" => Some(Latency::Constant { ms: mean }),
        "exponential" => Some(Latency::Exponential { mean_ms: mean }),
        "log_normal" => Some(Latency::LogNormal {
            mean_ms: mean,
            p99_ms: mean * 4.0,
        }),
        _ => None,
    }
}

fn latency_get(latency: &Latency, param: Param) -> Option<f64> {
    match (latency, param) {
        (Latency::Constant { ms }, Param::Ms) => Some(*ms),
        (Latency::Exponential { mean_ms } | Latency::LogNormal { mean_ms, .. }, Param::Mean) => {
            Some(*mean_ms)
        }
        (Latency::LogNormal { p99_ms, .. }, Param::P99) => Some(*p99_ms),
        _ => None,
    }
}

fn latency_set(latency: &mut Latency, param: Param, value: f64) {
    match (latency, param) {
        (Latency::Constant { ms }, Param::Ms) => *ms = value,
        (Latency::Exponential { mean_ms } | Latency::LogNormal { mean_ms, .. }, Param::Mean) => {
            *mean_ms = value
        }
        (Latency::LogNormal { p99_ms, .. }, Param::P99) => *p99_ms = value,
        _ => {}
    }
}

fn latency_options() -> Vec<(&'static str, &'static str)> {
    vec![
        ("constant", "Constant"),
        ("exponential", "Exponential"),
        ("log_normal", "Log-normal"),
    ]
}

/// The four rows of a latency distribution at `$($part).+` of the scenario.
macro_rules! latency_fields {
    ($fields:ident, $group:expr, $prefix:literal, $label:literal, $($part:ident).+) => {
        $fields.push(Field {
            path: concat!($prefix, ".kind"),
            label: $label,
            group: $group,
            kind: Kind::Choice {
                options: latency_options,
                get: |s| Some(latency_kind(&s.$($part).+)),
                set: |s, kind| match latency_with_kind(&s.$($part).+, kind) {
                    Some(latency) => {
                        s.$($part).+ = latency;
                        true
                    }
                    None => false,
                },
            },
        });
        $fields.push(number(
            concat!($prefix, ".ms"),
            concat!($label, ": time"),
            $group,
            Scale {
                unit: "ms",
                range: closed(0.0, limits::MAX_LATENCY_MS),
                slider: LATENCY_SLIDER,
            },
            |s| latency_get(&s.$($part).+, Param::Ms),
            |s, v| latency_set(&mut s.$($part).+, Param::Ms, v),
        ));
        $fields.push(number(
            concat!($prefix, ".mean_ms"),
            concat!($label, ": mean"),
            $group,
            Scale {
                unit: "ms",
                range: LATENCY,
                slider: LATENCY_SLIDER,
            },
            |s| latency_get(&s.$($part).+, Param::Mean),
            |s, v| latency_set(&mut s.$($part).+, Param::Mean, v),
        ));
        $fields.push(number(
            concat!($prefix, ".p99_ms"),
            concat!($label, ": p99"),
            $group,
            Scale {
                unit: "ms",
                range: positive(f64::INFINITY),
                slider: LATENCY_SLIDER,
            },
            |s| latency_get(&s.$($part).+, Param::P99),
            |s, v| latency_set(&mut s.$($part).+, Param::P99, v),
        ));
    };
}

/// The write-behind parameters, when the policy is write-back.
fn behind(scenario: &Scenario) -> Option<&WriteBehind> {
    match &scenario.write_policy {
        WritePolicy::Back(behind) => Some(behind),
        _ => None,
    }
}

fn behind_mut(scenario: &mut Scenario) -> Option<&mut WriteBehind> {
    match &mut scenario.write_policy {
        WritePolicy::Back(behind) => Some(behind),
        _ => None,
    }
}

const QUEUE_FULL: [(QueueFull, &str, &str); 4] = [
    (QueueFull::Reject, "reject", "Reject the write"),
    (QueueFull::Block, "block", "Block the writer"),
    (
        QueueFull::WriteThrough,
        "write_through",
        "Write through synchronously",
    ),
    (
        QueueFull::DropOldest,
        "drop_oldest",
        "Drop the oldest queued write",
    ),
];

const TTL_MODES: [(TtlMode, &str, &str); 3] = [
    (TtlMode::None, "none", "No expiry"),
    (TtlMode::AfterWrite, "after_write", "Expire after write"),
    (TtlMode::AfterAccess, "after_access", "Expire after access"),
];

/// The eviction parameters that belong to a policy, shown only when it is chosen.
fn eviction_is(scenario: &Scenario, family: &[&str]) -> bool {
    let name = scenario.cache.eviction.name().replace(['-', '_'], "");
    family.iter().any(|f| name == *f)
}

fn build() -> Vec<Field> {
    let mut fields = Vec::new();

    // Workload.
    fields.push(Field {
        path: "workload.profile.kind",
        label: "Load profile",
        group: Group::Workload,
        kind: Kind::Choice {
            options: || {
                vec![
                    ("constant", "Constant"),
                    ("ramp", "Ramp"),
                    ("spike", "Spike"),
                    ("diurnal", "Diurnal"),
                ]
            },
            get: |s| Some(profile_kind(&s.workload.profile)),
            set: set_profile_kind,
        },
    });
    fields.push(number(
        "workload.profile.rate_per_s",
        "Arrival rate",
        Group::Workload,
        Scale {
            unit: "req/s",
            range: RATE,
            slider: RATE_SLIDER,
        },
        |s| match s.workload.profile {
            LoadProfile::Constant { rate_per_s } => Some(rate_per_s),
            _ => None,
        },
        |s, v| {
            if let LoadProfile::Constant { rate_per_s } = &mut s.workload.profile {
                *rate_per_s = v;
            }
        },
    ));
    fields.push(number(
        "workload.profile.from_per_s",
        "Rate at start",
        Group::Workload,
        Scale {
            unit: "req/s",
            range: RATE,
            slider: RATE_SLIDER,
        },
        |s| match s.workload.profile {
            LoadProfile::Ramp { from_per_s, .. } => Some(from_per_s),
            _ => None,
        },
        |s, v| {
            if let LoadProfile::Ramp { from_per_s, .. } = &mut s.workload.profile {
                *from_per_s = v;
            }
        },
    ));
    fields.push(number(
        "workload.profile.to_per_s",
        "Rate at end",
        Group::Workload,
        Scale {
            unit: "req/s",
            range: RATE,
            slider: RATE_SLIDER,
        },
        |s| match s.workload.profile {
            LoadProfile::Ramp { to_per_s, .. } => Some(to_per_s),
            _ => None,
        },
        |s, v| {
            if let LoadProfile::Ramp { to_per_s, .. } = &mut s.workload.profile {
                *to_per_s = v;
            }
        },
    ));
    fields.push(number(
        "workload.profile.base_per_s",
        "Base rate",
        Group::Workload,
        Scale {
            unit: "req/s",
            range: RATE,
            slider: RATE_SLIDER,
        },
        |s| match s.workload.profile {
            LoadProfile::Spike { base_per_s, .. } => Some(base_per_s),
            _ => None,
        },
        |s, v| {
            if let LoadProfile::Spike { base_per_s, .. } = &mut s.workload.profile {
                *base_per_s = v;
            }
        },
    ));
    fields.push(number(
        "workload.profile.peak_per_s",
        "Peak rate",
        Group::Workload,
        Scale {
            unit: "req/s",
            range: RATE,
            slider: RATE_SLIDER,
        },
        |s| match s.workload.profile {
            LoadProfile::Spike { peak_per_s, .. } => Some(peak_per_s),
            _ => None,
        },
        |s, v| {
            if let LoadProfile::Spike { peak_per_s, .. } = &mut s.workload.profile {
                *peak_per_s = v;
            }
        },
    ));
    fields.push(number(
        "workload.profile.start_s",
        "Spike start",
        Group::Workload,
        Scale {
            unit: "s",
            range: closed(0.0, limits::MAX_DURATION_S),
            slider: log(1.0, 86_400.0),
        },
        |s| match s.workload.profile {
            LoadProfile::Spike { start_s, .. } => Some(start_s),
            _ => None,
        },
        |s, v| {
            if let LoadProfile::Spike { start_s, .. } = &mut s.workload.profile {
                *start_s = v;
            }
        },
    ));
    fields.push(number(
        "workload.profile.length_s",
        "Spike length",
        Group::Workload,
        Scale {
            unit: "s",
            range: closed(0.0, limits::MAX_DURATION_S),
            slider: log(1.0, 86_400.0),
        },
        |s| match s.workload.profile {
            LoadProfile::Spike { length_s, .. } => Some(length_s),
            _ => None,
        },
        |s, v| {
            if let LoadProfile::Spike { length_s, .. } = &mut s.workload.profile {
                *length_s = v;
            }
        },
    ));
    fields.push(number(
        "workload.profile.mean_per_s",
        "Mean rate",
        Group::Workload,
        Scale {
            unit: "req/s",
            range: RATE,
            slider: RATE_SLIDER,
        },
        |s| match s.workload.profile {
            LoadProfile::Diurnal { mean_per_s, .. } => Some(mean_per_s),
            _ => None,
        },
        |s, v| {
            if let LoadProfile::Diurnal { mean_per_s, .. } = &mut s.workload.profile {
                *mean_per_s = v;
            }
        },
    ));
    fields.push(number(
        "workload.profile.amplitude",
        "Swing",
        Group::Workload,
        Scale {
            unit: "× mean",
            range: FRACTION,
            slider: FRACTION_SLIDER,
        },
        |s| match s.workload.profile {
            LoadProfile::Diurnal { amplitude, .. } => Some(amplitude),
            _ => None,
        },
        |s, v| {
            if let LoadProfile::Diurnal { amplitude, .. } = &mut s.workload.profile {
                *amplitude = v;
            }
        },
    ));
    fields.push(number(
        "workload.profile.period_s",
        "Period",
        Group::Workload,
        Scale {
            unit: "s",
            range: closed(limits::MIN_PERIOD_S, limits::MAX_DURATION_S),
            slider: log(10.0, 86_400.0),
        },
        |s| match s.workload.profile {
            LoadProfile::Diurnal { period_s, .. } => Some(period_s),
            _ => None,
        },
        |s, v| {
            if let LoadProfile::Diurnal { period_s, .. } = &mut s.workload.profile {
                *period_s = v;
            }
        },
    ));
    fields.push(number(
        "workload.read_fraction",
        "Reads",
        Group::Workload,
        Scale {
            unit: "of requests",
            range: FRACTION,
            slider: FRACTION_SLIDER,
        },
        |s| Some(s.workload.read_fraction),
        |s, v| s.workload.read_fraction = v,
    ));
    fields.push(number(
        "workload.n_keys",
        "Distinct keys",
        Group::Workload,
        Scale {
            unit: "keys",
            range: whole(1.0, limits::MAX_KEYS as f64),
            slider: log(10.0, 10_000_000.0),
        },
        |s| Some(f64::from(s.workload.n_keys)),
        |s, v| s.workload.n_keys = v as u32,
    ));
    fields.push(Field {
        path: "workload.popularity.kind",
        label: "Key popularity",
        group: Group::Workload,
        kind: Kind::Choice {
            options: || {
                vec![
                    ("uniform", "Uniform"),
                    ("zipf", "Zipf"),
                    ("hotspot", "Hot spot"),
                ]
            },
            get: |s| Some(popularity_kind(&s.workload.popularity)),
            set: set_popularity_kind,
        },
    });
    fields.push(number(
        "workload.popularity.alpha",
        "Zipf skew α",
        Group::Workload,
        Scale {
            unit: "",
            range: closed(0.0, limits::MAX_ZIPF_ALPHA),
            slider: linear(0.0, 2.0),
        },
        |s| match s.workload.popularity {
            Popularity::Zipf { alpha } => Some(alpha),
            _ => None,
        },
        |s, v| {
            if let Popularity::Zipf { alpha } = &mut s.workload.popularity {
                *alpha = v;
            }
        },
    ));
    fields.push(number(
        "workload.popularity.hot_key_fraction",
        "Hot keys",
        Group::Workload,
        Scale {
            unit: "of keys",
            range: positive(1.0),
            slider: FRACTION_SLIDER,
        },
        |s| match s.workload.popularity {
            Popularity::Hotspot {
                hot_key_fraction, ..
            } => Some(hot_key_fraction),
            _ => None,
        },
        |s, v| {
            if let Popularity::Hotspot {
                hot_key_fraction, ..
            } = &mut s.workload.popularity
            {
                *hot_key_fraction = v;
            }
        },
    ));
    fields.push(number(
        "workload.popularity.hot_request_fraction",
        "Requests to hot keys",
        Group::Workload,
        Scale {
            unit: "of requests",
            range: FRACTION,
            slider: FRACTION_SLIDER,
        },
        |s| match s.workload.popularity {
            Popularity::Hotspot {
                hot_request_fraction,
                ..
            } => Some(hot_request_fraction),
            _ => None,
        },
        |s, v| {
            if let Popularity::Hotspot {
                hot_request_fraction,
                ..
            } = &mut s.workload.popularity
            {
                *hot_request_fraction = v;
            }
        },
    ));
    fields.push(number(
        "workload.n_clients",
        "Clients",
        Group::Workload,
        Scale {
            unit: "clients",
            range: whole(1.0, limits::MAX_CLIENTS as f64),
            slider: log(1.0, 100_000.0),
        },
        |s| Some(f64::from(s.workload.n_clients)),
        |s, v| s.workload.n_clients = v as u32,
    ));

    // Servers.
    fields.push(number(
        "servers.instances",
        "Instances",
        Group::Servers,
        Scale {
            unit: "servers",
            range: whole(1.0, limits::MAX_INSTANCES as f64),
            slider: log(1.0, 1_000.0),
        },
        |s| Some(f64::from(s.servers.instances)),
        |s, v| s.servers.instances = v as u32,
    ));
    fields.push(number(
        "servers.workers_per_instance",
        "Workers per instance",
        Group::Servers,
        Scale {
            unit: "workers",
            range: whole(1.0, limits::MAX_WORKERS_PER_INSTANCE as f64),
            slider: log(1.0, 1_000.0),
        },
        |s| Some(f64::from(s.servers.workers_per_instance)),
        |s, v| s.servers.workers_per_instance = v as u32,
    ));
    fields.push(number(
        "servers.queue_capacity",
        "Request queue",
        Group::Servers,
        Scale {
            unit: "requests",
            range: whole(0.0, limits::MAX_QUEUE_CAPACITY as f64),
            slider: log(1.0, 1_000_000.0),
        },
        |s| Some(f64::from(s.servers.queue_capacity)),
        |s, v| s.servers.queue_capacity = v as u32,
    ));
    latency_fields!(
        fields,
        Group::Servers,
        "servers.service",
        "Service time",
        servers.service
    );

    // Cache.
    fields.push(number(
        "cache.capacity",
        "Capacity",
        Group::Cache,
        Scale {
            unit: "entries",
            range: whole(0.0, limits::MAX_KEYS as f64),
            slider: log(10.0, 10_000_000.0),
        },
        |s| Some(f64::from(s.cache.capacity)),
        |s, v| s.cache.capacity = v as u32,
    ));
    fields.push(Field {
        path: "cache.eviction",
        label: "Eviction",
        group: Group::Cache,
        kind: Kind::Choice {
            options: || {
                EvictionKind::ALL
                    .iter()
                    .map(|kind| (kind.name(), crate::ui::explain::eviction_label(kind.name())))
                    .collect()
            },
            get: |s| Some(s.cache.eviction.name()),
            set: |s, name| match EvictionKind::from_name(name) {
                Some(kind) => {
                    s.cache.eviction = kind;
                    true
                }
                None => false,
            },
        },
    });
    fields.push(number(
        "cache.eviction_params.s3fifo_small_fraction",
        "S3-FIFO small queue",
        Group::Cache,
        Scale {
            unit: "of capacity",
            range: FRACTION,
            slider: FRACTION_SLIDER,
        },
        |s| eviction_is(s, &["s3fifo"]).then_some(s.cache.eviction_params.s3fifo_small_fraction),
        |s, v| s.cache.eviction_params.s3fifo_small_fraction = v,
    ));
    fields.push(number(
        "cache.eviction_params.s3fifo_ghost_fraction",
        "S3-FIFO ghost queue",
        Group::Cache,
        Scale {
            unit: "of capacity",
            range: FRACTION,
            slider: FRACTION_SLIDER,
        },
        |s| eviction_is(s, &["s3fifo"]).then_some(s.cache.eviction_params.s3fifo_ghost_fraction),
        |s, v| s.cache.eviction_params.s3fifo_ghost_fraction = v,
    ));
    fields.push(number(
        "cache.eviction_params.two_q_kin_fraction",
        "2Q A1in (Kin)",
        Group::Cache,
        Scale {
            unit: "of capacity",
            range: FRACTION,
            slider: FRACTION_SLIDER,
        },
        |s| eviction_is(s, &["2q", "twoq"]).then_some(s.cache.eviction_params.two_q_kin_fraction),
        |s, v| s.cache.eviction_params.two_q_kin_fraction = v,
    ));
    fields.push(number(
        "cache.eviction_params.two_q_kout_fraction",
        "2Q A1out (Kout)",
        Group::Cache,
        Scale {
            unit: "of capacity",
            range: FRACTION,
            slider: FRACTION_SLIDER,
        },
        |s| eviction_is(s, &["2q", "twoq"]).then_some(s.cache.eviction_params.two_q_kout_fraction),
        |s, v| s.cache.eviction_params.two_q_kout_fraction = v,
    ));
    fields.push(number(
        "cache.eviction_params.lirs_hir_fraction",
        "LIRS HIR part",
        Group::Cache,
        Scale {
            unit: "of capacity",
            range: FRACTION,
            slider: FRACTION_SLIDER,
        },
        |s| eviction_is(s, &["lirs"]).then_some(s.cache.eviction_params.lirs_hir_fraction),
        |s, v| s.cache.eviction_params.lirs_hir_fraction = v,
    ));
    fields.push(number(
        "cache.eviction_params.wtinylfu_window_fraction",
        "W-TinyLFU window",
        Group::Cache,
        Scale {
            unit: "of capacity",
            range: FRACTION,
            slider: FRACTION_SLIDER,
        },
        |s| {
            eviction_is(s, &["wtinylfu", "tinylfu"])
                .then_some(s.cache.eviction_params.wtinylfu_window_fraction)
        },
        |s, v| s.cache.eviction_params.wtinylfu_window_fraction = v,
    ));
    fields.push(number(
        "cache.eviction_params.wtinylfu_protected_fraction",
        "W-TinyLFU protected",
        Group::Cache,
        Scale {
            unit: "of main",
            range: FRACTION,
            slider: FRACTION_SLIDER,
        },
        |s| {
            eviction_is(s, &["wtinylfu", "tinylfu"])
                .then_some(s.cache.eviction_params.wtinylfu_protected_fraction)
        },
        |s, v| s.cache.eviction_params.wtinylfu_protected_fraction = v,
    ));
    fields.push(number(
        "cache.eviction_params.wtinylfu_sample_factor",
        "W-TinyLFU sketch ageing",
        Group::Cache,
        Scale {
            unit: "× capacity",
            range: whole(1.0, 100.0),
            slider: log(1.0, 100.0),
        },
        |s| {
            eviction_is(s, &["wtinylfu"])
                .then_some(f64::from(s.cache.eviction_params.wtinylfu_sample_factor))
        },
        |s, v| s.cache.eviction_params.wtinylfu_sample_factor = v as u32,
    ));
    latency_fields!(
        fields,
        Group::Cache,
        "cache.latency",
        "Cache latency",
        cache.latency
    );
    fields.push(Field {
        path: "cache.ttl.mode",
        label: "Time to live",
        group: Group::Cache,
        kind: Kind::Choice {
            options: || {
                TTL_MODES
                    .iter()
                    .map(|(_, name, label)| (*name, *label))
                    .collect()
            },
            get: |s| {
                TTL_MODES
                    .iter()
                    .find(|(mode, _, _)| *mode == s.cache.ttl.mode)
                    .map(|(_, name, _)| *name)
            },
            set: |s, name| match TTL_MODES.iter().find(|(_, n, _)| *n == name) {
                Some((mode, _, _)) => {
                    s.cache.ttl.mode = *mode;
                    true
                }
                None => false,
            },
        },
    });
    fields.push(number(
        "cache.ttl.ttl_ms",
        "Lifetime",
        Group::Cache,
        Scale {
            unit: "ms",
            range: closed(limits::MIN_TTL_MS, limits::MAX_TTL_MS),
            slider: log(10.0, 3_600_000.0),
        },
        |s| (s.cache.ttl.mode != TtlMode::None).then_some(s.cache.ttl.ttl_ms),
        |s, v| s.cache.ttl.ttl_ms = v,
    ));
    fields.push(number(
        "cache.ttl.jitter_fraction",
        "Lifetime jitter",
        Group::Cache,
        Scale {
            unit: "± fraction",
            range: FRACTION,
            slider: FRACTION_SLIDER,
        },
        |s| (s.cache.ttl.mode != TtlMode::None).then_some(s.cache.ttl.jitter_fraction),
        |s, v| s.cache.ttl.jitter_fraction = v,
    ));
    fields.push(Field {
        path: "cache.ttl.active_expiry",
        label: "Active expiry (Redis-style sampling)",
        group: Group::Cache,
        kind: Kind::Toggle {
            get: |s| (s.cache.ttl.mode != TtlMode::None).then_some(s.cache.ttl.active_expiry),
            set: |s, on| s.cache.ttl.active_expiry = on,
        },
    });
    fields.push(Field {
        path: "cache.invalidate_on_write",
        label: "Writes invalidate instead of update",
        group: Group::Cache,
        kind: Kind::Toggle {
            get: |s| Some(s.cache.invalidate_on_write),
            set: |s, on| s.cache.invalidate_on_write = on,
        },
    });

    // Write policy.
    fields.push(Field {
        path: "write_policy.kind",
        label: "Policy",
        group: Group::WritePolicy,
        kind: Kind::Choice {
            options: || {
                vec![
                    ("through", "Write-through"),
                    ("back", "Write-back (write-behind)"),
                    ("around", "Write-around"),
                ]
            },
            get: |s| {
                Some(match s.write_policy {
                    WritePolicy::Through => "through",
                    WritePolicy::Back(_) => "back",
                    WritePolicy::Around => "around",
                })
            },
            set: |s, name| {
                s.write_policy = match (name, &s.write_policy) {
                    ("through", _) => WritePolicy::Through,
                    ("back", WritePolicy::Back(behind)) => WritePolicy::Back(behind.clone()),
                    ("back", _) => WritePolicy::Back(WriteBehind::default()),
                    ("around", _) => WritePolicy::Around,
                    _ => return false,
                };
                true
            },
        },
    });
    fields.push(number(
        "write_policy.flush_interval_ms",
        "Flush interval",
        Group::WritePolicy,
        Scale {
            unit: "ms",
            range: closed(limits::MIN_FLUSH_INTERVAL_MS, limits::MAX_FLUSH_INTERVAL_MS),
            slider: log(10.0, 60_000.0),
        },
        |s| behind(s).map(|b| b.flush_interval_ms),
        |s, v| {
            if let Some(b) = behind_mut(s) {
                b.flush_interval_ms = v;
            }
        },
    ));
    fields.push(number(
        "write_policy.batch_size",
        "Batch size",
        Group::WritePolicy,
        Scale {
            unit: "writes",
            range: whole(1.0, limits::MAX_BATCH_SIZE as f64),
            slider: log(1.0, 10_000.0),
        },
        |s| behind(s).map(|b| f64::from(b.batch_size)),
        |s, v| {
            if let Some(b) = behind_mut(s) {
                b.batch_size = v as u32;
            }
        },
    ));
    fields.push(Field {
        path: "write_policy.coalescing",
        label: "Coalesce writes to the same key",
        group: Group::WritePolicy,
        kind: Kind::Toggle {
            get: |s| behind(s).map(|b| b.coalescing),
            set: |s, on| {
                if let Some(b) = behind_mut(s) {
                    b.coalescing = on;
                }
            },
        },
    });
    fields.push(number(
        "write_policy.queue_capacity",
        "Queue capacity",
        Group::WritePolicy,
        Scale {
            unit: "writes",
            range: whole(1.0, limits::MAX_QUEUE_CAPACITY as f64),
            slider: log(10.0, 1_000_000.0),
        },
        |s| behind(s).map(|b| f64::from(b.queue_capacity)),
        |s, v| {
            if let Some(b) = behind_mut(s) {
                b.queue_capacity = v as u32;
            }
        },
    ));
    fields.push(Field {
        path: "write_policy.when_full",
        label: "When the queue is full",
        group: Group::WritePolicy,
        kind: Kind::Choice {
            options: || {
                QUEUE_FULL
                    .iter()
                    .map(|(_, name, label)| (*name, *label))
                    .collect()
            },
            get: |s| {
                let behind = behind(s)?;
                QUEUE_FULL
                    .iter()
                    .find(|(mode, _, _)| *mode == behind.when_full)
                    .map(|(_, name, _)| *name)
            },
            set: |s, name| match (
                QUEUE_FULL.iter().find(|(_, n, _)| *n == name),
                behind_mut(s),
            ) {
                (Some((mode, _, _)), Some(behind)) => {
                    behind.when_full = *mode;
                    true
                }
                _ => false,
            },
        },
    });

    // Backing store.
    latency_fields!(
        fields,
        Group::Store,
        "store.read_latency",
        "Read latency",
        store.read_latency
    );
    latency_fields!(
        fields,
        Group::Store,
        "store.write_latency",
        "Write latency",
        store.write_latency
    );
    fields.push(number(
        "store.max_concurrency",
        "Concurrent operations",
        Group::Store,
        Scale {
            unit: "ops",
            range: whole(1.0, limits::MAX_STORE_CONCURRENCY as f64),
            slider: log(1.0, 10_000.0),
        },
        |s| Some(f64::from(s.store.max_concurrency)),
        |s, v| s.store.max_concurrency = v as u32,
    ));
    fields.push(number(
        "store.batch_item_factor",
        "Cost of each extra batch item",
        Group::Store,
        Scale {
            unit: "× one write",
            range: closed(0.0, limits::MAX_BATCH_ITEM_FACTOR),
            slider: FRACTION_SLIDER,
        },
        |s| Some(s.store.batch_item_factor),
        |s, v| s.store.batch_item_factor = v,
    ));

    // Run length and seed.
    fields.push(number(
        "duration_s",
        "Duration",
        Group::Run,
        Scale {
            unit: "s",
            range: closed(limits::MIN_DURATION_S, limits::MAX_DURATION_S),
            slider: log(10.0, 86_400.0),
        },
        |s| Some(s.duration_s),
        |s, v| s.duration_s = v,
    ));
    fields.push(number(
        "sample_interval_ms",
        "Sample interval",
        Group::Run,
        Scale {
            unit: "ms",
            range: closed(
                limits::MIN_SAMPLE_INTERVAL_MS,
                limits::MAX_SAMPLE_INTERVAL_MS,
            ),
            slider: log(100.0, 60_000.0),
        },
        |s| Some(s.sample_interval_ms),
        |s, v| s.sample_interval_ms = v,
    ));
    fields.push(number(
        "seed",
        "Seed",
        Group::Run,
        Scale {
            unit: "",
            range: whole(0.0, MAX_EXACT),
            slider: linear(0.0, 1_000.0),
        },
        |s| Some(s.seed as f64),
        |s, v| s.seed = v as u64,
    ));
    traffic::push_fields(&mut fields);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_every_group_has_fields() {
        let paths: std::collections::BTreeSet<&str> = registry().iter().map(|f| f.path).collect();
        assert_eq!(paths.len(), registry().len());
        for group in Group::ALL {
            assert!(registry().iter().any(|f| f.group == group), "{group:?}");
        }
    }

    #[test]
    fn every_shown_field_round_trips_its_own_text() {
        // Setting each applicable field to the text it shows leaves the scenario unchanged.
        let scenario = Scenario::default();
        for field in registry().iter().filter(|f| f.applies(&scenario)) {
            let text = field.text(&scenario);
            assert_eq!(
                apply(&scenario, field.path, &text),
                Ok(scenario.clone()),
                "{}",
                field.path
            );
        }
    }

    #[test]
    fn numbers_parse_as_people_type_them() {
        let range = whole(1.0, 1_000_000.0);
        assert_eq!(parse_number(" 2_000 ", &range), Ok(2_000.0));
        assert_eq!(parse_number("1e3", &range), Ok(1_000.0));
        assert_eq!(parse_number("", &range), Err("enter a number".to_string()));
        assert_eq!(
            parse_number("abc", &range),
            Err("must be a number, like 12 or 0.5".to_string())
        );
        assert_eq!(
            parse_number("2.5", &range),
            Err("must be a whole number".to_string())
        );
        assert_eq!(
            parse_number("inf", &range),
            Err("must be a finite number".to_string())
        );
        assert_eq!(
            parse_number("0", &range),
            Err("must be between 1 and 1000000".to_string())
        );
        assert_eq!(
            parse_number("0", &LATENCY),
            Err("must be greater than 0 and at most 600000".to_string())
        );
    }

    #[test]
    fn a_bad_value_names_the_range_and_leaves_the_scenario_alone() {
        let scenario = Scenario::default();
        assert_eq!(
            apply(&scenario, "workload.read_fraction", "1.5"),
            Err("must be between 0 and 1".to_string())
        );
        assert_eq!(
            apply(&scenario, "workload.read_fraction", "0.5").map(|s| s.workload.read_fraction),
            Ok(0.5)
        );
    }

    #[test]
    fn variant_fields_follow_the_chosen_kind() {
        let scenario = Scenario::default();
        // The demo is write-through: no write-behind rows until the policy is write-back.
        assert!(!find("write_policy.batch_size").unwrap().applies(&scenario));
        assert!(apply(&scenario, "write_policy.batch_size", "10").is_err());
        let back = apply(&scenario, "write_policy.kind", "back").unwrap();
        assert_eq!(back.write_policy, WritePolicy::Back(WriteBehind::default()));
        let back = apply(&back, "write_policy.batch_size", "10").unwrap();
        assert!(matches!(&back.write_policy, WritePolicy::Back(b) if b.batch_size == 10));
        assert_eq!(
            apply(&back, "write_policy.kind", "sideways"),
            Err("must be one of through, back, around".to_string())
        );
    }

    #[test]
    fn switching_load_profile_keeps_the_mean_rate() {
        // The demo is constant 2000 req/s; a ramp goes from 1000 to 4000.
        let ramp = apply(&Scenario::default(), "workload.profile.kind", "ramp").unwrap();
        assert_eq!(
            ramp.workload.profile,
            LoadProfile::Ramp {
                from_per_s: 1_000.0,
                to_per_s: 4_000.0
            }
        );
        assert!(!find("workload.profile.rate_per_s").unwrap().applies(&ramp));
        assert!(find("workload.profile.to_per_s").unwrap().applies(&ramp));
    }

    #[test]
    fn switching_latency_kind_keeps_the_mean() {
        // Service time is log-normal mean 2 ms; as a constant it is 2 ms.
        let constant = apply(&Scenario::default(), "servers.service.kind", "constant").unwrap();
        assert_eq!(constant.servers.service, Latency::Constant { ms: 2.0 });
        let back = apply(&constant, "servers.service.kind", "log_normal").unwrap();
        assert_eq!(
            back.servers.service,
            Latency::LogNormal {
                mean_ms: 2.0,
                p99_ms: 8.0
            }
        );
    }

    #[test]
    fn toggles_take_on_and_off() {
        let on = apply(&Scenario::default(), "cache.invalidate_on_write", "true").unwrap();
        assert!(on.cache.invalidate_on_write);
        assert!(apply(&on, "cache.invalidate_on_write", "maybe").is_err());
    }

    #[test]
    fn sliders_map_both_ways() {
        let lin = linear(0.0, 1.0);
        assert_eq!(to_slider(&lin, 0.25), 250);
        assert_eq!(from_slider(&lin, &FRACTION, 250), 0.25);
        // Log 10..100 000: 1000 is halfway in log space (10^1 .. 10^5, 10^3 at the middle).
        let lg = log(10.0, 100_000.0);
        assert_eq!(to_slider(&lg, 1_000.0), 500);
        assert_eq!(from_slider(&lg, &RATE, 500), 1_000.0);
        assert_eq!(to_slider(&lg, 1.0), 0);
        assert_eq!(to_slider(&lg, 1e9), SLIDER_STEPS);
        // Integer ranges give whole numbers at every position.
        let range = whole(1.0, 1_000.0);
        let slider = log(1.0, 1_000.0);
        for position in 0..=SLIDER_STEPS {
            let value = from_slider(&slider, &range, position);
            assert_eq!(value.fract(), 0.0);
            assert!((1.0..=1_000.0).contains(&value));
        }
    }
}
