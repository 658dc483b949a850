//! Validates JSON values against the response schemas of the official DocSpace OpenAPI 3.0 spec.
//!
//! The spec files in `tests/spec/` are verbatim copies of `people_2.0.json` and `api_2.0.json`
//! from the reference (`docspace-api/openapi/`). The spec is generated from the server's C#
//! types and misses what the custom serializers write, so a literal check rejects correct portal
//! answers. The deviations listed in the reference README, section 0 "Where the spec and the wire
//! differ", and section 2 (envelope and errors) are applied where marked `Deviation`.
//!
//! Supported subset of OpenAPI 3.0 / JSON Schema: `$ref` (local JSON pointers), `type`,
//! `properties`, `required`, `additionalProperties` (false, a schema, or absent), `items`,
//! `allOf`, `oneOf`, `anyOf`, `enum`, `nullable` and `format` `uuid` / `date-time`. Every other
//! keyword (`description`, `example`, `readOnly`, `minLength`, other formats, ...) is ignored.
//!
//! Problems are reported as `"<json pointer>: <what is wrong>"`; the root pointer is the empty
//! string (RFC 6901).

// Each integration test crate compiles its own copy of this module and uses only part of it, so
// the unused parts would warn in every crate that does not call them.
#![allow(dead_code)]

use serde_json::{Map, Value};
use std::path::Path;

const SCHEMAS: &str = "#/components/schemas/";
const API_DATE_TIME: &str = "#/components/schemas/ApiDateTime";
/// Schema steps (`$ref`, `allOf`, `oneOf`, `anyOf`) allowed on one value before giving up; a
/// recursive schema that never consumes the value would otherwise loop forever.
const MAX_HOPS: u32 = 64;
/// The properties every success envelope (`*Wrapper`) of the spec lists (README §2.1).
const ENVELOPE_KEYS: [&str; 5] = ["response", "count", "links", "status", "statusCode"];

/// A parsed OpenAPI spec.
pub struct Spec {
    file: String,
    doc: Value,
}

impl Spec {
    /// Loads `sim/tests/spec/<file>` (`"people_2.0.json"` or `"api_2.0.json"`). Panics if the
    /// file is missing or is not an OpenAPI 3.0 document.
    pub fn load(file: &str) -> Spec {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/spec")
            .join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
        assert!(
            version.starts_with("3.0"),
            "{file}: expected an OpenAPI 3.0 document, found openapi = {version:?}"
        );
        Spec {
            file: file.to_string(),
            doc,
        }
    }

    /// The JSON schema of the response body for a path template as written in the spec (e.g.
    /// `"/api/2.0/people/{userid}"`), a lower-case method and an HTTP status; `None` if the spec
    /// documents no JSON body for that status. A top-level `$ref` is resolved (so the result of
    /// a `*Wrapper` is the wrapper's object schema); nested `$ref`s are left as they are.
    ///
    /// Panics if the spec has no such path or method: that is a typo in the test, not a finding.
    pub fn response_schema(&self, path_template: &str, method: &str, status: u16) -> Option<Value> {
        let schema = self.raw_response_schema(path_template, method, status)?;
        Some(self.deref(schema).unwrap_or(schema).clone())
    }

    /// Validates `body` against the response schema of that operation and status, with the
    /// deviations of the module doc applied. `Err` lists every problem found.
    pub fn validate_response(
        &self,
        path_template: &str,
        method: &str,
        status: u16,
        body: &Value,
    ) -> Result<(), Vec<String>> {
        let Some(schema) = self.raw_response_schema(path_template, method, status) else {
            return Err(vec![format!(
                ": {} documents no JSON body for {} {path_template} {status}",
                self.file,
                method.to_uppercase()
            )]);
        };
        let mut out = Vec::new();
        self.check(schema, body, "", 0, &mut out);
        if self.is_envelope(schema) {
            check_envelope(body, status, &mut out);
        }
        into_result(out)
    }

