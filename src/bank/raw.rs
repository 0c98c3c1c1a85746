//! The bank file as written: TOML parsed into spanned, unchecked fields.
//!
//! Each `[[questions]]` entry is deserialized on its own, so one bad question
//! does not hide the faults of the next: the validator sees them all.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::error::{BankError, FileLocator};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopic {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub description: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Spanned<String>,
    pub topic: Option<Spanned<String>>,
    pub difficulty: Spanned<String>,
    pub question: Spanned<String>,
    pub answer: Spanned<String>,
    pub key_points: Spanned<Vec<Spanned<String>>>,
    pub right_option: Option<Spanned<String>>,
    pub wrong_options: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    pub example: Option<Spanned<String>>,
    pub source: Option<Spanned<String>>,
}

/// A group of phrases the answer checker treats as one word.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSynonyms {
    pub same: Spanned<Vec<Spanned<String>>>,
}

/// What one file holds once it is valid TOML of the right shape.
#[derive(Default)]
pub struct RawFile {
    /// False when the file has no `[topic]` key at all (as opposed to a
    /// `[topic]` table with faults, which are reported where they are).
    pub has_topic_key: bool,
    pub topic: Option<Spanned<RawTopic>>,
    pub questions: Vec<RawQuestion>,
    /// How many `[[questions]]` entries the file has, well-formed or not.
    pub question_entries: usize,
    /// True when the file is not valid TOML; nothing else is checked then.
    pub broken: bool,
    /// `[[synonyms]]` groups: a bank's vocabulary file holds these alone.
    pub synonyms: Vec<Spanned<RawSynonyms>>,
    pub has_synonyms_key: bool,
}

/// Parses one bank file, recording every syntax and shape fault it can find.
pub fn parse_file(text: &str, at: &FileLocator<'_>, errors: &mut Vec<BankError>) -> RawFile {
    let mut file = RawFile::default();
    let (root, syntax_errors) = DeTable::parse_recoverable(text);
    if !syntax_errors.is_empty() {
        // A half-parsed tree invites misleading follow-on errors, so a file
        // with broken syntax reports only its syntax.
        for error in syntax_errors {
            let message = format!("not valid TOML: {}", tidy(error.message()));
            errors.push(at.error(&error.span().unwrap_or(0..0), message));
        }
        file.broken = true;
        return file;
    }
    for (key, value) in root.into_inner() {
        match key.get_ref().as_ref() {
            "topic" => {
                file.has_topic_key = true;
                let span = value.span();
                match RawTopic::deserialize(ValueDeserializer::from(value)) {
                    Ok(topic) => file.topic = Some(Spanned::new(span, topic)),
                    Err(error) => errors.push(located(at, &error, &span, "[topic]")),
                }
            }
            "questions" => file.question_entries = parse_questions(value, at, errors, &mut file.questions),
            "synonyms" => {
                file.has_synonyms_key = true;
                parse_synonyms(value, at, errors, &mut file.synonyms);
            }
            other => errors.push(at.error(
                &key.span(),
                format!("unknown key `{other}`; a bank file holds one [topic] table and [[questions]] entries (or, in the vocabulary file, [[synonyms]] groups)"),
            )),
        }
    }
    file
}

fn parse_questions(
    value: Spanned<DeValue<'_>>,
    at: &FileLocator<'_>,
    errors: &mut Vec<BankError>,
    into: &mut Vec<RawQuestion>,
) -> usize {
    let span = value.span();
    let DeValue::Array(entries) = value.into_inner() else {
        errors.push(at.error(&span, "`questions` must be a list of [[questions]] tables"));
        return 1;
    };
    let count = entries.len();
    for entry in entries {
        let span = entry.span();
        match RawQuestion::deserialize(ValueDeserializer::from(entry)) {
            Ok(question) => into.push(question),
            Err(error) => errors.push(located(at, &error, &span, "[[questions]]")),
        }
    }
    count
}

fn parse_synonyms(
    value: Spanned<DeValue<'_>>,
    at: &FileLocator<'_>,
    errors: &mut Vec<BankError>,
    into: &mut Vec<Spanned<RawSynonyms>>,
) {
    let span = value.span();
    let DeValue::Array(entries) = value.into_inner() else {
        errors.push(at.error(&span, "`synonyms` must be a list of [[synonyms]] tables"));
        return;
    };
    for entry in entries {
        let span = entry.span();
        match RawSynonyms::deserialize(ValueDeserializer::from(entry)) {
            Ok(group) => into.push(Spanned::new(span, group)),
            Err(error) => errors.push(located(at, &error, &span, "[[synonyms]]")),
        }
    }
}

fn located(
    at: &FileLocator<'_>,
    error: &toml::de::Error,
    fallback: &Range<usize>,
    table: &str,
) -> BankError {
    let span = error.span().unwrap_or_else(|| fallback.clone());
    at.error(&span, format!("{table}: {}", tidy(error.message())))
}

/// serde's messages end with a newline and speak of "fields" and
/// "sequences"; bank authors write "keys" and "lists".
fn tidy(message: &str) -> String {
    message
        .trim()
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing key")
        .replace("a sequence", "a list")
}
