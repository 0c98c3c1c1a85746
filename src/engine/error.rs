//! Errors for two audiences: a `UserError` is shown as written; anything
//! else is an internal fault, logged with its causes while the person sees
//! a short apology with an id to quote.

use crate::domain::Difficulty;

/// Something the person asked for that cannot be done, and what to do
/// instead. Front-ends show the message as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    #[error("No topic `{typed}`.{}", suggestion_text(.suggestion))]
    UnknownTopic {
        typed: String,
        suggestion: Option<String>,
    },
    #[error("There are no{} questions{}.{}", difficulty_text(.difficulty), topic_text(.topic), offer_text(.available))]
    NoQuestions {
        topic: Option<String>,
        difficulty: Option<Difficulty>,
        available: Vec<Difficulty>,
    },
    #[error(
        "There is no question `{typed}`; question ids look like genai-016 (each question shows its id)."
    )]
    UnknownQuestion { typed: String },
    #[error("That card is not one of yours to use here; draw a new one with /quiz.")]
    UnknownCard,
    #[error("That question is no longer in the bank; draw a new one with /quiz.")]
    RetiredQuestion,
    #[error("Your answer is {chars} characters long; keep it to {max} or fewer.")]
    AnswerTooLong { chars: usize, max: usize },
    #[error("Your answer is empty; write what you would say in the interview.")]
    EmptyAnswer,
    #[error("This card has no options to pick from; grade it with again, hard, good or easy.")]
    NotAChoiceCard,
    #[error("Pick one of the options {options}.")]
    NoSuchOption { options: String },
    #[error("{0}")]
    BadTimezone(String),
    #[error("{0}")]
    BadSchedule(String),
    #[error("{0}")]
    BadInterviewDate(String),
    #[error(
        "Set your interview date first, such as `/settings interview 2027-01-15`; cramming reviews questions ahead of schedule before that date."
    )]
    NoInterviewToCram,
    #[error("A reveal {minutes} minutes after the post is too late; use at most {max} (a day).")]
    RevealTooLate { minutes: u32, max: u32 },
    #[error("Name the channel for the daily question.")]
    NoChannel,
    #[error(
        "Your change of time zone to {zone} is already waiting to take effect at {at} ({zone} time); you can change it again after that."
    )]
    ZoneChangeWaiting { zone: String, at: String },
    #[error(
        "There is no question in front of you to report; name one, for example: /report genai-018 wrong"
    )]
    NothingToReport,
    #[error("Your note is {chars} characters long; keep it to {max} or fewer.")]
    NoteTooLong { chars: usize, max: usize },
    #[error("There is no report {id} here; the list of open reports shows their numbers.")]
    UnknownReport { id: i64 },
    #[error("Report {id} is already closed ({by}, {at}).")]
    ReportAlreadyClosed { id: i64, by: String, at: String },
    #[error("That question cannot be added:\n{}", problems.iter().map(|p| format!("- {p}")).collect::<Vec<_>>().join("\n"))]
    InvalidQuestion { problems: Vec<String> },
    #[error(
        "There is no question ws-{number} here; the list of pending questions shows their numbers."
    )]
    UnknownWorkspaceQuestion { number: i64 },
    #[error("Question {id} is already {status}.")]
    QuestionAlreadyDecided { id: String, status: String },
    #[error(transparent)]
    DailyAdmin(#[from] super::daily_admin::DailyAdminRefusal),
    #[error("{member} has no practice recorded here, so there is no streak to show or restore.")]
    NoStreakHere { member: String },
    #[error("{}", crate::wording::restore_refused(.member, .refusal))]
    StreakNotRestored {
        member: String,
        refusal: crate::domain::streak_story::Refusal,
    },
}

fn suggestion_text(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(name) => format!(" Did you mean `{name}`?"),
        None => " Type /topics to see them all.".to_owned(),
    }
}

fn difficulty_text(difficulty: &Option<Difficulty>) -> String {
    difficulty.map(|d| format!(" {d}")).unwrap_or_default()
}

fn offer_text(available: &[Difficulty]) -> String {
    let names: Vec<&str> = available.iter().map(|d| d.as_str()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => format!(" Try {one} ones."),
        [rest @ .., last] => format!(" Try {} or {last} ones.", rest.join(", ")),
    }
}

fn topic_text(topic: &Option<String>) -> String {
    topic
        .as_ref()
        .map(|t| format!(" in `{t}`"))
        .unwrap_or_default()
}

/// What an engine call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    User(#[from] UserError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl EngineError {
    /// What a person reads: a user error as written; an internal fault is
    /// logged with its causes and shown as an apology quoting its log id.
    /// `surface` says in the log where it happened ("console", "Discord").
    pub fn message_for_people(self, surface: &str) -> String {
        match self {
            EngineError::User(error) => error.to_string(),
            EngineError::Internal(error) => apology(&error, surface),
        }
    }
}

/// Logs a fault under a short random id and returns the apology that quotes
/// it, so a report from a member can be matched to the log line.
pub fn apology(error: &anyhow::Error, surface: &str) -> String {
    let id = format!("{:08x}", rand::random::<u32>());
    tracing::error!(error_id = %id, surface, error = format!("{error:#}"), "a request failed");
    format!(
        "Sorry, something went wrong on our side (error {id}). It is in the log; please try again."
    )
}
