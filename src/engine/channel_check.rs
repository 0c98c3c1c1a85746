//! What prepbot must be able to do in a channel to post its daily question
//! there, named without any platform's types. Each front-end reads its
//! platform's permission data (Discord's roles and channel overwrites,
//! Slack's channel membership) and reports the abilities missing; the
//! wording (`wording::channel_check`) says how to fix each one.
//!
//! ```
//! use prepbot::engine::channel_check::{Ability, ChannelCheck};
//! let check = ChannelCheck { missing: vec![Ability::AttachFiles] };
//! assert!(!check.can_post());
//! assert!(ChannelCheck::default().can_post());
//! ```

/// Something prepbot needs to be allowed in a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ability {
    /// See the channel at all (Discord: View Channel).
    View,
    /// Post messages (Discord: Send Messages).
    Send,
    /// Show question cards as embeds (Discord: Embed Links).
    EmbedLinks,
    /// Attach pictures, such as `/stats` charts (Discord: Attach Files).
    AttachFiles,
    /// Open a discussion thread on each daily post (Discord: Create Public
    /// Threads).
    CreateThreads,
    /// Post the answer in that thread (Discord: Send Messages in Threads).
    SendInThreads,
    /// Be a member of the channel (Slack: apps post only where invited).
    BeInChannel,
}

/// The outcome of a check: what is missing, in the order of `Ability`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChannelCheck {
    pub missing: Vec<Ability>,
}

impl ChannelCheck {
    /// Whether nothing is missing.
    pub fn can_post(&self) -> bool {
        self.missing.is_empty()
    }
}
