//! Tidy: the engine's source names nothing that could make a run depend on where it runs.
//!
//! A grep over every file of `src/sim.rs` and `src/sim/`, comments included, so that a
//! forbidden name can't hide behind an `allow` or a re-export.

use std::path::{Path, PathBuf};

/// Names whose presence in `sim` means a web dependency, a clock, OS randomness, or a
/// hash map whose iteration order changes between processes.
const FORBIDDEN: &[&str] = &[
    "yew",
    "web_sys",
    "gloo",
    "js_sys",
    "HashMap",
    "HashSet",
    "std::time",
    "thread_rng",
    "SmallRng",
];

#[test]
fn sim_names_no_web_crate_clock_or_hash_map() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("sim.rs")];
    rust_files(&root.join("sim"), &mut files);
    assert!(
        files.len() > 1,
        "no engine sources under {}",
        root.display()
    );

    let mut offences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("engine sources are readable UTF-8");
        for (line_idx, line) in text.lines().enumerate() {
            for name in FORBIDDEN.iter().filter(|name| line.contains(*name)) {
                offences.push(format!(
                    "{}:{}: `{name}`: {}",
                    file.display(),
                    line_idx + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "forbidden names in the engine:\n{}",
        offences.join("\n")
    );
}

/// Every `.rs` file under `dir`, recursively, in a stable order.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src/sim is a readable directory")
        .map(|entry| entry.expect("directory entries are readable").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}
