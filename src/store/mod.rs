//! Storage: the connection pool, migrations, and one module per table that
//! turns rows into plain values. Nothing above this module writes SQL.
//!
//! SQLite runs in WAL mode with foreign keys on, `synchronous = FULL` (a
//! grade or a claimed daily post survives a power cut once committed) and a
//! busy timeout, so concurrent writers wait rather than fail.
//!
//! PostgreSQL is on its way (issue 14): `migrations/postgres/` holds the
//! same schema in its dialect, and a module taking `impl Into<Db<'_>>` runs
//! on either database (see [`db`]). Until every module does,
//! [`Store::connect`] refuses a PostgreSQL URL.

// The modules behind `cfg(not(prepbot_prepare_postgres))` still run on
// SQLite only: their queries cannot be described against PostgreSQL yet.
pub mod admin_actions;
pub mod attempts;
pub mod backup;
#[cfg(not(prepbot_prepare_postgres))]
pub mod bot_runs;
pub mod cards;
#[cfg(not(prepbot_prepare_postgres))]
pub mod daily_pauses;
pub mod daily_posts;
pub mod db;
pub mod decks;
pub mod grading;
pub mod health;
#[cfg(not(prepbot_prepare_postgres))]
pub mod interview_plans;
#[cfg(not(prepbot_prepare_postgres))]
pub mod member_data;
pub mod members;
pub mod period_points;
#[cfg(not(prepbot_prepare_postgres))]
pub mod recaps;
#[cfg(not(prepbot_prepare_postgres))]
pub mod reminders;
#[cfg(not(prepbot_prepare_postgres))]
pub mod reports;
pub mod review_cards;
pub mod streak_repairs;
pub mod subscriptions;
pub mod time;
#[cfg(not(prepbot_prepare_postgres))]
pub mod workspace_export;
#[cfg(not(prepbot_prepare_postgres))]
pub mod workspace_questions;
pub mod workspaces;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context as _;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection as _, Sqlite, SqlitePool, TransactionManager as _};

use crate::config::DatabaseUrl;

/// The migrations in `migrations/`, built into the binary. (sqlx reads only
/// the files of the folder, so `migrations/postgres/` is not among them.)
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// The same migrations in PostgreSQL's dialect: same versions, same names,
/// same tables, columns and constraints.
pub static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

pub use db::{Db, Transaction};

/// A handle on the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    /// The shared "in use" lock on `<database>-lock`, held while the store
    /// lives, so that `prepbot restore` cannot replace the file under it.
    _in_use: std::sync::Arc<std::fs::File>,
}

/// How long a statement waits for another connection's write to finish.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// A wait for a pooled connection longer than this is logged as a warning.
pub const ACQUIRE_SLOW: Duration = BUSY_TIMEOUT;

impl Store {
    /// Opens the configured database and brings its schema up to date.
    /// PostgreSQL is refused in plain words until every store module runs
    /// on it; nothing is half there.
    pub async fn connect(location: &DatabaseUrl) -> anyhow::Result<Self> {
        match location {
            DatabaseUrl::Sqlite(path) => Self::open(path).await,
            DatabaseUrl::Postgres(_) => Err(crate::config::postgres_not_yet(location)),
        }
    }

    /// Opens (creating if needed) the SQLite file at `path` and brings its
    /// schema up to date.
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        if let Some(folder) = path
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
        {
            std::fs::create_dir_all(folder).map_err(|error| {
                anyhow::anyhow!(
                    "cannot create the database folder {}: {}",
                    folder.display(),
                    io_in_words(&error)
                )
            })?;
        }
        check_writable(path)?;
        let in_use = std::sync::Arc::new(backup::hold_shared(path)?);
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            // Under a burst, commands queue here for SQLite's one writer and
            // each command's own latency is logged; sqlx's default (a warning
            // per wait over 2 s) wrote thousands of lines a second in the
            // load run. A wait as long as the busy timeout is worth one.
            .acquire_slow_threshold(ACQUIRE_SLOW)
            .before_acquire(|conn, _| {
                Box::pin(async move { Ok(outside_any_transaction(conn).await) })
            })
            .after_release(|conn, _| {
                Box::pin(async move { Ok(outside_any_transaction(conn).await) })
            })
            .connect_with(options)
            .await
            .with_context(|| format!("opening the database {}", path.display()))?;
        if let Err(error) = MIGRATOR.run(&pool).await {
            pool.close().await;
            return Err(match error {
                sqlx::migrate::MigrateError::VersionMissing(version) => anyhow::anyhow!(
                    "the database {} was written by a newer prepbot (migration {version}, which \
                     this prepbot does not know); upgrade prepbot, or restore a backup made by \
                     this version",
                    path.display()
                ),
                other => anyhow::Error::new(other)
                    .context(format!("migrating the database {}", path.display())),
            });
        }
        Ok(Self {
            pool,
            _in_use: in_use,
        })
    }

    /// Writes everything the write-ahead log holds back into the database
    /// file and closes the pool, so that the file alone is a complete copy
    /// once prepbot has stopped. Called on every clean exit.
    pub async fn close(&self) {
        match sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&self.pool)
            .await
        {
            Ok(_) => tracing::debug!("write-ahead log checkpointed"),
            // The data is safe in the log either way; the next start folds it in.
            Err(error) => tracing::warn!(%error, "could not checkpoint the write-ahead log"),
        }
        self.pool.close().await;
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The database, for store functions that run on either dialect.
    pub fn db(&self) -> Db<'_> {
        Db::from(&self.pool)
    }

    /// A write transaction on either database: on SQLite it holds the
    /// write lock from its first statement (see `begin_immediate`).
    pub async fn begin_write(&self) -> anyhow::Result<Transaction> {
        self.begin_immediate().await.map(Transaction::Sqlite)
    }

    pub async fn begin(&self) -> anyhow::Result<sqlx::Transaction<'static, Sqlite>> {
        self.pool.begin().await.context("starting a transaction")
    }

    /// A transaction that holds the write lock from its first statement, so
    /// what it reads cannot change before it writes.
    ///
    /// The load run found a grade refused with "database is locked" while
    /// the database stayed busy (a long write elsewhere, a slow disk): 500
    /// writers queue behind each other and one can wait out the whole busy
    /// timeout. Nothing has happened when `BEGIN IMMEDIATE` fails, so it is
    /// tried again, up to `WRITE_LOCK_TRIES` busy timeouts in all.
    pub async fn begin_immediate(&self) -> anyhow::Result<sqlx::Transaction<'static, Sqlite>> {
        let mut tries = 1;
        loop {
            match self.pool.begin_with("BEGIN IMMEDIATE").await {
                Ok(transaction) => return Ok(transaction),
                Err(error) if tries < WRITE_LOCK_TRIES && is_busy(&error) => {
                    tracing::warn!(
                        tries,
                        "the database stayed locked for a whole busy timeout; waiting again"
                    );
                    tries += 1;
                }
                Err(error) => {
                    return Err(anyhow::Error::new(error).context("starting a write transaction"));
                }
            }
        }
    }
}

