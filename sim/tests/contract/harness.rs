//! A simulator on a loopback port, and a client whose every answer is checked against the
//! official spec before a test sees it.

use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Request};
use docspace_sim::model::User;
use docspace_sim::{FaultSpec, PortalSpec, Role, Simulator};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

use crate::openapi::{validate_error_body, Spec};

/// The route templates the simulator serves: the spec's paths, with ASP.NET's `:guid` constraint
/// where the server's route has one (`users/{userID:guid}`). A segment that is not a GUID does not
/// match such a route, so the request is one for an unknown route.
const TEMPLATES: &[&str] = &[
    "/api/2.0/authentication",
    "/api/2.0/authentication/logout",
    "/api/2.0/people",
    "/api/2.0/people/filter",
    "/api/2.0/people/@self",
    "/api/2.0/people/email",
    "/api/2.0/people/password",
    "/api/2.0/people/invite",
    "/api/2.0/people/delete",
    "/api/2.0/people/status/{status}",
    "/api/2.0/people/type",
    "/api/2.0/people/type/progress/{userid}",
    "/api/2.0/people/type/terminate",
    "/api/2.0/people/type/{type}",
    "/api/2.0/people/reassign/start",
    "/api/2.0/people/reassign/progress/{userid}",
    "/api/2.0/people/reassign/terminate",
    "/api/2.0/people/reassign/necessary",
    "/api/2.0/people/{userid}",
    "/api/2.0/portal/users/invitationlink",
    "/api/2.0/portal/users/invitationlink/{employeeType}",
    "/api/2.0/portal/users/{userID:guid}",
    "/api/2.0/portal/payment/quota",
    "/api/2.0/portal/quota",
    "/api/2.0/security/audit/login/filter",
    "/api/2.0/security/audit/login/last",
    "/api/2.0/security/audit/events/filter",
    "/api/2.0/security/audit/events/last",
    "/api/2.0/security/audit/settings/lifetime",
    "/api/2.0/settings",
    "/api/2.0/settings/version/build",
    "/api/2.0/settings/tfaappnewapp",
    "/api/2.0/group",
    "/api/2.0/group/user/{userid:guid}",
    "/api/2.0/group/{id:guid}",
    "/api/2.0/group/{id:guid}/members",
    "/api/2.0/group/{id:guid}/manager",
    "/api/2.0/group/{fromId:guid}/members/{toId:guid}",
    "/api/2.0/security/activeconnections/logoutall/{userId:guid}",
];

/// Routes a portal before 3.1 does not have (`docspace_sim::version`).
const SINCE_3_1: &[&str] = &[
    "/api/2.0/people/type",
    "/api/2.0/people/type/progress/{userid}",
    "/api/2.0/people/type/terminate",
    "/api/2.0/people/reassign/necessary",
];

/// The simulated `[AllowAnonymous]` actions the spec describes (`settings/version/build` is off
/// it, checked by hand).
const ANONYMOUS: &[&str] = &["/api/2.0/people/password", "/api/2.0/settings"];
/// Routes a portal before 3.7.1 does not have (invitation links, more-endpoints.md §2.3).
const SINCE_3_7_1: &[&str] = &[
    "/api/2.0/portal/users/invitationlink",
    "/api/2.0/portal/users/invitationlink/{employeeType}",
];

/// Everything a portal before 3.1 lacks.
const BEFORE_3_1: &[&str] = &[
    "/api/2.0/people/type",
    "/api/2.0/people/type/progress/{userid}",
    "/api/2.0/people/type/terminate",
    "/api/2.0/people/reassign/necessary",
    "/api/2.0/portal/users/invitationlink",
    "/api/2.0/portal/users/invitationlink/{employeeType}",
];

/// Routes the official spec leaves out, checked by hand instead (more-endpoints §8, §9):
/// `VersionController` is `[ApiExplorerSettings(IgnoreApi = true)]`.
const OFF_SPEC: &[&str] = &["/api/2.0/settings/version/build"];

/// Properties the spec requires (as nullable) that the server leaves out when null, since it
/// writes no nulls (reference §2.1): (template, the validator's complaint). `QuotaHelper` gives
/// a User `used` without `value` (more-endpoints.md, the paid seats).
const NULLS_OMITTED: &[(&str, &str)] = &[(
    "/api/2.0/portal/payment/quota",
    "/used: missing required property \"value\"",
)];

