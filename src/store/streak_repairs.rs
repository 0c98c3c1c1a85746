//! The `streak_repairs` table: days an admin excused from a member's streak
//! because prepbot was unavailable, with who did it and why.

use super::db::{Db, on_dialect};
use anyhow::Context as _;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairRow {
    pub day: String,
    pub restored_by_name: String,
    pub reason: String,
    pub created_at: String,
}

pub struct NewRepair<'a> {
    pub member_id: i64,
    pub day: &'a str,
    pub restored_by: i64,
    pub restored_by_name: &'a str,
    pub reason: &'a str,
    pub created_at: &'a str,
}

/// The member's excused days, oldest first.
#[tracing::instrument(skip_all)]
pub async fn for_member(db: impl Into<Db<'_>>, member_id: i64) -> anyhow::Result<Vec<RepairRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            RepairRow,
            "SELECT day, restored_by_name, reason, created_at FROM streak_repairs
             WHERE member_id = ? ORDER BY day",
            member_id
        )
        .fetch_all(conn)
        .await,
        postgres: sqlx::query_as!(
            RepairRow,
            "SELECT day, restored_by_name, reason, created_at FROM streak_repairs
             WHERE member_id = $1 ORDER BY day",
            member_id
        )
        .fetch_all(conn)
        .await,
    )
    .context("reading the member's streak repairs")
}

#[tracing::instrument(skip_all)]
pub async fn insert(db: impl Into<Db<'_>>, repair: &NewRepair<'_>) -> anyhow::Result<()> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            "INSERT INTO streak_repairs (member_id, day, restored_by, restored_by_name, reason, created_at)
             VALUES (?, ?, ?, ?, ?, ?)",
            repair.member_id,
            repair.day,
            repair.restored_by,
            repair.restored_by_name,
            repair.reason,
            repair.created_at
        )
        .execute(conn)
        .await
        .map(drop),
        postgres: sqlx::query!(
            "INSERT INTO streak_repairs (member_id, day, restored_by, restored_by_name, reason, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            repair.member_id,
            repair.day,
            repair.restored_by,
            repair.restored_by_name,
            repair.reason,
            repair.created_at
        )
        .execute(conn)
        .await
        .map(drop),
    )
    .context("recording the streak repair")?;
    Ok(())
}
