//! Writing to stdout without panicking.
//!
//! `println!` panics when stdout is a closed pipe (`cacheplay run x --format csv | head`);
//! a closed pipe means the reader has all it wants, so it ends the command quietly.

use std::io::{ErrorKind, Write};

/// Writes `text` to stdout as is.
pub fn print(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(format!("cannot write to stdout: {error}")),
    }
}
