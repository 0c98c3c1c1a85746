//! Process liveness: a running prepbot records when it started and, every
//! minute, that it is still up (`bot_runs`), so an admin can later tell a
//! day prepbot was down from a day a member skipped (see
//! `Engine::restore_streak`). The times come from the engine's clock.
//!
//! ```no_run
//! # async fn example(engine: std::sync::Arc<prepbot::engine::Engine>) {
//! let heartbeat = prepbot::liveness::keep_recording(engine);
//! // … serve …
//! heartbeat.abort();
//! # }
//! ```

use std::sync::Arc;

use crate::engine::{Engine, HEARTBEAT_EVERY};

/// Records this run's start, then a heartbeat every `HEARTBEAT_EVERY`,
/// until aborted. A failed write is logged and the next one tried: the
/// record only ever makes a restore possible, it never stops the bot.
pub fn keep_recording(engine: Arc<Engine>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let run = match engine.start_run().await {
            Ok(run) => run,
            Err(error) => {
                tracing::warn!(
                    error = format!("{error:#}"),
                    "could not record that prepbot started; streak restores will not see this run"
                );
                return;
            }
        };
        let mut ticks = tokio::time::interval(HEARTBEAT_EVERY);
        // The first tick is immediate and the start was just recorded.
        ticks.tick().await;
        loop {
            ticks.tick().await;
            if let Err(error) = engine.still_running(run).await {
                tracing::warn!(
                    error = format!("{error:#}"),
                    "could not record prepbot's heartbeat"
                );
            }
        }
    })
}
