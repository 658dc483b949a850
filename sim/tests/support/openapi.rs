//! Validates JSON values against the response schemas of the official DocSpace OpenAPI 3.0 spec,
//! and requests against its operations (`Spec::validate_request`, `Specs::check_request`: the
//! parameters, the query and the body a client sends).
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
//! string (RFC 6901). In a request, `"path <name>: …"`, `"query <name>=<value>: …"` or
//! `"body<json pointer>: …"`.
//!
//! Requests are checked against the spec as written; the README's deviations are all about what
//! the server writes, and the ones that concern a schema a request uses apply to requests too
//! (the `allOf` merge, which it names for `UserInvitationRequestDto`; the `oneOf` enums, "accepted
//! as either" in request bodies). What the spec does not describe at all is listed in
//! `REQUESTS_OFF_SPEC`.

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
        Spec::load_from(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec"),
            file,
        )
    }

    /// Loads `dir/<file>`, for a crate other than the simulator's (the e2e harness) that reaches
    /// `sim/tests/spec/` by its own path. Panics as [`load`](Spec::load) does.
    pub fn load_from(dir: &Path, file: &str) -> Spec {
        let path = dir.join(file);
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

/// Requests the official spec does not describe, checked by nothing here: the path (or, ending
/// in `/`, every path under it) and the method, `*` for any. Each with its reason.
pub const REQUESTS_OFF_SPEC: &[(&str, &str, &str)] = &[
    (
        "GET",
        "/api/2.0/settings/version/build",
        // /work/shared/docspace-api/more-endpoints.md §8 and §9: the route exists on every
        // release (anonymous), but `VersionController` is `[ApiExplorerSettings(IgnoreApi =
        // true)]`, so the generated spec leaves it out.
        "not in the spec: VersionController is hidden from the API explorer (more-endpoints.md §8, §9)",
    ),
    (
        "*",
        "/__sim/",
        // The simulator's own control routes (`docspace_sim::Simulator::api_router`); no portal
        // has them, and the simulator does not show them to a checker anyway.
        "the simulator's control routes, no portal's",
    ),
];

/// Both spec files, and which one describes a request.
pub struct Specs {
    /// `people_2.0.json`: `/api/2.0/people…` (and groups, keys, accounts).
    pub people: Spec,
    /// `api_2.0.json`: the web API, `/api/2.0/authentication…` and `/api/2.0/portal…` among it.
    pub api: Spec,
}

impl Specs {
    /// Both files from `sim/tests/spec/`.
    pub fn load() -> Specs {
        Specs::load_from(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec"))
    }

    /// Both files from `dir` (another crate reaching `sim/tests/spec/`).
    pub fn load_from(dir: &Path) -> Specs {
        Specs {
            people: Spec::load_from(dir, "people_2.0.json"),
            api: Spec::load_from(dir, "api_2.0.json"),
        }
    }

    /// Checks a request as the simulator records it (`docspace_sim::RecordedRequest`): `path`
    /// as received (percent-escapes kept, no query), `route` the simulator's matched template
    /// or `(unmatched)`, `query` the raw query string, `body` the JSON body (`Null` when
    /// empty). Empty when the spec allows the request or [`REQUESTS_OFF_SPEC`] lists it.
    ///
    /// The operation is the simulator's route when a spec has it for this method, else the
    /// spec's path template the path matches (literal segments first), so that a request the
    /// simulator's release does not route (a 3.1 route on a 3.0 portal) is still checked
    /// against what the spec says of it.
    pub fn check_request(
        &self,
        method: &str,
        path: &str,
        route: &str,
        query: Option<&str>,
        body: &Value,
    ) -> Vec<String> {
        let method_upper = method.to_ascii_uppercase();
        let off_spec = REQUESTS_OFF_SPEC.iter().any(|(m, p, _)| {
            (*m == "*" || *m == method_upper)
                && if p.ends_with('/') {
                    path.starts_with(p)
                } else {
                    path == *p
                }
        });
        if off_spec {
            return Vec::new();
        }
        let method = method.to_ascii_lowercase();
        let specs = [&self.people, &self.api];
        let by_route = specs
            .iter()
            .find(|spec| spec.operation(route, &method).is_some())
            .map(|spec| (*spec, route.to_string()));
        let found = by_route.or_else(|| {
            specs.iter().find_map(|spec| {
                spec.template_for(&method, path)
                    .map(|template| (*spec, template))
            })
        });
        let Some((spec, template)) = found else {
            let elsewhere: Vec<String> = specs
                .iter()
                .flat_map(|spec| spec.templates_matching(path))
                .collect();
            return vec![if elsewhere.is_empty() {
                format!(": no path of the spec matches {path}")
            } else {
                format!(
                    ": the spec has no {method_upper} for {path} ({})",
                    elsewhere.join(", ")
                )
            }];
        };
        match spec.validate_request(&template, &method, path, query, body) {
            Ok(()) => Vec::new(),
            Err(problems) => problems,
        }
    }
}

impl Spec {
    /// The operation object of a path template as written in the spec and a lower-case method.
    fn operation(&self, path_template: &str, method: &str) -> Option<&Value> {
        self.doc.get("paths")?.get(path_template)?.get(method)
    }

    /// The spec's path template that a concrete path (`/api/2.0/people/filter`, escapes kept)
    /// matches for `method` (lower-case), as ASP.NET routes it: segment by segment, literals
    /// before parameters, literals without regard to case.
    pub fn template_for(&self, method: &str, path: &str) -> Option<String> {
        let segments: Vec<String> = path.split('/').map(percent_decode).collect();
        self.doc
            .get("paths")?
            .as_object()?
            .iter()
            .filter(|(_, item)| item.get(method).is_some())
            .filter_map(|(template, _)| {
                literal_ranking(template, &segments).map(|rank| (rank, template))
            })
            .max_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, template)| template.clone())
    }

    /// `"GET /api/2.0/x/{id}"` for each operation of the path template `path` matches best
    /// (whatever the method), none if it matches none.
    fn templates_matching(&self, path: &str) -> Vec<String> {
        let segments: Vec<String> = path.split('/').map(percent_decode).collect();
        let Some(paths) = self.doc.get("paths").and_then(Value::as_object) else {
            return Vec::new();
        };
        let best = paths
            .iter()
            .filter_map(|(template, item)| {
                literal_ranking(template, &segments).map(|rank| (rank, template, item))
            })
            .max_by(|a, b| a.0.cmp(&b.0));
        let Some((_, template, item)) = best else {
            return Vec::new();
        };
        item.as_object()
            .into_iter()
            .flatten()
            .filter(|(method, _)| method.as_str() != "parameters")
            .map(|(method, _)| format!("{} {template}", method.to_uppercase()))
            .collect()
    }

    /// Validates a request against the operation `method` (lower-case) of `path_template` (as
    /// written in the spec): `path` is the concrete path (percent-escapes kept), `query` the raw
    /// query string without `?`, `body` the JSON body (`Value::Null` when there is none).
    /// `Err` lists every problem, each `"<where>: <what is wrong>"`: `path <name>`, `query
    /// <name>` or `body<json pointer>`.
    ///
    /// The rules:
    /// - The operation exists in this spec.
    /// - Path: each parameter's value (percent-decoded) fits its schema.
    /// - Query: each name sent is a query parameter of the operation, compared without regard to
    ///   case (ASP.NET's model binding); a parameter the operation reads once is sent once;
    ///   each value fits the parameter's schema (see `check_text`); every `required` one is
    ///   sent. An `array` parameter is sent as its repeated name, one item each: the spec's
    ///   `style: deepObject, explode: true` is defined for objects only, and for an array
    ///   `explode: true` is the repeated names of the default `form` style (which is also how
    ///   ASP.NET binds a collection, `[FromQuery(Name = "employeeTypes")]`).
    /// - Body: a JSON body validates against the `requestBody`'s JSON schema with the same rules
    ///   and deviations as an answer (`check`: required properties, types, `enum`, `format`
    ///   `uuid`, `nullable`, `additionalProperties: false` closing an object; Deviation 2
    ///   merges `allOf` parts, which README §0 names for `UserInvitationRequestDto`, a request
    ///   body); none is needed unless the `requestBody` says `required: true`. An operation
    ///   without a `requestBody` reads none: a body with members is reported (nothing in it
    ///   would be read), an empty one or `{}` is not. A body of another media type
    ///   (`multipart/form-data`) is not checked.
    pub fn validate_request(
        &self,
        path_template: &str,
        method: &str,
        path: &str,
        query: Option<&str>,
        body: &Value,
    ) -> Result<(), Vec<String>> {
        let Some(operation) = self.operation(path_template, method) else {
            return Err(vec![format!(
                ": {} has no operation {} {path_template}",
                self.file,
                method.to_uppercase()
            )]);
        };
        let mut out = Vec::new();
        let parameters = self.parameters(path_template, operation);

        // Path parameters, by their place in the template.
        let segments: Vec<&str> = path.split('/').collect();
        for (index, part) in path_template.split('/').enumerate() {
            let Some(name) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) else {
                continue;
            };
            let value = segments.get(index).map(|s| percent_decode(s));
            let declared = parameters
                .iter()
                .find(|p| p["in"] == "path" && p["name"].as_str() == Some(name));
            match (value, declared) {
                (None, _) => out.push(format!("path {name}: missing")),
                (Some(value), Some(declared)) => {
                    if let Err(problem) = self.check_text(&declared["schema"], &value, 0) {
                        out.push(format!("path {name}: {problem}"));
                    }
                }
                // The spec names a path parameter it does not declare: nothing to check.
                (Some(_), None) => {}
            }
        }

        // Query parameters: group what was sent by the parameter it binds to.
        let declared: Vec<&Value> = parameters
            .iter()
            .copied()
            .filter(|p| p["in"] == "query")
            .collect();
        // Each parameter with the (name as sent, value) pairs that bind to it.
        let mut sent: Vec<(&Value, Vec<(String, String)>)> = Vec::new();
        for (name, value) in parse_query(query.unwrap_or("")) {
            let parameter = declared.iter().find(|p| {
                p["name"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&name))
            });
            let Some(parameter) = parameter else {
                let names: Vec<&str> = declared.iter().filter_map(|p| p["name"].as_str()).collect();
                out.push(if names.is_empty() {
                    format!(
                        "query {name}: not a parameter of {} {path_template}, which takes none",
                        method.to_uppercase()
                    )
                } else {
                    format!(
                        "query {name}: not a parameter of {} {path_template} (it takes {})",
                        method.to_uppercase(),
                        names.join(", ")
                    )
                });
                continue;
            };
            match sent.iter_mut().find(|(p, _)| std::ptr::eq(*p, *parameter)) {
                Some((_, values)) => values.push((name, value)),
                None => sent.push((parameter, vec![(name, value)])),
            }
        }
        for (parameter, values) in &sent {
            let name = parameter["name"].as_str().unwrap_or("?");
            let schema = &parameter["schema"];
            let resolved = self.deref(schema).unwrap_or(schema);
            if resolved.get("type").and_then(Value::as_str) == Some("array") {
                let items = resolved.get("items").unwrap_or(&Value::Null);
                for (sent_as, value) in values {
                    if let Err(problem) = self.check_text(items, value, 0) {
                        out.push(format!("query {sent_as}={value}: {problem}"));
                    }
                }
                continue;
            }
            if values.len() > 1 {
                let pairs: Vec<String> = values.iter().map(|(n, v)| format!("{n}={v}")).collect();
                out.push(format!(
                    "query {name}: sent {} times ({}); the operation reads one value",
                    values.len(),
                    pairs.join(", ")
                ));
            }
            for (sent_as, value) in values {
                if let Err(problem) = self.check_text(schema, value, 0) {
                    out.push(format!("query {sent_as}={value}: {problem}"));
                }
            }
        }
        for parameter in &declared {
            let required = parameter.get("required") == Some(&Value::Bool(true));
            let was_sent = sent.iter().any(|(p, _)| std::ptr::eq(*p, *parameter));
            if required && !was_sent {
                let name = parameter["name"].as_str().unwrap_or("?");
                out.push(format!("query {name}: required by the spec, not sent"));
            }
        }

        // The body.
        match operation.get("requestBody") {
            None => {
                let empty = match body {
                    Value::Null => true,
                    Value::Object(members) => members.is_empty(),
                    _ => false,
                };
                if !empty {
                    out.push(format!(
                        "body: {} {path_template} takes no body (the spec declares no requestBody), found {}",
                        method.to_uppercase(),
                        short(body)
                    ));
                }
            }
            Some(request_body) => {
                let request_body = self.deref(request_body).unwrap_or(request_body);
                let content = request_body.get("content").and_then(Value::as_object);
                let json = content.and_then(|content| {
                    content.get("application/json").or_else(|| {
                        content
                            .iter()
                            .find(|(media_type, _)| media_type.contains("json"))
                            .map(|(_, media)| media)
                    })
                });
                let required = request_body.get("required") == Some(&Value::Bool(true));
                match (json.and_then(|media| media.get("schema")), body) {
                    // Another media type (a file upload): not checked here.
                    (None, _) => {}
                    (Some(_), Value::Null) if required => out.push(format!(
                        "body: {} {path_template} requires a JSON body (requestBody.required), none sent",
                        method.to_uppercase()
                    )),
                    (Some(_), Value::Null) => {}
                    (Some(schema), body) => self.check(schema, body, "body", 0, &mut out),
                }
            }
        }
        into_result(out)
    }

    /// The parameters of an operation and of its path item (the operation's win on a clash),
    /// `$ref`s resolved.
    fn parameters<'a>(&'a self, path_template: &str, operation: &'a Value) -> Vec<&'a Value> {
        let resolve = |p: &'a Value| self.deref(p).unwrap_or(p);
        let own: Vec<&Value> = operation
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(resolve)
            .collect();
        let shared = self
            .doc
            .get("paths")
            .and_then(|paths| paths.get(path_template))
            .and_then(|item| item.get("parameters"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(resolve)
            .filter(|p| {
                !own.iter()
                    .any(|o| o["name"] == p["name"] && o["in"] == p["in"])
            });
        let mut all = own.clone();
        all.extend(shared);
        all
    }

    /// Whether `text`, one value of a path or query parameter, fits `schema`. A query string
    /// carries only text, so the value is read as the schema's type says:
    /// - `integer`: an optional `-` and digits, within `int32` when the format says so;
    ///   `number`: a decimal number; `boolean`: `true` or `false`; `string`: any text,
    ///   `format: uuid` 8-4-4-4-12 hex digits, `date-time` as in answers;
    /// - `enum`: one of the values as the spec spells them (`Ascending`, not `ascending`; the
    ///   server may bind other spellings, the spec does not define them);
    /// - `minimum`, `maximum` (the spec's `[Range]`s, such as `count` 1..=100);
    /// - `oneOf`/`anyOf`: any alternative (every text is a string, so "exactly one" cannot
    ///   apply); the spec's enums are `oneOf: [{type: string, enum: [names]}, {type: integer,
    ///   enum: [numbers], x-enum-varnames}]`, so a name or its number.
    fn check_text(&self, schema: &Value, text: &str, hops: u32) -> Result<(), String> {
        if hops > MAX_HOPS {
            return Err(format!(
                "schema recursion deeper than {MAX_HOPS} steps without consuming the value"
            ));
        }
        let Some(schema) = schema.as_object() else {
            return Ok(());
        };
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let target = self
                .resolve(reference)
                .ok_or_else(|| format!("unresolvable $ref {reference}"))?;
            return self.check_text(target, text, hops + 1).map_err(|problem| {
                match reference.strip_prefix(SCHEMAS) {
                    Some(name) if !problem.contains("(the spec's ") => {
                        format!("{problem} (the spec's {name})")
                    }
                    _ => problem,
                }
            });
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                self.check_text(part, text, hops + 1)?;
            }
        }
        let alternatives = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array);
        if let Some(alternatives) = alternatives {
            let mut failures = Vec::new();
            for alternative in alternatives {
                match self.check_text(alternative, text, hops + 1) {
                    Ok(()) => return Ok(()),
                    Err(problem) => failures.push(problem),
                }
            }
            let mut allowed = Vec::new();
            let all_enums = alternatives.iter().all(|alternative| {
                let alternative = self.deref(alternative).unwrap_or(alternative);
                match alternative.get("enum").and_then(Value::as_array) {
                    Some(values) => {
                        allowed.extend(values.iter().map(enum_text));
                        true
                    }
                    None => false,
                }
            });
            return Err(if all_enums {
                format!("{text:?} is not one of {}", allowed.join(", "))
            } else {
                format!("fits none of the alternatives ({})", failures.join(" | "))
            });
        }
        let expected = schema
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("string");
        let value = match expected {
            "integer" => {
                let digits = text.strip_prefix('-').unwrap_or(text);
                let parsed = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| text.parse::<i64>().ok())
                    .flatten();
                let Some(number) = parsed else {
                    return Err(format!("{text:?} is not an integer"));
                };
                if schema.get("format").and_then(Value::as_str) == Some("int32")
                    && i32::try_from(number).is_err()
                {
                    return Err(format!("{number} is out of the int32 range"));
                }
                Value::from(number)
            }
            "number" => match text.parse::<f64>().ok().filter(|n| n.is_finite()) {
                Some(number) => Value::from(number),
                None => return Err(format!("{text:?} is not a number")),
            },
            "boolean" => match text {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => return Err(format!("{text:?} is not a boolean (true or false)")),
            },
            "string" => Value::String(text.to_string()),
            other => return Err(format!("a {other} cannot be sent as one query value")),
        };
        if let Some(number) = value.as_f64() {
            if let Some(minimum) = schema.get("minimum").and_then(Value::as_f64) {
                if number < minimum {
                    return Err(format!("{text} is below the minimum {minimum}"));
                }
            }
            if let Some(maximum) = schema.get("maximum").and_then(Value::as_f64) {
                if number > maximum {
                    return Err(format!("{text} is above the maximum {maximum}"));
                }
            }
        }
        let mut problems = Vec::new();
        self.check(
            &Value::Object(schema.clone()),
            &value,
            "",
            hops + 1,
            &mut problems,
        );
        if problems.is_empty() {
            Ok(())
        } else {
            let problems: Vec<&str> = problems
                .iter()
                .map(|p| p.strip_prefix(": ").unwrap_or(p))
                .collect();
            Err(problems.join("; "))
        }
    }
}

