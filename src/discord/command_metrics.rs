//! Each slash command counted and timed (`metric::command`): started in
//! poise's `pre_command`, finished in `post_command` or the error handler.
//! The name is the command's own (`prepbot setup`), never typed text.

use std::time::{Duration, Instant};

use super::Ctx;
use crate::metric::{self, Outcome};

pub const PLATFORM: &str = "discord";

pub async fn started(ctx: Ctx<'_>) {
    ctx.set_invocation_data(Instant::now()).await;
}

pub async fn finished(ctx: Ctx<'_>, outcome: Outcome) {
    // A command refused before it started (bad arguments) took no time.
    let took = match ctx.invocation_data::<Instant>().await {
        Some(start) => start.elapsed(),
        None => Duration::ZERO,
    };
    metric::command(&ctx.command().qualified_name, PLATFORM, outcome, took);
}
