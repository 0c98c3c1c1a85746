//! `/review cram`: before an interview, questions the member already knows
//! are served ahead of their FSRS schedule, soonest due first, from the
//! interview's topics.
//!
//! Reviewing early must not teach the scheduler something false. FSRS
//! grows a card's stability from a recall after the elapsed time; a recall
//! an hour after the last one would be read as evidence of memory that was
//! never tested, and inflate the next interval. So a cram grade is recorded
//! as an attempt (points and streak as a review) but the schedule changes
//! in one way only: a card the member fails ("again" or "hard") is brought
//! due at once, so that the next plain `/review` tests it properly. Its
//! stability, difficulty and history stay as they were; "good" and "easy"
//! leave the card exactly as it was.

use std::collections::HashSet;

use super::interview_plan::Countdown;
use super::{Card, Engine, EngineError, MemberRef, UserError};
use crate::domain::{Context, Grade, Mode, Question, QuestionId};
use crate::store::review_cards::ReviewCardRow;
use crate::store::{interview_plans, review_cards, time};

/// What `/review cram` offers next.
#[derive(Debug, Clone, PartialEq)]
pub enum CramNext {
    /// A question ahead of its schedule, with how many more are left.
    Card {
        card: Card,
        left: usize,
        countdown: Countdown,
    },
    /// Nothing left to cram today: every known question of the
    /// interview's topics was practised today, is due (plain `/review`
    /// serves those), or has never been seen.
    Nothing { due: usize, countdown: Countdown },
}

impl Engine {
    pub async fn cram(&self, who: &MemberRef) -> Result<CramNext, EngineError> {
        let member = self.member(who).await?;
        let today = self.today(&member);
        let plan = self
            .interview_plan_of(&member, today)
            .await?
            .ok_or(UserError::NoInterviewToCram)?;
        let pool = self.store.pool();
        let cards = review_cards::all(pool, member.id()).await?;
        let graded_today: HashSet<String> =
            interview_plans::graded_on(pool, member.id(), &time::day_text(today))
                .await?
                .into_iter()
                .collect();
        let bank = self.bank_for(member.row.workspace_id).await?;
        let now = time::instant_text(self.clock.now());
        let in_plan = |card: &ReviewCardRow| -> Option<&Question> {
            let id = QuestionId::parse(&card.question_id).ok()?;
            bank.question(&id).filter(|q| plan.covers(q))
        };
        let due = cards
            .iter()
            .filter(|card| card.due <= now && in_plan(card).is_some())
            .count();
        // Soonest due first: those are the ones most likely forgotten by
        // the interview. `all` returns the cards ordered by due.
        let ahead: Vec<&Question> = cards
            .iter()
            .filter(|card| card.due > now && !graded_today.contains(&card.question_id))
            .filter_map(in_plan)
            .collect();
        let countdown = self.countdown_from(&plan, &bank, &cards, today);
        let Some(question) = ahead.first() else {
            return Ok(CramNext::Nothing { due, countdown });
        };
        let card = self
            .issue_marked(
                member.row.workspace_id,
                Some(member.id()),
                question,
                Context::Review,
                Mode::Flashcard,
                true,
            )
            .await?;
        Ok(CramNext::Card {
            card,
            left: ahead.len() - 1,
            countdown,
        })
    }
}

/// The review card after a cram grade: unchanged, except that a failed
/// recall makes the card due at `now` (never later than it was).
pub(super) fn after_cram(card: &ReviewCardRow, grade: Grade, now: &str) -> ReviewCardRow {
    let mut next = card.clone();
    if matches!(grade, Grade::Again | Grade::Hard) && next.due.as_str() > now {
        next.due = now.to_owned();
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(due: &str) -> ReviewCardRow {
        ReviewCardRow {
            member_id: 1,
            question_id: "genai-001".to_owned(),
            due: due.to_owned(),
            stability: 12.5,
            difficulty: 4.2,
            elapsed_days: 3,
            scheduled_days: 12,
            reps: 4,
            lapses: 0,
            state: 2,
            last_review: "2026-11-20T09:00:00.000Z".to_owned(),
            introduced_on: "2026-11-01".to_owned(),
        }
    }

    #[test]
    fn a_good_or_easy_cram_grade_leaves_the_schedule_as_it_was() {
        let before = card("2026-12-10T09:00:00.000Z");
        for grade in [Grade::Good, Grade::Easy] {
            assert_eq!(
                after_cram(&before, grade, "2026-12-01T12:00:00.000Z"),
                before
            );
        }
    }

    #[test]
    fn a_failed_cram_grade_brings_the_card_due_and_keeps_its_memory_figures() {
        let before = card("2026-12-10T09:00:00.000Z");
        let after = after_cram(&before, Grade::Again, "2026-12-01T12:00:00.000Z");
        assert_eq!(after.due, "2026-12-01T12:00:00.000Z");
        assert_eq!(
            (after.stability, after.difficulty, after.reps, after.lapses),
            (
                before.stability,
                before.difficulty,
                before.reps,
                before.lapses
            )
        );
        assert_eq!(after.last_review, before.last_review);
    }
}
