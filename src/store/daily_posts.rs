//! The `daily_posts` table: each daily post, claimed under (subscription,
//! local date) before it is sent, then marked sent, and later revealed.

use super::db::{Db, on_dialect};
use anyhow::Context as _;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostRow {
    pub id: i64,
    pub subscription_id: i64,
    pub local_date: String,
    pub scheduled_at: String,
    pub card_id: Option<i64>,
    pub status: String,
    pub send_attempts: i64,
    pub message_id: Option<String>,
    pub thread_id: Option<String>,
    pub reveal_due_at: Option<String>,
}

pub struct NewPost<'a> {
    pub subscription_id: i64,
    pub local_date: &'a str,
    pub scheduled_at: &'a str,
    pub card_id: Option<i64>,
    pub status: &'a str,
    pub now: &'a str,
}

/// Claims the date for the subscription; `None` when it was claimed (or
/// skipped) before, which is what keeps a date from posting twice.
#[tracing::instrument(skip_all)]
pub async fn claim(db: impl Into<Db<'_>>, post: &NewPost<'_>) -> anyhow::Result<Option<i64>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_scalar!(
            r#"INSERT INTO daily_posts (subscription_id, local_date, scheduled_at, card_id, status, claimed_at, next_try_at)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
               ON CONFLICT (subscription_id, local_date) DO NOTHING
               RETURNING id AS "id!""#,
            post.subscription_id,
            post.local_date,
            post.scheduled_at,
            post.card_id,
            post.status,
            post.now
        )
        .fetch_optional(conn)
        .await,
        postgres: sqlx::query_scalar!(
            r#"INSERT INTO daily_posts (subscription_id, local_date, scheduled_at, card_id, status, claimed_at, next_try_at)
               VALUES ($1, $2, $3, $4, $5, $6, $6)
               ON CONFLICT (subscription_id, local_date) DO NOTHING
               RETURNING id AS "id!""#,
            post.subscription_id,
            post.local_date,
            post.scheduled_at,
            post.card_id,
            post.status,
            post.now
        )
        .fetch_optional(conn)
        .await,
    )
    .context("claiming the daily post")
}

/// Whether the subscription already has a post (or a skip) for the date.
#[tracing::instrument(skip_all)]
pub async fn exists(
    db: impl Into<Db<'_>>,
    subscription_id: i64,
    local_date: &str,
) -> anyhow::Result<bool> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM daily_posts WHERE subscription_id = ? AND local_date = ?) AS "found!: bool""#,
            subscription_id,
            local_date
        )
        .fetch_one(conn)
        .await,
        postgres: sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM daily_posts WHERE subscription_id = $1 AND local_date = $2) AS "found!: bool""#,
            subscription_id,
            local_date
        )
        .fetch_one(conn)
        .await,
    )
    .context("looking for the day's post")
}

/// Claimed posts not yet sent whose next try is due by `now`.
#[tracing::instrument(skip_all)]
pub async fn unsent(db: impl Into<Db<'_>>, now: &str) -> anyhow::Result<Vec<PostRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            PostRow,
            r#"SELECT id AS "id!", subscription_id, local_date, scheduled_at, card_id, status, send_attempts, message_id,
                      thread_id, reveal_due_at
               FROM daily_posts WHERE status = 'claimed' AND next_try_at <= ? ORDER BY scheduled_at, id"#,
            now
        )
        .fetch_all(conn)
        .await,
        postgres: sqlx::query_as!(
            PostRow,
            r#"SELECT id AS "id!", subscription_id, local_date, scheduled_at, card_id, status, send_attempts, message_id,
                      thread_id, reveal_due_at
               FROM daily_posts WHERE status = 'claimed' AND next_try_at <= $1 ORDER BY scheduled_at, id"#,
            now
        )
        .fetch_all(conn)
        .await,
    )
    .context("reading unsent daily posts")
}

/// When the earliest unsent post should be tried again.
#[tracing::instrument(skip_all)]
pub async fn next_try(db: impl Into<Db<'_>>) -> anyhow::Result<Option<String>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_scalar!(
            r#"SELECT MIN(next_try_at) AS "at: String" FROM daily_posts WHERE status = 'claimed'"#
        )
        .fetch_one(conn)
        .await,
        postgres: sqlx::query_scalar!(
            r#"SELECT MIN(next_try_at) AS "at?: String" FROM daily_posts WHERE status = 'claimed'"#
        )
        .fetch_one(conn)
        .await,
    )
    .context("reading the next retry")
}

#[tracing::instrument(skip_all)]
pub async fn mark_sent(
    db: impl Into<Db<'_>>,
    post_id: i64,
    message_id: &str,
    thread_id: Option<&str>,
    now: &str,
    reveal_due_at: Option<&str>,
) -> anyhow::Result<()> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            "UPDATE daily_posts SET status = 'sent', sent_at = ?, message_id = ?, thread_id = ?, reveal_due_at = ?,
                                    send_attempts = send_attempts + 1, next_try_at = NULL, last_error = NULL
               WHERE id = ?",
            now,
            message_id,
            thread_id,
            reveal_due_at,
            post_id
        )
        .execute(conn)
        .await
        .map(drop),
        postgres: sqlx::query!(
            "UPDATE daily_posts SET status = 'sent', sent_at = $1, message_id = $2, thread_id = $3, reveal_due_at = $4,
                                    send_attempts = send_attempts + 1, next_try_at = NULL, last_error = NULL
               WHERE id = $5",
            now,
            message_id,
            thread_id,
            reveal_due_at,
            post_id
        )
        .execute(conn)
        .await
        .map(drop),
    )
    .context("marking the daily post sent")
}

