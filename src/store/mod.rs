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
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

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
            .connect_with(options)
            .await
            .with_context(|| format!("opening the database {}", path.display()))?;
        MIGRATOR
            .run(&pool)
            .await
            .with_context(|| format!("migrating the database {}", path.display()))?;
        Ok(Self { pool })
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
