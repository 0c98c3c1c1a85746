//! Due-review reminders: a member picks a local time (`08:00`, in their own
//! zone) and, once per local date, at that time, gets one private message
//! if they have reviews due and have not practised yet that practice day.
//!
//! Exactly once works as for daily posts: a reminder is claimed under a
//! unique (member, local date) key before it is sent and marked sent after.
//! A crash between the two leaves a claimed reminder that the next round
//! sends again with the same nonce, which Discord recognises
//! (`enforce_nonce`); Slack has no nonce, so there a crash in that narrow
//! window can repeat one reminder, which is judged better than losing it.
//! A date whose reminder time found nothing to remind of is recorded as
//! skipped, so it is decided once.
//!
//! The time is a wall time, read like a daily question's `HH:MM`: on a
//! spring-forward night a time the clock skips fires when the clock jumps,
//! and on a fall-back night a repeated time fires once, at its first
//! occurrence.
//!
//! ```no_run
//! # async fn example(engine: prepbot::engine::Engine, me: prepbot::engine::MemberRef) -> anyhow::Result<()> {
//! let setting = engine.set_reminders(&me, "08:00").await?;
//! assert!(setting.at.is_some());
//! # Ok(()) }
//! ```

use anyhow::Context as _;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::{CardId, Engine, EngineError, Member, MemberRef, Platform, UserError, WorkspaceRef};
use crate::domain::Timezone;
use crate::domain::day::practice_day;
use crate::domain::schedule::{Firing, Schedule};
use crate::store::members::MemberRow;
use crate::store::reminders::{self, RemindedRow};
use crate::store::{cards, review_cards, time};

/// A member's reminder choice, for `/settings`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReminderSetting {
    /// The local time; `None` when reminders are off.
    pub at: Option<NaiveTime>,
    /// The zone the time is read in: the member's own, else the workspace's.
    pub zone: Timezone,
    /// Set when the platform refused to deliver a reminder (DMs closed):
    /// reminders wait until the member sets a time again.
    pub blocked: Option<Blocked>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    pub since: DateTime<Utc>,
    pub reason: String,
}

/// A claimed reminder, ready to send privately to `member`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reminder {
    pub id: i64,
    pub member: MemberRef,
    /// prepbot's own id of the member.
    pub member_id: i64,
    /// prepbot's own id of the member's workspace: a reminder's buttons
    /// carry it, since a click in a direct message names no server.
    pub workspace_id: i64,
    pub local_date: NaiveDate,
    pub scheduled_at: DateTime<Utc>,
    /// Reviews due when the reminder was claimed.
    pub due: u32,
    /// Derived from (member, local date): a resend after a crash carries
    /// the same nonce, so the platform can recognise it.
    pub nonce: String,
    /// Earlier tries that failed.
    pub failed_tries: u32,
}

/// What a round of claiming did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReminderClaims {
    /// Reminders to send.
    pub claimed: usize,
    /// Dates settled without a message: nothing due, or practised already.
    pub skipped: usize,
}

fn not_yours() -> UserError {
    UserError::BadSchedule(
        "That button is not one of yours here, or it is from a server you have left; use /review \
         and /settings in the server itself."
            .to_owned(),
    )
}

/// `HH:MM` (24-hour) or `off`.
fn parse_time(typed: &str) -> Result<Option<NaiveTime>, UserError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(UserError::BadSchedule(
            "Give the reminder time as HH:MM in your own time zone, such as 08:00, or `off` to \
             stop reminders."
                .to_owned(),
        ));
    }
    if ["off", "stop", "none", "no"].contains(&typed.to_ascii_lowercase().as_str()) {
        return Ok(None);
    }
    NaiveTime::parse_from_str(typed, "%H:%M")
        .map(Some)
        .map_err(|_| {
            UserError::BadSchedule(format!(
                "`{}` is not a reminder time; write it as HH:MM in your own time zone, such as 08:00 \
                 or 19:30, or `off` to stop reminders.",
                crate::domain::text::cut(typed, 40)
            ))
        })
}

