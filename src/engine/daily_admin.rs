//! Admins steer a channel's daily question: preview the coming posts,
//! queue a question to post next, skip a date, pause (until a date or
//! until resumed) and resume. Every change is recorded in
//! `admin_actions` with who made it and the reason they gave, and logged.
//!
//! How each one keeps the exactly-once rule:
//!
//! - **skip** claims the date ahead of time as `skipped` under the same
//!   unique (subscription, local date) key a post uses, so the scheduler
//!   finds the date taken and posts nothing that day;
//! - **pause** is a period in `daily_pauses`; a firing inside it is claimed
//!   as `skipped` when its time comes (or when a restart looks back at it),
//!   so resuming never catches up the paused days;
//! - **queue** moves the question to the front of what is left of the
//!   channel's deck (see `Deck::queue`): it is never posted twice in a
//!   round by being queued, and the deck's order still survives restarts.
//!
//! ```no_run
//! # async fn example(engine: prepbot::engine::Engine, admin: prepbot::engine::MemberRef) -> anyhow::Result<()> {
//! let until = chrono::NaiveDate::from_ymd_opt(2026, 12, 27);
//! let paused = engine.pause_daily(&admin, "C123", until, Some("winter break")).await?;
//! println!("{}", prepbot::wording::daily_paused(&paused, "/prepbot resume"));
//! # Ok(()) }
//! ```

use std::collections::{HashMap, HashSet};

use anyhow::Context as _;
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::daily::{Subscription, deck_of, deck_row};
use super::{Engine, EngineError, Member, MemberRef, UserError};
use crate::domain::QuestionId;
use crate::domain::deck::Deck;
use crate::domain::schedule::{Firing, resolve};
use crate::domain::timezone::Timezone;
use crate::store::{admin_actions, daily_pauses, daily_posts, decks, subscriptions, time};

/// How many posts a preview lists.
pub const PREVIEW_POSTS: usize = 7;
/// The longest reason an admin can give, in characters.
pub const MAX_REASON_CHARS: usize = 500;
/// How many dates a plan walks at most, so a long pause ends the walk.
const PLAN_DATES: usize = 120;

/// Something an admin asked of the daily question that cannot be done,
/// and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DailyAdminRefusal {
    #[error("There is no daily question in this channel; start one here with /prepbot setup.")]
    NoDailyHere,
    #[error(
        "The daily question in this channel is {state}, so there is nothing to {what}; /prepbot setup starts it again."
    )]
    NotRunning { state: String, what: &'static str },
    #[error("There is no question `{typed}`.{}", match .suggestion {
        Some(id) => format!(" Did you mean {id}?"),
        None => " Question ids look like genai-016; each question shows its id.".to_owned(),
    })]
    UnknownQuestion {
        typed: String,
        suggestion: Option<String>,
    },
    #[error(
        "{id} is {status}, not approved; only approved questions of this workspace can be posted. Approve it first from the pending questions."
    )]
    NotApproved { id: String, status: String },
    #[error(
        "{id} is a {topic} question, but this channel's daily question takes only {topics}; pick one of those, or widen the topics with /prepbot setup."
    )]
    OffTopic {
        id: String,
        topic: String,
        topics: String,
    },
    #[error("There is no coming post to skip: {why}.")]
    NothingToSkip { why: String },
    #[error(
        "The pause cannot end on {until}: that day has passed (today is {today} in {zone}). Give today or a later date, as YYYY-MM-DD."
    )]
    PauseEndPassed {
        until: NaiveDate,
        today: NaiveDate,
        zone: String,
    },
    #[error("The daily question in this channel is not paused, so there is nothing to resume.")]
    NotPaused,
    #[error("Your reason is {chars} characters long; keep it to {max} or fewer.")]
    ReasonTooLong { chars: usize, max: usize },
}

impl From<DailyAdminRefusal> for EngineError {
    fn from(refusal: DailyAdminRefusal) -> Self {
        EngineError::User(UserError::DailyAdmin(refusal))
    }
}

