//! A workspace's data for its admins (`prepbot export --workspace`): its
//! members with their streak figures and leaderboard choice, their
//! attempts, its daily-question channels and the daily posts, read in one
//! transaction so the four agree with each other.

use serde::Serialize;

use super::workspace_questions::resolve_workspace;
use crate::store::Store;
use crate::store::workspace_export::{self, AttemptRow, DailyPostRow, MemberRow, SubscriptionRow};

/// A workspace's tables, rows as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkspaceExport {
    pub members: Vec<MemberRow>,
    pub attempts: Vec<AttemptRow>,
    pub subscriptions: Vec<SubscriptionRow>,
    pub daily_posts: Vec<DailyPostRow>,
}

/// Reads the workspace `named` as an operator writes it (see
/// `prepbot bank export --workspace`); refuses one that is not stored.
pub async fn export_workspace(store: &Store, named: &str) -> anyhow::Result<WorkspaceExport> {
    let workspace_id = resolve_workspace(store, named).await?;
    let mut tx = store.begin().await?;
    let export = WorkspaceExport {
        members: workspace_export::members(&mut *tx, workspace_id).await?,
        attempts: workspace_export::attempts(&mut *tx, workspace_id).await?,
        subscriptions: workspace_export::subscriptions(&mut *tx, workspace_id).await?,
        daily_posts: workspace_export::daily_posts(&mut *tx, workspace_id).await?,
    };
    tx.commit().await?;
    Ok(export)
}
