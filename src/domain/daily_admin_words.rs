//! The words of an admin's daily-question command as typed on Slack
//! (`/prep pause until 2026-12-24 winter break`) or in the console
//! (`/daily pause until 2026-12-24`), read once here for both. Discord
//! takes the same things as options.
//!
//! ```
//! use prepbot::domain::daily_admin_words::{DailyAdminWords, parse};
//! let words = parse("pause", &["until", "2026-12-24", "winter", "break"], "/prep");
//! let Some(Ok(DailyAdminWords::Pause { until, reason })) = words else { panic!() };
//! assert_eq!(until.unwrap().to_string(), "2026-12-24");
//! assert_eq!(reason.as_deref(), Some("winter break"));
//! ```

use chrono::NaiveDate;

use super::text::echo;

/// The subcommands read here.
pub const SUBCOMMANDS: [&str; 5] = ["preview", "queue", "skip", "pause", "resume"];

/// What the admin asked for; a reason is the free text after the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DailyAdminWords {
    Preview,
    Queue {
        question: String,
        reason: Option<String>,
    },
    Skip {
        reason: Option<String>,
    },
    /// Until the end of `until` (inclusive), or until resumed.
    Pause {
        until: Option<NaiveDate>,
        reason: Option<String>,
    },
    Resume {
        reason: Option<String>,
    },
}

/// Reads `words` after the subcommand `name`; `None` when `name` is not
/// one of `SUBCOMMANDS`. `prefix` is how commands are typed where the
/// words came from (`/prep`, `/daily`), for the usage in a refusal.
pub fn parse(name: &str, words: &[&str], prefix: &str) -> Option<Result<DailyAdminWords, String>> {
    let reason = |words: &[&str]| (!words.is_empty()).then(|| words.join(" "));
    let parsed = match name.to_ascii_lowercase().as_str() {
        "preview" => Ok(DailyAdminWords::Preview),
        "queue" => match words.split_first() {
            Some((question, rest)) => Ok(DailyAdminWords::Queue {
                question: (*question).to_owned(),
                reason: reason(rest),
            }),
            None => Err(format!(
                "Name the question to post next, for example {prefix} queue genai-018 (each question shows its id)."
            )),
        },
        "skip" => Ok(DailyAdminWords::Skip {
            reason: reason(words),
        }),
        "pause" => pause(words, prefix).map(|(until, rest)| DailyAdminWords::Pause {
            until,
            reason: reason(rest),
        }),
        "resume" => Ok(DailyAdminWords::Resume {
            reason: reason(words),
        }),
        _ => return None,
    };
    Some(parsed)
}

/// `[until] [YYYY-MM-DD] [reason…]`.
fn pause<'a, 'w>(
    words: &'a [&'w str],
    prefix: &str,
) -> Result<(Option<NaiveDate>, &'a [&'w str]), String> {
    let (said_until, rest) = match words.split_first() {
        Some((first, rest)) if first.eq_ignore_ascii_case("until") => (true, rest),
        _ => (false, words),
    };
    match rest.split_first() {
        Some((date, rest)) if said_until || looks_like_date(date) => {
            let date = parse_date(date).map_err(|problem| {
                format!("{problem} For example {prefix} pause until 2026-12-24.")
            })?;
            Ok((Some(date), rest))
        }
        None if said_until => Err(format!(
            "Say until when, for example {prefix} pause until 2026-12-24 (no post through that day)."
        )),
        _ => Ok((None, rest)),
    }
}

fn looks_like_date(word: &str) -> bool {
    word.contains('-') && word.chars().all(|c| c.is_ascii_digit() || c == '-')
}

/// A calendar date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        format!(
            "`{}` is not a date; write it as YYYY-MM-DD, such as 2026-12-24.",
            echo(text)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pause_takes_an_optional_until_date_and_a_reason() {
        assert_eq!(
            parse("pause", &[], "/prep"),
            Some(Ok(DailyAdminWords::Pause {
                until: None,
                reason: None
            }))
        );
        assert_eq!(
            parse("pause", &["2026-12-24"], "/prep"),
            Some(Ok(DailyAdminWords::Pause {
                until: NaiveDate::from_ymd_opt(2026, 12, 24),
                reason: None
            }))
        );
        assert_eq!(
            parse("pause", &["exam", "week"], "/prep"),
            Some(Ok(DailyAdminWords::Pause {
                until: None,
                reason: Some("exam week".to_owned())
            }))
        );
    }

    #[test]
    fn a_bad_date_or_a_missing_question_says_what_to_write() {
        let Some(Err(message)) = parse("pause", &["until", "2026-13-01"], "/prep") else {
            panic!("a month 13 parsed");
        };
        assert!(message.contains("`2026-13-01` is not a date"), "{message}");
        assert!(message.contains("YYYY-MM-DD"), "{message}");
        let Some(Err(message)) = parse("pause", &["until"], "/daily") else {
            panic!("until without a date parsed");
        };
        assert!(message.contains("/daily pause until"), "{message}");
        let Some(Err(message)) = parse("queue", &[], "/prep") else {
            panic!("a queue without a question parsed");
        };
        assert!(message.contains("/prep queue genai-018"), "{message}");
        assert_eq!(parse("status", &[], "/prep"), None);
    }
}
