//! The database half of `/healthz`: can prepbot still write? It takes the
//! write lock and lets go at once, so nothing is stored and a database that
//! is read-only, full of locks or gone answers with SQLite's own reason.

use std::time::Duration;

use super::Store;

/// Longer than this and the database counts as not writable: a writer
/// stuck that long is a fault an operator should hear about.
const WRITE_CHECK_LIMIT: Duration = Duration::from_secs(3);

impl Store {
    /// `BEGIN IMMEDIATE` (the write lock), a write that changes no row,
    /// then `ROLLBACK`. `Err` says why in SQLite's words.
    pub async fn check_writable_now(&self) -> Result<(), String> {
        let check = async {
            let mut transaction = self.pool.begin_with("BEGIN IMMEDIATE").await?;
            sqlx::query("UPDATE bot_runs SET last_seen_at = last_seen_at WHERE 0")
                .execute(&mut *transaction)
                .await?;
            transaction.rollback().await
        };
        match tokio::time::timeout(WRITE_CHECK_LIMIT, check).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(format!("the database cannot be written: {error}")),
            Err(_) => Err(format!(
                "the database did not give its write lock within {} s",
                WRITE_CHECK_LIMIT.as_secs()
            )),
        }
    }
}