/// Answers whose body the spec describes wrongly, with what the server writes instead:
/// (method, template, the component schema of `response`, reason). The envelope and
/// `response` are then checked against that component.
const BODY_OFF_SPEC: &[(&str, &str, &str, &str)] = &[
    (
        "get",
        "/api/2.0/security/audit/settings/lifetime",
        "TenantAuditSettings",
        "the spec gives the POST's request wrapper `{settings}` as the GET's answer; \
         `SecurityController.GetAuditSettings` returns `TenantAuditSettings`, which the response \
         wrapper puts in the usual envelope",
    ),
    (
        "post",
        "/api/2.0/security/audit/settings/lifetime",
        "TenantAuditSettings",
        "`SetAuditSettings` returns `inDto.Settings`, the settings without their request wrapper",
    ),
];

/// Answers whose status the spec gets wrong, with what the server's code writes instead:
/// (method, template, status, reason). Such an answer is checked here, not against the spec.
const STATUS_OFF_SPEC: &[(&str, &str, u16, &str)] = &[(
    "DELETE",
    "/api/2.0/group/{id}",
    204,
    // more-endpoints.md §1.5 and §9: `DeleteGroup` returns a `NoContentResult`, which the
    // server's `ResponseWrapper` does not wrap (it wraps `ObjectResult` and `EmptyResult`
    // only); the spec, generated from the declared type, says 200 with a
    // `NoContentResultWrapper`.
    "204 with an empty body: the NoContentResult is not wrapped",
)];

/// Void actions whose 200 the spec documents without a body, while the server's
/// `ResponseWrapper` wraps their `EmptyResult` in an envelope without `response`
/// (more-endpoints.md §3.4): (method, template). Checked here for exactly that envelope.
const VOID_ENVELOPES: &[(&str, &str)] = &[
    (
        "PUT",
        "/api/2.0/security/activeconnections/logoutall/{userId}",
    ),
    // more-endpoints.md §2.3 and §9: `DeleteInvitationLink` is a `Task`; the spec says
    // `StringWrapper`.
    ("DELETE", "/api/2.0/portal/users/invitationlink"),
];

/// The spec's path template a concrete path matches, literal segments first.
fn template_of(path: &str) -> Option<String> {
    template_among(path, &[])
}

/// The same, on a portal that lacks the routes in `absent`.
fn template_among(path: &str, absent: &[&str]) -> Option<String> {
    let path = path.split('?').next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    TEMPLATES
        .iter()
        .filter(|t| !absent.contains(t))
        .filter(|t| {
            let parts: Vec<&str> = t.split('/').collect();
            parts.len() == segments.len()
                && parts
                    .iter()
                    .zip(&segments)
                    .all(|(p, s)| segment_matches(p, s))
        })
        .min_by_key(|t| t.matches('{').count())
        .map(|t| t.replace(":guid", ""))
}

/// One segment of a route template against one of a path: a literal, a parameter, or a
/// parameter with the `:guid` constraint (which needs a GUID, after percent-decoding).
fn segment_matches(template: &str, segment: &str) -> bool {
    match template.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        Some(parameter) if parameter.ends_with(":guid") => {
            is_guid(&crate::openapi::percent_decode(segment))
        }
        Some(_) => true,
        None => template == segment,
    }
}

/// The forms of a GUID the tests send, as .NET's `Guid.TryParse` reads them: 32 hex digits,
/// bare (`N`), hyphenated 8-4-4-4-12 (`D`), or hyphenated inside braces (`B`) or parentheses
/// (`P`); either case.
fn is_guid(text: &str) -> bool {
    let hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
    let dashed =
        |s: &str| s.split('-').map(str::len).eq([8, 4, 4, 4, 12]) && hex(&s.replace('-', ""));
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .or_else(|| text.strip_prefix('(').and_then(|t| t.strip_suffix(')')));
    match inner {
        Some(inner) => dashed(inner),
        None => (text.len() == 32 && hex(text)) || dashed(text),
    }
}

/// One answer, already checked against the contract.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    /// The parsed body; `Value::Null` for an empty one.
    pub body: Value,
    pub raw: String,
    /// From sending the request to the whole body read (the contract check not included).
    pub elapsed: Duration,
}