    /// Validates `value` against a named component schema, e.g. `"EmployeeFullDto"`. Panics if
    /// the spec has no such schema.
    pub fn validate_component(&self, name: &str, value: &Value) -> Result<(), Vec<String>> {
        assert!(
            self.doc["components"]["schemas"].get(name).is_some(),
            "{} has no component schema {name:?}",
            self.file
        );
        // Going through a `$ref` applies the same rules as a property that refers to it
        // (in particular the ApiDateTime deviation).
        let reference = Value::String(format!("{SCHEMAS}{name}"));
        let mut schema = Map::new();
        schema.insert("$ref".into(), reference);
        let mut out = Vec::new();
        self.check(&Value::Object(schema), value, "", 0, &mut out);
        into_result(out)
    }

    fn raw_response_schema(
        &self,
        path_template: &str,
        method: &str,
        status: u16,
    ) -> Option<&Value> {
        let operation = self
            .doc
            .get("paths")
            .and_then(|paths| paths.get(path_template))
            .and_then(|item| item.get(method))
            .unwrap_or_else(|| {
                panic!(
                    "{} has no operation {} {path_template}",
                    self.file,
                    method.to_uppercase()
                )
            });
        let response = operation.get("responses")?.get(status.to_string())?;
        let response = self.deref(response).unwrap_or(response);
        let content = response.get("content")?.as_object()?;
        let media = content.get("application/json").or_else(|| {
            content
                .iter()
                .find(|(media_type, _)| media_type.contains("json"))
                .map(|(_, media)| media)
        })?;
        media.get("schema")
    }

    /// Follows a chain of `$ref`s; `None` if `node` is not a `$ref` or the target is missing.
    fn deref<'a>(&'a self, node: &'a Value) -> Option<&'a Value> {
        let mut current = node;
        for _ in 0..MAX_HOPS {
            match current.get("$ref").and_then(Value::as_str) {
                Some(reference) => current = self.resolve(reference)?,
                None => return Some(current),
            }
        }
        None
    }

    /// Resolves a local reference such as `#/components/schemas/EmployeeDto`.
    fn resolve(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        self.doc.pointer(pointer)
    }

    /// A success envelope: an object schema listing `response`, `count`, `links`, `status` and
    /// `statusCode` (all `*Wrapper` schemas but the four white-label/settings ones, plus one
    /// inline schema in api_2.0.json).
    fn is_envelope(&self, schema: &Value) -> bool {
        let Some(properties) = self
            .deref(schema)
            .and_then(|s| s.get("properties"))
            .and_then(Value::as_object)
        else {
            return false;
        };
        ENVELOPE_KEYS.iter().all(|k| properties.contains_key(*k))
    }

    /// Checks `value` against `schema`, appending problems to `out`. `hops` counts the schema
    /// steps taken on this value without descending into it (see `MAX_HOPS`).
    fn check(&self, schema: &Value, value: &Value, ptr: &str, hops: u32, out: &mut Vec<String>) {
        if hops > MAX_HOPS {
            out.push(format!(
                "{ptr}: schema recursion deeper than {MAX_HOPS} steps without consuming the value"
            ));
            return;
        }
        let schema = match schema {
            Value::Object(schema) => schema,
            Value::Bool(false) => {
                out.push(format!("{ptr}: no value is allowed here"));
                return;
            }
            _ => return,
        };

        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            // Deviation 1 (README §0 "Where the spec and the wire differ", §4.2): `ApiDateTime`
            // is an object `{utcTime, timeZoneOffset}` in the spec, but `ApiDateTimeConverter`
            // writes a round-trip string such as `2025-01-15T10:30:00.0000000+03:00`. Accept that
            // string (shape checked strictly) as well as the object form of the spec.
            if reference == API_DATE_TIME {
                if let Value::String(text) = value {
                    if let Err(problem) = check_api_date_time(text) {
                        out.push(format!("{ptr}: {problem}"));
                    }
                    return;
                }
            }
            // OpenAPI 3.0: keywords beside a `$ref` are ignored.
            match self.resolve(reference) {
                Some(target) => self.check(target, value, ptr, hops + 1, out),
                None => out.push(format!("{ptr}: unresolvable $ref {reference}")),
            }
            return;
        }

