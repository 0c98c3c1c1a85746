//! What a button or modal asks for, written into its id (a Discord
//! `custom_id`, a Slack `action_id` or view `callback_id`):
//! `pb1:{action}:{card}`. Everything a click needs is in the id and the
//! database, so buttons keep working after a restart. An id is parsed
//! strictly; anything else (stale, malformed or forged) is refused. Shared
//! by the front-ends, so neither imports the other.
//!
//! A mock interview keeps its state in its ids too: the follow-up's button
//! carries what the first answer covered (`pb1:followup-5:42`: key points
//! 1 and 3 of card 42), so nothing is stored between the two answers.

use std::fmt;

use crate::domain::Grade;
use crate::engine::{CardId, Covered};

const PREFIX: &str = "pb1";
/// Choice cards have four options.
pub const MAX_OPTIONS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Show the model answer privately.
    Reveal,
    /// Open the answer modal (on a button) or check the written answer (on
    /// the modal it opened).
    Answer,
    Grade(Grade),
    /// Pick an option of a choice card, counted from 0.
    Pick(usize),
    /// The caller's next review card; carries no card.
    NextReview,
    /// The caller's next question to cram before their interview; no card.
    NextCram,
    /// Open (on a button) or take (on its modal) the first answer of a mock
    /// interview.
    Interview,
    /// Open or take the answer to a mock interview's follow-up; carries
    /// which key points the first answer covered.
    FollowUp(Covered),
    /// Admins: open (on a button) or take (on its modal) a question of the
    /// workspace's own, approved at once; carries no card.
    AddQuestion,
    /// Members: open or take a suggested question, which waits for an
    /// admin; carries no card.
    SuggestQuestion,
    /// Admins: approve the workspace's pending question `ws-N`; no card.
    Approve(i64),
    /// Admins: reject the workspace's pending question `ws-N`; no card.
    Reject(i64),
    /// A reminder's "next review": as `NextReview`, in prepbot's workspace
    /// N, since a click in a direct message names no server.
    ReviewIn(i64),
    /// A reminder's "Stop reminders", for workspace N (as `ReviewIn`).
    StopReminders(i64),
    /// Confirms the deletion of the caller's own data; no card.
    Forget,
}

impl Action {
    /// Whether ids of this action name a card.
    fn on_a_card(self) -> bool {
        !matches!(
            self,
            Action::NextReview
                | Action::NextCram
                | Action::AddQuestion
                | Action::SuggestQuestion
                | Action::Approve(_)
                | Action::Reject(_)
                | Action::ReviewIn(_)
                | Action::StopReminders(_)
                | Action::Forget
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComponentId {
    pub action: Action,
    pub card: Option<CardId>,
}

/// Why an id was refused; shown to the person who clicked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "That button is not one prepbot recognises (it may come from an older version). Draw a fresh question with /quiz."
)]
pub struct UnknownId;

impl ComponentId {
    pub fn on_card(action: Action, card: CardId) -> Self {
        Self {
            action,
            card: Some(card),
        }
    }

    pub fn next_review() -> Self {
        Self::alone(Action::NextReview)
    }

    /// An action that names no card (review, the question forms, approve
    /// and reject).
    pub fn alone(action: Action) -> Self {
        Self { action, card: None }
    }

