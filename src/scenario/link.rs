//! Share links: a whole scenario in a URL fragment, `BASE#v1.PAYLOAD` (docs/links.md).
//!
//! The payload is the scenario's JSON minus what equals the frozen v1 defaults
//! ([`V1_DEFAULTS`]), raw-deflated, followed by the CRC-32 of the deflated bytes, and
//! base64url-encoded without padding. The fragment never reaches a server, and a link
//! opens the same scenario for as long as v1 is read.
//! Decoding is strict and bounded: every failure is a [`LinkError`] that says what is
//! wrong, and no input makes it panic, loop or allocate more than [`MAX_DECODED_BYTES`].

use super::json::{self, ValueError};
use super::numbers::readable;
use super::{Scenario, ScenarioError};
use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;
use serde_json::{Map, Value};

/// The version this code writes; it reads every version up to it.
pub const VERSION: u32 = 1;

/// The v1 defaults, frozen: a v1 payload holds only what differs from this document.
/// Never change a value here (every v1 link would change meaning). A field added to
/// `Scenario` later is added here with its default of that day, which is what the v1
/// links made before it (they lack it) open to; a test checks that every field is here.
pub const V1_DEFAULTS: &str = include_str!("link/v1_defaults.json");

/// The base URL `cacheplay link` puts before the fragment: `make serve`'s address.
pub const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

/// The longest fragment read, in characters: room for [`MAX_DECODED_BYTES`] of
/// incompressible JSON (deflate's stored blocks, then base64's 4/3), so every scenario
/// this code writes is read back.
pub const MAX_FRAGMENT_CHARS: usize = 96 * 1024;

/// The most JSON a payload may inflate to, so a small link can't exhaust memory (a zip
/// bomb). The largest valid scenario today, 5,200 characters of text escaped at 6 bytes
/// each plus the numbers, is about half of it.
pub const MAX_DECODED_BYTES: usize = 64 * 1024;

/// The tag key of the scenario's enums (`#[serde(tag = "kind")]`). An object whose tag
/// differs from the defaults' is written whole, and a diff object carrying it replaces
/// the default instead of merging into it: the fields of another variant don't mix.
const TAG: &str = "kind";

/// Why a text is not a link this version can open. Each kind has its own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// The text has no `v<number>.` tag, in its fragment or as a whole.
    NotALink,
    /// The tag names a version this code doesn't know yet.
    NewerVersion(u32),
    /// The payload is not what a cacheplay link holds: cut short, a character changed,
    /// a checksum that doesn't match. Says which.
    Damaged(String),
    /// The fragment is longer than [`MAX_FRAGMENT_CHARS`], or the payload inflates past
    /// [`MAX_DECODED_BYTES`].
    TooLarge,
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::NotALink => write!(
                f,
                "not a cacheplay link: expected a URL ending in #v{VERSION}.… or the text after the #"
            ),
            LinkError::NewerVersion(version) => write!(
                f,
                "this link was made by a newer version of cacheplay (v{version}); this version \
                 opens links up to v{VERSION}"
            ),
            LinkError::Damaged(why) => write!(f, "the link is damaged or truncated: {why}"),
            LinkError::TooLarge => write!(
                f,
                "the link is too large: a cacheplay link is at most {MAX_FRAGMENT_CHARS} \
                 characters after the # and holds at most {MAX_DECODED_BYTES} bytes of scenario"
            ),
        }
    }
}

impl std::error::Error for LinkError {}

impl From<LinkError> for ScenarioError {
    fn from(error: LinkError) -> ScenarioError {
        ScenarioError::Link(error)
    }
}

impl Scenario {
    /// The share link of this scenario: `base`, then `#v1.` and the payload.
    pub fn to_link(&self, base: &str) -> String {
        format!("{base}#{}", self.link_fragment())
    }

    /// The fragment of the share link, without the `#`: `v1.` and the payload.
    pub fn link_fragment(&self) -> String {
        let value = serde_json::to_value(self).expect("a Scenario always serializes to JSON");
        let changed = diff(&v1_defaults(), &value).unwrap_or_else(|| Value::Object(Map::new()));
        let mut payload = miniz_oxide::deflate::compress_to_vec(changed.to_string().as_bytes(), 10);
        payload.extend(crc32(&payload).to_be_bytes());
        format!("v{VERSION}.{}", base64url_encode(&payload))
    }

