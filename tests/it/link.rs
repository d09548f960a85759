//! Share links: every preset round-trips within the length budget, the stored v1 links
//! still open to the scenario they were made from, each kind of bad link gets its own
//! message, and no input (random, mutated or cut) makes the decoder panic.

use cacheplay::scenario::link::{
    LinkError, MAX_DECODED_BYTES, MAX_FRAGMENT_CHARS, V1_DEFAULTS, VERSION,
};
use cacheplay::scenario::{preset, presets, Scenario, ScenarioError};
use cacheplay::sim;
use cacheplay::sim::config::{Latency, Popularity, QueueFull, WriteBehind, WritePolicy};
use cacheplay::sim::EvictionKind;
use proptest::prelude::*;
use serde_json::{json, Value};

/// A realistic base: a project site on a static host.
const BASE: &str = "https://example.github.io/cacheplay/";

/// A link pastes whole into a Discord message (2,000 characters:
/// https://www.discordia.me/en/server-limits).
const BUDGET_CHARS: usize = 1_900;

/// The stored v1 links, each with the whole scenario it was made from, as JSON.
const V1_FIXTURES: &str = include_str!("../../src/scenario/link/v1_fixtures.json");

/// The fragment of a hand-made payload: `text`, raw-deflated, its CRC-32, base64url.
fn fragment_of(text: &str) -> String {
    let mut payload = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 6);
    payload.extend(crc32(&payload).to_be_bytes());
    format!("v1.{}", base64url(&payload))
}

/// CRC-32 bit by bit, the test's own spelling (the codec's is private and table-driven).
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

/// base64url without padding, the test's own spelling (the codec's is private).
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut n_bits = 0;
    let mut text = String::new();
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

fn link_error(text: &str) -> LinkError {
    match Scenario::from_link(text) {
        Err(ScenarioError::Link(error)) => error,
        other => panic!("{text:?}: expected a link error, got {other:?}"),
    }
}

#[test]
fn every_preset_round_trips_within_the_budget() {
    for preset in presets() {
        let link = preset.scenario.to_link(BASE);
        assert!(
            link.len() <= BUDGET_CHARS,
            "{}: {} characters: {link}",
            preset.name,
            link.len()
        );
        assert_eq!(
            Scenario::from_link(&link).as_ref(),
            Ok(&preset.scenario),
            "{}",
            preset.name
        );
    }
}

#[test]
fn the_default_run_reproduces_from_its_link() {
    let mut scenario = preset("default").unwrap();
    scenario.duration_s = 5.0;
    let opened = Scenario::from_link(&scenario.to_link(BASE)).unwrap();
    let (run, rerun) = (sim::run(&scenario.config()), sim::run(&opened.config()));
    assert_eq!(run.summary.digest, rerun.summary.digest);
    assert!(run.summary.requests > 0);
}

#[test]
fn a_link_opens_as_url_fragment_or_bare_text() {
    let scenario = preset("web-sessions").unwrap();
    let fragment = scenario.link_fragment();
    assert!(fragment.starts_with(&format!("v{VERSION}.")));
    for text in [
        scenario.to_link(BASE),
        scenario.to_link("http://127.0.0.1:8080/?embed=1"),
        format!("#{fragment}"),
        fragment.clone(),
        format!("  {BASE}#{fragment}\n"),
    ] {
        assert_eq!(Scenario::from_link(&text).as_ref(), Ok(&scenario), "{text}");
    }
}

#[test]
fn the_frozen_defaults_are_a_valid_scenario() {
    // `from_json` denies unknown fields, so this also says that no field of the frozen
    // defaults has left `Scenario` (that would need a migration, see docs/links.md).
    let defaults = Scenario::from_json(V1_DEFAULTS).unwrap();
    assert_eq!(defaults.title, "Default");
    assert_eq!(Scenario::from_link("v1.q64FABW_xTc"), Ok(defaults));
}

