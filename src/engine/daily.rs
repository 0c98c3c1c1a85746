//! Daily questions: a channel's subscription (set up, changed, stopped),
//! and the bookkeeping that makes each post go out exactly once: claim the
//! (subscription, local date), send, mark sent, reveal later.
//!
//! The scheduler drives the posting half; front-ends drive the setup half.

use std::collections::HashSet;

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};

use super::{Card, Engine, EngineError, MemberRef, UserError};
use crate::bank::QuestionBank;
use crate::domain::deck::Deck;
use crate::domain::schedule::{Firing, Schedule};
use crate::domain::{Context, Mode, QuestionId, Timezone, TopicId};
use crate::store::{cards, daily_posts, decks, subscriptions, time};

/// How far back a restart looks for firings it missed, to log them.
const MISSED_LOOKBACK_DAYS: i64 = 7;
/// Public reveals wait at most this long after the post.
pub const MAX_REVEAL_DELAY_MINUTES: u32 = 24 * 60;

/// What an admin asks for.
#[derive(Debug, Clone, Default)]
pub struct DailySetup {
    pub channel_id: String,
    /// `HH:MM` or a cron expression.
    pub schedule: String,
    /// An IANA zone; the workspace's when `None`.
    pub timezone: Option<String>,
    /// Topics by id, name or alias, separated by commas or spaces; every
    /// topic when `None`.
    pub topics: Option<String>,
    /// Minutes after the post when the answer is revealed in its thread.
    pub reveal_after_minutes: Option<u32>,
}

/// A channel's daily question as set up.
#[derive(Debug, Clone)]
pub struct Subscription {
    pub id: i64,
    pub workspace_id: i64,
    pub channel_id: String,
    pub schedule: Schedule,
    pub zone: Timezone,
    /// Empty for every topic.
    pub topics: Vec<TopicId>,
    pub reveal_after: Option<Duration>,
    pub enabled: bool,
    /// Firings before this instant belong to an older setup.
    pub since: DateTime<Utc>,
    /// Why the platform refused the channel for good, when it did; the
    /// subscription is then stopped until an admin sets it up again.
    pub paused_reason: Option<String>,
}

impl Subscription {
    /// "all topics", or the topic ids it is limited to.
    pub fn topics_label(&self) -> String {
        if self.topics.is_empty() {
            return "all topics".to_owned();
        }
        self.topics
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A subscription with its next firing and how many questions are left
/// before its deck repeats.
#[derive(Debug, Clone)]
pub struct SubscriptionStatus {
    pub subscription: Subscription,
    pub next: Option<Firing>,
    pub left_in_deck: usize,
    /// An admin's pause in force now (`/prepbot pause`); the platform's
    /// refusal is `subscription.paused_reason`.
    pub admin_pause: Option<super::daily_admin::AdminPause>,
}

/// A claimed post, ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyPost {
    pub post_id: i64,
    pub subscription_id: i64,
    pub workspace_id: i64,
    pub channel_id: String,
    pub local_date: String,
    pub scheduled_at: DateTime<Utc>,
    /// Derived from (subscription, local date): a resend after a crash
    /// carries the same nonce, so the platform can recognise it.
    pub nonce: String,
    pub card: Card,
    /// Earlier tries that failed.
    pub failed_tries: u32,
    /// When the answer is revealed after the post, if it is.
    pub reveal_after: Option<Duration>,
}

/// Where a post landed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostReceipt {
    pub message_id: String,
    /// The discussion thread, where the platform has one.
    pub thread_id: Option<String>,
}

/// The answer, posted publicly after the reveal delay.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicReveal {
    pub post_id: i64,
    pub channel_id: String,
    pub message_id: Option<String>,
    pub thread_id: Option<String>,
    pub card: Card,
    pub answer: String,
    pub key_points: Vec<String>,
    /// Members who graded the day's question so far.
    pub practised: u32,
}

/// What a round of claiming did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClaimReport {
    pub claimed: usize,
    pub skipped: usize,
}

