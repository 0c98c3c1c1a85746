//! `prepbot bank import`: a CSV file or an Anki text export becomes one
//! topic file of bank TOML in a folder. Every row that cannot be imported
//! is reported by its line and nothing is written; a good import is
//! written whole (a temporary file renamed into place), never half.

use std::path::Path;
use std::process::ExitCode;

use super::{EXIT_BAD_SETTINGS, EXIT_FAILED, print_quietly};
use crate::bank::import::{DeckFormat, ImportTopic, import_deck};
use crate::domain::{Difficulty, TopicId};

pub struct ImportArgs<'a> {
    pub file: &'a Path,
    pub topic: &'a str,
    pub name: Option<&'a str>,
    pub difficulty: Difficulty,
    pub dir: &'a Path,
}

pub fn run(args: &ImportArgs<'_>) -> ExitCode {
    let topic_id = match TopicId::parse(args.topic.trim()) {
        Ok(id) => id,
        Err(message) => {
            eprintln!("prepbot bank import: --topic: {message}");
            return ExitCode::from(EXIT_BAD_SETTINGS);
        }
    };
    let file_name = args.file.display().to_string();
    let text = match std::fs::read(args.file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                eprintln!("prepbot bank import: {file_name} is not UTF-8 text; export it as UTF-8");
                return ExitCode::from(EXIT_FAILED);
            }
        },
        Err(error) => {
            eprintln!("prepbot bank import: cannot read {file_name}: {error}");
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let target = args.dir.join(format!("{}.toml", topic_id.as_str()));
    if target.exists() {
        eprintln!(
            "prepbot bank import: {} already exists; choose another --topic or move that file away (nothing was written)",
            target.display()
        );
        return ExitCode::from(EXIT_FAILED);
    }
    let topic = ImportTopic {
        name: args
            .name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map_or_else(
                || crate::wording::capitalised(topic_id.as_str()),
                str::to_owned,
            ),
        description: crate::domain::text::cut(
            &format!(
                "Imported from {}.",
                args.file
                    .file_name()
                    .map_or(file_name.clone(), |n| n.to_string_lossy().into_owned())
            ),
            200,
        ),
        id: topic_id,
        difficulty: args.difficulty,
    };
    let imported = match import_deck(&text, DeckFormat::of_file(&file_name), &topic) {
        Ok(imported) => imported,
        Err(errors) => {
            for error in &errors {
                eprintln!("{file_name}:{error}");
            }
            let rows = if errors.len() == 1 {
                "1 row".to_owned()
            } else {
                format!("{} rows", errors.len())
            };
            eprintln!(
                "{rows} of {file_name} cannot be imported; nothing was written. Fix them and import again."
            );
            return ExitCode::from(EXIT_FAILED);
        }
    };
    if let Err(error) = write_whole(args.dir, &target, &imported.toml) {
        eprintln!(
            "prepbot bank import: cannot write {}: {error}",
            target.display()
        );
        return ExitCode::from(EXIT_FAILED);
    }
    let mut out = format!(
        "Imported {} into {}.\n",
        crate::wording::counted(imported.questions, "question"),
        target.display()
    );
    if imported.drawn_key_points > 0 {
        out += &format!(
            "{} had no key points; they were drawn from the answer's sentences and are marked \
             in the file for review.\n",
            crate::wording::counted(imported.drawn_key_points, "question")
        );
    }
    out += &format!(
        "Check the folder with: prepbot bank check {}\n",
        args.dir.display()
    );
    print_quietly(&out)
}

/// Writes `text` to a temporary file in `dir`, then renames it to
/// `target`: a reader (or a reload) sees the old folder or the whole file.
fn write_whole(dir: &Path, target: &Path, text: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let partial = target.with_extension("toml.partial");
    std::fs::write(&partial, text)?;
    std::fs::rename(&partial, target).inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })
}