        // Deviation 5 (README §2.1): success bodies omit nulls, so a null is only acceptable
        // where the spec says `nullable: true`. Combinators decide for themselves, since one of
        // their alternatives may be nullable.
        if value.is_null() {
            if schema.get("nullable") == Some(&Value::Bool(true)) {
                return;
            }
            if !schema.contains_key("oneOf") && !schema.contains_key("anyOf") {
                out.push(format!("{ptr}: null where the schema is not nullable"));
                return;
            }
        }

        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            // Deviation 2 (README §0): `EmployeeFullDto` is `allOf: [EmployeeDto, {...}]` with
            // `additionalProperties: false` on EmployeeDto and on the whole, so a literal check
            // forbids the fields of each part in the other. Merge the object parts into one
            // object schema (properties and required united, closed if any part is closed).
            match self.merge_all_of(schema, &[]) {
                Some(merged) => self.check(&merged, value, ptr, hops + 1, out),
                None => {
                    // Not a merge of object schemas: plain JSON-Schema `allOf`.
                    for part in parts {
                        self.check(part, value, ptr, hops + 1, out);
                    }
                    let mut rest = schema.clone();
                    rest.remove("allOf");
                    self.check(&Value::Object(rest), value, ptr, hops + 1, out);
                }
            }
            return;
        }

        // Deviation 4 (README §0, §3.1): enums are `oneOf: [{type: string, enum: [names]},
        // {type: integer, enum: [numbers]}]`. The wire writes EmployeeStatus, ActivationStatus
        // and DistributedTaskStatus as numbers and EmployeeType as a name; both are alternatives
        // of the spec's `oneOf`, so checking the `oneOf` as written accepts exactly those.
        if let Some(alternatives) = schema.get("oneOf").and_then(Value::as_array) {
            let (matched, failures) = self.alternatives(alternatives, value, ptr, hops, out);
            if matched == 0 {
                out.push(format!(
                    "{ptr}: matches none of the {} oneOf alternatives ({})",
                    alternatives.len(),
                    failures.join(" | ")
                ));
            } else if matched > 1 {
                out.push(format!(
                    "{ptr}: matches {matched} oneOf alternatives, exactly one is allowed"
                ));
            }
        }
        if let Some(alternatives) = schema.get("anyOf").and_then(Value::as_array) {
            let (matched, failures) = self.alternatives(alternatives, value, ptr, hops, out);
            if matched == 0 {
                out.push(format!(
                    "{ptr}: matches none of the {} anyOf alternatives ({})",
                    alternatives.len(),
                    failures.join(" | ")
                ));
            }
        }
        if value.is_null() {
            // Reached only through `oneOf`/`anyOf`, which reported it already.
            return;
        }

        if let Some(expected) = schema.get("type").and_then(Value::as_str) {
            if !type_matches(expected, value) {
                out.push(format!(
                    "{ptr}: expected {expected}, found {} {}",
                    kind(value),
                    short(value)
                ));
                return;
            }
        }

        if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
            if !allowed.contains(value) {
                out.push(format!(
                    "{ptr}: {} is not one of {}",
                    short(value),
                    Value::Array(allowed.clone())
                ));
            }
        }

        match value {
            Value::String(text) => match schema.get("format").and_then(Value::as_str) {
                Some("uuid") if !is_uuid(text) => {
                    out.push(format!("{ptr}: {} is not a uuid", short(value)));
                }
                Some("date-time") => {
                    if let Err(problem) = parse_date_time(text) {
                        out.push(format!(
                            "{ptr}: {} is not a date-time: {problem}",
                            short(value)
                        ));
                    }
                }
                _ => {}
            },
            Value::Array(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (index, item) in items.iter().enumerate() {
                        self.check(item_schema, item, &format!("{ptr}/{index}"), 0, out);
                    }
                }
            }
            Value::Object(members) => self.check_object(schema, members, ptr, out),
            _ => {}
        }
    }

    fn check_object(
        &self,
        schema: &Map<String, Value>,
        members: &Map<String, Value>,
        ptr: &str,
        out: &mut Vec<String>,
    ) {
        let empty = Map::new();
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !members.contains_key(name) {
                out.push(format!("{ptr}: missing required property {name:?}"));
            }
        }
        for (name, member) in members {
            let member_ptr = format!("{ptr}/{}", escape_pointer(name));
            if let Some(property) = properties.get(name) {
                self.check(property, member, &member_ptr, 0, out);
                continue;
            }
            match schema.get("additionalProperties") {
                Some(Value::Bool(false)) => out.push(format!(
                    "{member_ptr}: property not allowed by the schema (additionalProperties: false)"
                )),
                Some(extra @ Value::Object(_)) => self.check(extra, member, &member_ptr, 0, out),
                _ => {}
            }
        }
    }

    /// Checks `value` against each alternative; returns how many matched and, for the others,
    /// a one-line summary of why not.
    fn alternatives(
        &self,
        alternatives: &[Value],
        value: &Value,
        ptr: &str,
        hops: u32,
        out: &mut Vec<String>,
    ) -> (usize, Vec<String>) {
        let mut matched = 0;
        let mut failures = Vec::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let mut problems = Vec::new();
            self.check(alternative, value, ptr, hops + 1, &mut problems);
            if problems.is_empty() {
                matched += 1;
            } else if problems
                .iter()
                .any(|p| p.contains("schema recursion deeper"))
            {
                // A broken schema is a finding of its own, not a mismatch.
                out.append(&mut problems);
            } else {
                let prefix = format!("{ptr}: ");
                let reasons: Vec<&str> = problems
                    .iter()
                    .map(|p| p.strip_prefix(&prefix).unwrap_or(p))
                    .collect();
                failures.push(format!("#{index}: {}", reasons.join("; ")));
            }
        }
        (matched, failures)
    }

    /// Merges an `allOf` of object schemas (and the object keywords beside it) into one object
    /// schema; `None` if a part is not an object schema or the parts refer to each other in a
    /// cycle. `visiting` holds the `$ref`s being merged on the way here, to stop such cycles.
    fn merge_all_of(&self, schema: &Map<String, Value>, visiting: &[String]) -> Option<Value> {
        let mut merged = Merged::default();
        let mut own = schema.clone();
        let parts = own.remove("allOf")?;
        if !is_object_like(&own) {
            return None;
        }
        merged.absorb(&own);
        for part in parts.as_array()? {
            let mut chain = visiting.to_vec();
            let mut part = part;
            while let Some(reference) = part.get("$ref").and_then(Value::as_str) {
                if reference == API_DATE_TIME || chain.iter().any(|seen| seen == reference) {
                    return None;
                }
                chain.push(reference.to_string());
                part = self.resolve(reference)?;
            }
            let part = part.as_object()?;
            if part.contains_key("allOf") {
                let inner = self.merge_all_of(part, &chain)?;
                merged.absorb(inner.as_object()?);
            } else if is_object_like(part) {
                merged.absorb(part);
            } else {
                return None;
            }
        }
        let mut result = merged.into_schema();
        if schema.get("nullable") == Some(&Value::Bool(true)) {
            result.insert("nullable".into(), Value::Bool(true));
        }
        Some(Value::Object(result))
    }
}