#[test]
fn the_frozen_defaults_name_every_field() {
    // A field missing there would open, in links that lack it, as whatever its default is
    // at the time: a later change of that default would change old links.
    let document: Value = serde_json::from_str(V1_DEFAULTS).unwrap();
    let opened = serde_json::to_value(Scenario::from_json(V1_DEFAULTS).unwrap()).unwrap();
    assert_eq!(
        opened, document,
        "add each new field of Scenario to src/scenario/link/v1_defaults.json with its \
         default value of today (the left side), which is what links without it open to; \
         never change a value already there (docs/links.md)"
    );
}

#[test]
fn stored_v1_links_still_open_to_their_scenario() {
    let fixtures: Vec<Value> = serde_json::from_str(V1_FIXTURES).unwrap();
    assert_eq!(fixtures.len(), 3);
    for fixture in fixtures {
        let name = fixture["name"].as_str().unwrap();
        let link = fixture["link"].as_str().unwrap();
        // A field added after the fixture was stored is absent from its JSON and from its
        // link alike; both must give the field's default, so they compare equal.
        let expected = Scenario::from_json(&fixture["scenario"].to_string()).unwrap();
        assert_eq!(Scenario::from_link(link), Ok(expected), "{name}");
    }
}

#[test]
fn text_round_trips_exactly() {
    let fixtures: Vec<Value> = serde_json::from_str(V1_FIXTURES).unwrap();
    let unicode = &fixtures[2];
    let scenario = Scenario::from_link(unicode["link"].as_str().unwrap()).unwrap();
    assert_eq!(
        scenario.title,
        "<script>alert(\"hi\")</script> & 'quotes' — 日本語 🧪"
    );
    assert!(scenario
        .notes
        .starts_with("NUL\u{0} BEL\u{7} tab\t CR\r LF\n DEL\u{7f}"));
    assert!(scenario.notes.contains("RTL\u{202e}override\u{202c}"));
    assert_eq!(scenario.seed, u64::MAX);
    assert_eq!(scenario.workload.read_fraction, 0.1 + 0.2);
}