/// What a coming date of the schedule holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Planned {
    /// A post, with its question as the deck stands (`None` where a new
    /// shuffle will decide).
    Post { question: Option<QuestionId> },
    /// Skipped ahead of time by an admin.
    Skipped,
    /// Inside an admin's pause.
    Paused,
}

/// A coming firing and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedDate {
    pub firing: Firing,
    pub planned: Planned,
}

/// An admin's pause of a channel's daily question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminPause {
    pub since: DateTime<Utc>,
    /// The last date without a post, if the pause was given one.
    pub until_date: Option<NaiveDate>,
    /// When posts start again; `None` until an admin resumes.
    pub resumes_at: Option<DateTime<Utc>>,
    /// Who paused it; `None` once their data was deleted.
    pub by: Option<String>,
    pub reason: Option<String>,
}

impl AdminPause {
    /// Whether `at` falls inside the pause.
    pub fn covers(&self, at: DateTime<Utc>) -> bool {
        self.since <= at && self.resumes_at.is_none_or(|end| at < end)
    }
}

/// The coming posts of a channel, with skipped and paused dates among them.
#[derive(Debug, Clone)]
pub struct DailyPreview {
    pub subscription: Subscription,
    pub dates: Vec<PlannedDate>,
    /// The pause in force now, if any.
    pub pause: Option<AdminPause>,
}

/// A question queued to post next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub question_id: QuestionId,
    pub zone: Timezone,
    /// When it will be posted; `None` while paused until resumed.
    pub at: Option<Firing>,
    /// It was already posted in the deck's current round.
    pub repeat_in_round: bool,
}

/// A date skipped ahead of time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedDate {
    pub zone: Timezone,
    pub skipped: Firing,
    /// The post after it.
    pub next: Option<Firing>,
}

/// A pause made (or its end changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paused {
    pub zone: Timezone,
    pub pause: AdminPause,
    /// A pause was already running; its end was changed.
    pub changed: bool,
    /// The first post after it, where its end is known.
    pub next: Option<Firing>,
}

/// A pause ended by an admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resumed {
    pub zone: Timezone,
    pub next: Option<Firing>,
}

impl Engine {
    /// The channel's next `PREVIEW_POSTS` posts, in its zone, with the
    /// dates skipped or paused among them.
    pub async fn daily_preview(
        &self,
        who: &MemberRef,
        channel_id: &str,
    ) -> Result<DailyPreview, EngineError> {
        let member = self.member(who).await?;
        let subscription = self
            .running_subscription(&member, channel_id, "preview")
            .await?;
        let now = self.clock.now();
        let pauses = self.admin_pauses(subscription.id).await?;
        let dates = self
            .plan(&subscription, &pauses, now, PREVIEW_POSTS)
            .await?;
        let pause = pauses.into_iter().find(|pause| pause.covers(now));
        Ok(DailyPreview {
            subscription,
            dates,
            pause,
        })
    }

    /// Puts a question next in the channel's deck.
    pub async fn queue_daily(
        &self,
        who: &MemberRef,
        channel_id: &str,
        question: &str,
        reason: Option<&str>,
    ) -> Result<Queued, EngineError> {
        let member = self.member(who).await?;
        let subscription = self
            .running_subscription(&member, channel_id, "queue")
            .await?;
        let reason = checked_reason(reason)?;
        let bank = self.bank_for(subscription.workspace_id).await?;
        let id = self.queueable(&member, &bank, question).await?;
        let eligible = self.eligible(&subscription, &bank);
        if !eligible.contains(&id) {
            let topic = bank
                .question(&id)
                .map(|q| q.topic.to_string())
                .unwrap_or_default();
            return Err(DailyAdminRefusal::OffTopic {
                id: id.to_string(),
                topic,
                topics: subscription.topics_label(),
            }
            .into());
        }
        let now = self.clock.now();
        // The deck is read and written under the write lock, as a claim
        // does, so a post drawn at the same moment cannot be lost.
        let mut tx = self.store.begin_immediate().await?;
        let deck = decks::get(&mut *tx, subscription.id).await?;
        let (deck, repeat_in_round) = {
            let mut rng = self
                .rng
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let deck = match deck {
                Some(row) => deck_of(&row),
                None => Deck::shuffled(&eligible, 1, &mut *rng),
            };
            deck.joined(&eligible, &mut *rng).queue(&id)
        };
        decks::save(&mut *tx, subscription.id, &deck_row(&deck)).await?;
        let detail = with_reason(
            format!("queued {id} to post next in {}", subscription.channel_id),
            reason,
        );
        self.record_action(&mut *tx, &member, "daily.queue", &detail, now)
            .await?;
        tx.commit().await.context("queuing the question")?;
        let at = self.next_post(&subscription, now).await?;
        Ok(Queued {
            question_id: id,
            zone: subscription.zone,
            at,
            repeat_in_round,
        })
    }

