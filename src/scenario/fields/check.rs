//! The walk `Scenario::validate` runs over the declarations, and the rules across fields.
//!
//! Each declared number is checked against its [`Range`]; a field's [`Rule`] runs when the
//! field itself is in range. A rule between two fields reports on the field the caller
//! says was edited, if it is one of the two, so the form shows the error where the user
//! is typing; otherwise on the field it belongs to.

use super::{find, registry, At, Field, Item, Kind, List, Range};
use crate::scenario::limits::*;
use crate::scenario::{FieldError, Scenario};

/// Collects field errors with uniform messages.
pub struct Checker<'a> {
    errors: Vec<FieldError>,
    edited: Option<&'a str>,
}

impl Checker<'_> {
    pub fn fail(&mut self, field: &str, message: String) {
        self.errors.push(FieldError::new(field, message));
    }

    /// A rule between `own` and `other` is broken: the error goes to `other` if that is
    /// the field being edited, else to `own`, each with its own message.
    pub fn pair(&mut self, own: (&str, String), other: (&str, String)) {
        if self.edited == Some(other.0) {
            self.fail(other.0, other.1);
        } else {
            self.fail(own.0, own.1);
        }
    }

    /// `value` within `range` (its maximum lowered to `max`); returns whether it holds.
    fn range(&mut self, field: &str, value: f64, range: &Range, max: f64) -> bool {
        let ok = range.contains(value) && value <= max;
        if !ok {
            self.fail(field, format!("{} (got {value})", range.describe(max)));
        }
        ok
    }
}

/// What a person calls the field at `path`: its long label, or for the few paths that
/// name a whole part, that part.
pub fn label_of(path: &str) -> String {
    if let Some((field, at)) = find(path) {
        return field.long_label(at);
    }
    match List::ALL.into_iter().find(|list| list.path() == path) {
        Some(list) => super::capitalised(&list.noun().replace("policy", "policie")) + "s",
        None => match path {
            "workload.profile" => "Load profile".to_string(),
            other => super::capitalised(&other.replace('_', " ")),
        },
    }
}

/// Every field error of `scenario`; rules between two fields report on `edited` when it
/// is one of them.
pub fn check(scenario: &Scenario, edited: Option<&str>) -> Vec<FieldError> {
    let mut check = Checker {
        errors: Vec::new(),
        edited,
    };
    for (field, max) in [("title", MAX_TITLE_CHARS), ("notes", MAX_NOTES_CHARS)] {
        let text = if field == "title" {
            &scenario.title
        } else {
            &scenario.notes
        };
        if text.chars().count() > max {
            check.fail(field, format!("must be at most {max} characters"));
        }
    }
    let mut walked: Vec<Item> = Vec::new();
    for field in registry() {
        match field.item {
            None => check_field(&mut check, scenario, field, None),
            Some(item) if !walked.contains(&item) => {
                walked.push(item);
                for list in List::ALL.into_iter().filter(|list| list.item() == item) {
                    check_list(&mut check, scenario, list);
                }
            }
            Some(_) => {}
        }
    }
    check.errors
}

fn check_list(check: &mut Checker, scenario: &Scenario, list: List) {
    let Some(len) = list.len(scenario) else {
        return;
    };
    if list == List::Tiers {
        rules::limiter_cells(check, scenario);
    }
    if len > list.max() {
        let what = match list {
            List::Tiers => "tiers",
            List::Faults => "faults",
            List::ScaleUp | List::ScaleDown => "policies",
        };
        check.fail(
            list.path(),
            format!("must have at most {} {what} (got {len})", list.max()),
        );
    }
    for index in 0..len {
        for field in registry().iter().filter(|f| f.item == Some(list.item())) {
            check_field(check, scenario, field, Some((list, index)));
        }
    }
}

fn check_field(check: &mut Checker, scenario: &Scenario, field: &Field, at: At) {
    let ok = match &field.kind {
        Kind::Number { range, get, .. } => match get(scenario, at) {
            Some(value) => {
                let max = if range.within_run {
                    run_end(scenario).min(range.max)
                } else {
                    range.max
                };
                check.range(&field.path(at), value, range, max)
            }
            None => false,
        },
        Kind::Choice { .. } | Kind::Toggle { .. } => field.applies(scenario, at),
    };
    if let (true, Some(rule)) = (ok, field.rule) {
        rule(check, scenario, field, at);
    }
}

