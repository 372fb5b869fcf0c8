//! Work on tokio's blocking pool whose panic stays the caller's: the task
//! that awaits it panics with the same payload, so whatever supervises
//! that task (a TUI job, a load, a sync, the flusher) reports it like a
//! panic of its own. The one copy of "spawn_blocking, then resume the
//! panic".

/// The result of `work`, run on the blocking pool; its panic is resumed
/// here. The pool cancels a task only when the runtime shuts down, and
/// nothing is left to report to then: that panics too.
pub async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => value,
        Err(e) => match e.try_into_panic() {
            Ok(payload) => std::panic::resume_unwind(payload),
            Err(e) => panic!("work on the blocking pool was cancelled: {e}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_value_comes_back_and_a_panic_is_the_callers_with_its_message() {
        assert_eq!(blocking(|| 6 * 7).await, 42);
        let caller = tokio::spawn(blocking(|| -> u32 { panic!("the work broke") }));
        let e = caller.await.unwrap_err();
        let payload = e.into_panic();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"the work broke"));
    }
}
