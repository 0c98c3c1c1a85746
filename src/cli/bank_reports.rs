//! `prepbot bank reports`: every report members made (or the open ones),
//! from the database, for the bank's maintainers. Each carries the bank's
//! question and answer as they were when reported, so a report still reads
//! right after the bank has changed. `--json` is for scripts.
//!
//! ```text
//! $ prepbot bank reports --open
//! #1 genai-018 · outdated · open
//!   by ada in Study Group (discord), 2026-11-28 08:00 UTC
//!   ...
//! ```

use std::fmt::Write as _;
use std::process::ExitCode;

use serde::Serialize;

use super::{EXIT_FAILED, block_on_value, print_quietly};
use crate::config::Settings;
use crate::engine::{Report, export_reports};
use crate::store::Store;

/// One report as `--json` writes it.
#[derive(Serialize)]
struct Exported<'a> {
    id: i64,
    question_id: &'a str,
    reason: &'static str,
    text: Option<&'a str>,
    /// The bank's question and model answer when it was reported.
    question: &'a str,
    answer: &'a str,
    reporter: &'a str,
    platform: &'a str,
    workspace: &'a str,
    /// RFC 3339, UTC.
    created_at: String,
    /// `open` or `closed`.
    state: &'static str,
    closed_at: Option<String>,
    closed_by: Option<&'a str>,
    close_note: Option<&'a str>,
}

pub fn run(settings: &Settings, open_only: bool, json: bool) -> ExitCode {
    let path = match settings.database.sqlite_file() {
        Ok(path) => path,
        Err(error) => {
            eprintln!("prepbot bank reports: {error:#}");
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let path = &path;
    let read = block_on_value(async {
        let store = Store::open(path).await?;
        let reports = export_reports(&store, open_only).await;
        store.close().await;
        reports
    });
    let reports = match read {
        Ok(Ok(reports)) => reports,
        Ok(Err(error)) => {
            eprintln!(
                "prepbot bank reports: cannot read the reports from {}: {error:#}",
                path.display()
            );
            return ExitCode::from(EXIT_FAILED);
        }
        Err(()) => return ExitCode::from(EXIT_FAILED),
    };
    if json {
        let exported: Vec<Exported> = reports.iter().map(exported).collect();
        match serde_json::to_string_pretty(&exported) {
            Ok(text) => print_quietly(&(text + "\n")),
            Err(error) => {
                eprintln!("prepbot bank reports: cannot write JSON: {error}");
                ExitCode::from(EXIT_FAILED)
            }
        }
    } else {
        print_quietly(&as_text(&reports, open_only))
    }
}

fn exported(report: &Report) -> Exported<'_> {
    let closed = report.closed.as_ref();
    Exported {
        id: report.id,
        question_id: &report.question_id,
        reason: report.reason.as_str(),
        text: report.text.as_deref(),
        question: &report.question,
        answer: &report.answer,
        reporter: &report.reporter,
        platform: &report.platform,
        workspace: &report.workspace,
        created_at: report.created_at.to_rfc3339(),
        state: if closed.is_some() { "closed" } else { "open" },
        closed_at: closed.map(|c| c.at.to_rfc3339()),
        closed_by: closed.and_then(|c| c.by.as_deref()),
        close_note: closed.and_then(|c| c.note.as_deref()),
    }
}

fn as_text(reports: &[Report], open_only: bool) -> String {
    if reports.is_empty() {
        return if open_only {
            "No open reports.\n".to_owned()
        } else {
            "No reports.\n".to_owned()
        };
    }
    let mut out = String::new();
    for report in reports {
        let state = if report.closed.is_some() {
            "closed"
        } else {
            "open"
        };
        let _ = writeln!(
            out,
            "#{} {} · {} · {state}",
            report.id, report.question_id, report.reason
        );
        let _ = writeln!(
            out,
            "  by {} in {} ({}), {}",
            report.reporter,
            report.workspace,
            report.platform,
            report.created_at.format("%Y-%m-%d %H:%M UTC")
        );
        if let Some(text) = &report.text {
            let _ = writeln!(out, "  says: {text}");
        }
        let _ = writeln!(out, "  question then: {}", one_line(&report.question));
        let _ = writeln!(out, "  answer then: {}", one_line(&report.answer));
        if let Some(closed) = &report.closed {
            let by = closed.by.as_deref().unwrap_or("an admin since removed");
            let _ = write!(
                out,
                "  closed by {by}, {}",
                closed.at.format("%Y-%m-%d %H:%M UTC")
            );
            if let Some(note) = &closed.note {
                let _ = write!(out, ": {note}");
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// A multi-line answer on one line, so each report stays a block.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
