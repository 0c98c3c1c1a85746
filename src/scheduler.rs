//! The daily-question scheduler: when a subscription's time comes, claim
//! the post, send it through a `Poster`, mark it sent; later, post the
//! public reveal. It logs a failure and goes on.
//!
//! Each front-end implements `Poster`; the scheduler knows no platform.
//! `tick` does one round of work at a given instant (tests call it with
//! fixed instants); `run` sleeps until the next instant with work (a
//! firing, a retry, a reveal), recomputed from the clock each time so
//! nothing drifts, and wakes early when the engine says a subscription
//! changed.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::Notify;

use crate::config::DailySettings;
use crate::engine::{DailyPost, Engine, PostReceipt, PublicReveal, WeeklyRecap};

/// A failed post or reveal: what the platform said, and whether trying
/// again can help.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PostError {
    pub message: String,
    /// The channel takes no posts until an admin acts (prepbot removed from
    /// it, the channel deleted or archived): the subscription is paused
    /// with this message rather than tried again.
    pub channel_refused: bool,
}

impl PostError {
    /// A failure that may pass (a server error, a timeout): tried again
    /// with growing waits.
    pub fn retry(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            channel_refused: false,
        }
    }

    /// The channel refuses prepbot for good; see `channel_refused`.
    pub fn channel_refused(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            channel_refused: true,
        }
    }
}

/// Where daily posts go: a Discord or Slack channel, or the console.
#[async_trait::async_trait]
pub trait Poster: Send + Sync {
    /// Posts the day's question. A resend of a post whose first send may
    /// have landed carries the same `post.nonce`; a poster must not let it
    /// appear twice (Discord: `enforce_nonce`).
    async fn post_daily(&self, post: &DailyPost) -> Result<PostReceipt, PostError>;

    /// Posts the answer under the day's post.
    async fn post_reveal(&self, reveal: &PublicReveal) -> Result<(), PostError>;

    /// Posts the week's recap (a picture and its text) in the channel.
    async fn post_recap(&self, recap: &WeeklyRecap) -> Result<(), PostError>;
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TickReport {
    pub claimed: usize,
    pub skipped: usize,
    pub sent: usize,
    pub failed: usize,
    pub revealed: usize,
    /// Weekly recaps posted.
    pub recapped: usize,
}

/// How long `run` sleeps at most before it looks again, in case the clock
/// was changed under it.
const MAX_SLEEP: Duration = Duration::hours(1);

pub struct Scheduler {
    engine: Arc<Engine>,
    poster: Arc<dyn Poster>,
    catch_up: Duration,
    retry_first: Duration,
    retry_max: Duration,
    /// Paces sends across all channels, under the platform's global limit.
    pacing: DefaultDirectRateLimiter,
    /// The engine's signal that a subscription changed: plan again.
    wake: Arc<Notify>,
    /// Told when each round is due, so `/healthz` can see a scheduler that
    /// fell behind (stuck in a round, or starved of time).
    health: Option<Arc<crate::health::Health>>,
}

impl Scheduler {
    pub fn new(engine: Arc<Engine>, poster: Arc<dyn Poster>, settings: &DailySettings) -> Self {
        Self {
            wake: engine.daily_changes(),
            engine,
            poster,
            catch_up: Duration::hours(i64::from(settings.catch_up_hours)),
            retry_first: Duration::seconds(i64::from(settings.retry_first_seconds.get())),
            retry_max: Duration::seconds(i64::from(settings.retry_max_seconds.get())),
            pacing: RateLimiter::direct(Quota::per_second(settings.posts_per_second)),
            health: None,
        }
    }

    /// Reports each round's due time to `health`.
    pub fn with_health(mut self, health: Arc<crate::health::Health>) -> Self {
        self.health = Some(health);
        self
    }

    /// One round at `now`: claim what is due, send what is claimed, reveal
    /// what is ready. Failures are logged; the next round retries them.
    pub async fn tick(&self, now: DateTime<Utc>) -> TickReport {
        let mut report = TickReport::default();
        match self.engine.claim_due_posts(now, self.catch_up).await {
            Ok(claims) => {
                report.claimed = claims.claimed;
                report.skipped = claims.skipped;
                crate::metric::daily_posts(crate::metric::Daily::Skipped, claims.skipped);
            }
            Err(error) => {
                tracing::error!(error = format!("{error:#}"), "claiming daily posts failed")
            }
        }
        match self.engine.unsent_posts(now).await {
            Ok(posts) => {
                for post in posts {
                    if self.send(&post, now).await {
                        report.sent += 1;
                    } else {
                        report.failed += 1;
                    }
                }
            }
            Err(error) => tracing::error!(
                error = format!("{error:#}"),
                "reading unsent daily posts failed"
            ),
        }
        match self.engine.due_reveals(now).await {
            Ok(reveals) => {
                for reveal in reveals {
                    self.pacing.until_ready().await;
                    match self.poster.post_reveal(&reveal).await {
                        Ok(()) => match self
                            .engine
                            .mark_revealed(reveal.post_id, self.engine.now())
                            .await
                        {
                            Ok(()) => report.revealed += 1,
                            Err(error) => tracing::error!(
                                error = format!("{error:#}"),
                                "marking a reveal failed"
                            ),
                        },
                        Err(error) => {
                            let retry_at = now + self.retry_first;
                            tracing::warn!(channel = reveal.channel_id, %error, %retry_at, "the public reveal failed; it will be tried again");
                            if let Err(error) =
                                self.engine.postpone_reveal(reveal.post_id, retry_at).await
                            {
                                tracing::error!(
                                    error = format!("{error:#}"),
                                    "postponing a reveal failed"
                                );
                            }
                        }
                    }
                }
            }
            Err(error) => {
                tracing::error!(error = format!("{error:#}"), "reading due reveals failed")
            }
        }
        report.recapped = self.recaps(now).await;
        report
    }