fn platform_of(text: &str) -> Option<Platform> {
    [Platform::Discord, Platform::Slack, Platform::Console]
        .into_iter()
        .find(|platform| platform.as_str() == text)
}

impl RemindedRow {
    fn member_row(&self) -> MemberRow {
        MemberRow {
            id: self.id,
            workspace_id: self.workspace_id,
            display_name: self.display_name.clone(),
            timezone: self.timezone.clone(),
            next_timezone: self.next_timezone.clone(),
            next_timezone_from: self.next_timezone_from.clone(),
            leaderboard_opt_out: self.leaderboard_opt_out,
            streak_length: self.streak_length,
            streak_best: self.streak_best,
            streak_freezes: self.streak_freezes,
            last_practice_day: self.last_practice_day.clone(),
            days_practised: self.days_practised,
        }
    }

    fn member_ref(&self) -> Option<MemberRef> {
        Some(MemberRef {
            workspace: WorkspaceRef {
                platform: platform_of(&self.platform)?,
                external_id: self.workspace_external_id.clone(),
                name: self.workspace_name.clone(),
            },
            external_id: self.external_id.clone(),
            display_name: self.display_name.clone(),
        })
    }
}

impl Engine {
    /// Turns reminders on at `typed` (`HH:MM`, the member's own zone) or
    /// off (`off`). Choosing a time again lifts a pause left by closed DMs.
    pub async fn set_reminders(
        &self,
        who: &MemberRef,
        typed: &str,
    ) -> Result<ReminderSetting, EngineError> {
        let at = parse_time(typed)?;
        let member = self.member(who).await?;
        let at_text = at.map(|at| at.format("%H:%M").to_string());
        let now = time::instant_text(self.clock.now());
        reminders::set(self.store.pool(), member.id(), at_text.as_deref(), &now).await?;
        Ok(ReminderSetting {
            at,
            zone: member.zone,
            blocked: None,
        })
    }

    /// Turns the member's reminders off (the "Stop reminders" button).
    pub async fn stop_reminders(&self, who: &MemberRef) -> Result<ReminderSetting, EngineError> {
        self.set_reminders(who, "off").await
    }

    /// The member's reminder choice as it stands.
    pub async fn reminder_setting(&self, who: &MemberRef) -> Result<ReminderSetting, EngineError> {
        let member = self.member(who).await?;
        let Some(row) = reminders::setting(self.store.pool(), member.id()).await? else {
            return Ok(ReminderSetting {
                at: None,
                zone: member.zone,
                blocked: None,
            });
        };
        let at = row
            .at
            .as_deref()
            .and_then(|at| NaiveTime::parse_from_str(at, "%H:%M").ok());
        let blocked = match (row.blocked_at.as_deref(), row.blocked_reason) {
            (Some(since), reason) => Some(Blocked {
                since: time::parse_instant(since)?,
                reason: reason.unwrap_or_default(),
            }),
            (None, _) => None,
        };
        Ok(ReminderSetting {
            at,
            zone: member.zone,
            blocked,
        })
    }

    /// Who clicked a reminder's button: the member with the platform id
    /// `user` in prepbot's workspace `workspace_id`. A click in a direct
    /// message names no server, so the button carries the workspace; a
    /// workspace the clicker is no member of is refused.
    pub async fn reminded_member(
        &self,
        workspace_id: i64,
        platform: Platform,
        user: &str,
    ) -> Result<MemberRef, EngineError> {
        reminders::memberships(self.store.pool(), platform.as_str(), user)
            .await?
            .into_iter()
            .find(|row| row.workspace_id == workspace_id)
            .and_then(|row| row.member_ref())
            .ok_or_else(|| not_yours().into())
    }

