//! `cacheplay link`: prints the share link of a preset, a scenario file or another link.
//!
//! The link is `BASE#v1.PAYLOAD` (docs/links.md); the playground at BASE opens it, and so
//! does `cacheplay run '<link>'`.

use crate::load::load;
use crate::output::{exit, print, Failure};
use cacheplay::scenario::link::DEFAULT_BASE;
use std::process::ExitCode;

const USAGE: &str = "usage: cacheplay link <preset | scenario.json | link> [--base URL]

Prints the share link of a scenario: URL#v1.… with the whole scenario in the fragment.
  --base URL   where the playground is served (default http://127.0.0.1:8080/)";

/// SEMANTICS.md §4: longer links may not paste whole into a chat message.
const BUDGET_CHARS: usize = 1_900;

/// `cacheplay link ARGS…`.
pub fn main(args: &[String]) -> ExitCode {
    exit("link", USAGE, run(args))
}

fn run(args: &[String]) -> Result<(), Failure> {
    let mut target = None;
    let mut base = DEFAULT_BASE.to_string();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Err(Failure::Help),
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
    let scenario = load(target)?;
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
