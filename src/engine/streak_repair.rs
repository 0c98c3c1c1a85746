//! Admin repairs of a member's streak: the streak's story (`streak_history`)
//! and restoring the last reset when prepbot itself was unavailable for the
//! missed days (`restore_streak`); and the run records (`start_run`,
//! `still_running`) that tell prepbot's downtime from a member's missed day.
//!
//! A restore stores the excused days (`streak_repairs`) and recomputes the
//! member's streak from their attempts and those days, so the repair holds
//! through later grades, restarts and any later recomputation.
//!
//! ```no_run
//! # async fn example(engine: prepbot::engine::Engine, admin: prepbot::engine::MemberRef, ada: prepbot::engine::MemberRef) -> anyhow::Result<()> {
//! let restored = engine.restore_streak(&admin, &ada, Some("the host was down on Tuesday")).await?;
//! println!("{} is back at {} days", restored.member, restored.streak.current);
//! # Ok(()) }
//! ```

use anyhow::Context as _;
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{Engine, EngineError, Member, MemberRef, UserError};
use crate::domain::availability::{Interval, Run, downtime, unavailable_for_most_of};
use crate::domain::day::day_begins;
use crate::domain::report::{MAX_REPORT_TEXT_CHARS, clean_note};
use crate::domain::streak::{Streak, StreakState};
use crate::domain::streak_story::{Chapter, days_to_excuse, story};
use crate::store::{admin_actions, attempts, bot_runs, members, streak_repairs, time};

/// How often a running prepbot records that it is alive.
pub const HEARTBEAT_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// A heartbeat may be this late before the time after it counts as down.
fn heartbeat_grace() -> Duration {
    Duration::minutes(2)
}

/// The reason stored when the admin gave none.
pub const DEFAULT_REPAIR_REASON: &str = "prepbot was unavailable that day";

/// A day excused from a member's streak, and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub day: NaiveDate,
    pub by: String,
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// A member's streak story, for `/prepbot streak … history`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreakHistory {
    pub member: String,
    pub streak: Streak,
    pub chapters: Vec<Chapter>,
    pub repairs: Vec<Repair>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub member: String,
    /// The days now excused.
    pub days: Vec<NaiveDate>,
    pub reason: String,
    /// The streak after the repair.
    pub streak: Streak,
}

impl Engine {
    /// Records that a prepbot process starts now; returns the run's id for
    /// `still_running`.
    pub async fn start_run(&self) -> anyhow::Result<i64> {
        let now = time::instant_text(self.clock.now());
        bot_runs::start(self.store.pool(), &now).await
    }

    /// Records that run `run` is alive now.
    pub async fn still_running(&self, run: i64) -> anyhow::Result<()> {
        let now = time::instant_text(self.clock.now());
        bot_runs::seen(self.store.pool(), run, &now).await
    }

