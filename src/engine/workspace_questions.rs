//! A workspace's own questions: an admin adds one (approved at once), a
//! member suggests one (pending until an admin approves or rejects it).
//! Each is checked by the bank's own rules and messages (`bank::check_draft`)
//! and must join one of the bank's topics. Approved questions, numbered
//! `ws-1`, `ws-2`, … per workspace, join that workspace's quizzes, daily
//! decks and reviews through `bank_for`, and never another workspace's.
//! Who is an admin is the front-ends' to decide, as for reports.
//!
//! ```no_run
//! # async fn example(engine: prepbot::engine::Engine, me: prepbot::engine::MemberRef) -> anyhow::Result<()> {
//! use prepbot::bank::Draft;
//! let draft = Draft {
//!     topic: "deployment".into(),
//!     difficulty: "medium".into(),
//!     question: "How do you pick a chunk size?".into(),
//!     answer: "Small enough to be specific, large enough to keep context.".into(),
//!     key_points: vec!["specificity".into(), "context".into()],
//! };
//! let suggested = engine.suggest_question(&me, &draft).await?;
//! engine.approve_question(&me, suggested.number).await?;
//! engine.quiz(&me, Some("ws-1"), None, prepbot::domain::Mode::Flashcard).await?;
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use anyhow::Context as _;
use chrono::{DateTime, Utc};

use super::{Engine, EngineError, MemberRef, UserError, WorkspaceRef};
use crate::bank::{Draft, QuestionBank, check_draft};
use crate::domain::report::{MAX_REPORT_TEXT_CHARS, clean_note};
use crate::domain::{Difficulty, Question, QuestionId, Topic, TopicId};
use crate::store::workspace_questions::{
    self as stored, NewWorkspaceQuestion, WorkspaceQuestionRow,
};
use crate::store::{Store, time, workspaces};

/// Where a workspace question stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionStatus {
    Pending,
    Approved,
    Rejected,
}

impl QuestionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionStatus::Pending => "pending",
            QuestionStatus::Approved => "approved",
            QuestionStatus::Rejected => "rejected",
        }
    }

    fn parse(text: &str) -> anyhow::Result<Self> {
        match text {
            "pending" => Ok(QuestionStatus::Pending),
            "approved" => Ok(QuestionStatus::Approved),
            "rejected" => Ok(QuestionStatus::Rejected),
            other => anyhow::bail!("a workspace question has the status `{other}`"),
        }
    }
}

/// A workspace's question as people read it.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkspaceQuestion {
    /// The number admins approve and reject it by; its id is `ws-<number>`.
    pub number: i64,
    pub id: QuestionId,
    pub topic: TopicId,
    pub difficulty: Difficulty,
    pub question: String,
    pub answer: String,
    pub key_points: Vec<String>,
    pub status: QuestionStatus,
    /// Display names; `None` if the member has since been removed.
    pub suggested_by: Option<String>,
    pub decided_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub reject_note: Option<String>,
}

impl WorkspaceQuestion {
    /// The question as the bank's types hold it, for quizzes and export.
    pub fn as_question(&self) -> Question {
        Question {
            id: self.id.clone(),
            topic: self.topic.clone(),
            difficulty: self.difficulty,
            question: self.question.clone(),
            answer: self.answer.clone(),
            key_points: self.key_points.clone(),
            tags: Vec::new(),
            example: None,
            source: None,
            options: None,
        }
    }
}

/// A workspace's bank as last built, and what it was built from.
pub(super) struct CachedBank {
    base: Arc<QuestionBank>,
    generation: u64,
    bank: Arc<QuestionBank>,
}

/// The id a draft is checked under: any id the bank accepts will do, since
/// the stored question takes the workspace's next `ws-` number.
const DRAFT_ID: &str = "draft-1";

