//! Reading an answer's body as a stream: never more than the cap in
//! memory, and never slower than the minimum rate (a server that drips
//! one byte a second fails within a window, not never).

use super::Limits;
use std::time::Duration;
use tokio::time::Instant;

/// Why a body was not read whole.
#[derive(Debug)]
pub(super) enum BodyError {
    /// Larger than the cap (announced, or read past it).
    TooLarge,
    /// Fewer bytes than the minimum rate asks arrived in a window.
    TooSlow { got: u64, window: Duration },
    /// The connection broke or timed out.
    Lost(reqwest::Error),
}

/// The whole body of `response`, within `limits`.
pub(super) async fn read(
    mut response: reqwest::Response,
    limits: &Limits,
) -> Result<Vec<u8>, BodyError> {
    if response
        .content_length()
        .is_some_and(|n| n > limits.max_body)
    {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::new();
    let window = limits.min_rate_window.max(Duration::from_millis(1));
    let floor = (limits.min_rate as f64 * window.as_secs_f64()).ceil() as u64;
    let mut window_end = Instant::now() + window;
    let mut in_window = 0u64;
    loop {
        let next = match limits.min_rate {
            0 => Some(response.chunk().await),
            _ => tokio::time::timeout_at(window_end, response.chunk())
                .await
                .ok(),
        };
        let now = Instant::now();
        match next {
            Some(Ok(Some(chunk))) => {
                if body.len() as u64 + chunk.len() as u64 > limits.max_body {
                    return Err(BodyError::TooLarge);
                }
                body.extend_from_slice(&chunk);
                in_window += chunk.len() as u64;
            }
            Some(Ok(None)) => return Ok(body),
            Some(Err(e)) => return Err(BodyError::Lost(e)),
            None => {}
        }
        if limits.min_rate > 0 && now >= window_end {
            if in_window < floor {
                return Err(BodyError::TooSlow {
                    got: in_window,
                    window,
                });
            }
            window_end = now + window;
            in_window = 0;
        }
    }
}
