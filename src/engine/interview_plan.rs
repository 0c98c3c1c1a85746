//! A member's interview date: set or cleared in `/settings`, counted down
//! in `/streak`, `/review` and `/stats`, and steering `/review`'s new
//! questions toward the interview's topics (`domain::countdown` says how
//! many a day).

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{Engine, EngineError, Member, MemberRef, UserError};
use crate::bank::QuestionBank;
use crate::domain::countdown::{new_questions_today, parse_interview_date};
use crate::domain::{Question, TopicId};
use crate::store::interview_plans::{self, PlanRow};
use crate::store::{review_cards, time};

/// Where a member stands before their interview.
#[derive(Debug, Clone, PartialEq)]
pub struct Countdown {
    pub date: NaiveDate,
    /// Calendar days until the date: 0 on the day itself.
    pub days_left: i64,
    /// Topic names the interview covers; empty for every topic.
    pub topics: Vec<String>,
    /// Questions of those topics the member has never practised.
    pub unseen: usize,
    /// New questions `/review` introduces today so every one is seen
    /// before the date (at least the usual allowance).
    pub new_per_day: u32,
}

/// A member's plan as the engine uses it.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub date: NaiveDate,
    /// Empty for every topic.
    pub topics: Vec<TopicId>,
}

impl Plan {
    pub fn covers(&self, question: &Question) -> bool {
        self.topics.is_empty() || self.topics.contains(&question.topic)
    }
}

/// What a member's `/settings interview …` did.
#[derive(Debug, Clone, PartialEq)]
pub enum InterviewSetting {
    Set(Countdown),
    /// Cleared; false when no date was set.
    Cleared(bool),
}

/// Words that clear the interview date instead of setting one.
pub fn means_no_interview(typed: &str) -> bool {
    matches!(
        typed.trim().to_ascii_lowercase().as_str(),
        "off" | "none" | "clear" | "no" | "-"
    )
}

impl Engine {
    /// Sets the member's interview date (`YYYY-MM-DD`, their own calendar)
    /// and, optionally, the topics it covers (ids, names or aliases,
    /// separated by commas or spaces).
    pub async fn set_interview(
        &self,
        who: &MemberRef,
        date: &str,
        topics: Option<&str>,
    ) -> Result<Countdown, EngineError> {
        let member = self.member(who).await?;
        let today = self.today(&member);
        let date = parse_interview_date(date, today).map_err(UserError::BadInterviewDate)?;
        let topics = self.resolve_topics(topics.filter(|t| !t.trim().is_empty()))?;
        let row = PlanRow {
            interview_date: time::day_text(date),
            topics: (!topics.is_empty()).then(|| {
                topics
                    .iter()
                    .map(TopicId::as_str)
                    .collect::<Vec<_>>()
                    .join(",")
            }),
        };
        let now = time::instant_text(self.clock.now());
        interview_plans::set(self.store.pool(), member.id(), &row, &now).await?;
        let plan = Plan { date, topics };
        Ok(self.countdown_of(&member, &plan, today).await?)
    }

    /// Sets the interview date as typed in `/settings`, or clears it when
    /// the member typed `off` (see `means_no_interview`).
    pub async fn interview_setting(
        &self,
        who: &MemberRef,
        typed: &str,
        topics: Option<&str>,
    ) -> Result<InterviewSetting, EngineError> {
        if means_no_interview(typed) {
            return Ok(InterviewSetting::Cleared(self.clear_interview(who).await?));
        }
        Ok(InterviewSetting::Set(
            self.set_interview(who, typed, topics).await?,
        ))
    }

    /// Forgets the member's interview date; false when none was set.
    pub async fn clear_interview(&self, who: &MemberRef) -> Result<bool, EngineError> {
        let member = self.member(who).await?;
        Ok(interview_plans::clear(self.store.pool(), member.id()).await?)
    }

    /// The member's countdown, while their interview date is today or ahead.
    pub async fn interview_countdown(
        &self,
        who: &MemberRef,
    ) -> Result<Option<Countdown>, EngineError> {
        let member = self.member(who).await?;
        let today = self.today(&member);
        match self.interview_plan_of(&member, today).await? {
            Some(plan) => Ok(Some(self.countdown_of(&member, &plan, today).await?)),
            None => Ok(None),
        }
    }

    /// The member's plan while its date is today or ahead; a date gone by
    /// is simply no plan.
    pub(super) async fn interview_plan_of(
        &self,
        member: &Member,
        today: NaiveDate,
    ) -> anyhow::Result<Option<Plan>> {
        let Some(row) = interview_plans::get(self.store.pool(), member.id()).await? else {
            return Ok(None);
        };
        let date = time::parse_day(&row.interview_date)?;
        if date < today {
            return Ok(None);
        }
        let topics = row
            .topics
            .as_deref()
            .map(|text| {
                text.split(',')
                    .filter_map(|id| TopicId::parse(id).ok())
                    .collect()
            })
            .unwrap_or_default();
        Ok(Some(Plan { date, topics }))
    }

    /// The countdown for a member whose bank and review cards are not read
    /// yet; `countdown_from` when they are.
    pub(super) async fn countdown_of(
        &self,
        member: &Member,
        plan: &Plan,
        today: NaiveDate,
    ) -> anyhow::Result<Countdown> {
        let bank = self.bank_for(member.row.workspace_id).await?;
        let cards = review_cards::all(self.store.pool(), member.id()).await?;
        Ok(self.countdown_from(plan, &bank, &cards, today))
    }

    /// The countdown from what the caller has already read.
    pub(super) fn countdown_from(
        &self,
        plan: &Plan,
        bank: &QuestionBank,
        cards: &[review_cards::ReviewCardRow],
        today: NaiveDate,
    ) -> Countdown {
        let budget = self.plan_budget(plan, bank, cards, today);
        let topics = plan
            .topics
            .iter()
            .filter_map(|id| bank.topic(id).map(|topic| topic.name.clone()))
            .collect();
        Countdown {
            date: plan.date,
            days_left: (plan.date - today).num_days(),
            topics,
            unseen: budget.unseen_now,
            new_per_day: budget.new_per_day,
        }
    }

    /// Today's new-question budget under the plan. The unseen count is
    /// taken as it stood at the start of today (questions introduced today
    /// still count as unseen), so the allowance does not shrink as the
    /// member works through it.
    pub(super) fn plan_budget(
        &self,
        plan: &Plan,
        bank: &QuestionBank,
        cards: &[review_cards::ReviewCardRow],
        today: NaiveDate,
    ) -> PlanBudget {
        let today_text = time::day_text(today);
        let seen_before_today: HashSet<&str> = cards
            .iter()
            .filter(|card| card.introduced_on != today_text)
            .map(|card| card.question_id.as_str())
            .collect();
        let seen: HashSet<&str> = cards.iter().map(|card| card.question_id.as_str()).collect();
        let in_plan = || bank.questions().iter().filter(|q| plan.covers(q));
        let unseen_at_start = in_plan()
            .filter(|q| !seen_before_today.contains(q.id.as_str()))
            .count();
        let unseen_now = in_plan().filter(|q| !seen.contains(q.id.as_str())).count();
        PlanBudget {
            unseen_now,
            new_per_day: new_questions_today(
                self.config.new_cards_per_day,
                unseen_at_start,
                today,
                plan.date,
            ),
        }
    }
}

/// What the plan asks of today.
#[derive(Debug, Clone, Copy)]
pub(super) struct PlanBudget {
    pub unseen_now: usize,
    pub new_per_day: u32,
}