/// The union of object schemas, built by `Spec::merge_all_of`.
#[derive(Default)]
struct Merged {
    properties: Map<String, Value>,
    required: Vec<Value>,
    closed: bool,
    additional: Option<Value>,
}

impl Merged {
    fn absorb(&mut self, part: &Map<String, Value>) {
        if let Some(properties) = part.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let combined = match self.properties.remove(name) {
                    // Declared by two parts: the value must satisfy both.
                    Some(earlier) => serde_json::json!({ "allOf": [earlier, property] }),
                    None => property.clone(),
                };
                self.properties.insert(name.clone(), combined);
            }
        }
        for name in part
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !self.required.contains(name) {
                self.required.push(name.clone());
            }
        }
        match part.get("additionalProperties") {
            Some(Value::Bool(false)) => self.closed = true,
            Some(extra @ Value::Object(_)) if self.additional.is_none() => {
                self.additional = Some(extra.clone())
            }
            _ => {}
        }
    }

    fn into_schema(self) -> Map<String, Value> {
        let mut schema = Map::new();
        schema.insert("type".into(), "object".into());
        schema.insert("properties".into(), Value::Object(self.properties));
        if !self.required.is_empty() {
            schema.insert("required".into(), Value::Array(self.required));
        }
        if self.closed {
            schema.insert("additionalProperties".into(), Value::Bool(false));
        } else if let Some(extra) = self.additional {
            schema.insert("additionalProperties".into(), extra);
        }
        schema
    }
}