impl Engine {
    /// The bank as `workspace_id` sees it: the shared bank and that
    /// workspace's approved questions. Built once per workspace and kept
    /// until a question is approved or the bank is reloaded.
    pub async fn bank_for(&self, workspace_id: i64) -> anyhow::Result<Arc<QuestionBank>> {
        let base = self.bank();
        // Read before the database, so an approval committed meanwhile
        // makes this copy stale rather than lost.
        let generation = self.questions_generation.load(Ordering::SeqCst);
        {
            let cache = self
                .workspace_banks
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some(cached) = cache.get(&workspace_id)
                && Arc::ptr_eq(&cached.base, &base)
                && cached.generation == generation
            {
                return Ok(cached.bank.clone());
            }
        }
        let rows = stored::with_status(self.store.pool(), workspace_id, "approved").await?;
        let extra: Vec<Question> = rows
            .into_iter()
            .filter_map(|row| match question_of(row) {
                // A question whose topic left the bank waits until it is back.
                Ok(question) if base.topic(&question.topic).is_some() => {
                    Some(question.as_question())
                }
                Ok(_) => None,
                Err(error) => {
                    tracing::warn!(
                        error = format!("{error:#}"),
                        "skipping a workspace question"
                    );
                    None
                }
            })
            .collect();
        let bank = if extra.is_empty() {
            base.clone()
        } else {
            Arc::new(base.with_extra(extra))
        };
        self.workspace_banks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(
                workspace_id,
                CachedBank {
                    base,
                    generation,
                    bank: bank.clone(),
                },
            );
        Ok(bank)
    }

    /// An admin's question for their workspace, approved at once.
    pub async fn add_question(
        &self,
        admin: &MemberRef,
        draft: &Draft,
    ) -> Result<WorkspaceQuestion, EngineError> {
        self.submit(admin, draft, QuestionStatus::Approved).await
    }

    /// A member's suggestion, waiting for an admin.
    pub async fn suggest_question(
        &self,
        who: &MemberRef,
        draft: &Draft,
    ) -> Result<WorkspaceQuestion, EngineError> {
        self.submit(who, draft, QuestionStatus::Pending).await
    }

    /// The workspace's suggestions waiting for an admin, oldest first.
    pub async fn pending_questions(
        &self,
        workspace: &WorkspaceRef,
    ) -> Result<Vec<WorkspaceQuestion>, EngineError> {
        self.listed(workspace, QuestionStatus::Pending).await
    }

    /// The workspace's approved questions, by number.
    pub async fn workspace_questions(
        &self,
        workspace: &WorkspaceRef,
    ) -> Result<Vec<WorkspaceQuestion>, EngineError> {
        self.listed(workspace, QuestionStatus::Approved).await
    }

    /// Approves suggestion `number` of the admin's workspace: from now on
    /// it is drawn there.
    pub async fn approve_question(
        &self,
        admin: &MemberRef,
        number: i64,
    ) -> Result<WorkspaceQuestion, EngineError> {
        self.decide(admin, number, QuestionStatus::Approved, None)
            .await
    }

    /// Rejects suggestion `number`, with a note for whoever suggested it.
    pub async fn reject_question(
        &self,
        admin: &MemberRef,
        number: i64,
        note: Option<&str>,
    ) -> Result<WorkspaceQuestion, EngineError> {
        let note = clean_note(note).map_err(|chars| UserError::NoteTooLong {
            chars,
            max: MAX_REPORT_TEXT_CHARS,
        })?;
        self.decide(admin, number, QuestionStatus::Rejected, note.as_deref())
            .await
    }

