//! The optional LLM judge: one chat-completions request per typed answer to
//! any OpenAI-compatible endpoint (a local Ollama, vLLM or llama.cpp
//! server, or a hosted API), bounded in time, in concurrency and per member
//! per hour. Every way it can fail becomes a `JudgeFailure`, and the engine
//! lets the built-in checker judge instead.
//!
//! The request is plain JSON over reqwest, which prepbot already carries
//! for Discord: one endpoint does not earn a client library, and the
//! libraries retry 429s on their own, where prepbot must fall back at once.
//! The API key is sent as a bearer token marked sensitive and is never
//! logged; neither are the member's answer or the model's reply text.

mod prompt;
pub mod reply;

use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde_json::json;
use tokio::sync::Semaphore;

use crate::config::{JudgeKind, JudgeSettings, Secret};
use crate::engine::{AnswerJudge, JudgeFailure, JudgeReply, JudgeTask};

pub use prompt::{SYSTEM, user_message};
pub use reply::{Unreadable, parse};

/// Keyed limiters keep one entry per member; past this many, entries of
/// members whose allowance is full again are dropped.
const FORGET_AFTER_MEMBERS: usize = 1_000;

/// An LLM behind an OpenAI-compatible chat-completions endpoint.
pub struct LlmJudge {
    http: reqwest::Client,
    /// `{base_url}/chat/completions`.
    endpoint: String,
    model: String,
    key: Option<Secret>,
    timeout: Duration,
    slots: Semaphore,
    per_member: DefaultKeyedRateLimiter<String>,
    per_hour: NonZeroU32,
}

impl LlmJudge {
    /// The judge `settings` ask for, or `None` for the built-in checker.
    /// `kind = "llm"` without a base URL and model never gets here: the
    /// settings refuse it when they load.
    pub fn from_settings(
        settings: &JudgeSettings,
        key: Option<Secret>,
    ) -> anyhow::Result<Option<Self>> {
        if settings.kind != JudgeKind::Llm {
            return Ok(None);
        }
        let (Some(base), Some(model)) = (&settings.base_url, &settings.model) else {
            anyhow::bail!("judge.kind = \"llm\" needs judge.base_url and judge.model");
        };
        let timeout = Duration::from_secs(settings.timeout_seconds.get());
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("prepbot/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Some(Self {
            http,
            endpoint: format!("{}/chat/completions", base.as_str()),
            model: model.trim().to_owned(),
            key,
            timeout,
            slots: Semaphore::new(settings.max_concurrent.get()),
            per_member: RateLimiter::keyed(Quota::per_hour(settings.per_member_per_hour)),
            per_hour: settings.per_member_per_hour,
        }))
    }

    /// The endpoint, with any password in it hidden, for logs.
    pub fn endpoint(&self) -> String {
        crate::config::redact_url(&self.endpoint)
    }

    fn body(&self, task: &JudgeTask<'_>) -> serde_json::Value {
        json!({
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": user_message(task)},
            ],
        })
    }

    /// One request, its status mapped to a failure and its body read.
    async fn ask(&self, task: &JudgeTask<'_>) -> Result<JudgeReply, JudgeFailure> {
        let mut request = self
            .http
            .post(&self.endpoint)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(self.body(task).to_string());
        if let Some(key) = &self.key {
            // reqwest marks a bearer token sensitive: it prints as such.
            request = request.bearer_auth(key.expose());
        }
        let response = request.send().await.map_err(|error| self.failed(error))?;
        let status = response.status();
        match status.as_u16() {
            200..=299 => {}
            429 => {
                crate::metric::rate_limited("judge");
                return Err(JudgeFailure::RateLimited);
            }
            500..=599 => {
                return Err(JudgeFailure::ServerError {
                    status: status.as_u16(),
                });
            }
            code => {
                tracing::warn!(status = code, endpoint = %self.endpoint(), "the judge endpoint refused the request; check [judge] and PREPBOT_JUDGE_API_KEY");
                return Err(JudgeFailure::Refused { status: code });
            }
        }
        let body = response.bytes().await.map_err(|error| self.failed(error))?;
        parse(&body).map_err(|unreadable| {
            tracing::warn!(%unreadable, bytes = body.len(), "the judge's reply was not usable");
            JudgeFailure::Malformed
        })
    }

    fn failed(&self, error: reqwest::Error) -> JudgeFailure {
        if error.is_timeout() {
            JudgeFailure::TimedOut {
                seconds: self.timeout.as_secs(),
            }
        } else if error.is_decode() || error.is_body() {
            JudgeFailure::Malformed
        } else {
            // Without the URL: it may hold credentials.
            tracing::warn!(error = %error.without_url(), endpoint = %self.endpoint(), "could not reach the judge");
            JudgeFailure::Unreachable
        }
    }
}

#[async_trait]
impl AnswerJudge for LlmJudge {
    async fn judge(&self, member: &str, task: &JudgeTask<'_>) -> Result<JudgeReply, JudgeFailure> {
        if self.per_member.len() > FORGET_AFTER_MEMBERS {
            self.per_member.retain_recent();
        }
        if self.per_member.check_key(&member.to_owned()).is_err() {
            return Err(JudgeFailure::MemberLimit {
                per_hour: self.per_hour.get(),
            });
        }
        let started = Instant::now();
        let timed_out = JudgeFailure::TimedOut {
            seconds: self.timeout.as_secs(),
        };
        // The whole judgement, the wait for a slot included, fits in the
        // timeout: a member is never kept waiting longer than that.
        let Ok(slot) = tokio::time::timeout(self.timeout, self.slots.acquire()).await else {
            return Err(JudgeFailure::Busy);
        };
        let _slot = slot.map_err(|_| JudgeFailure::Busy)?;
        let left = self.timeout.saturating_sub(started.elapsed());
        let result = tokio::time::timeout(left, self.ask(task))
            .await
            .unwrap_or(Err(timed_out));
        let took_ms = started.elapsed().as_millis();
        match &result {
            Ok(_) => tracing::debug!(took_ms, "the judge answered"),
            Err(failure) => tracing::info!(took_ms, %failure, "the judge did not judge"),
        }
        result
    }
}
