//! What a channel check says: each missing ability with how to fix it.

use crate::engine::channel_check::{Ability, ChannelCheck};

/// The ability's name and how to grant it.
fn fix(ability: Ability) -> &'static str {
    match ability {
        Ability::View => {
            "View Channel: prepbot cannot see the channel. In the channel's settings, \
             Permissions, allow View Channel for prepbot's role."
        }
        Ability::Send => {
            "Send Messages: prepbot cannot post here. Allow Send Messages for prepbot's role in \
             the channel's permissions (a channel setting that denies it overrides the server's roles)."
        }
        Ability::EmbedLinks => {
            "Embed Links: question cards would arrive empty. Allow Embed Links for prepbot's role."
        }
        Ability::AttachFiles => {
            "Attach Files: prepbot cannot attach pictures or files to its messages here. Allow \
             Attach Files for prepbot's role."
        }
        Ability::CreateThreads => {
            "Create Public Threads: the daily question cannot open its discussion thread. Allow \
             Create Public Threads for prepbot's role."
        }
        Ability::SendInThreads => {
            "Send Messages in Threads: the answer cannot be revealed in the thread. Allow Send \
             Messages in Threads for prepbot's role."
        }
        Ability::BeInChannel => {
            "prepbot is not a member of this channel, and Slack apps can post only where they \
             were added. Type /invite @prepbot in the channel."
        }
    }
}

/// The result of `/prepbot check` in `channel` (as the platform shows it).
pub fn channel_check(check: &ChannelCheck, channel: &str) -> String {
    if check.can_post() {
        return format!("prepbot has everything it needs to post daily questions in {channel}.");
    }
    let mut out = format!(
        "prepbot is missing {} in {channel}:",
        super::counted(check.missing.len(), "thing")
    );
    for ability in &check.missing {
        out += "\n- ";
        out += fix(*ability);
    }
    out
}

/// The warning `/prepbot setup` adds when the check finds something
/// missing; the subscription is stored all the same.
pub fn setup_warning(check: &ChannelCheck, channel: &str, check_usage: &str) -> String {
    format!(
        "Warning: {}\nThe daily question is set up anyway and will post once this is fixed; \
         {check_usage} in the channel checks again.",
        channel_check(check, channel)
    )
}

/// When the check itself could not be made (the platform did not answer).
pub fn check_failed(channel: &str) -> String {
    format!(
        "prepbot could not read its permissions in {channel} just now, so it could not check \
         them; try /prepbot check again in a minute."
    )
}
