//! Fuzzes the scenario parser: `cargo run --release --example fuzz_scenario -- [N] [SEED]`.
//!
//! Feeds N (default 1,000,000) inputs to `Scenario::from_json`, as the CLI's `run`, the
//! page's Import and its saved scenario do: valid scenario files with their bytes mutated,
//! with one value replaced by a hostile one (1e308, -1, u64::MAX + 1, a string, an array,
//! a deep nest), with text around them (a byte-order mark, a second object, an array
//! around it), and random bytes. A panic prints the input and fails the run; an input that
//! parses must be a valid scenario that reads back from its own JSON. Deterministic for a
//! seed; keep each failure as a file in `tests/hostile/`.

use cacheplay::scenario::{presets, Scenario, ScenarioError};
use cacheplay::sim::rng::SplitMix64;
use serde_json::Value;
use std::process::ExitCode;

#[path = "fuzz/common.rs"]
mod fuzz;
use fuzz::{mutate, random_byte};

fn main() -> ExitCode {
    let corpus = Corpus::new();
    fuzz::run("fuzz_scenario", |rng| corpus.input(rng), open)
}

/// Parses `input` and names the outcome; checks what a parsed scenario must satisfy.
fn open(input: &str) -> &'static str {
    match Scenario::from_json(input) {
        Ok(scenario) => {
            assert_eq!(scenario.validate(), Ok(()), "{input}");
            let text = serde_json::to_string(&scenario).expect("a Scenario serializes");
            assert_eq!(
                Scenario::from_json(&text).as_ref(),
                Ok(&scenario),
                "{input}"
            );
            "opened"
        }
        Err(ScenarioError::Parse(message)) => {
            assert!(message.len() < 2_000, "a long message: {message}");
            "parse-error"
        }
        Err(ScenarioError::Invalid(_)) => "invalid",
        Err(ScenarioError::Link(_)) => unreachable!("a file is not a link"),
    }
}

/// Values that have broken parsers and range checks elsewhere.
const HOSTILE: [&str; 14] = [
    "1e308",
    "-1e308",
    "1e-300",
    "-1",
    "0",
    "18446744073709551616",
    "4294967296",
    "-0.0",
    "\"650\"",
    "[640]",
    "true",
    "null",
    "{}",
    "{\"kind\": \"nope\"}",
];

/// Valid scenario files, and their parsed values, to mutate.
struct Corpus {
    texts: Vec<Vec<u8>>,
    values: Vec<Value>,
}

impl Corpus {
    fn new() -> Corpus {
        let values: Vec<Value> = presets()
            .into_iter()
            .map(|p| serde_json::to_value(p.scenario).expect("a Scenario serializes"))
            .collect();
        let texts = values
            .iter()
            .flat_map(|value| {
                [
                    serde_json::to_vec(value).expect("a value serializes"),
                    serde_json::to_vec_pretty(value).expect("a value serializes"),
                ]
            })
            .collect();
        Corpus { texts, values }
    }

    /// One input and the layer it was made at.
    fn input(&self, rng: &mut SplitMix64) -> (&'static str, String) {
        match rng.below(10) {
            0..=3 => {
                let mut text = self.texts[rng.below(self.texts.len() as u32) as usize].clone();
                mutate(rng, &mut text, 3);
                ("bytes", String::from_utf8_lossy(&text).into_owned())
            }
            4..=6 => {
                let mut value = self.values[rng.below(self.values.len() as u32) as usize].clone();
                let hostile = HOSTILE[rng.below(HOSTILE.len() as u32) as usize];
                let hostile = if rng.below(20) == 0 {
                    format!("{}{hostile}{}", "[".repeat(200), "]".repeat(200))
                } else {
                    hostile.to_string()
                };
                replace_one(rng, &mut value, serde_json::from_str(&hostile).ok());
                ("value", value.to_string())
            }
            7..=8 => {
                let text = &self.texts[rng.below(self.texts.len() as u32) as usize];
                let text = String::from_utf8_lossy(text);
                let framed = match rng.below(5) {
                    0 => format!("\u{feff}{text}"),
                    1 => format!("{text}{text}"),
                    2 => format!("[{text}]"),
                    3 => format!("{text}, \"cache\": {{\"capacity\": 0}}}}"),
                    _ => format!("{text}\n\n \t\r\n"),
                };
                ("framed", framed)
            }
            _ => {
                let len = rng.below(200) as usize;
                let bytes: Vec<u8> = (0..len).map(|_| random_byte(rng)).collect();
                ("random", String::from_utf8_lossy(&bytes).into_owned())
            }
        }
    }
}

/// Replaces one value somewhere in `value`, reached by a random walk, with `hostile`; a
/// nest too deep for serde_json stands as a string of brackets.
fn replace_one(rng: &mut SplitMix64, value: &mut Value, hostile: Option<Value>) {
    let mut node = value;
    loop {
        let len = match node {
            Value::Object(map) => map.len(),
            Value::Array(items) => items.len(),
            _ => 0,
        };
        if len == 0 || rng.below(4) == 0 {
            break;
        }
        let at = rng.below(len as u32) as usize;
        node = match node {
            Value::Object(map) => map.values_mut().nth(at).expect("within the length"),
            Value::Array(items) => &mut items[at],
            _ => unreachable!("only containers have a length"),
        };
    }
    *node = hostile.unwrap_or_else(|| Value::String("[[[".to_string()));
}
