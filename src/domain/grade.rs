//! How a member graded a card, where the card was shown, and how it asks.

use std::fmt;
use std::str::FromStr;

/// A self-grade, as in Anki: how well the member recalled the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grade {
    Again,
    Hard,
    Good,
    Easy,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Again => "again",
            Grade::Hard => "hard",
            Grade::Good => "good",
            Grade::Easy => "easy",
        }
    }

    /// Whether the member recalled the answer at all.
    pub fn recalled(self) -> bool {
        self != Grade::Again
    }
}

impl FromStr for Grade {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Grade::ALL
            .into_iter()
            .find(|grade| grade.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| format!("`{text}` is not a grade; use again, hard, good or easy"))
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a card was shown; each context earns points its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Daily,
    Quiz,
    Review,
}

impl Context {
    pub fn as_str(self) -> &'static str {
        match self {
            Context::Daily => "daily",
            Context::Quiz => "quiz",
            Context::Review => "review",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Context::Daily, Context::Quiz, Context::Review]
            .into_iter()
            .find(|c| c.as_str() == text)
    }
}

/// How a card asks: reveal and self-grade, or pick one of four options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    #[default]
    Flashcard,
    Choice,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Flashcard => "flashcard",
            Mode::Choice => "choice",
        }
    }
}

impl FromStr for Mode {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "flashcard" | "flash" | "card" => Ok(Mode::Flashcard),
            "choice" | "mc" | "multiple-choice" => Ok(Mode::Choice),
            _ => Err(format!("`{text}` is not a mode; use flashcard or choice")),
        }
    }
}
