//! The weekly recap: on Monday, at the time of a channel's daily question,
//! the week before in one picture and its text: who practised, how much,
//! the top five by points, the longest live streaks and the question most
//! often missed. Members hidden from leaderboards are hidden here too.
//!
//! A recap is claimed under (subscription, ISO week) before it is sent, as
//! daily posts are, so restarts and second processes never post a week
//! twice. Admins switch it off per channel, and preview it.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::points::week_key;
use super::{Engine, EngineError, MemberRef};
use crate::domain::day::practice_day;
use crate::domain::schedule::resolve;
use crate::store::{period_points, recaps, subscriptions, time};

/// How many members each list of a recap names.
pub const RECAP_TOP: i64 = 5;
/// A recap whose send keeps failing is given up after this many tries.
pub const RECAP_MAX_TRIES: i64 = 3;

/// A week of a workspace, as a recap shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Recap {
    pub workspace_name: String,
    /// The ISO week recapped, such as `2026-W48`.
    pub week: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub members_practised: u32,
    /// Cards graded in the week.
    pub questions_practised: u32,
    /// The week's points, highest first.
    pub top_points: Vec<RecapEntry>,
    /// Live streaks when the recap is made, longest first.
    pub top_streaks: Vec<RecapEntry>,
    pub most_missed: Option<MissedQuestion>,
}