impl Engine {
    /// Starts or changes the daily question in a channel.
    pub async fn setup_daily(
        &self,
        who: &MemberRef,
        setup: &DailySetup,
    ) -> Result<SubscriptionStatus, EngineError> {
        let schedule = Schedule::parse(&setup.schedule).map_err(UserError::BadSchedule)?;
        let member = self.member(who).await?;
        let zone = match &setup.timezone {
            Some(text) => Timezone::parse(text).map_err(UserError::BadTimezone)?,
            None => member.workspace_zone,
        };
        // Refused before anything is stored, so a working schedule is never
        // replaced by one that cannot post.
        if schedule.next_after(self.clock.now(), zone).is_none() {
            return Err(UserError::BadSchedule(format!(
                "`{schedule}` never fires: no date in the next five years matches it \
                 (30 or 31 February?); the daily question was left as it was"
            ))
            .into());
        }
        let topics = self.resolve_topics(setup.topics.as_deref())?;
        if let Some(minutes) = setup.reveal_after_minutes
            && minutes > MAX_REVEAL_DELAY_MINUTES
        {
            return Err(UserError::RevealTooLate {
                minutes,
                max: MAX_REVEAL_DELAY_MINUTES,
            }
            .into());
        }
        let channel = setup.channel_id.trim();
        if channel.is_empty() {
            return Err(UserError::NoChannel.into());
        }
        let topics_text = (!topics.is_empty()).then(|| {
            topics
                .iter()
                .map(TopicId::as_str)
                .collect::<Vec<_>>()
                .join(",")
        });
        let now = time::instant_text(self.clock.now());
        let row = subscriptions::upsert(
            self.store.pool(),
            &subscriptions::NewSubscription {
                workspace_id: member.row.workspace_id,
                channel_id: channel,
                schedule: &schedule.to_string(),
                timezone: &zone.to_string(),
                topics: topics_text.as_deref(),
                reveal_after_minutes: setup.reveal_after_minutes.map(i64::from),
                now: &now,
            },
        )
        .await?;
        self.daily_changes.notify_one();
        Ok(self.status_of(self.subscription_of(&row)?).await?)
    }

    /// Stops the daily question in a channel; `false` if none was running.
    pub async fn stop_daily(&self, who: &MemberRef, channel_id: &str) -> Result<bool, EngineError> {
        let member = self.member(who).await?;
        let now = time::instant_text(self.clock.now());
        let stopped =
            subscriptions::disable(self.store.pool(), member.row.workspace_id, channel_id, &now)
                .await?;
        self.daily_changes.notify_one();
        Ok(stopped)
    }

    /// The workspace's daily questions with their next post times.
    pub async fn daily_status(
        &self,
        who: &MemberRef,
    ) -> Result<Vec<SubscriptionStatus>, EngineError> {
        let member = self.member(who).await?;
        let mut statuses = Vec::new();
        for row in subscriptions::in_workspace(self.store.pool(), member.row.workspace_id).await? {
            statuses.push(self.status_of(self.subscription_of(&row)?).await?);
        }
        Ok(statuses)
    }

    /// The channel's latest daily question, for whoever missed the post.
    pub async fn todays_daily(
        &self,
        who: &MemberRef,
        channel_id: &str,
    ) -> Result<Option<Card>, EngineError> {
        let member = self.member(who).await?;
        let rows = subscriptions::in_workspace(self.store.pool(), member.row.workspace_id).await?;
        let Some(row) = rows.iter().find(|row| row.channel_id == channel_id) else {
            return Ok(None);
        };
        let Some(post) = daily_posts::latest_sent(self.store.pool(), row.id).await? else {
            return Ok(None);
        };
        let Some(card_id) = post.card_id else {
            return Ok(None);
        };
        let card = cards::get(self.store.pool(), card_id)
            .await?
            .context("the daily post's card has vanished")?;
        let (card, question) = self.checked_card(&member, Some(card))?;
        Ok(Some(self.card_view(&card, &question)?))
    }

