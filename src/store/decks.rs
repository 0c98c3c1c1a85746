//! The `decks` table: each subscription's shuffled order of questions.

use anyhow::Context as _;
use sqlx::SqliteExecutor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckRow {
    pub question_ids: String,
    pub next_index: i64,
    pub round: i64,
}

#[tracing::instrument(skip_all)]
pub async fn get(
    db: impl SqliteExecutor<'_>,
    subscription_id: i64,
) -> anyhow::Result<Option<DeckRow>> {
    sqlx::query_as!(
        DeckRow,
        "SELECT question_ids, next_index, round FROM decks WHERE subscription_id = ?",
        subscription_id
    )
    .fetch_optional(db)
    .await
    .context("reading the deck")
}

#[tracing::instrument(skip_all)]
pub async fn save(
    db: impl SqliteExecutor<'_>,
    subscription_id: i64,
    deck: &DeckRow,
) -> anyhow::Result<()> {
    sqlx::query!(
        "INSERT INTO decks (subscription_id, question_ids, next_index, round) VALUES (?, ?, ?, ?)
         ON CONFLICT (subscription_id) DO UPDATE SET
             question_ids = excluded.question_ids, next_index = excluded.next_index, round = excluded.round",
        subscription_id,
        deck.question_ids,
        deck.next_index,
        deck.round
    )
    .execute(db)
    .await
    .context("saving the deck")?;
    Ok(())
}
