//! The one HTTP layer under every adapter: a base URL, a bearer token that
//! never shows in logs or errors, timeouts, retries with backoff and
//! jitter, pacing by the source's rate-limit headers, bounded parallelism
//! and typed failures. Adapters call [`Http::get_json`] and
//! [`Http::post_json`] with paths relative to the base URL.
//!
//! - A timeout, a lost connection, a 5xx or a 408 is tried again up to
//!   [`HttpConfig::retries`] times, after [`retry::backoff`].
//! - A 429 is waited out (`Retry-After`, else the rate-limit window) and
//!   the same request sent again, as often as it takes: it never counts as
//!   a failure. A spent budget in the rate-limit headers holds every
//!   request back until the window has passed ([`pace::Pacer`]).
//! - 401 and 403 say which token was rejected and what to check; 404 says
//!   which path, and suggests checking `base_url` only while no request to
//!   it has worked yet. Text from the API in an error is cleaned of control
//!   characters and of the token itself.
//! - The token is read when the first request needs it ([`Token`]), so a
//!   client for a source that is never called needs no secret.
//! - POSTs are retried like GETs: a write must carry an `Idempotency-Key`
//!   (or be a search), so that sending it twice does no harm.

mod failure;
pub mod pace;
pub mod retry;
mod token;

pub use pace::{RecordingSleeper, Sleeper, TokioSleeper};
pub use token::{Token, TokenSource};

use super::SourceError;
use crate::domain::text::clean;
use failure::{after_attempts, api_message};
use pace::Pacer;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::{Method, Url};
use retry::Jitter;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::Instant;

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

/// Checks a base URL: `https://`, or plain `http://` to a loopback host
/// only (a token must not cross a network in clear), with no credentials
/// in it. The config checks it when the file loads, [`Http::new`] again.
pub fn check_base_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("`{text}` is not a URL: {e}"))?;
    check_url(&url)?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the URL holds credentials; give the token with token_env or token_cmd".into());
    }
    Ok(url)
}

