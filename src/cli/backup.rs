//! `prepbot backup [PATH]` and `prepbot restore PATH`: an online, checked
//! copy of the database, and putting one back while no prepbot runs.

use std::path::{Path, PathBuf};

use crate::config::Settings;
use crate::store::backup::{self, RestoreRefused};

/// Backs the configured database up to `path` (a new file, or a folder to
/// put a dated file in; the backup folder when left out).
pub async fn backup(settings: &Settings, path: Option<&Path>) -> anyhow::Result<()> {
    let database = &settings.database.sqlite_file()?;
    let now = chrono::Utc::now();
    let target = match path {
        Some(path) if path.is_dir() => path.join(crate::backups::backup_name(now)),
        Some(path) => path.to_owned(),
        None => {
            let dir = settings.backup.folder_for(database);
            std::fs::create_dir_all(&dir).map_err(|error| {
                anyhow::anyhow!("cannot create the backup folder {}: {error}", dir.display())
            })?;
            dir.join(crate::backups::backup_name(now))
        }
    };
    let report = backup::backup(database, &target).await?;
    crate::cli::print_quietly(&format!(
        "Backed up {} to {} ({}, in {} ms); its integrity check says ok.\n",
        database.display(),
        report.path.display(),
        size_in_words(report.bytes),
        report.took.as_millis()
    ));
    Ok(())
}

/// Puts the backup at `path` in place of the configured database, keeping
/// the database it replaces beside it, then brings it up to date.
pub async fn restore(settings: &Settings, path: &Path) -> anyhow::Result<()> {
    let database = &settings.database.sqlite_file()?;
    if !path.is_file() {
        anyhow::bail!("there is no backup at {}", path.display());
    }
    backup::check_known_migrations(path, &crate::store::MIGRATOR).await?;
    let keep = previous_copy_name(database);
    match backup::restore(path, database, &keep).await {
        Ok(restored) => {
            // An older backup is migrated now, not at the next start.
            crate::store::Store::open(database).await?.close().await;
            let kept = match restored.previous {
                Some(previous) => format!(
                    " The database it replaced is kept as {}.",
                    previous.display()
                ),
                None => String::new(),
            };
            crate::cli::print_quietly(&format!(
                "Restored {} from {}.{kept} Start prepbot again.\n",
                database.display(),
                path.display()
            ));
            Ok(())
        }
        Err(RestoreRefused::InUse(database)) => anyhow::bail!(
            "prepbot is running on {} (a bot or a console holds it); stop it first, then restore",
            database.display()
        ),
        Err(RestoreRefused::Failed(error)) => Err(error),
    }
}

/// `prepbot.db` is kept as `prepbot.db.before-restore-20261201T120000Z`.
fn previous_copy_name(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(format!(
        ".before-restore-{}",
        chrono::Utc::now().format("%Y%m%dT%H%M%SZ")
    ));
    PathBuf::from(name)
}

fn size_in_words(bytes: u64) -> String {
    match bytes {
        0..1_024 => format!("{bytes} bytes"),
        1_024..1_048_576 => format!("{:.1} KiB", bytes as f64 / 1_024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}
