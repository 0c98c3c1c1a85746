//! The question bank: `questions/*.toml` read, checked and held in memory.
//!
//! ```no_run
//! # use prepbot::bank::QuestionBank;
//! let bank = QuestionBank::load("questions".as_ref()).expect("a valid bank");
//! let topic = bank.find_topic("attention").expect("an alias of transformers");
//! assert_eq!(topic.id.as_str(), "transformers");
//! ```
//!
//! Loading is all or nothing: a bank with any fault never loads, and every
//! fault is reported at once with its `file:line:column`.

mod error;
pub mod import;
mod raw;
mod validate;
mod write;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

pub use error::{BankError, BankErrors};
pub use validate::{
    KEY_POINTS_MAX, KEY_POINTS_MIN, MAX_ANSWER_CHARS, MAX_KEY_POINT_CHARS, MAX_OPTION_CHARS,
    MAX_QUESTION_CHARS, SourceFile, WRONG_OPTIONS,
};
pub use write::{Draft, DraftError, bank_file, check_draft};

use crate::domain::key_points::Checker;
use crate::domain::slug::fold_to_slug;
use crate::domain::{Question, QuestionId, Topic, TopicId};

/// A validated bank of questions, grouped by topic.
#[derive(Debug)]
pub struct QuestionBank {
    topics: Vec<Topic>,
    questions: Vec<Question>,
    by_id: HashMap<QuestionId, usize>,
    /// Every folded name that finds a topic (id, alias, display name) to the
    /// topic's index.
    topic_names: HashMap<String, usize>,
    /// What the bank could do better, with file:line; never fatal.
    warnings: Vec<BankError>,
    /// The answer checker, with the bank's vocabulary of synonyms; shared
    /// with the banks `with_extra` makes from this one.
    checker: Arc<Checker>,
}

