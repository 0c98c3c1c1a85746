//! The built-in answer checker: how well it agrees with the hand-labelled
//! answers (precision, recall, F1 on the tuning and the held-out parts), and
//! how long it takes for a 2,000-character answer.
//!
//! `cargo bench --bench checker`

#[path = "../tests/support/labelled.rs"]
mod labelled;

use std::time::Instant;

fn main() {
    let bank = labelled::shipped_bank();
    let set = labelled::load();
    println!("agreement with tests/data/answers.toml");
    for split in ["tune", "check"] {
        let (figures, _) = labelled::score(&bank, &set, split);
        println!(
            "  {split:<5} {:>4} judgements  precision {:.3}  recall {:.3}  F1 {:.3}",
            figures.judgements(),
            figures.precision(),
            figures.recall(),
            figures.f1()
        );
    }

    // A long answer: the longest labelled one, repeated to 2,000 characters.
    let question = bank
        .questions()
        .iter()
        .max_by_key(|q| q.key_points.len())
        .expect("a question");
    let seed = set
        .answers
        .iter()
        .max_by_key(|a| a.text.len())
        .map(|a| a.text.clone())
        .unwrap_or_default();
    let mut answer = String::new();
    while answer.chars().count() < 2_000 {
        answer.push_str(&seed);
        answer.push(' ');
    }
    let answer: String = answer.chars().take(2_000).collect();
    let mut times = Vec::with_capacity(2_000);
    for _ in 0..2_000 {
        let start = Instant::now();
        let found = bank.checker().check(&answer, &question.key_points);
        std::hint::black_box(found);
        times.push(start.elapsed());
    }
    times.sort();
    let at = |share: f64| times[((times.len() as f64 * share) as usize).min(times.len() - 1)];
    println!(
        "checking a 2,000-character answer against {} key points: p50 {:.3} ms, p99 {:.3} ms",
        question.key_points.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3
    );
}
