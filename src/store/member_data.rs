//! Everything stored about one member, read out for their export, and the
//! deletion of all of it. Reading is one query per table; deleting is one
//! statement per table inside the caller's transaction, each counted, so the
//! log can say how much went without saying what it was.
//!
//! Every table with a `member_id` is listed here; a new one belongs here too
//! (the `ON DELETE CASCADE` on `members` is the safety net, not the plan).

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use sqlx::{Sqlite, SqliteExecutor, Transaction};

/// The member row and where they are, as the export shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileRow {
    pub platform: String,
    pub workspace_external_id: String,
    pub workspace_name: String,
    pub external_id: String,
    pub display_name: String,
    pub joined_at: String,
    pub timezone: Option<String>,
    pub next_timezone: Option<String>,
    pub next_timezone_from: Option<String>,
    pub leaderboard_opt_out: bool,
    pub streak_length: i64,
    pub streak_best: i64,
    pub streak_freezes: i64,
    pub last_practice_day: Option<String>,
    pub days_practised: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRow {
    pub id: i64,
    pub question_id: String,
    pub context: String,
    pub grade: String,
    pub choice: Option<i64>,
    pub correct: Option<bool>,
    pub points: i64,
    pub answered_at: String,
    pub local_day: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewCardRow {
    pub question_id: String,
    pub due: String,
    pub stability: f64,
    pub difficulty: f64,
    pub reps: i64,
    pub lapses: i64,
    pub last_review: String,
    pub introduced_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsRow {
    pub period: String,
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcusedDayRow {
    pub day: String,
    pub restored_by_name: String,
    pub reason: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    pub question_id: String,
    pub reason: String,
    pub text: Option<String>,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub close_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionRow {
    pub question_id: String,
    pub topic_id: String,
    pub difficulty: String,
    pub question: String,
    pub answer: String,
    /// As stored: a JSON list of strings.
    pub key_points: String,
    pub status: String,
    pub created_at: String,
    pub decided_at: Option<String>,
    pub reject_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderSettingRow {
    pub at: Option<String>,
    pub blocked_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewRow {
    pub interview_date: String,
    pub topics: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn profile(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
) -> anyhow::Result<Option<ProfileRow>> {
    sqlx::query_as!(
        ProfileRow,
        r#"SELECT w.platform, w.external_id AS workspace_external_id, w.name AS workspace_name,
                  m.external_id, m.display_name, m.created_at AS joined_at, m.timezone,
                  m.next_timezone, m.next_timezone_from,
                  m.leaderboard_opt_out AS "leaderboard_opt_out: bool",
                  m.streak_length, m.streak_best, m.streak_freezes, m.last_practice_day,
                  m.days_practised
           FROM members m JOIN workspaces w ON w.id = m.workspace_id
           WHERE m.id = ?"#,
        member_id
    )
    .fetch_optional(db)
    .await
    .context("reading the member")
}

#[tracing::instrument(skip_all)]
pub async fn attempts(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
) -> anyhow::Result<Vec<AttemptRow>> {
    sqlx::query_as!(
        AttemptRow,
        r#"SELECT id AS "id!", question_id, context, grade, choice,
                  correct AS "correct: bool", points, answered_at, local_day
           FROM attempts WHERE member_id = ? ORDER BY answered_at, id"#,
        member_id
    )
    .fetch_all(db)
    .await
    .context("reading the member's attempts")
}

#[tracing::instrument(skip_all)]
pub async fn review_cards(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
) -> anyhow::Result<Vec<ReviewCardRow>> {
    sqlx::query_as!(
        ReviewCardRow,
        "SELECT question_id, due, stability, difficulty, reps, lapses, last_review, introduced_on
         FROM review_cards WHERE member_id = ? ORDER BY question_id",
        member_id
    )
    .fetch_all(db)
    .await
    .context("reading the member's review cards")
}

#[tracing::instrument(skip_all)]
pub async fn points(db: impl SqliteExecutor<'_>, member_id: i64) -> anyhow::Result<Vec<PointsRow>> {
    sqlx::query_as!(
        PointsRow,
        "SELECT period, points FROM period_points WHERE member_id = ? ORDER BY period",
        member_id
    )
    .fetch_all(db)
    .await
    .context("reading the member's points")
}

#[tracing::instrument(skip_all)]
pub async fn excused_days(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
) -> anyhow::Result<Vec<ExcusedDayRow>> {
    sqlx::query_as!(
        ExcusedDayRow,
        "SELECT day, restored_by_name, reason, created_at
         FROM streak_repairs WHERE member_id = ? ORDER BY day",
        member_id
    )
    .fetch_all(db)
    .await
    .context("reading the member's excused days")
}

#[tracing::instrument(skip_all)]
pub async fn reports(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
) -> anyhow::Result<Vec<ReportRow>> {
    sqlx::query_as!(
        ReportRow,
        "SELECT question_id, reason, text, created_at, closed_at, close_note
         FROM reports WHERE member_id = ? ORDER BY created_at, id",
        member_id
    )
    .fetch_all(db)
    .await
    .context("reading the member's reports")
}

#[tracing::instrument(skip_all)]
pub async fn suggestions(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
) -> anyhow::Result<Vec<SuggestionRow>> {
    sqlx::query_as!(
        SuggestionRow,
        "SELECT question_id, topic_id, difficulty, question, answer, key_points, status,
                created_at, decided_at, reject_note
         FROM workspace_questions WHERE suggested_by = ? ORDER BY number",
        member_id
    )
    .fetch_all(db)
    .await
    .context("reading the member's suggested questions")
}

#[tracing::instrument(skip_all)]
pub async fn reminder_setting(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
) -> anyhow::Result<Option<ReminderSettingRow>> {
    sqlx::query_as!(
        ReminderSettingRow,
        "SELECT at, blocked_at FROM reminder_settings WHERE member_id = ?",
        member_id
    )
    .fetch_optional(db)
    .await
    .context("reading the member's reminder time")
}

#[tracing::instrument(skip_all)]
pub async fn interview(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
) -> anyhow::Result<Option<InterviewRow>> {
    sqlx::query_as!(
        InterviewRow,
        "SELECT interview_date, topics FROM interview_plans WHERE member_id = ?",
        member_id
    )
    .fetch_optional(db)
    .await
    .context("reading the member's interview date")
}

/// How many rows of each kind a deletion removed (or, for what others
/// keep, let go of the member). Numbers only: this is what gets logged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deleted {
    pub attempts: u64,
    pub cards: u64,
    /// Cards they drew that someone else graded: kept for that person,
    /// no longer naming who drew them.
    pub cards_kept_for_others: u64,
    pub review_cards: u64,
    pub period_points: u64,
    pub reminders: u64,
    pub interview_plans: u64,
    pub excused_days: u64,
    pub reports: u64,
    /// Pending or rejected suggestions; approved ones stay in the bank.
    pub suggestions: u64,
    /// Approved questions they suggested, kept without their name.
    pub questions_kept: u64,
    /// Admin records (actions, pauses, restores for others, decisions)
    /// kept without naming them.
    pub admin_records_kept: u64,
    pub members: u64,
}

/// Removes every row of the member, inside `tx`. What others rely on
/// (their attempts on a card this member drew, approved questions, admin
/// actions) stays, with the member's id (and name) taken out.
#[tracing::instrument(skip_all)]
pub async fn delete(tx: &mut Transaction<'_, Sqlite>, member_id: i64) -> anyhow::Result<Deleted> {
    let mut deleted = Deleted::default();
    let failed = "deleting the member's data";
    deleted.attempts = sqlx::query!("DELETE FROM attempts WHERE member_id = ?", member_id)
        .execute(&mut **tx)
        .await
        .context(failed)?
        .rows_affected();
    // Another member's grade on a quiz card this member drew is theirs;
    // deleting the card would take it with it (ON DELETE CASCADE).
    deleted.cards_kept_for_others = sqlx::query!(
        "UPDATE cards SET member_id = NULL
         WHERE member_id = ? AND EXISTS (SELECT 1 FROM attempts a WHERE a.card_id = cards.id)",
        member_id
    )
    .execute(&mut **tx)
    .await
    .context(failed)?
    .rows_affected();
    deleted.cards = sqlx::query!("DELETE FROM cards WHERE member_id = ?", member_id)
        .execute(&mut **tx)
        .await
        .context(failed)?
        .rows_affected();
    deleted.review_cards = sqlx::query!("DELETE FROM review_cards WHERE member_id = ?", member_id)
        .execute(&mut **tx)
        .await
        .context(failed)?
        .rows_affected();
    deleted.period_points =
        sqlx::query!("DELETE FROM period_points WHERE member_id = ?", member_id)
            .execute(&mut **tx)
            .await
            .context(failed)?
            .rows_affected();
    deleted.reminders = sqlx::query!("DELETE FROM reminders WHERE member_id = ?", member_id)
        .execute(&mut **tx)
        .await
        .context(failed)?
        .rows_affected()
        + sqlx::query!(
            "DELETE FROM reminder_settings WHERE member_id = ?",
            member_id
        )
        .execute(&mut **tx)
        .await
        .context(failed)?
        .rows_affected();
    deleted.interview_plans =
        sqlx::query!("DELETE FROM interview_plans WHERE member_id = ?", member_id)
            .execute(&mut **tx)
            .await
            .context(failed)?
            .rows_affected();
    deleted.excused_days =
        sqlx::query!("DELETE FROM streak_repairs WHERE member_id = ?", member_id)
            .execute(&mut **tx)
            .await
            .context(failed)?
            .rows_affected();
    deleted.reports = sqlx::query!("DELETE FROM reports WHERE member_id = ?", member_id)
        .execute(&mut **tx)
        .await
        .context(failed)?
        .rows_affected();
    deleted.suggestions = sqlx::query!(
        "DELETE FROM workspace_questions WHERE suggested_by = ? AND status <> 'approved'",
        member_id
    )
    .execute(&mut **tx)
    .await
    .context(failed)?
    .rows_affected();
    deleted.questions_kept = sqlx::query!(
        "UPDATE workspace_questions SET suggested_by = NULL WHERE suggested_by = ?",
        member_id
    )
    .execute(&mut **tx)
    .await
    .context(failed)?
    .rows_affected();
    // An admin's acts stay on record for the workspace, without them. A
    // restore they made for someone else keeps its row; their name on it is
    // theirs, so it goes too.
    deleted.admin_records_kept = sqlx::query!(
        "UPDATE streak_repairs SET restored_by = NULL, restored_by_name = 'a former member'
         WHERE restored_by = ?",
        member_id
    )
    .execute(&mut **tx)
    .await
    .context(failed)?
    .rows_affected()
        + sqlx::query!(
            "UPDATE admin_actions SET member_id = NULL WHERE member_id = ?",
            member_id
        )
        .execute(&mut **tx)
        .await
        .context(failed)?
        .rows_affected()
        + sqlx::query!(
            "UPDATE daily_pauses SET paused_by = NULL WHERE paused_by = ?",
            member_id
        )
        .execute(&mut **tx)
        .await
        .context(failed)?
        .rows_affected()
        + sqlx::query!(
            "UPDATE reports SET closed_by = NULL WHERE closed_by = ?",
            member_id
        )
        .execute(&mut **tx)
        .await
        .context(failed)?
        .rows_affected()
        + sqlx::query!(
            "UPDATE workspace_questions SET decided_by = NULL WHERE decided_by = ?",
            member_id
        )
        .execute(&mut **tx)
        .await
        .context(failed)?
        .rows_affected();
    deleted.members = sqlx::query!("DELETE FROM members WHERE id = ?", member_id)
        .execute(&mut **tx)
        .await
        .context(failed)?
        .rows_affected();
    Ok(deleted)
}
