//! A question of the bank: its stable id, difficulty, model answer and the
//! key points a good spoken answer covers.

use std::fmt;
use std::str::FromStr;

use super::slug::slug_problem;
use super::topic::TopicId;

/// How the ids of a workspace's own questions begin (`ws-1`); bank ids
/// never do, so the two cannot collide.
pub const WORKSPACE_ID_PREFIX: &str = "ws-";

/// A question's stable id, such as `genai-016`. Once shipped it never changes
/// and is never reused, because attempts and review cards point at it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuestionId(String);

impl QuestionId {
    pub fn parse(text: &str) -> Result<Self, String> {
        match slug_problem(text) {
            None => Ok(Self(text.to_owned())),
            Some(problem) => Err(format!("question id `{text}` {problem} (like `genai-016`)")),
        }
    }

    /// The id of a workspace's question number `number`: `ws-3`.
    pub fn workspace(number: i64) -> Self {
        Self(format!("{WORKSPACE_ID_PREFIX}{number}"))
    }

    /// Whether this is a workspace's own question rather than the bank's.
    pub fn is_workspace(&self) -> bool {
        self.0.starts_with(WORKSPACE_ID_PREFIX)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for QuestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How hard a question is for someone preparing for interviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

impl FromStr for Difficulty {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Difficulty::ALL
            .into_iter()
            .find(|difficulty| difficulty.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| format!("difficulty `{text}` is not one of easy, medium, hard"))
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a question's text comes from: the seed list prepbot started from,
/// or written for prepbot itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionSource {
    Seed,
    Prepbot,
}

impl FromStr for QuestionSource {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "seed" => Ok(QuestionSource::Seed),
            "prepbot" => Ok(QuestionSource::Prepbot),
            other => Err(format!("source `{other}` is not one of seed, prepbot")),
        }
    }
}

/// One interview question, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: QuestionId,
    pub topic: TopicId,
    pub difficulty: Difficulty,
    pub question: String,
    /// The brief model answer, in markdown.
    pub answer: String,
    /// Two to five short phrases a good answer covers.
    pub key_points: Vec<String>,
    pub tags: Vec<String>,
    pub example: Option<String>,
    pub source: Option<QuestionSource>,
    /// The options a choice card shows, written for this question; `None`
    /// when the bank gives none (choice cards then borrow other answers).
    pub options: Option<WrittenOptions>,
}

/// A choice card's options as the bank writes them: the right answer in one
/// sentence, and three wrong ones that are misconceptions an interviewer
/// really hears, alike in length and style so form gives nothing away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenOptions {
    pub right: String,
    pub wrong: [String; 3],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difficulty_parses_its_three_names_in_any_case() {
        assert_eq!("easy".parse(), Ok(Difficulty::Easy));
        assert_eq!("Hard".parse(), Ok(Difficulty::Hard));
        assert_eq!(
            "expert".parse::<Difficulty>(),
            Err("difficulty `expert` is not one of easy, medium, hard".to_owned())
        );
    }

    #[test]
    fn a_question_id_must_be_a_slug() {
        assert_eq!(
            QuestionId::parse("genai-016").unwrap().as_str(),
            "genai-016"
        );
        let error = QuestionId::parse("GenAI 16").unwrap_err();
        assert!(
            error.starts_with("question id `GenAI 16` must be"),
            "{error}"
        );
    }
}