/// An object schema (or one that only annotates), as opposed to a scalar, enum or combinator.
fn is_object_like(schema: &Map<String, Value>) -> bool {
    let object_type = match schema.get("type") {
        None => true,
        Some(t) => t == "object",
    };
    object_type
        && !["oneOf", "anyOf", "enum", "$ref"]
            .iter()
            .any(|k| schema.contains_key(*k))
}

/// Deviation 3 (README §2.1): the checks the spec cannot express on a success envelope.
/// - `total` (a non-negative integer, at least `count`) is sent on paged lists although no
///   wrapper lists it; it only makes sense beside a list `response`.
/// - `status` is 0 and `statusCode` is the HTTP status.
/// - `count` is the length of a list `response`, 1 for any other payload and 0 (or absent) when
///   `response` is absent. `response` itself may be absent: a null payload is omitted, and the
///   wrappers do not mark it required (README §2.1, §3.11).
fn check_envelope(body: &Value, status: u16, out: &mut Vec<String>) {
    let Some(body) = body.as_object() else {
        return; // the schema check reported it
    };
    match body.get("status") {
        None => out.push(": missing \"status\" (0 on success)".to_string()),
        Some(value) if value.as_i64() != Some(0) => out.push(format!(
            "/status: expected 0 on success, found {}",
            short(value)
        )),
        Some(_) => {}
    }
    match body.get("statusCode") {
        None => out.push(format!(": missing \"statusCode\" (expected {status})")),
        Some(value) if value.as_u64() != Some(u64::from(status)) => out.push(format!(
            "/statusCode: expected the HTTP status {status}, found {}",
            short(value)
        )),
        Some(_) => {}
    }
    let count = body.get("count");
    let expected = match body.get("response") {
        Some(Value::Array(items)) => Some(items.len() as u64),
        None | Some(Value::Null) => None,
        Some(_) => Some(1),
    };
    match (expected, count) {
        (Some(n), None) => out.push(format!(": missing \"count\" (expected {n})")),
        (Some(n), Some(value)) if value.as_u64() != Some(n) => out.push(format!(
            "/count: expected {n} (the number of items in \"response\"), found {}",
            short(value)
        )),
        (None, Some(value)) if value.as_u64() != Some(0) => out.push(format!(
            "/count: expected 0 (no \"response\"), found {}",
            short(value)
        )),
        _ => {}
    }
    if let Some(total) = body.get("total") {
        match total.as_u64() {
            None => out.push(format!(
                "/total: expected a non-negative integer, found {}",
                short(total)
            )),
            Some(total) => {
                if !matches!(body.get("response"), Some(Value::Array(_))) {
                    out.push("/total: only paged lists carry \"total\"".to_string());
                }
                if let Some(count) = count.and_then(Value::as_u64) {
                    if total < count {
                        out.push(format!(
                            "/total: {total} is less than the {count} items of this page"
                        ));
                    }
                }
            }
        }
    }
}

