//! Drawing a quiz card: the question the member has gone longest without
//! (never-seen first), and for choice mode the question's written options
//! (or, where the bank has none, three sibling answers beside the right one).

use std::collections::HashMap;

use anyhow::Context as _;
use rand::Rng;
use rand::seq::SliceRandom;

use super::history;
use super::options::{self, OptionRef};
use super::{Card, Engine, EngineError, MemberRef, UserError};
use crate::bank::QuestionBank;
use crate::domain::brief::brief;
use crate::domain::{Context, Difficulty, Mode, Question, QuestionId};
use crate::store::{attempts, cards, time};

/// Options on a choice card.
pub const CHOICE_OPTIONS: usize = 4;

impl Engine {
    /// A question now, on a topic (by id, name or alias) and difficulty if
    /// given.
    pub async fn quiz(
        &self,
        who: &MemberRef,
        topic: Option<&str>,
        difficulty: Option<Difficulty>,
        mode: Mode,
    ) -> Result<Card, EngineError> {
        let member = self.member(who).await?;
        // The shared bank and this workspace's own questions, never
        // another workspace's.
        let bank = self.bank_for(member.row.workspace_id).await?;
        // A question id in place of a topic (`/quiz genai-018`) asks that
        // question, on every front-end alike.
        if let Some(question) = topic.and_then(|typed| question_named(&bank, typed)) {
            return self
                .issue(
                    member.row.workspace_id,
                    Some(member.id()),
                    question,
                    Context::Quiz,
                    mode,
                )
                .await;
        }
        let topic = topic
            .filter(|t| !t.trim().is_empty())
            .map(|t| self.resolve_topic(t))
            .transpose()?;
        let eligible: Vec<&Question> = bank
            .questions()
            .iter()
            .filter(|q| topic.as_ref().is_none_or(|t| q.topic == t.id))
            .filter(|q| difficulty.is_none_or(|d| q.difficulty == d))
            .collect();
        if eligible.is_empty() {
            let mut available: Vec<Difficulty> = bank
                .questions()
                .iter()
                .filter(|q| topic.as_ref().is_none_or(|t| q.topic == t.id))
                .map(|q| q.difficulty)
                .collect();
            available.sort();
            available.dedup();
            return Err(UserError::NoQuestions {
                topic: topic.as_ref().map(|t| t.id.to_string()),
                difficulty,
                available,
            }
            .into());
        }
        let last: HashMap<String, String> =
            attempts::last_practised(self.store.pool(), member.id())
                .await?
                .into_iter()
                .collect();
        let question = self.least_recent(&eligible, &last);
        self.issue(
            member.row.workspace_id,
            Some(member.id()),
            question,
            Context::Quiz,
            mode,
        )
        .await
    }

    /// A flashcard for one question by its id (`genai-016`), as `/reveal
    /// genai-016` asks.
    pub async fn quiz_question(&self, who: &MemberRef, id: &str) -> Result<Card, EngineError> {
        let unknown = || UserError::UnknownQuestion {
            typed: crate::domain::text::echo(id),
        };
        let id = QuestionId::parse(id.trim()).map_err(|_| unknown())?;
        let member = self.member(who).await?;
        let bank = self.bank_for(member.row.workspace_id).await?;
        let question = bank.question(&id).ok_or_else(unknown)?;
        self.issue(
            member.row.workspace_id,
            Some(member.id()),
            question,
            Context::Quiz,
            Mode::Flashcard,
        )
        .await
    }

