//! `cacheplay`: the command-line runner over the same engine as the playground.
//!
//! Each subcommand lives in its own module as `fn main(args) -> Result<(), String>`; this
//! file only dispatches and turns an error into a message and a non-zero exit code.

mod output;
mod presets;
mod run;

use std::process::ExitCode;

const USAGE: &str = "usage: cacheplay <command> [args]

commands:
  run <scenario.json | preset> [--duration-s N] [--format json|csv]
                                 run a scenario; print its summary (json, the default)
                                 or its time series (csv)
  presets                        list the presets, one per line";

fn main() -> ExitCode {
    let args = match args() {
        Ok(args) => args,
        Err(message) => return fail(&message),
    };
    let res = match args.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => output::print(&format!("{USAGE}\n")),
        Some("run") => run::main(&args[1..]),
        Some("presets") => presets::main(&args[1..]),
        Some(other) => Err(format!("unknown command '{other}'\n\n{USAGE}")),
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

/// The arguments after the program name; `std::env::args` would panic on non-UTF-8.
fn args() -> Result<Vec<String>, String> {
    std::env::args_os()
        .skip(1)
        .map(|arg| {
            arg.into_string()
                .map_err(|arg| format!("argument {arg:?} is not valid UTF-8"))
        })
        .collect()
}

fn fail(message: &str) -> ExitCode {
    eprintln!("cacheplay: {message}");
    ExitCode::FAILURE
}
