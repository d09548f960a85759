//! `cacheplay`: the command-line runner over the same engine as the playground.
//!
//! clap parses every subcommand's flags (derive API, one `Args` struct per subcommand
//! module); each module's `main(args) -> ExitCode` does the work. A wrong command line
//! exits 2 with the usage on stderr, `--help` and `--version` exit 0, bad input exits 1.

mod gen_trace;
mod link;
mod load;
mod mrc;
mod output;
mod presets;
mod progress;
mod reads;
mod run;
mod schema;
mod show;
mod trace;

use clap::{CommandFactory, Parser, Subcommand};
use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

/// A cache-policy playground on the command line: run scenarios, print their links, and
/// replay traces through eviction policies.
#[derive(Debug, Parser)]
#[command(name = "cacheplay", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Run(run::Args),
    Show(show::Args),
    Presets(presets::Args),
    Link(link::Args),
    Reads(reads::Args),
    Trace(trace::Args),
    Mrc(mrc::Args),
    GenTrace(gen_trace::Args),
    Schema(schema::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => {
            // Help and version: stdout, status 0. A closed stdout leaves nothing to tell.
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            let text = with_usage(&error.render().to_string(), std::env::args_os());
            let _ = std::io::stderr().write_all(text.as_bytes());
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Run(args) => run::main(args),
        Command::Show(args) => show::main(args),
        Command::Presets(args) => presets::main(args),
        Command::Link(args) => link::main(args),
        Command::Reads(args) => reads::main(args),
        Command::Trace(args) => trace::main(args),
        Command::Mrc(args) => mrc::main(args),
        Command::GenTrace(args) => gen_trace::main(args),
        Command::Schema(args) => schema::main(args),
    }
}

/// A usage error's message with the usage of the (sub)command it is about: clap leaves
/// the usage out of some (a value its parser refused), and every wrong command line
/// should say how a right one looks.
fn with_usage(message: &str, args: impl IntoIterator<Item = OsString>) -> String {
    if message.contains("Usage: ") {
        return message.to_string();
    }
    let mut command = Cli::command();
    // Names every subcommand `cacheplay run`, `cacheplay gen-trace zipf`, … for its usage.
    command.build();
    for arg in args.into_iter().skip(1) {
        let Some(sub) = arg.to_str().and_then(|name| command.find_subcommand(name)) else {
            if arg.to_str().is_some_and(|arg| arg.starts_with('-')) {
                continue;
            }
            break;
        };
        command = sub.clone();
    }
    let usage = command.render_usage().to_string();
    match message.split_once("\nFor more information") {
        Some((error, more)) => format!("{error}\n{usage}\n\nFor more information{more}"),
        None => format!("{message}\n{usage}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    fn args(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn a_usage_error_names_the_usage_of_its_subcommand() {
        let message = "error: invalid value\n\nFor more information, try '--help'.\n";
        assert_eq!(
            with_usage(message, args("cacheplay link x --base a#b")),
            "error: invalid value\n\nUsage: cacheplay link [OPTIONS] <SCENARIO>\n\n\
             For more information, try '--help'.\n"
        );
        let nested = with_usage(message, args("cacheplay gen-trace zipf --alpha x"));
        assert!(
            nested.contains("Usage: cacheplay gen-trace zipf [OPTIONS]\n"),
            "{nested}"
        );
        let with_usage_already = "error: x\n\nUsage: cacheplay run <SCENARIO>\n";
        assert_eq!(
            with_usage(with_usage_already, args("cacheplay run")),
            with_usage_already
        );
    }
}
