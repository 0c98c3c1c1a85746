//! Daily posts on Discord: the question as an embed with Reveal and Answer
//! buttons, a thread under it for discussion, and later the answer in that
//! thread. The post carries the scheduler's nonce with `enforce_nonce`, so
//! a resend after a crash returns the first message instead of a second.

use std::sync::Arc;

use serenity::all::{
    AutoArchiveDuration, ChannelId, CreateMessage, CreateThread, Http, HttpError, MessageId,
    MessageReference, Nonce,
};

use super::render;
use crate::engine::{DailyPost, PostReceipt, PublicReveal, WeeklyRecap};
use crate::scheduler::{PostError, Poster};

/// Discord's error code for "a thread has already been created for this
/// message".
const THREAD_ALREADY_EXISTS: isize = 160_004;

/// Discord's codes for a channel that will take no post until someone acts:
/// Unknown Channel, Missing Access, Missing Permissions.
const CHANNEL_REFUSED: [isize; 3] = [10_003, 50_001, 50_013];

#[derive(Clone)]
pub struct DiscordPoster {
    http: Arc<Http>,
}

impl DiscordPoster {
    pub fn new(http: Arc<Http>) -> Self {
        Self { http }
    }

    /// Opens the discussion thread. A thread started from a message shares
    /// its id, so one that already exists (a resend) is found, not lost. A
    /// thread that cannot be opened (no permission) leaves the post as it
    /// is: the question went out, which is what counts.
    async fn open_thread(
        &self,
        channel: ChannelId,
        message: MessageId,
        name: String,
    ) -> Option<String> {
        let thread = CreateThread::new(name).auto_archive_duration(AutoArchiveDuration::OneDay);
        match channel
            .create_thread_from_message(&self.http, message, thread)
            .await
        {
            Ok(thread) => Some(thread.id.to_string()),
            Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(response)))
                if response.error.code == THREAD_ALREADY_EXISTS =>
            {
                Some(message.to_string())
            }
            Err(error) => {
                tracing::warn!(%error, %channel, "could not open the daily question's thread");
                None
            }
        }
    }
}

fn channel_id(text: &str) -> Result<ChannelId, PostError> {
    text.parse::<u64>()
        .ok()
        .filter(|id| *id != 0)
        .map(ChannelId::new)
        .ok_or_else(|| PostError::retry(format!("`{text}` is not a Discord channel id")))
}

fn failed(doing: &str, error: serenity::Error) -> PostError {
    if let serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) = &error
        && CHANNEL_REFUSED.contains(&response.error.code)
    {
        return PostError::channel_refused(format!(
            "{doing}: Discord refused it ({}: {}); give prepbot View Channel, Send Messages and \
             Embed Links there (or pick another channel), then set the daily question up again",
            response.error.code, response.error.message
        ));
    }
    PostError::retry(format!("{doing}: {error}"))
}

#[async_trait::async_trait]
impl Poster for DiscordPoster {
    async fn post_daily(&self, post: &DailyPost) -> Result<PostReceipt, PostError> {
        let channel = channel_id(&post.channel_id)?;
        let (embed, rows) = render::daily_post(post);
        let message = CreateMessage::new()
            .embed(embed.build())
            .components(rows)
            .nonce(Nonce::String(post.nonce.clone()))
            .enforce_nonce(true)
            .allowed_mentions(render::no_pings());
        let sent = channel
            .send_message(&self.http, message)
            .await
            .map_err(|e| failed("posting the daily question", e))?;
        let thread_id = self
            .open_thread(channel, sent.id, render::thread_name(post))
            .await;
        Ok(PostReceipt {
            message_id: sent.id.to_string(),
            thread_id,
        })
    }

    async fn post_reveal(&self, reveal: &PublicReveal) -> Result<(), PostError> {
        let embed = render::public_reveal(reveal).build();
        let mut message = CreateMessage::new()
            .embed(embed)
            .allowed_mentions(render::no_pings());
        // In the thread when there is one, else as a reply to the post.
        let target = match &reveal.thread_id {
            Some(thread) => channel_id(thread)?,
            None => {
                let channel = channel_id(&reveal.channel_id)?;
                if let Some(message_id) = reveal
                    .message_id
                    .as_deref()
                    .and_then(|m| m.parse::<u64>().ok())
                    .filter(|id| *id != 0)
                {
                    message = message.reference_message(MessageReference::from((
                        channel,
                        MessageId::new(message_id),
                    )));
                }
                channel
            }
        };
        target
            .send_message(&self.http, message)
            .await
            .map_err(|e| failed("posting the daily answer", e))?;
        Ok(())
    }

    async fn post_recap(&self, recap: &WeeklyRecap) -> Result<(), PostError> {
        channel_id(&recap.channel_id)?
            .send_message(&self.http, super::pictures::recap_message(&recap.recap))
            .await
            .map_err(|e| failed("posting the weekly recap", e))?;
        Ok(())
    }
}
