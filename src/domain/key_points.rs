//! Which key points a typed answer covers: the built-in checker, which needs
//! no network and no model.
//!
//! Both texts go through the same steps:
//!
//! 1. **Normalise**: Unicode superscripts and math (`QKᵀ`, `√d_k`, `σ`)
//!    become plain words, case and punctuation go, hyphens split words,
//!    and "doesn't" becomes "does not".
//! 2. **Synonyms**: phrases the bank's vocabulary names as the same
//!    ("KV cache", "key-value cache") become one token.
//! 3. **Words**: common words are dropped and the rest stemmed
//!    ("tokens" and "tokenization" meet at "token"); a word also matches
//!    one spelt one letter differently ("attension").
//!
//! A key point is covered when a third of its words appear in the answer,
//! in any order, and not in a clause the answer negates ("attention is not
//! used"), unless the key point is itself a negation ("no parameter
//! updates"). It is a study aid and says so in how results are worded.
//!
//! ```
//! use prepbot::domain::key_points::Checker;
//! let checker = Checker::new(&[vec!["kv cache".into(), "key value cache".into()]]);
//! let found = checker.check(
//!     "It keeps a key-value cache so old tokens are not recomputed.",
//!     &["KV cache".to_owned(), "attention is quadratic".to_owned()],
//! );
//! assert!(found[0].covered && !found[1].covered);
//! ```

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

/// Share of a key point's words that must appear in the answer: one in
/// three, the best trade-off on the labelled answers' tuning part (a half
/// missed most paraphrases; a quarter let wrong answers through).
const COVERED_SHARE: f64 = 0.3;

/// Words that carry no meaning of their own in a key point.
const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "can",
    "do",
    "does",
    "for",
    "from",
    "has",
    "have",
    "how",
    "in",
    "into",
    "is",
    "it",
    "its",
    "of",
    "on",
    "one",
    "or",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "to",
    "too",
    "via",
    "was",
    "we",
    "what",
    "when",
    "which",
    "while",
    "with",
    "you",
    "your",
    "i",
    "so",
    "if",
    "but",
    "just",
    "also",
    "very",
    "really",
    "basically",
    "like",
    "some",
    "each",
    "any",
    "all",
    "would",
    "will",
    "get",
    "gets",
    "got",
    "uses",
    "use",
    "used",
    "using",
];

/// Words that negate what follows them in the same clause.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "without", "cannot", "neither", "nor", "none", "nothing", "isnt",
];

/// Words that end a negated clause early ("not X but Y": Y is affirmed).
const CLAUSE_BREAKS: &[&str] = &["but", "however", "instead", "rather", "whereas", "although"];

/// Shortest word length for which one letter of difference still matches.
const FUZZY_MIN_CHARS: usize = 4;

/// Shortest start of a word that counts as the word ("concat").
const PREFIX_MIN_CHARS: usize = 5;

/// A key point and whether the answer covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPointMatch {
    pub key_point: String,
    pub covered: bool,
    /// The words of the answer that show it, when a judge quoted them.
    pub evidence: Option<String>,
}

/// The built-in checker, with the bank's vocabulary of synonyms.
pub struct Checker {
    stemmer: Stemmer,
    /// Synonym phrases by their first word, as normalised word sequences,
    /// longest first, each with the token that stands for its group.
    phrases: HashMap<String, Vec<(Vec<String>, String)>>,
}

impl Default for Checker {
    fn default() -> Self {
        Self::new(&[])
    }
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker")
            .field("phrases", &self.phrases.len())
            .finish()
    }
}

/// One word of a text after normalising: its stem, and whether a negation
/// earlier in its clause covers it.
#[derive(Debug, Clone)]
struct Word {
    stem: String,
    negated: bool,
}

impl Checker {
    /// A checker whose groups of phrases count as the same word, such as
    /// `["kv cache", "key value cache"]`.
    pub fn new(groups: &[Vec<String>]) -> Self {
        let mut phrases: HashMap<String, Vec<(Vec<String>, String)>> = HashMap::new();
        for (index, group) in groups.iter().enumerate() {
            let token = format!("syn{index}");
            for phrase in group {
                let words = raw_words(&normalise(phrase));
                if let Some(first) = words.first() {
                    phrases
                        .entry(first.clone())
                        .or_default()
                        .push((words, token.clone()));
                }
            }
        }
        for candidates in phrases.values_mut() {
            candidates.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        }
        Self {
            stemmer: Stemmer::create(Algorithm::English),
            phrases,
        }
    }

