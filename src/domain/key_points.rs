//! Which key points a typed answer covers, by stemmed word overlap.
//!
//! Both texts are lowercased, split into words, stripped of common words and
//! stemmed ("tokens" and "tokenization" meet at "token"). A key point is
//! covered when at least half of its words appear in the answer. No network,
//! no model: it is a study aid, and it says so in how results are worded.

use std::collections::HashSet;

use rust_stemmers::{Algorithm, Stemmer};

/// Share of a key point's words that must appear in the answer.
const COVERED_SHARE: f64 = 0.5;

/// Words that carry no meaning of their own in a key point.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "has",
    "have", "how", "in", "into", "is", "it", "its", "of", "on", "one", "or", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "too", "via",
    "was", "we", "what", "when", "which", "while", "with", "without", "you", "your",
];

/// A key point and whether the answer covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPointMatch {
    pub key_point: String,
    pub covered: bool,
}

/// Checks `answer` against each key point, in order.
pub fn match_key_points(answer: &str, key_points: &[String]) -> Vec<KeyPointMatch> {
    let stemmer = Stemmer::create(Algorithm::English);
    let answered: HashSet<String> = content_words(answer, &stemmer).collect();
    key_points
        .iter()
        .map(|point| {
            let words: HashSet<String> = content_words(point, &stemmer).collect();
            let found = words.iter().filter(|word| answered.contains(*word)).count();
            let covered = !words.is_empty() && found as f64 >= COVERED_SHARE * words.len() as f64;
            KeyPointMatch {
                key_point: point.clone(),
                covered,
            }
        })
        .collect()
}

fn content_words<'a>(text: &'a str, stemmer: &'a Stemmer) -> impl Iterator<Item = String> + 'a {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .filter(|word| !STOPWORDS.contains(&word.as_str()))
        .map(|word| stemmer.stem(&word).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    #[test]
    fn word_forms_match_through_stemming() {
        let found = match_key_points(
            "It splits text into tokens using subword methods like BPE.",
            &points(&[
                "splitting text into tokens",
                "BPE or WordPiece",
                "affects cost and context limits",
            ]),
        );
        let covered: Vec<bool> = found.iter().map(|m| m.covered).collect();
        assert_eq!(covered, [true, true, false]);
    }

    #[test]
    fn an_empty_answer_covers_nothing() {
        let found = match_key_points("", &points(&["self-attention", "parallel processing"]));
        assert!(found.iter().all(|m| !m.covered));
    }
}
