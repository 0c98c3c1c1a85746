//! The Slack front-end: `/prep` and its subcommands, Block Kit cards with
//! Reveal/Answer and grade buttons, the answer modal, and daily posts with
//! their reveal in a thread. It turns Slack's ids into the engine's
//! `MemberRef`s and the engine's replies into Block Kit; nothing here
//! decides what a grade is worth or when a post is due.
//!
//! Slack reaches prepbot over Socket Mode: prepbot asks
//! `apps.connections.open` for a WebSocket URL, Slack sends each slash
//! command, click and event as an envelope, and prepbot acknowledges the
//! envelope at once, then does the work and replies through the
//! `response_url` or the Web API (Slack drops anything unacknowledged
//! after 3 seconds). With `slack.mode = "http"`, Slack POSTs the same
//! requests, signed, to `slack.http_listen` instead (see `http`).
//!
//! ```text
//! SLACK_BOT_TOKEN=xoxb-... SLACK_APP_TOKEN=xapp-... prepbot run
//! /prep quiz transformers hard      (typed in a Slack channel)
//! ```

mod admin;
mod blocks;
pub mod command;
mod commands;
mod daily_admin;
pub mod decode;
pub mod escape;
mod home;
mod http;
mod interactions;
mod member_data;
mod patience;
mod people;
mod pictures;
mod poster;
mod redelivery;
mod reminders;
mod reply;

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use slack_morphism::prelude::*;

pub use escape::escape;
pub use poster::SlackPoster;
pub use reminders::SlackReminders;

use crate::config::{Secret, SlackCredentials, SlackMode, SlackSettings};
use crate::engine::{Engine, MemberRef, Platform, WorkspaceRef};
use people::People;
use reply::Reply;

/// What every handler shares.
pub(crate) struct Bot {
    engine: Arc<Engine>,
    client: Arc<SlackHyperClient>,
    token: SlackApiToken,
    /// `slack.admin_user_ids`: daily-question admins besides Slack's own.
    admins: HashSet<String>,
    people: People,
    /// Team domains by team id, from the requests that carry one, so a
    /// workspace keeps its name when an event (App Home) does not say it.
    team_names: Mutex<HashMap<String, String>>,
    /// Told when Socket Mode connects, for `/healthz`.
    health: std::sync::OnceLock<Arc<crate::health::Health>>,
    /// Set by the first Socket Mode `hello`.
    connected_once: std::sync::atomic::AtomicBool,
    /// Trigger ids already taken, so an envelope Slack sends again is
    /// acknowledged and not handled twice.
    redeliveries: redelivery::Redeliveries,
}

/// Where a reply goes: the caller, and the channel and `response_url` of
/// their request when it had them.
#[derive(Debug, Clone)]
pub(crate) struct Where {
    pub user: String,
    pub channel: Option<String>,
    pub response_url: Option<SlackResponseUrl>,
}

