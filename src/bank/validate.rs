//! The rules a bank must follow, checked across all files at once.
//!
//! Topics are checked first (ids, names, aliases that must name one topic
//! only), then questions (ids unique across files, fields present and within
//! their limits, 2 to 5 key points). Every fault is reported; only a bank
//! with none becomes domain types.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::error::{BankError, BankErrors, FileLocator};
use super::raw::{RawFile, RawQuestion, RawTopic, parse_file};
use crate::domain::question::WORKSPACE_ID_PREFIX;
use crate::domain::slug::{fold_to_slug, slug_problem};
use crate::domain::{
    Difficulty, Question, QuestionId, QuestionSource, Topic, TopicId, WrittenOptions,
};

pub const MAX_QUESTION_CHARS: usize = 300;
pub const MAX_ANSWER_CHARS: usize = 700;
pub const MAX_KEY_POINT_CHARS: usize = 120;
pub const MAX_EXAMPLE_CHARS: usize = 300;
pub const MAX_OPTION_CHARS: usize = 200;
pub const WRONG_OPTIONS: usize = 3;
pub const MAX_SYNONYM_CHARS: usize = 60;
pub const MAX_TOPIC_NAME_CHARS: usize = 80;
pub const MAX_DESCRIPTION_CHARS: usize = 200;
pub const KEY_POINTS_MIN: usize = 2;
pub const KEY_POINTS_MAX: usize = 5;

/// One bank file's name and text, as read from disk (or built in memory).
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// The checked contents of a bank.
pub struct Validated {
    pub topics: Vec<Topic>,
    pub questions: Vec<Question>,
    /// What a good bank could still do better (a question without written
    /// choice options); reported by `prepbot bank check`, never fatal.
    pub warnings: Vec<BankError>,
    /// Groups of phrases the answer checker treats as one word.
    pub synonyms: Vec<Vec<String>>,
}

struct ParsedFile<'a> {
    at: FileLocator<'a>,
    raw: RawFile,
    /// The file's topic, once it passed its checks.
    topic: Option<TopicId>,
}

/// Checks every file and returns the bank's topics and questions, or every
/// fault found.
pub fn validate(files: &[SourceFile]) -> Result<Validated, BankErrors> {
    let mut errors = Vec::new();
    let mut parsed: Vec<ParsedFile<'_>> = files
        .iter()
        .map(|file| {
            let at = FileLocator::new(&file.path, &file.text);
            let raw = parse_file(&file.text, &at, &mut errors);
            ParsedFile {
                at,
                raw,
                topic: None,
            }
        })
        .collect();

    let topics = check_topics(&mut parsed, &mut errors);
    let mut warnings = Vec::new();
    let questions = check_questions(&parsed, &mut errors, &mut warnings);
    for file in &parsed {
        if let (Some(topic), Some(raw)) = (&file.topic, &file.raw.topic)
            && file.raw.question_entries == 0
        {
            errors.push(
                file.at
                    .error(&raw.span(), format!("topic `{topic}` has no questions")),
            );
        }
    }

    let synonyms = check_synonyms(&parsed, &mut errors);

    if errors.is_empty() {
        Ok(Validated {
            topics,
            questions,
            warnings,
            synonyms,
        })
    } else {
        errors.sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
        Err(BankErrors(errors))
    }
}

