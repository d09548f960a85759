//! One declaration per scenario field: its dotted path, label, unit, range, slider, help,
//! when it applies, and how to read and write it.
//!
//! `Scenario::validate` walks these declarations for every range check, the playground
//! renders its form from them, `schema` takes the JSON Schema's bounds from them and
//! `reference_markdown` writes `docs/fields.md`. A list item's fields (a rate-limit tier,
//! an HPA policy, a fault) are declared once over the item: their getters and setters
//! take the item's list and index ([`At`]). The table itself is in `table.rs`; the rules
//! across fields, and the walk that `validate` runs, in `check.rs`.

use super::limits::MAX_LIMITER_COUNT;
use super::Scenario;
use crate::sim::autoscale::{AutoscalerConfig, HpaConfig, PolicyType, ScalingPolicy, ScalingRules};
use crate::sim::fault::{Fault, OutageMode};
use crate::sim::limiter::{Algorithm, Rate, Scope, Tier, TokenBucketConfig};
use crate::sim::workload;
use std::collections::BTreeMap;
use std::sync::OnceLock;

mod check;
mod table;

pub use check::{check, label_of, Checker};

/// The panels of the playground, in page order; each field belongs to one.
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
            Group::Cache => "Cache & TTL",
            Group::WritePolicy => "Write policy",
            Group::Store => "Backing store",
            Group::Run => "Run length & seed",
        }
    }
}

/// The allowed values of a number: what `validate` enforces and the schema states.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
    /// `min` itself is not allowed (a mean latency of 0).
    pub min_open: bool,
    pub integer: bool,
    /// A moment of the run: at most `duration_s` as well, once that is valid.
    pub within_run: bool,
}

impl Range {
    pub const fn closed(min: f64, max: f64) -> Range {
        Range {
            min,
            max,
            min_open: false,
            integer: false,
            within_run: false,
        }
    }

    /// `0 < value ≤ max`.
    pub const fn positive(max: f64) -> Range {
        Range {
            min_open: true,
            ..Range::closed(0.0, max)
        }
    }

    pub const fn whole(min: f64, max: f64) -> Range {
        Range {
            integer: true,
            ..Range::closed(min, max)
        }
    }

    pub fn contains(&self, value: f64) -> bool {
        value.is_finite()
            && value <= self.max
            && (value > self.min || (!self.min_open && value == self.min))
            && (!self.integer || value.fract() == 0.0)
    }

    /// What the range allows, in words: `must be between 0 and 1`.
    pub fn describe(&self, max: f64) -> String {
        let (min, max_text) = (self.min, max);
        match (self.min_open, max.is_finite()) {
            (false, true) => format!("must be between {min} and {max_text}"),
            (true, true) => format!("must be greater than {min} and at most {max_text}"),
            (false, false) => format!("must be at least {min}"),
            (true, false) => format!("must be greater than {min}"),
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

impl Slider {
    pub const fn linear(lo: f64, hi: f64) -> Slider {
        Slider { lo, hi, log: false }
    }

    pub const fn log(lo: f64, hi: f64) -> Slider {
        Slider { lo, hi, log: true }
    }
}

/// Which item of which list a list item's field is read from; `None` for other fields.
pub type At = Option<(List, usize)>;

pub enum Kind {
    Number {
        unit: &'static str,
        range: Range,
        slider: Slider,
        get: fn(&Scenario, At) -> Option<f64>,
        set: fn(&mut Scenario, At, f64),
    },
    Choice {
        /// `(name, label)` of each option, from the option's [`Choice`](super::choice::Choice) enum.
        options: fn() -> Vec<(&'static str, &'static str)>,
        get: fn(&Scenario, At) -> Option<&'static str>,
        set: fn(&mut Scenario, At, &str) -> bool,
    },
    Toggle {
        get: fn(&Scenario, At) -> Option<bool>,
        set: fn(&mut Scenario, At, bool),
    },
}

/// A rule across fields, checked when the field it belongs to is in range.
pub type Rule = fn(&mut Checker, &Scenario, &Field, At);

/// One field's declaration.
pub struct Field {
    /// The dotted path; for a list item's field, the path inside the item (`start_s`).
    pub name: &'static str,
    /// The kind of list item the field belongs to, if any.
    pub item: Option<Item>,
    pub label: &'static str,
    pub group: Group,
    /// One line for the docs and the form's tooltip.
    pub help: &'static str,
    /// When the field applies: every listed choice field (a path, relative to the item
    /// for an item's field) has one of the listed options. The getter is the authority;
    /// this says it in words for the docs and gives the tests an example.
    pub when: &'static [(&'static str, &'static [&'static str])],
    pub kind: Kind,
    pub rule: Option<Rule>,
}

