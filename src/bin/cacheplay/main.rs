//! `cacheplay`: the command-line runner over the same engine as the playground.
//!
//! Each subcommand lives in its own module as `fn main(args) -> ExitCode`; this file only
//! dispatches.

mod link;
mod load;
mod mrc;
mod output;
mod presets;
mod reads;
mod run;
mod schema;
mod trace;

use output::Failure;
use std::process::ExitCode;

const USAGE: &str = "usage: cacheplay <command> [args]

commands:
  run <scenario.json | preset | link> [--duration-s N] [--format json|csv]
                                 run a scenario; print its summary (json, the default)
                                 or its time series (csv)
  presets                        list the presets, one per line
  link <scenario.json | preset | link> [--base URL]
                                 print a scenario's share link
  trace <file> --policy P --capacity C
                                 replay a trace file through eviction policies
  mrc <file> --policies P --sizes S
                                 miss-ratio curves of a trace file, as CSV
  reads <scenario.json | preset | link>
                                 print the keys a scenario's run reads, as a trace file
  schema                         print the JSON Schema of scenario files";

fn main() -> ExitCode {
    let args = match args() {
        Ok(args) => args,
        Err(failure) => return output::exit("", USAGE, Err(failure)),
    };
    match args.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => {
            output::exit("", USAGE, output::print(&format!("{USAGE}\n")))
        }
        Some("link") => link::main(&args[1..]),
        Some("trace") => trace::main(&args[1..]),
        Some("mrc") => mrc::main(&args[1..]),
        Some("reads") => reads::main(&args[1..]),
        Some("run") => run::main(&args[1..]),
        Some("presets") => presets::main(&args[1..]),
        Some("schema") => schema::main(&args[1..]),
        Some(other) => output::exit(
            "",
            USAGE,
            Err(Failure::Usage(format!("unknown command '{other}'"))),
        ),
    }
}

/// The arguments after the program name; `std::env::args` would panic on non-UTF-8.
fn args() -> Result<Vec<String>, Failure> {
    std::env::args_os()
        .skip(1)
        .map(|arg| {
            arg.into_string()
                .map_err(|arg| Failure::Usage(format!("argument {arg:?} is not valid UTF-8")))
        })
        .collect()
}