    async fn submit(
        &self,
        who: &MemberRef,
        draft: &Draft,
        status: QuestionStatus,
    ) -> Result<WorkspaceQuestion, EngineError> {
        let member = self.member(who).await?;
        let workspace_id = member.row.workspace_id;
        let bank = self.bank_for(workspace_id).await?;
        let question =
            check_draft(&bank, draft, DRAFT_ID).map_err(|errors| UserError::InvalidQuestion {
                problems: errors
                    .into_iter()
                    .map(|error| match error.field {
                        Some(field) => format!("{field}: {}", error.message),
                        None => error.message,
                    })
                    .collect(),
            })?;
        // The bank refuses a question asked twice; so does a workspace,
        // across the bank and its own questions.
        if let Some(twin) = same_question(&bank, &question.question) {
            return Err(UserError::InvalidQuestion {
                problems: vec![format!(
                    "question: the same question is already asked as `{twin}`"
                )],
            }
            .into());
        }
        let key_points =
            serde_json::to_string(&question.key_points).context("writing the key points")?;
        let now = time::instant_text(self.clock.now());
        let new = NewWorkspaceQuestion {
            workspace_id,
            topic_id: question.topic.as_str(),
            difficulty: question.difficulty.as_str(),
            question: &question.question,
            answer: &question.answer,
            key_points: &key_points,
            status: status.as_str(),
            member_id: member.id(),
            now: &now,
        };
        // One write lock, so two at once take two numbers.
        let mut tx = self.store.begin_immediate().await?;
        let number = stored::insert(&mut *tx, &new).await?;
        let row = stored::get(&mut *tx, workspace_id, number)
            .await?
            .context("reading back the workspace question just saved")?;
        tx.commit().await.context("saving the workspace question")?;
        if status == QuestionStatus::Approved {
            self.questions_changed();
        }
        Ok(question_of(row)?)
    }

    async fn decide(
        &self,
        admin: &MemberRef,
        number: i64,
        status: QuestionStatus,
        note: Option<&str>,
    ) -> Result<WorkspaceQuestion, EngineError> {
        let member = self.member(admin).await?;
        let workspace_id = member.row.workspace_id;
        let now = time::instant_text(self.clock.now());
        let mut tx = self.store.begin_immediate().await?;
        let row = stored::get(&mut *tx, workspace_id, number)
            .await?
            .ok_or(UserError::UnknownWorkspaceQuestion { number })?;
        if row.status != "pending" {
            return Err(UserError::QuestionAlreadyDecided {
                id: row.question_id,
                status: row.status,
            }
            .into());
        }
        stored::decide(&mut *tx, row.id, status.as_str(), member.id(), note, &now).await?;
        let row = stored::get(&mut *tx, workspace_id, number)
            .await?
            .context("reading back the decided question")?;
        tx.commit()
            .await
            .context("deciding on the workspace question")?;
        if status == QuestionStatus::Approved {
            self.questions_changed();
        }
        Ok(question_of(row)?)
    }

    async fn listed(
        &self,
        workspace: &WorkspaceRef,
        status: QuestionStatus,
    ) -> Result<Vec<WorkspaceQuestion>, EngineError> {
        let Some(row) = workspaces::find(
            self.store.pool(),
            workspace.platform.as_str(),
            &workspace.external_id,
        )
        .await?
        else {
            return Ok(Vec::new());
        };
        let rows = stored::with_status(self.store.pool(), row.id, status.as_str()).await?;
        Ok(rows
            .into_iter()
            .map(question_of)
            .collect::<anyhow::Result<_>>()?)
    }

    /// Every workspace bank built so far is stale.
    fn questions_changed(&self) {
        self.questions_generation.fetch_add(1, Ordering::SeqCst);
        self.workspace_banks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
        // Daily decks may now have a question more to offer.
        self.daily_changes.notify_waiters();
    }

    /// Forgets the workspace banks built on the bank a reload replaced.
    pub(super) fn forget_workspace_banks(&self) {
        self.workspace_banks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }
}

