//! The `cards` table: questions as shown, which buttons and grades refer to.

use super::db::{Db, on_dialect};
use anyhow::Context as _;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardRow {
    pub id: i64,
    pub workspace_id: i64,
    pub member_id: Option<i64>,
    pub question_id: String,
    pub context: String,
    pub mode: String,
    pub choice_options: Option<String>,
    pub issued_at: String,
    /// The question as shown, as JSON; `None` on cards from before it was
    /// kept.
    pub shown: Option<String>,
}

pub struct NewCard<'a> {
    pub workspace_id: i64,
    pub member_id: Option<i64>,
    pub question_id: &'a str,
    pub context: &'a str,
    pub mode: &'a str,
    pub choice_options: Option<&'a str>,
    pub issued_at: &'a str,
    pub shown: Option<&'a str>,
}

#[tracing::instrument(skip_all)]
pub async fn insert(db: impl Into<Db<'_>>, card: &NewCard<'_>) -> anyhow::Result<i64> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_scalar!(
            r#"INSERT INTO cards (workspace_id, member_id, question_id, context, mode, choice_options, issued_at, shown)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               RETURNING id AS "id!""#,
            card.workspace_id,
            card.member_id,
            card.question_id,
            card.context,
            card.mode,
            card.choice_options,
            card.issued_at,
            card.shown
        )
        .fetch_one(conn)
        .await,
        postgres: sqlx::query_scalar!(
            r#"INSERT INTO cards (workspace_id, member_id, question_id, context, mode, choice_options, issued_at, shown)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               RETURNING id AS "id!""#,
            card.workspace_id,
            card.member_id,
            card.question_id,
            card.context,
            card.mode,
            card.choice_options,
            card.issued_at,
            card.shown
        )
        .fetch_one(conn)
        .await,
    )
    .context("saving the card")
}

#[tracing::instrument(skip_all)]
pub async fn get(db: impl Into<Db<'_>>, id: i64) -> anyhow::Result<Option<CardRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            CardRow,
            r#"SELECT id AS "id!", workspace_id, member_id, question_id, context, mode, choice_options, issued_at, shown
               FROM cards WHERE id = ?"#,
            id
        )
        .fetch_optional(conn)
        .await,
        postgres: sqlx::query_as!(
            CardRow,
            r#"SELECT id AS "id!", workspace_id, member_id, question_id, context, mode, choice_options, issued_at, shown
               FROM cards WHERE id = $1"#,
            id
        )
        .fetch_optional(conn)
        .await,
    )
    .context("reading the card")
}
