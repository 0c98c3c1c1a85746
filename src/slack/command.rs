//! The text after `/prep`, parsed into a command. Slack has no options or
//! autocomplete, so everything arrives as words: `/prep quiz transformers
//! hard choice`, `/prep setup <#C123|study> 09:00 Europe/Berlin reveal=60`.
//! Each word is recognised by its shape (a difficulty, a mode, a question
//! id, a time, a zone, `key=value`), so the order does not matter.
//!
//! ```
//! use prepbot::slack::command::{Command, parse};
//! assert!(matches!(parse("quiz transformers hard"), Command::Quiz { .. }));
//! ```

use crate::domain::daily_admin_words::{self, DailyAdminWords};
use crate::domain::report::{ReportWords, parse_report_words};
use crate::domain::{Difficulty, Mode, QuestionId};
use crate::engine::{Period, RankBy};

/// A `/prep` subcommand with its arguments.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Quiz {
        topic: Option<String>,
        difficulty: Option<Difficulty>,
        mode: Mode,
        /// A question asked by id (`genai-018`).
        question: Option<String>,
    },
    Daily,
    Reveal {
        question: Option<String>,
    },
    Answer,
    /// A mock interview on a topic (or a question asked by id).
    Interview {
        topic: Option<String>,
    },
    Review,
    /// `/prep review cram`: known questions ahead of schedule before the
    /// member's interview.
    Cram,
    Streak {
        /// Another member, by Slack user id.
        member: Option<String>,
    },
    Leaderboard {
        period: Period,
        by: RankBy,
    },
    Stats,
    Topics,
    Settings {
        timezone: Option<String>,
        hide_from_leaderboards: Option<bool>,
        /// `reminders HH:MM` or `reminders off`; `Some("")` when the time
        /// was left out.
        reminders: Option<String>,
        theme: Option<crate::domain::theme::Theme>,
    },
    /// `/prep settings export` (`delete: false`) or `/prep settings
    /// delete`, which asks before deleting.
    MyData {
        delete: bool,
    },
    /// `/prep settings interview YYYY-MM-DD [topics]`, or `off`; `None`
    /// when no date followed.
    InterviewDate {
        date: Option<String>,
        topics: Option<String>,
    },
    /// Admins: preview last week's recap (`None`), or switch this
    /// channel's weekly recap on or off; `Err` holds what was typed.
    Recap(Result<Option<bool>, String>),
    Help,
    /// `/prep report [question id] <reason> [text]`, or why the words do
    /// not make a report.
    Report(Result<ReportWords, String>),
    Setup(SetupArgs),
    Status,
    Stop {
        channel: Option<String>,
    },
    /// Re-read the question bank folder.
    Reload,
    /// Open the form to suggest a question of the workspace's own.
    Suggest,
    /// Admins: open the form to add a question, approved at once.
    Add,
    /// Admins: the suggestions waiting, with Approve and Reject.
    Pending,
    Reports,
    /// `/prep close-report N [note]`; `None` when N is not a number.
    CloseReport {
        id: Option<i64>,
        typed: String,
        note: Option<String>,
    },
    /// Admins: `preview`, `queue`, `skip`, `pause`, `resume` on this
    /// channel's daily question, or why the words do not make one.
    DailyAdmin(Result<DailyAdminWords, String>),
    /// Admins: `/prep streak @member history|restore [reason]`.
    StreakAdmin {
        member: Option<String>,
        restore: bool,
        reason: Option<String>,
    },
    /// Admins: `/prep check [#channel]`, whether prepbot can post there.
    Check {
        channel: Option<String>,
    },
    /// A word that is no subcommand, and the nearest one if it looks like
    /// a slip.
    Unknown {
        typed: String,
        suggestion: Option<&'static str>,
    },
}

/// `/prep setup` as typed; the channel is the current one when left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetupArgs {
    pub channel: Option<String>,
    pub schedule: Option<String>,
    pub timezone: Option<String>,
    pub topics: Option<String>,
    pub reveal_after: Option<u32>,
    /// Words that fit no argument, to name in the refusal.
    pub unrecognised: Vec<String>,
}

