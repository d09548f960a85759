//! Trace files for replay: libCacheSim's `txt` (one integer id per line) and CSV with a
//! header row and a named key column.
//!
//! Ids in the file are sparse `u64`s; they become dense [`Key`]s `0..distinct` in order of
//! first appearance, once, while parsing, so replay can keep per-key state in flat
//! arrays. A malformed line stops the parse with its 1-based line number.

use crate::sim::eviction::Key;
use std::path::Path;

/// A parsed trace: the requests as dense keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    pub keys: Vec<Key>,
    /// The number of distinct ids; every key is below it.
    pub distinct: u32,
}

/// How a trace file is laid out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceFormat {
    /// One decimal id per line, no header (libCacheSim `txt`).
    Txt,
    /// Comma-separated with a header row; ids come from the column named `key_column`,
    /// or from the first column if `None`.
    Csv { key_column: Option<String> },
}

impl TraceFormat {
    /// `txt` or `csv` (for `--trace-format`).
    pub fn from_name(name: &str, key_column: Option<String>) -> Option<TraceFormat> {
        match name {
            "txt" => Some(TraceFormat::Txt),
            "csv" => Some(TraceFormat::Csv { key_column }),
            _ => None,
        }
    }

    /// `.csv` files are CSV; anything else is `txt`, libCacheSim's plain format.
    pub fn from_path(path: &Path, key_column: Option<String>) -> TraceFormat {
        let is_csv = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("csv"));
        if is_csv {
            TraceFormat::Csv { key_column }
        } else {
            TraceFormat::Txt
        }
    }
}

/// Why a trace could not be read; `line` is 1-based when one line is to blame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceError {
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for TraceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for TraceError {}

/// Parses a whole trace file's bytes.
pub fn parse(bytes: &[u8], format: &TraceFormat) -> Result<Trace, TraceError> {
    match format {
        TraceFormat::Txt => parse_txt(bytes),
        TraceFormat::Csv { key_column } => parse_csv(bytes, key_column.as_deref()),
    }
}

/// One decimal id per line; `\n` or `\r\n` line ends; the last line may lack its end, and
/// blank lines may follow it (editors add them), but not come between ids.
pub fn parse_txt(bytes: &[u8]) -> Result<Trace, TraceError> {
    let bytes = bytes.trim_ascii_end();
    let mut ids = DenseIds::new();
    let mut keys = Vec::with_capacity(bytes.len() / 6);
    let mut at = 0;
    let mut line = 1;
    while at < bytes.len() {
        // The fast path reads digits straight to the line end; anything else (spaces, a
        // sign, too many digits) goes to the careful path, which also words the error.
        let start = at;
        let mut id = 0u64;
        while at < bytes.len() && bytes[at].is_ascii_digit() && at - start < 19 {
            id = id * 10 + u64::from(bytes[at] - b'0');
            at += 1;
        }
        let end = at;
        if at < bytes.len() && bytes[at] == b'\r' {
            at += 1;
        }
        let clean = end > start && (at == bytes.len() || bytes[at] == b'\n');
        if !clean {
            let end = memchr_newline(bytes, start);
            id = parse_id(&bytes[start..end], line)?;
            at = end;
        }
        keys.push(ids.key(id, line)?);
        at += 1;
        line += 1;
    }
    finish(keys, ids)
}

/// A header row, then one request per row; the id is the `key_column` field (the first
/// field if `None`). Fields are split at commas; surrounding spaces and double quotes
/// around a field are ignored.
pub fn parse_csv(bytes: &[u8], key_column: Option<&str>) -> Result<Trace, TraceError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Blank lines after the last row are an editor's, not empty rows.
    let bytes = bytes.trim_ascii_end();
    let mut lines = bytes.split(|&b| b == b'\n');
    let header = lines.next().unwrap_or_default();
    let column = match key_column {
        None => 0,
        Some(name) => split_fields(header)
            .position(|field| field == name.as_bytes())
            .ok_or_else(|| TraceError {
                line: Some(1),
                message: format!(
                    "no column named '{name}' in the header; the columns are: {}",
                    String::from_utf8_lossy(header).trim()
                ),
            })?,
    };
    let mut ids = DenseIds::new();
    let mut keys = Vec::with_capacity(bytes.len() / 12);
    for (index, row) in lines.enumerate() {
        let line = index + 2;
        let field = split_fields(row).nth(column).ok_or_else(|| TraceError {
            line: Some(line),
            message: format!(
                "expected at least {} fields, found '{}'",
                column + 1,
                shorten(row)
            ),
        })?;
        let id = parse_id(field, line)?;
        keys.push(ids.key(id, line)?);
    }
    finish(keys, ids)
}