impl Field {
    /// The field's path at `at`: `faults[2].start_s` for the third fault's start.
    pub fn path(&self, at: At) -> String {
        match at {
            Some((list, index)) if self.item.is_some() => {
                format!("{}[{index}].{}", list.path(), self.name)
            }
            _ => self.name.to_string(),
        }
    }

    /// Whether the field applies to `scenario` (and is shown).
    pub fn applies(&self, scenario: &Scenario, at: At) -> bool {
        match &self.kind {
            Kind::Number { get, .. } => get(scenario, at).is_some(),
            Kind::Choice { get, .. } => get(scenario, at).is_some(),
            Kind::Toggle { get, .. } => get(scenario, at).is_some(),
        }
    }

    /// The field's value as text, as an input shows it; empty when it does not apply.
    pub fn text(&self, scenario: &Scenario, at: At) -> String {
        match &self.kind {
            Kind::Number { get, .. } => get(scenario, at).map(editable).unwrap_or_default(),
            Kind::Choice { get, .. } => get(scenario, at).unwrap_or_default().to_string(),
            Kind::Toggle { get, .. } => get(scenario, at)
                .map(|on| on.to_string())
                .unwrap_or_default(),
        }
    }

    /// The label out of its panel: a list item's field names its item ("Fault 2: From").
    pub fn long_label(&self, at: At) -> String {
        match at {
            Some((list, index)) if self.item.is_some() => {
                format!("{} {}: {}", capitalised(list.noun()), index + 1, self.label)
            }
            _ => self.label.to_string(),
        }
    }

    /// The number's range, if the field is a number.
    pub fn range(&self) -> Option<&Range> {
        match &self.kind {
            Kind::Number { range, .. } => Some(range),
            _ => None,
        }
    }
}

/// A number as a person types it: whole numbers without a fraction, no exponent below 10^15.
pub fn editable(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The kinds of list item; a field declared over an item serves every list of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Item {
    Tier,
    HpaPolicy,
    Fault,
}

/// A list of the scenario whose items the page adds and removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum List {
    Tiers,
    Faults,
    ScaleUp,
    ScaleDown,
}

impl List {
    pub const ALL: [List; 4] = [List::ScaleUp, List::ScaleDown, List::Tiers, List::Faults];

    /// The list's path; an item's fields are under `{path}[i].`.
    pub fn path(self) -> &'static str {
        match self {
            List::Tiers => "rate_limits.tiers",
            List::Faults => "faults",
            List::ScaleUp => "autoscaling.scale_up.policies",
            List::ScaleDown => "autoscaling.scale_down.policies",
        }
    }

    pub fn item(self) -> Item {
        match self {
            List::Tiers => Item::Tier,
            List::Faults => Item::Fault,
            List::ScaleUp | List::ScaleDown => Item::HpaPolicy,
        }
    }

    pub fn group(self) -> Group {
        match self {
            List::Tiers => Group::RateLimits,
            List::Faults => Group::Faults,
            List::ScaleUp | List::ScaleDown => Group::Servers,
        }
    }

    /// What one item is called, for headings and buttons.
    pub fn noun(self) -> &'static str {
        match self {
            List::Tiers => "tier",
            List::Faults => "fault",
            List::ScaleUp => "scale-up policy",
            List::ScaleDown => "scale-down policy",
        }
    }

    /// The most items a scenario may hold (`validate` enforces it).
    pub fn max(self) -> usize {
        match self {
            List::Tiers => super::MAX_LIMITER_TIERS,
            List::Faults => super::MAX_FAULTS,
            List::ScaleUp | List::ScaleDown => super::MAX_HPA_POLICIES,
        }
    }

    /// The number of items, or `None` when the list does not apply (HPA policies
    /// without target tracking).
    pub fn len(self, scenario: &Scenario) -> Option<usize> {
        match self {
            List::Tiers => Some(scenario.rate_limits.tiers.len()),
            List::Faults => Some(scenario.faults.len()),
            List::ScaleUp | List::ScaleDown => rules(scenario, self).map(|r| r.policies.len()),
        }
    }

    /// Whether the page can add another item.
    pub fn can_add(self, scenario: &Scenario) -> bool {
        self.len(scenario).is_some_and(|len| len < self.max())
    }

    /// The list, item index and path inside the item of a list item's field path.
    pub fn of_path(path: &str) -> Option<(List, usize, &str)> {
        List::ALL.into_iter().find_map(|list| {
            let rest = path.strip_prefix(list.path())?.strip_prefix('[')?;
            let (index, rest) = rest.split_once(']')?;
            Some((list, index.parse().ok()?, rest.strip_prefix('.')?))
        })
    }
}

