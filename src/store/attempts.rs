//! The `attempts` table: every graded attempt, the record streaks, points and
//! stats are derived from.

use super::db::{Db, on_dialect};
use anyhow::Context as _;

pub struct NewAttempt<'a> {
    pub card_id: i64,
    pub member_id: i64,
    pub question_id: &'a str,
    pub context: &'a str,
    pub grade: &'a str,
    pub choice: Option<i64>,
    pub correct: Option<bool>,
    pub answered_at: &'a str,
    pub local_day: &'a str,
    /// Points the attempt earns if it is the first to earn in its context.
    pub points: i64,
    /// Whether an earlier earning attempt cancels the points, and if so
    /// whether only one on the same day does (`Some(day)`) or any (`None`).
    pub once: Option<Option<&'a str>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRow {
    pub id: i64,
    pub grade: String,
    pub choice: Option<i64>,
    pub correct: Option<i64>,
    pub points: i64,
    pub answered_at: String,
}

/// What a recorded attempt earned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub id: i64,
    pub points: i64,
}

/// Records the attempt unless this member already graded this card, and
/// returns it, or `None` for a repeat. The points are settled in the same
/// statement: none if an earlier attempt at the question in this context
/// already earned them.
#[tracing::instrument(skip_all)]
pub async fn insert_first(
    db: impl Into<Db<'_>>,
    attempt: &NewAttempt<'_>,
) -> anyhow::Result<Option<Recorded>> {
    let check_earlier = attempt.once.is_some();
    let only_on_day = attempt.once.flatten();
    let correct = attempt.correct.map(i64::from);
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            Recorded,
            r#"INSERT INTO attempts (card_id, member_id, question_id, context, grade, choice, correct, points,
                                     answered_at, local_day)
               SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7,
                      CASE WHEN ?8 AND EXISTS (
                               SELECT 1 FROM attempts
                               WHERE member_id = ?2 AND question_id = ?3 AND context = ?4 AND points > 0
                                 AND (?9 IS NULL OR local_day = ?9))
                           THEN 0 ELSE ?10 END,
                      ?11, ?12
               WHERE TRUE
               ON CONFLICT (card_id, member_id) DO NOTHING
               RETURNING id AS "id!", points"#,
            attempt.card_id,
            attempt.member_id,
            attempt.question_id,
            attempt.context,
            attempt.grade,
            attempt.choice,
            correct,
            check_earlier,
            only_on_day,
            attempt.points,
            attempt.answered_at,
            attempt.local_day
        )
        .fetch_optional(conn)
        .await,
        postgres: sqlx::query_as!(
            Recorded,
            "INSERT INTO attempts (card_id, member_id, question_id, context, grade, choice, correct, points,
                                   answered_at, local_day)
             SELECT $1, $2, $3, $4, $5, $6, $7,
                    CASE WHEN $8::boolean AND EXISTS (
                             SELECT 1 FROM attempts
                             WHERE member_id = $2 AND question_id = $3 AND context = $4 AND points > 0
                               AND ($9::text IS NULL OR local_day = $9::text))
                         THEN 0 ELSE $10::bigint END,
                    $11, $12
             ON CONFLICT (card_id, member_id) DO NOTHING
             RETURNING id, points",
            attempt.card_id,
            attempt.member_id,
            attempt.question_id,
            attempt.context,
            attempt.grade,
            attempt.choice,
            correct,
            check_earlier,
            only_on_day,
            attempt.points,
            attempt.answered_at,
            attempt.local_day
        )
        .fetch_optional(conn)
        .await,
    )
    .context("recording the attempt")
}

#[tracing::instrument(skip_all)]
pub async fn find(
    db: impl Into<Db<'_>>,
    card_id: i64,
    member_id: i64,
) -> anyhow::Result<Option<AttemptRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            AttemptRow,
            r#"SELECT id AS "id!", grade, choice, correct, points, answered_at FROM attempts WHERE card_id = ? AND member_id = ?"#,
            card_id,
            member_id
        )
        .fetch_optional(conn)
        .await,
        postgres: sqlx::query_as!(
            AttemptRow,
            "SELECT id, grade, choice, correct, points, answered_at FROM attempts WHERE card_id = $1 AND member_id = $2",
            card_id,
            member_id
        )
        .fetch_optional(conn)
        .await,
    )
    .context("reading the earlier attempt")
}