/// Whether the number at `path` is within its declared range, or does not apply.
fn valid(scenario: &Scenario, path: &str) -> bool {
    find(path).is_some_and(|(field, at)| match &field.kind {
        Kind::Number { range, get, .. } => get(scenario, at).is_none_or(|v| range.contains(v)),
        _ => true,
    })
}

/// The run's length when it is valid itself, else the longest run.
fn run_end(scenario: &Scenario) -> f64 {
    if valid(scenario, "duration_s") {
        scenario.duration_s
    } else {
        MAX_DURATION_S
    }
}

/// The number at `path`, when the field exists and applies.
fn number(scenario: &Scenario, path: &str) -> Option<f64> {
    let (field, at) = find(path)?;
    match &field.kind {
        Kind::Number { get, .. } => get(scenario, at),
        _ => None,
    }
}

/// The rules across fields, each run when the field it belongs to is in range.
pub(super) mod rules {
    use super::{label_of, number, valid, Checker};
    use crate::scenario::fields::{registry, At, Field, Kind};
    use crate::scenario::limits::*;
    use crate::scenario::Scenario;
    use crate::sim::config::WritePolicy;
    use crate::sim::limiter::{Algorithm, Scope};
    use crate::sim::{latency, workload};

    /// At most `MAX_SAMPLES` samples in the run.
    pub fn sample_count(check: &mut Checker, s: &Scenario, _: &Field, _: At) {
        if !valid(s, "duration_s") {
            return;
        }
        let samples = (s.duration_s * 1_000.0 / s.sample_interval_ms).ceil();
        if samples > MAX_SAMPLES {
            let least = s.duration_s * 1_000.0 / MAX_SAMPLES;
            check.fail(
                "sample_interval_ms",
                format!(
                    "must be at least {least} for a {} s run (at most {MAX_SAMPLES} samples; got {})",
                    s.duration_s, s.sample_interval_ms
                ),
            );
        }
    }

    /// Peak rate × duration bounds the requests a run simulates.
    pub fn expected_requests(check: &mut Checker, s: &Scenario, _: &Field, _: At) {
        let profile_ok = registry()
            .iter()
            .filter(|f| {
                f.name.starts_with("workload.profile.") && matches!(f.kind, Kind::Number { .. })
            })
            .all(|f| valid(s, f.name));
        if !(profile_ok && valid(s, "duration_s")) {
            return;
        }
        let expected = workload::peak_rate(&s.workload.profile) * s.duration_s;
        if expected > MAX_EXPECTED_REQUESTS {
            check.fail(
                "workload.profile",
                format!(
                    "peak rate × duration must be at most {MAX_EXPECTED_REQUESTS} requests (got {expected})"
                ),
            );
        }
    }

    /// A log-normal's p99 lies above its mean and at most e^(z99²/2) times it.
    pub fn lognormal_p99(check: &mut Checker, s: &Scenario, field: &Field, _: At) {
        let prefix = field.name.trim_end_matches(".p99_ms");
        let (mean_path, p99_path) = (format!("{prefix}.mean_ms"), field.name);
        let (Some(mean_ms), Some(p99_ms)) = (number(s, &mean_path), number(s, p99_path)) else {
            return;
        };
        if !valid(s, &mean_path) {
            return;
        }
        let ratio = latency::max_lognormal_p99_ratio();
        // A hair below the bound, so σ's square root stays real after rounding.
        let most = mean_ms * ratio * (1.0 - 1e-9);
        if p99_ms > mean_ms && p99_ms <= most {
            return;
        }
        let least = p99_ms / (ratio * (1.0 - 1e-9));
        check.pair(
            (
                p99_path,
                format!(
                    "must be greater than mean_ms ({mean_ms}) and at most {ratio:.2} × mean_ms \
                     ({most:.3}): a log-normal's p99/mean is at most e^(z99²/2) (got {p99_ms})"
                ),
            ),
            (
                &mean_path,
                format!(
                    "must be below p99_ms ({p99_ms}) and at least p99_ms / {ratio:.2} \
                     ({least:.3}): a log-normal's p99/mean is at most e^(z99²/2) (got {mean_ms})"
                ),
            ),
        );
    }