    /// Who clicked a button in a direct message (a review card a reminder
    /// opened): the member in the workspace of `card` when the button names
    /// one, else the member's one workspace on `platform`. Refused when
    /// that is not clear, with where to go instead.
    pub async fn direct_message_member(
        &self,
        platform: Platform,
        user: &str,
        card: Option<CardId>,
    ) -> Result<MemberRef, EngineError> {
        let rows = reminders::memberships(self.store.pool(), platform.as_str(), user).await?;
        let workspace = match card {
            Some(card) => cards::get(self.store.pool(), card.0)
                .await?
                .map(|card| card.workspace_id),
            None if rows.len() == 1 => rows.first().map(|row| row.workspace_id),
            None => None,
        };
        rows.into_iter()
            .find(|row| Some(row.workspace_id) == workspace)
            .and_then(|row| row.member_ref())
            .ok_or_else(|| not_yours().into())
    }

    /// Claims the reminder of every member on `platforms` whose reminder
    /// time has come by `now` (at most `catch_up` ago, so a long outage
    /// does not remind in the evening of the morning's reviews) and whose
    /// date has none yet. A date with nothing to remind of is settled as
    /// skipped.
    pub async fn claim_due_reminders(
        &self,
        now: DateTime<Utc>,
        catch_up: Duration,
        platforms: &[Platform],
    ) -> anyhow::Result<ReminderClaims> {
        let mut report = ReminderClaims::default();
        for row in reminders::opted_in(self.store.pool()).await? {
            if !platform_of(&row.platform).is_some_and(|p| platforms.contains(&p)) {
                continue;
            }
            // One member's trouble must not hold up the others.
            if let Err(error) = self.claim_reminder(&row, now, catch_up, &mut report).await {
                tracing::error!(
                    member = row.id,
                    error = format!("{error:#}"),
                    "claiming a reminder failed; the next round tries again"
                );
            }
        }
        Ok(report)
    }

    async fn claim_reminder(
        &self,
        row: &RemindedRow,
        now: DateTime<Utc>,
        catch_up: Duration,
        report: &mut ReminderClaims,
    ) -> anyhow::Result<()> {
        let Some(at) = row
            .at
            .as_deref()
            .and_then(|at| NaiveTime::parse_from_str(at, "%H:%M").ok())
        else {
            return Ok(());
        };
        let member = self.member_of(row.member_row(), row.workspace_timezone.as_deref());
        let Some(firing) = latest_firing(at, member.zone, now) else {
            return Ok(());
        };
        // A time that had passed when it was chosen waits for tomorrow.
        let chosen = time::parse_instant(&row.updated_at)?;
        if firing.at < chosen || now - firing.at > catch_up {
            return Ok(());
        }
        let date = time::day_text(firing.local_date);
        if reminders::exists(self.store.pool(), member.id(), &date).await? {
            return Ok(());
        }
        let due = self.due_count(&member, now).await?;
        let practised = self.practised_on_day_of(&member, now);
        let status = if due > 0 && !practised {
            "claimed"
        } else {
            "skipped"
        };
        let claimed = reminders::claim(
            self.store.pool(),
            &reminders::NewReminder {
                member_id: member.id(),
                local_date: &date,
                scheduled_at: &time::instant_text(firing.at),
                status,
                due_reviews: i64::try_from(due).unwrap_or(i64::MAX),
                now: &time::instant_text(now),
            },
        )
        .await?;
        if claimed.is_some() {
            if status == "claimed" {
                report.claimed += 1;
            } else {
                report.skipped += 1;
            }
        }
        Ok(())
    }

    /// Whether the member has practised in the practice day `now` is in.
    fn practised_on_day_of(&self, member: &Member, now: DateTime<Utc>) -> bool {
        let day = practice_day(now, member.zone, self.config.day_start);
        let day = member.day_cap.map_or(day, |cap| day.min(cap));
        member.row.last_practice_day.as_deref() == Some(time::day_text(day).as_str())
    }