impl Recap {
    /// Nobody on the boards practised: the recap says so kindly.
    pub fn is_quiet(&self) -> bool {
        self.questions_practised == 0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecapEntry {
    pub name: String,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissedQuestion {
    pub question_id: String,
    /// The question as the bank has it now; empty if it left the bank.
    pub question: String,
    pub times: u32,
}

/// A claimed recap to post in a channel.
#[derive(Debug, Clone, PartialEq)]
pub struct WeeklyRecap {
    pub recap_id: i64,
    pub channel_id: String,
    pub recap: Recap,
}

/// The Monday of the ISO week holding `day`.
fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// `2026-W48`.
fn iso_week_label(monday: NaiveDate) -> String {
    let week = monday.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

impl Engine {
    /// The recap of the week before this one in the caller's workspace, as
    /// Monday's post shows it (for admins, before it goes out).
    pub async fn recap_preview(&self, who: &MemberRef) -> Result<Recap, EngineError> {
        let member = self.member(who).await?;
        let today = practice_day(
            self.clock.now(),
            member.workspace_zone,
            self.config.day_start,
        );
        let last_monday = monday_of(today) - Duration::weeks(1);
        Ok(self.recap(member.row.workspace_id, last_monday).await?)
    }

    /// Turns the weekly recap of a channel's daily question on or off;
    /// `false` if the channel has no daily question.
    pub async fn set_weekly_recap(
        &self,
        who: &MemberRef,
        channel_id: &str,
        on: bool,
    ) -> Result<bool, EngineError> {
        let member = self.member(who).await?;
        Ok(recaps::switch(self.store.pool(), member.row.workspace_id, channel_id, on).await?)
    }

    /// The recap of the week starting `monday` in a workspace.
    async fn recap(&self, workspace_id: i64, monday: NaiveDate) -> anyhow::Result<Recap> {
        let pool = self.store.pool();
        let (workspace_name, zone) = recaps::workspace(pool, workspace_id).await?;
        let sunday = monday + Duration::days(6);
        let (first, last) = (time::day_text(monday), time::day_text(sunday));
        let (members, cards) = recaps::activity(pool, workspace_id, &first, &last).await?;
        let top_points = period_points::board(pool, workspace_id, &week_key(monday), RECAP_TOP)
            .await?
            .into_iter()
            .map(|row| RecapEntry {
                name: row.display_name,
                value: row.points,
            })
            .collect();
        let top_streaks = self
            .live_streaks(workspace_id, zone.as_deref(), RECAP_TOP)
            .await?
            .into_iter()
            .map(|(_, name, days)| RecapEntry { name, value: days })
            .collect();
        let most_missed = match recaps::most_missed(pool, workspace_id, &first, &last).await? {
            Some((question_id, times)) => {
                let bank = self.bank_for(workspace_id).await?;
                let question = crate::domain::QuestionId::parse(&question_id)
                    .ok()
                    .and_then(|id| bank.question(&id).map(|q| q.question.clone()))
                    .unwrap_or_default();
                Some(MissedQuestion {
                    question_id,
                    question,
                    times: u32::try_from(times).unwrap_or(0),
                })
            }
            None => None,
        };
        Ok(Recap {
            workspace_name,
            week: iso_week_label(monday),
            first_day: monday,
            last_day: sunday,
            members_practised: u32::try_from(members).unwrap_or(0),
            questions_practised: u32::try_from(cards).unwrap_or(0),
            top_points,
            top_streaks,
            most_missed,
        })
    }

    /// Claims the recap of last week for every channel whose daily
    /// question has fired this week by `now` (its first firing on or after
    /// Monday), unless the channel turned recaps off or was set up after
    /// that firing. Returns how many were claimed.
    pub async fn claim_due_recaps(&self, now: DateTime<Utc>) -> anyhow::Result<usize> {
        let pool = self.store.pool();
        let off: HashSet<i64> = recaps::switched_off(pool).await?.into_iter().collect();
        // Every zone's last week starts within 15 days of now: one read
        // spares a conflicting insert per channel on every later round.
        let since = time::day_text((now - Duration::days(15)).date_naive());
        let done: HashSet<(i64, String)> = recaps::claimed_since(pool, &since)
            .await?
            .into_iter()
            .collect();
        let mut claimed = 0;
        for row in subscriptions::enabled(pool).await? {
            if off.contains(&row.id) || row.paused_reason.is_some() {
                continue;
            }
            let subscription = match self.subscription_of(&row) {
                Ok(subscription) => subscription,
                Err(error) => {
                    tracing::error!(
                        subscription = row.id,
                        error = format!("{error:#}"),
                        "cannot read a subscription"
                    );
                    continue;
                }
            };
            let tz = subscription.zone.tz();
            let monday = monday_of(now.with_timezone(&tz).date_naive());
            let week_start = resolve(tz, monday.and_time(chrono::NaiveTime::MIN));
            let Some(firing) = subscription
                .schedule
                .next_after(week_start - Duration::seconds(1), subscription.zone)
            else {
                continue;
            };
            // Not yet, a schedule with no firing this week, or a channel set
            // up after this week's recap time (it starts next Monday).
            if firing.at > now
                || monday_of(firing.local_date) != monday
                || firing.at < subscription.since
            {
                continue;
            }
            let recapped = monday - Duration::weeks(1);
            let week = iso_week_label(recapped);
            if done.contains(&(subscription.id, week.clone())) {
                continue;
            }
            let id = recaps::claim(
                pool,
                subscription.id,
                &week,
                &time::day_text(recapped),
                &time::instant_text(now),
            )
            .await?;
            claimed += usize::from(id.is_some());
        }
        Ok(claimed)
    }

    /// Claimed recaps still to send, with their figures as of now.
    pub async fn unsent_recaps(&self) -> anyhow::Result<Vec<WeeklyRecap>> {
        let pool = self.store.pool();
        let rows = recaps::unsent(pool, RECAP_MAX_TRIES).await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let channels: std::collections::HashMap<i64, (i64, String)> = subscriptions::enabled(pool)
            .await?
            .into_iter()
            .map(|row| (row.id, (row.workspace_id, row.channel_id)))
            .collect();
        let mut out = Vec::new();
        for row in rows {
            // A channel stopped since the claim gets no recap.
            let Some((workspace_id, channel_id)) = channels.get(&row.subscription_id) else {
                continue;
            };
            let monday = time::parse_day(&row.week_monday)?;
            out.push(WeeklyRecap {
                recap_id: row.id,
                channel_id: channel_id.clone(),
                recap: self.recap(*workspace_id, monday).await?,
            });
        }
        Ok(out)
    }

    pub async fn mark_recap_sent(&self, recap_id: i64, now: DateTime<Utc>) -> anyhow::Result<()> {
        recaps::mark_sent(self.store.pool(), recap_id, &time::instant_text(now)).await
    }

    pub async fn record_recap_failure(&self, recap_id: i64, error: &str) -> anyhow::Result<()> {
        recaps::record_failure(self.store.pool(), recap_id, error).await
    }
}
