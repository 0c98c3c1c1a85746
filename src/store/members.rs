//! The `members` table: people within a workspace, their settings and their
//! streak snapshot.

use super::db::{Db, on_dialect};
use anyhow::Context as _;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub id: i64,
    pub workspace_id: i64,
    pub display_name: String,
    pub timezone: Option<String>,
    /// A zone change waiting for the member's next day (see the migration
    /// `zone_changes`): the zone, and the instant it takes effect.
    pub next_timezone: Option<String>,
    pub next_timezone_from: Option<String>,
    pub leaderboard_opt_out: i64,
    pub streak_length: i64,
    pub streak_best: i64,
    pub streak_freezes: i64,
    pub last_practice_day: Option<String>,
    pub days_practised: i64,
}

/// The streak snapshot as stored.
pub struct StreakRow<'a> {
    pub length: i64,
    pub best: i64,
    pub freezes: i64,
    pub last_practice_day: Option<&'a str>,
    pub days_practised: i64,
}

/// Finds the member, creating them on first sight and keeping their display
/// name current.
#[tracing::instrument(skip_all)]
pub async fn ensure(
    db: impl Into<Db<'_>>,
    workspace_id: i64,
    external_id: &str,
    display_name: &str,
    now: &str,
) -> anyhow::Result<MemberRow> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            MemberRow,
            r#"INSERT INTO members (workspace_id, external_id, display_name, created_at) VALUES (?, ?, ?, ?)
               ON CONFLICT (workspace_id, external_id) DO UPDATE SET display_name = excluded.display_name
               RETURNING id AS "id!", workspace_id, display_name, timezone, next_timezone, next_timezone_from,
                         leaderboard_opt_out, streak_length,
                         streak_best, streak_freezes, last_practice_day, days_practised"#,
            workspace_id,
            external_id,
            display_name,
            now
        )
        .fetch_one(conn)
        .await,
        postgres: sqlx::query_as!(
            MemberRow,
            "INSERT INTO members (workspace_id, external_id, display_name, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (workspace_id, external_id) DO UPDATE SET display_name = excluded.display_name
             RETURNING id, workspace_id, display_name, timezone, next_timezone, next_timezone_from,
                       leaderboard_opt_out, streak_length,
                       streak_best, streak_freezes, last_practice_day, days_practised",
            workspace_id,
            external_id,
            display_name,
            now
        )
        .fetch_one(conn)
        .await,
    )
    .context("recording the member")
}

/// Sets the zone in effect now and the change waiting for the member's
/// next day (`next_from` `None`: nothing waits).
#[tracing::instrument(skip_all)]
pub async fn set_timezone(
    db: impl Into<Db<'_>>,
    member_id: i64,
    timezone: Option<&str>,
    next_timezone: Option<&str>,
    next_from: Option<&str>,
) -> anyhow::Result<()> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            "UPDATE members SET timezone = ?, next_timezone = ?, next_timezone_from = ? WHERE id = ?",
            timezone,
            next_timezone,
            next_from,
            member_id
        )
        .execute(conn)
        .await
        .map(drop),
        postgres: sqlx::query!(
            "UPDATE members SET timezone = $1, next_timezone = $2, next_timezone_from = $3 WHERE id = $4",
            timezone,
            next_timezone,
            next_from,
            member_id
        )
        .execute(conn)
        .await
        .map(drop),
    )
    .context("saving the member's time zone")?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn set_leaderboard_opt_out(
    db: impl Into<Db<'_>>,
    member_id: i64,
    opt_out: bool,
) -> anyhow::Result<()> {
    // Flags are 0 or 1 on both databases (see migrations/postgres).
    let opt_out = i64::from(opt_out);
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            "UPDATE members SET leaderboard_opt_out = ? WHERE id = ?",
            opt_out,
            member_id
        )
        .execute(conn)
        .await
        .map(drop),
        postgres: sqlx::query!(
            "UPDATE members SET leaderboard_opt_out = $1 WHERE id = $2",
            opt_out,
            member_id
        )
        .execute(conn)
        .await
        .map(drop),
    )
    .context("saving the leaderboard choice")?;
    Ok(())
}

/// Members of a workspace on the board, longest stored run first, a page at
/// a time. Runs are as of each member's last practice day; the caller
/// decides which are still live today.
#[tracing::instrument(skip_all)]
pub async fn by_streak(
    db: impl Into<Db<'_>>,
    workspace_id: i64,
    limit: i64,
    offset: i64,
) -> anyhow::Result<Vec<MemberRow>> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            MemberRow,
            r#"SELECT id AS "id!", workspace_id, display_name, timezone, next_timezone, next_timezone_from,
                      leaderboard_opt_out, streak_length, streak_best,
                      streak_freezes, last_practice_day, days_practised
               FROM members
               WHERE workspace_id = ? AND leaderboard_opt_out = 0 AND streak_length > 0
               ORDER BY streak_length DESC, id
               LIMIT ? OFFSET ?"#,
            workspace_id,
            limit,
            offset
        )
        .fetch_all(conn)
        .await,
        postgres: sqlx::query_as!(
            MemberRow,
            "SELECT id, workspace_id, display_name, timezone, next_timezone, next_timezone_from,
                    leaderboard_opt_out, streak_length, streak_best,
                    streak_freezes, last_practice_day, days_practised
             FROM members
             WHERE workspace_id = $1 AND leaderboard_opt_out = 0 AND streak_length > 0
             ORDER BY streak_length DESC, id
             LIMIT $2 OFFSET $3",
            workspace_id,
            limit,
            offset
        )
        .fetch_all(conn)
        .await,
    )
    .context("reading the streak board")
}

