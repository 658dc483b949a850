//! The DocSpace envelope: `{response, count, total, links, status, statusCode}` on success,
//! `{error: {message, …}, status: 1, statusCode}` on failure, and a ValidationProblemDetails
//! inside `response` for model-validation 400s (reference §2).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::error::ApiError;

/// A decoded success: the payload and, on paged lists, the total number of matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope<T> {
    pub response: T,
    pub total: Option<u64>,
}

#[derive(Deserialize)]
struct RawEnvelope {
    response: Option<Value>,
    total: Option<u64>,
    error: Option<RawError>,
}

#[derive(Deserialize)]
struct RawError {
    message: Option<String>,
}

#[derive(Deserialize)]
struct ProblemDetails {
    title: Option<String>,
    errors: Option<BTreeMap<String, Vec<String>>>,
}

/// Decodes a portal answer. `status` is the HTTP status, `body` the raw text and
/// `retry_after` the `Retry-After` header, if any.
pub fn decode<T: DeserializeOwned>(
    status: u16,
    body: &str,
    retry_after: Option<&str>,
) -> Result<Envelope<T>, ApiError> {
    if status == 401 {
        return Err(ApiError::Unauthorized);
    }
    if status == 429 {
        return Err(ApiError::RateLimited {
            retry_after: retry_after.and_then(|v| v.trim().parse().ok()),
        });
    }
    let raw: Option<RawEnvelope> = serde_json::from_str(body).ok();
    // `204 No Content` (a group's delete): nothing to decode.
    if status == 204 && body.trim().is_empty() {
        let response = serde_json::from_value(Value::Null)
            .map_err(|_| ApiError::Decode("the portal answered with no content".into()))?;
        return Ok(Envelope {
            response,
            total: None,
        });
    }
    if (200..300).contains(&status) {
        let raw =
            raw.ok_or_else(|| ApiError::Decode("the answer is not a DocSpace envelope".into()))?;
        let response = serde_json::from_value(raw.response.unwrap_or(Value::Null))
            .map_err(|e| ApiError::Decode(e.to_string()))?;
        return Ok(Envelope {
            response,
            total: raw.total,
        });
    }
    Err(error_from(status, raw))
}

fn error_from(status: u16, raw: Option<RawEnvelope>) -> ApiError {
    let message = raw
        .as_ref()
        .and_then(|r| r.error.as_ref())
        .and_then(|e| e.message.clone())
        .filter(|m| !m.trim().is_empty());
    let problem = raw
        .and_then(|r| r.response)
        .and_then(|v| serde_json::from_value::<ProblemDetails>(v).ok())
        .filter(|p| p.errors.is_some() || p.title.is_some());
    match status {
        400 => match (message, problem) {
            (Some(message), _) => ApiError::Validation {
                message,
                fields: BTreeMap::new(),
            },
            (None, Some(p)) => ApiError::Validation {
                message: p
                    .title
                    .unwrap_or_else(|| "The portal refused the request as invalid.".into()),
                fields: p.errors.unwrap_or_default(),
            },
            (None, None) => ApiError::Validation {
                message: "The portal refused the request as invalid.".into(),
                fields: BTreeMap::new(),
            },
        },
        403 => ApiError::Forbidden(message.unwrap_or_else(|| "Access denied".into())),
        404 => ApiError::NotFound(message.unwrap_or_else(|| "Not found".into())),
        _ => ApiError::Server {
            status,
            message: message.unwrap_or_else(|| default_reason(status).into()),
        },
    }
}