    /// Claims the weekly recaps due by `now` and sends what is claimed; a
    /// failed send is tried again next round, a few times at most.
    async fn recaps(&self, now: DateTime<Utc>) -> usize {
        if let Err(error) = self.engine.claim_due_recaps(now).await {
            tracing::error!(
                error = format!("{error:#}"),
                "claiming weekly recaps failed"
            );
        }
        let recaps = match self.engine.unsent_recaps().await {
            Ok(recaps) => recaps,
            Err(error) => {
                tracing::error!(
                    error = format!("{error:#}"),
                    "reading unsent weekly recaps failed"
                );
                return 0;
            }
        };
        let mut sent = 0;
        for recap in recaps {
            self.pacing.until_ready().await;
            match self.poster.post_recap(&recap).await {
                Ok(()) => {
                    sent += 1;
                    tracing::info!(
                        channel = recap.channel_id,
                        week = recap.recap.week,
                        "posted the weekly recap"
                    );
                    if let Err(error) = self.engine.mark_recap_sent(recap.recap_id, now).await {
                        tracing::error!(
                            error = format!("{error:#}"),
                            "marking a weekly recap sent failed"
                        );
                    }
                }
                Err(error) => {
                    tracing::warn!(channel = recap.channel_id, week = recap.recap.week, %error, "a weekly recap failed; it will be tried again");
                    if let Err(error) = self
                        .engine
                        .record_recap_failure(recap.recap_id, &error.message)
                        .await
                    {
                        tracing::error!(
                            error = format!("{error:#}"),
                            "recording a failed weekly recap failed"
                        );
                    }
                }
            }
        }
        sent
    }

    /// Sends one post; on failure, schedules the next try with backoff.
    async fn send(&self, post: &DailyPost, now: DateTime<Utc>) -> bool {
        self.pacing.until_ready().await;
        match self.poster.post_daily(post).await {
            Ok(receipt) => {
                if let Err(error) = self
                    .engine
                    .mark_post_sent(post, &receipt, self.engine.now())
                    .await
                {
                    // The post is out but not marked: the next round resends
                    // it with the same nonce, which the platform recognises.
                    tracing::error!(
                        channel = post.channel_id,
                        error = format!("{error:#}"),
                        "marking a daily post sent failed"
                    );
                    crate::metric::daily_posts(crate::metric::Daily::Failed, 1);
                    return false;
                }
                tracing::info!(channel = post.channel_id, date = post.local_date, question = %post.card.question_id, "posted the daily question");
                crate::metric::daily_posts(crate::metric::Daily::Sent, 1);
                true
            }
            Err(error) if error.channel_refused => {
                tracing::error!(channel = post.channel_id, date = post.local_date, %error, "the channel refuses the daily question; it is paused until an admin sets it up again");
                crate::metric::daily_posts(crate::metric::Daily::Failed, 1);
                if let Err(error) = self
                    .engine
                    .pause_refused_channel(post, &error.message)
                    .await
                {
                    tracing::error!(
                        error = format!("{error:#}"),
                        "pausing a refused daily question failed"
                    );
                }
                false
            }
            Err(error) => {
                let retry_at = now + self.backoff(post.failed_tries);
                tracing::warn!(channel = post.channel_id, date = post.local_date, %error, %retry_at, "a daily post failed; it will be tried again");
                crate::metric::daily_posts(crate::metric::Daily::Retried, 1);
                if let Err(error) = self
                    .engine
                    .record_post_failure(post, &error.message, retry_at, self.catch_up)
                    .await
                {
                    tracing::error!(
                        error = format!("{error:#}"),
                        "recording a failed daily post failed"
                    );
                }
                false
            }
        }
    }

    /// The wait before try number `failed_tries + 1`: doubling from the
    /// first wait up to the longest.
    fn backoff(&self, failed_tries: u32) -> Duration {
        let factor = 2i32.saturating_pow(failed_tries.min(20));
        (self.retry_first * factor).min(self.retry_max)
    }

    /// Runs rounds until `shutdown` completes, sleeping until the next
    /// instant with work.
    pub async fn run(&self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            let started = self.engine.now();
            if let Some(health) = &self.health {
                crate::metric::scheduler_lag(health.scheduler_lag(started));
                // While the round runs, it is what is due.
                health.scheduler_due(started);
            }
            let report = self.tick(started).await;
            if report != TickReport::default() {
                tracing::debug!(?report, "daily scheduler round");
            }
            let now = self.engine.now();
            // Planned from the round's start, not its end: a firing that
            // fell due while the round was sending (a slow channel, many
            // posts after a restart) was not claimed by it, and planning
            // from `now` would pass over it until the next day's wake-up.
            let wait = match self.engine.next_daily_wakeup(started).await {
                Ok(Some(next)) => (next - now).clamp(Duration::zero(), MAX_SLEEP),
                Ok(None) => MAX_SLEEP,
                Err(error) => {
                    tracing::error!(
                        error = format!("{error:#}"),
                        "planning the next daily post failed"
                    );
                    Duration::minutes(1)
                }
            };
            // A wake-up in the same second as work just done would spin.
            let wait = wait.max(Duration::milliseconds(200));
            if let Some(health) = &self.health {
                health.scheduler_due(now + wait);
            }
            let wait = wait.to_std().unwrap_or_default();
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = self.wake.notified() => {}
                () = &mut shutdown => break,
            }
        }
    }
}
