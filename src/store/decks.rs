//! The `decks` table: each subscription's shuffled order of questions.

use super::db::{Db, on_dialect};
use anyhow::Context as _;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckRow {
    pub question_ids: String,
    pub next_index: i64,
    pub round: i64,
}

#[tracing::instrument(skip_all)]
pub async fn get(db: impl Into<Db<'_>>, subscription_id: i64) -> anyhow::Result<Option<DeckRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            DeckRow,
            "SELECT question_ids, next_index, round FROM decks WHERE subscription_id = ?",
            subscription_id
        )
        .fetch_optional(conn)
        .await,
        postgres: sqlx::query_as!(
            DeckRow,
            "SELECT question_ids, next_index, round FROM decks WHERE subscription_id = $1",
            subscription_id
        )
        .fetch_optional(conn)
        .await,
    )
    .context("reading the deck")
}

#[tracing::instrument(skip_all)]
pub async fn save(
    db: impl Into<Db<'_>>,
    subscription_id: i64,
    deck: &DeckRow,
) -> anyhow::Result<()> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            "INSERT INTO decks (subscription_id, question_ids, next_index, round) VALUES (?, ?, ?, ?)
               ON CONFLICT (subscription_id) DO UPDATE SET
                   question_ids = excluded.question_ids, next_index = excluded.next_index, round = excluded.round",
            subscription_id,
            deck.question_ids,
            deck.next_index,
            deck.round
        )
        .execute(conn)
        .await
        .map(drop),
        postgres: sqlx::query!(
            "INSERT INTO decks (subscription_id, question_ids, next_index, round) VALUES ($1, $2, $3, $4)
               ON CONFLICT (subscription_id) DO UPDATE SET
                   question_ids = excluded.question_ids, next_index = excluded.next_index, round = excluded.round",
            subscription_id,
            deck.question_ids,
            deck.next_index,
            deck.round
        )
        .execute(conn)
        .await
        .map(drop),
    )
    .context("saving the deck")
}
