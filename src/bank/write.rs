//! Bank files written by prepbot itself: a workspace's questions exported
//! for upstream (`prepbot bank export`), and a submitted question rendered
//! as a one-question bank file so the bank's own validator judges it, with
//! the very messages a bank author would read.
//!
//! ```
//! # use prepbot::bank::{Draft, QuestionBank, check_draft};
//! let bank = QuestionBank::load("questions".as_ref()).expect("a valid bank");
//! let draft = Draft {
//!     topic: "transformers".into(),
//!     difficulty: "easy".into(),
//!     question: "What does a causal mask hide?".into(),
//!     answer: "Later positions, so a token attends only to earlier ones.".into(),
//!     key_points: vec!["later positions".into(), "earlier tokens only".into()],
//! };
//! let question = check_draft(&bank, &draft, "local-001").expect("valid");
//! assert_eq!(question.topic.as_str(), "transformers");
//! ```

use std::fmt::Write as _;

use super::QuestionBank;
use super::validate::{SourceFile, validate};
use crate::domain::{Question, Topic};

/// A question as a person typed it, not yet checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// A topic id, alias or name of the bank.
    pub topic: String,
    pub difficulty: String,
    pub question: String,
    pub answer: String,
    pub key_points: Vec<String>,
}

impl Draft {
    /// The draft without control characters (a NUL, a terminal escape) or
    /// invisible ones (zero-width spaces, direction overrides): a workspace
    /// question is read by every member, so it holds only what they can see.
    pub fn cleaned(&self) -> Draft {
        let clean = crate::domain::text::strip_controls;
        Draft {
            topic: clean(&self.topic),
            difficulty: clean(&self.difficulty),
            question: clean(&self.question),
            answer: clean(&self.answer),
            key_points: self.key_points.iter().map(|point| clean(point)).collect(),
        }
    }

