//! The `review_cards` table: each member's spaced-repetition state per
//! question.

use super::db::{Db, on_dialect};
use anyhow::Context as _;

#[derive(Debug, Clone, PartialEq)]
pub struct ReviewCardRow {
    pub member_id: i64,
    pub question_id: String,
    pub due: String,
    pub stability: f64,
    pub difficulty: f64,
    pub elapsed_days: i64,
    pub scheduled_days: i64,
    pub reps: i64,
    pub lapses: i64,
    pub state: i64,
    pub last_review: String,
    pub introduced_on: String,
}

#[tracing::instrument(skip_all)]
pub async fn get(
    db: impl Into<Db<'_>>,
    member_id: i64,
    question_id: &str,
) -> anyhow::Result<Option<ReviewCardRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            ReviewCardRow,
            "SELECT member_id, question_id, due, stability, difficulty, elapsed_days, scheduled_days, reps, lapses,
                    state, last_review, introduced_on
             FROM review_cards WHERE member_id = ? AND question_id = ?",
            member_id,
            question_id
        )
        .fetch_optional(conn)
        .await,
        postgres: sqlx::query_as!(
            ReviewCardRow,
            "SELECT member_id, question_id, due, stability, difficulty, elapsed_days, scheduled_days, reps, lapses,
                    state, last_review, introduced_on
             FROM review_cards WHERE member_id = $1 AND question_id = $2",
            member_id,
            question_id
        )
        .fetch_optional(conn)
        .await,
    )
    .context("reading the review card")
}

/// All of the member's cards, for stats and for choosing new questions.
#[tracing::instrument(skip_all)]
pub async fn all(db: impl Into<Db<'_>>, member_id: i64) -> anyhow::Result<Vec<ReviewCardRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            ReviewCardRow,
            "SELECT member_id, question_id, due, stability, difficulty, elapsed_days, scheduled_days, reps, lapses,
                    state, last_review, introduced_on
             FROM review_cards WHERE member_id = ? ORDER BY due",
            member_id
        )
        .fetch_all(conn)
        .await,
        postgres: sqlx::query_as!(
            ReviewCardRow,
            "SELECT member_id, question_id, due, stability, difficulty, elapsed_days, scheduled_days, reps, lapses,
                    state, last_review, introduced_on
             FROM review_cards WHERE member_id = $1 ORDER BY due",
            member_id
        )
        .fetch_all(conn)
        .await,
    )
    .context("reading the member's review cards")
}
