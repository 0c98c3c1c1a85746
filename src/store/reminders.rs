//! The `reminder_settings` and `reminders` tables: who asked for a daily
//! due-review reminder and at what local time, and each reminder claimed
//! under (member, local date) before it is sent, then marked sent.

use anyhow::Context as _;
use sqlx::SqliteExecutor;

/// A member's reminder choice as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingRow {
    pub at: Option<String>,
    pub blocked_at: Option<String>,
    pub blocked_reason: Option<String>,
    pub updated_at: String,
}

/// A member who wants reminders, with what the engine needs to decide
/// about them: their member row's columns, where they are, and their choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemindedRow {
    pub id: i64,
    pub workspace_id: i64,
    pub external_id: String,
    pub display_name: String,
    pub timezone: Option<String>,
    pub next_timezone: Option<String>,
    pub next_timezone_from: Option<String>,
    pub leaderboard_opt_out: i64,
    pub streak_length: i64,
    pub streak_best: i64,
    pub streak_freezes: i64,
    pub last_practice_day: Option<String>,
    pub days_practised: i64,
    pub platform: String,
    pub workspace_external_id: String,
    pub workspace_name: String,
    pub workspace_timezone: Option<String>,
    pub at: Option<String>,
    pub updated_at: String,
    pub blocked_at: Option<String>,
}

/// A claimed (or settled) reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderRow {
    pub id: i64,
    pub member_id: i64,
    pub local_date: String,
    pub scheduled_at: String,
    pub due_reviews: i64,
    pub send_attempts: i64,
}

pub struct NewReminder<'a> {
    pub member_id: i64,
    pub local_date: &'a str,
    pub scheduled_at: &'a str,
    pub status: &'a str,
    pub due_reviews: i64,
    pub now: &'a str,
}

