//! One span per thing a member asks of prepbot, on any platform: the
//! platform, the workspace, the command (or the button or form's action)
//! and, when it ends, how long it took. What members typed is never
//! logged: a typed answer appears as its length only, and the wire-level
//! libraries that would print it are capped in `telemetry`.
//!
//! ```
//! # async fn example() {
//! let said = prepbot::command_log::observe("console", "local", "quiz", async { "a card" }).await;
//! assert_eq!(said, "a card");
//! # }
//! ```

use std::future::Future;
use std::time::Instant;

use tracing::Instrument as _;

/// Runs `work` inside a `command` span and logs its latency when it ends.
/// `command` must be a command or action name (bounded words such as
/// `quiz` or `button:grade-good`), never what a member typed.
pub async fn observe<T>(
    platform: &'static str,
    workspace: &str,
    command: &str,
    work: impl Future<Output = T>,
) -> T {
    let span = tracing::info_span!("command", platform, workspace, command);
    let started = Instant::now();
    let out = work.instrument(span.clone()).await;
    let latency_ms = started.elapsed().as_secs_f64() * 1_000.0;
    span.in_scope(|| tracing::info!(latency_ms, "handled"));
    out
}

/// A typed answer as the log may show it: its length in characters.
pub fn answer_length(text: &str) -> usize {
    text.chars().count()
}

/// The action part of a button or form id (`pb1:grade-good:42` is
/// `grade-good`), for a span name; anything else is `unknown`, so a forged
/// id cannot put its text into the log.
pub fn action_of(custom_id: &str) -> String {
    match crate::button_id::ComponentId::parse(custom_id) {
        Ok(id) => id
            .to_string()
            .split(':')
            .nth(1)
            .unwrap_or("unknown")
            .to_owned(),
        Err(_) => "unknown".to_owned(),
    }
}
