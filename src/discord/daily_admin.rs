//! `/prepbot preview|queue|skip|pause|resume`: an admin steers this
//! channel's daily question. Each reply is private; the engine records who
//! did what and why.

use super::commands::{for_member, refused};
use super::reply::Reply;
use super::{Ctx, Error, render};
use crate::domain::daily_admin_words::parse_date;
use crate::wording;

/// How the resume command is written here, for the replies that name it.
const RESUME: &str = "/prepbot resume";

/// The next seven posting dates of this channel's daily question, with skipped and paused days.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn preview(ctx: Ctx<'_>) -> Result<(), Error> {
    let channel = ctx.channel_id().to_string();
    for_member(ctx, true, |me| async move {
        match ctx.data().engine.daily_preview(&me, &channel).await {
            Ok(preview) => Reply::new(
                render::monospace(
                    "Coming daily questions",
                    &wording::daily_preview(&preview, RESUME),
                ),
                Vec::new(),
            ),
            Err(error) => refused(error),
        }
    })
    .await
}

/// Post this question next in this channel's daily question.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn queue(
    ctx: Ctx<'_>,
    #[description = "A question id such as genai-018, or ws-3 for one of this server's own"]
    question: String,
    #[description = "Why, for the admin log (at most 500 characters)"] reason: Option<String>,
) -> Result<(), Error> {
    let channel = ctx.channel_id().to_string();
    for_member(ctx, true, |me| async move {
        let engine = &ctx.data().engine;
        match engine
            .queue_daily(&me, &channel, &question, reason.as_deref())
            .await
        {
            Ok(queued) => Reply::notice("Question queued", &wording::daily_queued(&queued, RESUME)),
            Err(error) => refused(error),
        }
    })
    .await
}

/// Skip this channel's next daily question: today's if it is still to come.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn skip(
    ctx: Ctx<'_>,
    #[description = "Why, for the admin log (at most 500 characters)"] reason: Option<String>,
) -> Result<(), Error> {
    let channel = ctx.channel_id().to_string();
    for_member(ctx, true, |me| async move {
        match ctx
            .data()
            .engine
            .skip_daily(&me, &channel, reason.as_deref())
            .await
        {
            Ok(skipped) => Reply::notice("Post skipped", &wording::daily_skipped(&skipped, RESUME)),
            Err(error) => refused(error),
        }
    })
    .await
}

/// Pause this channel's daily question, through a date or until resumed.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn pause(
    ctx: Ctx<'_>,
    #[description = "The last day without a post, as YYYY-MM-DD; until resumed if left out"]
    until: Option<String>,
    #[description = "Why, for the admin log (at most 500 characters)"] reason: Option<String>,
) -> Result<(), Error> {
    let channel = ctx.channel_id().to_string();
    for_member(ctx, true, |me| async move {
        let until = match until.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            Some(text) => match parse_date(text) {
                Ok(date) => Some(date),
                Err(message) => return Reply::refusal(&message),
            },
            None => None,
        };
        match ctx
            .data()
            .engine
            .pause_daily(&me, &channel, until, reason.as_deref())
            .await
        {
            Ok(paused) => Reply::notice(
                "Daily question paused",
                &wording::daily_paused(&paused, RESUME),
            ),
            Err(error) => refused(error),
        }
    })
    .await
}

/// Resume this channel's paused daily question at its next time; paused days are not made up.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn resume(
    ctx: Ctx<'_>,
    #[description = "Why, for the admin log (at most 500 characters)"] reason: Option<String>,
) -> Result<(), Error> {
    let channel = ctx.channel_id().to_string();
    for_member(ctx, true, |me| async move {
        match ctx
            .data()
            .engine
            .resume_daily(&me, &channel, reason.as_deref())
            .await
        {
            Ok(resumed) => Reply::notice(
                "Daily question resumed",
                &wording::daily_resumed(&resumed, RESUME),
            ),
            Err(error) => refused(error),
        }
    })
    .await
}
