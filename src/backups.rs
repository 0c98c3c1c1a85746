//! The backups `prepbot run` keeps by itself: one every
//! `backup.every_hours`, named by the UTC time it was taken
//! (`prepbot-20261201T030000Z.db`), the oldest beyond `backup.keep`
//! deleted. The schedule follows the newest backup already in the folder,
//! so a bot restarted more often than it backs up still backs up.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use crate::config::BackupSettings;
use crate::engine::Clock;
use crate::store::backup;

const PREFIX: &str = "prepbot-";
const SUFFIX: &str = ".db";
const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// The file name of a backup taken at `at`.
pub fn backup_name(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format(STAMP))
}

/// When a file name is one of ours, the instant it was taken.
fn taken_at(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|naive| naive.and_utc())
}

/// prepbot's own backups in `dir`, oldest first. Other files are never
/// touched.
pub fn kept(dir: &Path) -> Vec<(DateTime<Utc>, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(DateTime<Utc>, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name();
            taken_at(name.to_str()?).map(|at| (at, entry.path()))
        })
        .collect();
    found.sort();
    found
}

/// Deletes the oldest of our backups beyond `keep`; returns what went.
pub fn rotate(dir: &Path, keep: usize) -> Vec<PathBuf> {
    let all = kept(dir);
    let surplus = all.len().saturating_sub(keep);
    let mut deleted = Vec::new();
    for (_, path) in all.into_iter().take(surplus) {
        match std::fs::remove_file(&path) {
            Ok(()) => deleted.push(path),
            Err(error) => {
                tracing::warn!(path = %path.display(), %error, "could not delete an old backup")
            }
        }
    }
    deleted
}

/// When the next backup is due: `every` after the newest one in the
/// folder, or now when there is none (or it is overdue).
pub fn next_due(
    newest: Option<DateTime<Utc>>,
    every: Duration,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    match newest {
        Some(newest) if newest + every > now => newest + every,
        _ => now,
    }
}

/// Takes one backup into `dir` now and rotates; the path written.
pub async fn take(
    database: &Path,
    dir: &Path,
    keep: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|error| {
        anyhow::anyhow!("cannot create the backup folder {}: {error}", dir.display())
    })?;
    let report = backup::backup(database, &dir.join(backup_name(now))).await?;
    tracing::info!(
        path = %report.path.display(),
        bytes = report.bytes,
        took_ms = report.took.as_millis() as u64,
        "backup taken"
    );
    for path in rotate(dir, keep) {
        tracing::info!(path = %path.display(), "old backup deleted");
    }
    Ok(report.path)
}

/// Backs up on schedule until `stop` resolves; does nothing when backups
/// are off. A failed backup is logged and tried again at the next turn.
pub async fn keep_backups(
    database: PathBuf,
    settings: BackupSettings,
    clock: Arc<dyn Clock>,
    stop: impl Future<Output = ()>,
) {
    let Some(hours) = settings.every_hours else {
        return;
    };
    let every = Duration::hours(i64::from(hours.get()));
    let dir = settings.folder_for(&database);
    let keep = settings.keep.get();
    tokio::pin!(stop);
    loop {
        let now = clock.now();
        let newest = kept(&dir).last().map(|(at, _)| *at);
        let due = next_due(newest, every, now);
        let wait = (due - now).to_std().unwrap_or_default();
        tokio::select! {
            () = &mut stop => return,
            () = tokio::time::sleep(wait) => {}
        }
        if let Err(error) = take(&database, &dir, keep, clock.now()).await {
            tracing::error!(error = format!("{error:#}"), "the scheduled backup failed");
            // Try again after a full interval rather than in a tight loop.
            tokio::select! {
                () = &mut stop => return,
                () = tokio::time::sleep(every.to_std().unwrap_or_default()) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_backup_name_reads_back_as_the_instant_it_was_taken() {
        let when = at("2026-12-01T03:04:05Z");
        assert_eq!(backup_name(when), "prepbot-20261201T030405Z.db");
        assert_eq!(taken_at(&backup_name(when)), Some(when));
        assert_eq!(taken_at("prepbot.db"), None);
        assert_eq!(taken_at("prepbot-notes.db"), None);
    }

    #[test]
    fn the_next_backup_follows_the_newest_one_or_is_due_at_once() {
        let day = Duration::hours(24);
        let now = at("2026-12-01T12:00:00Z");
        assert_eq!(next_due(None, day, now), now);
        assert_eq!(
            next_due(Some(at("2026-12-01T03:00:00Z")), day, now),
            at("2026-12-02T03:00:00Z")
        );
        assert_eq!(next_due(Some(at("2026-11-29T03:00:00Z")), day, now), now);
    }

    #[test]
    fn rotation_deletes_only_the_oldest_of_prepbots_own_backups() {
        let dir = tempfile::tempdir().unwrap();
        for hour in 0..5 {
            let name = backup_name(at("2026-12-01T00:00:00Z") + Duration::hours(hour));
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        std::fs::write(dir.path().join("notes.db"), b"mine").unwrap();
        let deleted = rotate(dir.path(), 3);
        assert_eq!(deleted.len(), 2);
        let left: Vec<String> = kept(dir.path())
            .into_iter()
            .map(|(_, p)| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            left,
            [
                "prepbot-20261201T020000Z.db",
                "prepbot-20261201T030000Z.db",
                "prepbot-20261201T040000Z.db"
            ]
        );
        assert!(dir.path().join("notes.db").exists());
    }
}