    /// Key points typed one per line in a form, bullets allowed.
    pub fn key_points_from_lines(text: &str) -> Vec<String> {
        text.lines()
            .map(|line| line.trim().trim_start_matches(['-', '*', '•']).trim())
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// One fault of a draft: the field it is in (when known) and the bank's
/// own message for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftError {
    pub field: Option<&'static str>,
    pub message: String,
}

/// The line of each question field in a file `bank_file` writes for one
/// question (the topic table takes lines 1 to 5, a blank line, then
/// `[[questions]]` on 7), so a fault's line names its field.
const FIELD_LINES: [(usize, &str); 5] = [
    (9, "difficulty"),
    (10, "question"),
    (11, "answer"),
    (12, "key_points"),
    (8, "id"),
];

/// Checks `draft` by the bank's rules, as question `id` of the bank topic
/// it names. The topic must be one of the bank's.
pub fn check_draft(
    bank: &QuestionBank,
    draft: &Draft,
    id: &str,
) -> Result<Question, Vec<DraftError>> {
    let draft = &draft.cleaned();
    let Some(topic) = bank.find_topic(&draft.topic) else {
        let known: Vec<&str> = bank.topics().iter().map(|t| t.id.as_str()).collect();
        return Err(vec![DraftError {
            field: Some("topic"),
            message: format!(
                "unknown topic `{}`; a question joins one of the bank's topics: {}",
                crate::domain::text::echo(&draft.topic),
                known.join(", ")
            ),
        }]);
    };
    let mut text = topic_table(topic);
    text += &question_table(
        id,
        &draft.difficulty,
        &draft.question,
        &draft.answer,
        &draft.key_points,
    );
    let file = SourceFile {
        path: format!("{}.toml", topic.id),
        text,
    };
    match validate(std::slice::from_ref(&file)) {
        Ok(mut validated) if validated.questions.len() == 1 => Ok(validated.questions.remove(0)),
        Ok(_) => Err(vec![DraftError {
            field: None,
            message: "the question could not be read back".to_owned(),
        }]),
        Err(errors) => Err(errors
            .0
            .into_iter()
            .map(|error| DraftError {
                field: error.position.and_then(|(line, _)| {
                    FIELD_LINES
                        .iter()
                        .find(|(at, _)| *at == line)
                        .map(|(_, name)| *name)
                }),
                message: error.message,
            })
            .collect()),
    }
}

/// A bank file for `topic` holding `questions`, as `prepbot bank check`
/// reads it.
pub fn bank_file(topic: &Topic, questions: &[Question]) -> String {
    let mut text = topic_table(topic);
    for question in questions {
        text += "\n";
        text += &question_table(
            question.id.as_str(),
            question.difficulty.as_str(),
            &question.question,
            &question.answer,
            &question.key_points,
        );
    }
    text
}

fn topic_table(topic: &Topic) -> String {
    let aliases: Vec<String> = topic.aliases.iter().map(|a| quoted(a)).collect();
    format!(
        "[topic]\nid = {}\nname = {}\ndescription = {}\naliases = [{}]\n",
        quoted(topic.id.as_str()),
        quoted(&topic.name),
        quoted(&topic.description),
        aliases.join(", ")
    )
}

/// One `[[questions]]` table, each field on one line (see `FIELD_LINES`).
fn question_table(
    id: &str,
    difficulty: &str,
    question: &str,
    answer: &str,
    key_points: &[String],
) -> String {
    let points: Vec<String> = key_points.iter().map(|p| quoted(p)).collect();
    let mut text = String::from("\n[[questions]]\n");
    let _ = writeln!(text, "id = {}", quoted(id));
    let _ = writeln!(text, "difficulty = {}", quoted(difficulty));
    let _ = writeln!(text, "question = {}", quoted(question));
    let _ = writeln!(text, "answer = {}", quoted(answer));
    let _ = writeln!(text, "key_points = [{}]", points.join(", "));
    text
}

/// A TOML basic string on one line: newlines and other control characters
/// escaped, so each field keeps its line.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bank() -> QuestionBank {
        QuestionBank::load(concat!(env!("CARGO_MANIFEST_DIR"), "/questions").as_ref())
            .expect("the shipped bank")
    }

    fn draft() -> Draft {
        Draft {
            topic: "transformers".into(),
            difficulty: "medium".into(),
            question: "Why scale \"dot products\"\nby the root of d?".into(),
            answer: "Large dot products push softmax into flat regions.".into(),
            key_points: vec!["softmax saturates".into(), "gradients vanish".into()],
        }
    }

    #[test]
    fn a_good_draft_becomes_a_question_of_its_topic() {
        let question = check_draft(&bank(), &draft(), "local-001").unwrap();
        assert_eq!(question.id.as_str(), "local-001");
        assert!(question.question.contains('\n'));
    }

    #[test]
    fn a_fault_names_its_field_with_the_banks_message() {
        let mut draft = draft();
        draft.key_points.truncate(1);
        draft.difficulty = "expert".into();
        let errors = check_draft(&bank(), &draft, "local-001").unwrap_err();
        assert_eq!(errors[0].field, Some("difficulty"));
        assert_eq!(
            errors[0].message,
            "difficulty `expert` is not one of easy, medium, hard"
        );
        assert_eq!(errors[1].field, Some("key_points"));
        assert!(errors[1].message.contains("a question needs 2 to 5"));
    }

    #[test]
    fn an_unknown_topic_lists_the_banks_topics() {
        let mut draft = draft();
        draft.topic = "cooking".into();
        let errors = check_draft(&bank(), &draft, "local-001").unwrap_err();
        assert_eq!(errors[0].field, Some("topic"));
        assert!(errors[0].message.contains("transformers"), "{errors:?}");
    }

    #[test]
    fn the_bank_refuses_a_workspace_id() {
        let errors = check_draft(&bank(), &draft(), "ws-1").unwrap_err();
        assert_eq!(errors[0].field, Some("id"));
        assert!(errors[0].message.contains("kept for workspaces"));
    }
}
