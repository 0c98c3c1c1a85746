//! Online backups of the SQLite file, and putting one back.
//!
//! A backup is `VACUUM INTO` from a read-only connection: SQLite copies
//! one consistent snapshot (the write-ahead log included) while prepbot
//! goes on writing, so every grade committed before the copy began is in
//! it. The copy is written under a temporary name, checked with `PRAGMA
//! integrity_check`, and only then renamed into place, so a file with a
//! backup's name is always a whole, checked database.
//!
//! Every process that opens the database holds a shared lock on
//! `<database>-lock` for as long as it runs; a restore takes that lock
//! exclusively, so it cannot replace the file under a running bot.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions as _, Connection as _};

/// What a backup made.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub took: Duration,
}

/// The lock file beside a database: a running prepbot holds it shared.
pub fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push("-lock");
    PathBuf::from(name)
}

/// Takes the shared "in use" lock on the database; held while the
/// returned file stays open.
pub fn hold_shared(database: &Path) -> anyhow::Result<File> {
    let path = lock_path(database);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening the lock file {}", path.display()))?;
    file.lock_shared()
        .with_context(|| format!("locking {}", path.display()))?;
    Ok(file)
}

/// Copies the database at `database` to `target`, which must not exist,
/// and checks the copy. Works while prepbot runs.
pub async fn backup(database: &Path, target: &Path) -> anyhow::Result<BackupReport> {
    let started = Instant::now();
    if !database.is_file() {
        anyhow::bail!("there is no database at {}", database.display());
    }
    if target.exists() {
        anyhow::bail!(
            "{} already exists; a backup never overwrites a file: name a new one",
            target.display()
        );
    }
    if let Some(folder) = target
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty() && !folder.is_dir())
    {
        anyhow::bail!(
            "the folder {} does not exist; create it, or name a file in another one",
            folder.display()
        );
    }
    let partial = partial_name(target);
    // A partial copy left by a crash is garbage; VACUUM INTO needs the name free.
    let _ = std::fs::remove_file(&partial);
    let mut source = SqliteConnectOptions::new()
        .filename(database)
        .read_only(true)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await
        .with_context(|| format!("opening {} to back it up", database.display()))?;
    let copied = sqlx::query("VACUUM INTO ?")
        .bind(partial.to_string_lossy().into_owned())
        .execute(&mut source)
        .await;
    source.close().await.ok();
    if let Err(error) = copied {
        let _ = std::fs::remove_file(&partial);
        return Err(anyhow::Error::new(error)
            .context(format!("copying the database to {}", partial.display())));
    }
    if let Err(error) = check_integrity(&partial).await {
        let _ = std::fs::remove_file(&partial);
        return Err(error.context("the copy failed its integrity check and was deleted"));
    }
    std::fs::rename(&partial, target)
        .with_context(|| format!("naming the backup {}", target.display()))?;
    let bytes = std::fs::metadata(target).map(|m| m.len()).unwrap_or(0);
    Ok(BackupReport {
        path: target.to_owned(),
        bytes,
        took: started.elapsed(),
    })
}

/// `PRAGMA integrity_check` on the file at `path`, read-only; an error
/// quoting SQLite's findings unless it says `ok`.
pub async fn check_integrity(path: &Path) -> anyhow::Result<()> {
    let mut connection = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    let findings: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut connection)
        .await
        .with_context(|| format!("checking {}", path.display()))?;
    connection.close().await.ok();
    if findings == ["ok"] {
        Ok(())
    } else {
        anyhow::bail!(
            "{} is damaged: {}",
            path.display(),
            findings
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        )
    }
}

/// Refuses a file that is not a prepbot database, or one written by a
/// newer prepbot (a migration this one does not know).
pub async fn check_known_migrations(
    path: &Path,
    migrator: &sqlx::migrate::Migrator,
) -> anyhow::Result<()> {
    let mut connection = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    let applied: Result<Vec<i64>, _> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(&mut connection)
            .await;
    connection.close().await.ok();
    let Ok(applied) = applied else {
        anyhow::bail!(
            "{} is not a prepbot database (it has no migration record)",
            path.display()
        );
    };
    let known: std::collections::HashSet<i64> = migrator.iter().map(|m| m.version).collect();
    if let Some(unknown) = applied.iter().find(|v| !known.contains(v)) {
        anyhow::bail!(
            "{} was written by a newer prepbot (migration {unknown}, which this prepbot does not \
             know); restore it with that version",
            path.display()
        );
    }
    Ok(())
}

/// Where a backup is written before it has been checked.
fn partial_name(target: &Path) -> PathBuf {
    let mut name = target.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// Why a restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum RestoreRefused {
    #[error("prepbot is running on {0} (a bot or a console holds it); stop it first, then restore")]
    InUse(PathBuf),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    /// The database as it was before, kept beside it.
    pub previous: Option<PathBuf>,
}

/// Puts the backup at `backup` in place of `database`, after checking it.
/// The database being replaced is first copied to `keep_previous` (when it
/// exists), so a restore never loses anything. Refused while any prepbot
/// holds the database.
pub async fn restore(
    backup: &Path,
    database: &Path,
    keep_previous: &Path,
) -> Result<Restored, RestoreRefused> {
    if !backup.is_file() {
        return Err(anyhow::anyhow!("there is no backup at {}", backup.display()).into());
    }
    check_integrity(backup)
        .await
        .context("the backup cannot be restored")?;
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(database))
        .with_context(|| format!("opening the lock file {}", lock_path(database).display()))?;
    if lock.try_lock().is_err() {
        return Err(RestoreRefused::InUse(database.to_owned()));
    }
    let previous = if database.exists() {
        self::backup(database, keep_previous)
            .await
            .context("keeping a copy of the database being replaced")?;
        Some(keep_previous.to_owned())
    } else {
        None
    };
    let incoming = partial_name(database);
    std::fs::copy(backup, &incoming)
        .with_context(|| format!("copying {} beside the database", backup.display()))?;
    // The old database's log and index belong to the old file.
    for suffix in ["-wal", "-shm"] {
        let mut side = database.as_os_str().to_owned();
        side.push(suffix);
        match std::fs::remove_file(PathBuf::from(&side)) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(anyhow::Error::new(error)
                    .context(format!("removing {}", PathBuf::from(side).display()))
                    .into());
            }
        }
    }
    std::fs::rename(&incoming, database)
        .with_context(|| format!("putting the backup in place of {}", database.display()))?;
    drop(lock);
    Ok(Restored { previous })
}
