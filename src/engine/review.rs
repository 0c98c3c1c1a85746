//! The review queue: a member's due cards first, most overdue first, then up
//! to the daily allowance of questions they have never practised.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::interview_plan::Countdown;
use super::{Card, Engine, EngineError, MemberRef};
use crate::domain::day::practice_day;
use crate::domain::{Context, Mode, Question};
use crate::store::{review_cards, time};

/// What `/review` offers next.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewNext {
    /// A card to answer, with how many more are due and how many new
    /// questions are left for today after this one.
    Card {
        card: Card,
        due_after: usize,
        new_left: usize,
        is_new: bool,
        /// Days to the member's interview, when they set a date.
        countdown: Option<Countdown>,
    },
    /// Nothing due and no new questions left today.
    Done {
        next_due: Option<NaiveDate>,
        countdown: Option<Countdown>,
    },
}

impl Engine {
    pub async fn review(&self, who: &MemberRef) -> Result<ReviewNext, EngineError> {
        let member = self.member(who).await?;
        let now = self.clock.now();
        let day = self.today(&member);
        let today = time::day_text(day);
        let cards = review_cards::all(self.store.pool(), member.id()).await?;
        let now_text = time::instant_text(now);
        // Cards for questions no longer in the bank are skipped, not shown.
        let bank = self.bank_for(member.row.workspace_id).await?;
        let in_bank = |question_id: &str| {
            crate::domain::QuestionId::parse(question_id)
                .ok()
                .and_then(|id| bank.question(&id))
        };
        let mut due: Vec<(&review_cards::ReviewCardRow, &Question)> = cards
            .iter()
            .filter(|card| card.due <= now_text)
            .filter_map(|card| in_bank(&card.question_id).map(|question| (card, question)))
            .collect();
        due.sort_by(|a, b| (&a.0.due, &a.0.question_id).cmp(&(&b.0.due, &b.0.question_id)));
        let introduced_today = cards
            .iter()
            .filter(|card| card.introduced_on == today)
            .count();
        let base = usize::try_from(self.config.new_cards_per_day).unwrap_or(usize::MAX);
        let plan = self.interview_plan_of(&member, day).await?;
        let budget = plan
            .as_ref()
            .map(|plan| self.plan_budget(plan, &bank, &cards, day));
        let known: HashSet<&str> = cards.iter().map(|card| card.question_id.as_str()).collect();
        // Questions never practised, in bank id order (the seed's own
        // order, fundamentals first).
        let first_unseen = |covered: &dyn Fn(&Question) -> bool| {
            bank.questions()
                .iter()
                .filter(|q| !known.contains(q.id.as_str()) && covered(q))
                .min_by(|a, b| a.id.cmp(&b.id))
        };
        // Before an interview, new questions come from its topics first,
        // within the larger allowance the date may need; once every one of
        // them has been seen, the usual allowance goes on to the rest.
        let (fresh, allowance) = match (&plan, budget) {
            (Some(plan), Some(budget)) if budget.unseen_now > 0 => (
                first_unseen(&|q: &Question| plan.covers(q)),
                usize::try_from(budget.new_per_day).unwrap_or(usize::MAX),
            ),
            _ => (first_unseen(&|_: &Question| true), base),
        };
        let new_left = allowance.saturating_sub(introduced_today);

        // Due cards first; then, within today's allowance, a new question.
        let next = match due.first() {
            Some((_, question)) => Some((*question, due.len() - 1, new_left, false)),
            None if new_left > 0 => fresh.map(|question| (question, 0, new_left - 1, true)),
            None => None,
        };
        // From the bank and cards already read: no second read per card.
        let countdown = plan
            .as_ref()
            .map(|plan| self.countdown_from(plan, &bank, &cards, day));
        if let Some((question, due_after, new_left, is_new)) = next {
            let card = self
                .issue(
                    member.row.workspace_id,
                    Some(member.id()),
                    question,
                    Context::Review,
                    Mode::Flashcard,
                )
                .await?;
            return Ok(ReviewNext::Card {
                card,
                due_after,
                new_left,
                is_new,
                countdown,
            });
        }
        let next_due = cards
            .iter()
            .filter(|card| in_bank(&card.question_id).is_some())
            .filter_map(|card| time::parse_instant(&card.due).ok())
            .min()
            .map(|due| practice_day(due, member.zone, self.config.day_start));
        Ok(ReviewNext::Done {
            next_due,
            countdown,
        })
    }
}

impl Engine {
    /// How many of the member's review cards are due now (questions still
    /// in the bank only), without drawing one: for an at-a-glance view such
    /// as Slack's App Home.
    pub async fn due_reviews(&self, who: &MemberRef) -> Result<usize, EngineError> {
        let member = self.member(who).await?;
        let now_text = time::instant_text(self.clock.now());
        let cards = review_cards::all(self.store.pool(), member.id()).await?;
        let bank = self.bank_for(member.row.workspace_id).await?;
        Ok(cards
            .iter()
            .filter(|card| card.due <= now_text)
            .filter(|card| {
                crate::domain::QuestionId::parse(&card.question_id)
                    .ok()
                    .and_then(|id| bank.question(&id))
                    .is_some()
            })
            .count())
    }
}
