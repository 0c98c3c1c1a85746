//! The use cases every front-end calls: draw a quiz card, reveal it, check a
//! typed answer, grade it, and read streaks, stats, leaderboards and the
//! review queue. Plain data in and out; time comes from a `Clock`.
//!
//! ```no_run
//! # async fn example(engine: prepbot::engine::Engine, me: prepbot::engine::MemberRef) -> anyhow::Result<()> {
//! use prepbot::domain::{Grade, Mode};
//! use prepbot::engine::GradeInput;
//! let card = engine.quiz(&me, Some("transformers"), None, Mode::Flashcard).await?;
//! let reveal = engine.reveal(&me, card.id).await?;
//! let outcome = engine.grade(&me, card.id, GradeInput::Grade(Grade::Good)).await?;
//! println!("{} (+{} points, streak {})", reveal.answer, outcome.points, outcome.streak.current);
//! # Ok(()) }
//! ```

mod answers;
pub mod channel_check;
mod clock;
mod cram;
mod daily;
mod daily_admin;
mod error;
mod grade;
mod history;
mod identity;
mod interview;
mod interview_plan;
mod judge;
mod leaderboard;
mod member_data;
mod options;
mod points;
mod quiz;
mod recap;
mod reload;
mod reminders;
mod reports;
mod review;
mod schedule;
mod stats;
mod streak_repair;
mod workspace_export;
mod workspace_questions;

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, RwLock};

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use tokio::sync::Notify;

pub use answers::{AnswerCheck, MAX_ANSWER_CHARS, Reveal, answer_verdict};
pub use clock::{Clock, ManualClock, SystemClock};
pub use cram::CramNext;
pub use daily::{
    ClaimReport, DailyPost, DailySetup, MAX_REVEAL_DELAY_MINUTES, PostReceipt, PublicReveal,
    Subscription, SubscriptionStatus,
};
pub use daily_admin::{
    AdminPause, DailyAdminRefusal, DailyPreview, MAX_REASON_CHARS, PREVIEW_POSTS, Paused, Planned,
    PlannedDate, Queued, Resumed, SkippedDate,
};
pub use error::{EngineError, UserError, apology};
pub use grade::{GradeInput, Outcome};
pub use history::Since;
pub use identity::{CardId, MemberRef, Platform, WorkspaceRef};
pub use interview::{Covered, FollowUp, InterviewStep, InterviewSummary};
pub use interview_plan::{Countdown, InterviewSetting, means_no_interview};
pub use judge::{
    AnswerJudge, JudgeFailure, JudgeReply, JudgeTask, JudgedBy, JudgedPoint, LlmVerdict,
    MAX_FEEDBACK_CHARS, MAX_FOLLOW_UP_CHARS, checked_verdict, judge_or_check, safe_follow_up,
};
pub use leaderboard::{Leaderboard, LeaderboardEntry, Period, RankBy};
pub use member_data::{
    DataSummary, Deleted, EXPORT_FILE_NAME, EXPORT_SCHEMA_VERSION, ExportedMember,
    ExportedSettings, ExportedStreak, MemberExport,
};
pub use points::{DAILY_POINTS, QUIZ_POINTS, QUIZ_WRONG_CHOICE_POINTS, REVIEW_POINTS};
pub use recap::{MissedQuestion, RECAP_TOP, Recap, RecapEntry, WeeklyRecap};
pub use reload::BankChanges;
pub use reminders::{Blocked, Reminder, ReminderClaims, ReminderSetting};
pub use reports::{Closing, Filed, Report, export_reports};
pub use review::ReviewNext;
pub use stats::{CALENDAR_WEEKS, Stats, TopicStats};
pub use streak_repair::{DEFAULT_REPAIR_REASON, HEARTBEAT_EVERY, Repair, Restored, StreakHistory};
pub use workspace_export::{WorkspaceExport, export_workspace};
pub use workspace_questions::{QuestionStatus, WorkspaceQuestion, export_workspace_questions};

