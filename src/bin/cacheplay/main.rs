//! `cacheplay`: the command-line runner over the same engine as the playground.

mod link;
mod mrc;
mod trace;

use std::process::ExitCode;

const USAGE: &str = "usage: cacheplay <command> [args]

commands:
  run <scenario.json | preset>   run a scenario and print its summary
  presets                        list the presets
  link <preset | scenario.json | link> [--base URL]   print a scenario's share link
  trace <file> --policy P --capacity C   replay a trace file through eviction policies
  mrc <file> --policies P --sizes S      miss-ratio curves of a trace file as CSV";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("link") => link::main(&args[1..]),
        Some("trace") => trace::main(&args[1..]),
        Some("mrc") => mrc::main(&args[1..]),
        Some(other) => {
            eprintln!("cacheplay: unknown command '{other}'\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