    /// Skips the channel's next post: today's if it is still to come, else
    /// the next one. A post already claimed (being sent) is not stopped.
    pub async fn skip_daily(
        &self,
        who: &MemberRef,
        channel_id: &str,
        reason: Option<&str>,
    ) -> Result<SkippedDate, EngineError> {
        let member = self.member(who).await?;
        let subscription = self
            .running_subscription(&member, channel_id, "skip")
            .await?;
        let reason = checked_reason(reason)?;
        let now = self.clock.now();
        let pauses = self.admin_pauses(subscription.id).await?;
        let plan = self.plan(&subscription, &pauses, now, 2).await?;
        let mut posts = plan.iter().filter_map(|date| match date.planned {
            Planned::Post { .. } => Some(date.firing),
            _ => None,
        });
        let Some(skipped) = posts.next() else {
            let why = if pauses.iter().any(|pause| pause.covers(now)) {
                "the daily question is paused until an admin resumes it"
            } else {
                "the schedule has no coming date"
            };
            return Err(DailyAdminRefusal::NothingToSkip {
                why: why.to_owned(),
            }
            .into());
        };
        let next = posts.next();
        let mut tx = self.store.begin().await?;
        let claimed = daily_posts::claim_skipped(
            &mut *tx,
            subscription.id,
            &time::day_text(skipped.local_date),
            &time::instant_text(skipped.at),
            "admin",
            &time::instant_text(now),
        )
        .await?;
        if claimed.is_none() {
            // The scheduler claimed the date between the plan and now.
            return Err(DailyAdminRefusal::NothingToSkip {
                why: "the next post is being sent right now".to_owned(),
            }
            .into());
        }
        let detail = with_reason(
            format!(
                "skipped the post of {} in {}",
                skipped.local_date, subscription.channel_id
            ),
            reason,
        );
        self.record_action(&mut *tx, &member, "daily.skip", &detail, now)
            .await?;
        tx.commit().await.context("skipping the daily post")?;
        self.daily_changes.notify_one();
        Ok(SkippedDate {
            zone: subscription.zone,
            skipped,
            next,
        })
    }