    pub(super) fn resolve_topics(&self, typed: Option<&str>) -> Result<Vec<TopicId>, UserError> {
        let Some(typed) = typed else {
            return Ok(Vec::new());
        };
        let mut topics: Vec<TopicId> = Vec::new();
        for word in typed
            .split([',', ' '])
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            let id = self.resolve_topic(word)?.id.clone();
            if !topics.contains(&id) {
                topics.push(id);
            }
        }
        Ok(topics)
    }

    pub(super) fn subscription_of(
        &self,
        row: &subscriptions::SubscriptionRow,
    ) -> anyhow::Result<Subscription> {
        let schedule = Schedule::parse(&row.schedule).map_err(anyhow::Error::msg)?;
        let zone = Timezone::parse(&row.timezone).map_err(anyhow::Error::msg)?;
        let topics = row
            .topics
            .as_deref()
            .map(|text| {
                text.split(',')
                    .filter_map(|id| TopicId::parse(id).ok())
                    .collect()
            })
            .unwrap_or_default();
        Ok(Subscription {
            id: row.id,
            workspace_id: row.workspace_id,
            channel_id: row.channel_id.clone(),
            schedule,
            zone,
            topics,
            reveal_after: row.reveal_after_minutes.map(Duration::minutes),
            paused_reason: row.paused_reason.clone(),
            enabled: row.enabled == 1,
            since: time::parse_instant(&row.updated_at)?,
        })
    }

    async fn status_of(&self, subscription: Subscription) -> anyhow::Result<SubscriptionStatus> {
        let next = if subscription.enabled {
            self.next_unposted(&subscription).await?
        } else {
            None
        };
        let bank = self.bank_for(subscription.workspace_id).await?;
        let eligible = self.eligible(&subscription, &bank);
        let left_in_deck = match decks::get(self.store.pool(), subscription.id).await? {
            Some(row) => deck_of(&row).left(&eligible),
            None => eligible.len(),
        };
        let admin_pause = self.pause_at(subscription.id, self.clock.now()).await?;
        Ok(SubscriptionStatus {
            subscription,
            next,
            left_in_deck,
            admin_pause,
        })
    }

    /// The next firing that will post: on a local date that has no post
    /// yet (after today's post, a schedule that fires again later today
    /// posts next tomorrow), skipped by no admin and in no pause.
    async fn next_unposted(&self, subscription: &Subscription) -> anyhow::Result<Option<Firing>> {
        self.next_post(subscription, self.clock.now()).await
    }

    /// The questions a subscription may post, in id order.
    /// `bank` is the subscription's workspace's (`bank_for`), so its own
    /// questions join its deck and no other workspace's.
    pub(super) fn eligible(
        &self,
        subscription: &Subscription,
        bank: &QuestionBank,
    ) -> Vec<QuestionId> {
        let topics: HashSet<&TopicId> = subscription.topics.iter().collect();
        let mut ids: Vec<QuestionId> = bank
            .questions()
            .iter()
            .filter(|q| topics.is_empty() || topics.contains(&q.topic))
            .map(|q| q.id.clone())
            .collect();
        ids.sort();
        ids
    }

    /// Claims every firing due by `now` that is not yet claimed: those
    /// within `catch_up` of now become posts to send, older ones (missed
    /// while prepbot was down) are recorded as skipped and logged.
    pub async fn claim_due_posts(
        &self,
        now: DateTime<Utc>,
        catch_up: Duration,
    ) -> anyhow::Result<ClaimReport> {
        let mut report = ClaimReport::default();
        let latest: std::collections::HashMap<i64, String> =
            daily_posts::latest_scheduled(self.store.pool(), &time::instant_text(now))
                .await?
                .into_iter()
                .collect();
        for row in subscriptions::enabled(self.store.pool()).await? {
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
            // One subscription's trouble must not hold up the others.
            if let Err(error) = self
                .claim_for(
                    &subscription,
                    latest.get(&subscription.id),
                    now,
                    catch_up,
                    &mut report,
                )
                .await
            {
                tracing::error!(
                    channel = subscription.channel_id,
                    error = format!("{error:#}"),
                    "claiming a daily post failed; the next round tries again"
                );
            }
        }
        Ok(report)
    }

    /// Claims (or skips) the firings of one subscription due by `now`,
    /// after its latest post.
    async fn claim_for(
        &self,
        subscription: &Subscription,
        latest: Option<&String>,
        now: DateTime<Utc>,
        catch_up: Duration,
        report: &mut ClaimReport,
    ) -> anyhow::Result<()> {
        let mut cursor = subscription
            .since
            .max(now - Duration::days(MISSED_LOOKBACK_DAYS));
        // Firings up to the latest post are settled; look only after it.
        if let Some(settled) = latest {
            cursor = cursor.max(time::parse_instant(settled)?);
        }
        let pauses = self.admin_pauses(subscription.id).await?;
        while let Some(firing) = subscription.schedule.next_after(cursor, subscription.zone) {
            if firing.at > now {
                break;
            }
            cursor = firing.at;
            // A firing inside an admin's pause is skipped, whenever it is
            // looked at, so a resume never catches the paused days up.
            if pauses.iter().any(|pause| pause.covers(firing.at)) {
                report.skipped += usize::from(self.skip_paused(subscription, firing, now).await?);
                continue;
            }
            let late = now - firing.at;
            if late <= catch_up {
                report.claimed += usize::from(self.claim(subscription, firing, now).await?);
            } else if self.skip(subscription, firing, now).await? {
                report.skipped += 1;
                tracing::warn!(
                    channel = subscription.channel_id,
                    date = %firing.local_date,
                    late_minutes = late.num_minutes(),
                    "skipped a daily question missed for longer than the catch-up window"
                );
            }
        }
        Ok(())
    }

    /// Claims one firing: draws the deck's next question, stores its card
    /// and claims the date, all in one transaction. `false` if the date was
    /// claimed before.
    async fn claim(
        &self,
        subscription: &Subscription,
        firing: Firing,
        now: DateTime<Utc>,
    ) -> anyhow::Result<bool> {
        let date = time::day_text(firing.local_date);
        // Read before the write lock: building it may read the database.
        let bank = self.bank_for(subscription.workspace_id).await?;
        let mut tx = self.store.begin_immediate().await?;
        subscriptions::lock_for_claim(&mut *tx, subscription.id).await?;
        if daily_posts::exists(&mut *tx, subscription.id, &date).await? {
            return Ok(false);
        }
        let eligible = self.eligible(subscription, &bank);
        let deck = decks::get(&mut *tx, subscription.id)
            .await?
            .map(|row| deck_of(&row));
        let drawn = {
            let mut rng = self
                .rng
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let deck = deck.unwrap_or_else(|| Deck::shuffled(&eligible, 1, &mut *rng));
            deck.draw(&eligible, &mut *rng)
        };
        let now_text = time::instant_text(now);
        let scheduled = time::instant_text(firing.at);
        let Some((question_id, deck)) = drawn else {
            tracing::warn!(
                channel = subscription.channel_id,
                "no questions match the daily question's topics"
            );
            let skip = daily_posts::NewPost {
                subscription_id: subscription.id,
                local_date: &date,
                scheduled_at: &scheduled,
                card_id: None,
                status: "skipped",
                now: &now_text,
            };
            daily_posts::claim(&mut *tx, &skip).await?;
            tx.commit()
                .await
                .context("recording the skipped daily post")?;
            return Ok(false);
        };
        let shown = bank.question(&question_id).map(super::history::shown_text);
        let card_id = cards::insert(
            &mut *tx,
            &cards::NewCard {
                workspace_id: subscription.workspace_id,
                member_id: None,
                question_id: question_id.as_str(),
                context: Context::Daily.as_str(),
                mode: Mode::Flashcard.as_str(),
                choice_options: None,
                issued_at: &now_text,
                shown: shown.as_deref(),
            },
        )
        .await?;
        let post = daily_posts::NewPost {
            subscription_id: subscription.id,
            local_date: &date,
            scheduled_at: &scheduled,
            card_id: Some(card_id),
            status: "claimed",
            now: &now_text,
        };
        let claimed = daily_posts::claim(&mut *tx, &post).await?.is_some();
        decks::save(&mut *tx, subscription.id, &deck_row(&deck)).await?;
        tx.commit().await.context("claiming the daily post")?;
        Ok(claimed)
    }

    /// Records a firing as skipped; `false` if the date already had a post.
    async fn skip(
        &self,
        subscription: &Subscription,
        firing: Firing,
        now: DateTime<Utc>,
    ) -> anyhow::Result<bool> {
        let post = daily_posts::NewPost {
            subscription_id: subscription.id,
            local_date: &time::day_text(firing.local_date),
            scheduled_at: &time::instant_text(firing.at),
            card_id: None,
            status: "skipped",
            now: &time::instant_text(now),
        };
        Ok(daily_posts::claim(self.store.pool(), &post)
            .await?
            .is_some())
    }

    /// Claimed posts to send now: just claimed, left over from a crash, or
    /// due for another try.
    pub async fn unsent_posts(&self, now: DateTime<Utc>) -> anyhow::Result<Vec<DailyPost>> {
        let rows = daily_posts::unsent(self.store.pool(), &time::instant_text(now)).await?;
        let subscriptions = subscriptions::enabled(self.store.pool()).await?;
        let mut posts = Vec::with_capacity(rows.len());
        for row in rows {
            // A post of a subscription stopped since its claim is not sent.
            let Some(subscription) = subscriptions.iter().find(|s| s.id == row.subscription_id)
            else {
                daily_posts::mark_skipped(self.store.pool(), row.id).await?;
                continue;
            };
            let card_id = row.card_id.context("a claimed post without a card")?;
            let card = cards::get(self.store.pool(), card_id)
                .await?
                .context("the daily post's card has vanished")?;
            let bank = self.bank_for(subscription.workspace_id).await?;
            let Some(question) = QuestionId::parse(&card.question_id)
                .ok()
                .and_then(|id| bank.question(&id))
            else {
                tracing::warn!(
                    post = row.id,
                    question = card.question_id,
                    "skipping a post whose question left the bank"
                );
                daily_posts::mark_skipped(self.store.pool(), row.id).await?;
                continue;
            };
            posts.push(DailyPost {
                post_id: row.id,
                subscription_id: row.subscription_id,
                workspace_id: subscription.workspace_id,
                channel_id: subscription.channel_id.clone(),
                nonce: format!(
                    "pb{}-{}",
                    row.subscription_id,
                    row.local_date.replace('-', "")
                ),
                local_date: row.local_date,
                scheduled_at: time::parse_instant(&row.scheduled_at)?,
                card: self
                    .card_view(&card, question)
                    .map_err(|error| anyhow::anyhow!("{error}"))?,
                failed_tries: u32::try_from(row.send_attempts).unwrap_or(u32::MAX),
                reveal_after: subscription.reveal_after_minutes.map(Duration::minutes),
            });
        }
        Ok(posts)
    }

    pub async fn mark_post_sent(
        &self,
        post: &DailyPost,
        receipt: &PostReceipt,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let reveal_at = post
            .reveal_after
            .map(|delay| time::instant_text(now + delay));
        daily_posts::mark_sent(
            self.store.pool(),
            post.post_id,
            &receipt.message_id,
            receipt.thread_id.as_deref(),
            &time::instant_text(now),
            reveal_at.as_deref(),
        )
        .await
    }

    /// Records a failed send and when to try again; a post that would land
    /// after `give_up_after` its scheduled time is skipped instead.
    pub async fn record_post_failure(
        &self,
        post: &DailyPost,
        error: &str,
        retry_at: DateTime<Utc>,
        give_up_after: Duration,
    ) -> anyhow::Result<bool> {
        if retry_at - post.scheduled_at > give_up_after {
            tracing::error!(
                channel = post.channel_id,
                date = post.local_date,
                error,
                "giving up on a daily post"
            );
            daily_posts::mark_skipped(self.store.pool(), post.post_id).await?;
            return Ok(false);
        }
        daily_posts::record_failure(
            self.store.pool(),
            post.post_id,
            error,
            &time::instant_text(retry_at),
        )
        .await?;
        Ok(true)
    }

    /// The platform refused `post`'s channel for good (prepbot was removed
    /// from it, or it is gone or archived): the post is skipped and the
    /// subscription paused with `reason`, which status shows, until an
    /// admin sets it up again. One transaction, so a crash leaves both or
    /// neither.
    pub async fn pause_refused_channel(
        &self,
        post: &DailyPost,
        reason: &str,
    ) -> anyhow::Result<()> {
        let now = time::instant_text(self.clock.now());
        let mut tx = self.store.begin().await?;
        daily_posts::mark_skipped(&mut *tx, post.post_id).await?;
        subscriptions::pause(&mut *tx, post.subscription_id, reason, &now).await?;
        tx.commit().await.context("pausing the daily question")?;
        self.daily_changes.notify_one();
        Ok(())
    }

    /// Public reveals due by `now`.
    pub async fn due_reveals(&self, now: DateTime<Utc>) -> anyhow::Result<Vec<PublicReveal>> {
        let rows = daily_posts::reveals_due(self.store.pool(), &time::instant_text(now)).await?;
        let subscriptions = subscriptions::enabled(self.store.pool()).await?;
        let mut reveals = Vec::new();
        for row in rows {
            let channel_id = subscriptions
                .iter()
                .find(|s| s.id == row.subscription_id)
                .map(|s| s.channel_id.clone());
            let (Some(channel_id), Some(card_id)) = (channel_id, row.card_id) else {
                daily_posts::mark_revealed(self.store.pool(), row.id, &time::instant_text(now))
                    .await?;
                continue;
            };
            let card = cards::get(self.store.pool(), card_id)
                .await?
                .context("the daily post's card has vanished")?;
            let bank = self.bank_for(card.workspace_id).await?;
            let Some(question) = QuestionId::parse(&card.question_id)
                .ok()
                .and_then(|id| bank.question(&id))
            else {
                daily_posts::mark_revealed(self.store.pool(), row.id, &time::instant_text(now))
                    .await?;
                continue;
            };
            let practised = daily_posts::practised(self.store.pool(), card_id).await?;
            reveals.push(PublicReveal {
                post_id: row.id,
                channel_id,
                message_id: row.message_id,
                thread_id: row.thread_id,
                card: self
                    .card_view(&card, question)
                    .map_err(|error| anyhow::anyhow!("{error}"))?,
                answer: question.answer.clone(),
                key_points: question.key_points.clone(),
                practised: u32::try_from(practised).unwrap_or(0),
            });
        }
        Ok(reveals)
    }

    /// Tries a failed reveal again at `at`.
    pub async fn postpone_reveal(&self, post_id: i64, at: DateTime<Utc>) -> anyhow::Result<()> {
        daily_posts::postpone_reveal(self.store.pool(), post_id, &time::instant_text(at)).await
    }

    pub async fn mark_revealed(&self, post_id: i64, now: DateTime<Utc>) -> anyhow::Result<()> {
        daily_posts::mark_revealed(self.store.pool(), post_id, &time::instant_text(now)).await
    }

    /// The next instant the scheduler has work: a firing, a retry or a
    /// reveal.
    pub async fn next_daily_wakeup(
        &self,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<DateTime<Utc>>> {
        let mut next: Option<DateTime<Utc>> = None;
        let mut consider =
            |at: DateTime<Utc>| next = Some(next.map_or(at, |n: DateTime<Utc>| n.min(at)));
        for row in subscriptions::enabled(self.store.pool()).await? {
            if let Ok(subscription) = self.subscription_of(&row)
                && let Some(firing) = subscription.schedule.next_after(now, subscription.zone)
            {
                consider(firing.at);
            }
        }
        for at in [
            daily_posts::next_try(self.store.pool()).await?,
            daily_posts::next_reveal(self.store.pool()).await?,
        ]
        .into_iter()
        .flatten()
        {
            consider(time::parse_instant(&at)?);
        }
        Ok(next)
    }
}

pub(super) fn deck_of(row: &decks::DeckRow) -> Deck {
    Deck {
        order: row
            .question_ids
            .split(',')
            .filter_map(|id| QuestionId::parse(id).ok())
            .collect(),
        next: usize::try_from(row.next_index).unwrap_or(0),
        round: u32::try_from(row.round).unwrap_or(1),
    }
}

pub(super) fn deck_row(deck: &Deck) -> decks::DeckRow {
    decks::DeckRow {
        question_ids: deck
            .order
            .iter()
            .map(QuestionId::as_str)
            .collect::<Vec<_>>()
            .join(","),
        next_index: i64::try_from(deck.next).unwrap_or(i64::MAX),
        round: i64::from(deck.round),
    }
}
