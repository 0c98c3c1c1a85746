//! Discord's side of the pictures: the `/settings theme` choice, the
//! admin's `/prepbot recap` (a preview, or the channel's recap switched on
//! or off), and the recap as an embed with its picture.

use poise::serenity_prelude as serenity;
use serenity::{CreateAttachment, CreateMessage};

use super::commands::for_member_reply;
use super::reply::Reply;
use super::{Ctx, Error, render};
use crate::domain::theme::Theme;
use crate::engine::Recap;
use crate::picture::RECAP_FILE;

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum ThemeChoice {
    #[name = "light"]
    Light,
    #[name = "dark"]
    Dark,
}

impl From<ThemeChoice> for Theme {
    fn from(choice: ThemeChoice) -> Self {
        match choice {
            ThemeChoice::Light => Theme::Light,
            ThemeChoice::Dark => Theme::Dark,
        }
    }
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum RecapSwitch {
    #[name = "on (every Monday at the daily question's time)"]
    On,
    #[name = "off"]
    Off,
}

/// Preview last week's recap, or switch this channel's weekly recap on or off.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn recap(
    ctx: Ctx<'_>,
    #[description = "Switch the weekly recap on or off in a channel; leave out for a preview"]
    weekly: Option<RecapSwitch>,
    #[description = "The channel (this one if left out)"]
    #[channel_types("Text")]
    channel: Option<serenity::ChannelId>,
) -> Result<(), Error> {
    let channel = channel.unwrap_or_else(|| ctx.channel_id());
    for_member_reply(ctx, true, |me| async move {
        let engine = &ctx.data().engine;
        match weekly {
            None => match engine.recap_preview(&me).await {
                Ok(recap) => recap_reply(&recap, "Weekly recap (preview, only you see it)"),
                Err(error) => Reply::refusal(&super::reply::failure_text(error)),
            },
            Some(switch) => {
                let on = matches!(switch, RecapSwitch::On);
                match engine.set_weekly_recap(&me, &channel.to_string(), on).await {
                    Ok(found) => {
                        Reply::notice("Weekly recap", &crate::wording::recap_switched(on, found))
                    }
                    Err(error) => Reply::refusal(&super::reply::failure_text(error)),
                }
            }
        }
    })
    .await
}

/// The recap's text in an embed, with its picture when it can be drawn.
fn recap_reply(recap: &Recap, title: &str) -> Reply {
    let embed = render::monospace(title, &crate::wording::recap(recap));
    match crate::picture::recap_png(recap) {
        Ok(png) => Reply::new(embed, Vec::new()).with_picture(RECAP_FILE, png),
        Err(error) => {
            tracing::warn!(
                error = format!("{error:#}"),
                "could not draw the weekly recap"
            );
            Reply::new(embed, Vec::new())
        }
    }
}

/// The recap as a channel message: the embed, and the picture attached and
/// shown in it.
pub fn recap_message(recap: &Recap) -> CreateMessage {
    let mut embed = render::monospace("Weekly recap", &crate::wording::recap(recap)).build();
    let mut message = CreateMessage::new().allowed_mentions(render::no_pings());
    match crate::picture::recap_png(recap) {
        Ok(png) => {
            embed = embed.image(format!("attachment://{RECAP_FILE}"));
            message = message.add_file(CreateAttachment::bytes(png, RECAP_FILE));
        }
        Err(error) => {
            tracing::warn!(
                error = format!("{error:#}"),
                "could not draw the weekly recap"
            )
        }
    }
    message.embed(embed)
}
