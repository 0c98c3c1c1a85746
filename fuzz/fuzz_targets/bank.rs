//! Fuzzes the question bank: whole bank files (TOML of any shape, one to
//! three at once, so cross-file checks run), a member's drafted question
//! checked against the real bank, and deck imports (CSV and Anki text).
//!
//! The input is text, so seeds are readable: a first line `draft`, `csv`
//! or `anki` picks those; anything else is bank files, split at lines
//! `%%%%`. A draft's fields (topic, difficulty, question, answer, key
//! points one per line) are split at lines `%%%%` too.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use prepbot::bank::import::{DeckFormat, ImportTopic, import_deck};
use prepbot::bank::{Draft, KEY_POINTS_MAX, KEY_POINTS_MIN, QuestionBank, SourceFile, check_draft};
use prepbot::domain::{Difficulty, TopicId};

/// The shipped bank, read once: drafts join its topics.
fn shipped() -> &'static QuestionBank {
    static BANK: OnceLock<QuestionBank> = OnceLock::new();
    BANK.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../questions");
        QuestionBank::load(dir.as_ref()).expect("the shipped bank loads")
    })
}

fn files(texts: Vec<String>) {
    let files: Vec<SourceFile> = texts
        .into_iter()
        .take(3)
        .enumerate()
        .map(|(n, text)| SourceFile {
            path: format!("f{n}.toml"),
            text,
        })
        .collect();
    let lines: Vec<usize> = files
        .iter()
        .map(|f| f.text.lines().count().max(1))
        .collect();
    match QuestionBank::from_files(&files) {
        Ok(bank) => {
            for question in bank.questions() {
                let points = question.key_points.len();
                assert!((KEY_POINTS_MIN..=KEY_POINTS_MAX).contains(&points));
                assert!(bank.question(&question.id).is_some());
                assert!(bank.topic(&question.topic).is_some());
                assert!(!question.question.trim().is_empty());
            }
            for topic in bank.topics() {
                let found = bank
                    .find_topic(topic.id.as_str())
                    .expect("a topic finds itself");
                assert_eq!(found.id, topic.id);
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for error in errors.iter() {
                // Positions are 1-based and inside the file they name.
                if let Some((line, column)) = error.position {
                    let n: usize = error.file[1..error.file.len() - 5].parse().unwrap();
                    assert!(line >= 1 && column >= 1, "{error}");
                    assert!(line <= lines[n] + 1, "{error}");
                }
                assert!(!error.message.is_empty());
            }
        }
    }
}

fn draft(draft: Draft) {
    let cleaned = draft.cleaned();
    if let Ok(question) = check_draft(shipped(), &draft, "local-001") {
        // What the member typed comes back field for field: nothing in it
        // escaped its TOML string into another field.
        assert_eq!(question.id.as_str(), "local-001");
        assert_eq!(question.question, cleaned.question.trim());
        assert_eq!(question.answer, cleaned.answer.trim());
        assert_eq!(question.key_points.len(), cleaned.key_points.len());
        for (stored, typed) in question.key_points.iter().zip(&cleaned.key_points) {
            assert_eq!(stored, typed.trim());
        }
    }
}

fn deck(text: &str, csv: bool) {
    let topic = ImportTopic {
        id: TopicId::parse("imported").unwrap(),
        name: "Imported".to_owned(),
        description: "A deck from elsewhere".to_owned(),
        difficulty: Difficulty::Medium,
    };
    let format = if csv {
        DeckFormat::Csv
    } else {
        DeckFormat::AnkiText
    };
    match import_deck(text, format, &topic) {
        // What an import writes is a bank file the bank itself accepts.
        Ok(imported) => {
            let file = SourceFile {
                path: "imported.toml".to_owned(),
                text: imported.toml,
            };
            let bank = QuestionBank::from_files(std::slice::from_ref(&file))
                .unwrap_or_else(|errors| panic!("an import the bank refuses: {errors}"));
            assert_eq!(bank.questions().len(), imported.questions);
        }
        Err(rows) => assert!(!rows.is_empty()),
    }
}

const SPLIT: &str = "\n%%%%\n";

fuzz_target!(|text: &str| {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    match first.trim() {
        "draft" => {
            let mut fields = rest.split(SPLIT).map(str::to_owned);
            let mut next = || fields.next().unwrap_or_default();
            draft(Draft {
                topic: next(),
                difficulty: next(),
                question: next(),
                answer: next(),
                key_points: Draft::key_points_from_lines(&next()),
            })
        }
        "csv" => deck(rest, true),
        "anki" => deck(rest, false),
        _ => files(text.split(SPLIT).map(str::to_owned).collect()),
    }
});