    /// Checks `answer` against each key point, in order.
    pub fn check(&self, answer: &str, key_points: &[String]) -> Vec<KeyPointMatch> {
        let answered = self.words(answer);
        let mut affirmed: HashMap<&str, ()> = HashMap::new();
        let mut anywhere: HashMap<&str, ()> = HashMap::new();
        for word in &answered {
            anywhere.insert(&word.stem, ());
            if !word.negated {
                affirmed.insert(&word.stem, ());
            }
        }
        key_points
            .iter()
            .map(|point| {
                let words = self.words(point);
                // A point that holds a negation ("no retraining") leaves its
                // words marked negated.
                let point_negates = words.iter().any(|w| w.negated);
                let mut stems: Vec<&str> = words.iter().map(|w| w.stem.as_str()).collect();
                stems.sort_unstable();
                stems.dedup();
                let found_in = |pool: &HashMap<&str, ()>, stem: &str| {
                    pool.contains_key(stem) || fuzzy_in(stem, pool.keys())
                };
                // A key point that is itself a negation is met by the
                // answer's negations too; otherwise words the answer only
                // ever denies ("attention is not used in transformers")
                // count against it.
                // Each stem looked up once: (affirmed somewhere, anywhere).
                let seen: Vec<(bool, bool)> = stems
                    .iter()
                    .map(|stem| {
                        let affirmed = found_in(&affirmed, stem);
                        (affirmed, affirmed || found_in(&anywhere, stem))
                    })
                    .collect();
                let found = seen
                    .iter()
                    .filter(
                        |(affirmed, anywhere)| if point_negates { *anywhere } else { *affirmed },
                    )
                    .count();
                // Words the answer mentions only under a negation: when they
                // are as many as those it affirms, the answer denies the point.
                let only_denied = seen
                    .iter()
                    .filter(|(affirmed, anywhere)| !affirmed && *anywhere)
                    .count();
                let denied = !point_negates && only_denied > 0 && only_denied >= found;
                let covered = !denied
                    && !stems.is_empty()
                    && found as f64 >= COVERED_SHARE * stems.len() as f64;
                KeyPointMatch {
                    key_point: point.clone(),
                    covered,
                    evidence: None,
                }
            })
            .collect()
    }

    /// The content words of a text, stemmed, synonyms folded, each marked
    /// when a negation earlier in its clause governs it ("not cut in half":
    /// cut and half are denied; "not recurrent but parallel": parallel is
    /// affirmed again after "but").
    fn words(&self, text: &str) -> Vec<Word> {
        let raw = self.fold_synonyms(raw_words(&normalise(text)));
        let mut out = Vec::with_capacity(raw.len());
        let mut negated = false;
        for word in raw {
            if word == "," || CLAUSE_BREAKS.contains(&word.as_str()) {
                negated = false;
            } else if NEGATIONS.contains(&word.as_str()) {
                negated = true;
            } else if !STOPWORDS.contains(&word.as_str()) {
                let is_token =
                    word.starts_with("syn") && word[3..].chars().all(|c| c.is_ascii_digit());
                let stem = if is_token {
                    word
                } else {
                    self.stemmer.stem(&word).into_owned()
                };
                out.push(Word { stem, negated });
            }
        }
        out
    }

    /// Replaces every synonym phrase with its group's token, longest first.
    fn fold_synonyms(&self, words: Vec<String>) -> Vec<String> {
        if self.phrases.is_empty() {
            return words;
        }
        let mut out = Vec::with_capacity(words.len());
        let mut at = 0;
        'next: while at < words.len() {
            for (phrase, token) in self.phrases.get(&words[at]).into_iter().flatten() {
                let end = at + phrase.len();
                if end <= words.len() && words[at..end] == phrase[..] {
                    out.push(token.clone());
                    at = end;
                    continue 'next;
                }
            }
            out.push(words[at].clone());
            at += 1;
        }
        out
    }
}

/// Checks `answer` with no vocabulary of synonyms.
pub fn match_key_points(answer: &str, key_points: &[String]) -> Vec<KeyPointMatch> {
    Checker::default().check(answer, key_points)
}