use crate::bank::QuestionBank;
use crate::domain::day::{practice_day, zone_change_takes_effect};
use crate::domain::streak::{Streak, StreakState};
use crate::domain::{
    Context, DayStartHour, Difficulty, Mode, Question, QuestionId, Timezone, Topic,
};
use crate::store::members::MemberRow;
use crate::store::{Store, cards, members, time, workspaces};

/// How alike a typed name and a known one must be (0 to 1, by edit
/// distance) before prepbot asks "did you mean": one slip in a ten-letter
/// word passes, `cooking` for `coding` does not.
pub const SUGGESTION_SIMILARITY: f64 = 0.75;

/// The member's own zone (as stored text) in force at `now`: a waiting
/// change once its moment has come, else the zone they had. `None` is the
/// workspace's zone.
fn own_zone_text(row: &MemberRow, now: DateTime<Utc>) -> Option<&str> {
    let waiting = row.next_timezone_from.as_deref().map(time::parse_instant);
    match waiting {
        Some(Ok(from)) if from <= now => row.next_timezone.as_deref(),
        _ => row.timezone.as_deref(),
    }
}

/// When a zone change that has not yet taken effect will, if one waits.
fn waiting_change_from(row: &MemberRow, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let from = time::parse_instant(row.next_timezone_from.as_deref()?).ok()?;
    (from > now).then_some(from)
}

/// A member's change of time zone, as made.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneChange {
    /// The zone asked for; `None` follows the workspace's.
    pub zone: Option<Timezone>,
    /// The zone the member's days will follow.
    pub resolved: Timezone,
    /// When it takes effect; `None` means at once.
    pub takes_effect: Option<DateTime<Utc>>,
}

/// What the engine needs from the settings.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub default_timezone: Timezone,
    pub day_start: DayStartHour,
    /// New questions `/review` introduces per member per day.
    pub new_cards_per_day: u32,
    /// The bank's folder, re-read by `reload_bank`.
    pub bank_dir: std::path::PathBuf,
}

/// The engine: one per process, shared by every front-end.
pub struct Engine {
    store: Store,
    /// Swapped whole by a reload; read through `bank()`.
    bank: RwLock<Arc<QuestionBank>>,
    clock: Arc<dyn Clock>,
    config: EngineConfig,
    /// Draws questions and shuffles options. Seeded, so a test can replay.
    rng: Mutex<ChaCha8Rng>,
    /// Signalled when a daily subscription is set up, changed or stopped,
    /// so whoever plans posts (the scheduler) plans again.
    daily_changes: Arc<Notify>,
    /// The LLM judge, when one is configured.
    judge: Option<Arc<dyn AnswerJudge>>,
    /// Each workspace's bank (the shared one plus its approved questions),
    /// built on first use; see `bank_for`.
    workspace_banks: Mutex<HashMap<i64, workspace_questions::CachedBank>>,
    /// Bumped whenever a workspace question is approved, so a workspace
    /// bank built before then is built again.
    questions_generation: AtomicU64,
}

/// A question as shown to a member.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: CardId,
    pub question_id: QuestionId,
    pub topic_id: String,
    pub topic_name: String,
    pub difficulty: Difficulty,
    pub question: String,
    pub context: Context,
    pub mode: Mode,
    /// For choice cards: four brief answers, one of them right.
    pub options: Vec<String>,
}

/// A topic with its question count, for `/topics`.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicInfo {
    pub id: String,
    pub name: String,
    pub description: String,
    pub aliases: Vec<String>,
    pub questions: usize,
}

/// A member as the engine works with them.
#[derive(Debug, Clone)]
struct Member {
    row: MemberRow,
    /// The member's own zone, else the workspace's, else the default.
    zone: Timezone,
    /// The workspace's zone, for leaderboard weeks and months.
    workspace_zone: Timezone,
    /// While a zone change waits, the member's current day lasts until the
    /// change takes effect: no new day begins in the old zone before then
    /// (see `set_timezone`).
    day_cap: Option<NaiveDate>,
}

impl Member {
    fn id(&self) -> i64 {
        self.row.id
    }

