//! HTTP mode: Slack POSTs each slash command (`/slack/commands`), click or
//! modal submission (`/slack/interactions`) and event (`/slack/events`) to
//! `slack.http_listen`. Every request's `X-Slack-Signature` is checked
//! over `v0:{timestamp}:{body}` with the signing secret before anything in
//! it is read; a bad, missing or stale (over 5 minutes) signature gets 401
//! and is logged without its body. A good request is answered 200 at
//! once and its work runs after, as in Socket Mode.

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use slack_morphism::prelude::*;
use slack_morphism::signature_verifier::SlackEventSignatureVerifier;

use super::{Bot, commands, home, interactions};
use crate::config::Secret;

#[derive(Clone)]
struct Listener {
    bot: Arc<Bot>,
    verifier: SlackEventSignatureVerifier,
}

/// Serves Slack's requests on `listen` until `shutdown` completes.
pub async fn serve(
    bot: Arc<Bot>,
    listen: SocketAddr,
    signing_secret: &Secret,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let verifier = SlackEventSignatureVerifier::new(&SlackSigningSecret::new(
        signing_secret.expose().to_owned(),
    ));
    let app = Router::new()
        .route("/slack/commands", axum::routing::post(on_command))
        .route("/slack/interactions", axum::routing::post(on_interaction))
        .route("/slack/events", axum::routing::post(on_event))
        .with_state(Listener { bot, verifier });
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("listening for Slack on {listen} (slack.http_listen)"))?;
    tracing::info!(%listen, "listening for Slack's signed requests");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .context("serving Slack's requests")
}

impl Listener {
    /// The body as text if its signature is Slack's and fresh; else the
    /// 401 to answer.
    fn verified<'a>(
        &self,
        path: &str,
        headers: &HeaderMap,
        body: &'a Bytes,
    ) -> Result<&'a str, StatusCode> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let refuse = |why: &str| {
            tracing::warn!(
                path,
                why,
                body_bytes = body.len(),
                "refused a request not signed by Slack"
            );
            StatusCode::UNAUTHORIZED
        };
        let (Some(signature), Some(timestamp)) = (
            header(SlackEventSignatureVerifier::SLACK_SIGNED_HASH_HEADER),
            header(SlackEventSignatureVerifier::SLACK_SIGNED_TIMESTAMP),
        ) else {
            return Err(refuse("missing signature headers"));
        };
        let Ok(text) = std::str::from_utf8(body) else {
            return Err(refuse("a body that is not UTF-8"));
        };
        match self.verifier.verify(signature, text, timestamp) {
            Ok(()) => Ok(text),
            Err(error) => Err(refuse(&error.to_string())),
        }
    }
}

/// Form fields as a JSON object, for serde to read as Slack's models.
fn form(text: &str) -> serde_json::Value {
    let fields: HashMap<String, String> = url::form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect();
    serde_json::json!(fields)
}

fn unreadable(path: &str, error: serde_json::Error) -> Response {
    tracing::warn!(path, %error, "could not read a signed Slack request");
    StatusCode::BAD_REQUEST.into_response()
}

async fn on_command(State(listener): State<Listener>, headers: HeaderMap, body: Bytes) -> Response {
    let path = "/slack/commands";
    let text = match listener.verified(path, &headers, &body) {
        Ok(text) => text,
        Err(refused) => return refused.into_response(),
    };
    let event: SlackCommandEvent = match serde_json::from_value(form(text)) {
        Ok(event) => event,
        Err(error) => return unreadable(path, error),
    };
    let bot = listener.bot.clone();
    tokio::spawn(async move { commands::run(&bot, event).await });
    StatusCode::OK.into_response()
}

async fn on_interaction(
    State(listener): State<Listener>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = "/slack/interactions";
    let text = match listener.verified(path, &headers, &body) {
        Ok(text) => text,
        Err(refused) => return refused.into_response(),
    };
    let payload = form(text)["payload"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let event: SlackInteractionEvent = match serde_json::from_str(&payload) {
        Ok(event) => event,
        Err(error) => return unreadable(path, error),
    };
    let bot = listener.bot.clone();
    tokio::spawn(async move { interactions::run(&bot, event).await });
    StatusCode::OK.into_response()
}

async fn on_event(State(listener): State<Listener>, headers: HeaderMap, body: Bytes) -> Response {
    let path = "/slack/events";
    let text = match listener.verified(path, &headers, &body) {
        Ok(text) => text,
        Err(refused) => return refused.into_response(),
    };
    let event: SlackPushEvent = match serde_json::from_str(text) {
        Ok(event) => event,
        Err(error) => return unreadable(path, error),
    };
    match event {
        // Slack checks the URL when an admin saves it in the app's settings.
        SlackPushEvent::UrlVerification(check) => check.challenge.into_response(),
        SlackPushEvent::EventCallback(callback) => {
            if let SlackEventCallbackBody::AppHomeOpened(opened) = callback.event
                && opened.tab.as_deref() != Some("messages")
            {
                let bot = listener.bot.clone();
                let team = callback.team_id.to_string();
                tokio::spawn(async move { home::publish(&bot, &team, opened.user.as_ref()).await });
            }
            StatusCode::OK.into_response()
        }
        _ => StatusCode::OK.into_response(),
    }
}