/// Every field, in validation order (run, workload, servers, cache, write policy,
/// store, rate limits, autoscaling, faults); panels pick theirs by [`Group`].
pub fn registry() -> &'static [Field] {
    static FIELDS: OnceLock<Vec<Field>> = OnceLock::new();
    FIELDS.get_or_init(table::fields)
}

/// The field at `path` (`faults[2].start_s`) and the item it names.
pub fn find(path: &str) -> Option<(&'static Field, At)> {
    static INDEX: OnceLock<BTreeMap<(Option<Item>, &'static str), usize>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        registry()
            .iter()
            .enumerate()
            .map(|(i, field)| ((field.item, field.name), i))
            .collect()
    });
    let (key, at) = match List::of_path(path) {
        Some((list, item, rest)) => ((Some(list.item()), rest), Some((list, item))),
        None => ((None, path), None),
    };
    index.get(&key).map(|&i| (&registry()[i], at))
}

/// Every field of `scenario` that exists: each plain field once, each item's fields once
/// per item present, in registry order (a list's items in order, item by item).
pub fn instances(scenario: &Scenario) -> Vec<(&'static Field, At)> {
    let mut out = Vec::new();
    let mut walked: Vec<Item> = Vec::new();
    for field in registry() {
        match field.item {
            None => out.push((field, None)),
            Some(item) if !walked.contains(&item) => {
                walked.push(item);
                for list in List::ALL.into_iter().filter(|list| list.item() == item) {
                    for index in 0..list.len(scenario).unwrap_or(0) {
                        out.extend(
                            registry()
                                .iter()
                                .filter(|f| f.item == Some(item))
                                .map(|f| (f, Some((list, index)))),
                        );
                    }
                }
            }
            Some(_) => {}
        }
    }
    out
}

