//! A request to the portal, described: what every endpoint function returns, what the
//! transport sends, and what "Show API request" shows. One value for all three, so that the
//! preview can never differ from what is sent.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// One endpoint call: method, path (from `/api/2.0/…`), query pairs (unencoded) and JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
}

impl Call {
    fn new(method: Method, path: String) -> Call {
        Call {
            method,
            path,
            query: Vec::new(),
            body: None,
        }
    }

    pub fn get(path: impl Into<String>) -> Call {
        Call::new(Method::Get, path.into())
    }

    pub fn post(path: impl Into<String>, body: Value) -> Call {
        Call::new(Method::Post, path.into()).with_body(body)
    }

    pub fn put(path: impl Into<String>, body: Value) -> Call {
        Call::new(Method::Put, path.into()).with_body(body)
    }

    pub fn delete(path: impl Into<String>) -> Call {
        Call::new(Method::Delete, path.into())
    }

    /// A `PUT` that carries no body (an action named by its path alone).
    pub fn put_empty(path: impl Into<String>) -> Call {
        Call::new(Method::Put, path.into())
    }

    pub fn with_body(mut self, body: Value) -> Call {
        self.body = Some(body);
        self
    }

    /// Adds `key=value` to the query (encoded when the URL is made).
    pub fn with_query(mut self, key: &str, value: impl ToString) -> Call {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    /// Whether it only reads (safe to send again).
    pub fn is_read(&self) -> bool {
        self.method == Method::Get
    }

    /// The path with its encoded query, as sent and as the receipt lists it.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let query: Vec<String> = self
            .query
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect();
        format!("{}?{}", self.path, query.join("&"))
    }
}

/// A path segment from text a person gave (an ID, a user name): encoded, so that it stays one
/// segment whatever it holds.
pub fn segment(text: &str) -> String {
    encode_component(text)
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Undoes `encode_component` (and a form's `+` for a space); a broken escape stays as it is.
pub fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1..i + 3)) {
            (b'%', Some(hex)) => {
                match u8::from_str_radix(std::str::from_utf8(hex).unwrap_or(""), 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A request as "Show API request" shows it: method, full URL, pretty JSON body, and a curl
/// line with the credential masked.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiCall {
    pub method: String,
    pub url: String,
    pub body: Option<String>,
    pub curl: String,
}

/// The `Authorization` value with the secret hidden: `Bearer sk-…` keeps only `sk-`.
pub fn masked(token: &str) -> String {
    if token.starts_with("sk-") {
        "Bearer sk-********".to_string()
    } else {
        "********".to_string()
    }
}

impl Call {
    /// This call as "Show API request" shows it, against `portal` with the credential `token`
    /// (masked).
    pub fn describe(&self, portal: &str, token: &str) -> ApiCall {
        let method = self.method.as_str();
        let url = format!("{portal}{}", self.path_and_query());
        let mut curl = format!(
            "curl -X {method} '{url}' -H 'Authorization: {}'",
            masked(token)
        );
        if let Some(body) = &self.body {
            curl.push_str(&format!(
                " -H 'Content-Type: application/json' -d '{}'",
                without_secrets(body).to_string().replace('\'', "'\\''")
            ));
        }
        ApiCall {
            method: method.to_string(),
            url,
            body: self
                .body
                .as_ref()
                .map(|b| serde_json::to_string_pretty(&without_secrets(b)).unwrap_or_default()),
            curl,
        }
    }
}

/// A body as a preview shows it: a password typed in a form is masked like the credential.
fn without_secrets(body: &Value) -> Value {
    match body {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| {
                    let v = if k == "password" {
                        Value::String("********".into())
                    } else {
                        without_secrets(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_a_body_is_masked_in_the_preview_only() {
        let call = Call::post(
            "/api/2.0/people",
            serde_json::json!({"email": "a@b.c", "password": "hunter22"}),
        );
        let shown = call.describe("https://p", "sk-x");
        assert!(!shown.body.unwrap().contains("hunter22"));
        assert!(!shown.curl.contains("hunter22"));
        assert_eq!(call.body.unwrap()["password"], "hunter22", "sent as typed");
    }

    #[test]
    fn described_requests_never_show_the_secret() {
        let call = Call::put(
            "/api/2.0/people/status/2",
            serde_json::json!({"userIds": ["a"], "note": "it's"}),
        );
        let shown = call.describe("https://p.example.com", "sk-secret123");
        assert_eq!(shown.url, "https://p.example.com/api/2.0/people/status/2");
        assert!(!shown.curl.contains("secret123"));
        assert!(shown.curl.starts_with("curl -X PUT 'https://p.example.com/api/2.0/people/status/2' -H 'Authorization: Bearer sk-********'"));
        assert!(
            shown
                .curl
                .contains(r#"-d '{"note":"it'\''s","userIds":["a"]}'"#)
                || shown
                    .curl
                    .contains(r#"-d '{"userIds":["a"],"note":"it'\''s"}'"#),
            "{}",
            shown.curl
        );
        let token = Call::get("/api/2.0/people/@self").describe("https://p.example.com", "tok");
        assert!(!token.curl.contains("tok'") && token.body.is_none());
    }

    #[test]
    fn the_query_is_encoded_once_in_order() {
        let call = Call::get("/api/2.0/people/email").with_query("email", "a+b@x.com");
        assert_eq!(
            call.path_and_query(),
            "/api/2.0/people/email?email=a%2Bb%40x.com"
        );
    }

    #[test]
    fn decoding_undoes_encoding() {
        for text in ["Zoë & co", "a+b=c?", "100%", ""] {
            assert_eq!(decode_component(&encode_component(text)), text);
        }
        assert_eq!(decode_component("a+b%2"), "a b%2");
        assert_eq!(decode_component("%zz"), "%zz");
    }
}
