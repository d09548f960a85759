//! `cacheplay schema`: the JSON Schema of scenario files, for editors to check and
//! complete them.

use crate::output::{self, Failure};
use cacheplay::scenario::schema;
use std::process::ExitCode;

const USAGE: &str = "usage: cacheplay schema";

pub fn main(args: &[String]) -> ExitCode {
    output::exit("schema", USAGE, run(args))
}

fn run(args: &[String]) -> Result<(), Failure> {
    if let Some(arg) = args.first() {
        return Err(Failure::Usage(format!("unexpected argument '{arg}'")));
    }
    let text = serde_json::to_string_pretty(&schema::json_schema()).expect("a schema is JSON");
    output::print(&format!("{text}\n"))
}
