//! Sending one request: pacing, the overall deadline, the bounded body,
//! retries for reads, and a single attempt for writes.

use super::body::{self, BodyError};
use super::failure::{after_attempts, tls_trouble};
use super::limits::spoken;
use super::{retry, Http, Request, SourceError};
use serde::de::DeserializeOwned;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::time::Instant;

/// How one attempt ended short of an answer.
enum Miss {
    Transport(reqwest::Error),
    Body(BodyError),
    Deadline,
}

impl Http {
    pub(super) async fn send<T: DeserializeOwned>(
        &self,
        request: Request<'_>,
    ) -> Result<T, SourceError> {
        let max_wait = self.config.limits.max_wait;
        let mut retries = 0;
        // Rate-limit waits taken by this request: together capped too, so
        // a source that answers 429 for ever fails the request.
        let mut waited = Duration::ZERO;
        if let Some(spacing) = &self.spacing {
            let wait = spacing.admit(Instant::now());
            if !wait.is_zero() {
                self.sleeper.sleep(wait).await;
            }
        }
        loop {
            let admitted = self.pacer.admit(Instant::now());
            if !admitted.wait.is_zero() {
                if waited + admitted.wait > max_wait {
                    self.pacer.finished();
                    return Err(self.too_long(admitted.wait));
                }
                waited += admitted.wait;
                self.show_wait(Some(admitted.wait));
                self.sleeper.sleep(admitted.wait).await;
                self.show_wait(None);
            }
            let started = Instant::now();
            let attempt = {
                let _permit = self.permits.acquire().await.expect("never closed");
                let deadline = self.config.limits.deadline;
                match tokio::time::timeout(deadline, self.attempt(&request)).await {
                    Ok(result) => result,
                    Err(_) => Err(Miss::Deadline),
                }
            };
            self.pacer.finished();
            self.log_attempt(&request, &attempt, started.elapsed(), retries + 1);
            let failure = match attempt {
                Ok((status, headers, body)) => {
                    self.pacer
                        .observe(&headers, Instant::now(), admitted.window);
                    if status == 429 {
                        let wait = self.pacer.throttled(&headers, Instant::now());
                        if self.once {
                            return Err(self.throttled_write(&request, wait));
                        }
                        if waited + wait > max_wait {
                            return Err(self.too_long(wait));
                        }
                        // Waited out at the gate on the next turn.
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
                Err(Miss::Transport(e)) if tls_trouble(&e) => {
                    return Err(SourceError::Transport(self.untrusted()));
                }
                Err(Miss::Transport(e)) => SourceError::Transport(self.transport_text(&e)),
                Err(Miss::Body(BodyError::TooLarge)) => {
                    return Err(SourceError::Data(format!(
                        "the answer to {} {} from {} is larger than {} MB ([http] max_body); \
                         it was not read",
                        request.method,
                        self.safe(request.url.path()),
                        self.host(),
                        self.config.limits.max_body.div_ceil(super::limits::MB)
                    )));
                }
                // A server too slow for the deadline or the minimum rate is
                // not asked again: it would likely be as slow, and the
                // command must end within its deadline to fall back to the
                // cache.
                Err(Miss::Body(BodyError::TooSlow { got, window })) => {
                    return Err(SourceError::Transport(format!(
                        "{} sent its answer to {} {} too slowly ({got} bytes in {}, below \
                         [http] min_rate of {} bytes a second)",
                        self.host(),
                        request.method,
                        self.safe(request.url.path()),
                        spoken(window),
                        self.config.limits.min_rate
                    )));
                }
                Err(Miss::Body(BodyError::Lost(e))) => {
                    SourceError::Transport(self.transport_text(&e))
                }
                Err(Miss::Deadline) => {
                    return Err(SourceError::Transport(format!(
                        "no complete answer from {} within {} ([http] deadline)",
                        self.host(),
                        spoken(self.config.limits.deadline)
                    )));
                }
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

    /// One line in the log per attempt: the method, the path (never the
    /// query, masked of the token), the status or what went wrong, how
    /// long it took and which attempt it was; never a header or a body.
    fn log_attempt(
        &self,
        request: &Request<'_>,
        attempt: &Result<(u16, reqwest::header::HeaderMap, Vec<u8>), Miss>,
        took: Duration,
        number: u32,
    ) {
        let method = request.method.as_str();
        let path = self.safe(request.url.path());
        let ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX);
        match attempt {
            Ok((status, ..)) if (200..300).contains(status) => {
                tracing::debug!(method, path, status, ms, attempt = number, "http request");
            }
            Ok((status, ..)) => {
                tracing::warn!(method, path, status, ms, attempt = number, "http request");
            }
            Err(miss) => {
                let error = match miss {
                    Miss::Transport(_) => "network",
                    Miss::Body(BodyError::TooLarge) => "answer too large",
                    Miss::Body(BodyError::TooSlow { .. }) => "answer too slow",
                    Miss::Body(BodyError::Lost(_)) => "answer cut off",
                    Miss::Deadline => "deadline",
                };
                tracing::warn!(method, path, error, ms, attempt = number, "http request");
            }
        }
    }

    /// One try: the status, headers and whole body.
    async fn attempt(
        &self,
        request: &Request<'_>,
    ) -> Result<(u16, reqwest::header::HeaderMap, Vec<u8>), Miss> {
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
        let response = builder.send().await.map_err(Miss::Transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = body::read(response, &self.config.limits)
            .await
            .map_err(Miss::Body)?;
        Ok((status, headers, body))
    }

    /// A rate-limit wait past `[http] max_wait`: the request fails now, and
    /// the wait is forgotten, so that the next request asks afresh.
    fn too_long(&self, wait: Duration) -> SourceError {
        self.pacer.forget();
        let max_wait = self.config.limits.max_wait;
        SourceError::RateLimited {
            message: format!(
                "rate limited by {} for longer than {} (it asks to wait {}); try again later",
                self.name(),
                spoken(max_wait),
                spoken(wait)
            ),
            retry_after: Some(max_wait),
        }
    }

    /// A 429 on a write: back to the caller with the server's wait
    /// (capped), never sent again here.
    fn throttled_write(&self, request: &Request<'_>, wait: Duration) -> SourceError {
        let max_wait = self.config.limits.max_wait;
        if wait > max_wait {
            self.pacer.forget();
        }
        SourceError::RateLimited {
            message: format!(
                "{} {} was rate limited by {}; it may be sent again in {}",
                request.method,
                self.safe(request.url.path()),
                self.name(),
                spoken(wait.min(max_wait))
            ),
            retry_after: Some(wait.min(max_wait)),
        }
    }

    /// Shows a rate-limit wait being taken (`None`: it is over) where the
    /// source's progress is shown.
    fn show_wait(&self, wait: Option<Duration>) {
        if let Some(note) = &self.wait_note {
            *note.lock().unwrap_or_else(|e| e.into_inner()) =
                wait.map(|w| format!("rate limited by {}, retrying in {}", self.name(), spoken(w)));
        }
    }
}