/// Every subcommand with its usage and what it does, for `/prep help`.
pub const HELP: &[(&str, &str)] = &[
    (
        "quiz [topic|question id] [easy|medium|hard] [flashcard|choice]",
        "a question now",
    ),
    ("daily", "today's daily question in this channel"),
    (
        "reveal [question id]",
        "the model answer, shown only to you",
    ),
    ("answer", "write an answer to today's daily question"),
    (
        "interview [topic]",
        "a mock interview: your answer, one follow-up on what it missed, then a summary and your grade",
    ),
    (
        "review [cram]",
        "your due review cards, privately; cram goes over known ones ahead of schedule before your interview",
    ),
    ("streak [@member]", "current and best streak, freezes left"),
    (
        "leaderboard [week|month|all] [points|streak]",
        "this workspace's top members",
    ),
    ("stats", "your progress by topic"),
    ("topics", "topics with question counts"),
    (
        "settings [Area/City|workspace] [hide|show] [reminders HH:MM|off] [light|dark]",
        "your time zone, leaderboard visibility, review reminders and picture theme; settings export|delete: your data",
    ),
    (
        "settings interview YYYY-MM-DD [topics]",
        "your interview date (off to clear): a countdown, and new questions paced to meet every one before it",
    ),
    (
        "setup [#channel] HH:MM [Area/City] [topics=a,b] [reveal=MIN]",
        "admins: start or change the daily question (a cron in quotes works too; setup alone opens a form)",
    ),
    (
        "status",
        "admins: next post times, questions left before the deck repeats",
    ),
    ("stop [#channel]", "admins: stop the daily question"),
    (
        "reload",
        "admins: re-read the question bank (if the new one has faults, the old one stays)",
    ),
    (
        "report [question id] wrong|unclear|outdated|duplicate|other [what is wrong]",
        "report a question to the admins and the bank's maintainers (the last one you saw if no id)",
    ),
    ("reports", "admins: the open reports, with their numbers"),
    (
        "close-report N [note]",
        "admins: close report N, with a note for the maintainers",
    ),
    (
        "suggest",
        "suggest a question for this workspace (a form); an admin approves or rejects it",
    ),
    (
        "add",
        "admins: add a question of this workspace's own (a form), approved at once",
    ),
    (
        "pending",
        "admins: the suggested questions waiting, with Approve and Reject",
    ),
    (
        "preview",
        "admins: the next seven posting dates here, with skipped and paused days",
    ),
    (
        "queue <question id> [why]",
        "admins: post that question next here",
    ),
    (
        "skip [why]",
        "admins: skip the next post here (today's if it is still to come)",
    ),
    (
        "pause [until YYYY-MM-DD] [why]",
        "admins: no posts here through that day, or until resumed; paused days are not made up",
    ),
    (
        "resume [why]",
        "admins: end a pause; posts start at the next time",
    ),
    (
        "streak @member history|restore [reason]",
        "admins: a member's streak story, or restore the last reset if prepbot was down",
    ),
    (
        "check [#channel]",
        "admins: whether prepbot is in the channel and can post there",
    ),
    (
        "recap [on|off]",
        "admins: preview last week's recap, or switch this channel's Monday recap on or off",
    ),
    ("help", "this list"),
];

/// The subcommands every member may use; the shared wording names these
/// as `/quiz` and so on (see `escape::slack_commands`).
pub const MEMBER_COMMANDS: [&str; 14] = [
    "quiz",
    "daily",
    "reveal",
    "answer",
    "interview",
    "review",
    "streak",
    "leaderboard",
    "stats",
    "topics",
    "settings",
    "report",
    "help",
    "suggest",
];

/// The subcommands for admins.
const ADMIN_COMMANDS: [&str; 15] = [
    "setup",
    "status",
    "stop",
    "reload",
    "reports",
    "close-report",
    "add",
    "pending",
    "preview",
    "queue",
    "skip",
    "pause",
    "resume",
    "check",
    "recap",
];

/// The subcommand a `/prep` text names, for the log: one of prepbot's own
/// words (never the member's text), `help` when empty, `unknown` else.
pub fn name_of(text: &str) -> &'static str {
    let Some(first) = text.split_whitespace().next() else {
        return "help";
    };
    let first = first.to_ascii_lowercase();
    MEMBER_COMMANDS
        .iter()
        .chain(ADMIN_COMMANDS.iter())
        .find(|name| **name == first)
        .copied()
        .unwrap_or("unknown")
}

