//! A workspace's leaderboard by points for a period, or by current streak.
//! Members who opted out are left out.

use std::str::FromStr;

use super::points::{month_key, week_key};
use super::{Engine, EngineError, WorkspaceRef};
use crate::domain::day::practice_day;
use crate::store::{members, period_points, workspaces};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    #[default]
    Week,
    Month,
    All,
}

impl FromStr for Period {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            "all" | "all-time" => Ok(Period::All),
            _ => Err(format!("`{text}` is not a period; use week, month or all")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankBy {
    #[default]
    Points,
    Streak,
}

impl FromStr for RankBy {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "points" => Ok(RankBy::Points),
            "streak" | "streaks" => Ok(RankBy::Streak),
            _ => Err(format!("`{text}` is not a ranking; use points or streak")),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Leaderboard {
    pub period: Period,
    pub by: RankBy,
    pub entries: Vec<LeaderboardEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaderboardEntry {
    /// Equal values share a rank: 1, 2, 2, 4.
    pub rank: u32,
    pub member_id: i64,
    pub name: String,
    /// Points, or days of streak.
    pub value: i64,
}

/// Streak candidates read per page while looking for live streaks.
const STREAK_PAGE: i64 = 256;

impl Engine {
    /// The top `limit` members of a workspace. Weeks and months follow the
    /// workspace's calendar; a streak board ranks today's live streaks and
    /// ignores the period.
    pub async fn leaderboard(
        &self,
        workspace: &WorkspaceRef,
        period: Period,
        by: RankBy,
        limit: u32,
    ) -> Result<Leaderboard, EngineError> {
        let pool = self.store.pool();
        let Some(found) =
            workspaces::find(pool, workspace.platform.as_str(), &workspace.external_id).await?
        else {
            return Ok(Leaderboard {
                period,
                by,
                entries: Vec::new(),
            });
        };
        let zone = self
            .stored_zone(found.timezone.as_deref())
            .unwrap_or(self.config.default_timezone);
        let now = self.clock.now();
        let limit = i64::from(limit.max(1));
        let values: Vec<(i64, String, i64)> = match by {
            RankBy::Points => {
                let day = practice_day(now, zone, self.config.day_start);
                let key = match period {
                    Period::Week => week_key(day),
                    Period::Month => month_key(day),
                    Period::All => "all".to_owned(),
                };
                period_points::board(pool, found.id, &key, limit)
                    .await?
                    .into_iter()
                    .map(|row| (row.member_id, row.display_name, row.points))
                    .collect()
            }
            RankBy::Streak => {
                self.live_streaks(found.id, found.timezone.as_deref(), limit)
                    .await?
            }
        };
        let mut entries: Vec<LeaderboardEntry> = Vec::with_capacity(values.len());
        for (index, (member_id, name, value)) in values.into_iter().enumerate() {
            let rank = match entries.last() {
                Some(previous) if previous.value == value => previous.rank,
                _ => u32::try_from(index + 1).unwrap_or(u32::MAX),
            };
            entries.push(LeaderboardEntry {
                rank,
                member_id,
                name,
                value,
            });
        }
        Ok(Leaderboard {
            period,
            by,
            entries,
        })
    }

    /// The workspace's `limit` longest live streaks, as (member id, name,
    /// days), members hidden from leaderboards left out.
    pub(super) async fn live_streaks(
        &self,
        workspace_id: i64,
        workspace_zone: Option<&str>,
        limit: i64,
    ) -> anyhow::Result<Vec<(i64, String, i64)>> {
        let pool = self.store.pool();
        // Stored runs are as of each member's last practice day. A live
        // streak equals its stored run, so reading by stored run and keeping
        // the live ones yields the top streaks in order.
        let mut live = Vec::new();
        let mut offset = 0;
        while (live.len() as i64) < limit {
            let page = members::by_streak(pool, workspace_id, STREAK_PAGE, offset).await?;
            for row in page.iter().cloned() {
                // The same zone and streak rules as the member's own
                // /streak: their zone, else the workspace's.
                let member = self.member_of(row, workspace_zone);
                let current = member.streak_state()?.at(self.today(&member)).current;
                if current > 0 && (live.len() as i64) < limit {
                    live.push((member.id(), member.row.display_name, i64::from(current)));
                }
            }
            if (page.len() as i64) < STREAK_PAGE {
                break;
            }
            offset += STREAK_PAGE;
        }
        Ok(live)
    }
}