impl Answer {
    /// `response` of a success envelope.
    pub fn response(&self) -> &Value {
        &self.body["response"]
    }

    /// `error.message` of an error envelope.
    pub fn message(&self) -> &str {
        self.body["error"]["message"].as_str().unwrap_or("")
    }

    /// The validation errors of a model-validation 400.
    pub fn validation_fields(&self) -> Vec<String> {
        self.body["response"]["errors"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    #[track_caller]
    pub fn expect(&self, status: u16) -> &Self {
        assert_eq!(self.status, status, "unexpected status; body: {}", self.raw);
        self
    }

    /// Asserts a refusal: this status and the portal's message.
    #[track_caller]
    pub fn refused(&self, status: u16, message: &str) {
        self.expect(status);
        assert_eq!(self.message(), message, "body: {}", self.raw);
    }

    /// The ids of the users in a list response.
    pub fn ids(&self) -> Vec<String> {
        self.response()
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|u| u["id"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub struct Portal {
    pub base: String,
    pub sim: Simulator,
    /// The routes this portal's version lacks.
    absent: &'static [&'static str],
    people: Spec,
    api: Spec,
    client: Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Portal {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A portal of 60 people, seed 11, reassignments that take 300 ms.
pub async fn portal() -> Portal {
    let mut spec = PortalSpec::new(60, 11);
    spec.reassign_duration = Duration::from_millis(300);
    portal_with(spec, FaultSpec::default()).await
}

pub async fn portal_with(spec: PortalSpec, faults: FaultSpec) -> Portal {
    let sim = Simulator::new(&spec, faults);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let router = sim.router(None);
    tokio::spawn(docspace_sim::serve(listener, router, async {
        let _ = rx.await;
    }));
    Portal {
        base,
        sim,
        absent: if !spec.version.has_type_change_jobs() {
            BEFORE_3_1
        } else if !spec.version.has_invitation_links() {
            SINCE_3_7_1
        } else {
            &[]
        },
        people: Spec::load("people_2.0.json"),
        api: Spec::load("api_2.0.json"),
        client: Client::builder(TokioExecutor::new()).build_http(),
        shutdown: Some(tx),
    }
}

impl Portal {
    pub fn key(&self, role: Role) -> String {
        let portal = self.sim.portal.lock().unwrap();
        let key = portal
            .role_keys()
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, k)| k.clone());
        format!("Bearer {}", key.expect("a key for every role"))
    }

    pub fn role_user(&self, role: Role) -> User {
        self.sim
            .portal
            .lock()
            .unwrap()
            .role_user(role)
            .cloned()
            .expect("seeded")
    }

    /// The first seeded user (after the five role accounts) that satisfies `pick`.
    pub fn find(&self, pick: impl Fn(&User) -> bool) -> User {
        let portal = self.sim.portal.lock().unwrap();
        portal
            .users
            .iter()
            .skip(5)
            .find(|u| pick(u))
            .cloned()
            .expect("such a seeded user")
    }

    pub fn user(&self, id: &str) -> Option<User> {
        self.sim.portal.lock().unwrap().user(id).cloned()
    }

    /// Sends a request; `auth` is the whole `Authorization` value.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        auth: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let raw_body = body.map(|b| b.to_string());
        self.call_raw(method, path, auth, raw_body.as_deref(), &[])
            .await
    }

    pub async fn call_raw(
        &self,
        method: &str,
        path: &str,
        auth: Option<&str>,
        body: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Answer {
        let mut request = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).expect("a method"))
            .uri(format!("{}{path}", self.base));
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        if body.is_some() {
            request = request.header("Content-Type", "application/json");
        }
        for (name, value) in extra {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::from(body.unwrap_or("").to_string())))
            .expect("a request");
        let started = std::time::Instant::now();
        let response = self.client.request(request).await.expect("an answer");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes();
        let elapsed = started.elapsed();
        let raw = String::from_utf8_lossy(&bytes).into_owned();
        let body = if raw.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&raw).unwrap_or(Value::String(raw.clone()))
        };
        let answer = Answer {
            status,
            headers,
            body,
            raw,
            elapsed,
        };
        if path.starts_with("/api/") && method != "OPTIONS" {
            self.check_contract(method, path, &answer);
        }
        answer
    }

    /// Every answer must be one the real portal could give (reference §2).
    fn check_contract(&self, method: &str, path: &str, answer: &Answer) {
        // An unknown route runs no action, so there is no envelope: a bare 404.
        let Some(template) = template_among(path, self.absent) else {
            assert_eq!(
                (answer.status, answer.raw.as_str()),
                (404, ""),
                "{path} matches no route the simulator serves"
            );
            return;
        };
        let template = template.as_str();
        // A route that matches but not for this method: ASP.NET's bare 405, as axum's.
        if answer.status == 405 {
            assert!(answer.raw.is_empty(), "405 has an empty body");
            return;
        }
        if OFF_SPEC.contains(&template) {
            check_off_spec(template, answer);
            return;
        }
        if let Some((.., reason)) = STATUS_OFF_SPEC.iter().find(|(m, t, s, _)| {
            m.eq_ignore_ascii_case(method) && *t == template && *s == answer.status
        }) {
            assert!(
                answer.raw.is_empty() && !answer.headers.contains_key("content-type"),
                "{method} {path}: {reason}; got {:?} {}",
                answer.headers.get("content-type"),
                answer.raw
            );
            return;
        }
        if answer.status == 200
            && VOID_ENVELOPES
                .iter()
                .any(|(m, t)| m.eq_ignore_ascii_case(method) && *t == template)
        {
            assert!(
                answer.body["statusCode"] == 200 && answer.body.get("response").is_none(),
                "{method} {path}: a void action's envelope, without `response`; got {}",
                answer.raw
            );
            return;
        }
        let spec = if template.starts_with("/api/2.0/authentication")
            || template.starts_with("/api/2.0/portal")
            || template.starts_with("/api/2.0/security")
            || template.starts_with("/api/2.0/settings")
        {
            &self.api
        } else {
            &self.people
        };
        let method = method.to_ascii_lowercase();
        match answer.status {
            200 if BODY_OFF_SPEC
                .iter()
                .any(|(m, t, ..)| *m == method && *t == template) =>
            {
                let (.., component, reason) = BODY_OFF_SPEC
                    .iter()
                    .find(|(m, t, ..)| *m == method && *t == template)
                    .expect("listed");
                assert!(
                    answer.body["statusCode"] == 200 && answer.body["status"] == 0,
                    "{method} {path} ({reason}): the envelope; got {}",
                    answer.raw
                );
                if let Err(problems) = spec.validate_component(component, &answer.body["response"])
                {
                    panic!(
                        "{method} {path}: `response` breaks {component} ({reason}):\n{}\n{}",
                        problems.join("\n"),
                        answer.raw
                    );
                }
            }
            200 => {
                if let Err(mut problems) =
                    spec.validate_response(template, &method, 200, &answer.body)
                {
                    problems.retain(|p| {
                        !NULLS_OMITTED
                            .iter()
                            .any(|(t, needle)| *t == template && p.contains(needle))
                    });
                    assert!(
                        problems.is_empty(),
                        "{method} {path}: 200 body breaks the spec:\n{}\n{}",
                        problems.join("\n"),
                        answer.raw
                    );
                }
                if let Some(pointer) = first_null(&answer.body, String::new()) {
                    panic!("{method} {path}: a null at {pointer}; success bodies omit nulls (reference §2.1)");
                }
            }
            // Only a failed login says why; every other 401 is the stock empty challenge.
            401 if template != "/api/2.0/authentication" => {
                assert!(
                    answer.raw.is_empty(),
                    "401 has an empty body, got {}",
                    answer.raw
                )
            }
            429 => {
                assert!(answer.raw.is_empty(), "429 has an empty body");
                assert!(
                    answer.headers.contains_key("retry-after"),
                    "429 carries Retry-After"
                );
            }
            400 if answer.body.get("error").is_none() => {
                // A model-validation 400: a ValidationProblemDetails in the success wrapper.
                let b = &answer.body;
                assert_eq!(
                    (b["status"].as_i64(), b["statusCode"].as_i64()),
                    (Some(1), Some(400)),
                    "{}",
                    answer.raw
                );
                assert_eq!(
                    b["response"]["title"],
                    "One or more validation errors occurred."
                );
                assert!(
                    b["response"]["errors"]
                        .as_object()
                        .is_some_and(|e| !e.is_empty()),
                    "{}",
                    answer.raw
                );
            }
            502 | 503 => assert!(answer.raw.contains("<html>"), "a proxy error page"),
            // An anonymous action called with an API key that has no scope (3.7.1+,
            // `ApiKeyScopesFilter`, more-endpoints.md "Who is who"): 403 without a body.
            403 if answer.raw.is_empty() && ANONYMOUS.contains(&template) => {}
            // The payment filter's `StatusCodeResult`: no envelope, no body. (A seat limit's
            // 402 is an error envelope with the portal's message, checked below.)
            402 if answer.raw.is_empty() => {}
            status => {
                if let Err(problems) = validate_error_body(&answer.body) {
                    panic!(
                        "{method} {path}: {status} error body breaks the envelope:\n{}\n{}",
                        problems.join("\n"),
                        answer.raw
                    );
                }
                assert_eq!(answer.body["statusCode"].as_u64(), Some(status as u64));
                // Security exceptions always say "Access denied"; only an invalid operation
                // (and the login's own refusals) keep their message (reference §2.2).
                let kind = answer.body["error"]["type"].as_str();
                if status == 403
                    && kind != Some("System.InvalidOperationException")
                    && !template.ends_with("/authentication")
                {
                    assert_eq!(answer.message(), "Access denied", "{}", answer.raw);
                    assert_eq!(
                        kind,
                        Some("System.Security.SecurityException"),
                        "{}",
                        answer.raw
                    );
                }
            }
        }
    }

    pub async fn get(&self, path: &str, auth: &str) -> Answer {
        self.call("GET", path, Some(auth), None).await
    }

    pub async fn post(&self, path: &str, auth: &str, body: Value) -> Answer {
        self.call("POST", path, Some(auth), Some(body)).await
    }

    pub async fn put(&self, path: &str, auth: &str, body: Value) -> Answer {
        self.call("PUT", path, Some(auth), Some(body)).await
    }

    pub async fn delete(&self, path: &str, auth: &str) -> Answer {
        self.call("DELETE", path, Some(auth), None).await
    }

    /// A new active user of `kind` ("DocSpaceAdmin", "RoomAdmin", "User"), created by the owner.
    pub async fn create(&self, kind: &str) -> User {
        let n = self.sim.portal.lock().unwrap().users.len();
        let body = serde_json::json!({
            "email": format!("created{n}@example.com"), "firstName": "Created", "lastName": "Person", "type": kind
        });
        let answer = self
            .post("/api/2.0/people", &self.key(Role::Owner), body)
            .await;
        let id = answer.expect(200).response()["id"]
            .as_str()
            .expect("an id")
            .to_string();
        self.user(&id).expect("created")
    }

    /// Terminates users as the owner, asserting success.
    pub async fn terminate(&self, ids: &[&str]) {
        let owner = self.key(Role::Owner);
        self.put(
            "/api/2.0/people/status/Terminated",
            &owner,
            serde_json::json!({ "userIds": ids }),
        )
        .await
        .expect(200);
    }
}