    /// The member's review cards due at `now` whose questions are still in
    /// their workspace's bank (as `due_reviews` counts them).
    async fn due_count(&self, member: &Member, now: DateTime<Utc>) -> anyhow::Result<usize> {
        let now_text = time::instant_text(now);
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

    /// Claimed reminders of members on `platforms` to send now: just
    /// claimed, left over from a crash, or due for another try. One whose
    /// member has practised since its claim, or turned reminders off or
    /// was found unreachable, is settled without a message.
    pub async fn unsent_reminders(
        &self,
        now: DateTime<Utc>,
        platforms: &[Platform],
    ) -> anyhow::Result<Vec<Reminder>> {
        let now_text = time::instant_text(now);
        let mut out = Vec::new();
        for row in reminders::unsent(self.store.pool(), &now_text).await? {
            let Some(member_row) = reminders::reminded(self.store.pool(), row.member_id).await?
            else {
                reminders::settle(self.store.pool(), row.id, "dropped", &now_text).await?;
                continue;
            };
            let Some(member) = member_row.member_ref() else {
                continue;
            };
            if !platforms.contains(&member.workspace.platform) {
                continue;
            }
            if member_row.at.is_none() || member_row.blocked_at.is_some() {
                reminders::settle(self.store.pool(), row.id, "dropped", &now_text).await?;
                continue;
            }
            let engine_member = self.member_of(
                member_row.member_row(),
                member_row.workspace_timezone.as_deref(),
            );
            if self.practised_on_day_of(&engine_member, now) {
                reminders::settle(self.store.pool(), row.id, "skipped", &now_text).await?;
                continue;
            }
            out.push(Reminder {
                id: row.id,
                member,
                member_id: row.member_id,
                workspace_id: member_row.workspace_id,
                local_date: time::parse_day(&row.local_date)?,
                scheduled_at: time::parse_instant(&row.scheduled_at)?,
                due: u32::try_from(row.due_reviews).unwrap_or(u32::MAX),
                nonce: format!("pbr{}-{}", row.member_id, row.local_date.replace('-', "")),
                failed_tries: u32::try_from(row.send_attempts).unwrap_or(u32::MAX),
            });
        }
        Ok(out)
    }

    pub async fn mark_reminder_sent(
        &self,
        reminder: &Reminder,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        reminders::settle(
            self.store.pool(),
            reminder.id,
            "sent",
            &time::instant_text(now),
        )
        .await
    }

    /// Records a failed send and when to try again; a reminder that would
    /// land more than `give_up_after` after its time is dropped instead.
    /// `true` if it will be tried again.
    pub async fn record_reminder_failure(
        &self,
        reminder: &Reminder,
        error: &str,
        retry_at: DateTime<Utc>,
        give_up_after: Duration,
    ) -> anyhow::Result<bool> {
        if retry_at - reminder.scheduled_at > give_up_after {
            let now = time::instant_text(self.clock.now());
            reminders::settle(self.store.pool(), reminder.id, "dropped", &now).await?;
            return Ok(false);
        }
        reminders::record_failure(
            self.store.pool(),
            reminder.id,
            error,
            &time::instant_text(retry_at),
        )
        .await?;
        Ok(true)
    }

    /// The platform refused to deliver the member's DMs: this reminder is
    /// marked blocked and their reminders paused (not tried every day)
    /// until they set a time again. One transaction, so both or neither.
    pub async fn mark_reminder_blocked(
        &self,
        reminder: &Reminder,
        reason: &str,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let mut tx = self.store.begin().await?;
        reminders::block(
            &mut tx,
            reminder.id,
            reminder.member_id,
            reason,
            &time::instant_text(now),
        )
        .await?;
        tx.commit()
            .await
            .context("pausing the member's reminders")?;
        Ok(())
    }

    /// When the earliest failed reminder should be tried again.
    pub async fn next_reminder_retry(&self) -> anyhow::Result<Option<DateTime<Utc>>> {
        reminders::next_try(self.store.pool())
            .await?
            .map(|at| time::parse_instant(&at))
            .transpose()
    }
}

/// The last firing of a daily `at` in `zone` at or before `now` (within
/// the last day and a bit), DST rules as for daily questions.
fn latest_firing(at: NaiveTime, zone: Timezone, now: DateTime<Utc>) -> Option<Firing> {
    let schedule = Schedule::DailyAt(at);
    let mut cursor = now - Duration::hours(30);
    let mut latest = None;
    while let Some(firing) = schedule.next_after(cursor, zone) {
        if firing.at > now {
            break;
        }
        latest = Some(firing);
        cursor = firing.at;
    }
    latest
}
