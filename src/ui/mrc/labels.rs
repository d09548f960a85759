//! The curve's words and colours: each line's name and colour, the configured capacities
//! marked on it, sizes as people read them, and the command lines that print it.

use crate::sim::config::Config;
use crate::sim::eviction::EvictionKind;
use crate::sim::replay::curve::{Curve, Line};
use crate::sim::replay::TracePolicy;
use crate::ui::format;

/// A policy's short name: the part of its select label before the dash.
pub fn short_name(policy: TracePolicy) -> &'static str {
    match policy {
        TracePolicy::Belady => "Bélády",
        TracePolicy::Evict(kind) => {
            let label = crate::scenario::choice::Choice::label(kind);
            label.split(" — ").next().unwrap_or(label)
        }
    }
}

/// Whether `config`'s cache runs `line`.
fn runs(line: &Line, config: &Config) -> bool {
    line.policy == TracePolicy::Evict(config.cache.eviction)
        && (config.cache.eviction == EvictionKind::Lru
            || line.params == config.cache.eviction_params)
}

/// The legend's name for `line`: the policy, then which of the `sides` (a name and its
/// scenario) runs it; alone, the scenario is "this scenario".
pub fn line_label(line: &Line, sides: &[(&str, &Config)]) -> String {
    let name = short_name(line.policy);
    if line.policy == TracePolicy::Belady {
        return format!("{name} (optimum)");
    }
    let users: Vec<&str> = sides
        .iter()
        .filter(|(_, config)| runs(line, config))
        .map(|(side, _)| *side)
        .collect();
    match (sides.len(), users.is_empty()) {
        (_, true) => name.to_string(),
        (1, false) => format!("{name} (this scenario)"),
        _ => format!("{name} ({})", users.join(", ")),
    }
}

/// The palette colour of each line: LRU blue, the scenarios' policies orange and violet,
/// Bélády green.
pub fn line_colors(curve: &Curve) -> Vec<usize> {
    const COLORS: [usize; 4] = [0, 1, 4, 5];
    let mut next = 0;
    curve
        .lines
        .iter()
        .map(|line| {
            if line.policy == TracePolicy::Belady {
                3
            } else {
                next += 1;
                COLORS[(next - 1) % COLORS.len()]
            }
        })
        .collect()
}

/// The index of the size nearest `size` on a log scale.
pub fn nearest_size(sizes: &[u32], size: f64) -> usize {
    let target = size.max(1.0).ln();
    let distance = |s: &u32| (f64::from(*s).ln() - target).abs();
    (0..sizes.len())
        .min_by(|&a, &b| distance(&sizes[a]).total_cmp(&distance(&sizes[b])))
        .unwrap_or(0)
}

/// A size as people read it: "1 000 entries (10 % of the keys)".
pub fn size_text(size: u32, n_keys: u32) -> String {
    let share = f64::from(size) / f64::from(n_keys.max(1)) * 100.0;
    let entries = if size == 1 { "entry" } else { "entries" };
    format!(
        "{} {entries} ({} % of the keys)",
        format::count(u64::from(size)),
        format::significant(share)
    )
}

/// A configured capacity on the curve.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// In entries, at most the key space (as the curve's sizes are).
    pub size: u32,
    /// Whose capacity: "A", "B", "A, B", or "" when there is one scenario.
    pub sides: String,
}

impl Mark {
    /// The label over its marker.
    pub fn label(&self) -> String {
        let capacity = format!("capacity {}", format::metric(f64::from(self.size)));
        if self.sides.is_empty() {
            capacity
        } else {
            format!("{}: {capacity}", self.sides)
        }
    }
}

/// The capacities of `sides` (a name and its scenario) above zero, one mark per size, in
/// the sides' order; a lone scenario's mark has no side name.
pub fn marks(sides: &[(&str, &Config)], n_keys: u32) -> Vec<Mark> {
    let mut marks: Vec<Mark> = Vec::new();
    for (side, config) in sides {
        let size = config.cache.capacity.min(n_keys);
        if size == 0 {
            continue;
        }
        match marks.iter_mut().find(|mark| mark.size == size) {
            Some(mark) => mark.sides = format!("{}, {side}", mark.sides),
            None => marks.push(Mark {
                size,
                sides: if sides.len() > 1 {
                    side.to_string()
                } else {
                    String::new()
                },
            }),
        }
    }
    marks
}

/// The sentence under the chart on the marked capacities; the legend reads the first.
pub fn marks_text(marks: &[Mark], n_keys: u32) -> String {
    let whose = |mark: &Mark| match mark.sides.as_str() {
        "" => "the configured".to_string(),
        sides => sides.replace(", ", "'s and ") + "'s",
    };
    let Some((first, rest)) = marks.split_first() else {
        return "The cache is disabled (capacity 0), so no capacity is marked.".to_string();
    };
    let mut text = format!(
        "Miss ratios at {} capacity, {}.",
        whose(first),
        size_text(first.size, n_keys)
    );
    for mark in rest {
        text.push_str(&format!(
            " {} capacity, {} entries, is marked too.",
            whose(mark),
            format::count(u64::from(mark.size))
        ));
    }
    text
}

