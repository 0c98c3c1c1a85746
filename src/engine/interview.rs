//! A mock interview: a question, the member's answer, one follow-up on the
//! first key point the answer missed, the member's second answer, then a
//! summary of what the two answers covered together, with the model
//! answer. It counts as practice like a quiz once the member grades it.
//!
//! Between the turns the front-end carries which key points the first
//! answer covered (a `Covered` set, small enough for a button id), so
//! nothing is stored until the grade.

use super::judge::JudgedBy;
use super::{AnswerCheck, CardId, Engine, EngineError, MemberRef, Reveal, answer_verdict};
use crate::domain::key_points::KeyPointMatch;

/// Which of a question's key points (at most eight) an answer covered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Covered(pub u8);

impl Covered {
    pub fn of(matches: &[KeyPointMatch]) -> Self {
        Self(
            matches
                .iter()
                .take(8)
                .enumerate()
                .filter(|(_, m)| m.covered)
                .fold(0, |bits, (index, _)| bits | 1 << index),
        )
    }

    pub fn contains(self, index: usize) -> bool {
        index < 8 && self.0 & (1 << index) != 0
    }
}

/// What the interviewer asks next about the answer's first gap.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    pub key_point: String,
    /// The question the LLM judge wrote, checked for length and safety;
    /// `None` asks about `key_point` in prepbot's own words.
    pub asked: Option<String>,
}

/// After the first answer: a follow-up, or (when nothing was missed) the
/// summary at once.
#[derive(Debug, Clone, PartialEq)]
pub enum InterviewStep {
    FollowUp {
        check: AnswerCheck,
        covered: Covered,
        follow_up: FollowUp,
    },
    Done(InterviewSummary),
}

/// The end of an interview: the key points both answers covered together,
/// and the model answer.
#[derive(Debug, Clone, PartialEq)]
pub struct InterviewSummary {
    pub matches: Vec<KeyPointMatch>,
    pub covered: usize,
    pub verdict: String,
    pub reveal: Reveal,
    /// Who judged the last answer, and what the judge added.
    pub judged_by: JudgedBy,
}

impl Engine {
    /// Takes the first answer of an interview on `card_id` (a card drawn
    /// with `quiz`).
    pub async fn interview_answer(
        &self,
        who: &MemberRef,
        card_id: CardId,
        text: &str,
    ) -> Result<InterviewStep, EngineError> {
        let check = self.check_answer(who, card_id, text).await?;
        let missed = check.matches.iter().find(|m| !m.covered).cloned();
        match missed {
            Some(point) => {
                let asked = match &check.judged_by {
                    JudgedBy::Llm(verdict) => verdict.follow_up.clone(),
                    _ => None,
                };
                Ok(InterviewStep::FollowUp {
                    covered: Covered::of(&check.matches),
                    follow_up: FollowUp {
                        key_point: point.key_point,
                        asked,
                    },
                    check,
                })
            }
            None => Ok(InterviewStep::Done(
                self.summary(who, card_id, check.matches, check.judged_by)
                    .await?,
            )),
        }
    }

    /// Takes the answer to the follow-up and sums up the interview;
    /// `earlier` is what the first answer covered.
    pub async fn interview_follow_up(
        &self,
        who: &MemberRef,
        card_id: CardId,
        earlier: Covered,
        text: &str,
    ) -> Result<InterviewSummary, EngineError> {
        tracing::debug!(
            card = card_id.0,
            answer_chars = crate::command_log::answer_length(text),
            "taking a follow-up answer"
        );
        let check = self.check_answer(who, card_id, text).await?;
        let matches = check
            .matches
            .into_iter()
            .enumerate()
            .map(|(index, m)| KeyPointMatch {
                covered: m.covered || earlier.contains(index),
                key_point: m.key_point,
                evidence: m.evidence,
            })
            .collect();
        self.summary(who, card_id, matches, check.judged_by).await
    }

    async fn summary(
        &self,
        who: &MemberRef,
        card_id: CardId,
        matches: Vec<KeyPointMatch>,
        judged_by: JudgedBy,
    ) -> Result<InterviewSummary, EngineError> {
        let covered = matches.iter().filter(|m| m.covered).count();
        Ok(InterviewSummary {
            verdict: answer_verdict(covered, matches.len()),
            covered,
            matches,
            reveal: self.reveal(who, card_id).await?,
            judged_by,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(covered: &[bool]) -> Vec<KeyPointMatch> {
        covered
            .iter()
            .enumerate()
            .map(|(index, &covered)| KeyPointMatch {
                key_point: format!("point {index}"),
                covered,
                evidence: None,
            })
            .collect()
    }

    #[test]
    fn a_covered_set_remembers_each_key_point_by_its_place() {
        let set = Covered::of(&matches(&[true, false, true, false, true]));
        assert_eq!(set, Covered(0b10101));
        assert!(set.contains(0) && !set.contains(1) && set.contains(4));
        assert!(
            !set.contains(9),
            "past the eighth key point nothing is held"
        );
    }
}
