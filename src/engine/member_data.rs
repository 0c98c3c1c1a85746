//! A member's own data: everything prepbot keeps about them as one JSON
//! document they can take away, and its deletion at their request.
//!
//! Deletion is one write transaction over every table that names the
//! member (`store::member_data::delete`). What belongs to others stays as
//! it was: their attempts, their points, and the workspace's record of
//! what an admin did (the row stays, the admin's id goes). The log line
//! says the member's internal id and how many rows went, never what they
//! held. A member who comes back afterwards is recorded afresh.
//!
//! ```no_run
//! # async fn example(engine: prepbot::engine::Engine, me: prepbot::engine::MemberRef) -> anyhow::Result<()> {
//! let export = engine.export_member_data(&me).await?;
//! std::fs::write("prepbot-my-data.json", export.to_json())?;
//! let deleted = engine.delete_member_data(&me).await?;
//! println!("{} attempts deleted", deleted.attempts);
//! # Ok(()) }
//! ```

use serde::{Deserialize, Serialize};

use super::{Engine, EngineError, MemberRef};
use crate::store::member_data::{
    self, AttemptRow, ExcusedDayRow, PointsRow, ReportRow, ReviewCardRow, SuggestionRow,
};
use crate::store::{members, time};

pub use crate::store::member_data::Deleted;

/// Bumped whenever a field of `MemberExport` changes meaning or goes away,
/// so a program reading exports can tell which shape it holds.
pub const EXPORT_SCHEMA_VERSION: u32 = 1;

/// The file name front-ends give an export.
pub const EXPORT_FILE_NAME: &str = "prepbot-my-data.json";

/// Everything prepbot keeps about one member in one workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberExport {
    pub schema_version: u32,
    /// When the export was taken (UTC).
    pub exported_at: String,
    pub member: ExportedMember,
    pub settings: ExportedSettings,
    pub streak: ExportedStreak,
    /// Every day (in the member's own calendar) with graded practice.
    pub practice_days: Vec<String>,
    /// Days an admin excused because prepbot itself was down.
    pub excused_days: Vec<ExcusedDayRow>,
    /// Points per period: `all`, `week:2026-W48`, `month:2026-11`.
    pub points: Vec<PointsRow>,
    pub attempts: Vec<AttemptRow>,
    pub review_cards: Vec<ReviewCardRow>,
    pub reports: Vec<ReportRow>,
    pub suggested_questions: Vec<SuggestionRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedMember {
    pub platform: String,
    /// The platform's id of the server or workspace.
    pub workspace_id: String,
    pub workspace_name: String,
    /// The platform's id of the member.
    pub member_id: String,
    pub display_name: String,
    pub first_seen_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedSettings {
    /// Their own IANA zone; `None` follows the workspace's.
    pub timezone: Option<String>,
    /// A change of zone waiting for their next day, and when it applies.
    pub timezone_change: Option<String>,
    pub timezone_change_at: Option<String>,
    pub hidden_from_leaderboards: bool,
    /// HH:MM in their zone; `None` when reminders are off.
    pub reminder_time: Option<String>,
    /// Set when the platform refused a reminder and they are paused.
    pub reminders_paused_since: Option<String>,
    pub interview_date: Option<String>,
    pub interview_topics: Option<String>,
}

/// The streak figures as stored (as of the last practice day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedStreak {
    pub length: i64,
    pub best: i64,
    pub freezes: i64,
    pub last_practice_day: Option<String>,
    pub days_practised: i64,
}

impl MemberExport {
    /// The document as indented JSON, ready to save.
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serialising it cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned())
    }
}

/// What a deletion would remove, for the question before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DataSummary {
    pub attempts: usize,
    pub days_practised: usize,
    pub review_cards: usize,
    pub reports: usize,
    pub suggestions: usize,
}