#[tracing::instrument(skip_all)]
pub async fn record_failure(
    db: impl Into<Db<'_>>,
    post_id: i64,
    error: &str,
    next_try_at: &str,
) -> anyhow::Result<()> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            "UPDATE daily_posts SET send_attempts = send_attempts + 1, last_error = ?, next_try_at = ? WHERE id = ?",
            error,
            next_try_at,
            post_id
        )
        .execute(conn)
        .await
        .map(drop),
        postgres: sqlx::query!(
            "UPDATE daily_posts SET send_attempts = send_attempts + 1, last_error = $1, next_try_at = $2 WHERE id = $3",
            error,
            next_try_at,
            post_id
        )
        .execute(conn)
        .await
        .map(drop),
    )
    .context("recording the failed send")
}

/// Gives up on a claimed post that can no longer go out on its day.
#[tracing::instrument(skip_all)]
pub async fn mark_skipped(db: impl Into<Db<'_>>, post_id: i64) -> anyhow::Result<()> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            "UPDATE daily_posts SET status = 'skipped', next_try_at = NULL WHERE id = ?",
            post_id
        )
        .execute(conn)
        .await
        .map(drop),
        postgres: sqlx::query!(
            "UPDATE daily_posts SET status = 'skipped', next_try_at = NULL WHERE id = $1",
            post_id
        )
        .execute(conn)
        .await
        .map(drop),
    )
    .context("skipping the daily post")
}

/// Sent posts whose public reveal is due by `now`.
#[tracing::instrument(skip_all)]
pub async fn reveals_due(db: impl Into<Db<'_>>, now: &str) -> anyhow::Result<Vec<PostRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            PostRow,
            r#"SELECT id AS "id!", subscription_id, local_date, scheduled_at, card_id, status, send_attempts, message_id,
                      thread_id, reveal_due_at
               FROM daily_posts
               WHERE status = 'sent' AND revealed_at IS NULL AND reveal_due_at <= ? ORDER BY reveal_due_at, id"#,
            now
        )
        .fetch_all(conn)
        .await,
        postgres: sqlx::query_as!(
            PostRow,
            r#"SELECT id AS "id!", subscription_id, local_date, scheduled_at, card_id, status, send_attempts, message_id,
                      thread_id, reveal_due_at
               FROM daily_posts
               WHERE status = 'sent' AND revealed_at IS NULL AND reveal_due_at <= $1 ORDER BY reveal_due_at, id"#,
            now
        )
        .fetch_all(conn)
        .await,
    )
    .context("reading due reveals")
}

#[tracing::instrument(skip_all)]
pub async fn next_reveal(db: impl Into<Db<'_>>) -> anyhow::Result<Option<String>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_scalar!(
            r#"SELECT MIN(reveal_due_at) AS "at: String" FROM daily_posts WHERE status = 'sent' AND revealed_at IS NULL"#
        )
        .fetch_one(conn)
        .await,
        postgres: sqlx::query_scalar!(
            r#"SELECT MIN(reveal_due_at) AS "at?: String" FROM daily_posts WHERE status = 'sent' AND revealed_at IS NULL"#
        )
        .fetch_one(conn)
        .await,
    )
    .context("reading the next reveal")
}

#[tracing::instrument(skip_all)]
pub async fn mark_revealed(db: impl Into<Db<'_>>, post_id: i64, now: &str) -> anyhow::Result<()> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            "UPDATE daily_posts SET revealed_at = ? WHERE id = ?",
            now,
            post_id
        )
        .execute(conn)
        .await
        .map(drop),
        postgres: sqlx::query!(
            "UPDATE daily_posts SET revealed_at = $1 WHERE id = $2",
            now,
            post_id
        )
        .execute(conn)
        .await
        .map(drop),
    )
    .context("marking the reveal posted")
}

/// The channel's latest sent post, for `/daily`.
#[tracing::instrument(skip_all)]
pub async fn latest_sent(
    db: impl Into<Db<'_>>,
    subscription_id: i64,
) -> anyhow::Result<Option<PostRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            PostRow,
            r#"SELECT id AS "id!", subscription_id, local_date, scheduled_at, card_id, status, send_attempts, message_id,
                      thread_id, reveal_due_at
               FROM daily_posts WHERE subscription_id = ? AND status = 'sent' ORDER BY local_date DESC LIMIT 1"#,
            subscription_id
        )
        .fetch_optional(conn)
        .await,
        postgres: sqlx::query_as!(
            PostRow,
            r#"SELECT id AS "id!", subscription_id, local_date, scheduled_at, card_id, status, send_attempts, message_id,
                      thread_id, reveal_due_at
               FROM daily_posts WHERE subscription_id = $1 AND status = 'sent' ORDER BY local_date DESC LIMIT 1"#,
            subscription_id
        )
        .fetch_optional(conn)
        .await,
    )
    .context("reading the latest daily post")
}

