//! Reloading the question bank while prepbot runs: the folder is read and
//! checked in full first, and only a bank without faults replaces the one
//! serving, in one swap, so no request sees half of each. Cards keep the
//! text they showed (see `history`); decks pass over questions that left
//! and take in new ones; review cards follow their question's id.

use std::collections::HashMap;
use std::sync::Arc;

use super::Engine;
use crate::bank::{BankError, BankErrors, QuestionBank};

/// What a reload changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BankChanges {
    pub questions: usize,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Questions whose text, answer or key points changed.
    pub changed: Vec<String>,
    /// Questions that moved to another topic.
    pub moved: Vec<String>,
}

impl Engine {
    /// Re-reads the bank folder the engine was built with. A bank with
    /// faults is refused with every fault listed, and the old one keeps
    /// serving.
    pub async fn reload_bank(&self) -> Result<BankChanges, BankErrors> {
        let dir = self.config.bank_dir.clone();
        let loaded = tokio::task::spawn_blocking(move || QuestionBank::load(&dir))
            .await
            .unwrap_or_else(|error| {
                Err(BankErrors(vec![BankError {
                    file: self.config.bank_dir.display().to_string(),
                    position: None,
                    message: format!("reading the bank stopped: {error}"),
                }]))
            })?;
        Ok(self.replace_bank(loaded))
    }

    /// Serves `bank` from now on and says what changed.
    pub fn replace_bank(&self, bank: QuestionBank) -> BankChanges {
        let new = Arc::new(bank);
        let old = {
            let mut serving = self
                .bank
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            std::mem::replace(&mut *serving, new.clone())
        };
        // Workspace banks were built on the old one.
        self.forget_workspace_banks();
        let changes = compare(&old, &new);
        tracing::info!(
            questions = changes.questions,
            added = changes.added.len(),
            removed = changes.removed.len(),
            changed = changes.changed.len(),
            moved = changes.moved.len(),
            "reloaded the question bank"
        );
        // Daily decks draw from the bank at each post: nothing to redo,
        // but the planner may now have more or fewer questions to offer.
        self.daily_changes.notify_waiters();
        changes
    }
}

fn compare(old: &QuestionBank, new: &QuestionBank) -> BankChanges {
    let before: HashMap<&str, _> = old.questions().iter().map(|q| (q.id.as_str(), q)).collect();
    let mut changes = BankChanges {
        questions: new.questions().len(),
        ..BankChanges::default()
    };
    for question in new.questions() {
        match before.get(question.id.as_str()) {
            None => changes.added.push(question.id.to_string()),
            Some(was) => {
                if was.question != question.question
                    || was.answer != question.answer
                    || was.key_points != question.key_points
                {
                    changes.changed.push(question.id.to_string());
                }
                if was.topic != question.topic {
                    changes.moved.push(question.id.to_string());
                }
            }
        }
    }
    let after: HashMap<&str, ()> = new
        .questions()
        .iter()
        .map(|q| (q.id.as_str(), ()))
        .collect();
    changes.removed = old
        .questions()
        .iter()
        .filter(|q| !after.contains_key(q.id.as_str()))
        .map(|q| q.id.to_string())
        .collect();
    changes
}
