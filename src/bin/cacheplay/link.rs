//! `cacheplay link`: prints the share link of a preset, a scenario file or another link.
//!
//! The link is `BASE#v1.PAYLOAD` (docs/links.md); the playground at BASE opens it, and so
//! does `cacheplay run '<link>'`. [`load`] is the loader both commands share.

use cacheplay::scenario::link::{self, DEFAULT_BASE};
use cacheplay::scenario::{self, Scenario};
use std::io::{ErrorKind, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: cacheplay link <preset | scenario.json | link> [--base URL]

Prints the share link of a scenario: URL#v1.… with the whole scenario in the fragment.
  --base URL   where the playground is served (default http://127.0.0.1:8080/)";

/// SEMANTICS.md §4: longer links may not paste whole into a chat message.
const BUDGET_CHARS: usize = 1_900;

/// Why the command stopped: a wrong command line (exit status 2, with the usage) or input
/// that can't be read or opened (exit status 1).
enum Failure {
    Usage(String),
    Input(String),
}

/// `cacheplay link ARGS…`.
pub fn main(args: &[String]) -> ExitCode {
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("cacheplay link: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Input(message)) => {
            eprintln!("cacheplay link: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    let mut target = None;
    let mut base = DEFAULT_BASE.to_string();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return print(&format!("{USAGE}\n")),
            "--base" => {
                base = args
                    .next()
                    .ok_or_else(|| Failure::Usage("--base needs a URL".to_string()))?
                    .clone();
            }
            flag if flag.starts_with("--base=") => base = flag["--base=".len()..].to_string(),
            flag if flag.starts_with("--") => {
                return Err(Failure::Usage(format!("unknown option '{flag}'")));
            }
            _ if target.is_some() => {
                return Err(Failure::Usage(format!("unexpected argument '{arg}'")));
            }
            _ => target = Some(arg.as_str()),
        }
    }
    let target = target.ok_or_else(|| Failure::Usage("which scenario?".to_string()))?;
    if base.contains('#') || base.contains(char::is_whitespace) {
        return Err(Failure::Usage(format!(
            "--base must be a URL without '#' or spaces, got '{base}'"
        )));
    }
    let scenario = load(target).map_err(Failure::Input)?;
    let share_link = scenario.to_link(&base);
    if share_link.len() > BUDGET_CHARS {
        eprintln!(
            "cacheplay link: note: {} characters, more than {BUDGET_CHARS}: the link may not \
             paste whole into a chat message",
            share_link.len()
        );
    }
    print(&format!("{share_link}\n"))
}

/// A preset by name, else a share link (a URL with a fragment, `#v1.…` or `v1.…`), else a
/// scenario file by path. The error says what was tried.
pub fn load(target: &str) -> Result<Scenario, String> {
    if let Some(scenario) = scenario::preset(target) {
        return Ok(scenario);
    }
    if link::looks_like_link(target) {
        return Scenario::from_link(target).map_err(|e| e.to_string());
    }
    let text = std::fs::read_to_string(target).map_err(|e| {
        let names: Vec<&str> = scenario::presets().iter().map(|p| p.name).collect();
        format!(
            "'{target}' is neither a preset ({}), a share link nor a readable file: {e}",
            names.join(", ")
        )
    })?;
    Scenario::from_json(&text).map_err(|e| format!("'{target}': {e}"))
}

/// Writes `text` to stdout; a closed pipe (`cacheplay link x | head -c 10`) is not an error.
fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != ErrorKind::BrokenPipe => {
            Err(Failure::Input(format!("cannot write to stdout: {error}")))
        }
        _ => Ok(()),
    }
}
