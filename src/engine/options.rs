//! A choice card's options as a card stores them: each option is either one
//! of the question's own written options (`#0` is the right one, `#1` to
//! `#3` the wrong ones) or, for a question the bank gives no written
//! options, another question whose brief answer stands in as a wrong option
//! (its id, as cards stored them before written options existed).
//!
//! ```text
//! choice_options = "#2,#0,#3,#1"                              written
//! choice_options = "genai-017,genai-016,genai-030,genai-021"  borrowed
//! ```

use crate::domain::brief::brief;
use crate::domain::{Question, QuestionId};

/// One option of a choice card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionRef {
    /// Index into the question's written options: 0 right, 1 to 3 wrong.
    Written(usize),
    /// A question whose brief answer is the option; the card's own question
    /// is the right one.
    Borrowed(QuestionId),
}

/// Why a stored option cannot be shown (the bank changed since the card was
/// issued).
#[derive(Debug, PartialEq, Eq)]
pub struct Unavailable;

impl OptionRef {
    pub fn parse(text: &str) -> Result<Self, Unavailable> {
        match text.strip_prefix('#') {
            Some(index) => match index.parse::<usize>() {
                Ok(index) if index <= 3 => Ok(OptionRef::Written(index)),
                _ => Err(Unavailable),
            },
            None => QuestionId::parse(text)
                .map(OptionRef::Borrowed)
                .map_err(|_| Unavailable),
        }
    }

    pub fn encode(&self) -> String {
        match self {
            OptionRef::Written(index) => format!("#{index}"),
            OptionRef::Borrowed(id) => id.to_string(),
        }
    }

    /// Whether this is the right option for `question`.
    pub fn is_right(&self, question: &Question) -> bool {
        match self {
            OptionRef::Written(index) => *index == 0,
            OptionRef::Borrowed(id) => *id == question.id,
        }
    }

    /// The option's text; `lookup` finds a borrowed question in the bank.
    pub fn text<'a>(
        &self,
        question: &Question,
        lookup: impl Fn(&QuestionId) -> Option<&'a Question>,
    ) -> Result<String, Unavailable> {
        match self {
            OptionRef::Written(index) => {
                let written = question.options.as_ref();
                match (written, *index) {
                    (Some(options), 0) => Ok(options.right.clone()),
                    (Some(options), index) => Ok(options.wrong[index - 1].clone()),
                    // The bank dropped the written options since: the
                    // model answer still says what is right.
                    (None, 0) => Ok(brief(&question.answer)),
                    (None, _) => Err(Unavailable),
                }
            }
            OptionRef::Borrowed(id) => lookup(id).map(|q| brief(&q.answer)).ok_or(Unavailable),
        }
    }
}

/// Parses a card's stored options.
pub fn parse_all(stored: &str) -> Result<Vec<OptionRef>, Unavailable> {
    stored.split(',').map(OptionRef::parse).collect()
}

/// Stores options as a card keeps them.
pub fn encode_all(options: &[OptionRef]) -> String {
    options
        .iter()
        .map(OptionRef::encode)
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_and_borrowed_options_read_back_as_stored() {
        let stored = "#2,#0,genai-017,#1";
        let options = parse_all(stored).unwrap();
        assert_eq!(options[1], OptionRef::Written(0));
        assert_eq!(
            options[2],
            OptionRef::Borrowed(QuestionId::parse("genai-017").unwrap())
        );
        assert_eq!(encode_all(&options), stored);
    }

    #[test]
    fn an_option_index_past_three_or_junk_is_unavailable() {
        assert_eq!(OptionRef::parse("#4"), Err(Unavailable));
        assert_eq!(OptionRef::parse("#-1"), Err(Unavailable));
        assert_eq!(OptionRef::parse("Not An Id"), Err(Unavailable));
    }
}
