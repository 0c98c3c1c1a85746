//! `prepbot bank check`: a per-topic summary of a good bank, or every fault
//! of a bad one.

use std::path::Path;
use std::process::ExitCode;

use super::EXIT_FAILED;
use crate::bank::{QuestionBank, TopicSummary};

pub fn run(dir: &Path) -> ExitCode {
    match QuestionBank::load(dir) {
        Ok(bank) => {
            let mut out = render_summary(dir, &bank.summary());
            let total = bank.questions().len();
            out += &format!(
                "\n{} of {total} question{} have written choice options.\n",
                bank.with_written_options(),
                plural(total)
            );
            for warning in bank.warnings() {
                out += &format!("warning: {warning}\n");
            }
            super::print_quietly(&out)
        }
        Err(errors) => {
            eprintln!("{errors}");
            eprintln!(
                "The bank in {} was not loaded; fix the lines above and check again.",
                dir.display()
            );
            ExitCode::from(EXIT_FAILED)
        }
    }
}

/// A table of topics with their question counts by difficulty.
pub fn render_summary(dir: &Path, topics: &[TopicSummary<'_>]) -> String {
    let total: usize = topics.iter().map(|t| t.questions).sum();
    let width = topics
        .iter()
        .map(|t| t.topic.id.as_str().len())
        .max()
        .unwrap_or(5)
        .max(5);
    let mut out = format!(
        "{}: {total} question{} in {} topic{}, all valid\n\n",
        dir.display(),
        plural(total),
        topics.len(),
        plural(topics.len())
    );
    out += &format!(
        "{:<width$}  {:>9}  {:>4}  {:>6}  {:>4}  name\n",
        "topic", "questions", "easy", "medium", "hard"
    );
    let mut sums = [0; 3];
    for summary in topics {
        let [easy, medium, hard] = summary.by_difficulty;
        for (sum, count) in sums.iter_mut().zip(summary.by_difficulty) {
            *sum += count;
        }
        out += &format!(
            "{:<width$}  {:>9}  {easy:>4}  {medium:>6}  {hard:>4}  {}\n",
            summary.topic.id.as_str(),
            summary.questions,
            summary.topic.name
        );
    }
    let [easy, medium, hard] = sums;
    out += &format!(
        "{:<width$}  {total:>9}  {easy:>4}  {medium:>6}  {hard:>4}\n",
        "total"
    );
    out
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
