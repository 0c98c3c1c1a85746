//! What prepbot says about a member's own data: the export it hands over,
//! the question before a deletion, and what a deletion removed.

use super::counted;
use crate::engine::{DataSummary, Deleted, MemberExport};

/// The label of the button that confirms a deletion.
pub const DELETE_BUTTON: &str = "Delete my data";

/// Beside the export file. `place` is "server" on Discord, "workspace"
/// elsewhere.
pub fn data_exported(export: &MemberExport, place: &str) -> String {
    let suggestions = export.suggested_questions.len();
    format!(
        "Everything prepbot keeps about you in this {place}: {} over {}, your streak and \
         points, {}, your settings, {} and {}. The file is JSON (schema version {}), taken at {} \
         UTC.",
        counted(export.attempts.len(), "graded answer"),
        counted(export.practice_days.len(), "practice day"),
        counted(export.review_cards.len(), "review card"),
        counted(export.reports.len(), "report"),
        counted(suggestions, "suggested question"),
        export.schema_version,
        export
            .exported_at
            .get(..16)
            .unwrap_or(&export.exported_at)
            .replace('T', " "),
    )
}

/// The question before a deletion. `how_to_confirm` says what to press or
/// type, in the front-end's words.
pub fn delete_question(summary: &DataSummary, place: &str, how_to_confirm: &str) -> String {
    format!(
        "This deletes everything prepbot keeps about you in this {place}: {} over {}, your \
         streak, points and place on the leaderboards, {}, your time zone, reminders and \
         interview date, {} and {}. Questions of yours an admin approved stay in the {place}'s \
         bank without your name. It cannot be undone; export your data first if you want a \
         copy.\n{how_to_confirm} Doing nothing deletes nothing.",
        counted(summary.attempts, "graded answer"),
        counted(summary.days_practised, "practice day"),
        counted(summary.review_cards, "review card"),
        counted(summary.reports, "report"),
        counted(summary.suggestions, "waiting suggestion"),
    )
}

/// After a deletion.
pub fn data_deleted(deleted: &Deleted, place: &str) -> String {
    if deleted.members == 0 {
        return format!(
            "prepbot keeps nothing about you in this {place}; there was nothing to delete."
        );
    }
    format!(
        "Deleted: your data in this {place} is gone ({}, {}, your settings and streak). If you \
         use prepbot here again, you start afresh.",
        counted(deleted.attempts as usize, "graded answer"),
        counted(deleted.review_cards as usize, "review card"),
    )
}

/// Where the console wrote the export.
pub fn export_written(export: &MemberExport, path: &std::path::Path) -> String {
    format!(
        "{}\nWritten to {}",
        data_exported(export, "console"),
        path.display()
    )
}

/// Under an export that had to be cut to fit one message.
pub fn export_cut(shown: usize, total: usize) -> String {
    format!(
        "Cut: this shows the first {shown} of the export's {total} characters, as much as one \
         message holds; the rest did not fit."
    )
}