    pub fn parse(text: &str) -> Result<Self, UnknownId> {
        let mut parts = text.split(':');
        if parts.next() != Some(PREFIX) {
            return Err(UnknownId);
        }
        let action = parts.next().ok_or(UnknownId)?;
        let card = parts.next();
        if parts.next().is_some() {
            return Err(UnknownId);
        }
        let action = match action {
            "reveal" => Action::Reveal,
            "answer" => Action::Answer,
            "review" => Action::NextReview,
            "cram" => Action::NextCram,
            "interview" => Action::Interview,
            "add" => Action::AddQuestion,
            "suggest" => Action::SuggestQuestion,
            "forget" => Action::Forget,
            other => {
                if let Some(grade) = other.strip_prefix("grade-") {
                    Action::Grade(
                        Grade::ALL
                            .into_iter()
                            .find(|g| g.as_str() == grade)
                            .ok_or(UnknownId)?,
                    )
                } else if let Some(mask) = other.strip_prefix("followup-") {
                    let mask = canonical_number(mask).ok_or(UnknownId)?;
                    Action::FollowUp(Covered(u8::try_from(mask).map_err(|_| UnknownId)?))
                } else if let Some(number) = other.strip_prefix("approve-") {
                    Action::Approve(
                        canonical_number(number)
                            .filter(|n| *n > 0)
                            .ok_or(UnknownId)?,
                    )
                } else if let Some(number) = other.strip_prefix("review-") {
                    Action::ReviewIn(
                        canonical_number(number)
                            .filter(|n| *n > 0)
                            .ok_or(UnknownId)?,
                    )
                } else if let Some(number) = other.strip_prefix("noremind-") {
                    Action::StopReminders(
                        canonical_number(number)
                            .filter(|n| *n > 0)
                            .ok_or(UnknownId)?,
                    )
                } else if let Some(number) = other.strip_prefix("reject-") {
                    Action::Reject(
                        canonical_number(number)
                            .filter(|n| *n > 0)
                            .ok_or(UnknownId)?,
                    )
                } else if let Some(index) = other.strip_prefix("pick-") {
                    let index = canonical_number(index).ok_or(UnknownId)?;
                    let index = usize::try_from(index).map_err(|_| UnknownId)?;
                    if index >= MAX_OPTIONS {
                        return Err(UnknownId);
                    }
                    Action::Pick(index)
                } else {
                    return Err(UnknownId);
                }
            }
        };
        let card = match (action.on_a_card(), card) {
            (false, None) => None,
            (false, Some(_)) | (true, None) => return Err(UnknownId),
            (true, Some(card)) => Some(CardId(
                canonical_number(card)
                    .filter(|id| *id > 0)
                    .ok_or(UnknownId)?,
            )),
        };
        Ok(Self { action, card })
    }
}

/// Digits only, no sign, no leading zero: each number has one spelling, so
/// an id that merely parses to a number but was never written is refused.
fn canonical_number(text: &str) -> Option<i64> {
    let well_formed = !text.is_empty()
        && text.len() <= 18
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    well_formed.then(|| text.parse().ok()).flatten()
}

impl fmt::Display for ComponentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let action = match self.action {
            Action::Reveal => "reveal".to_owned(),
            Action::Answer => "answer".to_owned(),
            Action::NextReview => "review".to_owned(),
            Action::NextCram => "cram".to_owned(),
            Action::Grade(grade) => format!("grade-{grade}"),
            Action::Pick(index) => format!("pick-{index}"),
            Action::Interview => "interview".to_owned(),
            Action::FollowUp(Covered(mask)) => format!("followup-{mask}"),
            Action::AddQuestion => "add".to_owned(),
            Action::SuggestQuestion => "suggest".to_owned(),
            Action::Approve(number) => format!("approve-{number}"),
            Action::Reject(number) => format!("reject-{number}"),
            Action::ReviewIn(workspace) => format!("review-{workspace}"),
            Action::StopReminders(workspace) => format!("noremind-{workspace}"),
            Action::Forget => "forget".to_owned(),
        };
        match self.card {
            Some(card) => write!(f, "{PREFIX}:{action}:{card}"),
            None => write!(f, "{PREFIX}:{action}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_survives_a_round_trip_through_its_id() {
        let card = CardId(4_211);
        let mut ids = vec![
            ComponentId::on_card(Action::Reveal, card),
            ComponentId::on_card(Action::Answer, card),
            ComponentId::on_card(Action::Interview, card),
            ComponentId::next_review(),
            ComponentId::alone(Action::NextCram),
            ComponentId::alone(Action::AddQuestion),
            ComponentId::alone(Action::SuggestQuestion),
            ComponentId::alone(Action::Approve(17)),
            ComponentId::alone(Action::Reject(3)),
            ComponentId::alone(Action::ReviewIn(12)),
            ComponentId::alone(Action::StopReminders(12)),
            ComponentId::alone(Action::Forget),
        ];
        ids.extend(
            [0, 1, 5, 128, 255]
                .into_iter()
                .map(|mask| ComponentId::on_card(Action::FollowUp(Covered(mask)), card)),
        );
        ids.extend(
            Grade::ALL
                .into_iter()
                .map(|g| ComponentId::on_card(Action::Grade(g), card)),
        );
        ids.extend((0..MAX_OPTIONS).map(|i| ComponentId::on_card(Action::Pick(i), card)));
        for id in ids {
            let text = id.to_string();
            assert!(text.len() <= 100, "Discord allows 100 characters: {text}");
            assert_eq!(ComponentId::parse(&text), Ok(id), "{text}");
        }
    }

    #[test]
    fn malformed_or_forged_ids_are_refused() {
        for text in [
            "",
            "pb1",
            "pb1:reveal",
            "pb1:reveal:",
            "pb1:reveal:abc",
            "pb1:reveal:-4",
            "pb1:reveal:+4",
            "pb1:reveal:0",
            "pb1:reveal:007",
            "pb1:reveal:4:5",
            "pb1:grade-perfect:4",
            "pb1:grade-Good:4",
            "pb1:pick-4:4",
            "pb1:pick-01:4",
            "pb1:review:4",
            "pb1:add:4",
            "pb1:approve-0",
            "pb1:approve-07",
            "pb1:approve-7:4",
            "pb1:reject-x",
            "pb1:reject",
            "pb2:reveal:4",
            "pb1:delete:4",
            "pb1:reveal:99999999999999999999",
            "pb1:interview",
            "pb1:interview:0",
            "pb1:interview-1:4",
            "pb1:followup:4",
            "pb1:followup-:4",
            "pb1:followup-256:4",
            "pb1:followup-1000:4",
            "pb1:followup-05:4",
            "pb1:followup-00:4",
            "pb1:followup--1:4",
            "pb1:followup-+1:4",
            "pb1:followup-0x1f:4",
            "pb1:followup-3",
            "pb1:followup-3:0",
            "pb1:review-0",
            "pb1:review-012",
            "pb1:review-5:4",
            "pb1:noremind",
            "pb1:noremind-x",
        ] {
            assert_eq!(ComponentId::parse(text), Err(UnknownId), "{text:?}");
        }
    }
}
