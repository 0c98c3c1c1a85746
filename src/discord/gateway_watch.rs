//! Tells the health registry whether the Discord gateway is connected.
//!
//! serenity hands its shard stage changes to plain event handlers only, not
//! to poise's framework, so this reads the shard manager's own table of
//! runners instead: connected when every shard is `Connected`; a shard
//! resuming, re-identifying or missing (restarting after a drop) is not.

use std::sync::Arc;
use std::time::Duration;

use serenity::gateway::{ConnectionStage, ShardManager};

use crate::health::Health;

pub const PLATFORM: &str = "discord";

/// Often enough that a drop shows within a second or two.
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// Runs until aborted.
pub async fn watch(shards: Arc<ShardManager>, health: Arc<Health>) {
    health.expect_platform(PLATFORM);
    let mut ticks = tokio::time::interval(LOOK_EVERY);
    loop {
        ticks.tick().await;
        let up = {
            let runners = shards.runners.lock().await;
            !runners.is_empty()
                && runners
                    .values()
                    .all(|runner| runner.stage == ConnectionStage::Connected)
        };
        if up {
            health.connected(PLATFORM);
        } else {
            health.disconnected(PLATFORM);
        }
    }
}
