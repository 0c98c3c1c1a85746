//! Waiting out Slack's `ratelimited`. A reply (through a `response_url`,
//! `chat.postEphemeral` or `chat.postMessage`) answered HTTP 429 is tried
//! again after the `Retry-After` Slack gives, for up to `PATIENCE` in all:
//! the member is waiting for it, and a reply dropped on the first 429
//! would leave them with no answer at all (their grade stored, but never
//! confirmed).

use std::future::Future;
use std::time::Duration;

use slack_morphism::errors::SlackClientError;

/// The longest a reply waits in all for Slack to take it. A `response_url`
/// stays valid for 30 minutes; a member waits far less.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// When Slack gives no `Retry-After`.
const DEFAULT_WAIT: Duration = Duration::from_secs(1);

/// Runs `call` until it is not answered `ratelimited`, waiting as Slack
/// asks between tries, for up to `patience` of waiting; then hands back
/// the last answer.
pub async fn retrying<T, F, Fut>(patience: Duration, mut call: F) -> Result<T, SlackClientError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, SlackClientError>>,
{
    let mut waited = Duration::ZERO;
    loop {
        match call().await {
            Err(SlackClientError::RateLimitError(limit)) => {
                crate::metric::rate_limited("slack");
                let wait = limit.retry_after.unwrap_or(DEFAULT_WAIT);
                if waited + wait > patience {
                    return Err(SlackClientError::RateLimitError(limit));
                }
                tracing::info!(
                    wait_ms = wait.as_millis() as u64,
                    "Slack rate-limited a reply; waiting as asked"
                );
                tokio::time::sleep(wait).await;
                waited += wait;
            }
            answer => return answer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slack_morphism::errors::SlackRateLimitError;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// Slack says whole seconds; milliseconds keep the tests quick.
    fn limited(millis: u64) -> SlackClientError {
        SlackClientError::RateLimitError(
            SlackRateLimitError::new().with_retry_after(Duration::from_millis(millis)),
        )
    }

    #[tokio::test]
    async fn a_call_rate_limited_twice_is_tried_a_third_time_after_waiting_as_asked() {
        let tries = AtomicU32::new(0);
        let started = std::time::Instant::now();
        let answer = retrying(PATIENCE, || async {
            match tries.fetch_add(1, Ordering::Relaxed) {
                0 | 1 => Err(limited(20)),
                _ => Ok("sent"),
            }
        })
        .await;
        assert_eq!(answer.unwrap(), "sent");
        assert_eq!(tries.load(Ordering::Relaxed), 3);
        assert!(started.elapsed() >= Duration::from_millis(40));
    }

    #[tokio::test]
    async fn a_call_rate_limited_past_the_patience_gives_the_rate_limit_back() {
        let tries = AtomicU32::new(0);
        let answer: Result<(), _> = retrying(Duration::from_millis(50), || async {
            tries.fetch_add(1, Ordering::Relaxed);
            Err(limited(20))
        })
        .await;
        assert!(matches!(answer, Err(SlackClientError::RateLimitError(_))));
        // Waited 20 ms twice; a third wait would pass 50 ms.
        assert_eq!(tries.load(Ordering::Relaxed), 3);
    }

    #[tokio::test]
    async fn another_error_is_not_tried_again() {
        let tries = AtomicU32::new(0);
        let answer: Result<(), _> = retrying(PATIENCE, || async {
            tries.fetch_add(1, Ordering::Relaxed);
            Err(SlackClientError::EndOfStream(
                slack_morphism::errors::SlackClientEndOfStreamError::new(),
            ))
        })
        .await;
        assert!(answer.is_err());
        assert_eq!(tries.load(Ordering::Relaxed), 1);
    }
}
