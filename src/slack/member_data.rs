//! `/prep settings export` and `/prep settings delete`: a member's data
//! sent privately, and its deletion behind a confirmation button
//! (`pb1:forget`). Slack takes a file only through its upload API (with the
//! `files:write` scope), so the export comes as JSON in code blocks of one
//! private message: as many as Slack's 50 blocks hold, with a note when the
//! rest did not fit.

use slack_morphism::prelude::*;

use super::blocks::{self, Message};
use super::escape::code;
use super::reply::Reply;
use crate::button_id::{Action, ComponentId};
use crate::engine::{Engine, MemberRef};
use crate::wording;

/// Characters of JSON per section block (Slack allows 3,000, with the
/// code fences and escaping inside that).
const CHUNK: usize = 2_800;
/// Sections of JSON per message: Slack allows 50 blocks, and the heading
/// and the note take two.
const MAX_CHUNKS: usize = 45;

/// The caller's export as private code blocks.
pub async fn export(engine: &Engine, me: &MemberRef) -> Reply {
    let export = match engine.export_member_data(me).await {
        Ok(export) => export,
        Err(error) => return Reply::failure(error),
    };
    let json = export.to_json();
    let mut message = blocks::notice("Your data", &wording::data_exported(&export, "workspace"));
    let chunks = chunks(&json, CHUNK);
    let shown: usize = chunks.iter().take(MAX_CHUNKS).map(|c| c.len()).sum();
    for chunk in chunks.iter().take(MAX_CHUNKS) {
        message.blocks.push(
            SlackSectionBlock::new()
                .with_text(SlackBlockMarkDownText::new(format!("```{}```", code(chunk))).into())
                .into(),
        );
    }
    if shown < json.len() {
        message = blocks::with_note(message, &wording::export_cut(shown, json.len()));
    }
    Reply::private(message)
}

/// `text` in pieces of at most `size` bytes, cut after a line where one
/// fits, so each block reads as whole lines of JSON.
fn chunks(text: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > size {
        let mut cut = size;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let at = rest[..cut].rfind('\n').map_or(cut, |newline| newline + 1);
        out.push(&rest[..at]);
        rest = &rest[at..];
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// What a deletion would remove, and the button that does it.
pub async fn ask_to_delete(engine: &Engine, me: &MemberRef) -> Reply {
    let summary = match engine.member_data_summary(me).await {
        Ok(summary) => summary,
        Err(error) => return Reply::failure(error),
    };
    let text = wording::delete_question(
        &summary,
        "workspace",
        &format!("Press {} below to go ahead.", wording::DELETE_BUTTON),
    );
    let mut message: Message = blocks::notice("Delete your data?", &text);
    let button =
        SlackBlockButtonElement::new(SlackBlockPlainTextOnly::from(wording::DELETE_BUTTON))
            .with_action_id(SlackActionId::new(
                ComponentId::alone(Action::Forget).to_string(),
            ))
            .with_style(SlackBlockButtonStyle::Danger);
    message
        .blocks
        .push(SlackActionsBlock::new(vec![button.into()]).into());
    Reply::private(message)
}

/// The confirmation button, pressed.
pub async fn forget(engine: &Engine, me: &MemberRef) -> Reply {
    match engine.delete_member_data(me).await {
        Ok(deleted) => Reply::notice("Your data", &wording::data_deleted(&deleted, "workspace")),
        Err(error) => Reply::failure(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_is_cut_into_whole_lines_that_together_are_the_whole_text() {
        let text: String = (0..400).map(|i| format!("  \"line\": {i},\n")).collect();
        let pieces = chunks(&text, 100);
        assert_eq!(pieces.concat(), text);
        assert!(pieces.iter().all(|p| p.len() <= 100 && p.ends_with('\n')));
    }
}
