//! `/prepbot` in the console: the admin tools (the console's member is its
//! admin). `/prepbot streak <name> history|restore [reason]` and
//! `/prepbot check` here; the daily question's (`/prepbot preview`, …) as
//! `/daily` takes them.

use super::Console;
use crate::engine::MemberRef;
use crate::engine::channel_check::ChannelCheck;
use crate::wording;

const USAGE: &str = "Use /prepbot streak <name> history, /prepbot streak <name> restore [reason], or /prepbot check.";

/// What an admin asked of a member's streak.
#[derive(Debug, PartialEq, Eq)]
enum StreakAction<'a> {
    History,
    Restore(Option<&'a str>),
}

/// `<name> history` or `<name> restore [reason]`: the name is every word
/// before the action, so names with spaces work.
fn parse_streak(args: &str) -> Option<(String, StreakAction<'_>)> {
    let words: Vec<&str> = args.split_whitespace().collect();
    let at = words
        .iter()
        .position(|word| matches!(word.to_ascii_lowercase().as_str(), "history" | "restore"))?;
    if at == 0 {
        return None;
    }
    let name = words[..at].join(" ");
    let action = if words[at].eq_ignore_ascii_case("history") {
        StreakAction::History
    } else {
        let reason = args
            .split_once(words[at])
            .map(|(_, rest)| rest.trim())
            .filter(|rest| !rest.is_empty());
        StreakAction::Restore(reason)
    };
    Some((name, action))
}

impl Console {
    pub(super) async fn prepbot(&mut self, args: &str) -> String {
        let (sub, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
        match sub.to_ascii_lowercase().as_str() {
            "streak" => self.admin_streak(rest.trim()).await,
            "check" => wording::channel_check(&ChannelCheck::default(), "the console"),
            // The daily question's admin commands, as `/daily` takes them.
            _ => self.daily(args).await,
        }
    }

    async fn admin_streak(&mut self, args: &str) -> String {
        let Some((name, action)) = parse_streak(args) else {
            return format!("Name the member and what to do. {USAGE}");
        };
        let name = crate::domain::text::clean_display_name(&name);
        let target = MemberRef {
            workspace: self.me.workspace.clone(),
            external_id: name.clone(),
            display_name: name,
        };
        match action {
            StreakAction::History => match self.engine.streak_history(&self.me, &target).await {
                Ok(history) => format!(
                    "Streak history of {}\n{}",
                    history.member,
                    wording::streak_history(&history)
                ),
                Err(error) => self.failure(error),
            },
            StreakAction::Restore(reason) => {
                match self.engine.restore_streak(&self.me, &target, reason).await {
                    Ok(restored) => wording::restored(&restored),
                    Err(error) => self.failure(error),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_every_word_before_the_action_and_the_reason_every_word_after() {
        assert_eq!(
            parse_streak("Ada Lovelace restore host down on Tuesday"),
            Some((
                "Ada Lovelace".to_owned(),
                StreakAction::Restore(Some("host down on Tuesday"))
            ))
        );
        assert_eq!(
            parse_streak("ada HISTORY"),
            Some(("ada".to_owned(), StreakAction::History))
        );
        assert_eq!(parse_streak("restore"), None);
        assert_eq!(parse_streak("ada"), None);
    }
}