/// The member with these platform ids, with their workspace's zone, if
/// they have been seen before. A read, so resolving a known member costs
/// no write.
#[tracing::instrument(skip_all)]
pub async fn find(
    db: impl Into<Db<'_>>,
    platform: &str,
    workspace_external_id: &str,
    member_external_id: &str,
) -> anyhow::Result<Option<(MemberRow, Option<String>)>> {
    // Each dialect's row is its own type; the fields are the same.
    macro_rules! member_and_zone {
        ($row:expr) => {{
            let row = $row;
            let member = MemberRow {
                id: row.id,
                workspace_id: row.workspace_id,
                display_name: row.display_name,
                timezone: row.timezone,
                next_timezone: row.next_timezone,
                next_timezone_from: row.next_timezone_from,
                leaderboard_opt_out: row.leaderboard_opt_out,
                streak_length: row.streak_length,
                streak_best: row.streak_best,
                streak_freezes: row.streak_freezes,
                last_practice_day: row.last_practice_day,
                days_practised: row.days_practised,
            };
            (member, row.workspace_timezone)
        }};
    }
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            r#"SELECT m.id AS "id!", m.workspace_id, m.display_name, m.timezone, m.next_timezone, m.next_timezone_from,
                      m.leaderboard_opt_out, m.streak_length,
                      m.streak_best, m.streak_freezes, m.last_practice_day, m.days_practised,
                      w.timezone AS workspace_timezone
               FROM members m JOIN workspaces w ON w.id = m.workspace_id
               WHERE w.platform = ? AND w.external_id = ? AND m.external_id = ?"#,
            platform,
            workspace_external_id,
            member_external_id
        )
        .fetch_optional(conn)
        .await
        .map(|row| row.map(|row| member_and_zone!(row))),
        postgres: sqlx::query!(
            "SELECT m.id, m.workspace_id, m.display_name, m.timezone, m.next_timezone, m.next_timezone_from,
                    m.leaderboard_opt_out, m.streak_length,
                    m.streak_best, m.streak_freezes, m.last_practice_day, m.days_practised,
                    w.timezone AS workspace_timezone
             FROM members m JOIN workspaces w ON w.id = m.workspace_id
             WHERE w.platform = $1 AND w.external_id = $2 AND m.external_id = $3",
            platform,
            workspace_external_id,
            member_external_id
        )
        .fetch_optional(conn)
        .await
        .map(|row| row.map(|row| member_and_zone!(row))),
    )
    .context("looking up the member")
}

/// Writes a recomputed streak snapshot (a streak repair).
#[tracing::instrument(skip_all)]
pub async fn set_streak(
    db: impl Into<Db<'_>>,
    member_id: i64,
    streak: &StreakRow<'_>,
) -> anyhow::Result<()> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            "UPDATE members SET streak_length = ?, streak_best = ?, streak_freezes = ?,
                                last_practice_day = ?, days_practised = ?
             WHERE id = ?",
            streak.length,
            streak.best,
            streak.freezes,
            streak.last_practice_day,
            streak.days_practised,
            member_id
        )
        .execute(conn)
        .await
        .map(drop),
        postgres: sqlx::query!(
            "UPDATE members SET streak_length = $1, streak_best = $2, streak_freezes = $3,
                                last_practice_day = $4, days_practised = $5
             WHERE id = $6",
            streak.length,
            streak.best,
            streak.freezes,
            streak.last_practice_day,
            streak.days_practised,
            member_id
        )
        .execute(conn)
        .await
        .map(drop),
    )
    .context("saving the repaired streak")?;
    Ok(())
}

/// The member's picture theme as stored; `None` until they choose one.
#[tracing::instrument(skip_all)]
pub async fn theme(db: impl Into<Db<'_>>, member_id: i64) -> anyhow::Result<Option<String>> {
    let theme = on_dialect!(db, |conn|
        sqlite: sqlx::query_scalar!("SELECT picture_theme FROM members WHERE id = ?", member_id)
            .fetch_optional(conn)
            .await,
        postgres: sqlx::query_scalar!("SELECT picture_theme FROM members WHERE id = $1", member_id)
            .fetch_optional(conn)
            .await,
    )
    .context("reading the member's picture theme")?;
    Ok(theme.flatten())
}

#[tracing::instrument(skip_all)]
pub async fn set_theme(db: impl Into<Db<'_>>, member_id: i64, theme: &str) -> anyhow::Result<()> {
    on_dialect!(db, |conn|
        sqlite: sqlx::query!(
            "UPDATE members SET picture_theme = ? WHERE id = ?",
            theme,
            member_id
        )
        .execute(conn)
        .await
        .map(drop),
        postgres: sqlx::query!(
            "UPDATE members SET picture_theme = $1 WHERE id = $2",
            theme,
            member_id
        )
        .execute(conn)
        .await
        .map(drop),
    )
    .context("saving the member's picture theme")?;
    Ok(())
}
