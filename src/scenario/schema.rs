//! The JSON Schema of scenario files: the shapes from the serde types (derived by
//! `schemars`), every number's bounds from the field declarations, so the schema's
//! `minimum`, `maximum` and `exclusiveMinimum` are exactly what `validate` enforces.
//! A moment of the run (a fault's window) is also at most `duration_s`, which a schema
//! cannot say; `validate` checks it.

use super::fields::{registry, Kind, List};
use super::Scenario;
use serde_json::{json, Value};

/// The schema (draft-07) that `cacheplay schema` prints.
pub fn json_schema() -> Value {
    let generator = schemars::gen::SchemaSettings::draft07().into_generator();
    let root = generator.into_root_schema_for::<Scenario>();
    let mut schema = serde_json::to_value(root).expect("a schema is JSON");
    schema["title"] = json!("cacheplay scenario");
    allow_tags(&mut schema);
    for field in registry() {
        let Kind::Number { range, .. } = &field.kind else {
            continue;
        };
        for path in schema_paths(field.name, field.item) {
            let mut targets = Vec::new();
            find_numbers(&schema, String::new(), &path, &mut targets);
            assert!(
                !targets.is_empty(),
                "{} has no number in the schema",
                field.name
            );
            for pointer in targets {
                let node = schema
                    .pointer_mut(&pointer)
                    .and_then(Value::as_object_mut)
                    .expect("found above");
                node.remove("minimum");
                node.remove("maximum");
                node.remove("exclusiveMinimum");
                if range.min_open {
                    node.insert("exclusiveMinimum".into(), json!(range.min));
                } else {
                    node.insert("minimum".into(), json!(range.min));
                }
                if range.max.is_finite() {
                    node.insert("maximum".into(), json!(range.max));
                }
                node.insert("title".into(), json!(field.label));
            }
        }
    }
    schema
}

/// An internally tagged enum whose variant holds another tagged enum (a tier's
/// `token_bucket` with its `refill`) comes out as an object with the outer tag's
/// property and `oneOf` branches that forbid any other property, so no value could
/// match: each such branch also allows the properties of the object around it.
fn allow_tags(node: &mut Value) {
    if let Some(object) = node.as_object_mut() {
        let outer = object.get("properties").cloned();
        for key in ["oneOf", "anyOf"] {
            let (Some(outer), Some(Value::Array(branches))) = (&outer, object.get_mut(key)) else {
                continue;
            };
            for branch in branches {
                let closed = branch.get("additionalProperties") == Some(&Value::Bool(false));
                if let (true, Some(Value::Object(properties)), Some(outer)) =
                    (closed, branch.get_mut("properties"), outer.as_object())
                {
                    for (name, schema) in outer {
                        properties
                            .entry(name.clone())
                            .or_insert_with(|| schema.clone());
                    }
                }
            }
        }
        object.values_mut().for_each(allow_tags);
    } else if let Some(array) = node.as_array_mut() {
        array.iter_mut().for_each(allow_tags);
    }
}

/// The path segments of a declared field in the file, `[]` standing for a list's items.
fn schema_paths(name: &str, item: Option<super::fields::Item>) -> Vec<Vec<String>> {
    let split = |path: &str| path.split('.').map(str::to_string).collect::<Vec<_>>();
    match item {
        None => vec![split(name)],
        Some(item) => List::ALL
            .into_iter()
            .filter(|list| list.item() == item)
            .map(|list| {
                let mut path = split(list.path());
                path.push("[]".to_string());
                path.extend(split(name));
                path
            })
            .collect(),
    }
}

/// JSON pointers of every number or integer schema at `path` below `pointer`, through
/// references, `allOf`/`anyOf`/`oneOf` branches and array items.
pub(crate) fn find_numbers(root: &Value, pointer: String, path: &[String], out: &mut Vec<String>) {
    let Some(node) = root.pointer(&pointer) else {
        return;
    };
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        let target = reference.trim_start_matches('#').to_string();
        find_numbers(root, target, path, out);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        let branches = node.get(key).and_then(Value::as_array).map_or(0, Vec::len);
        for i in 0..branches {
            find_numbers(root, format!("{pointer}/{key}/{i}"), path, out);
        }
    }
    let Some((first, rest)) = path.split_first() else {
        let types = match node.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if types.iter().any(|t| *t == "number" || *t == "integer") {
            out.push(pointer);
        }
        return;
    };
    if first == "[]" {
        if node.get("items").is_some() {
            find_numbers(root, format!("{pointer}/items"), rest, out);
        }
    } else if node.get("properties").and_then(|p| p.get(first)).is_some() {
        find_numbers(root, format!("{pointer}/properties/{first}"), rest, out);
    }
}
