//! The reminder runner: when a member's reminder time comes, claim the
//! day's reminder, send it privately through a `ReminderSender`, mark it
//! sent. Like the daily scheduler it knows no platform, logs a failure and
//! goes on; a member whose DMs are closed is paused, not retried daily.
//!
//! `tick` does one round at a given instant (tests call it with fixed
//! instants and two runners over one database); `run` does a round at
//! every minute boundary, since reminder times are whole minutes.
//!
//! ```no_run
//! # async fn example(engine: std::sync::Arc<prepbot::engine::Engine>, sender: std::sync::Arc<dyn prepbot::reminders::ReminderSender>) {
//! use prepbot::engine::Platform;
//! let runner = prepbot::reminders::ReminderRunner::new(engine, sender, &[Platform::Discord], &Default::default());
//! runner.run(std::future::pending()).await;
//! # }
//! ```

use std::sync::Arc;

use chrono::{DateTime, Duration, Timelike, Utc};

use crate::config::DailySettings;
use crate::engine::{Engine, Platform, Reminder};

/// Why a reminder did not go out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    pub message: String,
    /// The platform will not deliver to this member (DMs closed, user
    /// gone): their reminders are paused until they set a time again.
    pub blocked: bool,
}

impl SendError {
    /// A failure that may pass: tried again with growing waits.
    pub fn retry(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            blocked: false,
        }
    }

    /// The member cannot be reached by direct message; see `blocked`.
    pub fn blocked(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            blocked: true,
        }
    }
}

/// Where reminders go: a Discord or Slack DM, or the console.
#[async_trait::async_trait]
pub trait ReminderSender: Send + Sync {
    /// Sends the reminder to its member alone. A resend after a crash
    /// carries the same `reminder.nonce`; a sender that can must not let it
    /// appear twice.
    async fn remind(&self, reminder: &Reminder) -> Result<(), SendError>;
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReminderReport {
    pub claimed: usize,
    pub skipped: usize,
    pub sent: usize,
    pub failed: usize,
    pub blocked: usize,
}

pub struct ReminderRunner {
    engine: Arc<Engine>,
    sender: Arc<dyn ReminderSender>,
    /// The platforms this process can reach; reminders of members
    /// elsewhere are left to the process that can.
    platforms: Vec<Platform>,
    catch_up: Duration,
    retry_first: Duration,
    retry_max: Duration,
}

impl ReminderRunner {
    /// A runner for members on `platforms`, with the daily question's
    /// catch-up window and retry waits.
    pub fn new(
        engine: Arc<Engine>,
        sender: Arc<dyn ReminderSender>,
        platforms: &[Platform],
        settings: &DailySettings,
    ) -> Self {
        Self {
            engine,
            sender,
            platforms: platforms.to_vec(),
            catch_up: Duration::hours(i64::from(settings.catch_up_hours)),
            retry_first: Duration::seconds(i64::from(settings.retry_first_seconds.get())),
            retry_max: Duration::seconds(i64::from(settings.retry_max_seconds.get())),
        }
    }

    /// One round at `now`: claim what is due, send what is claimed.
    pub async fn tick(&self, now: DateTime<Utc>) -> ReminderReport {
        let mut report = ReminderReport::default();
        match self
            .engine
            .claim_due_reminders(now, self.catch_up, &self.platforms)
            .await
        {
            Ok(claims) => {
                report.claimed = claims.claimed;
                report.skipped = claims.skipped;
            }
            Err(error) => {
                tracing::error!(error = format!("{error:#}"), "claiming reminders failed")
            }
        }
        match self.engine.unsent_reminders(now, &self.platforms).await {
            Ok(reminders) => {
                for reminder in reminders {
                    self.send(&reminder, now, &mut report).await;
                }
            }
            Err(error) => {
                tracing::error!(
                    error = format!("{error:#}"),
                    "reading unsent reminders failed"
                )
            }
        }
        report
    }

    async fn send(&self, reminder: &Reminder, now: DateTime<Utc>, report: &mut ReminderReport) {
        let member = reminder.member_id;
        match self.sender.remind(reminder).await {
            Ok(()) => {
                if let Err(error) = self
                    .engine
                    .mark_reminder_sent(reminder, self.engine.now())
                    .await
                {
                    // Sent but not marked: the next round resends it with
                    // the same nonce.
                    tracing::error!(
                        member,
                        error = format!("{error:#}"),
                        "marking a reminder sent failed"
                    );
                    report.failed += 1;
                    return;
                }
                tracing::info!(member, date = %reminder.local_date, due = reminder.due, "sent a due-review reminder");
                report.sent += 1;
            }
            Err(error) if error.blocked => {
                tracing::warn!(member, %error, "the member cannot be sent direct messages; their reminders are paused until they set them again");
                if let Err(error) = self
                    .engine
                    .mark_reminder_blocked(reminder, &error.message, now)
                    .await
                {
                    tracing::error!(
                        member,
                        error = format!("{error:#}"),
                        "pausing a blocked member's reminders failed"
                    );
                }
                report.blocked += 1;
            }
            Err(error) => {
                let retry_at = now + self.backoff(reminder.failed_tries);
                tracing::warn!(member, %error, %retry_at, "a reminder failed; it will be tried again");
                if let Err(error) = self
                    .engine
                    .record_reminder_failure(reminder, &error.message, retry_at, self.catch_up)
                    .await
                {
                    tracing::error!(
                        member,
                        error = format!("{error:#}"),
                        "recording a failed reminder failed"
                    );
                }
                report.failed += 1;
            }
        }
    }

    /// The wait before try number `failed_tries + 1`: doubling from the
    /// first wait up to the longest.
    fn backoff(&self, failed_tries: u32) -> Duration {
        let factor = 2i32.saturating_pow(failed_tries.min(20));
        (self.retry_first * factor).min(self.retry_max)
    }

    /// Runs a round at every minute boundary (and at a retry due sooner)
    /// until `shutdown` completes.
    pub async fn run(&self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            let report = self.tick(self.engine.now()).await;
            if report != ReminderReport::default() {
                tracing::debug!(?report, "reminder round");
            }
            let now = self.engine.now();
            let next_minute = now
                .with_second(0)
                .and_then(|t| t.with_nanosecond(0))
                .unwrap_or(now)
                + Duration::minutes(1);
            let next = match self.engine.next_reminder_retry().await {
                Ok(Some(retry)) => retry.min(next_minute),
                Ok(None) => next_minute,
                Err(error) => {
                    tracing::error!(
                        error = format!("{error:#}"),
                        "reading the next reminder retry failed"
                    );
                    next_minute
                }
            };
            // A wake-up in the same instant as work just done would spin.
            let wait = (next - now)
                .max(Duration::milliseconds(200))
                .to_std()
                .unwrap_or_default();
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = &mut shutdown => break,
            }
        }
    }
}
