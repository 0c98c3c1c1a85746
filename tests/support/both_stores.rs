//! One test body, two stores: the body runs on a fresh SQLite file, then on
//! a fresh PostgreSQL schema (created and migrated for the test, dropped
//! after it) when `PREPBOT_TEST_POSTGRES` names a server, such as
//! `postgres://postgres@127.0.0.1:5432/test`.
//!
//! Without the variable the PostgreSQL half is not run, and the test says
//! so on stderr in one line; with it set and the server unreachable, the
//! test fails.

use std::future::Future;
use std::io::Write as _;
use std::sync::atomic::{AtomicU32, Ordering};

use prepbot::store::{Db, Store, Transaction};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

/// The variable that turns the PostgreSQL half on.
pub const POSTGRES_VARIABLE: &str = "PREPBOT_TEST_POSTGRES";

/// A fresh database of either kind. Cheap to clone: clones share the pool.
#[derive(Clone)]
pub enum TestDb {
    Sqlite {
        store: Store,
        path: std::path::PathBuf,
    },
    Postgres {
        pool: PgPool,
        url: String,
        schema: String,
    },
}

impl TestDb {
    pub fn name(&self) -> &'static str {
        match self {
            TestDb::Sqlite { .. } => "SQLite",
            TestDb::Postgres { .. } => "PostgreSQL",
        }
    }

    pub fn db(&self) -> Db<'_> {
        match self {
            TestDb::Sqlite { store, .. } => store.db(),
            TestDb::Postgres { pool, .. } => Db::from(pool),
        }
    }

    /// A write transaction, as the engine takes one.
    pub async fn begin(&self) -> Transaction {
        match self {
            TestDb::Sqlite { store, .. } => store.begin_write().await.expect("a transaction"),
            TestDb::Postgres { pool, .. } => {
                Transaction::Postgres(pool.begin().await.expect("a transaction"))
            }
        }
    }

    /// A second writer on the same database, with its own pool, as a second
    /// process would have.
    pub async fn second_writer(&self) -> TestDb {
        match self {
            TestDb::Sqlite { path, .. } => TestDb::Sqlite {
                store: Store::open(path).await.expect("the database opens twice"),
                path: path.clone(),
            },
            TestDb::Postgres { url, schema, .. } => TestDb::Postgres {
                pool: prepbot::store::connect_postgres(url, Some(schema))
                    .await
                    .expect("a second pool on the schema"),
                url: url.clone(),
                schema: schema.clone(),
            },
        }
    }
}

/// Runs `body` on a fresh SQLite database, then on a fresh PostgreSQL
/// schema when enabled, and returns what each run returned, with the
/// store's name, so a test can check that both gave the same.
pub async fn on_both<T, F, Fut>(test: &str, body: F) -> Vec<(&'static str, T)>
where
    T: Send + 'static,
    F: Fn(TestDb) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
{
    let mut results = Vec::new();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("prepbot.db");
    let sqlite = TestDb::Sqlite {
        store: Store::open(&path).await.expect("the SQLite database opens"),
        path,
    };
    results.push(("SQLite", run(body(sqlite)).await));

    let Some(url) = std::env::var(POSTGRES_VARIABLE)
        .ok()
        .filter(|url| !url.is_empty())
    else {
        // Written past the test harness's capture, so a plain `cargo test`
        // shows which tests left PostgreSQL out.
        let _ = writeln!(
            std::io::stderr(),
            "{test}: PostgreSQL not run ({POSTGRES_VARIABLE} is not set; set it to a server \
             such as postgres://postgres@127.0.0.1:5432/test to run it)"
        );
        return results;
    };
    let scratch = Scratch::create(&url).await;
    let postgres = TestDb::Postgres {
        pool: prepbot::store::connect_postgres(&url, Some(&scratch.schema))
            .await
            .expect("the PostgreSQL schema migrates"),
        url: url.clone(),
        schema: scratch.schema.clone(),
    };
    let outcome = tokio::spawn(body(postgres)).await;
    scratch.drop_schema().await;
    match outcome {
        Ok(result) => results.push(("PostgreSQL", result)),
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
    results
}

/// Runs one half on its own task, so a failed assertion ends the half and
/// the other half's cleanup still happens.
async fn run<T: Send + 'static>(half: impl Future<Output = T> + Send + 'static) -> T {
    match tokio::spawn(half).await {
        Ok(result) => result,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}

/// A schema made for one test and dropped after it.
struct Scratch {
    admin: PgPool,
    schema: String,
}

impl Scratch {
    async fn create(url: &str) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect(url)
            .await
            .unwrap_or_else(|error| {
                panic!("{POSTGRES_VARIABLE} is set, but PostgreSQL is not reachable: {error}")
            });
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.subsec_nanos())
            .unwrap_or_default();
        let schema = format!(
            "prepbot_test_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&admin)
            .await
            .expect("a scratch schema");
        Self { admin, schema }
    }

    async fn drop_schema(self) {
        sqlx::query(&format!("DROP SCHEMA {} CASCADE", self.schema))
            .execute(&self.admin)
            .await
            .expect("the scratch schema is dropped");
        self.admin.close().await;
    }
}