    /// Opens a share link: a whole URL, its `#v1.…` fragment, or the text after the `#`.
    /// Then deserializes and validates the scenario as [`Scenario::from_json`] does; a
    /// parse error names the field path (there is no line and column to point at).
    pub fn from_link(text: &str) -> Result<Scenario, ScenarioError> {
        let value = decode_fragment(text)?;
        let scenario = json::deserialize(&value).map_err(|e| {
            let ValueError { path, mut message } = e;
            // A field added after this build keeps the v1 tag: the link is from a newer
            // cacheplay, unless someone edited it.
            if message.starts_with("unknown field") {
                message.push_str(" (was the link made by a newer version of cacheplay?)");
            }
            ScenarioError::Parse(readable(&if path == "." {
                message
            } else {
                format!("{path}: {message}")
            }))
        })?;
        scenario.validate()?;
        Ok(scenario)
    }
}

/// Whether `text` reads as a share link rather than a file name: a URL with a fragment, a
/// `#…` fragment, or a bare `v1.` tag followed by a payload-sized run of base64url.
pub fn looks_like_link(text: &str) -> bool {
    let text = text.trim();
    if text.contains('#') {
        return true;
    }
    match split_tag(text) {
        Some((_, payload)) => payload.len() >= 11 && payload.bytes().all(is_base64url),
        None => false,
    }
}

/// The frozen defaults as a JSON value.
fn v1_defaults() -> Value {
    serde_json::from_str(V1_DEFAULTS).expect("the frozen v1 defaults are valid JSON")
}

/// The scenario JSON a link holds: the payload decoded, inflated and merged onto the
/// defaults of its version.
fn decode_fragment(text: &str) -> Result<Value, LinkError> {
    let text = text.trim();
    let fragment = text.split_once('#').map_or(text, |(_, fragment)| fragment);
    let (version, payload) = split_tag(fragment).ok_or(LinkError::NotALink)?;
    if version > VERSION {
        return Err(LinkError::NewerVersion(version));
    }
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(LinkError::TooLarge);
    }
    if payload.is_empty() {
        return Err(LinkError::Damaged(
            "nothing follows the version tag".to_string(),
        ));
    }
    let payload = base64url_decode(payload)?;
    let json = inflate(checked(&payload)?)?;
    let changed: Value = serde_json::from_slice(&json)
        .map_err(|e| LinkError::Damaged(format!("the payload is not JSON ({e})")))?;
    if !changed.is_object() {
        return Err(LinkError::Damaged(
            "the payload is not a JSON object".to_string(),
        ));
    }
    let mut scenario = v1_defaults();
    merge(&mut scenario, changed);
    Ok(scenario)
}

/// `v<version>.<payload>`, or `v<version>` alone (a link cut after its tag), with a
/// version from 1 to 999,999,999 written without leading zeros.
fn split_tag(fragment: &str) -> Option<(u32, &str)> {
    let rest = fragment.strip_prefix('v')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (number, rest) = rest.split_at(digits);
    let payload = match rest.strip_prefix('.') {
        Some(payload) => payload,
        None if rest.is_empty() => rest,
        None => return None,
    };
    if number.is_empty() || number.len() > 9 || number.starts_with('0') {
        return None;
    }
    Some((number.parse().ok()?, payload))
}

/// What `value` changes in `defaults`, or `None` where it is equal. Objects with the same
/// tag recurse; anything else that differs (a scalar, an array, an object of another
/// variant, a key the defaults lack) is written whole.
fn diff(defaults: &Value, value: &Value) -> Option<Value> {
    match (defaults, value) {
        (Value::Object(old), Value::Object(new)) if old.get(TAG) == new.get(TAG) => {
            let changed: Map<String, Value> = new
                .iter()
                .filter_map(|(key, item)| {
                    let item = match old.get(key) {
                        Some(old_item) => diff(old_item, item)?,
                        None => item.clone(),
                    };
                    Some((key.clone(), item))
                })
                .collect();
            (!changed.is_empty()).then_some(Value::Object(changed))
        }
        _ if defaults == value => None,
        _ => Some(value.clone()),
    }
}