    /// Pauses the channel's daily question until the end of `until` (in
    /// the channel's zone), or until resumed. A second pause while one runs
    /// changes its end.
    pub async fn pause_daily(
        &self,
        who: &MemberRef,
        channel_id: &str,
        until: Option<NaiveDate>,
        reason: Option<&str>,
    ) -> Result<Paused, EngineError> {
        let member = self.member(who).await?;
        let subscription = self
            .running_subscription(&member, channel_id, "pause")
            .await?;
        let reason = checked_reason(reason)?;
        let now = self.clock.now();
        let zone = subscription.zone;
        let today = now.with_timezone(&zone.tz()).date_naive();
        if let Some(until) = until
            && until < today
        {
            return Err(DailyAdminRefusal::PauseEndPassed {
                until,
                today,
                zone: zone.to_string(),
            }
            .into());
        }
        let resumes_at = until.map(|day| start_of_day(zone, day + Duration::days(1)));
        let until_text = until.map(time::day_text);
        let resumes_text = resumes_at.map(time::instant_text);
        let now_text = time::instant_text(now);
        let mut tx = self.store.begin_immediate().await?;
        let rows = daily_pauses::of_subscription(&mut *tx, subscription.id).await?;
        let running = rows
            .iter()
            .zip(pauses_of(&rows)?)
            .find(|(_, pause)| pause.covers(now));
        let (pause, changed) = match running {
            Some((row, pause)) => {
                daily_pauses::set_end(
                    &mut *tx,
                    row.id,
                    until_text.as_deref(),
                    resumes_text.as_deref(),
                )
                .await?;
                let pause = AdminPause {
                    until_date: until,
                    resumes_at,
                    ..pause
                };
                (pause, true)
            }
            None => {
                daily_pauses::insert(
                    &mut *tx,
                    &daily_pauses::NewPause {
                        subscription_id: subscription.id,
                        paused_at: &now_text,
                        until_date: until_text.as_deref(),
                        resumed_at: resumes_text.as_deref(),
                        paused_by: member.id(),
                        reason,
                    },
                )
                .await?;
                let pause = AdminPause {
                    since: now,
                    until_date: until,
                    resumes_at,
                    by: Some(member.row.display_name.clone()),
                    reason: reason.map(str::to_owned),
                };
                (pause, false)
            }
        };
        let end = match until {
            Some(day) => format!("through {day}"),
            None => "until resumed".to_owned(),
        };
        let verb = if changed {
            "changed the pause of"
        } else {
            "paused"
        };
        let detail = with_reason(
            format!(
                "{verb} the daily question in {} {end}",
                subscription.channel_id
            ),
            reason,
        );
        self.record_action(&mut *tx, &member, "daily.pause", &detail, now)
            .await?;
        tx.commit().await.context("pausing the daily question")?;
        self.daily_changes.notify_one();
        let next = self.next_post(&subscription, now).await?;
        Ok(Paused {
            zone,
            pause,
            changed,
            next,
        })
    }

    /// Ends the pause running in the channel now; posts start again at the
    /// next firing, and the paused dates are not caught up.
    pub async fn resume_daily(
        &self,
        who: &MemberRef,
        channel_id: &str,
        reason: Option<&str>,
    ) -> Result<Resumed, EngineError> {
        let member = self.member(who).await?;
        let subscription = self
            .running_subscription(&member, channel_id, "resume")
            .await?;
        let reason = checked_reason(reason)?;
        let now = self.clock.now();
        let mut tx = self.store.begin_immediate().await?;
        let rows = daily_pauses::of_subscription(&mut *tx, subscription.id).await?;
        let running = rows
            .iter()
            .zip(pauses_of(&rows)?)
            .find(|(_, pause)| pause.covers(now));
        let Some((row, _)) = running else {
            return Err(DailyAdminRefusal::NotPaused.into());
        };
        daily_pauses::set_end(
            &mut *tx,
            row.id,
            row.until_date.as_deref(),
            Some(&time::instant_text(now)),
        )
        .await?;
        let detail = with_reason(
            format!("resumed the daily question in {}", subscription.channel_id),
            reason,
        );
        self.record_action(&mut *tx, &member, "daily.resume", &detail, now)
            .await?;
        tx.commit().await.context("resuming the daily question")?;
        self.daily_changes.notify_one();
        Ok(Resumed {
            zone: subscription.zone,
            next: self.next_post(&subscription, now).await?,
        })
    }

    /// The periods in which any of the workspace's daily questions was
    /// paused by an admin, cut to `from`..`to`, oldest first. A pause
    /// still running ends at `to`.
    pub async fn pauses_between(
        &self,
        workspace_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> anyhow::Result<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
        let rows = daily_pauses::in_workspace_between(
            self.store.pool(),
            workspace_id,
            &time::instant_text(from),
            &time::instant_text(to),
        )
        .await?;
        Ok(pauses_of(&rows)?
            .into_iter()
            .map(|pause| {
                let end = pause.resumes_at.map_or(to, |end| end.min(to));
                (pause.since.max(from), end)
            })
            .filter(|(start, end)| start < end)
            .collect())
    }

    /// The admin's pauses of a subscription, oldest first.
    pub(super) async fn admin_pauses(
        &self,
        subscription_id: i64,
    ) -> anyhow::Result<Vec<AdminPause>> {
        let rows = daily_pauses::of_subscription(self.store.pool(), subscription_id).await?;
        pauses_of(&rows)
    }