fn check_topics(parsed: &mut [ParsedFile<'_>], errors: &mut Vec<BankError>) -> Vec<Topic> {
    let mut topics = Vec::new();
    // Every name a person may type for a topic: its id and its aliases.
    let mut names: HashMap<String, (TopicId, String)> = HashMap::new();
    for (index, file) in parsed.iter_mut().enumerate() {
        if file.raw.broken {
            continue;
        }
        // The vocabulary file holds synonyms and no topic.
        if !file.raw.has_topic_key && file.raw.has_synonyms_key && file.raw.question_entries == 0 {
            continue;
        }
        if !file.raw.has_topic_key {
            errors.push(file.at.error(
                &(0..0),
                "missing [topic] table; every bank file describes its topic first",
            ));
            continue;
        }
        let Some(raw) = &file.raw.topic else { continue };
        let Some(topic) = check_topic(raw.get_ref(), &file.at, errors) else {
            continue;
        };
        let id_span = raw.get_ref().id.span();
        if let Some((_, first)) = names.get(topic.id.as_str()) {
            errors.push(file.at.error(
                &id_span,
                format!("topic `{}` is already defined at {first}", topic.id),
            ));
            continue;
        }
        names.insert(
            topic.id.as_str().to_owned(),
            (topic.id.clone(), file.at.describe(&id_span)),
        );
        file.topic = Some(topic.id.clone());
        let alias_spans = raw
            .get_ref()
            .aliases
            .iter()
            .map(Spanned::span)
            .collect::<Vec<_>>();
        topics.push((index, topic, alias_spans));
    }
    // Aliases are checked once every topic id is known, so an alias may not
    // shadow a topic defined in a later file either.
    let mut checked = Vec::new();
    for (index, mut topic, alias_spans) in topics {
        let at = &parsed[index].at;
        let mut kept = Vec::new();
        for (alias, span) in topic.aliases.iter().zip(alias_spans) {
            match names.get(alias.as_str()) {
                Some((owner, _)) if *owner == topic.id => {}
                Some((owner, place)) => errors.push(at.error(
                    &span,
                    format!(
                        "alias `{alias}` of topic `{}` also names topic `{owner}` ({place})",
                        topic.id
                    ),
                )),
                None => {
                    names.insert(alias.clone(), (topic.id.clone(), at.describe(&span)));
                    kept.push(alias.clone());
                }
            }
        }
        topic.aliases = kept;
        checked.push(topic);
    }
    checked
}

fn check_topic(raw: &RawTopic, at: &FileLocator<'_>, errors: &mut Vec<BankError>) -> Option<Topic> {
    let id = TopicId::parse(raw.id.get_ref())
        .map_err(|message| errors.push(at.error(&raw.id.span(), message)));
    let name = text_field(&raw.name, "name", MAX_TOPIC_NAME_CHARS, at, errors);
    let description = text_field(
        &raw.description,
        "description",
        MAX_DESCRIPTION_CHARS,
        at,
        errors,
    );
    let mut aliases: Vec<String> = Vec::new();
    let mut aliases_ok = true;
    for alias in &raw.aliases {
        let text = alias.get_ref();
        if let Some(problem) = slug_problem(text) {
            errors.push(at.error(&alias.span(), format!("alias `{text}` {problem}")));
            aliases_ok = false;
        } else if aliases.contains(text) {
            errors.push(at.error(&alias.span(), format!("alias `{text}` is listed twice")));
            aliases_ok = false;
        } else {
            aliases.push(text.clone());
        }
    }
    Some(Topic {
        id: id.ok()?,
        name: name?,
        description: description?,
        aliases: aliases_ok.then_some(aliases)?,
    })
}

/// Each group has two or more phrases of at most `MAX_SYNONYM_CHARS`, and
/// no phrase belongs to two groups (it could stand for only one).
fn check_synonyms(parsed: &[ParsedFile<'_>], errors: &mut Vec<BankError>) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    let mut first_seen: HashMap<String, String> = HashMap::new();
    for file in parsed {
        for group in &file.raw.synonyms {
            let same = &group.get_ref().same;
            if same.get_ref().len() < 2 {
                errors.push(file.at.error(
                    &same.span(),
                    "a [[synonyms]] group needs two or more phrases in `same`",
                ));
                continue;
            }
            let mut phrases = Vec::new();
            for phrase in same.get_ref() {
                let Some(text) = text_field(phrase, "synonym", MAX_SYNONYM_CHARS, &file.at, errors)
                else {
                    continue;
                };
                let folded = text.to_lowercase();
                if let Some(first) = first_seen.get(&folded) {
                    errors.push(file.at.error(
                        &phrase.span(),
                        format!("synonym `{text}` is already in the group at {first}"),
                    ));
                    continue;
                }
                first_seen.insert(folded.clone(), file.at.describe(&phrase.span()));
                phrases.push(folded);
            }
            groups.push(phrases);
        }
    }
    groups
}

fn check_questions(
    parsed: &[ParsedFile<'_>],
    errors: &mut Vec<BankError>,
    warnings: &mut Vec<BankError>,
) -> Vec<Question> {
    let known_topics: HashMap<&str, &str> = parsed
        .iter()
        .filter_map(|file| {
            file.topic
                .as_ref()
                .map(|topic| (topic.as_str(), file.at.file))
        })
        .collect();
    let mut first_id: HashMap<String, String> = HashMap::new();
    let mut first_text: HashMap<String, String> = HashMap::new();
    let mut questions = Vec::new();
    for file in parsed {
        for raw in &file.raw.questions {
            let at = &file.at;
            let id_span = raw.id.span();
            if let Some(first) = first_id.get(raw.id.get_ref()) {
                errors.push(at.error(
                    &id_span,
                    format!(
                        "duplicate question id `{}`; it is already used at {first}",
                        raw.id.get_ref()
                    ),
                ));
            } else {
                first_id.insert(raw.id.get_ref().clone(), at.describe(&id_span));
            }
            let folded = raw
                .question
                .get_ref()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if let Some(first) = first_text.get(&folded) {
                errors.push(at.error(
                    &raw.question.span(),
                    format!("the same question is already asked at {first}"),
                ));
            } else if !folded.is_empty() {
                first_text.insert(folded, at.describe(&raw.question.span()));
            }
            let topic = check_question_topic(raw, file, &known_topics, errors);
            if let Some(question) = check_question(raw, topic, at, errors) {
                if question.options.is_none() {
                    warnings.push(at.error(
                        &id_span,
                        format!(
                            "`{}` has no `right_option` and `wrong_options`; its choice cards \
                             borrow other questions' answers as wrong options",
                            question.id
                        ),
                    ));
                }
                questions.push(question);
            }
        }
    }
    questions
}

/// A question belongs to its file's topic; a `topic` key, when present, must
/// say so.
fn check_question_topic(
    raw: &RawQuestion,
    file: &ParsedFile<'_>,
    known: &HashMap<&str, &str>,
    errors: &mut Vec<BankError>,
) -> Option<TopicId> {
    let own = file.topic.clone();
    let Some(named) = &raw.topic else { return own };
    let text = named.get_ref().as_str();
    match (known.get(text), &own) {
        (None, _) => {
            let hint = known
                .keys()
                .find(|id| fold_to_slug(text) == **id)
                .map(|id| format!("; did you mean `{id}`?"))
                .unwrap_or_default();
            errors.push(
                file.at
                    .error(&named.span(), format!("unknown topic `{text}`{hint}")),
            );
            None
        }
        (Some(_), Some(own_id)) if own_id.as_str() == text => own,
        (Some(home), Some(own_id)) => {
            errors.push(file.at.error(
                &named.span(),
                format!("question names topic `{text}` but sits in the `{own_id}` file; move it to {home}"),
            ));
            None
        }
        (Some(_), None) => None,
    }
}

fn check_question(
    raw: &RawQuestion,
    topic: Option<TopicId>,
    at: &FileLocator<'_>,
    errors: &mut Vec<BankError>,
) -> Option<Question> {
    let mut push = |span: Range<usize>, message: String| errors.push(at.error(&span, message));
    let id = QuestionId::parse(raw.id.get_ref())
        .map_err(|message| push(raw.id.span(), message))
        .ok()
        .and_then(|id| {
            // `ws-` ids belong to workspaces' own questions; one in the bank
            // could take the place of a workspace's question.
            if id.is_workspace() {
                push(
                    raw.id.span(),
                    format!(
                        "question id `{id}` starts with `{WORKSPACE_ID_PREFIX}`, which is kept for \
                         workspaces' own questions; give it the topic's prefix (like `genai-016`)"
                    ),
                );
                None
            } else {
                Some(id)
            }
        });
    let difficulty = raw
        .difficulty
        .get_ref()
        .parse::<Difficulty>()
        .map_err(|message| push(raw.difficulty.span(), message))
        .ok();
    let source = match &raw.source {
        None => Some(None),
        Some(source) => source
            .get_ref()
            .parse::<QuestionSource>()
            .map(Some)
            .map_err(|message| push(source.span(), message))
            .ok(),
    };
    let question = text_field(&raw.question, "question", MAX_QUESTION_CHARS, at, errors);
    let answer = text_field(&raw.answer, "answer", MAX_ANSWER_CHARS, at, errors);
    let example = match &raw.example {
        None => Some(None),
        Some(example) => text_field(example, "example", MAX_EXAMPLE_CHARS, at, errors).map(Some),
    };
    let key_points = check_key_points(&raw.key_points, at, errors);
    let options = check_options(raw, answer.as_deref(), at, errors);
    let mut tags_ok = true;
    let mut tags = Vec::new();
    for tag in &raw.tags {
        match slug_problem(tag.get_ref()) {
            Some(problem) => {
                errors.push(at.error(&tag.span(), format!("tag `{}` {problem}", tag.get_ref())));
                tags_ok = false;
            }
            None => tags.push(tag.get_ref().clone()),
        }
    }
    Some(Question {
        id: id?,
        topic: topic?,
        difficulty: difficulty?,
        question: question?,
        answer: answer?,
        key_points: key_points?,
        tags: tags_ok.then_some(tags)?,
        example: example?,
        source: source?,
        options: options?,
    })
}

/// The written choice options: both fields or neither; exactly three wrong
/// options, distinct, none the same as the right one nor found in the model
/// answer (a "wrong" option the answer states would be right).
fn check_options(
    raw: &RawQuestion,
    answer: Option<&str>,
    at: &FileLocator<'_>,
    errors: &mut Vec<BankError>,
) -> Option<Option<WrittenOptions>> {
    let (right, wrong) = match (&raw.right_option, &raw.wrong_options) {
        (None, None) => return Some(None),
        (Some(right), None) => {
            errors.push(at.error(
                &right.span(),
                format!("`right_option` needs `wrong_options` beside it ({WRONG_OPTIONS} written wrong options)"),
            ));
            return None;
        }
        (None, Some(wrong)) => {
            errors.push(at.error(
                &wrong.span(),
                "`wrong_options` needs `right_option` beside it (the right answer in one sentence)",
            ));
            return None;
        }
        (Some(right), Some(wrong)) => (right, wrong),
    };
    let right_text = text_field(right, "right_option", MAX_OPTION_CHARS, at, errors);
    let count = wrong.get_ref().len();
    if count != WRONG_OPTIONS {
        errors.push(at.error(
            &wrong.span(),
            format!(
                "`wrong_options` has {count} entries; a question needs exactly {WRONG_OPTIONS}"
            ),
        ));
        return None;
    }
    let mut ok = right_text.is_some();
    let mut texts: Vec<String> = Vec::new();
    for option in wrong.get_ref() {
        let Some(text) = text_field(option, "wrong option", MAX_OPTION_CHARS, at, errors) else {
            ok = false;
            continue;
        };
        let folded = text.to_lowercase();
        let problem = if texts.iter().any(|seen| seen.to_lowercase() == folded) {
            Some("is listed twice".to_owned())
        } else if right_text
            .as_ref()
            .is_some_and(|right| right.to_lowercase().contains(&folded))
        {
            Some("is part of the right option".to_owned())
        } else if answer.is_some_and(|answer| answer.to_lowercase().contains(&folded)) {
            Some("is said by the model answer, so it is not wrong".to_owned())
        } else {
            None
        };
        if let Some(problem) = problem {
            errors.push(at.error(&option.span(), format!("wrong option `{text}` {problem}")));
            ok = false;
        }
        texts.push(text);
    }
    let wrong: [String; WRONG_OPTIONS] = texts.try_into().ok()?;
    if !ok {
        return None;
    }
    Some(Some(WrittenOptions {
        right: right_text?,
        wrong,
    }))
}

fn check_key_points(
    raw: &Spanned<Vec<Spanned<String>>>,
    at: &FileLocator<'_>,
    errors: &mut Vec<BankError>,
) -> Option<Vec<String>> {
    let count = raw.get_ref().len();
    let mut ok = true;
    if !(KEY_POINTS_MIN..=KEY_POINTS_MAX).contains(&count) {
        let entries = if count == 1 { "entry" } else { "entries" };
        errors.push(at.error(
            &raw.span(),
            format!("`key_points` has {count} {entries}; a question needs {KEY_POINTS_MIN} to {KEY_POINTS_MAX}"),
        ));
        ok = false;
    }
    let mut points: Vec<String> = Vec::new();
    for point in raw.get_ref() {
        let Some(text) = text_field(point, "key point", MAX_KEY_POINT_CHARS, at, errors) else {
            ok = false;
            continue;
        };
        if points.iter().any(|seen| seen.eq_ignore_ascii_case(&text)) {
            errors.push(at.error(&point.span(), format!("key point `{text}` is listed twice")));
            ok = false;
        }
        points.push(text);
    }
    ok.then_some(points)
}

/// A required text: trimmed, not empty, at most `max` characters.
fn text_field(
    field: &Spanned<String>,
    name: &str,
    max: usize,
    at: &FileLocator<'_>,
    errors: &mut Vec<BankError>,
) -> Option<String> {
    let text = field.get_ref().trim();
    let length = text.chars().count();
    if text.is_empty() {
        errors.push(at.error(&field.span(), format!("`{name}` is empty")));
        None
    } else if length > max {
        errors.push(at.error(
            &field.span(),
            format!("`{name}` is {length} characters long; at most {max} are allowed"),
        ));
        None
    } else if let Some(hidden) = text.chars().find(|&c| is_hidden(c)) {
        // Members read this text in chat and terminals, where a NUL, an
        // escape or a direction override hides or reorders what is around it.
        errors.push(at.error(
            &field.span(),
            format!(
                "`{name}` holds the invisible character U+{:04X}, which hides or reorders \
                 text around it; remove it",
                u32::from(hidden)
            ),
        ));
        None
    } else {
        Some(text.to_owned())
    }
}

/// A control character other than a line break or tab, or an invisible
/// formatting one (zero-width, direction override).
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || crate::domain::text::is_invisible_format(c)
}
