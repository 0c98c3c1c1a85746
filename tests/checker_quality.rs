//! The built-in answer checker against hand-labelled answers: paraphrases,
//! abbreviations, misspellings, wrong answers that reuse the right words.
//! The "check" part of the set is never tuned on; its F1 may not fall.
//!
//! `cargo test --test checker_quality -- --nocapture` prints the figures
//! and every disagreement.

mod support;

use std::collections::HashSet;

use support::labelled::{load, score, shipped_bank};

/// F1 on the held-out part as measured when the checker was last tuned
/// (see BENCHMARKS.md); a change that lowers it fails here.
const CHECK_F1_FLOOR: f64 = 0.72;

#[test]
fn every_labelled_judgement_names_a_real_question_and_its_own_key_points() {
    let bank = shipped_bank();
    let labelled = load();
    let mut questions = HashSet::new();
    let mut judgements = 0;
    for answer in &labelled.answers {
        let id = prepbot::domain::QuestionId::parse(&answer.question).unwrap();
        let question = bank
            .question(&id)
            .unwrap_or_else(|| panic!("{} is not in the bank", answer.question));
        for point in &answer.covered {
            assert!(
                question.key_points.contains(point),
                "{}: `{point}` is not one of its key points",
                answer.question
            );
        }
        assert!(
            ["tune", "check"].contains(&answer.split.as_str()),
            "{}: split `{}`",
            answer.question,
            answer.split
        );
        questions.insert(answer.question.clone());
        judgements += question.key_points.len();
    }
    assert!(judgements >= 200, "{judgements} judgements");
    assert!(questions.len() >= 40, "{} questions", questions.len());
}

#[test]
fn the_checker_agrees_with_the_labels_on_the_held_out_answers() {
    let bank = shipped_bank();
    let labelled = load();
    for split in ["tune", "check"] {
        let (figures, misses) = score(&bank, &labelled, split);
        println!(
            "{split}: {} judgements, precision {:.3}, recall {:.3}, F1 {:.3}",
            figures.judgements(),
            figures.precision(),
            figures.recall(),
            figures.f1()
        );
        if split == "tune" {
            for miss in &misses {
                println!("  {miss}");
            }
        }
    }
    let (check, _) = score(&bank, &labelled, "check");
    assert!(
        check.f1() >= CHECK_F1_FLOOR,
        "F1 on the held-out answers fell to {:.3} (floor {CHECK_F1_FLOOR})",
        check.f1()
    );
}
