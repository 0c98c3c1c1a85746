//! SQLite storage: the connection pool, migrations, and one module per table
//! that turns rows into plain values. Nothing above this module writes SQL.
//!
//! The database runs in WAL mode with foreign keys on, `synchronous = FULL`
//! (a grade or a claimed daily post survives a power cut once committed)
//! and a busy timeout, so concurrent writers wait rather than fail.

pub mod attempts;
pub mod cards;
pub mod daily_posts;
pub mod decks;
pub mod grading;
pub mod members;
pub mod period_points;
pub mod review_cards;
pub mod subscriptions;
pub mod time;
pub mod workspaces;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context as _;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection as _, Sqlite, SqlitePool, Transaction, TransactionManager as _};

/// The migrations in `migrations/`, built into the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// A handle on the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the SQLite file at `path` and brings its
    /// schema up to date.
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        if let Some(folder) = path
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
        {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("creating the database folder {}", folder.display()))?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .before_acquire(|conn, _| {
                Box::pin(async move { Ok(outside_any_transaction(conn).await) })
            })
            .after_release(|conn, _| {
                Box::pin(async move { Ok(outside_any_transaction(conn).await) })
            })
            .connect_with(options)
            .await
            .with_context(|| format!("opening the database {}", path.display()))?;
        MIGRATOR
            .run(&pool)
            .await
            .with_context(|| format!("migrating the database {}", path.display()))?;
        Ok(Self { pool })
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

    pub async fn begin(&self) -> anyhow::Result<Transaction<'static, Sqlite>> {
        self.pool.begin().await.context("starting a transaction")
    }

    /// A transaction that holds the write lock from its first statement, so
    /// what it reads cannot change before it writes.
    pub async fn begin_immediate(&self) -> anyhow::Result<Transaction<'static, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .context("starting a write transaction")
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