/// An answer of a route the spec leaves out, against what the server's code writes.
fn check_off_spec(template: &str, answer: &Answer) {
    assert_eq!(template, "/api/2.0/settings/version/build");
    match answer.status {
        // `BuildVersion` in the success envelope: `docSpace`, `communityServer` up to 3.0.4,
        // `documentServer` when Docs is configured; nulls omitted.
        200 => {
            let body = answer.body.as_object().expect("an envelope");
            let keys: Vec<&str> = body.keys().map(String::as_str).collect();
            assert_eq!(
                keys,
                ["response", "count", "links", "status", "statusCode"],
                "{}",
                answer.raw
            );
            assert_eq!(
                (body["status"].as_i64(), body["count"].as_i64()),
                (Some(0), Some(1))
            );
            let build = body["response"].as_object().expect("a BuildVersion");
            assert!(build["docSpace"].is_string(), "{}", answer.raw);
            for (key, value) in build {
                assert!(
                    matches!(
                        key.as_str(),
                        "docSpace" | "communityServer" | "documentServer"
                    ) && value.is_string(),
                    "{key}: {value}"
                );
            }
        }
        // `ApiKeyScopesFilter`'s `StatusCodeResult`: no envelope, no body.
        403 => assert!(answer.raw.is_empty(), "{}", answer.raw),
        429 => assert!(answer.raw.is_empty() && answer.headers.contains_key("retry-after")),
        502 | 503 => assert!(answer.raw.contains("<html>"), "a proxy error page"),
        status => {
            if let Err(problems) = validate_error_body(&answer.body) {
                panic!(
                    "{template}: {status}: {}\n{}",
                    problems.join("\n"),
                    answer.raw
                );
            }
        }
    }
}