    fn streak_state(&self) -> anyhow::Result<StreakState> {
        Ok(StreakState {
            run: u32::try_from(self.row.streak_length).unwrap_or(0),
            best: u32::try_from(self.row.streak_best).unwrap_or(0),
            freezes: u32::try_from(self.row.streak_freezes).unwrap_or(0),
            last_day: self
                .row
                .last_practice_day
                .as_deref()
                .map(time::parse_day)
                .transpose()?,
            days_practised: u32::try_from(self.row.days_practised).unwrap_or(0),
        })
    }
}

impl Engine {
    pub fn new(
        store: Store,
        bank: Arc<QuestionBank>,
        clock: Arc<dyn Clock>,
        config: EngineConfig,
        seed: u64,
    ) -> Self {
        Self {
            store,
            bank: RwLock::new(bank),
            clock,
            config,
            rng: Mutex::new(ChaCha8Rng::seed_from_u64(seed)),
            daily_changes: Arc::new(Notify::new()),
            judge: None,
            workspace_banks: Mutex::new(HashMap::new()),
            questions_generation: AtomicU64::new(0),
        }
    }

    /// Typed answers are judged by `judge` first, with the built-in checker
    /// standing in whenever it cannot.
    pub fn with_judge(self, judge: Arc<dyn AnswerJudge>) -> Self {
        Self {
            judge: Some(judge),
            ..self
        }
    }

    /// Whether an LLM judge is configured (it may still fall back).
    pub fn has_judge(&self) -> bool {
        self.judge.is_some()
    }

    /// The bank as it is now. Each use case takes one snapshot and works
    /// on it to the end, so a reload never shows it half a bank.
    pub fn bank(&self) -> Arc<QuestionBank> {
        self.bank
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Notified whenever a daily subscription changes.
    pub fn daily_changes(&self) -> Arc<Notify> {
        self.daily_changes.clone()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Topics in bank order with their question counts.
    pub fn topics(&self) -> Vec<TopicInfo> {
        self.bank()
            .summary()
            .into_iter()
            .map(|summary| TopicInfo {
                id: summary.topic.id.to_string(),
                name: summary.topic.name.clone(),
                description: summary.topic.description.clone(),
                aliases: summary.topic.aliases.clone(),
                questions: summary.questions,
            })
            .collect()
    }

    /// Topic names that start with (or contain) what was typed, for
    /// autocomplete: ids first, then aliases.
    pub fn complete_topic(&self, typed: &str) -> Vec<TopicInfo> {
        let typed = crate::domain::slug::fold_to_slug(typed);
        let topics = self.topics();
        let mut matches: Vec<TopicInfo> = topics
            .iter()
            .filter(|topic| topic.id.starts_with(&typed))
            .cloned()
            .collect();
        for topic in &topics {
            let also = topic.id.contains(&typed)
                || topic.aliases.iter().any(|alias| alias.contains(&typed))
                || crate::domain::slug::fold_to_slug(&topic.name).contains(&typed);
            if also && !matches.iter().any(|m| m.id == topic.id) {
                matches.push(topic.clone());
            }
        }
        matches
    }

    /// Finds a topic by what a person typed, or says which one they meant.
    pub fn resolve_topic(&self, typed: &str) -> Result<Topic, UserError> {
        let bank = self.bank();
        if let Some(topic) = bank.find_topic(typed) {
            return Ok(topic.clone());
        }
        let folded = crate::domain::slug::fold_to_slug(typed);
        let suggestion = bank
            .topic_names()
            .map(|(name, topic)| (strsim::normalized_damerau_levenshtein(&folded, name), topic))
            .filter(|(score, _)| *score >= SUGGESTION_SIMILARITY)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, topic)| topic.id.to_string());
        Err(UserError::UnknownTopic {
            typed: crate::domain::text::echo(typed),
            suggestion,
        })
    }

    /// The member's streak today.
    pub async fn streak(&self, who: &MemberRef) -> Result<Streak, EngineError> {
        let member = self.member(who).await?;
        Ok(member.streak_state()?.at(self.today(&member)))
    }

