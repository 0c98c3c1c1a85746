//! Answers for the mock-interview tests on the fake Discord and Slack. A
//! quiz on a topic draws a question at random, so the tests cannot write
//! their answers in advance; they take them from the drawn question's key
//! points instead, and ask the bank's own checker what each answer covers,
//! so the test expects exactly what a member would be shown.

use prepbot::domain::QuestionId;
use prepbot::engine::Engine;

/// A question's key points and the answers the tests give about it.
#[derive(Debug, Clone)]
pub struct Answers {
    pub key_points: Vec<String>,
    pub model_answer: String,
    /// A first answer that covers some key points but not all: one key
    /// point in its own words.
    pub partial: String,
    /// What `partial` covers, in the bank's order.
    pub partial_covers: Vec<bool>,
    /// The key point the follow-up asks about: the first one `partial`
    /// missed.
    pub missed: String,
    /// An answer to the follow-up: the key points `partial` missed.
    pub rest: String,
    /// An answer that covers every key point.
    pub full: String,
}

impl Answers {
    /// The key points covered across `partial` and `rest` together, as
    /// the summary counts them.
    pub fn covered_across_both(&self, engine: &Engine) -> usize {
        let second = covers(engine, &self.rest, &self.key_points);
        self.partial_covers
            .iter()
            .zip(second)
            .filter(|(first, second)| **first || *second)
            .count()
    }

    /// The mask the follow-up's id carries.
    pub fn mask(&self) -> u8 {
        self.partial_covers
            .iter()
            .enumerate()
            .filter(|(_, covered)| **covered)
            .fold(0, |bits, (index, _)| bits | 1 << index)
    }
}

/// Whether `answer` covers each key point, by the bank's checker.
pub fn covers(engine: &Engine, answer: &str, key_points: &[String]) -> Vec<bool> {
    engine
        .bank()
        .checker()
        .check(answer, key_points)
        .into_iter()
        .map(|found| found.covered)
        .collect()
}

/// The answers for question `id`; `None` when no single key point covers
/// some but not all of them (no such question is in the topics the tests
/// draw from; see `for_every_question_in`).
pub fn answers_for(engine: &Engine, id: &str) -> Option<Answers> {
    let id = QuestionId::parse(id).expect("a question id");
    let bank = engine.bank();
    let question = bank.question(&id).expect("a question in the bank");
    let key_points = question.key_points.clone();
    let full = key_points.join(". ");
    if !covers(engine, &full, &key_points).iter().all(|c| *c) {
        return None;
    }
    // From the last key point: a follow-up then has earlier ones to ask.
    let (partial, partial_covers) = key_points.iter().rev().find_map(|point| {
        let found = covers(engine, point, &key_points);
        let some_not_all = found.iter().any(|c| *c) && !found.iter().all(|c| *c);
        some_not_all.then(|| (point.clone(), found))
    })?;
    let missing: Vec<String> = key_points
        .iter()
        .zip(&partial_covers)
        .filter(|(_, covered)| !**covered)
        .map(|(point, _)| point.clone())
        .collect();
    Some(Answers {
        missed: missing[0].clone(),
        rest: missing.join(". "),
        model_answer: question.answer.clone(),
        key_points,
        partial,
        partial_covers,
        full,
    })
}

/// Checks every question of `topic` has the answers the tests need, so a
/// random draw from it never leaves a test without them.
pub fn for_every_question_in(engine: &Engine, topic: &str) {
    let bank = engine.bank();
    let topic = bank.find_topic(topic).expect("a topic").id.clone();
    for question in bank.questions_in(&topic) {
        assert!(
            answers_for(engine, question.id.as_str()).is_some(),
            "{}: no key point covers some of its key points but not all",
            question.id.as_str()
        );
    }
}
