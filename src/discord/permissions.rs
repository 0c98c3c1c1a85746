//! prepbot's own permissions in a channel, computed as Discord does from
//! the server's roles, the roles prepbot holds and the channel's
//! overwrites (read over REST, so the answer is current), then turned into
//! the neutral list of missing abilities.

use anyhow::Context as _;
use serenity::all::{ChannelId, ChannelType, GuildId, Http, Permissions, UserId};

use crate::engine::channel_check::{Ability, ChannelCheck};

/// Each ability and the permission that grants it.
const NEEDED: [(Ability, Permissions); 6] = [
    (Ability::View, Permissions::VIEW_CHANNEL),
    (Ability::Send, Permissions::SEND_MESSAGES),
    (Ability::EmbedLinks, Permissions::EMBED_LINKS),
    (Ability::AttachFiles, Permissions::ATTACH_FILES),
    (Ability::CreateThreads, Permissions::CREATE_PUBLIC_THREADS),
    (
        Ability::SendInThreads,
        Permissions::SEND_MESSAGES_IN_THREADS,
    ),
];

/// The abilities `permissions` lack.
pub fn missing(permissions: Permissions) -> ChannelCheck {
    ChannelCheck {
        missing: NEEDED
            .iter()
            .filter(|(_, needed)| !permissions.contains(*needed))
            .map(|(ability, _)| *ability)
            .collect(),
    }
}

/// What the bot (`bot`) cannot do in `channel` of `guild`. A thread is
/// checked through its parent channel, whose overwrites it follows.
pub async fn check(
    http: &Http,
    guild: GuildId,
    channel: ChannelId,
    bot: UserId,
) -> anyhow::Result<ChannelCheck> {
    let mut channel = match http.get_channel(channel).await {
        Ok(channel) => channel,
        // Discord answers 403 Missing Access for a channel the bot cannot see.
        Err(serenity::Error::Http(error))
            if error
                .status_code()
                .is_some_and(|status| status.as_u16() == 403) =>
        {
            return Ok(missing(Permissions::empty()));
        }
        Err(error) => return Err(error).context("reading the channel"),
    }
    .guild()
    .context("the channel is not a server channel")?;
    let thread = matches!(
        channel.kind,
        ChannelType::PublicThread | ChannelType::PrivateThread | ChannelType::NewsThread
    );
    if let (true, Some(parent)) = (thread, channel.parent_id) {
        channel = http
            .get_channel(parent)
            .await
            .context("reading the thread's channel")?
            .guild()
            .context("the thread's channel is not a server channel")?;
    }
    let server = http
        .get_guild(guild)
        .await
        .context("reading the server's roles")?;
    let member = http
        .get_member(guild, bot)
        .await
        .context("reading prepbot's roles")?;
    Ok(missing(server.user_permissions_in(&channel, &member)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_missing_permission_is_named_once_in_order() {
        let all = NEEDED
            .iter()
            .fold(Permissions::empty(), |all, (_, p)| all | *p);
        assert!(missing(all).can_post());
        let without = all - Permissions::SEND_MESSAGES - Permissions::ATTACH_FILES;
        assert_eq!(
            missing(without).missing,
            [Ability::Send, Ability::AttachFiles]
        );
    }
}