impl Engine {
    /// Everything stored about the caller, as of now.
    pub async fn export_member_data(&self, who: &MemberRef) -> Result<MemberExport, EngineError> {
        let member = self.member(who).await?;
        let id = member.id();
        // One read transaction: a grade landing halfway cannot leave the
        // attempts and the streak disagreeing.
        let mut tx = self.store.begin().await?;
        let profile = member_data::profile(&mut *tx, id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("member {id} vanished during the export"))?;
        let attempts = member_data::attempts(&mut *tx, id).await?;
        let review_cards = member_data::review_cards(&mut *tx, id).await?;
        let points = member_data::points(&mut *tx, id).await?;
        let excused_days = member_data::excused_days(&mut *tx, id).await?;
        let reports = member_data::reports(&mut *tx, id).await?;
        let suggested_questions = member_data::suggestions(&mut *tx, id).await?;
        let reminder = member_data::reminder_setting(&mut *tx, id).await?;
        let interview = member_data::interview(&mut *tx, id).await?;
        tx.commit().await.map_err(anyhow::Error::from)?;
        let mut practice_days: Vec<String> = attempts.iter().map(|a| a.local_day.clone()).collect();
        practice_days.sort_unstable();
        practice_days.dedup();
        Ok(MemberExport {
            schema_version: EXPORT_SCHEMA_VERSION,
            exported_at: time::instant_text(self.clock.now()),
            member: ExportedMember {
                platform: profile.platform,
                workspace_id: profile.workspace_external_id,
                workspace_name: profile.workspace_name,
                member_id: profile.external_id,
                display_name: profile.display_name,
                first_seen_at: profile.joined_at,
            },
            settings: ExportedSettings {
                timezone: profile.timezone,
                timezone_change: profile
                    .next_timezone_from
                    .as_ref()
                    .and(profile.next_timezone.clone()),
                timezone_change_at: profile.next_timezone_from,
                hidden_from_leaderboards: profile.leaderboard_opt_out,
                reminder_time: reminder.as_ref().and_then(|r| r.at.clone()),
                reminders_paused_since: reminder.and_then(|r| r.blocked_at),
                interview_date: interview.as_ref().map(|i| i.interview_date.clone()),
                interview_topics: interview.and_then(|i| i.topics),
            },
            streak: ExportedStreak {
                length: profile.streak_length,
                best: profile.streak_best,
                freezes: profile.streak_freezes,
                last_practice_day: profile.last_practice_day,
                days_practised: profile.days_practised,
            },
            practice_days,
            excused_days,
            points,
            attempts,
            review_cards,
            reports,
            suggested_questions,
        })
    }

    /// How much a deletion would remove, to say so before asking.
    pub async fn member_data_summary(&self, who: &MemberRef) -> Result<DataSummary, EngineError> {
        let export = self.export_member_data(who).await?;
        Ok(DataSummary {
            attempts: export.attempts.len(),
            days_practised: export.practice_days.len(),
            review_cards: export.review_cards.len(),
            reports: export.reports.len(),
            suggestions: export
                .suggested_questions
                .iter()
                .filter(|s| s.status != "approved")
                .count(),
        })
    }

    /// Deletes everything stored about the caller in this workspace, in one
    /// transaction. A member prepbot has no record of has nothing to delete.
    pub async fn delete_member_data(&self, who: &MemberRef) -> Result<Deleted, EngineError> {
        let who = who.cleaned();
        // Looked up without `member()`, which would record someone unknown
        // only to delete them again.
        let mut tx = self.store.begin_immediate().await?;
        let found = members::find(
            &mut *tx,
            who.workspace.platform.as_str(),
            &who.workspace.external_id,
            &who.external_id,
        )
        .await?;
        let Some((row, _)) = found else {
            return Ok(Deleted::default());
        };
        let deleted = member_data::delete(&mut tx, row.id).await?;
        tx.commit()
            .await
            .map_err(|error| anyhow::Error::from(error).context("deleting the member's data"))?;
        // Ids and counts only: the member asked for their content to go,
        // and that includes the log.
        tracing::info!(
            member = row.id,
            attempts = deleted.attempts,
            cards = deleted.cards,
            cards_kept_for_others = deleted.cards_kept_for_others,
            review_cards = deleted.review_cards,
            period_points = deleted.period_points,
            reminders = deleted.reminders,
            interview_plans = deleted.interview_plans,
            excused_days = deleted.excused_days,
            reports = deleted.reports,
            suggestions = deleted.suggestions,
            questions_kept = deleted.questions_kept,
            admin_records_kept = deleted.admin_records_kept,
            "deleted a member's data at their request"
        );
        Ok(deleted)
    }
}
