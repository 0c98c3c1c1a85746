//! A workspace's rows for `prepbot export --workspace`: its members with
//! their streak figures, their attempts, its daily-question channels and
//! the daily posts. One reader per table, rows as stored.

use anyhow::Context as _;
use serde::Serialize;
use sqlx::SqliteExecutor;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MemberRow {
    pub id: i64,
    pub external_id: String,
    pub display_name: String,
    pub timezone: Option<String>,
    pub leaderboard_opt_out: bool,
    pub streak_length: i64,
    pub streak_best: i64,
    pub streak_freezes: i64,
    pub last_practice_day: Option<String>,
    pub days_practised: i64,
    pub created_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AttemptRow {
    pub id: i64,
    pub member_id: i64,
    pub question_id: String,
    pub context: String,
    pub grade: String,
    pub choice: Option<i64>,
    pub correct: Option<bool>,
    pub points: i64,
    pub answered_at: String,
    pub local_day: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SubscriptionRow {
    pub id: i64,
    pub channel_id: String,
    pub schedule: String,
    pub timezone: String,
    pub topics: Option<String>,
    pub reveal_after_minutes: Option<i64>,
    pub enabled: bool,
    pub paused_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DailyPostRow {
    pub id: i64,
    pub subscription_id: i64,
    pub local_date: String,
    pub question_id: Option<String>,
    pub status: String,
    pub skip_reason: Option<String>,
    pub scheduled_at: String,
    pub sent_at: Option<String>,
    pub revealed_at: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn members(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
) -> anyhow::Result<Vec<MemberRow>> {
    sqlx::query_as!(
        MemberRow,
        r#"SELECT id AS "id!", external_id, display_name, timezone,
                  leaderboard_opt_out AS "leaderboard_opt_out: bool", streak_length, streak_best,
                  streak_freezes, last_practice_day, days_practised, created_at
           FROM members WHERE workspace_id = ? ORDER BY id"#,
        workspace_id
    )
    .fetch_all(db)
    .await
    .context("reading the workspace's members")
}

#[tracing::instrument(skip_all)]
pub async fn attempts(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
) -> anyhow::Result<Vec<AttemptRow>> {
    sqlx::query_as!(
        AttemptRow,
        r#"SELECT a.id AS "id!", a.member_id, a.question_id, a.context, a.grade, a.choice,
                  a.correct AS "correct: bool", a.points, a.answered_at, a.local_day
           FROM attempts a JOIN members m ON m.id = a.member_id
           WHERE m.workspace_id = ? ORDER BY a.id"#,
        workspace_id
    )
    .fetch_all(db)
    .await
    .context("reading the workspace's attempts")
}

#[tracing::instrument(skip_all)]
pub async fn subscriptions(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
) -> anyhow::Result<Vec<SubscriptionRow>> {
    sqlx::query_as!(
        SubscriptionRow,
        r#"SELECT id AS "id!", channel_id, schedule, timezone, topics, reveal_after_minutes,
                  enabled AS "enabled: bool", paused_reason, created_at, updated_at
           FROM subscriptions WHERE workspace_id = ? ORDER BY id"#,
        workspace_id
    )
    .fetch_all(db)
    .await
    .context("reading the workspace's daily channels")
}

#[tracing::instrument(skip_all)]
pub async fn daily_posts(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
) -> anyhow::Result<Vec<DailyPostRow>> {
    sqlx::query_as!(
        DailyPostRow,
        r#"SELECT p.id AS "id!", p.subscription_id, p.local_date, c.question_id AS "question_id?",
                  p.status, p.skip_reason, p.scheduled_at, p.sent_at, p.revealed_at
           FROM daily_posts p
           JOIN subscriptions s ON s.id = p.subscription_id
           LEFT JOIN cards c ON c.id = p.card_id
           WHERE s.workspace_id = ? ORDER BY p.id"#,
        workspace_id
    )
    .fetch_all(db)
    .await
    .context("reading the workspace's daily posts")
}