impl Bot {
    fn session(&self) -> SlackClientSession<'_, SlackClientHyperHttpsConnector> {
        self.client.open_session(&self.token)
    }

    /// The person behind a request, by the name Slack shows.
    async fn member(&self, team_id: &str, team_domain: Option<&str>, user: &str) -> MemberRef {
        let person = self.people.get(&self.session(), user).await;
        let name = match (team_domain, self.team_names.lock()) {
            (Some(domain), Ok(mut names)) => {
                names.insert(team_id.to_owned(), domain.to_owned());
                domain.to_owned()
            }
            (None, Ok(names)) => names
                .get(team_id)
                .cloned()
                .unwrap_or_else(|| team_id.to_owned()),
            (domain, Err(_)) => domain.unwrap_or(team_id).to_owned(),
        };
        MemberRef {
            workspace: WorkspaceRef {
                platform: Platform::Slack,
                external_id: team_id.to_owned(),
                name,
            },
            external_id: user.to_owned(),
            display_name: person.name,
        }
    }

    /// A workspace admin or owner, or listed in `slack.admin_user_ids`.
    async fn is_admin(&self, me: &MemberRef) -> bool {
        self.admins.contains(&me.external_id)
            || self
                .people
                .get(&self.session(), &me.external_id)
                .await
                .admin
    }

    /// A private refusal unless `me` may manage the daily question and reports: a
    /// workspace admin or owner, or listed in `slack.admin_user_ids`.
    async fn refuse_non_admin(&self, me: &MemberRef) -> Option<Reply> {
        if self.is_admin(me).await {
            return None;
        }
        tracing::info!(
            user = me.external_id,
            "refused an admin command to a non-admin"
        );
        Some(Reply::refusal(
            "Only workspace admins and owners (and the members an operator lists in \
             slack.admin_user_ids) can manage the daily question, reports and this \
             workspace's own questions.",
        ))
    }

    /// Opens a modal; `None` when it opened, else a reply saying why not.
    /// A rate-limited open is tried again only within the trigger's life
    /// (Slack lets a `trigger_id` open a modal for 3 seconds); past that
    /// the member is asked to click again, which is no fault of theirs or
    /// prepbot's.
    async fn open_modal(&self, trigger: &SlackTriggerId, view: SlackView) -> Option<Reply> {
        let request = SlackApiViewsOpenRequest::new(trigger.clone(), view);
        let opened = patience::retrying(TRIGGER_PATIENCE, || async {
            self.session().views_open(&request).await
        })
        .await;
        match opened {
            Ok(_) => None,
            Err(slack_morphism::errors::SlackClientError::RateLimitError(_)) => {
                tracing::info!("Slack rate-limited opening a modal past its trigger's life");
                Some(Reply::refusal(
                    "Slack is busy and asked prepbot to wait; click the button again in a few seconds.",
                ))
            }
            Err(error) => Some(Reply::refusal(&crate::engine::apology(
                &anyhow::Error::from(error).context("opening the answer modal"),
                "Slack",
            ))),
        }
    }
}

/// How long a modal's open may wait out `ratelimited`: a trigger lives
/// 3 seconds from the click, part of which has passed already.
const TRIGGER_PATIENCE: std::time::Duration = std::time::Duration::from_secs(1);

/// A Web API client for `settings.api_base_url`. Slack's own client is
/// https-only; this one also speaks plain http, because a `response_url`
/// or a test double may be `http://`.
pub fn web_client(settings: &SlackSettings) -> anyhow::Result<Arc<SlackHyperClient>> {
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_native_roots()
        .context("reading the system's root certificates for Slack")?
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .build();
    let connector = SlackClientHyperConnector::from(https).with_slack_api_url(settings.api_base());
    Ok(Arc::new(SlackClient::new(connector)))
}

/// A Slack client, built and ready to start.
pub struct SlackBot {
    bot: Arc<Bot>,
    mode: SlackMode,
    app_token: Option<SlackApiToken>,
    /// HTTP mode: where to listen, and the secret that signs requests.
    http: Option<(std::net::SocketAddr, Secret)>,
}

impl SlackBot {
    /// Builds the client and checks the bot token with `auth.test`.
    pub async fn build(
        engine: Arc<Engine>,
        settings: &SlackSettings,
        credentials: &SlackCredentials,
    ) -> anyhow::Result<Self> {
        let http = match (
            settings.mode,
            settings.http_listen,
            &credentials.signing_secret,
        ) {
            (SlackMode::Http, Some(listen), Some(secret)) => Some((listen, secret.clone())),
            (SlackMode::Http, None, _) => anyhow::bail!(
                "slack.mode = \"http\" needs slack.http_listen (PREPBOT__SLACK__HTTP_LISTEN), \
                 such as 0.0.0.0:3000"
            ),
            (SlackMode::Http, _, None) => {
                anyhow::bail!("slack.mode = \"http\" needs SLACK_SIGNING_SECRET")
            }
            (SlackMode::Socket, _, _) => None,
        };
        let client = web_client(settings)?;
        let token = SlackApiToken::new(SlackApiTokenValue::new(
            credentials.bot_token.expose().to_owned(),
        ));
        let who = client
            .open_session(&token)
            .auth_test()
            .await
            .context("checking SLACK_BOT_TOKEN with Slack (auth.test)")?;
        tracing::info!(
            team = who.team,
            bot = who.user.as_deref().unwrap_or_default(),
            "Slack accepted the bot token"
        );
        let bot = Arc::new(Bot {
            engine,
            client,
            token,
            admins: settings.admin_user_ids.iter().cloned().collect(),
            people: People::default(),
            team_names: Mutex::new(HashMap::new()),
            health: std::sync::OnceLock::new(),
            connected_once: std::sync::atomic::AtomicBool::new(false),
            redeliveries: redelivery::Redeliveries::default(),
        });
        Ok(Self {
            bot,
            http,
            mode: settings.mode,
            app_token: credentials
                .app_token
                .as_ref()
                .map(|t| SlackApiToken::new(SlackApiTokenValue::new(t.expose().to_owned()))),
        })
    }

