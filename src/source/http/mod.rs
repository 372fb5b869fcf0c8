//! The one HTTP layer under every adapter: a base URL, a bearer token that
//! never shows in logs or errors, deadlines, retries with backoff and
//! jitter, pacing by the source's rate-limit headers, bounded parallelism,
//! bounded bodies and typed failures. Adapters call [`Http::get_json`] and
//! [`Http::post_json`] with paths relative to the base URL.
//!
//! - Every request has a connect timeout, an overall deadline and a
//!   minimum transfer rate (like curl's `--max-time` and `--speed-limit`):
//!   a server that drips its answer fails the request ([`Limits`]).
//! - A body is read as a stream and capped ([`Limits::max_body`]).
//! - A lost connection, a connect timeout, a 5xx or a 408 is tried again
//!   up to [`HttpConfig::retries`] times, after [`retry::backoff`]. An
//!   answer past the deadline or below the minimum rate is not (the
//!   server would likely be as slow again), nor is a TLS failure: it says
//!   the certificate was not trusted.
//! - A 429 is waited out (`Retry-After`, else the rate-limit window) and
//!   the same request sent again. A spent budget in the rate-limit headers
//!   holds every request back until the window has passed
//!   ([`pace::Pacer`]). Every wait is capped by [`Limits::max_wait`]: a
//!   longer one fails the request at once ([`SourceError::RateLimited`])
//!   and is forgotten, so the next request tries afresh.
//! - A client made with [`Http::once`] (writes) sends each request once: a
//!   429, a 5xx or a lost connection comes back to the caller (the outbox
//!   decides when to try again, with the server's `Retry-After`).
//! - 401 and 403 say which token was rejected and what to check; 404 says
//!   which path, and suggests checking `base_url` only while no request to
//!   it has worked yet. Text from the API in an error has the token masked
//!   first, then is cleaned of control characters and cut.
//! - No proxy is used for a loopback host, and plain `http://` goes only to
//!   loopback hosts: a bearer token never crosses a network in clear.
//! - The token is read when the first request needs it ([`Token`]), so a
//!   client for a source that is never called needs no secret.

mod body;
mod failure;
pub mod limits;
pub mod pace;
pub(crate) mod retry;
mod send;
mod token;

pub use limits::Limits;

pub use pace::{Sleeper, TokioSleeper};
pub use token::{Token, TokenSource};

use super::progress::WaitNote;
use super::SourceError;
use crate::domain::text::clean;
use pace::{Pacer, Spacing};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::{Method, Url};
use retry::Jitter;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

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
    /// Connecting, and waiting for each response (`connect_timeout` is
    /// what the client uses; `limits.connect_timeout` is the config's,
    /// copied here by whoever builds the client).
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    /// Attempts after the first on a lost connection, a connect timeout or a 5xx.
    pub retries: u32,
    /// Requests in flight at once.
    pub parallelism: usize,
    pub rate_limit: Option<RateLimitHeaders>,
    /// The overall deadline, the minimum rate, the longest wait and the
    /// largest body (`[http]` in the config).
    pub limits: Limits,
    /// What the messages call the source, e.g. "HubSpot" (else its host).
    pub name: Option<String>,
}

impl HttpConfig {
    pub fn new(base_url: impl Into<String>) -> HttpConfig {
        HttpConfig {
            base_url: base_url.into(),
            token: None,
            connect_timeout: Limits::default().connect_timeout,
            read_timeout: Duration::from_secs(30),
            retries: 4,
            parallelism: 4,
            rate_limit: None,
            limits: Limits::default(),
            name: None,
        }
    }
}

/// Checks a base URL: `https://`, or plain `http://` to a loopback host
/// only (a token must not cross a network in clear), with no credentials
/// in it. The config checks it when the file loads, [`Http::new`] again.
pub(crate) fn check_base_url(text: &str) -> Result<Url, BadUrl> {
    let url = Url::parse(text).map_err(|why| BadUrl::NotAUrl {
        text: text.to_string(),
        why: why.to_string(),
    })?;
    check_url(&url)?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(BadUrl::Credentials);
    }
    Ok(url)
}