/// The JSON pointer of the first null in `value`, if any.
fn first_null(value: &Value, at: String) -> Option<String> {
    match value {
        Value::Null => Some(at),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| first_null(v, format!("{at}/{i}"))),
        Value::Object(map) => map
            .iter()
            .find_map(|(k, v)| first_null(v, format!("{at}/{k}"))),
        _ => None,
    }
}

#[test]
fn templates_match_the_most_literal_first() {
    assert_eq!(
        template_of("/api/2.0/people/filter").as_deref(),
        Some("/api/2.0/people/filter")
    );
    assert_eq!(
        template_of("/api/2.0/people/abc").as_deref(),
        Some("/api/2.0/people/{userid}")
    );
    assert_eq!(
        template_of("/api/2.0/people/email?email=a").as_deref(),
        Some("/api/2.0/people/email")
    );
    assert_eq!(
        template_of("/api/2.0/people/status/2").as_deref(),
        Some("/api/2.0/people/status/{status}")
    );
    assert_eq!(template_of("/api/2.0/files/1"), None);
    assert_eq!(
        template_among("/api/2.0/people/type", SINCE_3_1).as_deref(),
        Some("/api/2.0/people/{userid}"),
        "before 3.1"
    );
    assert_eq!(
        template_among("/api/2.0/people/type/terminate", SINCE_3_1).as_deref(),
        Some("/api/2.0/people/type/{type}")
    );
    assert_eq!(
        template_among("/api/2.0/people/reassign/necessary", SINCE_3_1),
        None
    );
}