    /// Sets the member's own time zone (`None` goes back to the workspace's).
    ///
    /// Once a member has practised, a change waits for the first day start
    /// in the new zone after their current day would end in the old one
    /// (`domain::day::zone_change_takes_effect`), and until then their
    /// current day simply goes on: no day begins in the old zone in the
    /// meantime. So day starts stay a day apart and changing zone can never
    /// create or fill a practice day (a move many hours east can leave one
    /// calendar date out, as the trip itself does). A second change before
    /// then is refused (one change at a time), since taking it back could
    /// release the day the first change held open.
    pub async fn set_timezone(
        &self,
        who: &MemberRef,
        zone: Option<&str>,
    ) -> Result<ZoneChange, EngineError> {
        let zone = zone
            .map(Timezone::parse)
            .transpose()
            .map_err(UserError::BadTimezone)?;
        let member = self.member(who).await?;
        let now = self.clock.now();
        let asked = zone.map(|zone| zone.to_string());
        let in_force = own_zone_text(&member.row, now).map(str::to_owned);
        let resolved = zone.unwrap_or(member.workspace_zone);
        // One change at a time: a second one (even back) before the first
        // takes effect could release the day the first one held open.
        if let Some(from) = waiting_change_from(&member.row, now) {
            let waiting = member.row.next_timezone.clone();
            if asked == waiting {
                return Ok(ZoneChange {
                    zone,
                    resolved,
                    takes_effect: Some(from),
                });
            }
            let target = waiting
                .as_deref()
                .and_then(|text| self.stored_zone(Some(text)))
                .unwrap_or(member.workspace_zone);
            return Err(UserError::ZoneChangeWaiting {
                zone: target.to_string(),
                at: from
                    .with_timezone(&target.tz())
                    .format("%H:%M on %a %-d %b")
                    .to_string(),
            }
            .into());
        }
        // At once: for a member who never practised, or when the zone asked
        // for is the one their days already follow (no day can change).
        let (current, next, takes_effect) = if member.row.last_practice_day.is_none()
            || resolved == member.zone
        {
            (asked.as_deref(), None, None)
        } else {
            let from = zone_change_takes_effect(now, member.zone, resolved, self.config.day_start);
            (in_force.as_deref(), Some(asked.as_deref()), Some(from))
        };
        let from_text = takes_effect.map(time::instant_text);
        members::set_timezone(
            self.store.pool(),
            member.id(),
            current,
            next.flatten(),
            from_text.as_deref(),
        )
        .await?;
        Ok(ZoneChange {
            zone,
            resolved,
            takes_effect,
        })
    }

    /// Sets the workspace's time zone, used by members who set none.
    pub async fn set_workspace_timezone(
        &self,
        who: &MemberRef,
        zone: &str,
    ) -> Result<Timezone, EngineError> {
        let zone = Timezone::parse(zone).map_err(UserError::BadTimezone)?;
        let member = self.member(who).await?;
        workspaces::set_timezone(
            self.store.pool(),
            member.row.workspace_id,
            Some(&zone.to_string()),
        )
        .await?;
        Ok(zone)
    }

    /// Leaves (or rejoins) the workspace's leaderboards.
    pub async fn set_leaderboard_opt_out(
        &self,
        who: &MemberRef,
        opt_out: bool,
    ) -> Result<(), EngineError> {
        let member = self.member(who).await?;
        members::set_leaderboard_opt_out(self.store.pool(), member.id(), opt_out).await?;
        Ok(())
    }

    /// Finds the member, recording them (and their workspace) on first sight.
    async fn member(&self, who: &MemberRef) -> anyhow::Result<Member> {
        let who = &who.cleaned();
        let known = members::find(
            self.store.pool(),
            who.workspace.platform.as_str(),
            &who.workspace.external_id,
            &who.external_id,
        )
        .await?;
        match known {
            Some((row, zone)) if row.display_name == who.display_name => {
                Ok(self.member_of(row, zone.as_deref()))
            }
            _ => self.record_member(who).await,
        }
    }

    /// Records a new member (or a changed display name); the only write a
    /// look-up ever does.
    async fn record_member(&self, who: &MemberRef) -> anyhow::Result<Member> {
        let now = time::instant_text(self.clock.now());
        let mut tx = self.store.begin().await?;
        let workspace = workspaces::ensure(
            &mut *tx,
            who.workspace.platform.as_str(),
            &who.workspace.external_id,
            &who.workspace.name,
            &now,
        )
        .await?;
        let row = members::ensure(
            &mut *tx,
            workspace.id,
            &who.external_id,
            &who.display_name,
            &now,
        )
        .await?;
        tx.commit().await.context("recording the member")?;
        Ok(self.member_of(row, workspace.timezone.as_deref()))
    }

