//! HTTP mode: Slack POSTs each slash command (`/slack/commands`), click or
//! modal submission (`/slack/interactions`) and event (`/slack/events`) to
//! `slack.http_listen`. Every request's `X-Slack-Signature` is checked
//! over `v0:{timestamp}:{body}` with the signing secret before anything in
//! it is read; a bad, missing or stale (over 5 minutes) signature gets 401
//! and is logged without its body. A good request is answered 200 at
//! once and its work runs after, as in Socket Mode.

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

use super::{Bot, commands, decode, home, interactions};
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
        decode::verified_body(
            &self.verifier,
            header(SlackEventSignatureVerifier::SLACK_SIGNED_HASH_HEADER),
            header(SlackEventSignatureVerifier::SLACK_SIGNED_TIMESTAMP),
            body,
        )
        .map_err(|why| {
            tracing::warn!(
                path,
                why,
                body_bytes = body.len(),
                "refused a request not signed by Slack"
            );
            StatusCode::UNAUTHORIZED
        })
    }
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
    let event = match decode::command_event(text) {
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
    let event = match decode::interaction_event(text) {
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
    let event = match decode::push_event(text) {
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
