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
    #[error("The portal is receiving too many requests{}", retry_after.map(|s| format!("; try again in {s} s")).unwrap_or_default())]
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