/// A pool on the PostgreSQL database at `url` (a password from the URL, or
/// else `PGPASSWORD` or `~/.pgpass`), with its schema brought up to date.
/// `search_path`, when given, puts prepbot's tables in that schema.
///
/// Not yet reachable from the settings: tests use it to run the ported
/// store modules on PostgreSQL.
pub async fn connect_postgres(url: &str, search_path: Option<&str>) -> anyhow::Result<PgPool> {
    let shown = crate::config::redact_url(url);
    let mut options = PgConnectOptions::from_str(url)
        .with_context(|| format!("reading the PostgreSQL URL {shown}"))?;
    if let Some(schema) = search_path {
        options = options.options([("search_path", schema)]);
    }
    let pool = PgPoolOptions::new()
        .max_connections(8)
        .acquire_slow_threshold(ACQUIRE_SLOW)
        .connect_with(options)
        .await
        .with_context(|| format!("connecting to PostgreSQL at {shown}"))?;
    if let Err(error) = POSTGRES_MIGRATOR.run(&pool).await {
        pool.close().await;
        return Err(anyhow::Error::new(error).context(format!("migrating {shown}")));
    }
    Ok(pool)
}

/// How many busy timeouts a write waits for the write lock before it is
/// refused: 30 s, as long as the pool waits for a connection.
pub const WRITE_LOCK_TRIES: u32 = 3;

/// SQLITE_BUSY or one of its extended codes: another connection holds the
/// lock.
fn is_busy(error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(error) = error else {
        return false;
    };
    error
        .code()
        .and_then(|code| code.parse::<i32>().ok())
        .is_some_and(|code| code & 0xff == 5)
}

/// Opens the file for reading and writing (creating it if missing) before
/// SQLite does, so that a path prepbot cannot use is refused at start-up in
/// plain words, instead of every later write failing.
fn check_writable(path: &Path) -> anyhow::Result<()> {
    if path.is_dir() {
        anyhow::bail!(
            "the database path {} is a folder; name a file such as {}/prepbot.db",
            path.display(),
            path.display()
        );
    }
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path);
    match opened {
        Ok(_) => check_folder_writable(path),
        Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => anyhow::bail!(
            "the database {} is read-only for prepbot (permission denied); prepbot must be able \
             to write it and its folder: check their owner and permissions",
            path.display()
        ),
        Err(error) => anyhow::bail!(
            "cannot open the database {}: {}",
            path.display(),
            io_in_words(&error)
        ),
    }
}

/// SQLite keeps its write-ahead log beside the database, so the folder must
/// take new files too.
fn check_folder_writable(path: &Path) -> anyhow::Result<()> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let probe = folder.join(format!(".prepbot-write-check-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(error) => anyhow::bail!(
            "the database folder {} does not take new files ({}); prepbot keeps its \
             write-ahead log beside the database, so the folder must be writable",
            folder.display(),
            io_in_words(&error)
        ),
    }
}

/// An I/O error's cause as a person would say it, without the OS error code.
fn io_in_words(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "a folder on the way does not exist".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::ReadOnlyFilesystem => "the disk is mounted read-only".to_owned(),
        ErrorKind::StorageFull => "the disk is full".to_owned(),
        ErrorKind::NotADirectory | ErrorKind::AlreadyExists => {
            "a part of the path is a file, not a folder".to_owned()
        }
        _ => {
            let text = error.to_string();
            // "No such file (os error 2)" reads better without the number.
            match text.find(" (os error") {
                Some(at) => text[..at].to_owned(),
                None => text,
            }
        }
    }
}

/// True when a pooled connection is outside any transaction and may be
/// handed out again.
///
/// SQLite rolls a whole transaction back by itself on some errors ("database
/// or disk is full", I/O errors). sqlx then fails its own ROLLBACK and still
/// counts the transaction as open, so every later `begin` on that connection
/// fails. A connection in that state is closed instead of being reused; the
/// pool opens a fresh one.
async fn outside_any_transaction(conn: &mut SqliteConnection) -> bool {
    // A rollback queued by a dropped transaction runs before the ping returns.
    if conn.ping().await.is_err() {
        return false;
    }
    let depth = <Sqlite as sqlx::Database>::TransactionManager::get_transaction_depth(conn);
    if depth != 0 {
        tracing::warn!(
            depth,
            "discarding a database connection left inside a failed transaction"
        );
        return false;
    }
    true
}
