//! Who is asking, in platform-neutral terms: a front-end turns a Discord
//! guild or Slack team into a `WorkspaceRef`, a user into a `MemberRef`.

use std::fmt;

use crate::domain::text::clean_display_name;

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

impl MemberRef {
    /// The same person with names as prepbot stores and shows them: no
    /// control characters, bounded length (see `domain::text`). Names are
    /// cleaned here, where they enter the engine, for every front-end alike.
    pub fn cleaned(&self) -> MemberRef {
        MemberRef {
            workspace: WorkspaceRef {
                name: clean_display_name(&self.workspace.name),
                ..self.workspace.clone()
            },
            display_name: clean_display_name(&self.display_name),
            external_id: self.external_id.clone(),
        }
    }
}

/// A card's id, as carried by buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CardId(pub i64);

impl fmt::Display for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
