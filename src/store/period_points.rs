//! The `period_points` table: points per member for all time, each week and
//! each month, so a leaderboard reads a handful of index rows.

use super::db::{Db, on_dialect};
use anyhow::Context as _;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardRow {
    pub member_id: i64,
    pub display_name: String,
    pub points: i64,
}

/// The top members of a workspace for a period, opted-out members left out.
#[tracing::instrument(skip_all)]
pub async fn board(
    db: impl Into<Db<'_>>,
    workspace_id: i64,
    period: &str,
    limit: i64,
) -> anyhow::Result<Vec<BoardRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
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
        .fetch_all(conn)
        .await,
        postgres: sqlx::query_as!(
            BoardRow,
            "SELECT p.member_id, m.display_name, p.points
               FROM period_points p JOIN members m ON m.id = p.member_id
               WHERE p.workspace_id = $1 AND p.period = $2 AND m.leaderboard_opt_out = 0 AND p.points > 0
               ORDER BY p.points DESC, m.display_name, p.member_id
               LIMIT $3",
            workspace_id,
            period,
            limit
        )
        .fetch_all(conn)
        .await,
    )
    .context("reading the leaderboard")
}

#[tracing::instrument(skip_all)]
pub async fn total(db: impl Into<Db<'_>>, member_id: i64, period: &str) -> anyhow::Result<i64> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_scalar!(
            r#"SELECT COALESCE(SUM(points), 0) AS "points!: i64" FROM period_points WHERE member_id = ? AND period = ?"#,
            member_id,
            period
        )
        .fetch_one(conn)
        .await,
        postgres: sqlx::query_scalar!(
            r#"SELECT COALESCE(SUM(points), 0)::BIGINT AS "points!" FROM period_points WHERE member_id = $1 AND period = $2"#,
            member_id,
            period
        )
        .fetch_one(conn)
        .await,
    )
    .context("reading the member's points")
}