    /// Reports the connection to `health` while running: Socket Mode's
    /// `hello` says connected; in HTTP mode, listening is connected.
    pub fn with_health(self, health: Arc<crate::health::Health>) -> Self {
        health.expect_platform(PLATFORM);
        let _ = self.bot.health.set(health);
        self
    }

    /// Posts daily questions through this client.
    pub fn poster(&self) -> SlackPoster {
        SlackPoster::new(
            self.bot.client.clone(),
            self.bot.token.clone(),
            self.bot.engine.now(),
        )
    }

    /// Sends reminders through this client.
    pub fn reminders(&self) -> SlackReminders {
        SlackReminders::new(self.bot.client.clone(), self.bot.token.clone())
    }

    /// Serves Slack until `shutdown` completes: over Socket Mode
    /// (slack-morphism reconnects by itself when the socket drops), or in
    /// HTTP mode on `slack.http_listen`.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        if let (SlackMode::Http, Some((listen, secret))) = (self.mode, &self.http) {
            if let Some(health) = self.bot.health.get() {
                health.connected(PLATFORM);
            }
            return http::serve(self.bot.clone(), *listen, secret, shutdown).await;
        }
        let app_token = self
            .app_token
            .context("Socket Mode needs SLACK_APP_TOKEN")?;
        let callbacks = SlackSocketModeListenerCallbacks::new()
            .with_hello_events(|_hello, _client, state| on_hello(state))
            .with_command_events(on_command)
            .with_interaction_events(on_interaction)
            .with_push_events(on_push_event);
        let environment = Arc::new(
            SlackClientEventsListenerEnvironment::new(self.bot.client.clone())
                .with_error_handler(on_error)
                .with_user_state(self.bot.clone()),
        );
        // One connection: Slack sends each envelope to one of an app's
        // connections, and one keeps reconnects simple to reason about.
        let config = SlackClientSocketModeConfig::new()
            .with_max_connections_count(1)
            .with_reconnect_timeout_in_seconds(1);
        let listener = SlackClientSocketModeListener::new(&config, environment, callbacks);
        listener
            .listen_for(&app_token)
            .await
            .context("registering the Socket Mode connection")?;
        listener.start().await;
        tracing::info!("listening to Slack over Socket Mode");
        shutdown.await;
        tracing::info!("shutting down the Slack connection");
        listener.shutdown().await;
        Ok(())
    }
}

/// The platform's name in `/healthz` and the metrics.
pub const PLATFORM: &str = "slack";

/// Socket Mode's `hello` arrives on every new connection: the first is the
/// connection, any later one a reconnect.
async fn on_hello(state: SlackClientEventsUserState) {
    if let Ok(bot) = bot_of(&state).await {
        if let Some(health) = bot.health.get() {
            health.connected(PLATFORM);
        }
        if bot
            .connected_once
            .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            crate::metric::reconnected(PLATFORM);
        }
    }
}

/// Returned by a callback that has handed its work to a task, so the
/// listener acknowledges the envelope with nothing in it; the reply
/// follows through the `response_url`.
#[derive(Debug)]
struct HandedOff;