fn finish(keys: Vec<Key>, ids: DenseIds) -> Result<Trace, TraceError> {
    if keys.is_empty() {
        return Err(TraceError {
            line: None,
            message: "the trace has no requests".to_string(),
        });
    }
    Ok(Trace {
        keys,
        distinct: ids.len,
    })
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |offset| from + offset)
}

fn split_fields(row: &[u8]) -> impl Iterator<Item = &[u8]> {
    row.split(|&b| b == b',').map(|field| {
        let field = field.trim_ascii();
        field
            .strip_prefix(b"\"")
            .and_then(|f| f.strip_suffix(b"\""))
            .unwrap_or(field)
    })
}

fn parse_id(text: &[u8], line: usize) -> Result<u64, TraceError> {
    std::str::from_utf8(text.trim_ascii())
        .ok()
        .and_then(|text| text.parse::<u64>().ok())
        .ok_or_else(|| TraceError {
            line: Some(line),
            message: format!(
                "expected an object id (an integer from 0 to {}), found '{}'",
                u64::MAX,
                shorten(text)
            ),
        })
}

/// The offending text for an error message, cut to a readable length.
fn shorten(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text);
    let text = text.trim();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

const EMPTY: u32 = u32::MAX;

/// Sparse ids to dense keys: an open-addressing table with linear probing. A fixed
/// multiplicative hash keeps it deterministic, and it is never iterated.
struct DenseIds {
    ids: Vec<u64>,
    keys: Vec<u32>,
    len: u32,
    /// `64 − log2(slots)`: the hash keeps the product's top bits.
    shift: u32,
}

impl DenseIds {
    /// Starts small and doubles as ids arrive, so memory follows the distinct ids, not
    /// the file's length.
    fn new() -> DenseIds {
        const SLOTS: usize = 1 << 12;
        DenseIds {
            ids: vec![0; SLOTS],
            keys: vec![EMPTY; SLOTS],
            len: 0,
            shift: 64 - SLOTS.trailing_zeros(),
        }
    }

