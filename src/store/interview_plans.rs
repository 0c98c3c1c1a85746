//! The `interview_plans` and `cram_cards` tables: a member's interview date
//! with its topics, and which review cards were drawn to cram ahead of
//! schedule.

use anyhow::Context as _;
use sqlx::SqliteExecutor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    pub interview_date: String,
    /// Topic ids separated by commas; `None` for every topic.
    pub topics: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn get(db: impl SqliteExecutor<'_>, member_id: i64) -> anyhow::Result<Option<PlanRow>> {
    sqlx::query_as!(
        PlanRow,
        "SELECT interview_date, topics FROM interview_plans WHERE member_id = ?",
        member_id
    )
    .fetch_optional(db)
    .await
    .context("reading the interview date")
}

/// Sets (or replaces) the member's interview date and topics.
#[tracing::instrument(skip_all)]
pub async fn set(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
    plan: &PlanRow,
    now: &str,
) -> anyhow::Result<()> {
    sqlx::query!(
        "INSERT INTO interview_plans (member_id, interview_date, topics, set_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (member_id) DO UPDATE SET
             interview_date = excluded.interview_date, topics = excluded.topics, set_at = excluded.set_at",
        member_id,
        plan.interview_date,
        plan.topics,
        now
    )
    .execute(db)
    .await
    .context("saving the interview date")?;
    Ok(())
}

/// Forgets the member's interview date; true when there was one.
#[tracing::instrument(skip_all)]
pub async fn clear(db: impl SqliteExecutor<'_>, member_id: i64) -> anyhow::Result<bool> {
    let done = sqlx::query!("DELETE FROM interview_plans WHERE member_id = ?", member_id)
        .execute(db)
        .await
        .context("clearing the interview date")?;
    Ok(done.rows_affected() > 0)
}

/// Marks a freshly issued card as drawn by `/review cram`.
#[tracing::instrument(skip_all)]
pub async fn mark_crammed(db: impl SqliteExecutor<'_>, card_id: i64) -> anyhow::Result<()> {
    sqlx::query!("INSERT INTO cram_cards (card_id) VALUES (?)", card_id)
        .execute(db)
        .await
        .context("marking the cram card")?;
    Ok(())
}

/// The questions the member has graded on their day `local_day`, in any
/// context: a cram session does not serve them again that day.
#[tracing::instrument(skip_all)]
pub async fn graded_on(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
    local_day: &str,
) -> anyhow::Result<Vec<String>> {
    sqlx::query_scalar!(
        "SELECT DISTINCT question_id FROM attempts WHERE member_id = ? AND local_day = ?",
        member_id,
        local_day
    )
    .fetch_all(db)
    .await
    .context("reading today's graded questions")
}
