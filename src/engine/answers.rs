//! Revealing a card's model answer, and checking a typed answer against its
//! key points.

use super::history::{self, Since};
use super::judge::{JudgedBy, judge_or_check};
use super::{CardId, Engine, EngineError, MemberRef, UserError};
use crate::domain::Question;
use crate::domain::key_points::KeyPointMatch;

/// Typed answers longer than this are refused.
pub const MAX_ANSWER_CHARS: usize = 2_000;

/// The model answer, for the member who asked only.
#[derive(Debug, Clone, PartialEq)]
pub struct Reveal {
    pub card_id: CardId,
    pub question: String,
    pub answer: String,
    pub key_points: Vec<String>,
    pub example: Option<String>,
    /// For choice cards: the options and which one is right.
    pub options: Vec<String>,
    pub correct_option: Option<usize>,
    /// Whether the bank's text has changed, or the question left the bank,
    /// since the card showed it (the reveal shows what the card showed).
    pub since: Since,
}

/// Which key points a typed answer covers.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerCheck {
    pub card_id: CardId,
    pub matches: Vec<KeyPointMatch>,
    pub covered: usize,
    pub verdict: String,
    /// The built-in checker or the LLM judge, and what the judge added.
    pub judged_by: JudgedBy,
}

impl Engine {
    pub async fn reveal(&self, who: &MemberRef, card_id: CardId) -> Result<Reveal, EngineError> {
        let member = self.member(who).await?;
        let (card, question) = self.card_for(&member, card_id).await?;
        let view = self.card_view(&card, &question)?;
        let correct_option = self
            .card_options(&card)?
            .iter()
            .position(|option| option.is_right(&question));
        let bank = self.bank_for(member.row.workspace_id).await?;
        let since = history::since(bank.question(&question.id), &question);
        Ok(Reveal {
            card_id,
            question: question.question.clone(),
            answer: question.answer.clone(),
            key_points: question.key_points.clone(),
            example: question.example.clone(),
            options: view.options,
            correct_option,
            since,
        })
    }

    /// Checks a typed answer; nothing is recorded until the member grades.
    pub async fn check_answer(
        &self,
        who: &MemberRef,
        card_id: CardId,
        text: &str,
    ) -> Result<AnswerCheck, EngineError> {
        let chars = text.chars().count();
        // The answer itself never goes to the log: only its length.
        tracing::debug!(
            card = card_id.0,
            answer_chars = chars,
            "checking a typed answer"
        );
        if chars > MAX_ANSWER_CHARS {
            return Err(UserError::AnswerTooLong {
                chars,
                max: MAX_ANSWER_CHARS,
            }
            .into());
        }
        if text.trim().is_empty() {
            return Err(UserError::EmptyAnswer.into());
        }
        let member = self.member(who).await?;
        let (_, question) = self.card_for(&member, card_id).await?;
        let (matches, judged_by) = self.judge_answer(who, &question, text).await;
        let covered = matches.iter().filter(|m| m.covered).count();
        Ok(AnswerCheck {
            card_id,
            verdict: answer_verdict(covered, matches.len()),
            matches,
            covered,
            judged_by,
        })
    }

    async fn judge_answer(
        &self,
        who: &MemberRef,
        question: &Question,
        text: &str,
    ) -> (Vec<KeyPointMatch>, JudgedBy) {
        let member = format!(
            "{}:{}:{}",
            who.workspace.platform, who.workspace.external_id, who.external_id
        );
        judge_or_check(
            self.judge.as_deref(),
            self.bank().checker(),
            &member,
            question,
            text,
        )
        .await
    }
}

/// What a member reads after a typed answer: how many key points it covered.
pub fn answer_verdict(covered: usize, total: usize) -> String {
    match covered {
        0 => format!(
            "None of the {total} key points showed up yet; reveal the model answer and compare."
        ),
        n if n == total => format!("You covered all {total} key points. Nicely done."),
        n => format!("You covered {n} of {total} key points; the model answer shows the rest."),
    }
}
