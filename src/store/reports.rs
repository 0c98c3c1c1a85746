//! The `reports` table: questions members flagged, with the bank's text as
//! it was then, and how an admin closed them.

use anyhow::Context as _;
use sqlx::SqliteExecutor;

/// A report with the names people know it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub id: i64,
    pub workspace_id: i64,
    pub platform: String,
    pub workspace_name: String,
    pub reporter: String,
    pub question_id: String,
    pub reason: String,
    pub text: Option<String>,
    pub question_text: String,
    pub answer_text: String,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub close_note: Option<String>,
}

pub struct NewReport<'a> {
    pub workspace_id: i64,
    pub member_id: i64,
    pub question_id: &'a str,
    pub reason: &'a str,
    pub text: Option<&'a str>,
    pub question_text: &'a str,
    pub answer_text: &'a str,
    pub created_at: &'a str,
}

/// The member's open report on this question, if they have one.
#[tracing::instrument(skip_all)]
pub async fn open_of(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
    question_id: &str,
) -> anyhow::Result<Option<i64>> {
    let row = sqlx::query!(
        r#"SELECT id AS "id!" FROM reports
           WHERE member_id = ? AND question_id = ? AND closed_at IS NULL"#,
        member_id,
        question_id
    )
    .fetch_optional(db)
    .await
    .context("looking up the member's open report")?;
    Ok(row.map(|row| row.id))
}

#[tracing::instrument(skip_all)]
pub async fn insert(db: impl SqliteExecutor<'_>, report: &NewReport<'_>) -> anyhow::Result<i64> {
    let row = sqlx::query!(
        r#"INSERT INTO reports (workspace_id, member_id, question_id, reason, text, question_text,
                                answer_text, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           RETURNING id AS "id!""#,
        report.workspace_id,
        report.member_id,
        report.question_id,
        report.reason,
        report.text,
        report.question_text,
        report.answer_text,
        report.created_at
    )
    .fetch_one(db)
    .await
    .context("saving the report")?;
    Ok(row.id)
}

/// A second report on the same question while the first is open: the
/// reason, note and the bank's text become the new ones; when it was first
/// reported stays.
#[tracing::instrument(skip_all)]
pub async fn update_open(
    db: impl SqliteExecutor<'_>,
    id: i64,
    report: &NewReport<'_>,
) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE reports SET reason = ?, text = ?, question_text = ?, answer_text = ?
         WHERE id = ? AND closed_at IS NULL",
        report.reason,
        report.text,
        report.question_text,
        report.answer_text,
        id
    )
    .execute(db)
    .await
    .context("updating the report")?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn get(db: impl SqliteExecutor<'_>, id: i64) -> anyhow::Result<Option<ReportRow>> {
    sqlx::query_as!(
        ReportRow,
        r#"SELECT r.id AS "id!", r.workspace_id, w.platform, w.name AS workspace_name,
                  m.display_name AS reporter, r.question_id, r.reason, r.text, r.question_text,
                  r.answer_text, r.created_at, r.closed_at, c.display_name AS "closed_by?",
                  r.close_note
           FROM reports r
           JOIN workspaces w ON w.id = r.workspace_id
           JOIN members m ON m.id = r.member_id
           LEFT JOIN members c ON c.id = r.closed_by
           WHERE r.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
    .context("reading the report")
}

/// A workspace's open reports, oldest first.
#[tracing::instrument(skip_all)]
pub async fn open_in(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
) -> anyhow::Result<Vec<ReportRow>> {
    sqlx::query_as!(
        ReportRow,
        r#"SELECT r.id AS "id!", r.workspace_id, w.platform, w.name AS workspace_name,
                  m.display_name AS reporter, r.question_id, r.reason, r.text, r.question_text,
                  r.answer_text, r.created_at, r.closed_at, c.display_name AS "closed_by?",
                  r.close_note
           FROM reports r
           JOIN workspaces w ON w.id = r.workspace_id
           JOIN members m ON m.id = r.member_id
           LEFT JOIN members c ON c.id = r.closed_by
           WHERE r.workspace_id = ? AND r.closed_at IS NULL
           ORDER BY r.id"#,
        workspace_id
    )
    .fetch_all(db)
    .await
    .context("reading the open reports")
}

/// Every report in every workspace (or only the open ones), oldest first,
/// for the bank's maintainers.
#[tracing::instrument(skip_all)]
pub async fn all(db: impl SqliteExecutor<'_>, open_only: bool) -> anyhow::Result<Vec<ReportRow>> {
    sqlx::query_as!(
        ReportRow,
        r#"SELECT r.id AS "id!", r.workspace_id, w.platform, w.name AS workspace_name,
                  m.display_name AS reporter, r.question_id, r.reason, r.text, r.question_text,
                  r.answer_text, r.created_at, r.closed_at, c.display_name AS "closed_by?",
                  r.close_note
           FROM reports r
           JOIN workspaces w ON w.id = r.workspace_id
           JOIN members m ON m.id = r.member_id
           LEFT JOIN members c ON c.id = r.closed_by
           WHERE r.closed_at IS NULL OR NOT ?
           ORDER BY r.id"#,
        open_only
    )
    .fetch_all(db)
    .await
    .context("reading the reports")
}

/// Closes an open report; false when it was closed already.
#[tracing::instrument(skip_all)]
pub async fn close(
    db: impl SqliteExecutor<'_>,
    id: i64,
    closed_by: i64,
    note: Option<&str>,
    now: &str,
) -> anyhow::Result<bool> {
    let done = sqlx::query!(
        "UPDATE reports SET closed_at = ?, closed_by = ?, close_note = ?
         WHERE id = ? AND closed_at IS NULL",
        now,
        closed_by,
        note,
        id
    )
    .execute(db)
    .await
    .context("closing the report")?;
    Ok(done.rows_affected() == 1)
}

/// How many open reports a question has in a workspace.
#[tracing::instrument(skip_all)]
pub async fn open_count(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
    question_id: &str,
) -> anyhow::Result<i64> {
    let row = sqlx::query!(
        r#"SELECT COUNT(*) AS "count!: i64" FROM reports
           WHERE workspace_id = ? AND question_id = ? AND closed_at IS NULL"#,
        workspace_id,
        question_id
    )
    .fetch_one(db)
    .await
    .context("counting the question's open reports")?;
    Ok(row.count)
}

/// The question of the card the member saw last: one they drew, or one
/// they graded (a daily post's card belongs to nobody until graded). This is
/// what "report the current card" means where no card is on screen.
#[tracing::instrument(skip_all)]
pub async fn latest_question_of(
    db: impl SqliteExecutor<'_>,
    member_id: i64,
) -> anyhow::Result<Option<String>> {
    let row = sqlx::query!(
        r#"SELECT question_id AS "question_id!: String" FROM (
               SELECT question_id, issued_at AS at, id FROM cards WHERE member_id = ?
               UNION ALL
               SELECT question_id, answered_at AS at, card_id AS id FROM attempts WHERE member_id = ?
           ) ORDER BY at DESC, id DESC LIMIT 1"#,
        member_id,
        member_id
    )
    .fetch_optional(db)
    .await
    .context("finding the member's last card")?;
    Ok(row.map(|row| row.question_id))
}
