//! Reports: a member flags a question as wrong, unclear, outdated or a
//! duplicate; admins of that workspace list and close them; the bank's
//! maintainers export them all. A report keeps the bank's text as it was,
//! so it still reads right after the bank changes.
//!
//! One open report per member and question: reporting the same question
//! again while the first is open replaces its reason and note (and the
//! bank's text) and keeps when it was first made, and the member is told so.
//! Admins are the front-ends' to decide (Discord's Manage Server, Slack's
//! workspace admins, the console's one member); the engine only keeps each
//! workspace's reports to itself.
//!
//! ```no_run
//! # async fn example(engine: prepbot::engine::Engine, me: prepbot::engine::MemberRef) -> anyhow::Result<()> {
//! use prepbot::domain::report::ReportReason;
//! let filed = engine.report(&me, Some("genai-018"), ReportReason::Outdated, Some("sizes from 2023")).await?;
//! let open = engine.open_reports(&me.workspace).await?;
//! engine.close_report(&me, filed.report.id, Some("fixed in the bank")).await?;
//! # Ok(()) }
//! ```

use anyhow::Context as _;
use chrono::{DateTime, Utc};

use super::{Engine, EngineError, MemberRef, UserError, WorkspaceRef};
use crate::domain::QuestionId;
use crate::domain::report::{MAX_REPORT_TEXT_CHARS, ReportReason, clean_note};
use crate::store::reports::{self, NewReport, ReportRow};
use crate::store::{Store, time, workspaces};

/// A report as people read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub id: i64,
    pub platform: String,
    pub workspace: String,
    /// The reporter's display name.
    pub reporter: String,
    pub question_id: String,
    pub reason: ReportReason,
    pub text: Option<String>,
    /// The bank's question and model answer when it was reported.
    pub question: String,
    pub answer: String,
    pub created_at: DateTime<Utc>,
    pub closed: Option<Closing>,
}

/// How a report was closed.
#[derive(Debug, Clone, PartialEq)]
pub struct Closing {
    pub at: DateTime<Utc>,
    /// The admin's display name; `None` if they have since been removed.
    pub by: Option<String>,
    pub note: Option<String>,
}

/// A report as filed, and whether it replaced the member's open one.
#[derive(Debug, Clone, PartialEq)]
pub struct Filed {
    pub report: Report,
    pub updated: bool,
}

impl Engine {
    /// Files the member's report on a question (by id; `None` is the card
    /// they saw last).
    pub async fn report(
        &self,
        who: &MemberRef,
        question: Option<&str>,
        reason: ReportReason,
        text: Option<&str>,
    ) -> Result<Filed, EngineError> {
        let text = note(text)?;
        let member = self.member(who).await?;
        let typed = match question.map(str::trim).filter(|q| !q.is_empty()) {
            Some(typed) => typed.to_owned(),
            None => reports::latest_question_of(self.store.pool(), member.id())
                .await?
                .ok_or(UserError::NothingToReport)?,
        };
        let unknown = || UserError::UnknownQuestion {
            typed: crate::domain::text::echo(&typed),
        };
        let id = QuestionId::parse(&typed.to_ascii_lowercase()).map_err(|_| unknown())?;
        let bank = self.bank_for(member.row.workspace_id).await?;
        let question = bank.question(&id).ok_or_else(unknown)?;
        let now = time::instant_text(self.clock.now());
        let new = NewReport {
            workspace_id: member.row.workspace_id,
            member_id: member.id(),
            question_id: id.as_str(),
            reason: reason.as_str(),
            text: text.as_deref(),
            question_text: &question.question,
            answer_text: &question.answer,
            created_at: &now,
        };
        // Look and write under one write lock, so a double click files one.
        let mut tx = self.store.begin_immediate().await?;
        let open = reports::open_of(&mut *tx, member.id(), id.as_str()).await?;
        let (report_id, updated) = match open {
            Some(open) => {
                reports::update_open(&mut *tx, open, &new).await?;
                (open, true)
            }
            None => (reports::insert(&mut *tx, &new).await?, false),
        };
        let row = reports::get(&mut *tx, report_id)
            .await?
            .context("reading back the report just saved")?;
        tx.commit().await.context("saving the report")?;
        Ok(Filed {
            report: report_of(row)?,
            updated,
        })
    }