    /// The stretches between `from` and `to` when members of the workspace
    /// could not count on prepbot: the time no prepbot run covered, and the
    /// time an admin had a daily question of the workspace paused. The
    /// restore rule takes whatever this returns.
    pub async fn unavailable_intervals(
        &self,
        workspace_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> anyhow::Result<Vec<Interval>> {
        let rows = bot_runs::around(
            self.store.pool(),
            &time::instant_text(from),
            &time::instant_text(to),
        )
        .await?;
        let runs = rows
            .iter()
            .map(|row| {
                Ok(Run {
                    started: time::parse_instant(&row.started_at)?,
                    last_seen: time::parse_instant(&row.last_seen_at)?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut unavailable = downtime(&runs, to.min(self.clock.now()), heartbeat_grace());
        let paused = self.pauses_between(workspace_id, from, to).await?;
        unavailable.extend(paused.into_iter().map(|(from, to)| Interval { from, to }));
        tracing::debug!(
            workspace_id,
            stretches = unavailable.len(),
            "prepbot's downtime and paused daily questions"
        );
        Ok(unavailable)
    }

    /// The story of `target`'s streak, for an admin.
    pub async fn streak_history(
        &self,
        admin: &MemberRef,
        target: &MemberRef,
    ) -> Result<StreakHistory, EngineError> {
        let member = self.known_member(target).await?;
        let (recorded, repairs) = self
            .practice_record(self.store.db(), member.id())
            .await
            .context("reading the member's streak")?;
        let today = self.today(&member);
        let excused: Vec<NaiveDate> = repairs.iter().map(|repair| repair.day).collect();
        tracing::info!(
            admin = admin.external_id,
            member = target.external_id,
            "an admin read a member's streak history"
        );
        Ok(StreakHistory {
            member: member.row.display_name.clone(),
            streak: member.streak_state()?.at(today),
            chapters: story(&recorded, &excused, today),
            repairs,
        })
    }

    /// Undoes `target`'s last streak reset by excusing the missed days
    /// prepbot was unavailable for most of, when that is enough to undo it
    /// (freezes the member held cover any other missed day); refuses
    /// otherwise, and refuses a reset already restored.
    pub async fn restore_streak(
        &self,
        admin: &MemberRef,
        target: &MemberRef,
        reason: Option<&str>,
    ) -> Result<Restored, EngineError> {
        let reason = clean_note(reason)
            .map_err(|chars| UserError::NoteTooLong {
                chars,
                max: MAX_REPORT_TEXT_CHARS,
            })?
            .unwrap_or_else(|| DEFAULT_REPAIR_REASON.to_owned());
        let by = self.member(admin).await?;
        let member = self.known_member(target).await?;
        let name = member.row.display_name.clone();
        let today = self.today(&member);
        let day_start = self.config.day_start;
        let now = self.clock.now();

        let mut tx = self.store.begin_immediate().await?;
        let (recorded, repairs) = self.practice_record(&mut *tx, member.id()).await?;
        let mut excused: Vec<NaiveDate> = repairs.iter().map(|repair| repair.day).collect();
        let chapters = story(&recorded, &excused, today);
        let first = recorded.iter().min().copied().unwrap_or(today);
        let unavailable = self
            .unavailable_intervals(
                member.row.workspace_id,
                day_begins(first, member.zone, day_start),
                now,
            )
            .await?;
        let is_down = |day| unavailable_for_most_of(day, member.zone, day_start, &unavailable);
        let days = match days_to_excuse(&chapters, is_down) {
            Ok(days) => days,
            Err(refusal) => {
                tx.rollback().await.context("ending the refused restore")?;
                tracing::info!(
                    admin = admin.external_id,
                    member = target.external_id,
                    ?refusal,
                    "refused to restore a streak"
                );
                return Err(UserError::StreakNotRestored {
                    member: name,
                    refusal,
                }
                .into());
            }
        };
        let created_at = time::instant_text(now);
        for day in &days {
            let day_text = time::day_text(*day);
            let repair = streak_repairs::NewRepair {
                member_id: member.id(),
                day: &day_text,
                restored_by: by.id(),
                restored_by_name: &by.row.display_name,
                reason: &reason,
                created_at: &created_at,
            };
            streak_repairs::insert(&mut *tx, &repair).await?;
        }
        excused.extend(&days);
        let replayed = StreakState::replay(&recorded, &excused);
        // A recomputation never lowers the best streak on record.
        let state = StreakState {
            best: replayed
                .best
                .max(u32::try_from(member.row.streak_best).unwrap_or(0)),
            ..replayed
        };
        let last_day = state.last_day.map(time::day_text);
        let row = members::StreakRow {
            length: i64::from(state.run),
            best: i64::from(state.best),
            freezes: i64::from(state.freezes),
            last_practice_day: last_day.as_deref(),
            days_practised: i64::from(state.days_practised),
        };
        members::set_streak(&mut *tx, member.id(), &row).await?;
        let days_text: Vec<String> = days.iter().map(|day| time::day_text(*day)).collect();
        let detail = format!(
            "restored {name}'s streak, excusing {} (prepbot unavailable): {reason}",
            days_text.join(", ")
        );
        let action = admin_actions::NewAction {
            workspace_id: member.row.workspace_id,
            member_id: by.id(),
            action: "streak.restore",
            detail: &detail,
            now: &created_at,
        };
        admin_actions::insert(&mut *tx, &action).await?;
        tx.commit().await.context("committing the streak repair")?;
        tracing::info!(
            admin = admin.external_id,
            admin_name = by.row.display_name,
            member = target.external_id,
            days = ?days,
            reason,
            "restored a streak broken while prepbot was unavailable"
        );
        Ok(Restored {
            member: name,
            days,
            reason,
            streak: state.at(today),
        })
    }

    /// A member who has been seen in the workspace; one never seen has no
    /// streak to tell or repair.
    async fn known_member(&self, who: &MemberRef) -> Result<Member, EngineError> {
        let who = who.cleaned();
        let found = members::find(
            self.store.pool(),
            who.workspace.platform.as_str(),
            &who.workspace.external_id,
            &who.external_id,
        )
        .await?;
        match found {
            Some((row, zone)) => Ok(self.member_of(row, zone.as_deref())),
            None => Err(UserError::NoStreakHere {
                member: who.display_name,
            }
            .into()),
        }
    }

    /// The member's practice days in recorded order, and their repairs.
    async fn practice_record(
        &self,
        db: impl Into<crate::store::Db<'_>>,
        member_id: i64,
    ) -> anyhow::Result<(Vec<NaiveDate>, Vec<Repair>)> {
        let mut db = db.into();
        let recorded = attempts::practice_days(db.reborrow(), member_id)
            .await?
            .iter()
            .map(|day| time::parse_day(day))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let repairs = streak_repairs::for_member(db.reborrow(), member_id)
            .await?
            .into_iter()
            .map(|row| {
                Ok(Repair {
                    day: time::parse_day(&row.day)?,
                    by: row.restored_by_name,
                    reason: row.reason,
                    at: time::parse_instant(&row.created_at)?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok((recorded, repairs))
    }
}
