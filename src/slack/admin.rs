//! `/prep streak @member history|restore [reason]` and `/prep check`: an
//! admin's look at a member's streak and at whether prepbot is in a
//! channel. Replies go to the admin alone.

use slack_morphism::prelude::*;

use super::Bot;
use super::blocks;
use super::escape::{escape, slack_commands};
use super::reply::Reply;
use crate::engine::MemberRef;
use crate::engine::channel_check::{Ability, ChannelCheck};
use crate::wording;

/// The history or restore of `member`'s streak (a Slack user id), for an
/// admin.
pub async fn streak(
    bot: &Bot,
    me: &MemberRef,
    member: Option<String>,
    restore: bool,
    reason: Option<String>,
) -> Reply {
    if let Some(refusal) = bot.refuse_non_admin(me).await {
        return refusal;
    }
    let Some(user) = member else {
        return Reply::refusal(
            "Name the member with an @mention, for example /prep streak @ada history or /prep streak @ada restore the host was down.",
        );
    };
    let workspace = &me.workspace;
    let target = bot
        .member(&workspace.external_id, Some(&workspace.name), &user)
        .await;
    let engine = &bot.engine;
    if restore {
        match engine.restore_streak(me, &target, reason.as_deref()).await {
            Ok(restored) => Reply::notice(
                &format!("Streak restored · {}", restored.member),
                &wording::restored(&restored),
            ),
            Err(error) => Reply::failure(error),
        }
    } else {
        match engine.streak_history(me, &target).await {
            Ok(history) => Reply::notice(
                &format!("Streak history · {}", history.member),
                &wording::streak_history(&history),
            ),
            Err(error) => Reply::failure(error),
        }
    }
}

/// `/prep check`: whether prepbot is a member of `channel`.
pub async fn check(bot: &Bot, me: &MemberRef, channel: &str) -> Reply {
    if let Some(refusal) = bot.refuse_non_admin(me).await {
        return refusal;
    }
    let text = match membership(bot, channel).await {
        Ok(check) => wording::channel_check(&check, channel),
        Err(error) => {
            tracing::warn!(
                error = format!("{error:#}"),
                channel,
                "the channel check failed"
            );
            wording::check_failed(channel)
        }
    };
    Reply::private(blocks::trusted("Channel check", &linked(&text, channel)))
}

/// What `/prep setup` adds to its reply when prepbot cannot post in
/// `channel`; the subscription is stored either way.
pub async fn setup_warning(bot: &Bot, channel: &str) -> Option<String> {
    let text = match membership(bot, channel).await {
        Ok(check) if check.can_post() => return None,
        Ok(check) => wording::setup_warning(&check, channel, "/prepbot check"),
        Err(error) => {
            tracing::warn!(
                error = format!("{error:#}"),
                channel,
                "the setup's channel check failed"
            );
            wording::check_failed(channel)
        }
    };
    Some(linked(&text, channel))
}

/// prepbot's wording made safe for mrkdwn, with the channel id shown as a
/// link to the channel.
fn linked(text: &str, channel: &str) -> String {
    let safe = slack_commands(&escape(text));
    let id = escape(channel);
    safe.replace(&id, &format!("<#{id}>"))
}

/// Whether the bot is in the channel, from `conversations.info`. A channel
/// Slack says it cannot find is one the bot cannot see: a private channel
/// it was never added to.
async fn membership(bot: &Bot, channel: &str) -> anyhow::Result<ChannelCheck> {
    let request = SlackApiConversationsInfoRequest::new(SlackChannelId::new(channel.to_owned()));
    let member = match bot.session().conversations_info(&request).await {
        Ok(info) => info.channel.flags.is_member.unwrap_or(false),
        Err(slack_morphism::errors::SlackClientError::ApiError(error))
            if error.code == "channel_not_found" =>
        {
            false
        }
        Err(error) => {
            return Err(anyhow::Error::from(error).context("asking Slack about the channel"));
        }
    };
    Ok(ChannelCheck {
        missing: if member {
            Vec::new()
        } else {
            vec![Ability::BeInChannel]
        },
    })
}