/// When the member last practised each question they have practised.
#[tracing::instrument(skip_all)]
pub async fn last_practised(
    db: impl Into<Db<'_>>,
    member_id: i64,
) -> anyhow::Result<Vec<(String, String)>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            r#"SELECT question_id, MAX(answered_at) AS "last!: String" FROM attempts WHERE member_id = ? GROUP BY question_id"#,
            member_id
        )
        .fetch_all(conn)
        .await
        .map(|rows| rows.into_iter().map(|row| (row.question_id, row.last)).collect()),
        postgres: sqlx::query!(
            r#"SELECT question_id, MAX(answered_at) AS "last!: String" FROM attempts WHERE member_id = $1 GROUP BY question_id"#,
            member_id
        )
        .fetch_all(conn)
        .await
        .map(|rows| rows.into_iter().map(|row| (row.question_id, row.last)).collect()),
    )
    .context("reading what the member practised")
}

/// Per question: attempts and how many were recalled (not graded "again").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionTally {
    pub question_id: String,
    pub attempts: i64,
    pub recalled: i64,
}

#[tracing::instrument(skip_all)]
pub async fn tally_by_question(
    db: impl Into<Db<'_>>,
    member_id: i64,
) -> anyhow::Result<Vec<QuestionTally>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            QuestionTally,
            r#"SELECT question_id, COUNT(*) AS "attempts!: i64", SUM(grade <> 'again') AS "recalled!: i64"
               FROM attempts WHERE member_id = ? GROUP BY question_id"#,
            member_id
        )
        .fetch_all(conn)
        .await,
        postgres: sqlx::query_as!(
            QuestionTally,
            r#"SELECT question_id, COUNT(*) AS "attempts!: i64",
                      COUNT(*) FILTER (WHERE grade <> 'again') AS "recalled!: i64"
               FROM attempts WHERE member_id = $1 GROUP BY question_id"#,
            member_id
        )
        .fetch_all(conn)
        .await,
    )
    .context("counting the member's attempts")
}

/// The member's practice days from `since` on, oldest first.
#[tracing::instrument(skip_all)]
pub async fn days_since(
    db: impl Into<Db<'_>>,
    member_id: i64,
    since: &str,
) -> anyhow::Result<Vec<String>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_scalar!(
            "SELECT DISTINCT local_day FROM attempts WHERE member_id = ? AND local_day >= ? ORDER BY local_day",
            member_id,
            since
        )
        .fetch_all(conn)
        .await,
        postgres: sqlx::query_scalar!(
            "SELECT DISTINCT local_day FROM attempts WHERE member_id = $1 AND local_day >= $2 ORDER BY local_day",
            member_id,
            since
        )
        .fetch_all(conn)
        .await,
    )
    .context("reading recent practice days")
}

/// The member's practice days in the order their attempts were recorded,
/// for replaying the streak (see `StreakState::replay`).
#[tracing::instrument(skip_all)]
pub async fn practice_days(db: impl Into<Db<'_>>, member_id: i64) -> anyhow::Result<Vec<String>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_scalar!(
            "SELECT local_day FROM attempts WHERE member_id = ? ORDER BY id",
            member_id
        )
        .fetch_all(conn)
        .await,
        postgres: sqlx::query_scalar!(
            "SELECT local_day FROM attempts WHERE member_id = $1 ORDER BY id",
            member_id
        )
        .fetch_all(conn)
        .await,
    )
    .context("reading the member's practice days")
}

/// Cards graded on each of the member's days from `since` on, oldest first.
#[tracing::instrument(skip_all)]
pub async fn counts_by_day_since(
    db: impl Into<Db<'_>>,
    member_id: i64,
    since: &str,
) -> anyhow::Result<Vec<(String, i64)>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            r#"SELECT local_day, COUNT(*) AS "cards!: i64" FROM attempts
               WHERE member_id = ? AND local_day >= ? GROUP BY local_day ORDER BY local_day"#,
            member_id,
            since
        )
        .fetch_all(conn)
        .await
        .map(|rows| rows.into_iter().map(|row| (row.local_day, row.cards)).collect()),
        postgres: sqlx::query!(
            r#"SELECT local_day, COUNT(*) AS "cards!: i64" FROM attempts
               WHERE member_id = $1 AND local_day >= $2 GROUP BY local_day ORDER BY local_day"#,
            member_id,
            since
        )
        .fetch_all(conn)
        .await
        .map(|rows| rows.into_iter().map(|row| (row.local_day, row.cards)).collect()),
    )
    .context("counting cards graded by day")
}
