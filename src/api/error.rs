use std::collections::BTreeMap;

/// Everything that can go wrong talking to a portal, in words a person understands.
/// Server-side refusals carry the portal's own message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("Could not reach the portal: {0}")]
    Network(String),
    /// 401: the key or token was rejected, or has expired.
    #[error("The portal rejected the API key or token, or it has expired. Please sign in again.")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// 400: the portal's message, and per-field messages when it gave them.
    #[error("{message}")]
    Validation {
        message: String,
        fields: BTreeMap<String, Vec<String>>,
    },
    /// 429: the portal's general limits, or the stricter one of the actions that send email
    /// about an account (a few per person and action every 15 minutes, reference §7).
    #[error("The portal is receiving too many requests; try again {}", wait_text(*retry_after))]
    RateLimited { retry_after: Option<u32> },
    #[error("The portal answered {status}: {message}")]
    Server { status: u16, message: String },
    #[error("The portal's answer could not be read: {0}")]
    Decode(String),
    /// The portal answered about someone other than the person asked for (a user name that
    /// spells another person's ID): nothing was done to either; the message says what was seen.
    #[error("{0}")]
    WrongPerson(String),
    /// Not sent: the person signed out of the panel, which stops every request of theirs.
    #[error("Not sent: you signed out.")]
    SignedOut,
}

/// When to try again after a 429, in words: "in 40 s", "in 13 min", "in 23 h" (a daily
/// limit), or "later" when the portal did not say.
pub fn wait_text(retry_after: Option<u32>) -> String {
    match retry_after {
        None => "later".into(),
        Some(s) if s < 60 => format!("in {s} s"),
        Some(s) if s < 2 * 3600 => format!("in {} min", s.div_ceil(60)),
        Some(s) => format!("in {} h", s.div_ceil(3600)),
    }
}
