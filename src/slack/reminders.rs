//! Reminders on Slack: a direct message from the app, sent with
//! `chat.postMessage` to the member's user id, with Next review and Stop
//! reminders buttons.
//!
//! Slack has no nonce; a crash between sending a reminder and marking it
//! sent can repeat that one reminder (see `engine::reminders`).

use std::sync::Arc;

use slack_morphism::errors::SlackClientError;
use slack_morphism::prelude::*;

use super::blocks;
use crate::engine::Reminder;
use crate::reminders::{ReminderSender, SendError};

/// Errors that mean the member cannot get a DM from prepbot, so trying
/// again tomorrow would fail the same way.
const CANNOT_DM: [&str; 4] = [
    "cannot_dm_user",
    "user_not_found",
    "user_disabled",
    "messages_tab_disabled",
];

pub struct SlackReminders {
    client: Arc<SlackHyperClient>,
    token: SlackApiToken,
}

impl SlackReminders {
    pub fn new(client: Arc<SlackHyperClient>, token: SlackApiToken) -> Self {
        Self { client, token }
    }
}

#[async_trait::async_trait]
impl ReminderSender for SlackReminders {
    async fn remind(&self, reminder: &Reminder) -> Result<(), SendError> {
        let message = blocks::reminder(reminder);
        // A user id as the channel sends to the app's DM with that user.
        let request = SlackApiChatPostMessageRequest::new(
            SlackChannelId::new(reminder.member.external_id.clone()),
            message.content(),
        )
        .with_unfurl_links(false);
        match self
            .client
            .open_session(&self.token)
            .chat_post_message(&request)
            .await
        {
            Ok(_) => Ok(()),
            Err(SlackClientError::ApiError(api)) if CANNOT_DM.contains(&api.code.as_str()) => Err(
                SendError::blocked(format!("Slack refused the direct message: {}", api.code)),
            ),
            Err(error) => Err(SendError::retry(format!("sending the reminder: {error}"))),
        }
    }
}