/// The id of a question in `bank` asking the same as `text` (ignoring case
/// and spacing, as the bank's own check does).
fn same_question(bank: &QuestionBank, text: &str) -> Option<QuestionId> {
    let fold = |text: &str| {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let folded = fold(text);
    bank.questions()
        .iter()
        .find(|question| fold(&question.question) == folded)
        .map(|question| question.id.clone())
}

fn question_of(row: WorkspaceQuestionRow) -> anyhow::Result<WorkspaceQuestion> {
    let context = || format!("workspace question {}", row.question_id);
    Ok(WorkspaceQuestion {
        number: row.number,
        id: QuestionId::workspace(row.number),
        topic: TopicId::parse(&row.topic_id)
            .map_err(anyhow::Error::msg)
            .with_context(context)?,
        difficulty: row
            .difficulty
            .parse()
            .map_err(anyhow::Error::msg)
            .with_context(context)?,
        key_points: serde_json::from_str(&row.key_points).with_context(context)?,
        status: QuestionStatus::parse(&row.status)?,
        created_at: time::parse_instant(&row.created_at)?,
        decided_at: row
            .decided_at
            .as_deref()
            .map(time::parse_instant)
            .transpose()?,
        question: row.question,
        answer: row.answer,
        suggested_by: row.suggested_by,
        decided_by: row.decided_by,
        reject_note: row.reject_note,
    })
}

/// A workspace's approved questions grouped by bank topic, in the bank's
/// topic order, with ids the bank accepts (`ws-3` of topic `vaes` becomes
/// `vaes-ws3`), for `prepbot bank export`. `external_id` is the workspace's
/// platform id as stored (a Discord guild id, a Slack team id; `console`
/// for the console's, stored as `local`), optionally written `platform:id`
/// when two platforms share it.
pub async fn export_workspace_questions(
    store: &Store,
    bank: &QuestionBank,
    external_id: &str,
) -> anyhow::Result<Vec<(Topic, Vec<Question>)>> {
    let workspace_id = resolve_workspace(store, external_id).await?;
    let rows = stored::with_status(store.pool(), workspace_id, "approved").await?;
    let mut by_topic: HashMap<TopicId, Vec<Question>> = HashMap::new();
    for row in rows {
        let mut question = question_of(row)?.as_question();
        question.id = QuestionId::parse(&format!(
            "{}-ws{}",
            question.topic,
            &question.id.as_str()[crate::domain::question::WORKSPACE_ID_PREFIX.len()..]
        ))
        .map_err(anyhow::Error::msg)?;
        by_topic
            .entry(question.topic.clone())
            .or_default()
            .push(question);
    }
    let mut out = Vec::new();
    for topic in bank.topics() {
        if let Some(questions) = by_topic.remove(&topic.id) {
            out.push((topic.clone(), questions));
        }
    }
    for (topic, _) in by_topic {
        tracing::warn!(%topic, "a workspace question's topic is no longer in the bank; not exported");
    }
    Ok(out)
}

/// The workspace an operator names on the command line: its platform id as
/// stored (`console` for the console's), or `platform:ID` when two
/// platforms share an id. Shared by every command that takes `--workspace`.
pub(crate) async fn resolve_workspace(store: &Store, external_id: &str) -> anyhow::Result<i64> {
    let (platform, external_id) = match external_id.split_once(':') {
        Some((platform, id)) => (Some(platform), id),
        // The console's one workspace is stored as `local`; its platform's
        // name is what people remember.
        None if external_id == "console" => (Some("console"), "local"),
        None => (None, external_id),
    };
    let found: Vec<(i64, String)> = workspaces::with_external_id(store.pool(), external_id)
        .await?
        .into_iter()
        .filter(|(_, p)| platform.is_none_or(|wanted| wanted == p))
        .collect();
    match found.as_slice() {
        [] => anyhow::bail!(
            "no workspace `{external_id}` in the database; the console's is `console`, a Discord \
             server's is its guild id, a Slack workspace's its team id"
        ),
        [(id, _)] => Ok(*id),
        several => {
            let names: Vec<String> = several
                .iter()
                .map(|(_, platform)| format!("{platform}:{external_id}"))
                .collect();
            anyhow::bail!(
                "`{external_id}` names workspaces on several platforms; write one of {}",
                names.join(", ")
            )
        }
    }
}