fn check_url(url: &Url) -> Result<(), String> {
    let host = url
        .host_str()
        .ok_or_else(|| format!("`{url}` has no host"))?;
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(host) => Ok(()),
        "http" => Err(format!(
            "plain http:// is allowed only to this machine (localhost, 127.0.0.1, ::1); \
             use https:// for {host}"
        )),
        other => Err(format!("expected an https:// URL, got {other}://")),
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
    sleeper: Arc<dyn Sleeper>,
    jitter: Arc<Jitter>,
    /// A request to this base has succeeded: the base URL is right, so a
    /// 404 is about the endpoint, not the base.
    reached: Arc<AtomicBool>,
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
        let client = reqwest::Client::builder()
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
            sleeper: Arc::new(TokioSleeper),
            jitter: Arc::new(Jitter::from_time()),
            reached: Arc::new(AtomicBool::new(false)),
            config,
        })
    }

    /// The same client, waiting with `sleeper` (backoff, rate limits):
    /// tests record the waits instead of sitting through them.
    pub fn with_sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> Http {
        self.sleeper = sleeper;
        self
    }

    /// The same client (pool, rate limit, token) trying each request once:
    /// for a write that carries no idempotency key, where a retry after a
    /// timeout could record it twice (the caller decides what to do).
    pub fn with_retries(mut self, retries: u32) -> Http {
        self.config.retries = retries;
        self
    }

    /// The base URL, for messages.
    pub fn base(&self) -> &str {
        self.base.as_str()
    }

    /// The host, for messages and the header's origin.
    pub fn host(&self) -> &str {
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

    async fn send<T: DeserializeOwned>(&self, request: Request<'_>) -> Result<T, SourceError> {
        let mut retries = 0;
        loop {
            let admitted = self.pacer.admit(Instant::now());
            if !admitted.wait.is_zero() {
                self.sleeper.sleep(admitted.wait).await;
            }
            let attempt = {
                let _permit = self.permits.acquire().await.expect("never closed");
                self.attempt(&request).await
            };
            self.pacer.finished();
            let failure = match attempt {
                Ok((status, headers, body)) => {
                    self.pacer
                        .observe(&headers, Instant::now(), admitted.window);
                    if status == 429 {
                        // Waited out at the gate on the next turn.
                        self.pacer.throttled(&headers, Instant::now());
                        continue;
                    }
                    if (200..300).contains(&status) {
                        self.reached.store(true, Ordering::Relaxed);
                        let body: &[u8] = if body.is_empty() { b"null" } else { &body };
                        return serde_json::from_slice(body).map_err(|e| {
                            SourceError::Data(self.safe(&format!(
                                "{} {}: {e}",
                                request.method,
                                request.url.path()
                            )))
                        });
                    }
                    if !retry::retryable_status(status) {
                        return Err(self.status_error(&request, status, &body));
                    }
                    self.status_error(&request, status, &body)
                }
                Err(e) => SourceError::Transport(self.transport_text(&e)),
            };
            if retries >= self.config.retries {
                return Err(after_attempts(failure, retries + 1));
            }
            self.sleeper
                .sleep(retry::backoff(retries, &self.jitter))
                .await;
            retries += 1;
        }
    }

    /// One try: the status, headers and whole body.
    async fn attempt(
        &self,
        request: &Request<'_>,
    ) -> Result<(u16, HeaderMap, Vec<u8>), reqwest::Error> {
        let mut builder = self
            .client
            .request(request.method.clone(), request.url.clone())
            .headers(request.headers.clone());
        if !request.query.is_empty() {
            builder = builder.query(request.query);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let response = builder.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await?.to_vec();
        Ok((status, headers, body))
    }

    /// API text made safe to show: controls removed, the token masked,
    /// cut to a readable length.
    fn safe(&self, text: &str) -> String {
        let text = match &self.config.token {
            Some(token) => token.redact(text),
            None => text.to_string(),
        };
        let text = clean(&text);
        match text.char_indices().nth(300) {
            Some((i, _)) => format!("{}…", &text[..i]),
            None => text.into_owned(),
        }
    }

    /// A reqwest error's gist, without the URL (whose query may hold
    /// secrets in some APIs).
    fn transport_text(&self, e: &reqwest::Error) -> String {
        let what = if e.is_timeout() {
            "timed out waiting for"
        } else if e.is_connect() {
            "could not connect to"
        } else if e.is_body() || e.is_decode() {
            "lost the answer from"
        } else {
            "request failed to"
        };
        format!("{what} {}", self.host())
    }

    /// The error for a non-success status, with the API's own message
    /// (`message`, `error` or `detail`, as most JSON APIs write it).
    fn status_error(&self, request: &Request<'_>, status: u16, body: &[u8]) -> SourceError {
        let said = api_message(body)
            .map(|m| format!(" (the API says: {})", self.safe(&m)))
            .unwrap_or_default();
        let what = format!("{} {}", request.method, self.safe(request.url.path()));
        let host = self.host();
        let token = match &self.config.token {
            Some(t) => format!("the token from {}", t.origin().unwrap_or("the config")),
            None => "no token (none is configured: set token_env or token_cmd)".to_string(),
        };
        match status {
            401 => SourceError::Auth(format!(
                "401 from {host} for {what}: {token} was not accepted; check that it is \
                 set, current and not revoked{said}"
            )),
            403 => SourceError::Auth(format!(
                "403 from {host} for {what}: {token} lacks permission; check the scopes \
                 it was granted{said}"
            )),
            404 => {
                // Once a request to the base has worked, the base is right.
                let hint = match self.reached.load(Ordering::Relaxed) {
                    true => String::new(),
                    false => format!(
                        "; no request to {} has worked yet: check base_url",
                        self.safe(self.base.as_str())
                    ),
                };
                SourceError::Api {
                    status,
                    message: format!("{what} answered 404 Not Found on {host}{hint}{said}"),
                }
            }
            _ => SourceError::Api {
                status,
                message: format!("{what} on {host} failed{said}"),
            },
        }
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
        assert!(err.contains("use https:// for api.example.com"), "{err}");
        assert!(check_base_url("ftp://x").is_err());
        assert!(check_base_url("not a url").is_err());
        let err = check_base_url("https://me:pw@x.example").unwrap_err();
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
