//! The `subscriptions` table: which channels get a daily question, when,
//! in which zone, on which topics.

use anyhow::Context as _;
use sqlx::SqliteExecutor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionRow {
    pub id: i64,
    pub workspace_id: i64,
    pub channel_id: String,
    pub schedule: String,
    pub timezone: String,
    pub topics: Option<String>,
    pub reveal_after_minutes: Option<i64>,
    pub enabled: i64,
    pub updated_at: String,
    /// Why the platform refused the channel for good, when it did.
    pub paused_reason: Option<String>,
}

pub struct NewSubscription<'a> {
    pub workspace_id: i64,
    pub channel_id: &'a str,
    pub schedule: &'a str,
    pub timezone: &'a str,
    pub topics: Option<&'a str>,
    pub reveal_after_minutes: Option<i64>,
    pub now: &'a str,
}

/// Starts or changes a channel's daily question; a change counts as a new
/// setup, so firings before it are never caught up.
#[tracing::instrument(skip_all)]
pub async fn upsert(
    db: impl SqliteExecutor<'_>,
    new: &NewSubscription<'_>,
) -> anyhow::Result<SubscriptionRow> {
    sqlx::query_as!(
        SubscriptionRow,
        r#"INSERT INTO subscriptions (workspace_id, channel_id, schedule, timezone, topics, reveal_after_minutes,
                                      enabled, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)
           ON CONFLICT (workspace_id, channel_id) DO UPDATE SET
               schedule = excluded.schedule, timezone = excluded.timezone, topics = excluded.topics,
               reveal_after_minutes = excluded.reveal_after_minutes, enabled = 1, updated_at = excluded.updated_at,
               paused_reason = NULL
           RETURNING id AS "id!", workspace_id, channel_id, schedule, timezone, topics, reveal_after_minutes,
                     enabled, updated_at, paused_reason"#,
        new.workspace_id,
        new.channel_id,
        new.schedule,
        new.timezone,
        new.topics,
        new.reveal_after_minutes,
        new.now
    )
    .fetch_one(db)
    .await
    .context("saving the daily question's settings")
}

/// Stops a channel's daily question; returns whether one was running.
#[tracing::instrument(skip_all)]
pub async fn disable(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
    channel_id: &str,
    now: &str,
) -> anyhow::Result<bool> {
    let result = sqlx::query!(
        "UPDATE subscriptions SET enabled = 0, updated_at = ? WHERE workspace_id = ? AND channel_id = ? AND enabled = 1",
        now,
        workspace_id,
        channel_id
    )
    .execute(db)
    .await
    .context("stopping the daily question")?;
    Ok(result.rows_affected() > 0)
}

/// Pauses a subscription the platform refuses for good, with the reason.
#[tracing::instrument(skip_all)]
pub async fn pause(
    db: impl SqliteExecutor<'_>,
    subscription_id: i64,
    reason: &str,
    now: &str,
) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE subscriptions SET enabled = 0, paused_reason = ?, updated_at = ? WHERE id = ?",
        reason,
        now,
        subscription_id
    )
    .execute(db)
    .await
    .context("pausing the daily question")?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn enabled(db: impl SqliteExecutor<'_>) -> anyhow::Result<Vec<SubscriptionRow>> {
    sqlx::query_as!(
        SubscriptionRow,
        r#"SELECT id AS "id!", workspace_id, channel_id, schedule, timezone, topics, reveal_after_minutes, enabled,
                  updated_at, paused_reason
           FROM subscriptions WHERE enabled = 1 ORDER BY id"#
    )
    .fetch_all(db)
    .await
    .context("reading the daily subscriptions")
}

#[tracing::instrument(skip_all)]
pub async fn in_workspace(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
) -> anyhow::Result<Vec<SubscriptionRow>> {
    sqlx::query_as!(
        SubscriptionRow,
        r#"SELECT id AS "id!", workspace_id, channel_id, schedule, timezone, topics, reveal_after_minutes, enabled,
                  updated_at, paused_reason
           FROM subscriptions WHERE workspace_id = ? ORDER BY channel_id"#,
        workspace_id
    )
    .fetch_all(db)
    .await
    .context("reading the workspace's daily subscriptions")
}