    /// The workspace's open reports, oldest first.
    pub async fn open_reports(&self, workspace: &WorkspaceRef) -> Result<Vec<Report>, EngineError> {
        let Some(id) = self.workspace_id(workspace).await? else {
            return Ok(Vec::new());
        };
        let rows = reports::open_in(self.store.pool(), id).await?;
        Ok(rows
            .into_iter()
            .map(report_of)
            .collect::<anyhow::Result<_>>()?)
    }

    /// Closes one of the admin's workspace's reports, with a note for the
    /// reporter and the maintainers.
    pub async fn close_report(
        &self,
        admin: &MemberRef,
        report_id: i64,
        note_text: Option<&str>,
    ) -> Result<Report, EngineError> {
        let closing_note = note(note_text)?;
        let member = self.member(admin).await?;
        let unknown = || UserError::UnknownReport { id: report_id };
        let mut tx = self.store.begin_immediate().await?;
        let row = reports::get(&mut *tx, report_id)
            .await?
            .filter(|row| row.workspace_id == member.row.workspace_id)
            .ok_or_else(unknown)?;
        if let Some(at) = &row.closed_at {
            let at = time::parse_instant(at)?;
            return Err(UserError::ReportAlreadyClosed {
                id: report_id,
                by: row
                    .closed_by
                    .map_or("by an admin since removed".to_owned(), |name| {
                        format!("by {name}")
                    }),
                at: at.format("%-d %b %Y %H:%M UTC").to_string(),
            }
            .into());
        }
        let now = time::instant_text(self.clock.now());
        reports::close(
            &mut *tx,
            report_id,
            member.id(),
            closing_note.as_deref(),
            &now,
        )
        .await?;
        let row = reports::get(&mut *tx, report_id)
            .await?
            .context("reading back the closed report")?;
        tx.commit().await.context("closing the report")?;
        Ok(report_of(row)?)
    }

    /// Whether a question has open reports in the workspace, for the
    /// discreet mark admins see (members never do).
    pub async fn is_reported(
        &self,
        workspace: &WorkspaceRef,
        question_id: &str,
    ) -> Result<bool, EngineError> {
        let Some(id) = self.workspace_id(workspace).await? else {
            return Ok(false);
        };
        Ok(reports::open_count(self.store.pool(), id, question_id).await? > 0)
    }

    /// A workspace's id if prepbot has seen it; a read, never a write.
    async fn workspace_id(&self, workspace: &WorkspaceRef) -> anyhow::Result<Option<i64>> {
        Ok(workspaces::find(
            self.store.pool(),
            workspace.platform.as_str(),
            &workspace.external_id,
        )
        .await?
        .map(|row| row.id))
    }
}

/// Every report in the database (or the open ones), for `prepbot bank
/// reports`: it needs the database only, not a loaded bank.
pub async fn export_reports(store: &Store, open_only: bool) -> anyhow::Result<Vec<Report>> {
    reports::all(store.pool(), open_only)
        .await?
        .into_iter()
        .map(report_of)
        .collect()
}

fn note(text: Option<&str>) -> Result<Option<String>, UserError> {
    clean_note(text).map_err(|chars| UserError::NoteTooLong {
        chars,
        max: MAX_REPORT_TEXT_CHARS,
    })
}

fn report_of(row: ReportRow) -> anyhow::Result<Report> {
    let closed = match &row.closed_at {
        Some(at) => Some(Closing {
            at: time::parse_instant(at)?,
            by: row.closed_by,
            note: row.close_note,
        }),
        None => None,
    };
    Ok(Report {
        id: row.id,
        platform: row.platform,
        workspace: row.workspace_name,
        reporter: row.reporter,
        reason: row
            .reason
            .parse()
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("report {} has the reason `{}`", row.id, row.reason))?,
        question_id: row.question_id,
        text: row.text,
        question: row.question_text,
        answer: row.answer_text,
        created_at: time::parse_instant(&row.created_at)?,
        closed,
    })
}