/// The command lines that print the same curve: the scenario's reads, then `mrc` at the
/// panel's sizes.
pub fn cli_lines(curve: &Curve) -> String {
    let policies: Vec<&str> = curve.lines.iter().map(|line| line.policy.name()).collect();
    let sizes: Vec<String> = curve.sizes.iter().map(u32::to_string).collect();
    format!(
        "cacheplay reads scenario.json > reads.txt\ncacheplay mrc reads.txt --policy {} --capacity {}",
        policies.join(","),
        sizes.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::eviction::EvictionParams;

    fn line(policy: TracePolicy) -> Line {
        Line {
            policy,
            params: EvictionParams::default(),
        }
    }

    #[test]
    fn labels_say_whose_policy_a_line_is() {
        let lru = line(TracePolicy::Evict(EvictionKind::Lru));
        let sieve = line(TracePolicy::Evict(EvictionKind::Sieve));
        let belady = line(TracePolicy::Belady);
        let a = Config::default();
        assert_eq!(line_label(&lru, &[("", &a)]), "LRU (this scenario)");
        assert_eq!(line_label(&sieve, &[("", &a)]), "SIEVE");
        assert_eq!(line_label(&belady, &[("", &a)]), "Bélády (optimum)");
        let mut b = a.clone();
        b.cache.eviction = EvictionKind::Sieve;
        assert_eq!(line_label(&lru, &[("A", &a), ("B", &b)]), "LRU (A)");
        assert_eq!(line_label(&sieve, &[("A", &a), ("B", &b)]), "SIEVE (B)");
        assert_eq!(line_label(&lru, &[("A", &a), ("B", &a)]), "LRU (A, B)");
    }

    #[test]
    fn marks_name_their_sides_and_merge_equal_capacities() {
        let a = Config::default();
        let mut b = a.clone();
        assert_eq!(
            marks(&[("A", &a)], 10_000),
            [Mark {
                size: 1_000,
                sides: String::new()
            }]
        );
        assert_eq!(marks(&[("A", &a), ("B", &b)], 10_000)[0].sides, "A, B");
        assert_eq!(
            marks_text(&marks(&[("A", &a), ("B", &b)], 10_000), 10_000),
            "Miss ratios at A's and B's capacity, 1\u{2009}000 entries (10 % of the keys)."
        );
        b.cache.capacity = 20_000;
        let both = marks(&[("A", &a), ("B", &b)], 10_000);
        assert_eq!(
            both[1].label(),
            "B: capacity 10 k",
            "clamped to the key space"
        );
        assert_eq!(
            marks_text(&both, 10_000),
            "Miss ratios at A's capacity, 1\u{2009}000 entries (10 % of the keys). \
             B's capacity, 10\u{2009}000 entries, is marked too."
        );
        b.cache.capacity = 0;
        assert_eq!(marks(&[("A", &b)], 10_000), []);
        assert_eq!(
            marks_text(&[], 10_000),
            "The cache is disabled (capacity 0), so no capacity is marked."
        );
    }

    #[test]
    fn colours_keep_belady_green_and_the_rest_in_order() {
        let curve = Curve {
            sizes: vec![1],
            reads: 1,
            distinct: 1,
            lines: vec![
                line(TracePolicy::Evict(EvictionKind::Lru)),
                line(TracePolicy::Evict(EvictionKind::Arc)),
                line(TracePolicy::Evict(EvictionKind::Lfu)),
                line(TracePolicy::Belady),
            ],
            misses: vec![vec![1]; 4],
        };
        assert_eq!(line_colors(&curve), [0, 1, 4, 3]);
    }

    #[test]
    fn the_nearest_size_is_nearest_in_log_space() {
        let sizes = [1, 10, 100, 1_000];
        // 40 is nearer 100 than 10 on a log scale (log 40 = 1.60), 25 nearer 10 (1.40).
        assert_eq!(nearest_size(&sizes, 40.0), 2);
        assert_eq!(nearest_size(&sizes, 25.0), 1);
        assert_eq!(nearest_size(&sizes, 0.0), 0);
        assert_eq!(nearest_size(&sizes, 1e9), 3);
    }

    #[test]
    fn texts_for_sizes_and_the_command_line() {
        assert_eq!(
            size_text(1_000, 10_000),
            "1\u{2009}000 entries (10 % of the keys)"
        );
        assert_eq!(size_text(1, 3), "1 entry (33.3 % of the keys)");
        let curve = Curve {
            sizes: vec![1, 2, 3],
            reads: 7,
            distinct: 3,
            lines: vec![
                line(TracePolicy::Evict(EvictionKind::Lru)),
                line(TracePolicy::Belady),
            ],
            misses: vec![vec![7, 7, 3], vec![7, 5, 3]],
        };
        assert_eq!(
            cli_lines(&curve),
            "cacheplay reads scenario.json > reads.txt\n\
             cacheplay mrc reads.txt --policy lru,belady --capacity 1,2,3"
        );
    }
}