/// Applies a [`diff`] to `base`: objects without a tag merge key by key, anything else
/// replaces. Keys the base lacks (fields newer than the defaults) are added. The depth is
/// bounded by serde_json's recursion limit on the parsed diff.
fn merge(base: &mut Value, changed: Value) {
    match (base, changed) {
        (Value::Object(base), Value::Object(changed)) if !changed.contains_key(TAG) => {
            for (key, item) in changed {
                match base.get_mut(&key) {
                    Some(slot) => merge(slot, item),
                    None => {
                        base.insert(key, item);
                    }
                }
            }
        }
        (slot, changed) => *slot = changed,
    }
}

/// The deflated bytes of a payload whose CRC-32 matches. The check covers the bytes as
/// sent, so any change within 32 consecutive bits (any one to five adjacent characters)
/// is always caught, and other damage all but always.
fn checked(payload: &[u8]) -> Result<&[u8], LinkError> {
    let Some(split) = payload.len().checked_sub(4) else {
        return Err(LinkError::Damaged("the payload is cut short".to_string()));
    };
    let (deflated, sum) = payload.split_at(split);
    if crc32(deflated).to_be_bytes() != sum {
        return Err(LinkError::Damaged(
            "the checksum does not match: a character was changed, added or lost".to_string(),
        ));
    }
    Ok(deflated)
}

/// CRC-32 as in zlib, PNG and gzip (reflected polynomial 0xEDB88320).
fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &byte| {
        CRC32_TABLE[usize::from(crc as u8 ^ byte)] ^ (crc >> 8)
    })
}

/// The CRC-32 of every byte value, for one table look-up per byte.
const CRC32_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

/// Inflates a raw deflate stream into at most [`MAX_DECODED_BYTES`], checking that it
/// ends where the payload does.
fn inflate(deflated: &[u8]) -> Result<Vec<u8>, LinkError> {
    let mut out = vec![0; MAX_DECODED_BYTES];
    let mut decompressor = Box::<DecompressorOxide>::default();
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (status, read, written) = decompress(&mut decompressor, deflated, &mut out, 0, flags);
    let damaged = |why: &str| Err(LinkError::Damaged(why.to_string()));
    match status {
        TINFLStatus::Done if read == deflated.len() => {
            out.truncate(written);
            Ok(out)
        }
        TINFLStatus::Done => damaged("extra bytes follow the compressed scenario"),
        TINFLStatus::HasMoreOutput => Err(LinkError::TooLarge),
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
            damaged("the compressed scenario is cut short")
        }
        TINFLStatus::Adler32Mismatch | TINFLStatus::BadParam | TINFLStatus::Failed => {
            damaged("the compressed scenario does not inflate")
        }
    }
}

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn is_base64url(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
}

/// RFC 4648 §5 base64url without padding.
fn base64url_encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let bits = chunk.iter().enumerate().fold(0u32, |bits, (i, &byte)| {
            bits | (u32::from(byte) << (16 - 8 * i))
        });
        // n bytes carry 8n bits: n + 1 characters of 6 bits.
        for i in 0..=chunk.len() {
            text.push(char::from(
                BASE64URL[((bits >> (18 - 6 * i)) & 63) as usize],
            ));
        }
    }
    text
}

/// The inverse of [`base64url_encode`], strict: only the 64 characters, no padding, and
/// the unused low bits of the last character zero, so each payload has one spelling.
fn base64url_decode(text: &str) -> Result<Vec<u8>, LinkError> {
    if let Some(bad) = text
        .chars()
        .find(|&c| !c.is_ascii() || !is_base64url(c as u8))
    {
        return Err(LinkError::Damaged(format!(
            "{bad:?} is not a character of a link's payload"
        )));
    }
    if text.len() % 4 == 1 {
        return Err(LinkError::Damaged("the payload is cut short".to_string()));
    }
    let sextet = |byte: u8| match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'-' => 62,
        _ => 63,
    };
    let mut bytes = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.as_bytes().chunks(4) {
        let bits = chunk.iter().enumerate().fold(0u32, |bits, (i, &c)| {
            bits | (u32::from(sextet(c)) << (18 - 6 * i))
        });
        // n characters carry 6n bits: n − 1 whole bytes; the rest must be zero.
        let n_bytes = chunk.len() - 1;
        if bits & (0x00ff_ffff >> (8 * n_bytes)) != 0 {
            return Err(LinkError::Damaged(
                "the payload's last character is not one a link ends with".to_string(),
            ));
        }
        bytes.extend((0..n_bytes).map(|i| (bits >> (16 - 8 * i)) as u8));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests;
