//! Sending a reply where Slack expects it. A slash command or a click is
//! acknowledged on the socket at once; its reply follows through the
//! `response_url` Slack gave with it (ephemeral unless the reply is meant
//! for the channel), or through the Web API when there is none (a modal's
//! submission, the App Home). A reply Slack rate-limits is sent again once
//! Slack allows (`patience`); other failures to send are logged, as there
//! is no one left to tell.

use serde::Serialize;
use slack_morphism::prelude::*;

use super::blocks::{self, Message};
use super::patience::{PATIENCE, retrying};
use super::{Bot, Where};
use crate::engine::EngineError;

/// A reply and who sees it.
#[derive(Debug, Clone)]
pub struct Reply {
    pub message: Message,
    /// For the whole channel; otherwise for the caller alone.
    pub public: bool,
}

impl Reply {
    pub fn private(message: Message) -> Self {
        Self {
            message,
            public: false,
        }
    }

    pub fn public(message: Message) -> Self {
        Self {
            message,
            public: true,
        }
    }

    pub fn notice(title: &str, text: &str) -> Self {
        Self::private(blocks::notice(title, text))
    }

    /// "Not done", and why; always private.
    pub fn refusal(text: &str) -> Self {
        Self::notice("Not done", text)
    }

    /// What a member sees when the engine says no, or fails.
    pub fn failure(error: EngineError) -> Self {
        Self::refusal(&error.message_for_people("Slack"))
    }
}

/// A `response_url` message. Never `replace_original`: a card in the
/// channel stays as it is for everyone else.
#[derive(Serialize)]
struct ResponseUrlMessage<'a> {
    response_type: &'static str,
    replace_original: bool,
    text: &'a str,
    blocks: &'a [SlackBlock],
}

impl Bot {
    /// Sends `reply` to where the request came from.
    pub async fn send(&self, to: &Where, reply: &Reply) {
        let sent = match (&to.response_url, &to.channel) {
            (Some(url), _) => retrying(PATIENCE, || self.to_response_url(url, reply)).await,
            (None, Some(channel)) if !reply.public => {
                let request = SlackApiChatPostEphemeralRequest::new(
                    SlackChannelId::new(channel.clone()),
                    SlackUserId::new(to.user.clone()),
                    reply.message.content(),
                );
                retrying(PATIENCE, || async {
                    self.session()
                        .chat_post_ephemeral(&request)
                        .await
                        .map(|_| ())
                })
                .await
            }
            // No channel (the App Home): the app's direct messages with
            // the member, which only they see.
            (None, channel) => {
                let target = channel.clone().unwrap_or_else(|| to.user.clone());
                let request = SlackApiChatPostMessageRequest::new(
                    SlackChannelId::new(target),
                    reply.message.content(),
                );
                retrying(PATIENCE, || async {
                    self.session().chat_post_message(&request).await.map(|_| ())
                })
                .await
            }
        };
        if let Err(error) = sent {
            tracing::warn!(
                error = format!("{:#}", anyhow::Error::from(error)),
                user = to.user,
                "could not send a Slack reply"
            );
        }
    }

    async fn to_response_url(
        &self,
        url: &SlackResponseUrl,
        reply: &Reply,
    ) -> Result<(), slack_morphism::errors::SlackClientError> {
        let body = ResponseUrlMessage {
            response_type: if reply.public {
                "in_channel"
            } else {
                "ephemeral"
            },
            replace_original: false,
            text: &reply.message.text,
            blocks: &reply.message.blocks,
        };
        let span = tracing::debug_span!("Slack response_url");
        let context = SlackClientApiCallContext {
            rate_control_params: None,
            token: None,
            tracing_span: &span,
            // The URL is a credential for this one reply; keep it out of logs.
            is_sensitive_url: true,
        };
        self.client
            .http_api
            .connector
            .http_post_uri::<_, SlackApiPostWebhookMessageResponse>(
                url.value().clone(),
                &body,
                context,
            )
            .await?;
        Ok(())
    }
}
