//! Why a member reports a question, and the words of a report as typed.
//! Reasons are a closed list so that maintainers can sort and count them.
//!
//! ```
//! use prepbot::domain::report::{ReportReason, parse_report_words};
//! assert_eq!("Outdated".parse::<ReportReason>(), Ok(ReportReason::Outdated));
//! let words = parse_report_words("genai-018 wrong says O(n) not O(n²)", "/report").unwrap();
//! assert_eq!(words.question.as_deref(), Some("genai-018"));
//! assert_eq!(words.reason, ReportReason::Wrong);
//! assert_eq!(words.text.as_deref(), Some("says O(n) not O(n²)"));
//! ```

use std::fmt;
use std::str::FromStr;

use super::QuestionId;

/// The longest note a member may add to a report, or an admin to closing one.
pub const MAX_REPORT_TEXT_CHARS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportReason {
    Wrong,
    Unclear,
    Outdated,
    Duplicate,
    Other,
}

impl ReportReason {
    pub const ALL: [ReportReason; 5] = [
        ReportReason::Wrong,
        ReportReason::Unclear,
        ReportReason::Outdated,
        ReportReason::Duplicate,
        ReportReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportReason::Wrong => "wrong",
            ReportReason::Unclear => "unclear",
            ReportReason::Outdated => "outdated",
            ReportReason::Duplicate => "duplicate",
            ReportReason::Other => "other",
        }
    }
}

impl FromStr for ReportReason {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ReportReason::ALL
            .into_iter()
            .find(|reason| reason.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| {
                format!(
                    "`{}` is not a reason to report a question; use wrong, unclear, outdated, duplicate or other.",
                    super::text::echo(text)
                )
            })
    }
}

impl fmt::Display for ReportReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `/report [question-id] <reason> [text]` after the command word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportWords {
    /// `None`: the member's current card.
    pub question: Option<String>,
    pub reason: ReportReason,
    pub text: Option<String>,
}

/// Reads the words after `report`: an optional question id, a reason, then
/// free text. The message on failure says which word is wrong and how the
/// command is written.
/// `command` is how the front-end's members type it (`/report`, `/prep
/// report`), for the example in the message.
pub fn parse_report_words(args: &str, command: &str) -> Result<ReportWords, String> {
    let usage = format!(
        "Write it as {command} [question id] <reason> [what is wrong], for example: {command} genai-018 outdated the context sizes are from 2023"
    );
    let mut words = args.split_whitespace();
    let Some(first) = words.next() else {
        return Err(format!("Say why you report the question. {usage}"));
    };
    let (question, reason_word) = if first.parse::<ReportReason>().is_ok() {
        (None, first)
    } else if looks_like_question_id(first) {
        match words.next() {
            Some(reason) => (Some(first.to_ascii_lowercase()), reason),
            None => {
                return Err(format!(
                    "Say why you report {}: wrong, unclear, outdated, duplicate or other. {usage}",
                    super::text::echo(first)
                ));
            }
        }
    } else {
        (None, first)
    };
    let reason = reason_word
        .parse::<ReportReason>()
        .map_err(|message| format!("{message} {usage}"))?;
    let text = words.collect::<Vec<_>>().join(" ");
    Ok(ReportWords {
        question,
        reason,
        text: (!text.is_empty()).then_some(text),
    })
}

/// `genai-018`: a question id ends in a dash and a number, which no reason
/// does.
pub fn looks_like_question_id(word: &str) -> bool {
    QuestionId::parse(&word.to_ascii_lowercase()).is_ok()
        && word
            .rsplit_once('-')
            .is_some_and(|(_, n)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// A member's or an admin's note as stored: one line, no control or
/// invisible characters, white space collapsed. `None` when nothing is left;
/// `Err` with the length when it is over `MAX_REPORT_TEXT_CHARS`.
pub fn clean_note(raw: Option<&str>) -> Result<Option<String>, usize> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let visible: String = super::text::strip_controls(raw)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let chars = visible.chars().count();
    if chars > MAX_REPORT_TEXT_CHARS {
        return Err(chars);
    }
    Ok((!visible.is_empty()).then_some(visible))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_reason_names_the_word_and_the_reasons_there_are() {
        let message = parse_report_words("genai-018 wromg", "/report").unwrap_err();
        assert!(message.starts_with("`wromg` is not a reason to report a question; use wrong, unclear, outdated, duplicate or other."), "{message}");
    }

    #[test]
    fn the_reason_may_come_first_for_the_current_card() {
        let words = parse_report_words("unclear", "/report").unwrap();
        assert_eq!(words.question, None);
        assert_eq!(words.reason, ReportReason::Unclear);
        assert_eq!(words.text, None);
    }

    #[test]
    fn a_note_is_one_clean_line_and_bounded() {
        assert_eq!(
            clean_note(Some(" a\u{1b}[2J\n  b\u{202E} ")),
            Ok(Some("a[2J b".to_owned()))
        );
        assert_eq!(clean_note(Some("  ")), Ok(None));
        assert_eq!(clean_note(Some(&"x".repeat(501))), Err(501));
    }
}
