//! An online backup of a database holding 1,000,000 attempts (10,000
//! members in 100 workspaces, 100 attempts each, with their cards): how
//! long `VACUUM INTO` plus `PRAGMA integrity_check` takes, and the size of
//! the copy.
//!
//! `cargo bench --bench backup` (a plain binary; about a minute).

use std::time::Instant;

use prepbot::store::Store;
use prepbot::store::backup;

const MEMBERS: i64 = 10_000;
const ATTEMPTS_PER_MEMBER: i64 = 100;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let database = dir.path().join("prepbot.db");
    let store = Store::open(&database).await?;
    let filling = Instant::now();
    // Generated in SQL: building a million rows through the engine would
    // measure grading, not backups.
    sqlx::raw_sql(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
         INSERT INTO workspaces (id, platform, external_id, name, created_at)
             SELECT i, 'discord', 'g' || i, 'server ' || i, '2026-11-01T00:00:00.000Z' FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {MEMBERS})
         INSERT INTO members (id, workspace_id, external_id, display_name, created_at)
             SELECT i, 1 + i % 100, 'm' || i, 'member ' || i, '2026-11-01T00:00:00.000Z' FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {total})
         INSERT INTO cards (id, workspace_id, member_id, question_id, context, mode, issued_at)
             SELECT i, 1 + ((i - 1) / {ATTEMPTS_PER_MEMBER}) % 100, 1 + (i - 1) / {ATTEMPTS_PER_MEMBER},
                    printf('genai-%03d', 1 + i % 100), 'quiz', 'flashcard', '2026-11-02T09:00:00.000Z'
             FROM n;
         INSERT INTO attempts (card_id, member_id, question_id, context, grade, points, answered_at, local_day)
             SELECT id, member_id, question_id, 'quiz', 'good', 5, '2026-11-02T09:01:00.000Z', '2026-11-02'
             FROM cards;",
        total = MEMBERS * ATTEMPTS_PER_MEMBER
    ))
    .execute(store.pool())
    .await?;
    let attempts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attempts")
        .fetch_one(store.pool())
        .await?;
    let source_bytes = std::fs::metadata(&database)?.len()
        + std::fs::metadata(dir.path().join("prepbot.db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!(
        "filled {attempts} attempts in {:.1} s ({:.0} MiB with its log)",
        filling.elapsed().as_secs_f64(),
        source_bytes as f64 / 1_048_576.0
    );
    let target = dir.path().join("copy.db");
    let report = backup::backup(&database, &target).await?;
    println!(
        "backup of {attempts} attempts: {:.2} s including the integrity check, {:.0} MiB",
        report.took.as_secs_f64(),
        report.bytes as f64 / 1_048_576.0
    );
    store.close().await;
    Ok(())
}
