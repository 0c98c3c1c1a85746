//! `/settings data`: a member's export as a private JSON attachment, and
//! the deletion of their data behind a confirmation button (`pb1:forget`).
//! Nothing is deleted until that button is pressed by the member it was
//! shown to (its reply is ephemeral, and a click deletes only the clicker's
//! own data).

use serenity::all::{ButtonStyle, CreateActionRow, CreateButton};

use super::Bot;
use super::commands::refused;
use super::custom_id::{Action, ComponentId};
use super::reply::Reply;
use crate::engine::{EXPORT_FILE_NAME, Engine, MemberRef};
use crate::wording;

/// The caller's data as `prepbot-my-data.json`, with what it holds.
pub async fn export(engine: &Engine, me: &MemberRef) -> Reply {
    match engine.export_member_data(me).await {
        Ok(export) => Reply::notice("Your data", &wording::data_exported(&export, "server"))
            .with_file(EXPORT_FILE_NAME, export.to_json().into_bytes()),
        Err(error) => refused(error),
    }
}

/// What a deletion would remove, and the button that does it.
pub async fn ask_to_delete(engine: &Engine, me: &MemberRef) -> Reply {
    match engine.member_data_summary(me).await {
        Ok(summary) => {
            let text = wording::delete_question(
                &summary,
                "server",
                &format!("Press {} below to go ahead.", wording::DELETE_BUTTON),
            );
            let button = CreateButton::new(ComponentId::alone(Action::Forget).to_string())
                .label(wording::DELETE_BUTTON)
                .style(ButtonStyle::Danger);
            let mut reply = Reply::notice("Delete your data?", &text);
            reply.rows = vec![CreateActionRow::Buttons(vec![button])];
            reply
        }
        Err(error) => refused(error),
    }
}

/// The confirmation button, pressed.
pub async fn forget(bot: &Bot, who: &MemberRef) -> Reply {
    match bot.engine.delete_member_data(who).await {
        Ok(deleted) => Reply::notice("Your data", &wording::data_deleted(&deleted, "server")),
        Err(error) => refused(error),
    }
}
