//! Fuzzes the share-link decoder: `cargo run --release --example fuzz_link -- [N] [SEED]`.
//!
//! Opens N (default 1,000,000) inputs made from valid links, mutated at each layer the
//! decoder peels: the text (characters changed, added, lost, cut, repeated), the deflated
//! bytes behind a valid checksum, the JSON inside a valid deflate stream, and random text.
//! A panic prints the input and fails the run; an input that opens must be a valid scenario
//! whose own link opens to it again. The tallies show which layer each input reached.
//! Deterministic for a seed, so a failure reproduces; keep each one as a regression test in
//! `tests/it/link.rs`.

use cacheplay::scenario::link::LinkError;
use cacheplay::scenario::{presets, Scenario, ScenarioError};
use cacheplay::sim::rng::SplitMix64;
use std::process::ExitCode;

#[path = "fuzz/common.rs"]
mod fuzz;
use fuzz::{mutate, random_byte};

fn main() -> ExitCode {
    let corpus = Corpus::new();
    fuzz::run("fuzz_link", |rng| corpus.input(rng), open)
}

/// Opens `input` and names the outcome; checks what an opened scenario must satisfy.
fn open(input: &str) -> &'static str {
    match Scenario::from_link(input) {
        Ok(scenario) => {
            assert_eq!(scenario.validate(), Ok(()), "{input}");
            let again = Scenario::from_link(&scenario.link_fragment());
            assert_eq!(again.as_ref(), Ok(&scenario), "{input}");
            "opened"
        }
        Err(ScenarioError::Link(LinkError::NotALink)) => "not-a-link",
        Err(ScenarioError::Link(LinkError::NewerVersion(_))) => "newer",
        Err(ScenarioError::Link(LinkError::Damaged(_))) => "damaged",
        Err(ScenarioError::Link(LinkError::TooLarge)) => "too-large",
        Err(ScenarioError::Parse(_)) => "parse-error",
        Err(ScenarioError::Invalid(_)) => "invalid",
    }
}

/// Valid links and their insides, to mutate.
struct Corpus {
    fragments: Vec<Vec<u8>>,
    jsons: Vec<Vec<u8>>,
    deflated: Vec<Vec<u8>>,
}

impl Corpus {
    fn new() -> Corpus {
        let mut scenarios: Vec<Scenario> = presets().into_iter().map(|p| p.scenario).collect();
        let mut odd = scenarios[1].clone();
        odd.title = "<script>\"'</script>\u{0}\u{202e}🧪".to_string();
        odd.notes = "x\n".repeat(300);
        odd.seed = u64::MAX;
        scenarios.push(odd);
        let jsons: Vec<Vec<u8>> = scenarios
            .iter()
            .map(|s| serde_json::to_vec(s).expect("a Scenario serializes"))
            .collect();
        Corpus {
            fragments: scenarios
                .iter()
                .map(|s| s.link_fragment().into_bytes())
                .collect(),
            deflated: jsons
                .iter()
                .map(|json| miniz_oxide::deflate::compress_to_vec(json, 6))
                .collect(),
            jsons,
        }
    }

    /// One input and the layer it was made at.
    fn input(&self, rng: &mut SplitMix64) -> (&'static str, String) {
        let pick = |rng: &mut SplitMix64, items: &[Vec<u8>]| {
            items[rng.below(items.len() as u32) as usize].clone()
        };
        match rng.below(10) {
            0..=3 => {
                let mut text = pick(rng, &self.fragments);
                mutate(rng, &mut text, 3);
                let text = String::from_utf8_lossy(&text).into_owned();
                let text = match rng.below(3) {
                    0 => format!("https://example.github.io/cacheplay/#{text}"),
                    _ => text,
                };
                ("text", text)
            }
            4..=5 => {
                let mut deflated = pick(rng, &self.deflated);
                mutate(rng, &mut deflated, 2);
                ("deflated", fragment(&deflated))
            }
            6..=8 => {
                let mut json = pick(rng, &self.jsons);
                mutate(rng, &mut json, 2);
                let deflated = miniz_oxide::deflate::compress_to_vec(&json, 1);
                ("json", fragment(&deflated))
            }
            _ => {
                let len = rng.below(120) as usize;
                let bytes: Vec<u8> = (0..len).map(|_| random_byte(rng)).collect();
                let tag = ["", "v1.", "#v1.", "v2.", "v1"][rng.below(5) as usize];
                (
                    "random",
                    format!("{tag}{}", String::from_utf8_lossy(&bytes)),
                )
            }
        }
    }
}

/// The v1 fragment of deflated bytes, with a valid CRC-32, so the decoder inflates them.
fn fragment(deflated: &[u8]) -> String {
    let mut payload = deflated.to_vec();
    payload.extend(crc32(deflated).to_be_bytes());
    format!("v1.{}", base64url(&payload))
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (mut bits, mut n_bits, mut text) = (0u32, 0, String::new());
    for &byte in bytes {
        bits = (bits << 8) | u32::from(byte);
        n_bits += 8;
        while n_bits >= 6 {
            n_bits -= 6;
            text.push(char::from(ALPHABET[((bits >> n_bits) & 63) as usize]));
        }
    }
    if n_bits > 0 {
        text.push(char::from(ALPHABET[((bits << (6 - n_bits)) & 63) as usize]));
    }
    text
}
