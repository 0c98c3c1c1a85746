//! Every metric prepbot records, by name, with its labels, in one place so
//! the label sets stay bounded: command names come from prepbot's own
//! command list, platforms and outcomes are fixed words, and no member,
//! channel or workspace id is ever a label.
//!
//! These go through the `metrics` facade: without a recorder (tests, the
//! console, `metrics.listen` unset) each call does nothing; `prepbot run`
//! with `metrics.listen` installs the Prometheus recorder (`ops_server`).
//!
//! ```
//! prepbot::metric::command("quiz", "discord", prepbot::metric::Outcome::Ok, std::time::Duration::from_millis(40));
//! ```

use std::time::Duration;

pub const COMMANDS: &str = "prepbot_commands_total";
pub const COMMAND_SECONDS: &str = "prepbot_command_seconds";
pub const ATTEMPTS: &str = "prepbot_attempts_recorded_total";
pub const DAILY_POSTS: &str = "prepbot_daily_posts_total";
pub const RATE_LIMITED: &str = "prepbot_rate_limited_total";
pub const RECONNECTS: &str = "prepbot_gateway_reconnects_total";
pub const SCHEDULER_LAG: &str = "prepbot_scheduler_lag_seconds";
pub const DATABASE_BYTES: &str = "prepbot_database_bytes";

/// Buckets of the command latency histogram, in seconds: Discord wants an
/// answer within 3 s, so the buckets are fine below that.
pub const COMMAND_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0,
];

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Answered.
    Ok,
    /// Refused with a message to the member (bad input, not allowed).
    Refused,
    /// Failed; the member saw an apology.
    Error,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Refused => "refused",
            Outcome::Error => "error",
        }
    }
}

/// A command finished: counted by name, platform and outcome; its time in
/// the latency histogram by name and platform. `name` must come from
/// prepbot's command list (`unknown` otherwise), never from typed text.
pub fn command(name: &str, platform: &'static str, outcome: Outcome, took: Duration) {
    let name = name.to_owned();
    metrics::counter!(COMMANDS, "command" => name.clone(), "platform" => platform, "outcome" => outcome.label())
        .increment(1);
    metrics::histogram!(COMMAND_SECONDS, "command" => name, "platform" => platform)
        .record(took.as_secs_f64());
}

/// A graded attempt was stored.
pub fn attempt_recorded(platform: &'static str) {
    metrics::counter!(ATTEMPTS, "platform" => platform).increment(1);
}

/// What became of a daily post in a scheduler round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Daily {
    Sent,
    /// Failed in a way that may pass; tried again later.
    Retried,
    /// Failed for good (the channel refuses prepbot, or it could not be
    /// marked sent).
    Failed,
    /// Claimed too late (past the catch-up window) and skipped.
    Skipped,
}

pub fn daily_posts(what: Daily, count: usize) {
    let outcome = match what {
        Daily::Sent => "sent",
        Daily::Retried => "retried",
        Daily::Failed => "failed",
        Daily::Skipped => "skipped",
    };
    metrics::counter!(DAILY_POSTS, "outcome" => outcome).increment(count as u64);
}

/// A platform (or the LLM judge's endpoint) answered 429 Too Many Requests.
pub fn rate_limited(service: &'static str) {
    metrics::counter!(RATE_LIMITED, "service" => service).increment(1);
}

/// A platform's connection came back after it was lost.
pub fn reconnected(platform: &'static str) {
    metrics::counter!(RECONNECTS, "platform" => platform).increment(1);
}

pub fn scheduler_lag(lag: chrono::Duration) {
    metrics::gauge!(SCHEDULER_LAG).set(lag.num_milliseconds() as f64 / 1000.0);
}

pub fn database_bytes(bytes: u64) {
    metrics::gauge!(DATABASE_BYTES).set(bytes as f64);
}
