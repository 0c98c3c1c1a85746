//! The `admin_actions` table: what an admin did to the workspace's daily
//! question (or a member's streak), who did it, and the detail they gave,
//! so that "why was there no question on Tuesday?" has an answer.

use anyhow::Context as _;
use sqlx::SqliteExecutor;

pub struct NewAction<'a> {
    pub workspace_id: i64,
    pub member_id: i64,
    /// A short name: `daily.skip`, `daily.pause`, …
    pub action: &'a str,
    /// What was done, in words, with the reason given if any.
    pub detail: &'a str,
    pub now: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRow {
    pub id: i64,
    /// The member's name; `None` once their data was deleted.
    pub member: Option<String>,
    pub action: String,
    pub detail: String,
    pub created_at: String,
}

#[tracing::instrument(skip_all)]
pub async fn insert(db: impl SqliteExecutor<'_>, new: &NewAction<'_>) -> anyhow::Result<i64> {
    let row = sqlx::query!(
        r#"INSERT INTO admin_actions (workspace_id, member_id, action, detail, created_at)
           VALUES (?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        new.workspace_id,
        new.member_id,
        new.action,
        new.detail,
        new.now
    )
    .fetch_one(db)
    .await
    .context("recording the admin's action")?;
    Ok(row.id)
}

/// The workspace's latest actions, newest first.
#[tracing::instrument(skip_all)]
pub async fn latest(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
    limit: i64,
) -> anyhow::Result<Vec<ActionRow>> {
    sqlx::query_as!(
        ActionRow,
        r#"SELECT a.id AS "id!", m.display_name AS "member?", a.action, a.detail, a.created_at
           FROM admin_actions a LEFT JOIN members m ON m.id = a.member_id
           WHERE a.workspace_id = ? ORDER BY a.created_at DESC, a.id DESC LIMIT ?"#,
        workspace_id,
        limit
    )
    .fetch_all(db)
    .await
    .context("reading the admin actions")
}
