//! `cacheplay schema`: the JSON Schema of scenario files, for editors to check and
//! complete them.

use crate::output;
use cacheplay::scenario::schema;
use std::process::ExitCode;

/// Print the JSON Schema of scenario files, for an editor to check and complete them.
///
/// Its bounds are the ones `cacheplay run` enforces; save it beside your scenarios and
/// point your editor at it (VS Code: the `json.schemas` setting).
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn main(_args: Args) -> ExitCode {
    let text = serde_json::to_string_pretty(&schema::json_schema()).expect("a schema is JSON");
    output::exit("schema", output::print(&format!("{text}\n")))
}