    pub fn invalidate_on_write(check: &mut Checker, s: &Scenario, _: &Field, _: At) {
        if s.cache.invalidate_on_write && matches!(s.write_policy, WritePolicy::Back(_)) {
            check.fail(
                "cache.invalidate_on_write",
                "must be false with write_policy back: a write-back write lives in the cache \
                 until it is flushed"
                    .to_string(),
            );
        }
    }

    /// governor's burst, when given, is at least one cell.
    pub fn gcra_burst(check: &mut Checker, s: &Scenario, field: &Field, at: At) {
        let burst = super::super::tier(s, at).and_then(|tier| match tier.limit {
            Algorithm::Gcra(gcra) => gcra.burst,
            _ => None,
        });
        if burst == Some(0) {
            check.fail(
                &field.path(at),
                format!("must be between 1 and {MAX_LIMITER_COUNT} (got 0)"),
            );
        }
    }

    /// Per-client tiers keep a state per client: at most `MAX_LIMITER_CELLS` of them.
    pub fn limiter_cells(check: &mut Checker, s: &Scenario) {
        let per_client = s
            .rate_limits
            .tiers
            .iter()
            .filter(|tier| tier.scope == Scope::PerClient)
            .count() as u64;
        let n_clients = s.workload.n_clients;
        if per_client * u64::from(n_clients) > MAX_LIMITER_CELLS {
            check.fail(
                "rate_limits.tiers",
                format!(
                    "per-client tiers × workload.n_clients must be at most {MAX_LIMITER_CELLS} \
                     limiter states (got {per_client} × {n_clients})"
                ),
            );
        }
    }

    /// `low` below `high`, both in range: the rule of a threshold pair.
    fn below(check: &mut Checker, s: &Scenario, low: &str, high: &str, strict: bool) {
        let (Some(lo), Some(hi)) = (number(s, low), number(s, high)) else {
            return;
        };
        if !valid(s, high) || (if strict { lo < hi } else { lo <= hi }) {
            return;
        }
        // The message shows under the field being edited: the other field by its label,
        // as the form shows it.
        let (low_label, high_label) = (label_of(low), label_of(high));
        let (own, other) = if strict {
            (
                format!("must be below “{high_label}” ({hi}) (got {lo})"),
                format!("must be above “{low_label}” ({lo}) (got {hi})"),
            )
        } else {
            (
                format!("must be at most “{high_label}” ({hi}) (got {lo})"),
                format!("must be at least “{low_label}” ({lo}) (got {hi})"),
            )
        };
        check.pair((low, own), (high, other));
    }

    pub fn down_below_up(check: &mut Checker, s: &Scenario, _: &Field, _: At) {
        below(
            check,
            s,
            "autoscaling.down_threshold",
            "autoscaling.up_threshold",
            true,
        );
    }

    pub fn min_instances(check: &mut Checker, s: &Scenario, _: &Field, _: At) {
        below(
            check,
            s,
            "autoscaling.min_instances",
            "autoscaling.max_instances",
            false,
        );
    }

    pub fn min_replicas(check: &mut Checker, s: &Scenario, _: &Field, _: At) {
        below(
            check,
            s,
            "autoscaling.min_replicas",
            "autoscaling.max_replicas",
            false,
        );
    }

    /// A fault's window ends after it starts.
    pub fn fault_window(check: &mut Checker, s: &Scenario, field: &Field, at: At) {
        let end_path = field.path(at);
        let start_path = end_path.replace(".end_s", ".start_s");
        let (Some(start_s), Some(end_s)) = (number(s, &start_path), number(s, &end_path)) else {
            return;
        };
        let start_ok = super::find(&start_path).is_some_and(|(start, _)| {
            start
                .range()
                .is_some_and(|r| r.contains(start_s) && start_s <= super::run_end(s))
        });
        if start_ok && end_s <= start_s {
            // The two fields sit together in the item's box: their short labels suffice.
            let label = |path: &str| super::find(path).map_or("", |(field, _)| field.label);
            let (start_label, end_label) = (label(&start_path), label(&end_path));
            check.pair(
                (
                    &end_path,
                    format!("must be after “{start_label}” ({start_s}) (got {end_s})"),
                ),
                (
                    &start_path,
                    format!("must be before “{end_label}” ({end_s}) (got {start_s})"),
                ),
            );
        }
    }
}
