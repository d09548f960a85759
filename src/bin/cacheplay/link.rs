//! `cacheplay link`: prints the share link of a preset, a scenario file or another link.
//!
//! The link is `BASE#v1.PAYLOAD` (docs/links.md); the playground at BASE opens it, and so
//! does `cacheplay run '<link>'`.

use crate::load::load;
use crate::output::{exit, print, Failure};
use cacheplay::scenario::link::DEFAULT_BASE;
use std::process::ExitCode;

/// Print a scenario's share link: URL#v1.… with the whole scenario in the fragment.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A preset name, a scenario file or a share link.
    #[arg(value_name = "SCENARIO")]
    target: String,
    /// Where the playground is served.
    #[arg(long, value_name = "URL", default_value = DEFAULT_BASE, value_parser = parse_base)]
    base: String,
}

/// Links longer than this may not paste whole into a chat message: Discord takes 2,000
/// characters per message (https://www.discordia.me/en/server-limits).
const BUDGET_CHARS: usize = 1_900;

/// `cacheplay link ARGS…`.
pub fn main(args: Args) -> ExitCode {
    exit("link", run(&args))
}

fn run(args: &Args) -> Result<(), Failure> {
    let scenario = load(&args.target)?;
    let share_link = scenario.to_link(&args.base);
    if share_link.len() > BUDGET_CHARS {
        eprintln!(
            "cacheplay link: note: {} characters, more than {BUDGET_CHARS}: the link may not \
             paste whole into a chat message",
            share_link.len()
        );
    }
    print(&format!("{share_link}\n"))
}

/// A base is a URL the fragment is appended to: no `#` of its own, no spaces.
fn parse_base(base: &str) -> Result<String, String> {
    if base.contains('#') || base.contains(char::is_whitespace) {
        return Err(format!("must be a URL without '#' or spaces, got '{base}'"));
    }
    Ok(base.to_string())
}
