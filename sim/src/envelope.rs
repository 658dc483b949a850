//! The DocSpace response envelope (reference §2): every answer of the API goes through here.

use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

/// The request an answer's `links` entry describes: the full URL and the method.
#[derive(Debug, Clone)]
pub struct RequestLink {
    pub href: String,
    pub action: String,
    /// `http://host:port`, for the absolute URLs the portal writes (`profileUrl`).
    pub origin: String,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestLink {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        // Nested routers see the URI without their prefix; the link names the whole one.
        let uri = parts
            .extensions
            .get::<axum::extract::OriginalUri>()
            .map(|o| &o.0)
            .unwrap_or(&parts.uri);
        let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        Ok(RequestLink {
            href: format!("http://{host}{path}"),
            action: parts.method.as_str().to_string(),
            origin: format!("http://{host}"),
        })
    }
}

/// A success envelope: `{response, count, total?, links, status: 0, statusCode}`.
pub fn success(link: &RequestLink, response: Value, total: Option<usize>) -> Response {
    let count = match &response {
        Value::Array(items) => items.len(),
        Value::Null => 0,
        _ => 1,
    };
    let mut body = Map::new();
    if !response.is_null() {
        body.insert("response".into(), response);
    }
    body.insert("count".into(), count.into());
    if let Some(total) = total {
        body.insert("total".into(), total.into());
    }
    body.insert(
        "links".into(),
        json!([{ "href": link.href, "action": link.action }]),
    );
    body.insert("status".into(), 0.into());
    body.insert("statusCode".into(), 200.into());
    json_response(StatusCode::OK, &Value::Object(body))
}

/// What the server's exception handler writes: `{error: {message, type, stack, hresult},
/// status: 1, statusCode}`, nulls included. `kind` is the .NET exception type the server would
/// name; it is null where the server hides it (auth and "Access denied" errors).
pub fn error(status: StatusCode, message: &str, kind: Option<&str>) -> Response {
    let body = json!({
        "error": {
            "message": message,
            "type": kind,
            "stack": kind.map(|k| format!("{k}: {message}\n   at ASC.People (simulated)")),
            "hresult": if kind.is_some() { -2146233088_i64 } else { 0 },
        },
        "status": 1,
        "statusCode": status.as_u16(),
    });
    json_response(status, &body)
}

/// 403 as the server writes it for every security exception: always "Access denied", the
/// exception's type and stack kept.
pub fn access_denied() -> Response {
    error(
        StatusCode::FORBIDDEN,
        "Access denied",
        Some("System.Security.SecurityException"),
    )
}

/// 404 for a user that does not exist or was deleted.
pub fn user_not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "The user could not be found",
        Some("ASC.Common.Web.ItemNotFoundException"),
    )
}

/// The ASP.NET automatic 400: a ValidationProblemDetails carried in the *success* wrapper's
/// `response`, with `status: 1`.
pub fn validation(link: &RequestLink, field: &str, message: &str) -> Response {
    validation_many(link, field, &[message])
}

/// The same, with every message the field's attributes gave, in their order.
pub fn validation_many(link: &RequestLink, field: &str, messages: &[&str]) -> Response {
    let body = json!({
        "response": {
            "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            "title": "One or more validation errors occurred.",
            "status": 400,
            "errors": { field: messages },
            "traceId": "00-6f1c2b9e4d3a5f7081920a1b2c3d4e5f-1a2b3c4d5e6f7081-00",
        },
        "count": 1,
        "links": [{ "href": link.href, "action": link.action }],
        "status": 1,
        "statusCode": 400,
    });
    json_response(StatusCode::BAD_REQUEST, &body)
}

/// 401 as the stock ASP.NET challenge writes it: no body at all.
pub fn unauthorized() -> Response {
    let mut response = StatusCode::UNAUTHORIZED.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
    response
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}