/// Why a base URL (or a redirect's target) is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BadUrl {
    #[error("`{text}` is not a URL: {why}")]
    NotAUrl { text: String, why: String },
    #[error("`{0}` has no host")]
    NoHost(String),
    /// Plain `http://` to another machine: the token would cross a
    /// network in clear.
    #[error(
        "plain http:// is allowed only to this machine (localhost, 127.0.0.1, ::1); use \
         https:// for {0}"
    )]
    PlainHttp(String),
    #[error("expected an https:// URL, got {0}://")]
    Scheme(String),
    /// Said without them.
    #[error("the URL holds credentials; give the token with token_env or token_cmd")]
    Credentials,
}

fn check_url(url: &Url) -> Result<(), BadUrl> {
    let host = url
        .host_str()
        .ok_or_else(|| BadUrl::NoHost(url.to_string()))?;
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(host) => Ok(()),
        "http" => Err(BadUrl::PlainHttp(host.to_string())),
        other => Err(BadUrl::Scheme(other.to_string())),
    }
}

fn is_loopback(host: &str) -> bool {
    let ip = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || ip
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// An HTTP client for one source. Clones share the connection pool, the
/// parallelism bound and what is known of the rate limit.
#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    base: Url,
    config: HttpConfig,
    permits: Arc<Semaphore>,
    pacer: Arc<Pacer>,
    /// A minimum time between two requests of this client (see
    /// [`Http::spaced`]).
    spacing: Option<Arc<Spacing>>,
    sleeper: Arc<dyn Sleeper>,
    jitter: Arc<Jitter>,
    /// A request to this base has succeeded: the base URL is right, so a
    /// 404 is about the endpoint, not the base.
    reached: Arc<AtomicBool>,
    /// Each request is sent once (see [`Http::once`]).
    once: bool,
    /// Where a rate-limit wait being taken is shown.
    wait_note: Option<WaitNote>,
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Http")
            .field("config", &self.config)
            .finish()
    }
}

/// A request, kept so that it can be sent again.
struct Request<'a> {
    method: Method,
    url: Url,
    query: &'a [(&'a str, String)],
    headers: HeaderMap,
    body: Option<Vec<u8>>,
}

