//! The `workspace_questions` table: questions a workspace added or members
//! suggested, numbered `ws-1`, `ws-2`, … per workspace, with who decided
//! on them and when.

use anyhow::Context as _;
use sqlx::SqliteExecutor;

/// A workspace question as stored, with the names people know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceQuestionRow {
    pub id: i64,
    pub workspace_id: i64,
    pub number: i64,
    pub question_id: String,
    pub topic_id: String,
    pub difficulty: String,
    pub question: String,
    pub answer: String,
    /// A JSON list of strings.
    pub key_points: String,
    pub status: String,
    pub suggested_by: Option<String>,
    pub decided_by: Option<String>,
    pub created_at: String,
    pub decided_at: Option<String>,
    pub reject_note: Option<String>,
}

pub struct NewWorkspaceQuestion<'a> {
    pub workspace_id: i64,
    pub topic_id: &'a str,
    pub difficulty: &'a str,
    pub question: &'a str,
    pub answer: &'a str,
    pub key_points: &'a str,
    /// `approved` when an admin adds it, `pending` for a suggestion.
    pub status: &'a str,
    pub member_id: i64,
    pub now: &'a str,
}

/// Stores a new question under the workspace's next number (call it inside
/// a write transaction, so two at once cannot take the same number) and
/// returns that number.
#[tracing::instrument(skip_all)]
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    new: &NewWorkspaceQuestion<'_>,
) -> anyhow::Result<i64> {
    let approved = new.status == "approved";
    let row = sqlx::query!(
        r#"INSERT INTO workspace_questions
               (workspace_id, number, question_id, topic_id, difficulty, question, answer,
                key_points, status, suggested_by, decided_by, created_at, decided_at)
           SELECT ?1, next, 'ws-' || next, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                  CASE WHEN ?9 THEN ?8 END, ?10, CASE WHEN ?9 THEN ?10 END
           FROM (SELECT COALESCE(MAX(number), 0) + 1 AS next
                 FROM workspace_questions WHERE workspace_id = ?1)
           RETURNING number AS "number!""#,
        new.workspace_id,
        new.topic_id,
        new.difficulty,
        new.question,
        new.answer,
        new.key_points,
        new.status,
        new.member_id,
        approved,
        new.now
    )
    .fetch_one(db)
    .await
    .context("saving the workspace question")?;
    Ok(row.number)
}

/// One question of the workspace by its number (`ws-3` is 3).
#[tracing::instrument(skip_all)]
pub async fn get(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
    number: i64,
) -> anyhow::Result<Option<WorkspaceQuestionRow>> {
    sqlx::query_as!(
        WorkspaceQuestionRow,
        r#"SELECT q.id AS "id!", q.workspace_id, q.number, q.question_id, q.topic_id,
                  q.difficulty, q.question, q.answer, q.key_points, q.status,
                  s.display_name AS "suggested_by?", d.display_name AS "decided_by?",
                  q.created_at, q.decided_at, q.reject_note
           FROM workspace_questions q
           LEFT JOIN members s ON s.id = q.suggested_by
           LEFT JOIN members d ON d.id = q.decided_by
           WHERE q.workspace_id = ? AND q.number = ?"#,
        workspace_id,
        number
    )
    .fetch_optional(db)
    .await
    .context("reading the workspace question")
}

/// The workspace's questions with this status, by number.
#[tracing::instrument(skip_all)]
pub async fn with_status(
    db: impl SqliteExecutor<'_>,
    workspace_id: i64,
    status: &str,
) -> anyhow::Result<Vec<WorkspaceQuestionRow>> {
    sqlx::query_as!(
        WorkspaceQuestionRow,
        r#"SELECT q.id AS "id!", q.workspace_id, q.number, q.question_id, q.topic_id,
                  q.difficulty, q.question, q.answer, q.key_points, q.status,
                  s.display_name AS "suggested_by?", d.display_name AS "decided_by?",
                  q.created_at, q.decided_at, q.reject_note
           FROM workspace_questions q
           LEFT JOIN members s ON s.id = q.suggested_by
           LEFT JOIN members d ON d.id = q.decided_by
           WHERE q.workspace_id = ? AND q.status = ?
           ORDER BY q.number"#,
        workspace_id,
        status
    )
    .fetch_all(db)
    .await
    .context("listing the workspace questions")
}

/// Approves or rejects a pending question; `false` when it was no longer
/// pending (another admin was quicker).
#[tracing::instrument(skip_all)]
pub async fn decide(
    db: impl SqliteExecutor<'_>,
    id: i64,
    status: &str,
    decided_by: i64,
    note: Option<&str>,
    now: &str,
) -> anyhow::Result<bool> {
    let done = sqlx::query!(
        "UPDATE workspace_questions
         SET status = ?, decided_by = ?, reject_note = ?, decided_at = ?
         WHERE id = ? AND status = 'pending'",
        status,
        decided_by,
        note,
        now,
        id
    )
    .execute(db)
    .await
    .context("deciding on the workspace question")?;
    Ok(done.rows_affected() == 1)
}