    /// The pause in force at `at`, if any.
    pub(super) async fn pause_at(
        &self,
        subscription_id: i64,
        at: DateTime<Utc>,
    ) -> anyhow::Result<Option<AdminPause>> {
        Ok(self
            .admin_pauses(subscription_id)
            .await?
            .into_iter()
            .find(|pause| pause.covers(at)))
    }

    /// Claims a firing inside a pause as skipped; `false` if the date was
    /// taken before.
    pub(super) async fn skip_paused(
        &self,
        subscription: &Subscription,
        firing: Firing,
        now: DateTime<Utc>,
    ) -> anyhow::Result<bool> {
        let skipped = daily_posts::claim_skipped(
            self.store.pool(),
            subscription.id,
            &time::day_text(firing.local_date),
            &time::instant_text(firing.at),
            "paused",
            &time::instant_text(now),
        )
        .await?;
        if skipped.is_some() {
            tracing::info!(
                channel = subscription.channel_id,
                date = %firing.local_date,
                "no daily question: an admin paused it"
            );
        }
        Ok(skipped.is_some())
    }

    /// The next firing that will post, after `now`.
    pub(super) async fn next_post(
        &self,
        subscription: &Subscription,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<Firing>> {
        let pauses = self.admin_pauses(subscription.id).await?;
        let plan = self.plan(subscription, &pauses, now, 1).await?;
        Ok(plan.into_iter().find_map(|date| match date.planned {
            Planned::Post { .. } => Some(date.firing),
            _ => None,
        }))
    }

    /// The coming dates after `now` up to the `posts`-th post: each
    /// date's first firing, with what it holds. Dates already posted are
    /// left out; a pause until resumed ends the plan.
    async fn plan(
        &self,
        subscription: &Subscription,
        pauses: &[AdminPause],
        now: DateTime<Utc>,
        posts: usize,
    ) -> anyhow::Result<Vec<PlannedDate>> {
        let zone = subscription.zone;
        let yesterday = now.with_timezone(&zone.tz()).date_naive() - Duration::days(1);
        let taken: HashMap<String, daily_posts::DateRow> = daily_posts::from_date(
            self.store.pool(),
            subscription.id,
            &time::day_text(yesterday),
        )
        .await?
        .into_iter()
        .map(|row| (row.local_date.clone(), row))
        .collect();
        let bank = self.bank_for(subscription.workspace_id).await?;
        let eligible = self.eligible(subscription, &bank);
        let questions = match decks::get(self.store.pool(), subscription.id).await? {
            Some(row) => deck_of(&row).upcoming(&eligible, posts),
            None => vec![None; posts],
        };
        let mut questions = questions.into_iter();
        let mut plan = Vec::new();
        let mut seen = HashSet::new();
        let mut cursor = now;
        let mut planned_posts = 0;
        while planned_posts < posts && seen.len() < PLAN_DATES {
            let Some(firing) = subscription.schedule.next_after(cursor, zone) else {
                break;
            };
            // One post per local date: the date's first firing stands for
            // it, and the walk goes on from the end of the date.
            cursor =
                start_of_day(zone, firing.local_date + Duration::days(1)) - Duration::seconds(1);
            if !seen.insert(firing.local_date) {
                continue;
            }
            let planned = match taken.get(&time::day_text(firing.local_date)) {
                Some(row) if row.skip_reason.as_deref() == Some("admin") => Planned::Skipped,
                Some(_) => continue,
                None => match pauses.iter().find(|pause| pause.covers(firing.at)) {
                    Some(pause) => {
                        plan.push(PlannedDate {
                            firing,
                            planned: Planned::Paused,
                        });
                        if pause.resumes_at.is_none() {
                            break;
                        }
                        continue;
                    }
                    None => {
                        planned_posts += 1;
                        Planned::Post {
                            question: questions.next().flatten(),
                        }
                    }
                },
            };
            plan.push(PlannedDate { firing, planned });
        }
        Ok(plan)
    }

    /// The channel's subscription, refused unless it is running.
    async fn running_subscription(
        &self,
        member: &Member,
        channel_id: &str,
        what: &'static str,
    ) -> Result<Subscription, EngineError> {
        let rows = subscriptions::in_workspace(self.store.pool(), member.row.workspace_id).await?;
        let Some(row) = rows.iter().find(|row| row.channel_id == channel_id.trim()) else {
            return Err(DailyAdminRefusal::NoDailyHere.into());
        };
        let subscription = self.subscription_of(row)?;
        if !subscription.enabled {
            return Err(DailyAdminRefusal::NotRunning {
                state: crate::wording::not_running(&subscription),
                what,
            }
            .into());
        }
        Ok(subscription)
    }

    /// The question an admin named, if this workspace may post it.
    async fn queueable(
        &self,
        member: &Member,
        bank: &crate::bank::QuestionBank,
        typed: &str,
    ) -> Result<QuestionId, EngineError> {
        let typed = typed.trim();
        if let Ok(id) = QuestionId::parse(typed) {
            if bank.question(&id).is_some() {
                return Ok(id);
            }
            if let Some(number) = id
                .as_str()
                .strip_prefix(crate::domain::question::WORKSPACE_ID_PREFIX)
                .and_then(|n| n.parse::<i64>().ok())
                && let Some(row) = crate::store::workspace_questions::get(
                    self.store.pool(),
                    member.row.workspace_id,
                    number,
                )
                .await?
            {
                return Err(DailyAdminRefusal::NotApproved {
                    id: row.question_id,
                    status: row.status,
                }
                .into());
            }
        }
        let folded = typed.to_ascii_lowercase();
        let suggestion = bank
            .questions()
            .iter()
            .map(|q| {
                let score = strsim::normalized_damerau_levenshtein(&folded, q.id.as_str());
                (score, q.id.as_str())
            })
            .filter(|(score, _)| *score >= 0.7)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id)| id.to_owned());
        Err(DailyAdminRefusal::UnknownQuestion {
            typed: crate::domain::text::echo(typed),
            suggestion,
        }
        .into())
    }

    /// Stores an admin's action and logs it, with who did it.
    async fn record_action(
        &self,
        db: impl Into<crate::store::Db<'_>>,
        member: &Member,
        action: &str,
        detail: &str,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        admin_actions::insert(
            db,
            &admin_actions::NewAction {
                workspace_id: member.row.workspace_id,
                member_id: member.id(),
                action,
                detail,
                now: &time::instant_text(now),
            },
        )
        .await?;
        tracing::info!(
            workspace = member.row.workspace_id,
            actor = member.row.display_name,
            actor_id = member.id(),
            action,
            detail,
            "admin action"
        );
        Ok(())
    }
}