    fn slot(&self, id: u64) -> usize {
        (id.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The dense key of `id`, numbering it if it is new.
    fn key(&mut self, id: u64, line: usize) -> Result<Key, TraceError> {
        let mask = self.ids.len() - 1;
        let mut slot = self.slot(id);
        loop {
            let key = self.keys[slot];
            if key == EMPTY {
                break;
            }
            if self.ids[slot] == id {
                return Ok(Key(key));
            }
            slot = (slot + 1) & mask;
        }
        if self.len == EMPTY - 1 {
            return Err(TraceError {
                line: Some(line),
                message: format!("more than {} distinct ids", EMPTY - 1),
            });
        }
        let key = self.len;
        self.len += 1;
        self.ids[slot] = id;
        self.keys[slot] = key;
        // Keep the table at most half full so probes stay short.
        if self.len as usize * 2 > self.ids.len() {
            self.grow();
        }
        Ok(Key(key))
    }

    fn grow(&mut self) {
        let old_ids = std::mem::take(&mut self.ids);
        let old_keys = std::mem::take(&mut self.keys);
        let slots = old_ids.len() * 2;
        self.ids = vec![0; slots];
        self.keys = vec![EMPTY; slots];
        self.shift = 64 - slots.trailing_zeros();
        let mask = slots - 1;
        for (id, key) in old_ids.into_iter().zip(old_keys) {
            if key != EMPTY {
                let mut slot = self.slot(id);
                while self.keys[slot] != EMPTY {
                    slot = (slot + 1) & mask;
                }
                self.ids[slot] = id;
                self.keys[slot] = key;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dense(trace: &Trace) -> Vec<u32> {
        trace.keys.iter().map(|k| k.0).collect()
    }

    #[test]
    fn txt_ids_become_dense_keys_in_first_seen_order() {
        // Ids 42 7 42 18446744073709551615 7 → keys 0 1 0 2 1, three distinct.
        let trace = parse_txt(b"42\n7\n42\n18446744073709551615\r\n7").expect("valid");
        assert_eq!((dense(&trace), trace.distinct), (vec![0, 1, 0, 2, 1], 3));
        // Spaces around an id are tolerated by the careful path.
        assert_eq!(dense(&parse_txt(b" 5 \n5\n").expect("valid")), [0, 0]);
    }

    #[test]
    fn txt_errors_name_the_line() {
        let error = parse_txt(b"1\n2\nthree\n4\n").expect_err("line 3 is not a number");
        assert_eq!(error.line, Some(3));
        assert!(
            error
                .to_string()
                .starts_with("line 3: expected an object id"),
            "{error}"
        );
        assert_eq!(
            parse_txt(b"1\n\n2\n").expect_err("empty line").line,
            Some(2)
        );
        assert_eq!(parse_txt(b"-1\n").expect_err("negative").line, Some(1));
        let too_big = parse_txt(b"1\n18446744073709551616\n").expect_err("overflow");
        assert_eq!(too_big.line, Some(2));
        assert_eq!(parse_txt(b"").expect_err("empty").line, None);
        assert_eq!(parse_txt(b"\n\r\n \n").expect_err("blank").line, None);
    }

    #[test]
    fn blank_lines_may_end_a_trace() {
        assert_eq!(dense(&parse_txt(b"4\n").expect("valid")), [0]);
        assert_eq!(dense(&parse_txt(b"4\n\n\r\n  \n").expect("valid")), [0]);
        let csv = parse_csv(b"id\n4\n5\r\n\n\n", None).expect("valid");
        assert_eq!(dense(&csv), [0, 1]);
        let blank_row = parse_csv(b"id\n4\n\n5\n", None).expect_err("a blank row inside");
        assert_eq!(blank_row.line, Some(3));
    }

    #[test]
    fn csv_reads_the_named_column() {
        let text = b"time,obj_id,size\n1,100,5\n2,\"200\",5\n3, 100 ,5\n";
        let trace = parse_csv(text, Some("obj_id")).expect("valid");
        assert_eq!((dense(&trace), trace.distinct), (vec![0, 1, 0], 2));
        let first = parse_csv(text, None).expect("the first column is numeric too");
        assert_eq!(dense(&first), [0, 1, 2]);
    }

    #[test]
    fn csv_errors_name_the_line_or_the_missing_column() {
        let missing = parse_csv(b"a,b\n1,2\n", Some("key")).expect_err("no such column");
        assert_eq!(missing.line, Some(1));
        assert!(missing.message.contains("a,b"), "{missing}");
        let short = parse_csv(b"a,b\n1,2\n3\n", Some("b")).expect_err("row 3 is short");
        assert_eq!(short.line, Some(3));
        let text = parse_csv(b"a\n1\nx\n", None).expect_err("not a number");
        assert_eq!(text.line, Some(3));
    }

    #[test]
    fn the_id_table_grows_and_keeps_every_mapping() {
        let mut ids = DenseIds::new();
        for round in 0..2 {
            for id in 0..10_000u64 {
                let key = ids.key(id * 1_000_003, 1).expect("room");
                assert_eq!(key, Key(id as u32), "round {round}");
            }
        }
        assert_eq!(ids.len, 10_000);
    }

    #[test]
    fn the_format_follows_the_extension() {
        let csv = TraceFormat::from_path(Path::new("t.CSV"), None);
        assert_eq!(csv, TraceFormat::Csv { key_column: None });
        assert_eq!(
            TraceFormat::from_path(Path::new("t.txt"), None),
            TraceFormat::Txt
        );
        assert_eq!(TraceFormat::from_name("tsv", None), None);
    }
}