    fn member_of(&self, row: MemberRow, workspace_zone: Option<&str>) -> Member {
        let workspace_zone = self
            .stored_zone(workspace_zone)
            .unwrap_or(self.config.default_timezone);
        let zone = self
            .stored_zone(own_zone_text(&row, self.clock.now()))
            .unwrap_or(workspace_zone);
        let day_cap = waiting_change_from(&row, self.clock.now()).map(|from| {
            practice_day(from, zone, self.config.day_start) - chrono::Duration::days(1)
        });
        Member {
            row,
            zone,
            workspace_zone,
            day_cap,
        }
    }

    /// A zone read back from the database; one that no longer parses (a tz
    /// database update renamed it) falls back rather than failing the member.
    fn stored_zone(&self, text: Option<&str>) -> Option<Timezone> {
        let text = text?;
        match Timezone::parse(text) {
            Ok(zone) => Some(zone),
            Err(error) => {
                tracing::warn!(zone = text, %error, "ignoring a stored time zone that no longer parses");
                None
            }
        }
    }

    /// The member's practice day now.
    fn today(&self, member: &Member) -> NaiveDate {
        let day = practice_day(self.clock.now(), member.zone, self.config.day_start);
        member.day_cap.map_or(day, |cap| day.min(cap))
    }

    /// A stored card, checked to belong to the member's workspace, so a
    /// forged or stale id from elsewhere is refused.
    async fn card_for(
        &self,
        member: &Member,
        card_id: CardId,
    ) -> Result<(cards::CardRow, Question), EngineError> {
        let card = cards::get(self.store.pool(), card_id.0).await?;
        self.checked_card(member, card)
    }

    /// The card and its question, if the card exists in the member's
    /// workspace and its question is still in the bank.
    fn checked_card(
        &self,
        member: &Member,
        card: Option<cards::CardRow>,
    ) -> Result<(cards::CardRow, Question), EngineError> {
        let card = card.ok_or(UserError::UnknownCard)?;
        if card.workspace_id != member.row.workspace_id {
            return Err(UserError::UnknownCard.into());
        }
        let question_id =
            QuestionId::parse(&card.question_id).map_err(|_| UserError::RetiredQuestion)?;
        let current = self.bank().question(&question_id).cloned();
        let question = history::as_shown(current, card.shown.as_deref(), &question_id)
            .ok_or(UserError::RetiredQuestion)?;
        Ok((card, question))
    }

    /// The question ids a choice card offers, in order.
    /// The options stored on a choice card (empty for a flashcard).
    fn card_options(&self, card: &cards::CardRow) -> Result<Vec<options::OptionRef>, EngineError> {
        match &card.choice_options {
            None => Ok(Vec::new()),
            Some(stored) => options::parse_all(stored)
                .map_err(|_| EngineError::from(UserError::RetiredQuestion)),
        }
    }

    fn card_view(&self, card: &cards::CardRow, question: &Question) -> Result<Card, EngineError> {
        let context = Context::parse(&card.context)
            .with_context(|| format!("card {} has context {}", card.id, card.context))?;
        let mode = card.mode.parse::<Mode>().map_err(anyhow::Error::msg)?;
        let bank = self.bank();
        let options = self
            .card_options(card)?
            .iter()
            .map(|option| {
                option
                    .text(question, |id| bank.question(id))
                    .map_err(|_| UserError::RetiredQuestion)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let topic_name = self
            .bank()
            .topic(&question.topic)
            .map(|t| t.name.clone())
            .unwrap_or_default();
        Ok(Card {
            id: CardId(card.id),
            question_id: question.id.clone(),
            topic_id: question.topic.to_string(),
            topic_name,
            difficulty: question.difficulty,
            question: question.question.clone(),
            context,
            mode,
            options,
        })
    }
}
