use super::*;
use serde_json::json;

#[test]
fn base64url_matches_the_rfc_4648_vectors() {
    // RFC 4648 §10, without the padding.
    for (bytes, text) in [
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64url_encode(bytes.as_bytes()), text);
        assert_eq!(base64url_decode(text).unwrap(), bytes.as_bytes());
    }
    // 0xfb 0xff: 111110 111111 1111(00) → '+' and '/' in plain base64, '-' and '_' here.
    assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    assert_eq!(base64url_decode("-_8").unwrap(), [0xfb, 0xff]);
}

#[test]
fn base64url_rejects_padding_foreign_characters_and_loose_bits() {
    for text in ["Zg==", "Zm9v+", "Zm/v", "Zm9v Zg", "Zé"] {
        assert!(
            matches!(base64url_decode(text), Err(LinkError::Damaged(_))),
            "{text}"
        );
    }
    // One character holds 6 bits, less than a byte: a payload can't end there.
    assert!(base64url_decode("Zm9vY").is_err());
    // "Zh": 011001 100001, one byte 0x66 and the bits 0001 left over, which must be zero.
    assert!(base64url_decode("Zh").is_err());
}

#[test]
fn base64url_round_trips_every_length_and_byte() {
    let bytes: Vec<u8> = (0..=255).collect();
    for len in 0..bytes.len() {
        let text = base64url_encode(&bytes[..len]);
        assert_eq!(text.len(), (len * 4).div_ceil(3));
        assert_eq!(base64url_decode(&text).unwrap(), &bytes[..len]);
    }
}

#[test]
fn the_tag_is_v_a_number_and_a_dot() {
    assert_eq!(split_tag("v1.abc"), Some((1, "abc")));
    assert_eq!(split_tag("v1"), Some((1, "")));
    assert_eq!(split_tag("v1."), Some((1, "")));
    assert_eq!(split_tag("v23.x"), Some((23, "x")));
    assert_eq!(split_tag("v999999999.x"), Some((999_999_999, "x")));
    for text in [
        "", "v", "v.", "1.abc", "V1.abc", "v01.abc", "v0.abc", "v1x", "v1,abc",
    ] {
        assert_eq!(split_tag(text), None, "{text}");
    }
    // Ten digits are not a version, and can't overflow the parse.
    assert_eq!(split_tag("v4294967296.x"), None);
}

#[test]
fn diff_keeps_only_what_changed_and_writes_other_variants_whole() {
    let defaults = json!({
        "a": 1,
        "inner": {"x": 1.5, "y": [1, 2]},
        "profile": {"kind": "constant", "rate_per_s": 2.0},
        "policy": {"kind": "through"}
    });
    let value = json!({
        "a": 1,
        "inner": {"x": 1.5, "y": [1, 3]},
        "profile": {"kind": "constant", "rate_per_s": 3.0},
        "policy": {"kind": "back", "batch_size": 5},
        "added": null
    });
    let changed = diff(&defaults, &value).unwrap();
    // The array differs in one item and is written whole; the same-tag object recurses
    // (no tag written); the other variant is whole; a new key is whole even when null.
    assert_eq!(
        changed,
        json!({
            "inner": {"y": [1, 3]},
            "profile": {"rate_per_s": 3.0},
            "policy": {"kind": "back", "batch_size": 5},
            "added": null
        })
    );
    let mut merged = defaults.clone();
    merge(&mut merged, changed);
    assert_eq!(merged, value);
    assert_eq!(diff(&defaults, &defaults), None);
}

#[test]
fn merge_replaces_a_tagged_object_and_keeps_untouched_keys() {
    let mut base = json!({"p": {"kind": "zipf", "alpha": 0.99}, "n": 3});
    merge(&mut base, json!({"p": {"kind": "uniform"}}));
    assert_eq!(base, json!({"p": {"kind": "uniform"}, "n": 3}));
    merge(&mut base, json!({"n": {"deep": true}}));
    assert_eq!(base, json!({"p": {"kind": "uniform"}, "n": {"deep": true}}));
}

#[test]
fn crc32_matches_the_check_value() {
    // The standard check value of CRC-32/ISO-HDLC over the ASCII digits 1 to 9.
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(crc32(b""), 0);
}

#[test]
fn the_checksum_guards_the_deflated_bytes() {
    let mut payload = b"deflated".to_vec();
    payload.extend(crc32(b"deflated").to_be_bytes());
    assert_eq!(checked(&payload), Ok(&b"deflated"[..]));
    for bit in 0..payload.len() * 8 {
        let mut flipped = payload.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        assert!(checked(&flipped).is_err(), "bit {bit}");
    }
    for len in 0..payload.len() {
        assert!(checked(&payload[..len]).is_err(), "cut to {len}");
    }
}

#[test]
fn inflate_checks_the_end_and_the_size() {
    let text = b"{\"seed\":7}";
    let good = miniz_oxide::deflate::compress_to_vec(text, 10);
    assert_eq!(inflate(&good).unwrap(), text);

    let mut longer = good.clone();
    longer.push(0);
    assert_eq!(
        inflate(&longer),
        Err(LinkError::Damaged(
            "extra bytes follow the compressed scenario".to_string()
        ))
    );
    for len in 0..good.len() {
        assert!(
            matches!(inflate(&good[..len]), Err(LinkError::Damaged(_))),
            "cut to {len} bytes"
        );
    }

    // One byte past the cap, compressed to a few hundred bytes: a zip bomb in miniature.
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_DECODED_BYTES + 1], 10);
    assert!(bomb.len() < 1_000);
    assert_eq!(inflate(&bomb), Err(LinkError::TooLarge));
    let full = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_DECODED_BYTES], 10);
    assert_eq!(inflate(&full).unwrap().len(), MAX_DECODED_BYTES);
}

#[test]
fn the_frozen_defaults_are_an_empty_diff() {
    // `{}` deflates to 4 bytes (one fixed-Huffman block), then the 4-byte CRC: 8 bytes,
    // 64 bits, 11 characters of 6 bits.
    let defaults = Scenario::from_json(V1_DEFAULTS).unwrap();
    let fragment = defaults.link_fragment();
    assert_eq!(fragment.len(), "v1.".len() + 11, "{fragment}");
    assert_eq!(decode_fragment(&fragment).unwrap(), v1_defaults());
}

#[test]
fn links_are_recognised_by_their_shape() {
    let fragment = Scenario::default().link_fragment();
    for text in [
        format!("https://example.github.io/cacheplay/#{fragment}"),
        format!("#{fragment}"),
        fragment.clone(),
        format!("  {fragment}\n"),
    ] {
        assert!(looks_like_link(&text), "{text}");
    }
    for text in [
        "v1.json",
        "banking",
        "scenarios/v1.json",
        "./v1.scenario-file.json",
    ] {
        assert!(!looks_like_link(text), "{text}");
    }
}
