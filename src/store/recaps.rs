//! The `weekly_recaps` table, each channel's recap switch, and the week's
//! figures a recap shows. Members hidden from leaderboards are left out of
//! every figure here.

use anyhow::Context as _;
use sqlx::SqliteExecutor;

/// A claimed recap still to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecapRow {
    pub id: i64,
    pub subscription_id: i64,
    pub iso_week: String,
    pub week_monday: String,
    pub send_attempts: i64,
}

/// Claims the week for the subscription; `None` when it was claimed before,
/// which is what keeps a week from being recapped twice.
#[tracing::instrument(skip_all)]
pub async fn claim(
    db: impl SqliteExecutor<'_>,
    subscription_id: i64,
    iso_week: &str,
    week_monday: &str,
    now: &str,
) -> anyhow::Result<Option<i64>> {
    let row = sqlx::query!(
        r#"INSERT INTO weekly_recaps (subscription_id, iso_week, week_monday, claimed_at)
           VALUES (?, ?, ?, ?)
           ON CONFLICT (subscription_id, iso_week) DO NOTHING
           RETURNING id AS "id!""#,
        subscription_id,
        iso_week,
        week_monday,
        now
    )
    .fetch_optional(db)
    .await
    .context("claiming the weekly recap")?;
    Ok(row.map(|row| row.id))
}

/// The (subscription, ISO week) pairs claimed for weeks starting on or
/// after `since_monday`, so a round can skip them without a write each.
#[tracing::instrument(skip_all)]
pub async fn claimed_since(
    db: impl SqliteExecutor<'_>,
    since_monday: &str,
) -> anyhow::Result<Vec<(i64, String)>> {
    let rows = sqlx::query!(
        "SELECT subscription_id, iso_week FROM weekly_recaps WHERE week_monday >= ?",
        since_monday
    )
    .fetch_all(db)
    .await
    .context("reading the weekly recaps claimed lately")?;
    Ok(rows
        .into_iter()
        .map(|row| (row.subscription_id, row.iso_week))
        .collect())
}

/// Claimed recaps not yet sent that have been tried fewer than `max_tries`
/// times.
#[tracing::instrument(skip_all)]
pub async fn unsent(db: impl SqliteExecutor<'_>, max_tries: i64) -> anyhow::Result<Vec<RecapRow>> {
    sqlx::query_as!(
        RecapRow,
        r#"SELECT id AS "id!", subscription_id, iso_week, week_monday, send_attempts
           FROM weekly_recaps WHERE sent_at IS NULL AND send_attempts < ? ORDER BY id"#,
        max_tries
    )
    .fetch_all(db)
    .await
    .context("reading unsent weekly recaps")
}

#[tracing::instrument(skip_all)]
pub async fn mark_sent(
    db: impl SqliteExecutor<'_>,
    recap_id: i64,
    now: &str,
) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE weekly_recaps SET sent_at = ?, send_attempts = send_attempts + 1, last_error = NULL WHERE id = ?",
        now,
        recap_id
    )
    .execute(db)
    .await
    .context("marking the weekly recap sent")?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn record_failure(
    db: impl SqliteExecutor<'_>,
    recap_id: i64,
    error: &str,
) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE weekly_recaps SET send_attempts = send_attempts + 1, last_error = ? WHERE id = ?",
        error,
        recap_id
    )
    .execute(db)
    .await
    .context("recording a failed weekly recap")?;
    Ok(())
}

/// Subscriptions whose admins turned the weekly recap off.
#[tracing::instrument(skip_all)]
pub async fn switched_off(db: impl SqliteExecutor<'_>) -> anyhow::Result<Vec<i64>> {
    let rows = sqlx::query!(r#"SELECT id AS "id!" FROM subscriptions WHERE weekly_recap = 0"#)
        .fetch_all(db)
        .await
        .context("reading which channels want no weekly recap")?;
    Ok(rows.into_iter().map(|row| row.id).collect())
}

/// Turns a channel's weekly recap on or off; `false` if the workspace has
/// no daily question in that channel.
#[tracing::instrument(skip_all)]
pub async fn switch(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
    channel_id: &str,
    on: bool,
) -> anyhow::Result<bool> {
    let done = sqlx::query!(
        "UPDATE subscriptions SET weekly_recap = ? WHERE workspace_id = ? AND channel_id = ?",
        on,
        workspace_id,
        channel_id
    )
    .execute(db)
    .await
    .context("saving the weekly recap switch")?;
    Ok(done.rows_affected() > 0)
}

/// Members who graded at least one card, and cards graded, on days from
/// `first` to `last` (each member's own days).
#[tracing::instrument(skip_all)]
pub async fn activity(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
    first: &str,
    last: &str,
) -> anyhow::Result<(i64, i64)> {
    let row = sqlx::query!(
        r#"SELECT COUNT(DISTINCT a.member_id) AS "members!: i64", COUNT(*) AS "cards!: i64"
           FROM attempts a JOIN members m ON m.id = a.member_id
           WHERE m.workspace_id = ? AND m.leaderboard_opt_out = 0
             AND a.local_day >= ? AND a.local_day <= ?"#,
        workspace_id,
        first,
        last
    )
    .fetch_one(db)
    .await
    .context("counting the week's practice")?;
    Ok((row.members, row.cards))
}

/// The question graded "again" (or answered wrong) most often in the
/// week, with how often; ties go to the lower id.
#[tracing::instrument(skip_all)]
pub async fn most_missed(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
    first: &str,
    last: &str,
) -> anyhow::Result<Option<(String, i64)>> {
    let row = sqlx::query!(
        r#"SELECT a.question_id, COUNT(*) AS "missed!: i64"
           FROM attempts a JOIN members m ON m.id = a.member_id
           WHERE m.workspace_id = ? AND m.leaderboard_opt_out = 0
             AND a.local_day >= ? AND a.local_day <= ?
             AND (a.grade = 'again' OR a.correct = 0)
           GROUP BY a.question_id
           ORDER BY 2 DESC, a.question_id
           LIMIT 1"#,
        workspace_id,
        first,
        last
    )
    .fetch_optional(db)
    .await
    .context("finding the week's most missed question")?;
    Ok(row.map(|row| (row.question_id, row.missed)))
}

/// A workspace's name and its own zone, by row id.
#[tracing::instrument(skip_all)]
pub async fn workspace(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
) -> anyhow::Result<(String, Option<String>)> {
    let row = sqlx::query!(
        "SELECT name, timezone FROM workspaces WHERE id = ?",
        workspace_id
    )
    .fetch_one(db)
    .await
    .context("reading the workspace")?;
    Ok((row.name, row.timezone))
}
