//! The `daily_pauses` table: when an admin paused a channel's daily
//! question and when it resumes (or resumed). A firing inside a pause is
//! skipped; the periods stay on record for questions like "was the daily
//! question paused on 3 December?".

use anyhow::Context as _;
use sqlx::SqliteExecutor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PauseRow {
    pub id: i64,
    pub subscription_id: i64,
    pub paused_at: String,
    pub until_date: Option<String>,
    /// When posts start again; `None` while paused until resumed.
    pub resumed_at: Option<String>,
    /// Who paused it; `None` once their data was deleted.
    pub paused_by: Option<String>,
    pub reason: Option<String>,
}

pub struct NewPause<'a> {
    pub subscription_id: i64,
    pub paused_at: &'a str,
    pub until_date: Option<&'a str>,
    pub resumed_at: Option<&'a str>,
    pub paused_by: i64,
    pub reason: Option<&'a str>,
}

#[tracing::instrument(skip_all)]
pub async fn insert(db: impl SqliteExecutor<'_>, new: &NewPause<'_>) -> anyhow::Result<i64> {
    let row = sqlx::query!(
        r#"INSERT INTO daily_pauses (subscription_id, paused_at, until_date, resumed_at, paused_by, reason)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        new.subscription_id,
        new.paused_at,
        new.until_date,
        new.resumed_at,
        new.paused_by,
        new.reason
    )
    .fetch_one(db)
    .await
    .context("recording the pause")?;
    Ok(row.id)
}

/// Every pause of the subscription, oldest first.
#[tracing::instrument(skip_all)]
pub async fn of_subscription(
    db: impl SqliteExecutor<'_>,
    subscription_id: i64,
) -> anyhow::Result<Vec<PauseRow>> {
    sqlx::query_as!(
        PauseRow,
        r#"SELECT p.id AS "id!", p.subscription_id, p.paused_at, p.until_date, p.resumed_at,
                  m.display_name AS "paused_by?", p.reason
           FROM daily_pauses p LEFT JOIN members m ON m.id = p.paused_by
           WHERE p.subscription_id = ? ORDER BY p.paused_at, p.id"#,
        subscription_id
    )
    .fetch_all(db)
    .await
    .context("reading the daily question's pauses")
}

/// The pauses of the workspace's daily questions that overlap `from` to
/// `to`, oldest first.
#[tracing::instrument(skip_all)]
pub async fn in_workspace_between(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
    from: &str,
    to: &str,
) -> anyhow::Result<Vec<PauseRow>> {
    sqlx::query_as!(
        PauseRow,
        r#"SELECT p.id AS "id!", p.subscription_id, p.paused_at, p.until_date, p.resumed_at,
                  m.display_name AS "paused_by?", p.reason
           FROM daily_pauses p
           JOIN subscriptions s ON s.id = p.subscription_id
           LEFT JOIN members m ON m.id = p.paused_by
           WHERE s.workspace_id = ? AND p.paused_at < ? AND (p.resumed_at IS NULL OR p.resumed_at > ?)
           ORDER BY p.paused_at, p.id"#,
        workspace_id,
        to,
        from
    )
    .fetch_all(db)
    .await
    .context("reading the workspace's pauses")
}

/// Sets when a pause ends: now for a resume, or a new end date.
#[tracing::instrument(skip_all)]
pub async fn set_end(
    db: impl SqliteExecutor<'_>,
    pause_id: i64,
    until_date: Option<&str>,
    resumed_at: Option<&str>,
) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE daily_pauses SET until_date = ?, resumed_at = ? WHERE id = ?",
        until_date,
        resumed_at,
        pause_id
    )
    .execute(db)
    .await
    .context("changing the end of the pause")?;
    Ok(())
}