/// How well `template` (a spec path) matches the decoded `segments` of a path: `None` if it
/// does not; else one flag per segment, a literal `true`, so that the greatest ranking is the
/// route ASP.NET takes (a literal segment before a parameter, from the left).
fn literal_ranking(template: &str, segments: &[String]) -> Option<Vec<bool>> {
    let parts: Vec<&str> = template.split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    parts
        .iter()
        .zip(segments)
        .map(|(part, segment)| {
            if part.starts_with('{') && part.ends_with('}') {
                (!segment.is_empty()).then_some(false)
            } else {
                part.eq_ignore_ascii_case(segment).then_some(true)
            }
        })
        .collect()
}

/// An enum value for a message: a name bare, a number as it is.
fn enum_text(value: &Value) -> String {
    match value {
        Value::String(name) => name.clone(),
        other => other.to_string(),
    }
}

/// The name-value pairs of a query string, `+` and `%XX` decoded (form encoding, as ASP.NET
/// reads a query); empty pieces (`a=1&&b=2`) skipped, a name without `=` has the value `""`.
fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            (
                percent_decode(&name.replace('+', " ")),
                percent_decode(&value.replace('+', " ")),
            )
        })
        .collect()
}

/// `%XX` escapes decoded (lossy UTF-8), as the server decodes a route or query value; a `%`
/// not followed by two hex digits stays.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
