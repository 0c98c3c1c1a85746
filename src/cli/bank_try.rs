//! `prepbot bank try`: one answer checked against one question's key points
//! with the checker in effect (the built-in one, or the LLM judge when
//! `[judge]` asks for it), for bank authors trying their key points and
//! operators trying the judge's endpoint. It prints how long it took.

use std::process::ExitCode;
use std::time::Instant;

use serde::Serialize;

use super::{EXIT_BAD_SETTINGS, EXIT_FAILED, block_on_value, print_quietly};
use crate::bank::QuestionBank;
use crate::config::{Secrets, Settings};
use crate::domain::QuestionId;
use crate::engine::{AnswerJudge, JudgedBy, MAX_ANSWER_CHARS, answer_verdict, judge_or_check};
use crate::judge::LlmJudge;

#[derive(Serialize)]
struct Tried<'a> {
    question_id: &'a str,
    judge: &'static str,
    key_points: Vec<KeyPoint<'a>>,
    feedback: String,
    /// Why the built-in checker judged although the LLM judge is set up.
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback: Option<String>,
    latency_ms: f64,
}

#[derive(Serialize)]
struct KeyPoint<'a> {
    text: &'a str,
    covered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<&'a str>,
}

pub fn run(settings: &Settings, question_id: &str, answer: &str, json: bool) -> ExitCode {
    let dir = &settings.bank.questions_dir;
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
    let judge = match LlmJudge::from_settings(&settings.judge, Secrets::from_env().judge_api_key) {
        Ok(judge) => judge,
        Err(error) => {
            eprintln!("prepbot bank try: {error}");
            return ExitCode::from(EXIT_BAD_SETTINGS);
        }
    };
    let started = Instant::now();
    let judged = block_on_value(judge_or_check(
        judge.as_ref().map(|judge| judge as &dyn AnswerJudge),
        bank.checker(),
        "bank-try",
        question,
        answer,
    ));
    let Ok((matches, judged_by)) = judged else {
        return ExitCode::from(EXIT_FAILED);
    };
    let took = started.elapsed();
    let covered = matches.iter().filter(|m| m.covered).count();
    let verdict = answer_verdict(covered, matches.len());
    let (judge_name, feedback, fallback) = match &judged_by {
        JudgedBy::KeyPoints => ("keypoints", verdict, None),
        JudgedBy::Llm(llm) => ("llm", llm.feedback.clone(), None),
        JudgedBy::Fallback(failure) => ("keypoints", verdict, Some(failure.to_string())),
    };
    let tried = Tried {
        question_id: id.as_str(),
        judge: judge_name,
        key_points: matches
            .iter()
            .map(|m| KeyPoint {
                text: &m.key_point,
                covered: m.covered,
                evidence: m.evidence.as_deref(),
            })
            .collect(),
        feedback,
        fallback,
        latency_ms: (took.as_secs_f64() * 1e5).round() / 100.0,
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
    for found in &matches {
        let mark = if found.covered { "covered" } else { "missed " };
        out += &format!("  {mark}  {}\n", crate::wording::key_point_line(found));
    }
    let who = match (&judged_by, &judge) {
        (JudgedBy::Llm(_), Some(judge)) => format!("LLM judge at {}", judge.endpoint()),
        (JudgedBy::Fallback(_), _) => "built-in key-point checker, standing in".to_owned(),
        _ => "built-in key-point checker".to_owned(),
    };
    let verdict = answer_verdict(covered, matches.len());
    out += &format!("{verdict}\n");
    if let Some(note) = crate::wording::judged_note(&judged_by) {
        out += &format!("{note}\n");
    }
    out += &format!("({who}, {:.2} ms)\n", tried.latency_ms);
    print_quietly(&out)
}