fn default_reason(status: u16) -> &'static str {
    match status {
        // A seat limit's 402 carries the portal's message; an empty one is the payment filter
        // of a portal whose tariff is not paid (reference §10, "Unpaid portal").
        402 => "The portal's subscription does not allow changes: it must be renewed in the portal (Payments) first",
        500 => "Internal server error",
        502 => "Bad gateway",
        503 => "Service unavailable",
        504 => "Gateway timeout",
        _ => "Unexpected answer",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paged_success_carries_total() {
        let body = r#"{"response":[1,2,3],"count":3,"total":143,"links":[{"href":"x","action":"GET"}],"status":0,"statusCode":200}"#;
        let env: Envelope<Vec<u32>> = decode(200, body, None).unwrap();
        assert_eq!(
            env,
            Envelope {
                response: vec![1, 2, 3],
                total: Some(143)
            }
        );
    }

    #[test]
    fn single_object_has_no_total_and_void_has_no_response() {
        let env: Envelope<bool> = decode(
            200,
            r#"{"response":true,"count":1,"status":0,"statusCode":200}"#,
            None,
        )
        .unwrap();
        assert_eq!(
            env,
            Envelope {
                response: true,
                total: None
            }
        );
        let env: Envelope<Option<u8>> = decode(
            200,
            r#"{"count":0,"links":[],"status":0,"statusCode":200}"#,
            None,
        )
        .unwrap();
        assert_eq!(env.response, None);
    }

    #[test]
    fn success_with_the_wrong_shape_is_a_decode_error() {
        let r: Result<Envelope<Vec<u32>>, _> = decode(200, r#"{"response":{"a":1}}"#, None);
        assert!(matches!(r, Err(ApiError::Decode(_))));
        let r: Result<Envelope<u8>, _> = decode(200, "<html>proxy page</html>", None);
        assert!(matches!(r, Err(ApiError::Decode(_))));
    }

    #[test]
    fn no_content_is_an_empty_success() {
        let env: Envelope<Option<Value>> = decode(204, "", None).unwrap();
        assert_eq!(env.response, None);
        let env: Envelope<()> = decode(204, "", None).unwrap();
        assert_eq!((env.response, env.total), ((), None));
        // A 200 must still be an envelope.
        assert!(decode::<()>(200, "", None).is_err());
    }

    #[test]
    fn empty_401_is_unauthorized() {
        assert_eq!(decode::<Value>(401, "", None), Err(ApiError::Unauthorized));
    }

    #[test]
    fn error_envelope_keeps_the_portal_message() {
        let body = r#"{"error":{"message":"The user is not suspended","type":"System.InvalidOperationException","stack":"...","hresult":-2146233079},"status":1,"statusCode":403}"#;
        assert_eq!(
            decode::<Value>(403, body, None),
            Err(ApiError::Forbidden("The user is not suspended".into()))
        );
        let body = r#"{"error":{"message":"The user could not be found","type":null,"stack":null,"hresult":0},"status":1,"statusCode":404}"#;
        assert_eq!(
            decode::<Value>(404, body, None),
            Err(ApiError::NotFound("The user could not be found".into()))
        );
        // The older shape, with count and links, decodes the same.
        let body = r#"{"count":1,"error":{"message":"User authentication failed","type":null,"stack":null,"hresult":0},"links":[],"status":1,"statusCode":400}"#;
        assert_eq!(
            decode::<Value>(400, body, None),
            Err(ApiError::Validation {
                message: "User authentication failed".into(),
                fields: BTreeMap::new()
            })
        );
    }

    #[test]
    fn validation_problem_details_give_field_errors() {
        let body = r#"{"response":{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"errors":{"count":["The field Count must be between 1 and 100."]},"traceId":"00-1"},"count":1,"links":[],"status":1,"statusCode":400}"#;
        match decode::<Value>(400, body, None) {
            Err(ApiError::Validation { message, fields }) => {
                assert_eq!(message, "One or more validation errors occurred.");
                assert_eq!(
                    fields["count"],
                    ["The field Count must be between 1 and 100."]
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rate_limit_and_proxy_errors() {
        assert_eq!(
            decode::<Value>(429, "", Some("30")),
            Err(ApiError::RateLimited {
                retry_after: Some(30)
            })
        );
        assert_eq!(
            decode::<Value>(429, "", None),
            Err(ApiError::RateLimited { retry_after: None })
        );
        assert_eq!(
            decode::<Value>(502, "<html>Bad Gateway</html>", None),
            Err(ApiError::Server {
                status: 502,
                message: "Bad gateway".into()
            })
        );
        let body = r#"{"error":{"message":"Data reassign process for Anna is not complete.","type":"System.Exception","stack":"","hresult":1},"status":1,"statusCode":500}"#;
        assert_eq!(
            decode::<Value>(500, body, None),
            Err(ApiError::Server {
                status: 500,
                message: "Data reassign process for Anna is not complete.".into()
            })
        );
        assert_eq!(
            decode::<Value>(403, "", None),
            Err(ApiError::Forbidden("Access denied".into()))
        );
    }
}
