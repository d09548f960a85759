//! What a subcommand prints and how it exits, without panicking.
//!
//! `println!` panics when stdout is a closed pipe (`cacheplay run x --format csv | head`);
//! a closed pipe means the reader has all it wants, so it ends the command quietly.
//!
//! A wrong command line never gets this far: clap reports it with the usage and exit
//! status 2 (`main.rs`). What is left is bad input on a right command line: status 1.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

/// The command line is fine but its input is not (no such preset, a bad scenario, a file
/// that can't be read): the message, for exit status 1.
#[derive(Debug, PartialEq)]
pub struct Failure(pub String);

/// Prints a failure of `cacheplay <command>` to stderr and turns the result into the exit
/// status.
pub fn exit(command: &str, res: Result<(), Failure>) -> ExitCode {
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("cacheplay {command}: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Writes `text` to stdout as is.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    write_all(&mut stdout, text.as_bytes())
}

/// Writes `bytes` to `out` and flushes; a closed pipe is a reader that has had enough.
pub fn write_all(out: &mut impl Write, bytes: &[u8]) -> Result<(), Failure> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(Failure(format!("cannot write to stdout: {error}"))),
    }
}

/// `text` with every line indented by two spaces, for a multi-line message under its heading.
pub fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
