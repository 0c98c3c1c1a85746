//! The `bot_runs` table: when each prepbot process started and when it was
//! last seen alive, so downtime can be told from a member's missed day.

use anyhow::Context as _;
use sqlx::SqliteExecutor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRow {
    pub started_at: String,
    pub last_seen_at: String,
}

/// Records a run starting now; returns its id for the heartbeats.
#[tracing::instrument(skip_all)]
pub async fn start(db: impl SqliteExecutor<'_>, now: &str) -> anyhow::Result<i64> {
    let id = sqlx::query_scalar!(
        r#"INSERT INTO bot_runs (started_at, last_seen_at) VALUES (?, ?) RETURNING id AS "id!""#,
        now,
        now
    )
    .fetch_one(db)
    .await
    .context("recording that prepbot started")?;
    Ok(id)
}

/// Notes that run `id` is still alive at `now`.
#[tracing::instrument(skip_all)]
pub async fn seen(db: impl SqliteExecutor<'_>, id: i64, now: &str) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE bot_runs SET last_seen_at = max(last_seen_at, ?) WHERE id = ?",
        now,
        id
    )
    .execute(db)
    .await
    .context("recording that prepbot is still running")?;
    Ok(())
}

/// The runs that overlap `from`..`to`, and the one before it (its end is
/// where downtime in the window begins), oldest first.
#[tracing::instrument(skip_all)]
pub async fn around(
    db: impl SqliteExecutor<'_>,
    from: &str,
    to: &str,
) -> anyhow::Result<Vec<RunRow>> {
    sqlx::query_as!(
        RunRow,
        r#"SELECT started_at, last_seen_at FROM bot_runs
           WHERE started_at <= ?2
             AND (last_seen_at >= ?1
                  OR id = (SELECT id FROM bot_runs WHERE last_seen_at < ?1
                           ORDER BY last_seen_at DESC LIMIT 1))
           ORDER BY started_at"#,
        from,
        to
    )
    .fetch_all(db)
    .await
    .context("reading when prepbot was running")
}