/// Parses the text of a `/prep` command; empty text is `help`.
pub fn parse(text: &str) -> Command {
    let words = split_words(text);
    let Some((first, rest)) = words.split_first() else {
        return Command::Help;
    };
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    if let Some(parsed) = daily_admin_words::parse(first, &rest, "/prep") {
        return Command::DailyAdmin(parsed);
    }
    match first.to_ascii_lowercase().as_str() {
        "quiz" => quiz(&rest),
        "daily" => Command::Daily,
        "reveal" => Command::Reveal {
            question: rest.first().map(|q| (*q).to_owned()),
        },
        "answer" => Command::Answer,
        "interview" => Command::Interview {
            topic: (!rest.is_empty()).then(|| rest.join(" ")),
        },
        "review" => match rest.first() {
            Some(word) if word.eq_ignore_ascii_case("cram") => Command::Cram,
            _ => Command::Review,
        },
        "streak" => streak(&rest),
        "check" => Command::Check {
            channel: rest.first().and_then(|w| channel_mention(w)),
        },
        "leaderboard" | "board" => leaderboard(&rest),
        "stats" => Command::Stats,
        "topics" => Command::Topics,
        "settings" => settings(&rest),
        "help" => Command::Help,
        "setup" => Command::Setup(setup(&rest)),
        "status" => Command::Status,
        "reload" => Command::Reload,
        "suggest" => Command::Suggest,
        "add" => Command::Add,
        "pending" => Command::Pending,
        "recap" => Command::Recap(
            match rest.first().map(|w| w.to_ascii_lowercase()).as_deref() {
                None => Ok(None),
                Some("on") => Ok(Some(true)),
                Some("off") => Ok(Some(false)),
                Some(_) => Err(rest.join(" ")),
            },
        ),
        "stop" => Command::Stop {
            channel: rest.first().and_then(|w| channel_mention(w)),
        },
        "report" => Command::Report(parse_report_words(&rest.join(" "), "/prep report")),
        "reports" => Command::Reports,
        "close-report" | "close_report" | "closereport" => close_report(&rest),
        other => Command::Unknown {
            typed: other.to_owned(),
            suggestion: MEMBER_COMMANDS
                .iter()
                .chain(&ADMIN_COMMANDS)
                .map(|name| (strsim::normalized_damerau_levenshtein(other, name), *name))
                .filter(|(score, _)| *score >= crate::engine::SUGGESTION_SIMILARITY - 0.15)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, name)| name),
        },
    }
}

/// Words split on whitespace; a "quoted part" stays one word, so a cron
/// expression can be typed whole. Slack sends typed quotes as curly ones
/// on some clients, so those count too.
fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' | '“' | '”' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn quiz(words: &[&str]) -> Command {
    let mut difficulty = None;
    let mut mode = Mode::Flashcard;
    let mut question = None;
    let mut topic = Vec::new();
    for word in words {
        if let Ok(level) = word.parse::<Difficulty>() {
            difficulty = Some(level);
        } else if let Ok(chosen) = word.parse::<Mode>() {
            mode = chosen;
        } else if looks_like_question_id(word) {
            question = Some((*word).to_owned());
        } else {
            topic.push(*word);
        }
    }
    Command::Quiz {
        topic: (!topic.is_empty()).then(|| topic.join(" ")),
        difficulty,
        mode,
        question,
    }
}

