//! Where the request being answered came from, for the events it records: a middleware keeps
//! it for the handler's task (`MessageFactory.Create` reads the same from the `HttpContext`).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

use super::Origin;

tokio::task_local! {
    static ORIGIN: Origin;
}

/// The middleware: the peer's address (without a port, as `LoginEventDto` shows it), the
/// browser and platform read from the User-Agent, and the referer or the path.
pub async fn keep(request: Request, next: Next) -> Response {
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "127.0.0.1".into());
    let agent = request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (browser, platform) = read_agent(agent);
    let page = request
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| request.uri().path().to_string());
    let origin = Origin {
        ip,
        browser,
        platform,
        page,
    };
    ORIGIN.scope(origin, next.run(request)).await
}

/// The request's origin, inside a handler; a default one outside the middleware (a test
/// calling the portal directly).
pub fn current() -> Origin {
    ORIGIN.try_with(Clone::clone).unwrap_or_else(|_| Origin {
        ip: "127.0.0.1".into(),
        ..Origin::default()
    })
}

/// Browser and platform as the server's `UAParser` names them, for the common agents.
pub fn read_agent(agent: &str) -> (String, String) {
    let version = |name: &str| -> Option<String> {
        let rest = agent.split(name).nth(1)?;
        let v: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let mut parts = v.split('.');
        Some(format!(
            "{}.{}",
            parts.next().unwrap_or("0"),
            parts.next().unwrap_or("0")
        ))
    };
    let browser = if let Some(v) = version("Edg/") {
        format!("Edge {v}")
    } else if let Some(v) = version("Firefox/") {
        format!("Firefox {v}")
    } else if let Some(v) = version("Chrome/") {
        format!("Chrome {v}")
    } else if let Some(v) = version("Version/").filter(|_| agent.contains("Safari/")) {
        format!("Safari {v}")
    } else if agent.is_empty() {
        String::new()
    } else {
        "Other".into()
    };
    let platform = if agent.contains("Windows") {
        "Windows 10"
    } else if agent.contains("Android") {
        "Android"
    } else if agent.contains("iPhone") || agent.contains("iPad") {
        "iOS"
    } else if agent.contains("Mac OS X") {
        "Mac OS X"
    } else if agent.contains("Linux") {
        "Linux"
    } else {
        ""
    };
    (browser, platform.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_are_read_as_browser_and_platform() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.85 Safari/537.36";
        assert_eq!(read_agent(chrome), ("Chrome 131.0".into(), "Linux".into()));
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70";
        assert_eq!(read_agent(edge), ("Edge 131.0".into(), "Windows 10".into()));
        assert_eq!(read_agent(""), (String::new(), String::new()));
    }
}