/// `scenario` with the field at `path` set from `text`, or why `text` is not a value of
/// it. The range is the declared one; `Scenario::validate` adds the rules across fields.
pub fn apply(scenario: &Scenario, path: &str, text: &str) -> Result<Scenario, String> {
    let (field, at) = find(path).ok_or_else(|| format!("unknown field {path}"))?;
    if !field.applies(scenario, at) {
        return Err("does not apply to this scenario".to_string());
    }
    let mut next = scenario.clone();
    match &field.kind {
        Kind::Number { range, set, .. } => set(&mut next, at, parse_number(text, range)?),
        Kind::Choice { options, set, .. } => {
            if !set(&mut next, at, text.trim()) {
                let names: Vec<&str> = options().iter().map(|(value, _)| *value).collect();
                return Err(format!("must be one of {}", names.join(", ")));
            }
        }
        Kind::Toggle { set, .. } => match text.trim() {
            "true" | "on" => set(&mut next, at, true),
            "false" | "off" => set(&mut next, at, false),
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
    if !range.contains(value) {
        return Err(range.describe(range.max));
    }
    Ok(value)
}

/// A scenario where `field` applies, and the item it is read from: the default with
/// the field's conditions chosen and, for an item's field, one item added.
pub fn example(field: &Field) -> (Scenario, At) {
    let mut scenario = Scenario::default();
    let at = field.item.map(|item| {
        let list = List::ALL
            .into_iter()
            .find(|list| list.item() == item)
            .expect("every item has a list");
        if list.len(&scenario).is_none() {
            scenario = apply(&scenario, "autoscaling.kind", "target_tracking")
                .expect("target tracking applies");
        }
        let index = list.len(&scenario).expect("the list applies");
        scenario = add(&scenario, list).expect("room for an item");
        (list, index)
    });
    for (path, options) in field.when {
        let path = match at {
            Some((list, index)) => format!("{}[{index}].{path}", list.path()),
            None => path.to_string(),
        };
        scenario = apply(&scenario, &path, options[0])
            .unwrap_or_else(|e| panic!("{}: condition {path}: {e}", field.name));
    }
    (scenario, at)
}

pub(crate) fn hpa(scenario: &Scenario) -> Option<&HpaConfig> {
    match &scenario.autoscaling {
        Some(AutoscalerConfig::TargetTracking(hpa)) => Some(hpa),
        _ => None,
    }
}

pub(crate) fn hpa_mut(scenario: &mut Scenario) -> Option<&mut HpaConfig> {
    match &mut scenario.autoscaling {
        Some(AutoscalerConfig::TargetTracking(hpa)) => Some(hpa),
        _ => None,
    }
}

fn rules(scenario: &Scenario, list: List) -> Option<&ScalingRules> {
    let hpa = hpa(scenario)?;
    match list {
        List::ScaleUp => Some(&hpa.scale_up),
        List::ScaleDown => Some(&hpa.scale_down),
        List::Tiers | List::Faults => None,
    }
}

fn rules_mut(scenario: &mut Scenario, list: List) -> Option<&mut ScalingRules> {
    let hpa = hpa_mut(scenario)?;
    match list {
        List::ScaleUp => Some(&mut hpa.scale_up),
        List::ScaleDown => Some(&mut hpa.scale_down),
        List::Tiers | List::Faults => None,
    }
}

/// The item of a tier field.
pub(crate) fn tier(scenario: &Scenario, at: At) -> Option<&Tier> {
    match at? {
        (List::Tiers, index) => scenario.rate_limits.tiers.get(index),
        _ => None,
    }
}

pub(crate) fn tier_mut(scenario: &mut Scenario, at: At) -> Option<&mut Tier> {
    match at? {
        (List::Tiers, index) => scenario.rate_limits.tiers.get_mut(index),
        _ => None,
    }
}

pub(crate) fn fault(scenario: &Scenario, at: At) -> Option<&Fault> {
    match at? {
        (List::Faults, index) => scenario.faults.get(index),
        _ => None,
    }
}

pub(crate) fn fault_mut(scenario: &mut Scenario, at: At) -> Option<&mut Fault> {
    match at? {
        (List::Faults, index) => scenario.faults.get_mut(index),
        _ => None,
    }
}

pub(crate) fn policy(scenario: &Scenario, at: At) -> Option<&ScalingPolicy> {
    let (list, index) = at?;
    rules(scenario, list)?.policies.get(index)
}

pub(crate) fn policy_mut(scenario: &mut Scenario, at: At) -> Option<&mut ScalingPolicy> {
    let (list, index) = at?;
    rules_mut(scenario, list)?.policies.get_mut(index)
}

/// `scenario` with a new item at the end of `list`, or `None` when it is full or does
/// not apply. The new item is valid in any valid scenario.
pub fn add(scenario: &Scenario, list: List) -> Option<Scenario> {
    if !list.can_add(scenario) {
        return None;
    }
    let mut next = scenario.clone();
    match list {
        List::Tiers => {
            // A new tier admits the scenario's traffic: a limit that silently rejects a
            // large share of it teaches nothing. Lowering the rate then shows the effect.
            let rate = roomy_rate(workload::peak_rate(&scenario.workload.profile));
            next.rate_limits.tiers.push(Tier {
                scope: Scope::Global,
                limit: Algorithm::TokenBucket(TokenBucketConfig::Continuous {
                    burst: (rate / 10).max(100).min(rate),
                    rate: Rate::per_second(rate),
                }),
            })
        }
        List::Faults => {
            // The middle fifth of the run, in whole seconds where the run allows.
            let d = scenario.duration_s;
            let (start_s, end_s) = if d >= 10.0 {
                ((d * 0.4).round(), (d * 0.6).round())
            } else {
                (d * 0.4, d * 0.6)
            };
            next.faults.push(Fault::StoreOutage {
                start_s,
                end_s,
                mode: OutageMode::Fail,
                write_retries: 3,
            });
        }
        List::ScaleUp | List::ScaleDown => {
            rules_mut(&mut next, list)?.policies.push(ScalingPolicy {
                kind: PolicyType::Pods,
                value: 1,
                period_s: 60,
            })
        }
    }
    Some(next)
}

/// A new tier's rate in requests per second: half again the peak offered rate, rounded
/// up to two significant digits (2,000 req/s → 3,000), at least 1,000 and at most the
/// largest count a limit may hold.
pub fn roomy_rate(peak_per_s: f64) -> u32 {
    let wanted = (peak_per_s * 1.5).max(1_000.0);
    let power = 10f64.powf(wanted.log10().floor() - 1.0);
    let tidy = (wanted / power).ceil() * power;
    tidy.min(f64::from(MAX_LIMITER_COUNT)) as u32
}

/// `scenario` without item `index` of `list`, or `None` when there is no such item.
pub fn remove(scenario: &Scenario, list: List, index: usize) -> Option<Scenario> {
    if index >= list.len(scenario)? {
        return None;
    }
    let mut next = scenario.clone();
    match list {
        List::Tiers => {
            next.rate_limits.tiers.remove(index);
        }
        List::Faults => {
            next.faults.remove(index);
        }
        List::ScaleUp | List::ScaleDown => {
            rules_mut(&mut next, list)?.policies.remove(index);
        }
    }
    Some(next)
}

/// `scenario` with fault `index` moved so that its window's middle is at `middle_s`,
/// keeping its length, in whole seconds where the run is long enough, and inside the
/// run; a crash moves its moment. `None` when there is no such fault.
pub fn move_fault(scenario: &Scenario, index: usize, middle_s: f64) -> Option<Scenario> {
    let mut next = scenario.clone();
    let fault = next.faults.get_mut(index)?;
    let duration = scenario.duration_s;
    let (start, end) = super::choice::window(fault);
    let length = match fault {
        Fault::CacheCrash { .. } => 0.0,
        _ => end - start,
    };
    let latest = (duration - length).max(0.0);
    let raw = middle_s - length / 2.0;
    let start_s = if duration >= 10.0 {
        raw.round().clamp(0.0, latest.floor())
    } else {
        raw.clamp(0.0, latest)
    };
    match fault {
        Fault::StoreOutage {
            start_s: s, end_s, ..
        }
        | Fault::StoreSlowdown {
            start_s: s, end_s, ..
        }
        | Fault::CacheLatencySpike {
            start_s: s, end_s, ..
        } => {
            *s = start_s;
            *end_s = start_s + length;
        }
        Fault::CacheCrash { at_s, .. } => *at_s = start_s,
    }
    Some(next)
}

/// The field reference, `docs/fields.md`: every field with its path, label, unit,
/// range, default and help, panel by panel.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Scenario fields\n\n\
         Generated from the field declarations in `src/scenario/fields/table.rs` \
         (`UPDATE_EXPECT=1 cargo test --lib fields_reference` refreshes it); \
         `Scenario::validate`, the playground and `cacheplay schema` read the same declarations.\n\
         A list item's fields are written `list[i].field`. \
         The default is `Scenario::default()`'s value, or the value a field takes when its condition is first chosen.\n",
    );
    for group in Group::ALL {
        out.push_str(&format!(
            "\n## {}\n\n| Path | Label | Unit | Range | Default | Applies when | Help |\n| --- | --- | --- | --- | --- | --- | --- |\n",
            group.title()
        ));
        for field in registry().iter().filter(|f| f.group == group) {
            let (scenario, at) = example(field);
            let path = match (field.item, at) {
                (Some(_), Some(_)) => {
                    let lists: Vec<String> = List::ALL
                        .into_iter()
                        .filter(|l| Some(l.item()) == field.item)
                        .map(|l| format!("{}[i]", l.path()))
                        .collect();
                    format!("{}.{}", lists.join(" / "), field.name)
                }
                _ => field.name.to_string(),
            };
            let (unit, range) = match &field.kind {
                Kind::Number { unit, range, .. } => (unit.to_string(), range_text(range)),
                Kind::Choice { options, .. } => (
                    String::new(),
                    options()
                        .iter()
                        .map(|(name, _)| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                Kind::Toggle { .. } => (String::new(), "`true`, `false`".to_string()),
            };
            let when = field
                .when
                .iter()
                .map(|(path, options)| format!("`{path}` is {}", options.join(" or ")))
                .collect::<Vec<_>>()
                .join(" and ");
            out.push_str(&format!(
                "| `{path}` | {} | {unit} | {range} | {} | {when} | {} |\n",
                field.label,
                field.text(&scenario, at),
                field.help
            ));
        }
    }
    out
}

fn range_text(range: &Range) -> String {
    let low = if range.min_open { "> " } else { "" };
    let high = if range.within_run {
        format!("{} (and ≤ `duration_s`)", editable(range.max))
    } else if range.max.is_finite() {
        editable(range.max)
    } else {
        "∞".to_string()
    };
    let whole = if range.integer { ", whole" } else { "" };
    format!("{low}{} – {high}{whole}", editable(range.min))
}

#[cfg(test)]
mod tests;
