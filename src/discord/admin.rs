//! `/prepbot streak` and `/prepbot check`: an admin's look at a member's
//! streak (its history, or a restore after prepbot's own downtime) and at
//! prepbot's permissions in a channel. Replies are private.

use poise::serenity_prelude as serenity;
use serenity::all::ChannelId;

use super::commands::{for_member, refused};
use super::reply::Reply;
use super::{Ctx, Error, permissions};
use crate::engine::MemberRef;
use crate::wording;

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum StreakAction {
    #[name = "history (what happened to the streak)"]
    History,
    #[name = "restore (undo the last reset, if prepbot was down)"]
    Restore,
}

/// A member's streak history, or restore a streak that prepbot's own downtime broke.
#[poise::command(
    slash_command,
    guild_only,
    rename = "streak",
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn admin_streak(
    ctx: Ctx<'_>,
    #[description = "The member"] member: serenity::User,
    #[description = "History, or restore the last reset"] action: StreakAction,
    #[description = "Why, for the record (restore only; at most 500 characters)"] reason: Option<
        String,
    >,
) -> Result<(), Error> {
    for_member(ctx, true, |me| async move {
        if member.bot {
            return Reply::refusal("Bots do not practise; name a member of this server.");
        }
        let target = target(ctx, &me, &member);
        let engine = &ctx.data().engine;
        match action {
            StreakAction::History => match engine.streak_history(&me, &target).await {
                Ok(history) => Reply::notice(
                    &format!("Streak history · {}", history.member),
                    &wording::streak_history(&history),
                ),
                Err(error) => refused(error),
            },
            StreakAction::Restore => {
                match engine.restore_streak(&me, &target, reason.as_deref()).await {
                    Ok(restored) => Reply::notice(
                        &format!("Streak restored · {}", restored.member),
                        &wording::restored(&restored),
                    ),
                    Err(error) => refused(error),
                }
            }
        }
    })
    .await
}

/// The member named in the command, by the server nickname Discord resolved.
fn target(ctx: Ctx<'_>, me: &MemberRef, user: &serenity::User) -> MemberRef {
    let nick = match ctx {
        poise::Context::Application(app) => app
            .interaction
            .data
            .resolved
            .members
            .get(&user.id)
            .and_then(|m| m.nick.clone()),
        poise::Context::Prefix(_) => None,
    };
    let name = nick
        .as_deref()
        .or(user.global_name.as_deref())
        .unwrap_or(&user.name);
    MemberRef {
        workspace: me.workspace.clone(),
        external_id: user.id.to_string(),
        display_name: super::truncate(name, 80),
    }
}

/// Check that prepbot can see, post, embed, attach files and use threads in a channel.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn check(
    ctx: Ctx<'_>,
    #[description = "The channel (this one if left out)"]
    #[channel_types("Text")]
    channel: Option<ChannelId>,
) -> Result<(), Error> {
    let channel = channel.unwrap_or_else(|| ctx.channel_id());
    for_member(ctx, true, |_me| async move {
        let label = format!("<#{channel}>");
        match check_text(ctx, channel).await {
            Ok(check) => Reply::notice("Permission check", &wording::channel_check(&check, &label)),
            Err(error) => {
                tracing::warn!(error = format!("{error:#}"), %channel, "the permission check failed");
                Reply::notice("Permission check", &wording::check_failed(&label))
            }
        }
    })
    .await
}

async fn check_text(
    ctx: Ctx<'_>,
    channel: ChannelId,
) -> anyhow::Result<crate::engine::channel_check::ChannelCheck> {
    let guild = ctx
        .guild_id()
        .ok_or_else(|| anyhow::anyhow!("not in a server"))?;
    permissions::check(ctx.http(), guild, channel, ctx.framework().bot_id).await
}

/// What `/prepbot setup` adds to its reply: a warning naming what prepbot
/// cannot do in `channel`, or nothing when all is well. The subscription
/// is stored either way (see the README): permissions are often fixed
/// after setup, and the post is hours away.
pub async fn setup_warning(ctx: Ctx<'_>, channel: ChannelId) -> Option<String> {
    let label = format!("<#{channel}>");
    match check_text(ctx, channel).await {
        Ok(check) if check.can_post() => None,
        Ok(check) => Some(wording::setup_warning(&check, &label, "/prepbot check")),
        Err(error) => {
            tracing::warn!(error = format!("{error:#}"), %channel, "the setup's permission check failed");
            Some(wording::check_failed(&label))
        }
    }
}