/// The error envelope the server writes (README §2.2; the spec has no schema for it):
/// `{"error":{"message":string,"type":string|null,"stack":string|null,"hresult":integer},
/// "status":1,"statusCode":integer}` with exactly these keys. An older form (the client's mocks,
/// README §1.2 and §2.2) also carries `count` and `links`; those are accepted too.
pub fn validate_error_body(body: &Value) -> Result<(), Vec<String>> {
    let mut out = Vec::new();
    let Some(members) = body.as_object() else {
        return Err(vec![format!(
            ": expected an object, found {} {}",
            kind(body),
            short(body)
        )]);
    };
    for name in members.keys() {
        if !["error", "status", "statusCode", "count", "links"].contains(&name.as_str()) {
            out.push(format!(
                "/{}: not a key of an error body",
                escape_pointer(name)
            ));
        }
    }
    match members.get("error") {
        None => out.push(": missing \"error\"".to_string()),
        Some(Value::Object(error)) => {
            for name in error.keys() {
                if !["message", "type", "stack", "hresult"].contains(&name.as_str()) {
                    out.push(format!(
                        "/error/{}: not a key of an error object",
                        escape_pointer(name)
                    ));
                }
            }
            let fields: [(&str, Accepts, &str); 4] = [
                ("message", Value::is_string, "a string"),
                ("type", |v| v.is_string() || v.is_null(), "a string or null"),
                (
                    "stack",
                    |v| v.is_string() || v.is_null(),
                    "a string or null",
                ),
                ("hresult", |v| v.is_i64() || v.is_u64(), "an integer"),
            ];
            for (name, accepts, expected) in fields {
                match error.get(name) {
                    None => out.push(format!("/error: missing {name:?}")),
                    Some(value) if !accepts(value) => out.push(format!(
                        "/error/{name}: expected {expected}, found {} {}",
                        kind(value),
                        short(value)
                    )),
                    Some(_) => {}
                }
            }
        }
        Some(other) => out.push(format!(
            "/error: expected an object, found {} {}",
            kind(other),
            short(other)
        )),
    }
    match members.get("status") {
        None => out.push(": missing \"status\" (1 on error)".to_string()),
        Some(value) if value.as_i64() != Some(1) => out.push(format!(
            "/status: expected 1 on error, found {}",
            short(value)
        )),
        Some(_) => {}
    }
    match members.get("statusCode") {
        None => out.push(": missing \"statusCode\"".to_string()),
        Some(value)
            if !value
                .as_u64()
                .is_some_and(|code| (400..=599).contains(&code)) =>
        {
            out.push(format!(
                "/statusCode: expected an HTTP error status (400..=599), found {}",
                short(value)
            ))
        }
        Some(_) => {}
    }
    if let Some(count) = members.get("count") {
        if !count.is_u64() {
            out.push(format!(
                "/count: expected a non-negative integer, found {}",
                short(count)
            ));
        }
    }
    match members.get("links") {
        None => {}
        Some(Value::Array(links)) => {
            for (index, link) in links.iter().enumerate() {
                let ok = link.as_object().is_some_and(|link| {
                    link.len() == 2
                        && link.get("href").is_some_and(Value::is_string)
                        && link.get("action").is_some_and(Value::is_string)
                });
                if !ok {
                    out.push(format!(
                        "/links/{index}: expected {{\"href\": string, \"action\": string}}, found {}",
                        short(link)
                    ));
                }
            }
        }
        Some(other) => out.push(format!("/links: expected an array, found {}", short(other))),
    }
    into_result(out)
}

/// Whether an error-body field has an acceptable value.
type Accepts = fn(&Value) -> bool;

