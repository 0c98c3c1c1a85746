//! The `subscriptions` table: which channels get a daily question, when,
//! in which zone, on which topics.

use super::db::{Db, on_dialect};
use anyhow::Context as _;

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
    db: impl Into<Db<'_>>,
    new: &NewSubscription<'_>,
) -> anyhow::Result<SubscriptionRow> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
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
        .fetch_one(conn)
        .await,
        postgres: sqlx::query_as!(
            SubscriptionRow,
            r#"INSERT INTO subscriptions (workspace_id, channel_id, schedule, timezone, topics, reveal_after_minutes,
                                          enabled, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)
               ON CONFLICT (workspace_id, channel_id) DO UPDATE SET
                   schedule = excluded.schedule, timezone = excluded.timezone, topics = excluded.topics,
                   reveal_after_minutes = excluded.reveal_after_minutes, enabled = 1, updated_at = excluded.updated_at,
                   paused_reason = NULL
               RETURNING id, workspace_id, channel_id, schedule, timezone, topics, reveal_after_minutes,
                         enabled, updated_at, paused_reason"#,
            new.workspace_id,
            new.channel_id,
            new.schedule,
            new.timezone,
            new.topics,
            new.reveal_after_minutes,
            new.now
        )
        .fetch_one(conn)
        .await,
    )
    .context("saving the daily question's settings")
}

/// Stops a channel's daily question; returns whether one was running.
#[tracing::instrument(skip_all)]
pub async fn disable(
    db: impl Into<Db<'_>>,
    workspace_id: i64,
    channel_id: &str,
    now: &str,
) -> anyhow::Result<bool> {
    let changed = on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            "UPDATE subscriptions SET enabled = 0, updated_at = ? WHERE workspace_id = ? AND channel_id = ? AND enabled = 1",
            now,
            workspace_id,
            channel_id
        )
        .execute(conn)
        .await
        .map(|done| done.rows_affected()),
        postgres: sqlx::query!(
            "UPDATE subscriptions SET enabled = 0, updated_at = $1 WHERE workspace_id = $2 AND channel_id = $3 AND enabled = 1",
            now,
            workspace_id,
            channel_id
        )
        .execute(conn)
        .await
        .map(|done| done.rows_affected()),
    )
    .context("stopping the daily question")?;
    Ok(changed > 0)
}

/// Pauses a subscription the platform refuses for good, with the reason.
#[tracing::instrument(skip_all)]
pub async fn pause(
    db: impl Into<Db<'_>>,
    subscription_id: i64,
    reason: &str,
    now: &str,
) -> anyhow::Result<()> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            "UPDATE subscriptions SET enabled = 0, paused_reason = ?, updated_at = ? WHERE id = ?",
            reason,
            now,
            subscription_id
        )
        .execute(conn)
        .await
        .map(drop),
        postgres: sqlx::query!(
            "UPDATE subscriptions SET enabled = 0, paused_reason = $1, updated_at = $2 WHERE id = $3",
            reason,
            now,
            subscription_id
        )
        .execute(conn)
        .await
        .map(drop),
    )
    .context("pausing the daily question")?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn enabled(db: impl Into<Db<'_>>) -> anyhow::Result<Vec<SubscriptionRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            SubscriptionRow,
            r#"SELECT id AS "id!", workspace_id, channel_id, schedule, timezone, topics, reveal_after_minutes, enabled,
                      updated_at, paused_reason
               FROM subscriptions WHERE enabled = 1 ORDER BY id"#
        )
        .fetch_all(conn)
        .await,
        postgres: sqlx::query_as!(
            SubscriptionRow,
            "SELECT id, workspace_id, channel_id, schedule, timezone, topics, reveal_after_minutes, enabled,
                    updated_at, paused_reason
             FROM subscriptions WHERE enabled = 1 ORDER BY id"
        )
        .fetch_all(conn)
        .await,
    )
    .context("reading the daily subscriptions")
}

#[tracing::instrument(skip_all)]
pub async fn in_workspace(
    db: impl Into<Db<'_>>,
    workspace_id: i64,
) -> anyhow::Result<Vec<SubscriptionRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            SubscriptionRow,
            r#"SELECT id AS "id!", workspace_id, channel_id, schedule, timezone, topics, reveal_after_minutes, enabled,
                      updated_at, paused_reason
               FROM subscriptions WHERE workspace_id = ? ORDER BY channel_id"#,
            workspace_id
        )
        .fetch_all(conn)
        .await,
        postgres: sqlx::query_as!(
            SubscriptionRow,
            "SELECT id, workspace_id, channel_id, schedule, timezone, topics, reveal_after_minutes, enabled,
                    updated_at, paused_reason
             FROM subscriptions WHERE workspace_id = $1 ORDER BY channel_id",
            workspace_id
        )
        .fetch_all(conn)
        .await,
    )
    .context("reading the workspace's daily subscriptions")
}

/// Holds the subscription's row until the transaction ends, so that two
/// processes claiming the same due post take turns: the second finds the
/// first's claim instead of drawing from the deck too. SQLite needs nothing
/// here: a write transaction there holds the database's one write lock
/// from its first statement.
#[tracing::instrument(skip_all)]
pub async fn lock_for_claim(db: impl Into<Db<'_>>, subscription_id: i64) -> anyhow::Result<()> {
    on_dialect!(db, |conn|
        sqlite: {
            let _ = conn;
            Ok(())
        },
        postgres: sqlx::query!(
            "SELECT id FROM subscriptions WHERE id = $1 FOR UPDATE",
            subscription_id
        )
        .fetch_optional(conn)
        .await
        .map(drop),
    )
    .context("locking the daily question for its claim")
}