    /// Never-practised questions first, then the longest ago; ties drawn at
    /// random so two members do not march through the bank in step.
    fn least_recent<'a>(
        &self,
        eligible: &[&'a Question],
        last: &HashMap<String, String>,
    ) -> &'a Question {
        let key = |q: &Question| last.get(q.id.as_str()).cloned();
        let oldest = eligible.iter().map(|q| key(q)).min().flatten();
        let ties: Vec<&Question> = eligible
            .iter()
            .copied()
            .filter(|q| key(q) == oldest)
            .collect();
        let pick = self.random_index(ties.len());
        ties[pick]
    }

    pub(super) fn random_index(&self, len: usize) -> usize {
        let mut rng = self
            .rng
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        rng.gen_range(0..len.max(1))
    }

    /// Stores a card for `question` and returns it as shown.
    pub(super) async fn issue(
        &self,
        workspace_id: i64,
        member_id: Option<i64>,
        question: &Question,
        context: Context,
        mode: Mode,
    ) -> Result<Card, EngineError> {
        self.issue_marked(workspace_id, member_id, question, context, mode, false)
            .await
    }

    /// `issue`, and when `crammed` the card is marked as drawn by `/review
    /// cram` in the same transaction, so no cram card can exist unmarked
    /// (its grade would then move the FSRS schedule).
    pub(super) async fn issue_marked(
        &self,
        workspace_id: i64,
        member_id: Option<i64>,
        question: &Question,
        context: Context,
        mode: Mode,
        crammed: bool,
    ) -> Result<Card, EngineError> {
        let options = match mode {
            Mode::Choice => Some(options::encode_all(&self.choice_options(question))),
            Mode::Flashcard => None,
        };
        let issued_at = time::instant_text(self.clock.now());
        let shown = history::shown_text(question);
        let new_card = cards::NewCard {
            workspace_id,
            member_id,
            question_id: question.id.as_str(),
            context: context.as_str(),
            mode: mode.as_str(),
            choice_options: options.as_deref(),
            issued_at: &issued_at,
            shown: Some(&shown),
        };
        let id = if crammed {
            let mut tx = self.store.begin().await?;
            let id = cards::insert(&mut *tx, &new_card).await?;
            crate::store::interview_plans::mark_crammed(&mut *tx, id).await?;
            tx.commit().await.context("committing the cram card")?;
            id
        } else {
            cards::insert(self.store.pool(), &new_card).await?
        };
        let row = cards::CardRow {
            id,
            workspace_id,
            member_id,
            question_id: question.id.to_string(),
            context: context.as_str().to_owned(),
            mode: mode.as_str().to_owned(),
            choice_options: options,
            issued_at,
            shown: Some(shown),
        };
        self.card_view(&row, question)
    }

    /// The question's four written options in a uniformly random order; for
    /// a question without them, the right answer and three others borrowed
    /// from other questions (see `borrowed_options`).
    fn choice_options(&self, question: &Question) -> Vec<OptionRef> {
        let mut options = match question.options {
            Some(_) => (0..CHOICE_OPTIONS).map(OptionRef::Written).collect(),
            None => self
                .borrowed_options(question)
                .into_iter()
                .map(OptionRef::Borrowed)
                .collect::<Vec<_>>(),
        };
        let mut rng = self
            .rng
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        options.shuffle(&mut *rng);
        options
    }

    /// The right answer and three others: siblings from the same topic
    /// first, topped up from the nearest topics in bank order when a topic
    /// is small. Options whose brief reads the same as one already chosen
    /// are skipped, so no two options look alike.
    fn borrowed_options(&self, question: &Question) -> Vec<QuestionId> {
        let bank = self.bank();
        let topics = bank.topics();
        let home = topics
            .iter()
            .position(|t| t.id == question.topic)
            .unwrap_or(0);
        let mut by_distance: Vec<usize> = (0..topics.len()).collect();
        by_distance.sort_by_key(|&index| (index.abs_diff(home), index));

        let mut rng = self
            .rng
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut chosen = vec![question];
        let mut briefs = vec![brief(&question.answer)];
        for index in by_distance {
            let mut pool: Vec<&Question> = bank
                .questions_in(&topics[index].id)
                .filter(|q| q.id != question.id)
                .collect();
            pool.shuffle(&mut *rng);
            for candidate in pool {
                if chosen.len() == CHOICE_OPTIONS {
                    break;
                }
                let text = brief(&candidate.answer);
                if !briefs.contains(&text) {
                    briefs.push(text);
                    chosen.push(candidate);
                }
            }
        }
        chosen.into_iter().map(|q| q.id.clone()).collect()
    }
}

/// The question whose id was typed, unless the text names a topic.
fn question_named<'b>(bank: &'b QuestionBank, typed: &str) -> Option<&'b Question> {
    let typed = typed.trim();
    if bank.find_topic(typed).is_some() {
        return None;
    }
    let id = QuestionId::parse(&typed.to_ascii_lowercase()).ok()?;
    bank.question(&id)
}
