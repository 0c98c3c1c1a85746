//! `prepbot bank try`: one answer checked against one question's key points
//! with the checker in effect, for bank authors trying their key points and
//! operators trying the checker.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use serde::Serialize;

use super::{EXIT_BAD_SETTINGS, EXIT_FAILED, print_quietly};
use crate::bank::QuestionBank;
use crate::domain::QuestionId;
use crate::engine::{MAX_ANSWER_CHARS, answer_verdict};

#[derive(Serialize)]
struct Tried<'a> {
    question_id: &'a str,
    judge: &'static str,
    key_points: Vec<KeyPoint<'a>>,
    feedback: String,
}

#[derive(Serialize)]
struct KeyPoint<'a> {
    text: &'a str,
    covered: bool,
}

pub fn run(dir: &Path, question_id: &str, answer: &str, json: bool) -> ExitCode {
    let bank = match QuestionBank::load(dir) {
        Ok(bank) => bank,
        Err(errors) => {
            eprintln!("{errors}");
            eprintln!(
                "The bank in {} was not loaded; fix the lines above first.",
                dir.display()
            );
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let unknown = || {
        eprintln!(
            "prepbot bank try: there is no question `{}` in {}; question ids look like genai-016",
            crate::domain::text::echo(question_id),
            dir.display()
        );
        ExitCode::from(EXIT_BAD_SETTINGS)
    };
    let Ok(id) = QuestionId::parse(question_id.trim()) else {
        return unknown();
    };
    let Some(question) = bank.question(&id) else {
        return unknown();
    };
    let chars = answer.chars().count();
    if answer.trim().is_empty() || chars > MAX_ANSWER_CHARS {
        eprintln!(
            "prepbot bank try: the answer must be 1 to {MAX_ANSWER_CHARS} characters (it is {chars})"
        );
        return ExitCode::from(EXIT_BAD_SETTINGS);
    }
    let started = Instant::now();
    let matches = bank.checker().check(answer, &question.key_points);
    let took = started.elapsed();
    let covered = matches.iter().filter(|m| m.covered).count();
    let tried = Tried {
        question_id: id.as_str(),
        judge: "keypoints",
        key_points: matches
            .iter()
            .map(|m| KeyPoint {
                text: &m.key_point,
                covered: m.covered,
            })
            .collect(),
        feedback: answer_verdict(covered, matches.len()),
    };
    if json {
        return match serde_json::to_string_pretty(&tried) {
            Ok(text) => print_quietly(&(text + "\n")),
            Err(error) => {
                eprintln!("prepbot bank try: {error}");
                ExitCode::from(EXIT_FAILED)
            }
        };
    }
    let mut out = format!("{} {}\n", question.id, question.question);
    for point in &tried.key_points {
        let mark = if point.covered { "covered" } else { "missed " };
        out += &format!("  {mark}  {}\n", point.text);
    }
    out += &format!(
        "{}\n(built-in key-point checker, {:.2} ms)\n",
        tried.feedback,
        took.as_secs_f64() * 1e3
    );
    print_quietly(&out)
}
