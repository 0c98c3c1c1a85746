//! What a card showed. Each card keeps its question as the bank had it when
//! the card was issued, so after the bank is reloaded a card still reveals,
//! checks and grades against what the member saw, and a question removed
//! from the bank stays readable in their history. New cards take the new
//! text.

use serde::{Deserialize, Serialize};

use crate::domain::{Difficulty, Question, QuestionId, TopicId, WrittenOptions};

/// The question as shown, kept as JSON on the card.
#[derive(Debug, Serialize, Deserialize)]
struct Shown {
    topic: String,
    difficulty: String,
    question: String,
    answer: String,
    key_points: Vec<String>,
    #[serde(default)]
    example: Option<String>,
    #[serde(default)]
    right_option: Option<String>,
    #[serde(default)]
    wrong_options: Option<[String; 3]>,
}

/// How the bank's question compares with what a card showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// The bank still says what the card showed (or the card is older than
    /// this record and follows the bank).
    Unchanged,
    /// The bank's text has changed since the card was issued.
    Changed,
    /// The question is no longer in the bank.
    Removed,
}

/// `question` as a card keeps it.
pub fn shown_text(question: &Question) -> String {
    let shown = Shown {
        topic: question.topic.to_string(),
        difficulty: question.difficulty.to_string(),
        question: question.question.clone(),
        answer: question.answer.clone(),
        key_points: question.key_points.clone(),
        example: question.example.clone(),
        right_option: question.options.as_ref().map(|o| o.right.clone()),
        wrong_options: question.options.as_ref().map(|o| o.wrong.clone()),
    };
    serde_json::to_string(&shown).unwrap_or_default()
}

/// The question a card stands for: what it showed when that was kept,
/// else the bank's `current` question; `None` when neither is there.
pub fn as_shown(
    current: Option<Question>,
    shown: Option<&str>,
    id: &QuestionId,
) -> Option<Question> {
    let shown: Option<Shown> = shown.and_then(|text| serde_json::from_str(text).ok());
    let Some(shown) = shown else {
        return current;
    };
    let options = match (shown.right_option, shown.wrong_options) {
        (Some(right), Some(wrong)) => Some(WrittenOptions { right, wrong }),
        _ => None,
    };
    let base = current.unwrap_or_else(|| Question {
        id: id.clone(),
        topic: TopicId::parse(&shown.topic).unwrap_or_else(|_| unknown_topic()),
        difficulty: shown.difficulty.parse().unwrap_or(Difficulty::Medium),
        question: String::new(),
        answer: String::new(),
        key_points: Vec::new(),
        tags: Vec::new(),
        example: None,
        source: None,
        options: None,
    });
    Some(Question {
        question: shown.question,
        answer: shown.answer,
        key_points: shown.key_points,
        example: shown.example,
        options: options.or(base.options.clone()),
        ..base
    })
}

/// A topic id that parses, for a removed question whose kept topic does not.
fn unknown_topic() -> TopicId {
    TopicId::parse("retired").expect("`retired` is a valid topic id")
}

/// How the bank's `current` question compares with the card's `shown` one.
pub fn since(current: Option<&Question>, shown: &Question) -> Since {
    match current {
        None => Since::Removed,
        Some(now)
            if now.question == shown.question
                && now.answer == shown.answer
                && now.key_points == shown.key_points =>
        {
            Since::Unchanged
        }
        Some(_) => Since::Changed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(answer: &str) -> Question {
        Question {
            id: QuestionId::parse("genai-018").unwrap(),
            topic: TopicId::parse("transformers").unwrap(),
            difficulty: Difficulty::Medium,
            question: "What is self-attention?".into(),
            answer: answer.into(),
            key_points: vec!["input attends to itself".into(), "QKV".into()],
            tags: Vec::new(),
            example: None,
            source: None,
            options: None,
        }
    }

    #[test]
    fn a_card_keeps_the_text_it_showed_after_the_bank_changes() {
        let old = question("The old answer.");
        let kept = shown_text(&old);
        let now = question("The new answer.");
        let seen = as_shown(Some(now.clone()), Some(&kept), &old.id).unwrap();
        assert_eq!(seen.answer, "The old answer.");
        assert_eq!(since(Some(&now), &seen), Since::Changed);
        assert_eq!(since(Some(&old), &seen), Since::Unchanged);
    }

    #[test]
    fn a_removed_question_is_rebuilt_from_what_the_card_showed() {
        let old = question("Kept.");
        let kept = shown_text(&old);
        let seen = as_shown(None, Some(&kept), &old.id).unwrap();
        assert_eq!(seen, old);
        assert_eq!(since(None, &seen), Since::Removed);
        assert_eq!(as_shown(None, None, &old.id), None);
    }
}
