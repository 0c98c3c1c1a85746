//! The `workspaces` table: Discord guilds, Slack teams and the console.

use anyhow::Context as _;

use super::db::{Db, on_dialect};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceRow {
    pub id: i64,
    pub timezone: Option<String>,
}

/// Finds the workspace, creating it on first sight and keeping its name
/// current.
#[tracing::instrument(skip_all)]
pub async fn ensure(
    db: impl Into<Db<'_>>,
    platform: &str,
    external_id: &str,
    name: &str,
    now: &str,
) -> anyhow::Result<WorkspaceRow> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            WorkspaceRow,
            r#"INSERT INTO workspaces (platform, external_id, name, created_at) VALUES (?, ?, ?, ?)
               ON CONFLICT (platform, external_id) DO UPDATE SET name = excluded.name
               RETURNING id AS "id!", timezone"#,
            platform,
            external_id,
            name,
            now
        )
        .fetch_one(conn)
        .await,
        postgres: sqlx::query_as!(
            WorkspaceRow,
            r#"INSERT INTO workspaces (platform, external_id, name, created_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (platform, external_id) DO UPDATE SET name = excluded.name
               RETURNING id, timezone"#,
            platform,
            external_id,
            name,
            now
        )
        .fetch_one(conn)
        .await,
    )
    .context("recording the workspace")
}

#[tracing::instrument(skip_all)]
pub async fn set_timezone(
    db: impl Into<Db<'_>>,
    id: i64,
    timezone: Option<&str>,
) -> anyhow::Result<()> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!("UPDATE workspaces SET timezone = ? WHERE id = ?", timezone, id)
            .execute(conn)
            .await
            .map(drop),
        postgres: sqlx::query!("UPDATE workspaces SET timezone = $1 WHERE id = $2", timezone, id)
            .execute(conn)
            .await
            .map(drop),
    )
    .context("saving the workspace's time zone")
}

/// The workspace with this platform id, if it has been seen.
#[tracing::instrument(skip_all)]
pub async fn find(
    db: impl Into<Db<'_>>,
    platform: &str,
    external_id: &str,
) -> anyhow::Result<Option<WorkspaceRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            WorkspaceRow,
            r#"SELECT id AS "id!", timezone FROM workspaces WHERE platform = ? AND external_id = ?"#,
            platform,
            external_id
        )
        .fetch_optional(conn)
        .await,
        postgres: sqlx::query_as!(
            WorkspaceRow,
            "SELECT id, timezone FROM workspaces WHERE platform = $1 AND external_id = $2",
            platform,
            external_id
        )
        .fetch_optional(conn)
        .await,
    )
    .context("looking up the workspace")
}

/// Every workspace with this platform id (`console`, a guild id, a Slack
/// team id), on whichever platform, as (row id, platform).
#[tracing::instrument(skip_all)]
pub async fn with_external_id(
    db: impl Into<Db<'_>>,
    external_id: &str,
) -> anyhow::Result<Vec<(i64, String)>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            r#"SELECT id AS "id!", platform FROM workspaces WHERE external_id = ? ORDER BY id"#,
            external_id
        )
        .fetch_all(conn)
        .await
        .map(|rows| rows.into_iter().map(|row| (row.id, row.platform)).collect()),
        postgres: sqlx::query!(
            "SELECT id, platform FROM workspaces WHERE external_id = $1 ORDER BY id",
            external_id
        )
        .fetch_all(conn)
        .await
        .map(|rows| rows.into_iter().map(|row| (row.id, row.platform)).collect()),
    )
    .context("looking up the workspace by its platform id")
}