/// Sets (or, with `None`, clears) the member's reminder time. Choosing a
/// time also lifts a pause left by a refused direct message: the member
/// says they can be reached again.
#[tracing::instrument(skip_all)]
pub async fn set(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
    at: Option<&str>,
    now: &str,
) -> anyhow::Result<()> {
    sqlx::query!(
        "INSERT INTO reminder_settings (member_id, at, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (member_id) DO UPDATE SET at = excluded.at, blocked_at = NULL,
                                               blocked_reason = NULL, updated_at = excluded.updated_at",
        member_id,
        at,
        now
    )
    .execute(db)
    .await
    .context("saving the reminder time")?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn setting(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
) -> anyhow::Result<Option<SettingRow>> {
    sqlx::query_as!(
        SettingRow,
        "SELECT at, blocked_at, blocked_reason, updated_at FROM reminder_settings WHERE member_id = ?",
        member_id
    )
    .fetch_optional(db)
    .await
    .context("reading the reminder time")
}

/// Every member with a reminder time who is not paused by a refused DM.
#[tracing::instrument(skip_all)]
pub async fn opted_in(db: impl SqliteExecutor<'_>) -> anyhow::Result<Vec<RemindedRow>> {
    sqlx::query_as!(
        RemindedRow,
        r#"SELECT m.id AS "id!", m.workspace_id, m.external_id, m.display_name, m.timezone, m.next_timezone,
                  m.next_timezone_from, m.leaderboard_opt_out, m.streak_length, m.streak_best,
                  m.streak_freezes, m.last_practice_day, m.days_practised,
                  w.platform, w.external_id AS workspace_external_id, w.name AS workspace_name,
                  w.timezone AS workspace_timezone, r.at, r.updated_at, r.blocked_at
           FROM reminder_settings r
           JOIN members m ON m.id = r.member_id
           JOIN workspaces w ON w.id = m.workspace_id
           WHERE r.at IS NOT NULL AND r.blocked_at IS NULL
           ORDER BY m.id"#
    )
    .fetch_all(db)
    .await
    .context("reading who wants reminders")
}

/// Claims the date for the member; `None` when it was claimed (or settled)
/// before, which is what keeps a date from reminding twice.
#[tracing::instrument(skip_all)]
pub async fn claim(
    db: impl SqliteExecutor<'_>,
    reminder: &NewReminder<'_>,
) -> anyhow::Result<Option<i64>> {
    let row = sqlx::query!(
        r#"INSERT INTO reminders (member_id, local_date, scheduled_at, status, due_reviews, claimed_at, next_try_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
           ON CONFLICT (member_id, local_date) DO NOTHING
           RETURNING id AS "id!""#,
        reminder.member_id,
        reminder.local_date,
        reminder.scheduled_at,
        reminder.status,
        reminder.due_reviews,
        reminder.now
    )
    .fetch_optional(db)
    .await
    .context("claiming the reminder")?;
    Ok(row.map(|row| row.id))
}

/// Whether the member already has a reminder (sent or not) for the date.
#[tracing::instrument(skip_all)]
pub async fn exists(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
    local_date: &str,
) -> anyhow::Result<bool> {
    let row = sqlx::query!(
        r#"SELECT EXISTS (SELECT 1 FROM reminders WHERE member_id = ? AND local_date = ?) AS "found!: bool""#,
        member_id,
        local_date
    )
    .fetch_one(db)
    .await
    .context("looking for the day's reminder")?;
    Ok(row.found)
}

/// Claimed reminders not yet sent whose next try is due by `now`.
#[tracing::instrument(skip_all)]
pub async fn unsent(db: impl SqliteExecutor<'_>, now: &str) -> anyhow::Result<Vec<ReminderRow>> {
    sqlx::query_as!(
        ReminderRow,
        r#"SELECT id AS "id!", member_id, local_date, scheduled_at, due_reviews, send_attempts
           FROM reminders WHERE status = 'claimed' AND next_try_at <= ? ORDER BY scheduled_at, id"#,
        now
    )
    .fetch_all(db)
    .await
    .context("reading unsent reminders")
}

/// The member, with their choice, that a claimed reminder is for.
#[tracing::instrument(skip_all)]
pub async fn reminded(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
) -> anyhow::Result<Option<RemindedRow>> {
    sqlx::query_as!(
        RemindedRow,
        r#"SELECT m.id AS "id!", m.workspace_id, m.external_id, m.display_name, m.timezone, m.next_timezone,
                  m.next_timezone_from, m.leaderboard_opt_out, m.streak_length, m.streak_best,
                  m.streak_freezes, m.last_practice_day, m.days_practised,
                  w.platform, w.external_id AS workspace_external_id, w.name AS workspace_name,
                  w.timezone AS workspace_timezone, r.at, r.updated_at, r.blocked_at
           FROM reminder_settings r
           JOIN members m ON m.id = r.member_id
           JOIN workspaces w ON w.id = m.workspace_id
           WHERE m.id = ?"#,
        member_id
    )
    .fetch_optional(db)
    .await
    .context("reading a reminded member")
}

/// Every member with this platform user id, in every workspace, with
/// their reminder choice if they made one: a click in a direct message
/// names no server, so its member is found from this.
#[tracing::instrument(skip_all)]
pub async fn memberships(
    db: impl SqliteExecutor<'_>,
    platform: &str,
    external_id: &str,
) -> anyhow::Result<Vec<RemindedRow>> {
    sqlx::query_as!(
        RemindedRow,
        r#"SELECT m.id AS "id!", m.workspace_id, m.external_id, m.display_name, m.timezone, m.next_timezone,
                  m.next_timezone_from, m.leaderboard_opt_out, m.streak_length, m.streak_best,
                  m.streak_freezes, m.last_practice_day, m.days_practised,
                  w.platform, w.external_id AS workspace_external_id, w.name AS workspace_name,
                  w.timezone AS workspace_timezone, r.at, COALESCE(r.updated_at, '') AS "updated_at!: String",
                  r.blocked_at
           FROM members m
           JOIN workspaces w ON w.id = m.workspace_id
           LEFT JOIN reminder_settings r ON r.member_id = m.id
           WHERE w.platform = ? AND m.external_id = ?
           ORDER BY m.id"#,
        platform,
        external_id
    )
    .fetch_all(db)
    .await
    .context("finding the member's workspaces")
}

/// Settles a reminder with `status` ('sent', 'skipped', 'dropped').
#[tracing::instrument(skip_all)]
pub async fn settle(
    db: impl SqliteExecutor<'_>,
    reminder_id: i64,
    status: &str,
    now: &str,
) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE reminders SET status = ?1, next_try_at = NULL,
                sent_at = CASE WHEN ?1 = 'sent' THEN ?2 ELSE sent_at END,
                send_attempts = send_attempts + (CASE WHEN ?1 = 'sent' THEN 1 ELSE 0 END)
         WHERE id = ?3",
        status,
        now,
        reminder_id
    )
    .execute(db)
    .await
    .context("settling the reminder")?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn record_failure(
    db: impl SqliteExecutor<'_>,
    reminder_id: i64,
    error: &str,
    next_try_at: &str,
) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE reminders SET send_attempts = send_attempts + 1, last_error = ?, next_try_at = ? WHERE id = ?",
        error,
        next_try_at,
        reminder_id
    )
    .execute(db)
    .await
    .context("recording the failed reminder")?;
    Ok(())
}

/// The platform will not deliver the member's DMs: the reminder is marked
/// blocked and the member's reminders paused with the reason.
#[tracing::instrument(skip_all)]
pub async fn block(
    db: &mut sqlx::SqliteConnection,
    reminder_id: i64,
    member_id: i64,
    reason: &str,
    now: &str,
) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE reminders SET status = 'blocked', next_try_at = NULL, last_error = ?,
                send_attempts = send_attempts + 1 WHERE id = ?",
        reason,
        reminder_id
    )
    .execute(&mut *db)
    .await
    .context("marking the reminder blocked")?;
    sqlx::query!(
        "UPDATE reminder_settings SET blocked_at = ?, blocked_reason = ? WHERE member_id = ?",
        now,
        reason,
        member_id
    )
    .execute(&mut *db)
    .await
    .context("pausing the member's reminders")?;
    Ok(())
}

/// When the earliest unsent reminder should be tried again.
#[tracing::instrument(skip_all)]
pub async fn next_try(db: impl SqliteExecutor<'_>) -> anyhow::Result<Option<String>> {
    let row = sqlx::query!(
        r#"SELECT MIN(next_try_at) AS "at: String" FROM reminders WHERE status = 'claimed'"#
    )
    .fetch_one(db)
    .await
    .context("reading the next reminder retry")?;
    Ok(row.at)
}