/// A stem close enough to one of `known` to be the same word typed
/// differently: one letter off ("attension"), two in a long word, or a
/// shortening of at least four letters ("concat" for "concatenate").
fn fuzzy_in<'a>(stem: &str, mut known: impl Iterator<Item = &'a &'a str>) -> bool {
    let length = stem.chars().count();
    if length < FUZZY_MIN_CHARS {
        return false;
    }
    known.any(|other| {
        let other_length = other.chars().count();
        // Cheap tests first: most words differ in length by more than an
        // edit and share no start, and the edit distance is the costly part.
        if other_length < FUZZY_MIN_CHARS || other.starts_with("syn") {
            return false;
        }
        if length.abs_diff(other_length) > 2
            && !stem.starts_with(*other)
            && !other.starts_with(stem)
        {
            return false;
        }
        let allowed = if length.min(other_length) >= 8 { 2 } else { 1 };
        let shortened = other_length >= PREFIX_MIN_CHARS
            && length >= PREFIX_MIN_CHARS
            && (stem.starts_with(*other) || other.starts_with(stem));
        // Optimal string alignment: adjacent swaps count as one edit, like
        // Damerau-Levenshtein, without its per-call hash map.
        shortened || strsim::osa_distance(stem, other) <= allowed
    })
}

/// Lowercase text with math and Unicode forms spelt out, hyphens and
/// slashes as spaces, "n't" as " not", and clause ends kept as ` , `.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            'ᵀ' | '⊤' | 'ᵗ' => out.push_str(" transpose "),
            '√' => out.push_str(" sqrt "),
            '²' => out.push('2'),
            '³' => out.push('3'),
            '¹' => out.push('1'),
            '⁰' => out.push('0'),
            'α' => out.push_str(" alpha "),
            'β' => out.push_str(" beta "),
            'σ' => out.push_str(" sigma "),
            'μ' => out.push_str(" mu "),
            'θ' => out.push_str(" theta "),
            'λ' => out.push_str(" lambda "),
            '∇' => out.push_str(" gradient "),
            '≈' => out.push_str(" approximately "),
            '→' | '⇒' => out.push_str(" to "),
            '’' | '\'' => out.push('\''),
            '.' | ';' | ':' | '!' | '?' | '\n' | '•' | '(' | ')' => out.push_str(" , "),
            '-' | '/' | '_' | '–' | '—' => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    out.replace("n't", " not").replace("can not", "cannot")
}

/// Alphanumeric runs (and the clause marker `,`) of normalised text. A
/// formula such as `qkt` or `softmax(qk t)` keeps its letters together.
fn raw_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            current.push(c);
            continue;
        }
        if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        if c == ',' {
            words.push(",".to_owned());
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    fn covered(answer: &str, items: &[&str]) -> Vec<bool> {
        match_key_points(answer, &points(items))
            .iter()
            .map(|m| m.covered)
            .collect()
    }

    #[test]
    fn word_forms_match_through_stemming() {
        assert_eq!(
            covered(
                "It splits text into tokens using subword methods like BPE.",
                &[
                    "splitting text into tokens",
                    "BPE or WordPiece",
                    "affects cost and context limits"
                ]
            ),
            [true, true, false]
        );
    }

    #[test]
    fn an_empty_answer_covers_nothing() {
        assert_eq!(
            covered("", &["self-attention", "parallel processing"]),
            [false, false]
        );
    }

    #[test]
    fn a_negated_statement_does_not_cover_the_point_it_denies() {
        assert_eq!(
            covered(
                "Attention is not used in transformers.",
                &["transformers use attention"]
            ),
            [false]
        );
        assert_eq!(
            covered(
                "It is not recurrent but processes tokens in parallel.",
                &["processes tokens in parallel"]
            ),
            [true]
        );
    }

    #[test]
    fn a_key_point_that_is_a_negation_is_met_by_one() {
        assert_eq!(
            covered(
                "The weights are never updated; it learns from the prompt.",
                &["no weight updates"]
            ),
            [true]
        );
    }

    #[test]
    fn superscripts_and_roots_read_as_words() {
        assert_eq!(
            covered(
                "softmax(QKᵀ/√d_k)·V",
                &["softmax of QK transpose scaled by square root of d_k"]
            ),
            [true]
        );
    }

    #[test]
    fn a_one_letter_misspelling_of_a_long_word_still_matches() {
        assert_eq!(
            covered("multi head attension", &["attention heads"]),
            [true]
        );
    }
}
