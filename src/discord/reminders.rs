//! Reminders on Discord: a direct message (open the DM channel, then send
//! into it) with Next review and Stop reminders buttons. The message
//! carries the reminder's nonce with `enforce_nonce`, so a resend after a
//! crash returns the first message instead of a second.

use std::sync::Arc;

use serenity::all::{CreateMessage, Http, HttpError, Nonce, UserId};

use super::render;
use crate::engine::Reminder;
use crate::reminders::{ReminderSender, SendError};

/// Discord's codes for a member who cannot be sent a DM: Cannot send
/// messages to this user (DMs closed, no shared server), Unknown User.
const CANNOT_DM: [isize; 2] = [50_007, 10_013];

#[derive(Clone)]
pub struct DiscordReminders {
    http: Arc<Http>,
}

impl DiscordReminders {
    pub fn new(http: Arc<Http>) -> Self {
        Self { http }
    }
}

fn failed(doing: &str, error: serenity::Error) -> SendError {
    if let serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) = &error
        && CANNOT_DM.contains(&response.error.code)
    {
        return SendError::blocked(format!(
            "Discord refused the direct message ({}: {})",
            response.error.code, response.error.message
        ));
    }
    SendError::retry(format!("{doing}: {error}"))
}

#[async_trait::async_trait]
impl ReminderSender for DiscordReminders {
    async fn remind(&self, reminder: &Reminder) -> Result<(), SendError> {
        let user = reminder
            .member
            .external_id
            .parse::<u64>()
            .ok()
            .filter(|id| *id != 0)
            .map(UserId::new)
            .ok_or_else(|| {
                SendError::blocked(format!(
                    "`{}` is not a Discord user id",
                    reminder.member.external_id
                ))
            })?;
        let channel = user
            .create_dm_channel(&self.http)
            .await
            .map_err(|e| failed("opening the direct message", e))?;
        let (embed, rows) = render::reminder(reminder);
        let message = CreateMessage::new()
            .embed(embed.build())
            .components(rows)
            .nonce(Nonce::String(reminder.nonce.clone()))
            .enforce_nonce(true)
            .allowed_mentions(render::no_pings());
        channel
            .id
            .send_message(&self.http, message)
            .await
            .map_err(|e| failed("sending the reminder", e))?;
        Ok(())
    }
}
