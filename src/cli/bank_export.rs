//! `prepbot bank export --workspace ID DIR`: a workspace's approved
//! questions written as bank files, one per topic, that `prepbot bank
//! check DIR` accepts, so a group can send its questions upstream. Ids
//! become the bank's kind: `ws-3` of topic `vaes` is written `vaes-ws3`.
//!
//! ```text
//! $ prepbot bank export --workspace console exported
//! Wrote 2 questions in 1 file to exported: vaes.toml
//! ```

use std::path::Path;
use std::process::ExitCode;

use super::{EXIT_FAILED, block_on_value, print_quietly};
use crate::bank::{QuestionBank, bank_file};
use crate::config::Settings;
use crate::engine::export_workspace_questions;
use crate::store::Store;

pub fn run(settings: &Settings, workspace: &str, dir: &Path) -> ExitCode {
    let bank = match QuestionBank::load(&settings.bank.questions_dir) {
        Ok(bank) => bank,
        Err(errors) => {
            eprintln!("{errors}");
            eprintln!(
                "prepbot bank export: the bank in {} has faults; its topics are needed to write \
                 the files.",
                settings.bank.questions_dir.display()
            );
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let path = match settings.database.sqlite_file() {
        Ok(path) => path,
        Err(error) => {
            eprintln!("prepbot bank export: {error:#}");
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let path = &path;
    let read = block_on_value(async {
        let store = Store::open(path).await?;
        let exported = export_workspace_questions(&store, &bank, workspace).await;
        store.close().await;
        exported
    });
    let topics = match read {
        Ok(Ok(topics)) => topics,
        Ok(Err(error)) => {
            eprintln!("prepbot bank export: {error:#}");
            return ExitCode::from(EXIT_FAILED);
        }
        Err(()) => return ExitCode::from(EXIT_FAILED),
    };
    if topics.is_empty() {
        eprintln!(
            "prepbot bank export: workspace `{workspace}` has no approved questions; nothing \
             written."
        );
        return ExitCode::from(EXIT_FAILED);
    }
    if let Err(error) = std::fs::create_dir_all(dir) {
        eprintln!(
            "prepbot bank export: cannot create {}: {error}",
            dir.display()
        );
        return ExitCode::from(EXIT_FAILED);
    }
    let mut names = Vec::new();
    let mut count = 0;
    for (topic, questions) in &topics {
        let name = format!("{}.toml", topic.id);
        let file = dir.join(&name);
        if let Err(error) = std::fs::write(&file, bank_file(topic, questions)) {
            eprintln!(
                "prepbot bank export: cannot write {}: {error}",
                file.display()
            );
            return ExitCode::from(EXIT_FAILED);
        }
        count += questions.len();
        names.push(name);
    }
    print_quietly(&format!(
        "Wrote {count} question{} in {} file{} to {}: {}\n",
        if count == 1 { "" } else { "s" },
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        dir.display(),
        names.join(", ")
    ))
}