impl Http {
    pub fn new(config: HttpConfig) -> Result<Http, SourceError> {
        let mut base = check_base_url(&config.base_url)
            .map_err(|e| SourceError::Config(format!("base_url: {e}")))?;
        // `join` keeps the base's path only up to its last slash.
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let mut builder = reqwest::Client::builder();
        // A proxy only ever sees https:// (a tunnel it cannot read), and
        // never a request to this machine.
        if base.scheme() != "https" || base.host_str().is_some_and(is_loopback) {
            builder = builder.no_proxy();
        }
        let client = builder
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            .user_agent(concat!("orienteer/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::custom(|attempt| {
                if attempt.previous().len() >= 5 || check_url(attempt.url()).is_err() {
                    attempt.stop()
                } else {
                    attempt.follow()
                }
            }))
            .build()
            .map_err(|e| SourceError::Transport(e.to_string()))?;
        Ok(Http {
            client,
            base,
            permits: Arc::new(Semaphore::new(config.parallelism.max(1))),
            pacer: Arc::new(Pacer::new(config.rate_limit.clone())),
            spacing: None,
            sleeper: Arc::new(TokioSleeper),
            jitter: Arc::new(Jitter::from_time()),
            reached: Arc::new(AtomicBool::new(false)),
            once: false,
            wait_note: None,
            config,
        })
    }

    /// The same client, waiting with `sleeper` (backoff, rate limits):
    /// tests record the waits instead of sitting through them.
    pub fn with_sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> Http {
        self.sleeper = sleeper;
        self
    }

    /// The same client (pool, rate limit, token) with `retries` attempts
    /// after the first on a timeout, a lost connection or a 5xx.
    pub fn with_retries(mut self, retries: u32) -> Http {
        self.config.retries = retries;
        self
    }

    /// The same client (pool, rate limit, token) sending each request
    /// once, for writes: a 429, a 5xx or a lost connection is returned to
    /// the caller, never tried again here (a 429 as
    /// [`SourceError::RateLimited`] with the server's wait), and no
    /// rate-limit wait is taken before it. The outbox decides when to try
    /// again, under its lease.
    pub(crate) fn once(mut self) -> Http {
        self.config.retries = 0;
        self.once = true;
        self
    }

    /// The same client (pool, rate limit, token) sending its requests at
    /// least `interval` apart, for an endpoint with a limit of its own
    /// that no header reports. Clones of the result share the spacing.
    pub fn spaced(mut self, interval: Duration) -> Http {
        self.spacing = Some(Arc::new(Spacing::new(interval)));
        self
    }

    /// The same client, showing each rate-limit wait it takes in `note`
    /// (a source's [`crate::source::Progress`]).
    pub(crate) fn showing_waits(mut self, note: WaitNote) -> Http {
        self.wait_note = Some(note);
        self
    }

    /// What messages call the source: its name, else its host.
    pub(crate) fn name(&self) -> &str {
        self.config.name.as_deref().unwrap_or_else(|| self.host())
    }

    /// The base URL, for messages.
    pub(crate) fn base(&self) -> &str {
        self.base.as_str()
    }

    /// The host, for messages and the header's origin.
    pub(crate) fn host(&self) -> &str {
        self.base.host_str().unwrap_or("?")
    }

    fn url(&self, path: &str) -> Result<Url, SourceError> {
        self.base
            .join(path.trim_start_matches('/'))
            .map_err(|e| SourceError::Config(format!("path `{}`: {e}", clean(path))))
    }

    async fn headers(&self, extra: &[(&str, String)]) -> Result<HeaderMap, SourceError> {
        let mut headers = HeaderMap::new();
        if let Some(token) = &self.config.token {
            let secret = token.secret().await?;
            let mut value = HeaderValue::from_str(&format!("Bearer {secret}")).map_err(|_| {
                SourceError::Auth(format!(
                    "the token from {} holds characters a header cannot",
                    token.origin().unwrap_or("the config")
                ))
            })?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        for (name, value) in extra {
            let name = HeaderName::from_bytes(name.as_bytes())
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
        let request = Request {
            method: Method::GET,
            url: self.url(path)?,
            query,
            headers: self.headers(&[]).await?,
            body: None,
        };
        self.send(request).await
    }

    /// POST `body` as JSON to `path`, with `headers` (e.g. an
    /// `Idempotency-Key`), decoded from JSON (an empty answer reads as
    /// `null`).
    pub async fn post_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        headers: &[(&str, String)],
    ) -> Result<T, SourceError> {
        let body = serde_json::to_vec(body)
            .map_err(|e| SourceError::Data(format!("could not encode the request: {e}")))?;
        let mut all = self.headers(headers).await?;
        all.insert(
            reqwest::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        let request = Request {
            method: Method::POST,
            url: self.url(path)?,
            query: &[],
            headers: all,
            body: Some(body),
        };
        self.send(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_this_machine() {
        for ok in [
            "https://api.hubapi.com",
            "http://127.0.0.1:8080",
            "http://localhost/api",
            "http://[::1]:9/",
        ] {
            assert!(check_base_url(ok).is_ok(), "{ok}");
        }
        let err = check_base_url("http://api.example.com").unwrap_err();
        assert_eq!(err, BadUrl::PlainHttp("api.example.com".into()));
        let err = err.to_string();
        assert!(err.contains("use https:// for api.example.com"), "{err}");
        assert!(check_base_url("ftp://x").is_err());
        assert!(check_base_url("not a url").is_err());
        let err = check_base_url("https://me:pw@x.example").unwrap_err();
        assert_eq!(err, BadUrl::Credentials);
        let err = err.to_string();
        assert!(err.contains("credentials") && !err.contains("pw"), "{err}");
    }

    #[test]
    fn a_base_path_is_kept() {
        let http = Http::new(HttpConfig::new("https://x.example/api/v1")).unwrap();
        assert_eq!(
            http.url("/accounts").unwrap().as_str(),
            "https://x.example/api/v1/accounts"
        );
    }
}
