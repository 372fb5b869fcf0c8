//! A sleeper for the HTTP layer that records each wait and returns at
//! once: a test sees the backoff and rate-limit waits without taking them.
#![allow(dead_code)]

use orienteer::source::http::Sleeper;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone, Default)]
pub struct RecordingSleeper {
    waits: Arc<Mutex<Vec<Duration>>>,
}

impl RecordingSleeper {
    /// The waits asked for so far, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.waits.lock().expect("waits lock").clone()
    }
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, wait: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        self.waits.lock().expect("waits lock").push(wait);
        Box::pin(std::future::ready(()))
    }
}
