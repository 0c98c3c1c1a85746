//! The `workspaces` table: Discord guilds, Slack teams and the console.

use anyhow::Context as _;
use sqlx::SqliteExecutor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceRow {
    pub id: i64,
    pub timezone: Option<String>,
}

/// Finds the workspace, creating it on first sight and keeping its name
/// current.
#[tracing::instrument(skip_all)]
pub async fn ensure(
    db: impl SqliteExecutor<'_>,
    platform: &str,
    external_id: &str,
    name: &str,
    now: &str,
) -> anyhow::Result<WorkspaceRow> {
    sqlx::query_as!(
        WorkspaceRow,
        r#"INSERT INTO workspaces (platform, external_id, name, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (platform, external_id) DO UPDATE SET name = excluded.name
           RETURNING id AS "id!", timezone"#,
        platform,
        external_id,
        name,
        now
    )
    .fetch_one(db)
    .await
    .context("recording the workspace")
}

#[tracing::instrument(skip_all)]
pub async fn set_timezone(
    db: impl SqliteExecutor<'_>,
    id: i64,
    timezone: Option<&str>,
) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE workspaces SET timezone = ? WHERE id = ?",
        timezone,
        id
    )
    .execute(db)
    .await
    .context("saving the workspace's time zone")?;
    Ok(())
}

/// The workspace with this platform id, if it has been seen.
#[tracing::instrument(skip_all)]
pub async fn find(
    db: impl SqliteExecutor<'_>,
    platform: &str,
    external_id: &str,
) -> anyhow::Result<Option<WorkspaceRow>> {
    sqlx::query_as!(
        WorkspaceRow,
        r#"SELECT id AS "id!", timezone FROM workspaces WHERE platform = ? AND external_id = ?"#,
        platform,
        external_id
    )
    .fetch_optional(db)
    .await
    .context("looking up the workspace")
}

/// Every workspace with this platform id (`console`, a guild id, a Slack
/// team id), on whichever platform, as (row id, platform).
#[tracing::instrument(skip_all)]
pub async fn with_external_id(
    db: impl SqliteExecutor<'_>,
    external_id: &str,
) -> anyhow::Result<Vec<(i64, String)>> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", platform FROM workspaces WHERE external_id = ? ORDER BY id"#,
        external_id
    )
    .fetch_all(db)
    .await
    .context("looking up the workspace by its platform id")?;
    Ok(rows.into_iter().map(|row| (row.id, row.platform)).collect())
}
