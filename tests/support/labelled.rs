//! The hand-labelled answers in `tests/data/answers.toml`, and how well a
//! checker agrees with them: precision, recall and F1 over (answer, key
//! point) judgements, per split. Shared by the test that holds the line and
//! the `checker` benchmark that reports the figures.

#![allow(dead_code)] // the test and the benchmark use different parts

use std::collections::HashSet;

use prepbot::bank::QuestionBank;
use prepbot::domain::QuestionId;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Labelled {
    pub answers: Vec<LabelledAnswer>,
}

#[derive(Debug, Deserialize)]
pub struct LabelledAnswer {
    pub question: String,
    pub split: String,
    pub style: String,
    pub text: String,
    pub covered: Vec<String>,
}

/// Agreement counts over judgements.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Figures {
    pub true_positive: u32,
    pub false_positive: u32,
    pub false_negative: u32,
    pub true_negative: u32,
}

impl Figures {
    pub fn judgements(&self) -> u32 {
        self.true_positive + self.false_positive + self.false_negative + self.true_negative
    }

    pub fn precision(&self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_positive)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_negative)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        f64::from(part) / f64::from(whole)
    }
}

pub fn load() -> Labelled {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/answers.toml");
    let text = std::fs::read_to_string(path).expect("tests/data/answers.toml");
    toml::from_str(&text).expect("the labelled answers parse")
}

pub fn shipped_bank() -> QuestionBank {
    QuestionBank::load(concat!(env!("CARGO_MANIFEST_DIR"), "/questions").as_ref())
        .unwrap_or_else(|errors| panic!("the shipped bank is broken:\n{errors}"))
}

/// The checker's agreement with the labels of one split ("tune" or
/// "check"), with each disagreement described for tuning.
pub fn score(bank: &QuestionBank, labelled: &Labelled, split: &str) -> (Figures, Vec<String>) {
    let mut figures = Figures::default();
    let mut misses = Vec::new();
    for answer in labelled.answers.iter().filter(|a| a.split == split) {
        let id = QuestionId::parse(&answer.question).expect("a question id");
        let question = bank.question(&id).expect("a question of the bank");
        let expected: HashSet<&str> = answer.covered.iter().map(String::as_str).collect();
        for found in bank.checker().check(&answer.text, &question.key_points) {
            let labelled = expected.contains(found.key_point.as_str());
            match (found.covered, labelled) {
                (true, true) => figures.true_positive += 1,
                (true, false) => figures.false_positive += 1,
                (false, true) => figures.false_negative += 1,
                (false, false) => figures.true_negative += 1,
            }
            if found.covered != labelled {
                let kind = if found.covered { "false +" } else { "false -" };
                misses.push(format!(
                    "{kind} {} [{}] `{}` <- {:?}",
                    answer.question,
                    answer.style,
                    found.key_point,
                    answer.text.chars().take(160).collect::<String>()
                ));
            }
        }
    }
    (figures, misses)
}