/// Reads stored pauses.
fn pauses_of(rows: &[daily_pauses::PauseRow]) -> anyhow::Result<Vec<AdminPause>> {
    rows.iter()
        .map(|row| {
            Ok(AdminPause {
                since: time::parse_instant(&row.paused_at)?,
                until_date: row.until_date.as_deref().map(time::parse_day).transpose()?,
                resumes_at: row
                    .resumed_at
                    .as_deref()
                    .map(time::parse_instant)
                    .transpose()?,
                by: row.paused_by.clone(),
                reason: row.reason.clone(),
            })
        })
        .collect()
}

/// The first instant of `day` in `zone` (after the gap, where midnight is
/// skipped).
fn start_of_day(zone: Timezone, day: NaiveDate) -> DateTime<Utc> {
    resolve(zone.tz(), day.and_time(chrono::NaiveTime::MIN))
}

/// The reason, trimmed, if one was given and it is not too long.
fn checked_reason(reason: Option<&str>) -> Result<Option<&str>, DailyAdminRefusal> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if let Some(text) = reason {
        let chars = text.chars().count();
        if chars > MAX_REASON_CHARS {
            return Err(DailyAdminRefusal::ReasonTooLong {
                chars,
                max: MAX_REASON_CHARS,
            });
        }
    }
    Ok(reason)
}

fn with_reason(detail: String, reason: Option<&str>) -> String {
    match reason {
        Some(reason) => format!("{detail}: {reason}"),
        None => detail,
    }
}