fn into_result(problems: Vec<String>) -> Result<(), Vec<String>> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn type_matches(expected: &str, value: &Value) -> bool {
    match expected {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        // A JSON integer, not `1.0`.
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        _ => true,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A value for a message, cut short.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 80 {
        text
    } else {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    }
}

/// RFC 6901 escaping of one reference token.
fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// 8-4-4-4-12 hex digits, either case.
fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// What `parse_date_time` found beyond the mandatory date and time.
struct DateTimeShape {
    fraction_digits: usize,
    has_offset: bool,
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]`, with the field ranges checked.
///
/// RFC 3339 requires the offset; it is optional here because the server writes plain .NET
/// `DateTime` values (`format: date-time` in the spec) without one when their kind is
/// unspecified: the client's mock of a session login has `expires: "0001-01-01T00:00:00"`
/// (README §1.2).
fn parse_date_time(text: &str) -> Result<DateTimeShape, String> {
    let bytes = text.as_bytes();
    let number = |from: usize, to: usize| -> Option<u32> {
        bytes.get(from..to)?.iter().try_fold(0u32, |acc, b| {
            b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
        })
    };
    let separator = |at: usize, expected: u8| bytes.get(at) == Some(&expected);
    let layout = "expected YYYY-MM-DDTHH:MM:SS";
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        number(0, 4),
        number(5, 7),
        number(8, 10),
        number(11, 13),
        number(14, 16),
        number(17, 19),
    ) else {
        return Err(layout.into());
    };
    if !(separator(4, b'-')
        && separator(7, b'-')
        && separator(10, b'T')
        && separator(13, b':')
        && separator(16, b':'))
    {
        return Err(layout.into());
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("month {month} out of range")),
    };
    if day == 0 || day > month_days {
        return Err(format!("day {day} out of range"));
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(format!(
            "time {hour:02}:{minute:02}:{second:02} out of range"
        ));
    }
    let mut at = 19;
    let mut fraction_digits = 0;
    if separator(at, b'.') {
        at += 1;
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
            fraction_digits += 1;
        }
        if fraction_digits == 0 {
            return Err("no digits after the decimal point".into());
        }
    }
    let has_offset = match bytes.get(at) {
        None => false,
        Some(b'Z') => {
            at += 1;
            true
        }
        Some(b'+' | b'-') => {
            let (Some(hours), true, Some(minutes)) = (
                number(at + 1, at + 3),
                separator(at + 3, b':'),
                number(at + 4, at + 6),
            ) else {
                return Err("expected an offset Z or ±HH:MM".into());
            };
            if hours > 23 || minutes > 59 {
                return Err(format!("offset {hours:02}:{minutes:02} out of range"));
            }
            at += 6;
            true
        }
        Some(_) => return Err("expected a fraction, an offset Z or ±HH:MM, or the end".into()),
    };
    if at != bytes.len() {
        return Err("unexpected characters after the offset".into());
    }
    Ok(DateTimeShape {
        fraction_digits,
        has_offset,
    })
}

/// The string `ApiDateTimeConverter.Write` produces: a round-trip ("o") date-time with exactly
/// seven fractional digits and an offset, e.g. `2025-01-15T10:30:00.0000000+03:00` (README §4.2).
fn check_api_date_time(text: &str) -> Result<(), String> {
    let example = "like 2025-01-15T10:30:00.0000000+03:00";
    let shape = parse_date_time(text)
        .map_err(|problem| format!("{text:?} is not an ApiDateTime string {example}: {problem}"))?;
    if shape.fraction_digits != 7 {
        return Err(format!(
            "{text:?} is not an ApiDateTime string {example}: {} fractional digits instead of 7",
            shape.fraction_digits
        ));
    }
    if !shape.has_offset {
        return Err(format!(
            "{text:?} is not an ApiDateTime string {example}: no offset"
        ));
    }
    Ok(())
}
