//! A topic of the bank (`transformers`, `llms`, ...) and its display name,
//! description and aliases.

use std::fmt;

use super::slug::slug_problem;

/// A topic's id, such as `transformers`; the name of its bank file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TopicId(String);

impl TopicId {
    pub fn parse(text: &str) -> Result<Self, String> {
        match slug_problem(text) {
            None => Ok(Self(text.to_owned())),
            Some(problem) => Err(format!(
                "topic id `{text}` {problem} (like `image-generation`)"
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TopicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A topic, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub id: TopicId,
    /// The name shown to people, such as "Transformer Architecture".
    pub name: String,
    pub description: String,
    /// Other slugs that find this topic: `attention` finds `transformers`.
    pub aliases: Vec<String>,
}
