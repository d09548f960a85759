//! `cacheplay`: the command-line runner over the same engine as the playground.

use std::process::ExitCode;

const USAGE: &str = "usage: cacheplay <command> [args]

commands:
  run <scenario.json | preset>   run a scenario and print its summary
  presets                        list the presets";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("cacheplay: unknown command '{other}'\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
