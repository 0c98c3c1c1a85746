//! A member's progress: attempts and recall by topic, how many questions are
//! mastered, and how many cards they graded each day lately; the figures
//! the `/stats` text and its picture are both drawn from.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};

use super::points::month_key;
use super::{Engine, EngineError, MemberRef};
use crate::domain::day::practice_day;
use crate::domain::streak::Streak;
use crate::domain::theme::Theme;
use crate::store::{attempts, members, period_points, review_cards, time};

/// A question is mastered once FSRS expects it to stick for three weeks.
pub const MASTERED_STABILITY_DAYS: f64 = 21.0;
/// How many weeks of practice days the calendar shows: half a year, which
/// still fits a chat client's preview of the picture.
pub const CALENDAR_WEEKS: i64 = 26;

#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// The member's display name, as stored (already cleaned).
    pub name: String,
    pub attempts: u32,
    /// Attempts not graded "again".
    pub recalled: u32,
    pub points: i64,
    /// Points in the workspace's current month, as its monthly board counts.
    pub points_this_month: i64,
    pub streak: Streak,
    pub topics: Vec<TopicStats>,
    /// The first day of the calendar (a Monday) and today.
    pub calendar_start: NaiveDate,
    pub today: NaiveDate,
    /// Days practised from `calendar_start` to today.
    pub practice_days: Vec<NaiveDate>,
    /// Days to the member's interview, when they set a date.
    pub countdown: Option<super::Countdown>,
    /// Cards graded on each of those days, oldest first.
    pub day_counts: Vec<(NaiveDate, u32)>,
    /// How the member wants their pictures drawn.
    pub theme: Theme,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicStats {
    pub topic_id: String,
    pub name: String,
    pub questions: usize,
    /// Questions practised at least once.
    pub practised: usize,
    pub attempts: u32,
    pub recalled: u32,
    pub mastered: usize,
}

impl Stats {
    /// Share of attempts recalled, 0-100.
    pub fn accuracy_percent(&self) -> u32 {
        percent(self.recalled, self.attempts)
    }
}

impl TopicStats {
    pub fn accuracy_percent(&self) -> u32 {
        percent(self.recalled, self.attempts)
    }
}

fn percent(part: u32, whole: u32) -> u32 {
    if whole == 0 {
        0
    } else {
        ((f64::from(part) * 100.0) / f64::from(whole)).round() as u32
    }
}

impl Engine {
    pub async fn stats(&self, who: &MemberRef) -> Result<Stats, EngineError> {
        let member = self.member(who).await?;
        let pool = self.store.pool();
        let today = self.today(&member);
        let tallies = attempts::tally_by_question(pool, member.id()).await?;
        let cards = review_cards::all(pool, member.id()).await?;
        let mastered: HashMap<&str, bool> = cards
            .iter()
            .map(|card| {
                (
                    card.question_id.as_str(),
                    card.stability >= MASTERED_STABILITY_DAYS,
                )
            })
            .collect();
        let by_question: HashMap<&str, &attempts::QuestionTally> = tallies
            .iter()
            .map(|tally| (tally.question_id.as_str(), tally))
            .collect();

        let topics = self
            .bank()
            .topics()
            .iter()
            .map(|topic| {
                let mut stats = TopicStats {
                    topic_id: topic.id.to_string(),
                    name: topic.name.clone(),
                    questions: 0,
                    practised: 0,
                    attempts: 0,
                    recalled: 0,
                    mastered: 0,
                };
                for question in self.bank().questions_in(&topic.id) {
                    stats.questions += 1;
                    if let Some(tally) = by_question.get(question.id.as_str()) {
                        stats.practised += 1;
                        stats.attempts += u32::try_from(tally.attempts).unwrap_or(0);
                        stats.recalled += u32::try_from(tally.recalled).unwrap_or(0);
                    }
                    if mastered.get(question.id.as_str()).copied().unwrap_or(false) {
                        stats.mastered += 1;
                    }
                }
                stats
            })
            .collect::<Vec<_>>();

        let calendar_start = monday_weeks_before(today, CALENDAR_WEEKS - 1);
        let day_counts =
            attempts::counts_by_day_since(pool, member.id(), &time::day_text(calendar_start))
                .await?
                .into_iter()
                .map(|(day, count)| Ok((time::parse_day(&day)?, u32::try_from(count).unwrap_or(0))))
                .collect::<anyhow::Result<Vec<_>>>()?;
        let countdown = match self.interview_plan_of(&member, today).await? {
            Some(plan) => Some(self.countdown_of(&member, &plan, today).await?),
            None => None,
        };
        let board_day = practice_day(
            self.clock.now(),
            member.workspace_zone,
            self.config.day_start,
        );
        // A theme written by an older or newer prepbot falls back to light.
        let theme = members::theme(pool, member.id())
            .await?
            .and_then(|text| text.parse().ok())
            .unwrap_or_default();
        Ok(Stats {
            name: member.row.display_name.clone(),
            attempts: topics.iter().map(|t| t.attempts).sum(),
            recalled: topics.iter().map(|t| t.recalled).sum(),
            points: period_points::total(pool, member.id(), "all").await?,
            points_this_month: period_points::total(pool, member.id(), &month_key(board_day))
                .await?,
            streak: member.streak_state()?.at(today),
            topics,
            calendar_start,
            today,
            practice_days: day_counts.iter().map(|(day, _)| *day).collect(),
            day_counts,
            theme,
            countdown,
        })
    }

    /// Sets how the member's pictures are drawn.
    pub async fn set_theme(&self, who: &MemberRef, theme: Theme) -> Result<(), EngineError> {
        let member = self.member(who).await?;
        members::set_theme(self.store.pool(), member.id(), theme.as_str()).await?;
        Ok(())
    }
}

/// The Monday `weeks` weeks before the week holding `day`.
fn monday_weeks_before(day: NaiveDate, weeks: i64) -> NaiveDate {
    use chrono::Datelike;
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    monday - Duration::weeks(weeks)
}
