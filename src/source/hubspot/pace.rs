//! A small pacer: at most one request per interval, for an endpoint with
//! its own limit (HubSpot's search API: about 5 requests a second).

use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::{sleep_until, Instant};

#[derive(Debug)]
pub(crate) struct Pacer {
    interval: Duration,
    /// The earliest instant the next request may go.
    next: Mutex<Option<Instant>>,
}

impl Pacer {
    pub fn new(interval: Duration) -> Pacer {
        Pacer {
            interval,
            next: Mutex::new(None),
        }
    }

    /// Waits for the next slot and takes it. Callers queue on the lock, so
    /// concurrent callers are spaced too.
    pub async fn wait(&self) {
        let mut next = self.next.lock().await;
        if let Some(at) = *next {
            sleep_until(at).await;
        }
        *next = Some(Instant::now() + self.interval);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn requests_are_spaced_by_the_interval() {
        let pacer = Pacer::new(Duration::from_millis(250));
        let start = Instant::now();
        pacer.wait().await;
        assert_eq!(start.elapsed(), Duration::ZERO, "the first goes at once");
        pacer.wait().await;
        pacer.wait().await;
        assert_eq!(start.elapsed(), Duration::from_millis(500));
        tokio::time::advance(Duration::from_secs(1)).await;
        let later = Instant::now();
        pacer.wait().await;
        assert_eq!(
            later.elapsed(),
            Duration::ZERO,
            "an idle pacer does not wait"
        );
    }
}