/// The day's post counts: how many members graded its card.
#[tracing::instrument(skip_all)]
pub async fn practised(db: impl Into<Db<'_>>, card_id: i64) -> anyhow::Result<i64> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "count!: i64" FROM attempts WHERE card_id = ?"#,
            card_id
        )
        .fetch_one(conn)
        .await,
        postgres: sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "count!: i64" FROM attempts WHERE card_id = $1"#,
            card_id
        )
        .fetch_one(conn)
        .await,
    )
    .context("counting who practised the daily question")
}

/// Moves a failed reveal's next try to `at`.
#[tracing::instrument(skip_all)]
pub async fn postpone_reveal(db: impl Into<Db<'_>>, post_id: i64, at: &str) -> anyhow::Result<()> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            "UPDATE daily_posts SET reveal_due_at = ? WHERE id = ?",
            at,
            post_id
        )
        .execute(conn)
        .await
        .map(drop),
        postgres: sqlx::query!(
            "UPDATE daily_posts SET reveal_due_at = $1 WHERE id = $2",
            at,
            post_id
        )
        .execute(conn)
        .await
        .map(drop),
    )
    .context("postponing the reveal")
}

/// Each subscription's latest claimed (or skipped) scheduled instant up to
/// `now`, so a round only looks at firings after it. A skip an admin made
/// ahead of its date lies after `now` and must not hide the firings
/// before it.
#[tracing::instrument(skip_all)]
pub async fn latest_scheduled(
    db: impl Into<Db<'_>>,
    now: &str,
) -> anyhow::Result<Vec<(i64, String)>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            r#"SELECT subscription_id AS "subscription_id!", MAX(scheduled_at) AS "latest!: String"
               FROM daily_posts WHERE scheduled_at <= ? GROUP BY subscription_id"#,
            now
        )
        .fetch_all(conn)
        .await
        .map(|rows| rows.into_iter().map(|row| (row.subscription_id, row.latest)).collect()),
        postgres: sqlx::query!(
            r#"SELECT subscription_id AS "subscription_id!", MAX(scheduled_at) AS "latest!: String"
               FROM daily_posts WHERE scheduled_at <= $1 GROUP BY subscription_id"#,
            now
        )
        .fetch_all(conn)
        .await
        .map(|rows| rows.into_iter().map(|row| (row.subscription_id, row.latest)).collect()),
    )
    .context("reading the latest daily posts")
}

/// Records a date as skipped, with why (`admin` or `paused`), before or
/// when its firing comes; `None` when the date already had a post or a
/// skip, which keeps the (subscription, local date) rule whole.
#[tracing::instrument(skip_all)]
pub async fn claim_skipped(
    db: impl Into<Db<'_>>,
    subscription_id: i64,
    local_date: &str,
    scheduled_at: &str,
    reason: &str,
    now: &str,
) -> anyhow::Result<Option<i64>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_scalar!(
            r#"INSERT INTO daily_posts (subscription_id, local_date, scheduled_at, card_id, status, claimed_at, skip_reason)
               VALUES (?1, ?2, ?3, NULL, 'skipped', ?4, ?5)
               ON CONFLICT (subscription_id, local_date) DO NOTHING
               RETURNING id AS "id!""#,
            subscription_id,
            local_date,
            scheduled_at,
            now,
            reason
        )
        .fetch_optional(conn)
        .await,
        postgres: sqlx::query_scalar!(
            r#"INSERT INTO daily_posts (subscription_id, local_date, scheduled_at, card_id, status, claimed_at, skip_reason)
               VALUES ($1, $2, $3, NULL, 'skipped', $4, $5)
               ON CONFLICT (subscription_id, local_date) DO NOTHING
               RETURNING id AS "id!""#,
            subscription_id,
            local_date,
            scheduled_at,
            now,
            reason
        )
        .fetch_optional(conn)
        .await,
    )
    .context("skipping the daily post")
}

/// A date's post as far as planning goes: its status and why it was
/// skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRow {
    pub local_date: String,
    pub status: String,
    pub skip_reason: Option<String>,
}

/// The subscription's posts and skips on `from` and later, by date.
#[tracing::instrument(skip_all)]
pub async fn from_date(
    db: impl Into<Db<'_>>,
    subscription_id: i64,
    from: &str,
) -> anyhow::Result<Vec<DateRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            DateRow,
            "SELECT local_date, status, skip_reason FROM daily_posts
               WHERE subscription_id = ? AND local_date >= ? ORDER BY local_date",
            subscription_id,
            from
        )
        .fetch_all(conn)
        .await,
        postgres: sqlx::query_as!(
            DateRow,
            "SELECT local_date, status, skip_reason FROM daily_posts
               WHERE subscription_id = $1 AND local_date >= $2 ORDER BY local_date",
            subscription_id,
            from
        )
        .fetch_all(conn)
        .await,
    )
    .context("reading the coming daily posts")
}
