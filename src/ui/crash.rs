//! A run that trapped the WebAssembly instance on an earlier load of this address.
//!
//! A trap (running out of memory ends as `RuntimeError: unreachable`) leaves the instance
//! unusable, so the page can't report it itself: `www/crash-guard.js` shows the message
//! and keeps it, with the address, in `sessionStorage`. A page opened at the same address
//! in the same session reads it here and opens paused with the message, instead of
//! running into the same trap again (and again on every reload).

use serde::Deserialize;

/// The `sessionStorage` key `www/crash-guard.js` writes.
pub const KEY: &str = "cacheplay.crashed";

/// What the guard writes: the page's query and fragment, and the message it showed.
#[derive(Deserialize)]
struct Record {
    address: String,
    message: String,
}

/// The recorded message, when `record` (the stored JSON) was written at `address` (the
/// page's query and fragment, `?embed=1#v1.…`). Anything unreadable counts as no crash.
pub fn message_for(record: &str, address: &str) -> Option<String> {
    let record: Record = serde_json::from_str(record).ok()?;
    (record.address == address).then_some(record.message)
}

/// The message of a crash at the page's address earlier in this session.
pub fn read() -> Option<String> {
    let window = web_sys::window()?;
    let record = window.session_storage().ok()??.get_item(KEY).ok()??;
    let location = window.location();
    let address = format!(
        "{}{}",
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    message_for(&record, &address)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_counts_only_at_its_own_address() {
        let record = r#"{"address": "?embed=1#v1.abc", "message": "The run stopped at 00:03.3"}"#;
        assert_eq!(
            message_for(record, "?embed=1#v1.abc").as_deref(),
            Some("The run stopped at 00:03.3")
        );
        assert_eq!(message_for(record, "#v1.abc"), None);
        assert_eq!(message_for(record, "?embed=1#v1.abd"), None);
        assert_eq!(message_for("not json", ""), None);
        assert_eq!(message_for(r#"{"address": ""}"#, ""), None);
    }
}