impl QuestionBank {
    /// Reads every `*.toml` file in `dir` (in name order) and checks them
    /// together.
    pub fn load(dir: &Path) -> Result<Self, BankErrors> {
        let folder = dir.display().to_string();
        let folder_error = |message: String| {
            BankErrors(vec![BankError {
                file: folder.clone(),
                position: None,
                message,
            }])
        };
        let entries = std::fs::read_dir(dir)
            .map_err(|error| folder_error(format!("cannot read the question folder: {error}")))?;
        let mut named: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        named.sort();
        // Anything named *.toml that is not a readable file is reported,
        // never skipped: a broken link is a topic silently missing.
        let mut unreadable = Vec::new();
        let mut paths = Vec::with_capacity(named.len());
        for path in named {
            match not_a_bank_file(&path) {
                None => paths.push(path),
                Some(problem) => unreadable.push(BankError {
                    file: path.display().to_string(),
                    position: None,
                    message: problem,
                }),
            }
        }
        if paths.is_empty() && unreadable.is_empty() {
            return Err(folder_error(
                "no bank files (*.toml) in this folder".to_owned(),
            ));
        }
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            let name = path.display().to_string();
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push(SourceFile { path: name, text }),
                Err(error) => unreadable.push(BankError {
                    file: name,
                    position: None,
                    message: format!("cannot read the file: {error}"),
                }),
            }
        }
        let mut bank = Self::from_files(&files);
        if !unreadable.is_empty() {
            let mut errors = bank.err().map(|errors| errors.0).unwrap_or_default();
            errors.extend(unreadable);
            errors.sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
            bank = Err(BankErrors(errors));
        }
        bank
    }

    /// Checks bank files already in memory.
    pub fn from_files(files: &[SourceFile]) -> Result<Self, BankErrors> {
        let validated = validate::validate(files)?;
        // Topics follow their questions' numbering (fundamentals first), the
        // order a learner meets them in, rather than file-name order.
        let mut first_question: HashMap<&TopicId, &QuestionId> = HashMap::new();
        for question in &validated.questions {
            let first = first_question
                .entry(&question.topic)
                .or_insert(&question.id);
            *first = (*first).min(&question.id);
        }
        let mut topics = validated.topics;
        topics.sort_by_cached_key(|topic| first_question.get(&topic.id).copied().cloned());
        let by_id = validated
            .questions
            .iter()
            .enumerate()
            .map(|(index, q)| (q.id.clone(), index))
            .collect();
        let mut topic_names = HashMap::new();
        for (index, topic) in topics.iter().enumerate() {
            topic_names.insert(fold_to_slug(&topic.name), index);
            for alias in &topic.aliases {
                topic_names.insert(alias.clone(), index);
            }
        }
        // Ids are inserted last so that they win over a display name that
        // happens to fold to another topic's id.
        for (index, topic) in topics.iter().enumerate() {
            topic_names.insert(topic.id.as_str().to_owned(), index);
        }
        let checker = Arc::new(Checker::new(&validated.synonyms));
        Ok(Self {
            topics,
            questions: validated.questions,
            by_id,
            topic_names,
            warnings: validated.warnings,
            checker,
        })
    }

    /// This bank with `extra` questions beside its own (a workspace's
    /// approved questions, already checked against this bank's topics).
    /// The topics, their names and the answer checker stay as they are.
    pub fn with_extra(&self, extra: Vec<Question>) -> QuestionBank {
        let mut questions = self.questions.clone();
        questions.extend(extra);
        let by_id = questions
            .iter()
            .enumerate()
            .map(|(index, q)| (q.id.clone(), index))
            .collect();
        Self {
            topics: self.topics.clone(),
            questions,
            by_id,
            topic_names: self.topic_names.clone(),
            warnings: self.warnings.clone(),
            checker: self.checker.clone(),
        }
    }

    /// Faults that do not stop the bank loading, such as a question without
    /// written choice options.
    pub fn warnings(&self) -> &[BankError] {
        &self.warnings
    }

    /// The built-in answer checker, knowing the bank's synonyms.
    pub fn checker(&self) -> &Checker {
        &self.checker
    }

    /// How many questions have written choice options.
    pub fn with_written_options(&self) -> usize {
        self.questions
            .iter()
            .filter(|q| q.options.is_some())
            .count()
    }

    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    pub fn question(&self, id: &QuestionId) -> Option<&Question> {
        self.by_id.get(id).map(|&index| &self.questions[index])
    }

    pub fn topic(&self, id: &TopicId) -> Option<&Topic> {
        self.topics.iter().find(|topic| topic.id == *id)
    }

    pub fn questions_in<'a>(
        &'a self,
        topic: &'a TopicId,
    ) -> impl Iterator<Item = &'a Question> + 'a {
        self.questions
            .iter()
            .filter(move |question| question.topic == *topic)
    }

    /// Finds a topic by id, alias or display name, forgiving case, spaces
    /// and underscores: `Transformer`, `attention` and `transformers` all
    /// find the same topic.
    pub fn find_topic(&self, typed: &str) -> Option<&Topic> {
        self.topic_names
            .get(&fold_to_slug(typed))
            .map(|&index| &self.topics[index])
    }

    /// Every name `find_topic` accepts, for suggestions and autocomplete.
    pub fn topic_names(&self) -> impl Iterator<Item = (&str, &Topic)> {
        self.topic_names
            .iter()
            .map(|(name, &index)| (name.as_str(), &self.topics[index]))
    }

    /// Questions per topic and per difficulty, in topic order.
    pub fn summary(&self) -> Vec<TopicSummary<'_>> {
        self.topics
            .iter()
            .map(|topic| {
                let mut by_difficulty = [0; 3];
                for question in self.questions_in(&topic.id) {
                    by_difficulty[question.difficulty as usize] += 1;
                }
                TopicSummary {
                    topic,
                    questions: by_difficulty.iter().sum(),
                    by_difficulty,
                }
            })
            .collect()
    }
}

/// Why a `*.toml` path cannot be read as a bank file, or `None` when it
/// can.
fn not_a_bank_file(path: &Path) -> Option<String> {
    let is_link = path
        .symlink_metadata()
        .is_ok_and(|meta| meta.file_type().is_symlink());
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => None,
        Ok(meta) if meta.is_dir() => Some("is a folder, not a bank file".to_owned()),
        Ok(_) => Some("is not a regular file (a device, socket or pipe?)".to_owned()),
        // ELOOP; its ErrorKind is not stable yet.
        Err(error) if is_link && error.raw_os_error() == Some(40) => {
            Some("is a symbolic link that loops back on itself".to_owned())
        }
        Err(_) if is_link => Some(format!(
            "is a symbolic link to {}, which does not exist",
            std::fs::read_link(path)
                .map(|target| target.display().to_string())
                .unwrap_or_else(|_| "nothing".to_owned())
        )),
        Err(error) => Some(format!("cannot be read: {error}")),
    }
}

/// How many questions a topic has, in all and per difficulty.
pub struct TopicSummary<'a> {
    pub topic: &'a Topic,
    pub questions: usize,
    /// Counts for easy, medium and hard, in that order.
    pub by_difficulty: [usize; 3],
}