/// `genai-018`: a slug ending in a dash and a number. Topic ids are slugs
/// too, but never end in a number.
fn looks_like_question_id(word: &str) -> bool {
    QuestionId::parse(word).is_ok()
        && word
            .rsplit_once('-')
            .is_some_and(|(_, n)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

fn close_report(words: &[&str]) -> Command {
    let typed = words.first().copied().unwrap_or_default();
    let note = words
        .get(1..)
        .map(|rest| rest.join(" "))
        .unwrap_or_default();
    Command::CloseReport {
        id: typed.trim_start_matches('#').parse().ok(),
        typed: typed.to_owned(),
        note: (!note.is_empty()).then_some(note),
    }
}

/// `streak [@member]`, or an admin's `streak @member history|restore
/// [reason]`; a bare user id (`U123`) names a member too.
fn streak(words: &[&str]) -> Command {
    let member = words.first().and_then(|word| {
        user_mention(word).or_else(|| {
            let bare = word.starts_with(['U', 'W'])
                && word.len() > 1
                && word
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            bare.then(|| (*word).to_owned())
        })
    });
    let action = words.get(1).map(|word| word.to_ascii_lowercase());
    match action.as_deref() {
        Some(action @ ("history" | "restore")) => {
            let reason = words
                .get(2..)
                .map(|rest| rest.join(" "))
                .unwrap_or_default();
            Command::StreakAdmin {
                member,
                restore: action == "restore",
                reason: (!reason.is_empty()).then_some(reason),
            }
        }
        _ => Command::Streak { member },
    }
}

fn leaderboard(words: &[&str]) -> Command {
    let mut period = Period::Week;
    let mut by = RankBy::Points;
    for word in words {
        match word.to_ascii_lowercase().as_str() {
            "week" => period = Period::Week,
            "month" => period = Period::Month,
            "all" => period = Period::All,
            "points" => by = RankBy::Points,
            "streak" | "streaks" => by = RankBy::Streak,
            _ => {}
        }
    }
    Command::Leaderboard { period, by }
}

fn settings(words: &[&str]) -> Command {
    if let [only] = words {
        match only.to_ascii_lowercase().as_str() {
            "export" => return Command::MyData { delete: false },
            "delete" => return Command::MyData { delete: true },
            _ => {}
        }
    }
    if let Some((first, rest)) = words.split_first()
        && first.eq_ignore_ascii_case("interview")
    {
        let topics = (rest.len() > 1).then(|| rest[1..].join(" "));
        return Command::InterviewDate {
            date: rest.first().map(|word| (*word).to_owned()),
            topics,
        };
    }
    let mut timezone = None;
    let mut hide = None;
    let mut reminders = None;
    let mut theme = None;
    let mut words = words.iter();
    while let Some(word) = words.next() {
        match word.to_ascii_lowercase().as_str() {
            "reminders" | "reminder" => {
                reminders = Some(words.next().map(|w| (*w).to_owned()).unwrap_or_default());
            }
            "hide" => hide = Some(true),
            "show" => hide = Some(false),
            "light" | "dark" => theme = word.parse().ok(),
            "timezone" | "leaderboard" | "theme" => {}
            _ => timezone = Some((*word).to_owned()),
        }
    }
    Command::Settings {
        timezone,
        hide_from_leaderboards: hide,
        reminders,
        theme,
    }
}

fn setup(words: &[&str]) -> SetupArgs {
    let mut args = SetupArgs::default();
    for word in words {
        let lower = word.to_ascii_lowercase();
        if let Some(channel) = channel_mention(word) {
            args.channel = Some(channel);
        } else if let Some(minutes) = lower
            .strip_prefix("reveal=")
            .or_else(|| lower.strip_prefix("reveal_after="))
        {
            match minutes.trim_end_matches("min").parse() {
                Ok(minutes) => args.reveal_after = Some(minutes),
                Err(_) => args.unrecognised.push((*word).to_owned()),
            }
        } else if let Some(topics) = word
            .strip_prefix("topics=")
            .or_else(|| word.strip_prefix("topic="))
        {
            args.topics = Some(topics.to_owned());
        } else if looks_like_schedule(word) {
            args.schedule = Some((*word).to_owned());
        } else if word.contains('/') || lower == "utc" {
            args.timezone = Some((*word).to_owned());
        } else {
            args.unrecognised.push((*word).to_owned());
        }
    }
    args
}

/// `09:00`, or a cron expression (it has spaces, so it came quoted).
fn looks_like_schedule(word: &str) -> bool {
    word.contains(' ')
        || (word.contains(':') && word.chars().all(|c| c.is_ascii_digit() || c == ':'))
}

/// `C123` from `<#C123|general>` or `<#C123>`.
pub fn channel_mention(word: &str) -> Option<String> {
    mention(word, "<#")
}

/// `U123` from `<@U123|ada>` or `<@U123>`.
pub fn user_mention(word: &str) -> Option<String> {
    mention(word, "<@")
}

fn mention(word: &str, opening: &str) -> Option<String> {
    let inner = word.strip_prefix(opening)?.strip_suffix('>')?;
    let id = inner.split('|').next()?;
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric())).then(|| id.to_owned())
}

