//! Daily posts on Slack: the question with Reveal and Answer buttons via
//! `chat.postMessage`, and later the answer as a reply in its thread
//! (`thread_ts`).
//!
//! Slack has no nonce, so a resend after a crash between sending a post
//! and marking it sent is made detectable instead: the post's first block
//! carries the post's nonce as its `block_id`, and before sending a post
//! that may already have gone out (one this process has tried before, one
//! that failed before, or one due before this process started), the
//! channel's recent history is searched for that marker. A fresh post, the
//! common case, costs one call.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use slack_morphism::errors::SlackClientError;
use slack_morphism::prelude::*;

use super::blocks::{self, Message};
use crate::engine::{DailyPost, PostReceipt, PublicReveal, WeeklyRecap};
use crate::scheduler::{PostError, Poster};

/// Tries of one message when Slack answers `ratelimited`.
const RATE_LIMITED_TRIES: u32 = 4;
/// The longest `Retry-After` waited out in place; longer waits go back to
/// the scheduler, which tries again later.
const LONGEST_WAIT: Duration = Duration::from_secs(60);
/// How far before its scheduled time a post's first send is looked for.
const HISTORY_SLACK: chrono::Duration = chrono::Duration::minutes(5);
/// Errors that no retry will fix until an admin acts.
const DEAD_CHANNEL: [&str; 3] = ["channel_not_found", "not_in_channel", "is_archived"];

pub struct SlackPoster {
    client: Arc<SlackHyperClient>,
    token: SlackApiToken,
    /// Slack allows about one message a second per channel; a post and a
    /// reveal with no delay would otherwise land in the same instant.
    per_channel: DefaultKeyedRateLimiter<String>,
    /// Posts this process has sent, by post id, so a post whose marking
    /// failed is not sent again.
    sent: Mutex<HashMap<i64, PostReceipt>>,
    /// Posts due before this instant may have been sent by an earlier run.
    started: DateTime<Utc>,
}

impl SlackPoster {
    /// A poster on `client`; posts due before `started` (this process's
    /// start, by the engine's clock) are checked for an earlier send.
    pub fn new(
        client: Arc<SlackHyperClient>,
        token: SlackApiToken,
        started: DateTime<Utc>,
    ) -> Self {
        Self {
            client,
            token,
            per_channel: RateLimiter::keyed(Quota::per_second(NonZeroU32::MIN)),
            sent: Mutex::new(HashMap::new()),
            started,
        }
    }

    /// Sends a message, waiting out `ratelimited` answers.
    async fn post(
        &self,
        channel: &str,
        message: &Message,
        thread: Option<&str>,
    ) -> Result<SlackTs, PostError> {
        let request = SlackApiChatPostMessageRequest::new(
            SlackChannelId::new(channel.to_owned()),
            message.content(),
        )
        .opt_thread_ts(thread.map(|ts| SlackTs::new(ts.to_owned())))
        .with_unfurl_links(false);
        let session = self.client.open_session(&self.token);
        let mut tries = 0;
        loop {
            tries += 1;
            self.per_channel.until_key_ready(&channel.to_owned()).await;
            match session.chat_post_message(&request).await {
                Ok(posted) => return Ok(posted.ts),
                Err(SlackClientError::RateLimitError(limit)) if tries < RATE_LIMITED_TRIES => {
                    crate::metric::rate_limited("slack");
                    let wait = limit.retry_after.unwrap_or(Duration::from_secs(1));
                    if wait > LONGEST_WAIT {
                        return Err(PostError::retry(format!(
                            "Slack asked to wait {} s before posting to {channel}",
                            wait.as_secs()
                        )));
                    }
                    tracing::info!(
                        channel,
                        wait_ms = wait.as_millis() as u64,
                        "Slack rate-limited a post; waiting as asked"
                    );
                    tokio::time::sleep(wait).await;
                }
                Err(error) => return Err(failed(channel, error)),
            }
        }
    }

