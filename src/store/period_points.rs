//! The `period_points` table: points per member for all time, each week and
//! each month, so a leaderboard reads a handful of index rows.

use anyhow::Context as _;
use sqlx::SqliteExecutor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardRow {
    pub member_id: i64,
    pub display_name: String,
    pub points: i64,
}

/// The top members of a workspace for a period, opted-out members left out.
#[tracing::instrument(skip_all)]
pub async fn board(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
    period: &str,
    limit: i64,
) -> anyhow::Result<Vec<BoardRow>> {
    sqlx::query_as!(
        BoardRow,
        "SELECT p.member_id, m.display_name, p.points
         FROM period_points p JOIN members m ON m.id = p.member_id
         WHERE p.workspace_id = ? AND p.period = ? AND m.leaderboard_opt_out = 0 AND p.points > 0
         ORDER BY p.points DESC, m.display_name, p.member_id
         LIMIT ?",
        workspace_id,
        period,
        limit
    )
    .fetch_all(db)
    .await
    .context("reading the leaderboard")
}

#[tracing::instrument(skip_all)]
pub async fn total(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
    period: &str,
) -> anyhow::Result<i64> {
    let row = sqlx::query!(
        r#"SELECT COALESCE(SUM(points), 0) AS "points!: i64" FROM period_points WHERE member_id = ? AND period = ?"#,
        member_id,
        period
    )
    .fetch_one(db)
    .await
    .context("reading the member's points")?;
    Ok(row.points)
}
