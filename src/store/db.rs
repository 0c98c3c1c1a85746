//! The database a store function runs on, whichever dialect it speaks.
//!
//! A ported store function takes `impl Into<Db<'_>>` and holds one
//! compile-checked query per dialect, chosen by [`on_dialect!`]:
//!
//! ```ignore
//! on_dialect!(db, |conn|
//!     sqlite: sqlx::query!("UPDATE workspaces SET timezone = ? WHERE id = ?", zone, id)
//!         .execute(conn).await.map(|_| ()),
//!     postgres: sqlx::query!("UPDATE workspaces SET timezone = $1 WHERE id = $2", zone, id)
//!         .execute(conn).await.map(|_| ()),
//! )
//! ```
//!
//! Callers keep passing what they passed before (`store.pool()`, `&mut *tx`),
//! or a [`Transaction`] that works on either database.

use sqlx::pool::PoolConnection;
use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqliteConnection;
use sqlx::{Database, PgPool, Pool, Postgres, Sqlite, SqlitePool};

/// A pool, or one connection (usually inside a transaction), of either
/// dialect.
#[derive(Debug)]
pub enum Db<'a> {
    Sqlite(Handle<'a, Sqlite>),
    Postgres(Handle<'a, Postgres>),
}

/// Where a query runs: a pool lends a connection for the call; a borrowed
/// connection keeps the caller's transaction.
#[derive(Debug)]
pub enum Handle<'a, DB: Database> {
    Pool(&'a Pool<DB>, Option<PoolConnection<DB>>),
    Connection(&'a mut DB::Connection),
}

impl<DB: Database> Handle<'_, DB> {
    /// The connection to run on, taken from the pool on first use.
    pub async fn connection(&mut self) -> Result<&mut DB::Connection, sqlx::Error> {
        match self {
            Handle::Pool(pool, held) => {
                if held.is_none() {
                    *held = Some(pool.acquire().await?);
                }
                held.as_deref_mut().ok_or(sqlx::Error::PoolClosed)
            }
            Handle::Connection(connection) => Ok(&mut **connection),
        }
    }
}

impl Db<'_> {
    /// The same database for one more call, so a function can run several
    /// queries on one handle.
    pub fn reborrow(&mut self) -> Db<'_> {
        match self {
            Db::Sqlite(handle) => Db::Sqlite(reborrow(handle)),
            Db::Postgres(handle) => Db::Postgres(reborrow(handle)),
        }
    }
}

fn reborrow<'b, DB: Database>(handle: &'b mut Handle<'_, DB>) -> Handle<'b, DB> {
    match handle {
        // A connection already taken from the pool is reused, so a function
        // that reads after it writes sees its own write.
        Handle::Pool(_, Some(held)) => Handle::Connection(&mut **held),
        Handle::Pool(pool, None) => Handle::Pool(*pool, None),
        Handle::Connection(connection) => Handle::Connection(&mut **connection),
    }
}

impl<'a> From<&'a SqlitePool> for Db<'a> {
    fn from(pool: &'a SqlitePool) -> Self {
        Db::Sqlite(Handle::Pool(pool, None))
    }
}

impl<'a> From<&'a mut SqliteConnection> for Db<'a> {
    fn from(connection: &'a mut SqliteConnection) -> Self {
        Db::Sqlite(Handle::Connection(connection))
    }
}

impl<'a> From<&'a PgPool> for Db<'a> {
    fn from(pool: &'a PgPool) -> Self {
        Db::Postgres(Handle::Pool(pool, None))
    }
}

impl<'a> From<&'a mut PgConnection> for Db<'a> {
    fn from(connection: &'a mut PgConnection) -> Self {
        Db::Postgres(Handle::Connection(connection))
    }
}

impl<'a> From<&'a mut Transaction> for Db<'a> {
    fn from(transaction: &'a mut Transaction) -> Self {
        match transaction {
            Transaction::Sqlite(transaction) => Db::Sqlite(Handle::Connection(&mut **transaction)),
            Transaction::Postgres(transaction) => {
                Db::Postgres(Handle::Connection(&mut **transaction))
            }
        }
    }
}

impl<'a, 'b> From<&'a mut Db<'b>> for Db<'a> {
    fn from(db: &'a mut Db<'b>) -> Self {
        db.reborrow()
    }
}

/// A transaction on either database. Dropping it without `commit` rolls it
/// back, as sqlx's own does.
#[derive(Debug)]
pub enum Transaction {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Transaction {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Transaction::Sqlite(transaction) => transaction.commit().await,
            Transaction::Postgres(transaction) => transaction.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Transaction::Sqlite(transaction) => transaction.rollback().await,
            Transaction::Postgres(transaction) => transaction.rollback().await,
        }
    }
}

/// Runs the arm for the database's dialect, with `$conn` bound to the
/// connection to run on; each arm yields a `Result<_, sqlx::Error>`.
///
/// `scripts/sqlx-prepare` describes each dialect's queries against a
/// database of that dialect, building once with `--cfg
/// prepbot_prepare_sqlite` and once with `--cfg prepbot_prepare_postgres`;
/// the other dialect's arm is left out of that build. Ordinary builds check
/// both arms from `.sqlx/`.
macro_rules! on_dialect {
    ($db:expr, |$conn:ident| sqlite: $sqlite:expr, postgres: $postgres:expr $(,)?) => {
        match ::core::convert::Into::<$crate::store::db::Db<'_>>::into($db) {
            #[cfg(not(prepbot_prepare_postgres))]
            $crate::store::db::Db::Sqlite(mut handle) => match handle.connection().await {
                Ok($conn) => $sqlite,
                Err(error) => Err(error),
            },
            #[cfg(not(prepbot_prepare_sqlite))]
            $crate::store::db::Db::Postgres(mut handle) => match handle.connection().await {
                Ok($conn) => $postgres,
                Err(error) => Err(error),
            },
            #[cfg(any(prepbot_prepare_sqlite, prepbot_prepare_postgres))]
            _ => unreachable!("a prepare build is only checked, never run"),
        }
    };
}
pub(crate) use on_dialect;