    /// The first send of `post`, if the channel's history has it. An app
    /// installed without the history scopes cannot look: that is logged
    /// and the post sent, since a certain miss every time prepbot restarts
    /// would be worse than a rare duplicate.
    async fn already_sent(&self, post: &DailyPost) -> Result<Option<SlackTs>, PostError> {
        let oldest = (post.scheduled_at - HISTORY_SLACK).timestamp();
        let request = SlackApiConversationsHistoryRequest::new()
            .with_channel(SlackChannelId::new(post.channel_id.clone()))
            .with_oldest(SlackTs::new(format!("{oldest}.000000")))
            .with_limit(200);
        let history = match self
            .client
            .open_session(&self.token)
            .conversations_history(&request)
            .await
        {
            Ok(history) => history,
            Err(SlackClientError::ApiError(api)) if api.code == "missing_scope" => {
                tracing::warn!(
                    channel = post.channel_id,
                    "cannot check the channel for an earlier send of this daily post: the Slack app lacks channels:history / groups:history (see slack/manifest.yml); sending it"
                );
                return Ok(None);
            }
            Err(error) => return Err(failed(&post.channel_id, error)),
        };
        let marker = blocks::marker(&post.nonce);
        Ok(history
            .messages
            .into_iter()
            .find(|message| {
                message
                    .content
                    .blocks
                    .iter()
                    .flatten()
                    .any(|block| block_id(block).is_some_and(|id| id == marker))
            })
            .map(|message| message.origin.ts))
    }
}

/// A block's id, for the kinds prepbot posts first.
fn block_id(block: &SlackBlock) -> Option<&str> {
    match block {
        SlackBlock::Header(header) => header.block_id.as_ref().map(|id| id.0.as_str()),
        SlackBlock::Section(section) => section.block_id.as_ref().map(|id| id.0.as_str()),
        _ => None,
    }
}

/// Slack's refusal as a `PostError`; a channel that is gone, archived or
/// without prepbot is logged loudly, since only an admin can fix it.
fn failed(channel: &str, error: SlackClientError) -> PostError {
    if let SlackClientError::ApiError(api) = &error
        && DEAD_CHANNEL.contains(&api.code.as_str())
    {
        tracing::error!(
            channel,
            code = api.code,
            "the daily question cannot be posted here: invite prepbot to the channel (/invite @prepbot), unarchive it, or stop its daily question with /prep stop"
        );
        return PostError::channel_refused(format!(
            "Slack refused the post to {channel}: {} (invite prepbot to the channel, or unarchive it, then set the daily question up again)",
            api.code
        ));
    }
    PostError::retry(format!("posting to {channel}: {error}"))
}

#[async_trait::async_trait]
impl Poster for SlackPoster {
    async fn post_daily(&self, post: &DailyPost) -> Result<PostReceipt, PostError> {
        let known = self
            .sent
            .lock()
            .ok()
            .and_then(|sent| sent.get(&post.post_id).cloned());
        if let Some(receipt) = known {
            return Ok(receipt);
        }
        let maybe_sent = post.failed_tries > 0 || post.scheduled_at < self.started;
        let found = if maybe_sent {
            self.already_sent(post).await?
        } else {
            None
        };
        let ts = match found {
            Some(ts) => {
                tracing::info!(
                    channel = post.channel_id,
                    date = post.local_date,
                    "found the daily post already in the channel; not sending it again"
                );
                ts
            }
            None => {
                self.post(&post.channel_id, &blocks::daily_post(post), None)
                    .await?
            }
        };
        let receipt = PostReceipt {
            message_id: ts.to_string(),
            // A Slack thread is named by its parent's ts.
            thread_id: Some(ts.to_string()),
        };
        if let Ok(mut sent) = self.sent.lock() {
            sent.insert(post.post_id, receipt.clone());
        }
        Ok(receipt)
    }

    async fn post_reveal(&self, reveal: &PublicReveal) -> Result<(), PostError> {
        let thread = reveal.thread_id.as_deref().or(reveal.message_id.as_deref());
        self.post(&reveal.channel_id, &blocks::public_reveal(reveal), thread)
            .await?;
        Ok(())
    }

    /// The text first, since it is what counts; then the picture, shared
    /// in the channel. A picture that fails is logged, not retried, so a
    /// retry never posts the text twice.
    async fn post_recap(&self, recap: &WeeklyRecap) -> Result<(), PostError> {
        let text = super::pictures::recap_text(&recap.recap, "Weekly recap");
        self.post(&recap.channel_id, &text, None).await?;
        match crate::picture::recap_png(&recap.recap) {
            Ok(png) => {
                let session = self.client.open_session(&self.token);
                let title = format!("Weekly recap {}", recap.recap.week);
                if let Err(why) = super::pictures::upload(
                    &session,
                    crate::picture::RECAP_FILE,
                    &title,
                    png,
                    Some(&recap.channel_id),
                )
                .await
                {
                    super::pictures::log(&why, "the weekly recap");
                }
            }
            Err(error) => tracing::warn!(
                error = format!("{error:#}"),
                "could not draw the weekly recap"
            ),
        }
        Ok(())
    }
}
