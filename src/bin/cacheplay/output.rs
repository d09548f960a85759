//! What a subcommand prints and how it exits, without panicking.
//!
//! `println!` panics when stdout is a closed pipe (`cacheplay run x --format csv | head`);
//! a closed pipe means the reader has all it wants, so it ends the command quietly.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

/// Why a subcommand stopped; the exit status tells a script which.
#[derive(Debug, PartialEq)]
pub enum Failure {
    /// `--help` was asked for: the usage goes to stdout and the exit status is 0.
    Help,
    /// The command line is wrong: exit status 2, and the usage is printed.
    Usage(String),
    /// The command line is fine but its input is not (no such preset, a bad scenario, a file
    /// that can't be read): exit status 1.
    Input(String),
}

/// Prints a failure of `cacheplay <command>` (or of `cacheplay` itself, when `command` is
/// empty) to stderr and turns the result into the exit status.
pub fn exit(command: &str, usage: &str, res: Result<(), Failure>) -> ExitCode {
    let program = if command.is_empty() {
        "cacheplay".to_string()
    } else {
        format!("cacheplay {command}")
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Help) => exit(command, usage, print(&format!("{usage}\n"))),
        Err(Failure::Usage(message)) => {
            eprintln!("{program}: {message}\n\n{usage}");
            ExitCode::from(2)
        }
        Err(Failure::Input(message)) => {
            eprintln!("{program}: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Writes `text` to stdout as is.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(Failure::Input(format!("cannot write to stdout: {error}"))),
    }
}

/// `text` with every line indented by two spaces, for a multi-line message under its heading.
pub fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
