//! The one HTTP layer under every adapter: a base URL, a bearer token that
//! never shows in logs or errors, timeouts, and typed failures. Adapters
//! call [`Http::get_json`] and [`Http::post_json`] with paths relative to
//! the base URL.
//!
//! Retries with backoff, pacing by rate-limit headers and bounded
//! parallelism live here too, so every adapter gets them.

use super::SourceError;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::time::Duration;

/// A secret: printed as `***`, so it cannot reach a log or a message by
/// accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(secret: impl Into<String>) -> Token {
        Token(secret.into())
    }

    /// The secret itself, for the one place that sends it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

/// Names of the response headers a source reports its rate limit in, so
/// the client can pace itself (HubSpot: `X-HubSpot-RateLimit-*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitHeaders {
    /// Requests left in the current window.
    pub remaining: String,
    /// The window's length in milliseconds.
    pub interval_ms: String,
    /// Requests allowed per window.
    pub max: String,
}

/// How to reach a source.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// e.g. `https://api.hubapi.com`; plain `http://` only for loopback hosts.
    pub base_url: String,
    pub token: Option<Token>,
    /// Connecting, and waiting for each response.
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    /// Attempts after the first on a timeout, a lost connection or a 5xx.
    pub retries: u32,
    /// Requests in flight at once.
    pub parallelism: usize,
    pub rate_limit: Option<RateLimitHeaders>,
}

impl HttpConfig {
    pub fn new(base_url: impl Into<String>) -> HttpConfig {
        HttpConfig {
            base_url: base_url.into(),
            token: None,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            retries: 4,
            parallelism: 4,
            rate_limit: None,
        }
    }
}

/// An HTTP client for one source.
pub struct Http {
    client: reqwest::Client,
    base: reqwest::Url,
    config: HttpConfig,
}

impl Http {
    pub fn new(config: HttpConfig) -> Result<Http, SourceError> {
        let base = reqwest::Url::parse(&config.base_url)
            .map_err(|e| SourceError::Config(format!("base_url `{}`: {e}", config.base_url)))?;
        let client = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            .user_agent(concat!("orienteer/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SourceError::Transport(e.to_string()))?;
        Ok(Http {
            client,
            base,
            config,
        })
    }

    /// The base URL, for messages.
    pub fn base(&self) -> &str {
        self.base.as_str()
    }

    fn url(&self, path: &str) -> Result<reqwest::Url, SourceError> {
        self.base
            .join(path.trim_start_matches('/'))
            .map_err(|e| SourceError::Config(format!("path `{path}`: {e}")))
    }

    fn headers(&self, extra: &[(&str, String)]) -> Result<HeaderMap, SourceError> {
        let mut headers = HeaderMap::new();
        if let Some(token) = &self.config.token {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                    SourceError::Auth("the token holds characters a header cannot".into())
                })?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        for (name, value) in extra {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| SourceError::Config(format!("header `{name}`: {e}")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|e| SourceError::Config(format!("header value: {e}")))?;
            headers.insert(name, value);
        }
        Ok(headers)
    }

    /// GET `path` with `query`, decoded from JSON.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, SourceError> {
        let request = self
            .client
            .get(self.url(path)?)
            .headers(self.headers(&[])?)
            .query(query);
        self.send(request).await
    }

    /// POST `body` as JSON to `path`, with `headers` (e.g. an
    /// `Idempotency-Key`), decoded from JSON.
    pub async fn post_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        headers: &[(&str, String)],
    ) -> Result<T, SourceError> {
        let request = self
            .client
            .post(self.url(path)?)
            .headers(self.headers(headers)?)
            .json(body);
        self.send(request).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, SourceError> {
        let response = request
            .send()
            .await
            .map_err(|e| SourceError::Transport(without_url(&e)))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| SourceError::Transport(without_url(&e)))?;
        if !status.is_success() {
            return Err(status_error(status.as_u16(), &body));
        }
        serde_json::from_slice(&body).map_err(|e| SourceError::Data(e.to_string()))
    }
}

/// A reqwest error's text without the URL (which may carry a query with
/// secrets in some APIs).
fn without_url(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    match e.url() {
        Some(url) => format!("{kind} ({})", url.host_str().unwrap_or("?")),
        None => kind.to_string(),
    }
}

/// The error for a non-success status, with the API's own message when its
/// body has one (`message`, as HubSpot and most JSON APIs write it).
fn status_error(status: u16, body: &[u8]) -> SourceError {
    let message = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v.get("message")
                .and_then(|m| m.as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned());
    match status {
        401 | 403 => SourceError::Auth(format!("{status}: {message}")),
        _ => SourceError::Api { status, message },
    }
}