#[test]
fn group_routes_take_guids_and_literals_first() {
    let guid = "3949d700-e2e3-4135-b48d-ac7a435ff881";
    for (path, template) in [
        (format!("/api/2.0/group/{guid}"), "/api/2.0/group/{id}"),
        (
            format!("/api/2.0/group/user/{guid}"),
            "/api/2.0/group/user/{userid}",
        ),
        (
            format!("/api/2.0/group/{guid}/members"),
            "/api/2.0/group/{id}/members",
        ),
        (
            format!("/api/2.0/group/{guid}/members/{guid}"),
            "/api/2.0/group/{fromId}/members/{toId}",
        ),
    ] {
        assert_eq!(template_of(&path).as_deref(), Some(template), "{path}");
    }
    for path in [
        "/api/2.0/group/sales",
        "/api/2.0/group/user",
        "/api/2.0/group/user/john",
        "/api/2.0/group/sales/members",
    ] {
        assert_eq!(template_of(path), None, "{path}");
    }
}

#[test]
fn a_guid_constraint_needs_a_guid() {
    let users = Some("/api/2.0/portal/users/{userID}");
    for id in [
        "3949d700-e2e3-4135-b48d-ac7a435ff881",
        "3949D700-E2E3-4135-B48D-AC7A435FF881",
        "3949d700e2e34135b48dac7a435ff881",
        "%7B3949d700-e2e3-4135-b48d-ac7a435ff881%7D",
        "(3949d700-e2e3-4135-b48d-ac7a435ff881)",
    ] {
        let path = format!("/api/2.0/portal/users/{id}");
        assert_eq!(template_of(&path).as_deref(), users, "{id}");
    }
    for not_a_guid in [
        "john.doe",
        "3949d700-e2e3-4135-b48d-ac7a435ff88",
        "3949d700-e2e3-4135-b48d-ac7a435ff88g",
        "3949d700e-2e3-4135-b48d-ac7a435ff881",
        "%7B3949d700-e2e3-4135-b48d-ac7a435ff881)",
    ] {
        let path = format!("/api/2.0/portal/users/{not_a_guid}");
        assert_eq!(template_of(&path), None, "{not_a_guid}");
    }
}
