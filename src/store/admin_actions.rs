//! The `admin_actions` table: what an admin did to the workspace's daily
//! question (or a member's streak), who did it, and the detail they gave,
//! so that "why was there no question on Tuesday?" has an answer.

use super::db::{Db, on_dialect};
use anyhow::Context as _;

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
pub async fn insert(db: impl Into<Db<'_>>, new: &NewAction<'_>) -> anyhow::Result<i64> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_scalar!(
            r#"INSERT INTO admin_actions (workspace_id, member_id, action, detail, created_at)
               VALUES (?, ?, ?, ?, ?) RETURNING id AS "id!""#,
            new.workspace_id,
            new.member_id,
            new.action,
            new.detail,
            new.now
        )
        .fetch_one(conn)
        .await,
        postgres: sqlx::query_scalar!(
            "INSERT INTO admin_actions (workspace_id, member_id, action, detail, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            new.workspace_id,
            new.member_id,
            new.action,
            new.detail,
            new.now
        )
        .fetch_one(conn)
        .await,
    )
    .context("recording the admin's action")
}

/// The workspace's latest actions, newest first.
#[tracing::instrument(skip_all)]
pub async fn latest(
    db: impl Into<Db<'_>>,
    workspace_id: i64,
    limit: i64,
) -> anyhow::Result<Vec<ActionRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            ActionRow,
            r#"SELECT a.id AS "id!", m.display_name AS "member?", a.action, a.detail, a.created_at
               FROM admin_actions a LEFT JOIN members m ON m.id = a.member_id
               WHERE a.workspace_id = ? ORDER BY a.created_at DESC, a.id DESC LIMIT ?"#,
            workspace_id,
            limit
        )
        .fetch_all(conn)
        .await,
        postgres: sqlx::query_as!(
            ActionRow,
            r#"SELECT a.id, m.display_name AS "member?", a.action, a.detail, a.created_at
               FROM admin_actions a LEFT JOIN members m ON m.id = a.member_id
               WHERE a.workspace_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT $2"#,
            workspace_id,
            limit
        )
        .fetch_all(conn)
        .await,
    )
    .context("reading the admin actions")
}