#[test]
fn a_field_this_version_does_not_know_is_named() {
    // A newer build's v1 link may carry a field added since; this build rejects it, with
    // its path and a hint, rather than dropping it and running another scenario.
    let message = Scenario::from_link(&fragment_of(r#"{"cache":{"shards":4}}"#))
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("not a valid scenario: cache.shards: unknown field `shards`"),
        "{message}"
    );
    assert!(
        message.ends_with("(was the link made by a newer version of cacheplay?)"),
        "{message}"
    );
    assert!(!message.contains("line 1"), "{message}");
}

#[test]
fn each_kind_of_bad_link_says_what_is_wrong() {
    for text in [
        "",
        "hello",
        "https://example.github.io/cacheplay/",
        "https://example.github.io/cacheplay/#section-2",
        "#",
        "v1x.abc",
        r#"{"seed": 1}"#,
    ] {
        assert_eq!(link_error(text), LinkError::NotALink, "{text}");
    }
    let not_a_link = ScenarioError::Link(LinkError::NotALink).to_string();
    assert!(
        not_a_link.starts_with("not a cacheplay link"),
        "{not_a_link}"
    );

    let newer = Scenario::from_link(&format!("{BASE}#v2.q64FABW_xTc")).unwrap_err();
    assert_eq!(newer, ScenarioError::Link(LinkError::NewerVersion(2)));
    assert!(
        newer
            .to_string()
            .contains("newer version of cacheplay (v2)"),
        "{newer}"
    );

    let link = preset("banking").unwrap().to_link(BASE);
    let cut = &link[..link.len() - 7];
    for text in [
        cut,
        &link[..BASE.len() + 4],
        "v1",
        "v1.",
        "v1.A",
        "v1.q64FABW+xTc",
    ] {
        let error = link_error(text);
        assert!(matches!(error, LinkError::Damaged(_)), "{text}: {error:?}");
        assert!(error
            .to_string()
            .starts_with("the link is damaged or truncated: "));
    }
    let mut changed = link.clone().into_bytes();
    let middle = BASE.len() + 200;
    changed[middle] = if changed[middle] == b'A' { b'B' } else { b'A' };
    assert!(matches!(
        link_error(&String::from_utf8(changed).unwrap()),
        LinkError::Damaged(_)
    ));
    let longer = link_error(&format!("{link}AAAA")).to_string();
    assert!(longer.contains("checksum does not match"), "{longer}");

    let long = format!("{BASE}#v1.{}", "A".repeat(MAX_FRAGMENT_CHARS));
    assert_eq!(link_error(&long), LinkError::TooLarge);
    let bomb = fragment_of(&" ".repeat(MAX_DECODED_BYTES + 1));
    assert!(bomb.len() < 1_000, "{}", bomb.len());
    assert_eq!(link_error(&bomb), LinkError::TooLarge);
    assert!(LinkError::TooLarge
        .to_string()
        .starts_with("the link is too large"));

    // It decodes, but the scenario is not valid: the field messages of `validate`.
    let mut invalid = preset("banking").unwrap();
    invalid.workload.read_fraction = 1.5;
    invalid.cache.capacity = u32::MAX;
    match Scenario::from_link(&invalid.to_link(BASE)) {
        Err(ScenarioError::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["workload.read_fraction", "cache.capacity"]);
        }
        other => panic!("{other:?}"),
    }
    // Or it decodes to something that isn't a scenario: the parse error with its path.
    let wrong_type = fragment_of(r#"{"cache":{"capacity":"many"}}"#);
    match Scenario::from_link(&wrong_type) {
        Err(ScenarioError::Parse(message)) => {
            assert!(
                message.starts_with("cache.capacity: invalid type"),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_cut_of_a_link_is_damaged() {
    let fragment = preset("cdn-edge").unwrap().link_fragment();
    for len in 3..fragment.len() {
        let error = link_error(&fragment[..len]);
        assert!(
            matches!(error, LinkError::Damaged(_)),
            "cut to {len}: {error:?}"
        );
    }
}

#[test]
fn every_changed_character_of_a_link_is_caught() {
    // The CRC-32 over the bytes as sent catches every burst of up to 32 bits: no single
    // substitution in the payload opens as another scenario.
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let fragment = preset("cdn-edge").unwrap().link_fragment().into_bytes();
    for position in 3..fragment.len() {
        for &c in ALPHABET.iter().filter(|&&c| c != fragment[position]) {
            let mut changed = fragment.clone();
            changed[position] = c;
            let text = String::from_utf8(changed).unwrap();
            let res = Scenario::from_link(&text);
            assert!(
                matches!(res, Err(ScenarioError::Link(LinkError::Damaged(_)))),
                "{text}: {res:?}"
            );
        }
    }
}

/// Inputs that once broke a decoder or sit on an edge of it; each must give an error.
#[test]
fn regressions_give_errors() {
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let deep_in_field = format!(r#"{{"workload":{}1{}}}"#, "[".repeat(126), "]".repeat(126));
    for payload in [
        "[]",
        "null",
        "\"text\"",
        "{",
        r#"{"kind":"back"}"#,
        r#"{"seed":1e400}"#,
        r#"{"seed":-1}"#,
        r#"{"duration_s":null}"#,
        r#"{"write_policy":{"kind":"back","when_full":"explode"}}"#,
        r#"{"workload":{"popularity":{"kind":"zipf"}}}"#,
        "{\"title\":\"\u{0}\"",
        &deep,
        &deep_in_field,
    ] {
        assert!(
            Scenario::from_link(&fragment_of(payload)).is_err(),
            "{payload}"
        );
    }
    let mut invalid_utf8 = miniz_oxide::deflate::compress_to_vec(b"{\"title\":\"\xff\"}", 6);
    invalid_utf8.extend(crc32(&invalid_utf8).to_be_bytes());
    let res = Scenario::from_link(&format!("v1.{}", base64url(&invalid_utf8)));
    assert!(
        matches!(res, Err(ScenarioError::Link(LinkError::Damaged(_)))),
        "{res:?}"
    );
}

/// A valid scenario with the given text and some fields moved, across every variant.
#[allow(clippy::too_many_arguments)]
fn varied(
    title: String,
    notes: String,
    seed: u64,
    read_fraction: f64,
    capacity: u32,
    eviction: usize,
    alpha: f64,
    variant: u8,
) -> Scenario {
    let mut scenario = presets()[usize::from(variant) % 4].scenario.clone();
    scenario.title = title;
    scenario.notes = notes;
    scenario.seed = seed;
    scenario.workload.read_fraction = read_fraction;
    scenario.cache.capacity = capacity;
    scenario.cache.eviction = EvictionKind::ALL[eviction % EvictionKind::ALL.len()];
    scenario.workload.popularity = match variant % 3 {
        0 => Popularity::Uniform,
        1 => Popularity::Zipf { alpha },
        _ => Popularity::Hotspot {
            hot_key_fraction: alpha / 10.0 + 0.01,
            hot_request_fraction: read_fraction,
        },
    };
    scenario.cache.latency = match variant % 5 {
        0 => Latency::Exponential {
            mean_ms: alpha + 0.1,
        },
        1 => Latency::Constant { ms: alpha },
        _ => scenario.cache.latency,
    };
    if variant % 7 == 0 {
        scenario.cache.invalidate_on_write = false;
        scenario.write_policy = WritePolicy::Back(WriteBehind {
            when_full: QueueFull::DropOldest,
            coalescing: variant % 2 == 0,
            ..WriteBehind::default()
        });
    }
    scenario
}

/// Changes a valid fragment: substitutes, inserts or deletes bytes, cuts it, or repeats a
/// stretch of it. Any result may be invalid UTF-8, which the caller replaces lossily.
fn mutate(fragment: &[u8], edits: &[(u8, u16, u8)]) -> String {
    let mut bytes = fragment.to_vec();
    for &(op, at, byte) in edits {
        let at = usize::from(at) % (bytes.len() + 1);
        match op % 5 {
            0 if at < bytes.len() => bytes[at] = byte,
            1 => bytes.insert(at, byte),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            3 => bytes.truncate(at),
            _ => {
                let stretch = bytes[at..]
                    .iter()
                    .take(usize::from(byte))
                    .copied()
                    .collect::<Vec<_>>();
                bytes.splice(at..at, stretch);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Opening anything gives a valid scenario or an error; never a panic.
fn open_checked(text: &str) {
    if let Ok(scenario) = Scenario::from_link(text) {
        assert_eq!(scenario.validate(), Ok(()), "{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn scenarios_round_trip_exactly(
        title in proptest::collection::vec(any::<char>(), 0..=200),
        notes in proptest::collection::vec(any::<char>(), 0..=600),
        seed in any::<u64>(),
        read_fraction in 0.0f64..=1.0,
        capacity in 0u32..=10_000_000,
        eviction in 0usize..64,
        alpha in 0.0f64..=9.0,
        variant in any::<u8>(),
    ) {
        let scenario = varied(
            title.into_iter().collect(),
            notes.into_iter().collect(),
            seed,
            read_fraction,
            capacity,
            eviction,
            alpha,
            variant,
        );
        prop_assert_eq!(scenario.validate(), Ok(()));
        let link = scenario.to_link(BASE);
        prop_assert_eq!(Scenario::from_link(&link), Ok(scenario));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    #[test]
    fn random_text_never_panics(text in any::<String>(), payload in "[A-Za-z0-9_-]{0,200}") {
        open_checked(&text);
        open_checked(&format!("v1.{payload}"));
        open_checked(&format!("{BASE}#v1.eJ{payload}"));
    }

    #[test]
    fn random_deflated_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        // With a valid checksum, so inflate reads them.
        let mut payload = bytes;
        payload.extend(crc32(&payload).to_be_bytes());
        open_checked(&format!("v1.{}", base64url(&payload)));
    }

    #[test]
    fn mutated_links_never_panic(
        which in 0usize..4,
        edits in proptest::collection::vec((any::<u8>(), any::<u16>(), any::<u8>()), 1..6),
    ) {
        let fragment = presets()[which].scenario.link_fragment();
        open_checked(&mutate(fragment.as_bytes(), &edits));
    }

    #[test]
    fn mutated_payloads_with_a_valid_checksum_never_panic(
        which in 0usize..4,
        edits in proptest::collection::vec((any::<u8>(), any::<u16>(), any::<u8>()), 1..6),
    ) {
        // Mutate the JSON inside, then compress it properly: this reaches the merge, the
        // deserializer and validation, past the checksum.
        let scenario = &presets()[which].scenario;
        let value = json!({"title": scenario.title, "workload": scenario.workload, "cache": scenario.cache, "write_policy": scenario.write_policy});
        let text = mutate(value.to_string().as_bytes(), &edits);
        open_checked(&fragment_of(&text));
    }
}

fn cacheplay_link(args: &[&str]) -> std::process::Output {
    let mut all = vec!["link"];
    all.extend_from_slice(args);
    crate::cli::cacheplay(&all)
}

#[test]
fn the_cli_prints_the_link_of_a_preset_a_file_or_a_link() {
    let banking = preset("banking").unwrap();
    let default_base = crate::cli::stdout(&cacheplay_link(&["banking"]));
    assert_eq!(
        default_base,
        format!("{}\n", banking.to_link("http://127.0.0.1:8080/"))
    );

    let path = std::env::temp_dir().join(format!("cacheplay-it-{}-link.json", std::process::id()));
    std::fs::write(&path, serde_json::to_string(&banking).unwrap()).unwrap();
    let from_file = crate::cli::stdout(&cacheplay_link(&[path.to_str().unwrap(), "--base", BASE]));
    assert_eq!(from_file, format!("{}\n", banking.to_link(BASE)));

    // A link in, the same scenario out, under another base.
    let relinked = crate::cli::stdout(&cacheplay_link(&[
        default_base.trim(),
        &format!("--base={BASE}"),
    ]));
    assert_eq!(relinked, from_file);
}

#[test]
fn the_cli_says_what_is_wrong() {
    let newer = cacheplay_link(&["https://example.github.io/cacheplay/#v2.q64FABW_xTc"]);
    assert_eq!(newer.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&newer.stderr);
    assert!(
        stderr.contains("newer version of cacheplay (v2)"),
        "{stderr}"
    );

    let missing = cacheplay_link(&["no-such-preset"]);
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("unknown preset 'no-such-preset' (presets: default, banking"),
        "{stderr}"
    );

    for args in [
        &[][..],
        &["banking", "--base"],
        &["banking", "--bogus"],
        &["a", "b"],
        &["banking", "--base", "https://x/#y"],
    ] {
        let output = cacheplay_link(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("Usage: cacheplay link"));
    }
}

#[test]
fn the_largest_text_a_scenario_may_hold_fits_the_caps() {
    // Control characters are escaped as six bytes (\u0001) and other characters take up to
    // four: pseudo-random ones compress badly, the worst case for both caps.
    let mut rng = sim::rng::SplitMix64::new(5);
    let mut text = |n: usize| -> String {
        (0..n)
            .map(|i| match i % 3 {
                0 => char::from_u32(rng.below(0x20)).unwrap(),
                _ => char::from_u32(0x1_0000 + rng.below(0xF_0000)).unwrap(),
            })
            .collect()
    };
    let mut scenario = preset("cdn-edge").unwrap();
    scenario.title = text(cacheplay::scenario::MAX_TITLE_CHARS);
    scenario.notes = text(cacheplay::scenario::MAX_NOTES_CHARS);
    assert_eq!(scenario.validate(), Ok(()));
    let json_len = serde_json::to_string(&scenario).unwrap().len();
    assert!(
        json_len > 20_000 && json_len < MAX_DECODED_BYTES,
        "{json_len}"
    );
    let fragment = scenario.link_fragment();
    assert!(fragment.len() < MAX_FRAGMENT_CHARS, "{}", fragment.len());
    assert_eq!(Scenario::from_link(&fragment), Ok(scenario));
}
