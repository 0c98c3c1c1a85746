//! `/settings export [path]` and `/settings delete [confirm]` in the
//! console: the member's data written to a JSON file, and its deletion,
//! which takes a second command to confirm.

use std::path::PathBuf;

use super::Console;
use crate::engine::EXPORT_FILE_NAME;
use crate::wording;

impl Console {
    /// Writes the export to `typed` (a file, or a folder to put
    /// `prepbot-my-data.json` in), or to the working folder.
    pub(super) async fn export_data(&self, typed: &str) -> String {
        let export = match self.engine.export_member_data(&self.me).await {
            Ok(export) => export,
            Err(error) => return self.failure(error),
        };
        let path = match typed.trim() {
            "" => PathBuf::from(EXPORT_FILE_NAME),
            typed if std::path::Path::new(typed).is_dir() => {
                PathBuf::from(typed).join(EXPORT_FILE_NAME)
            }
            typed => PathBuf::from(typed),
        };
        let path = std::path::absolute(&path).unwrap_or(path);
        match std::fs::write(&path, export.to_json()) {
            Ok(()) => wording::export_written(&export, &path),
            Err(error) => format!(
                "Not written: cannot write {} ({}). Name a file in a folder you can write, \
                 such as /settings export ~/prepbot-my-data.json.",
                path.display(),
                error.kind()
            ),
        }
    }

    /// Without `confirm`, says what would go and how to confirm; with it,
    /// deletes.
    pub(super) async fn delete_data(&mut self, after: &str) -> String {
        if after.eq_ignore_ascii_case("confirm") {
            return match self.engine.delete_member_data(&self.me).await {
                Ok(deleted) => {
                    // The card on screen was theirs, and is gone with the rest.
                    self.current = None;
                    self.interview = None;
                    wording::data_deleted(&deleted, "console")
                }
                Err(error) => self.failure(error),
            };
        }
        if !after.is_empty() {
            return format!(
                "Nothing deleted: `{}` is not `confirm`. Type /settings delete to see what would \
                 go, then /settings delete confirm.",
                crate::domain::text::echo(after)
            );
        }
        match self.engine.member_data_summary(&self.me).await {
            Ok(summary) => wording::delete_question(
                &summary,
                "console",
                "Type /settings delete confirm to go ahead.",
            ),
            Err(error) => self.failure(error),
        }
    }
}