/// The command's name for the metrics: the first word when it is one of
/// prepbot's commands, `help` when there is none, else `unknown`, so what a
/// member typed never becomes a label.
pub fn metric_name(text: &str) -> &'static str {
    let Some(first) = text.split_whitespace().next() else {
        return "help";
    };
    let first = first.to_lowercase();
    MEMBER_COMMANDS
        .iter()
        .chain(&ADMIN_COMMANDS)
        .find(|name| **name == first)
        .copied()
        .unwrap_or("unknown")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiz_words_are_recognised_in_any_order() {
        assert_eq!(
            parse("quiz choice hard large language models"),
            Command::Quiz {
                topic: Some("large language models".to_owned()),
                difficulty: Some(Difficulty::Hard),
                mode: Mode::Choice,
                question: None,
            }
        );
        assert!(matches!(
            parse("quiz genai-018"),
            Command::Quiz { question: Some(q), topic: None, .. } if q == "genai-018"
        ));
    }

    #[test]
    fn interview_takes_the_rest_as_its_topic() {
        assert_eq!(parse("interview"), Command::Interview { topic: None });
        assert_eq!(
            parse("interview large language models"),
            Command::Interview {
                topic: Some("large language models".to_owned())
            }
        );
        assert!(matches!(
            parse("intervew"),
            Command::Unknown {
                suggestion: Some("interview"),
                ..
            }
        ));
    }

    #[test]
    fn setup_takes_a_channel_mention_a_time_a_zone_topics_and_a_delay() {
        let Command::Setup(args) = parse(
            "setup <#C0123|study-group> 09:30 Europe/Berlin topics=transformers,rag reveal=60",
        ) else {
            panic!("not a setup");
        };
        assert_eq!(args.channel.as_deref(), Some("C0123"));
        assert_eq!(args.schedule.as_deref(), Some("09:30"));
        assert_eq!(args.timezone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(args.topics.as_deref(), Some("transformers,rag"));
        assert_eq!(args.reveal_after, Some(60));
        assert!(args.unrecognised.is_empty());
    }

    #[test]
    fn a_quoted_cron_expression_is_one_word() {
        let Command::Setup(args) = parse("setup \"0 9 * * 1-5\" UTC") else {
            panic!("not a setup");
        };
        assert_eq!(args.schedule.as_deref(), Some("0 9 * * 1-5"));
        assert_eq!(args.timezone.as_deref(), Some("UTC"));
    }

    #[test]
    fn a_misspelt_subcommand_gets_a_suggestion() {
        assert_eq!(
            parse("qiuz"),
            Command::Unknown {
                typed: "qiuz".to_owned(),
                suggestion: Some("quiz")
            }
        );
        assert_eq!(parse(""), Command::Help);
    }

    #[test]
    fn report_takes_an_id_a_reason_and_text_and_close_report_a_number_and_a_note() {
        let Command::Report(Ok(words)) = parse("report genai-018 outdated sizes from 2023") else {
            panic!("not a report");
        };
        assert_eq!(words.question.as_deref(), Some("genai-018"));
        assert_eq!(words.text.as_deref(), Some("sizes from 2023"));
        let Command::Report(Err(message)) = parse("report genai-018 wromg") else {
            panic!("a bad reason parsed");
        };
        assert!(
            message.contains("/prep report genai-018 outdated"),
            "{message}"
        );
        assert_eq!(
            parse("close-report 3 fixed upstream"),
            Command::CloseReport {
                id: Some(3),
                typed: "3".to_owned(),
                note: Some("fixed upstream".to_owned())
            }
        );
    }

    #[test]
    fn streak_takes_a_member_and_an_admin_action_with_a_reason() {
        assert_eq!(
            parse("streak <@U1ABC|ada> restore host down on Tuesday"),
            Command::StreakAdmin {
                member: Some("U1ABC".to_owned()),
                restore: true,
                reason: Some("host down on Tuesday".to_owned()),
            }
        );
        assert_eq!(
            parse("streak U1ABC history"),
            Command::StreakAdmin {
                member: Some("U1ABC".to_owned()),
                restore: false,
                reason: None,
            }
        );
        assert_eq!(
            parse("streak <@U1ABC>"),
            Command::Streak {
                member: Some("U1ABC".to_owned())
            }
        );
        assert_eq!(
            parse("check <#C9|study>"),
            Command::Check {
                channel: Some("C9".to_owned())
            }
        );
    }

    #[test]
    fn mentions_give_their_ids() {
        assert_eq!(user_mention("<@U1ABC|ada>").as_deref(), Some("U1ABC"));
        assert_eq!(channel_mention("<#C9>").as_deref(), Some("C9"));
        assert_eq!(channel_mention("<#C9|x"), None);
        assert_eq!(user_mention("<!channel>"), None);
    }
}