impl std::fmt::Display for HandedOff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("handed off to a task")
    }
}

impl std::error::Error for HandedOff {}

type CallbackError = Box<dyn std::error::Error + Send + Sync>;

async fn bot_of(state: &SlackClientEventsUserState) -> Result<Arc<Bot>, CallbackError> {
    state
        .read()
        .await
        .get_user_state::<Arc<Bot>>()
        .cloned()
        .ok_or_else(|| "the Slack listener has no bot state".into())
}

// Each callback only spawns the work: the listener acknowledges the
// envelope when the callback returns, and Slack wants that within 3 s.

async fn on_command(
    event: SlackCommandEvent,
    _client: Arc<SlackHyperClient>,
    state: SlackClientEventsUserState,
) -> Result<SlackCommandEventResponse, CallbackError> {
    let bot = bot_of(&state).await?;
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        let name = command::metric_name(event.text.as_deref().unwrap_or_default());
        commands::run(&bot, event).await;
        // A refusal or an apology is a reply too; Slack counts them as run.
        crate::metric::command(
            name,
            PLATFORM,
            crate::metric::Outcome::Ok,
            started.elapsed(),
        );
    });
    Err(Box::new(HandedOff))
}

async fn on_interaction(
    event: SlackInteractionEvent,
    _client: Arc<SlackHyperClient>,
    state: SlackClientEventsUserState,
) -> Result<(), CallbackError> {
    let bot = bot_of(&state).await?;
    tokio::spawn(async move { interactions::run(&bot, event).await });
    Ok(())
}

async fn on_push_event(
    event: SlackPushEventCallback,
    _client: Arc<SlackHyperClient>,
    state: SlackClientEventsUserState,
) -> Result<(), CallbackError> {
    let bot = bot_of(&state).await?;
    match event.event {
        SlackEventCallbackBody::AppHomeOpened(opened)
            if opened.tab.as_deref() != Some("messages") =>
        {
            let team = event.team_id.to_string();
            tokio::spawn(async move { home::publish(&bot, &team, opened.user.as_ref()).await });
        }
        _ => tracing::debug!(team = %event.team_id, "ignored a Slack event"),
    }
    Ok(())
}

/// How slack-morphism words the error it reports when the Socket Mode
/// connection fails under it (`tungstenite_wss_client.rs`), just before it
/// connects again.
const SOCKET_BROKE: &str = "Slack WSS error";

/// Every envelope is acknowledged, even one prepbot could not read, so
/// Slack does not send it again and again.
fn on_error(
    error: CallbackError,
    _client: Arc<SlackHyperClient>,
    state: SlackClientEventsUserState,
) -> HttpStatusCode {
    if error.downcast_ref::<HandedOff>().is_some() {
        return HttpStatusCode::OK;
    }
    match error.downcast_ref::<slack_morphism::errors::SlackClientError>() {
        // The socket broke (slack-morphism reports it here, then connects
        // again): `/healthz` says so until the next `hello`.
        Some(slack_morphism::errors::SlackClientError::SocketModeProtocolError(protocol))
            if protocol.message.starts_with(SOCKET_BROKE) =>
        {
            tracing::warn!(error = %protocol, "the Slack socket broke; connecting again");
            tokio::spawn(async move {
                if let Ok(bot) = bot_of(&state).await
                    && let Some(health) = bot.health.get()
                {
                    health.disconnected(PLATFORM);
                }
            });
        }
        // The envelope's body holds what members typed and a response URL:
        // log why it could not be read, and its size, not the body itself.
        Some(slack_morphism::errors::SlackClientError::ProtocolError(protocol)) => {
            tracing::warn!(
                error = %protocol.json_error,
                body_bytes = protocol.json_body.as_ref().map_or(0, String::len),
                "could not read a Slack envelope; acknowledged it anyway"
            );
        }
        _ => tracing::warn!(%error, "could not handle a Slack envelope; acknowledged it anyway"),
    }
    HttpStatusCode::OK
}
