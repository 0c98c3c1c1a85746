//! Who is asking, in platform-neutral terms: a front-end turns a Discord
//! guild or Slack team into a `WorkspaceRef`, a user into a `MemberRef`.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Platform {
    Discord,
    Slack,
    Console,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Discord => "discord",
            Platform::Slack => "slack",
            Platform::Console => "console",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Discord guild, a Slack team, or the console.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WorkspaceRef {
    pub platform: Platform,
    /// The platform's own id, such as a guild id.
    pub external_id: String,
    pub name: String,
}

/// A person in a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MemberRef {
    pub workspace: WorkspaceRef,
    /// The platform's own id, such as a user id.
    pub external_id: String,
    pub display_name: String,
}

/// A card's id, as carried by buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CardId(pub i64);

impl fmt::Display for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
