//! The Discord front-end: slash commands (poise), buttons and modals, and
//! daily posts with their threads. It turns Discord's ids into the engine's
//! `MemberRef`s and the engine's replies into embeds; nothing here decides
//! what a grade is worth or when a post is due.

mod admin;
mod command_metrics;
mod commands;
mod components;
mod daily_admin;
mod gateway_watch;
mod member_data;
mod pictures;
use crate::button_id as custom_id;
mod permissions;
mod poster;
mod questions;
mod relay;
mod reminders;
mod render;
mod reply;

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, RwLock};

use anyhow::Context as _;
use serenity::all::{FullEvent, GatewayIntents, GuildId, HttpBuilder, Interaction, User};

pub use custom_id::{Action, ComponentId, UnknownId};
pub use poster::DiscordPoster;
pub use relay::Relay;
pub use reminders::DiscordReminders;
pub use render::{EmbedText, truncate};

use crate::config::{DiscordSettings, Secret};
use crate::engine::{Engine, MemberRef, Platform, WorkspaceRef};

/// What every handler shares.
pub struct Bot {
    engine: Arc<Engine>,
    /// Guild names from GUILD_CREATE, so a workspace is recorded under its
    /// name rather than a number. Nothing else about a guild is kept.
    guild_names: RwLock<HashMap<GuildId, String>>,
    /// Set by the first READY: any later READY or RESUMED is a reconnect.
    connected_once: std::sync::atomic::AtomicBool,
}

type Error = anyhow::Error;
type Ctx<'a> = poise::Context<'a, Arc<Bot>, Error>;

impl Bot {
    fn new(engine: Arc<Engine>) -> Self {
        Self {
            engine,
            guild_names: RwLock::new(HashMap::new()),
            connected_once: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn workspace(&self, guild: GuildId) -> WorkspaceRef {
        let name = self
            .guild_names
            .read()
            .ok()
            .and_then(|names| names.get(&guild).cloned())
            .unwrap_or_else(|| format!("guild {guild}"));
        WorkspaceRef {
            platform: Platform::Discord,
            external_id: guild.to_string(),
            name,
        }
    }

    /// The person behind an interaction, by the name the server shows.
    fn member(&self, guild: GuildId, user: &User, nick: Option<&str>) -> MemberRef {
        let name = nick.or(user.global_name.as_deref()).unwrap_or(&user.name);
        MemberRef {
            workspace: self.workspace(guild),
            external_id: user.id.to_string(),
            display_name: truncate(name, 80),
        }
    }

    fn remember_guild(&self, guild: GuildId, name: &str) {
        if let Ok(mut names) = self.guild_names.write() {
            names.insert(guild, name.to_owned());
        }
    }

    fn forget_guild(&self, guild: GuildId) {
        if let Ok(mut names) = self.guild_names.write() {
            names.remove(&guild);
        }
    }
}

/// A Discord client, built and ready to start.
pub struct DiscordBot {
    client: serenity::Client,
    /// Kept alive while the client runs, when a base URL is set.
    _relay: Option<Relay>,
    /// Told whether the gateway is connected, for `/healthz`.
    health: Option<Arc<crate::health::Health>>,
}

impl DiscordBot {
    /// Builds the client: REST through `discord.api_base_url` when set (via
    /// the pacing relay), commands from this module, non-privileged intents.
    pub async fn build(
        engine: Arc<Engine>,
        settings: &DiscordSettings,
        token: &Secret,
    ) -> anyhow::Result<Self> {
        let mut http = HttpBuilder::new(token.expose());
        let timeout = std::time::Duration::from_secs(settings.http_timeout_seconds.get().into());
        let relay = match &settings.api_base_url {
            Some(base) => {
                let relay =
                    relay::start(base.as_str(), settings.requests_per_second, timeout).await?;
                // serenity ignores `proxy` while its own rate limiter is on;
                // the relay does the pacing instead, and times out each call
                // it passes on (serenity's side has no limit: the relay may
                // rightly wait out long 429s first).
                http = http.proxy(relay.url.clone()).ratelimiter_disabled(true);
                Some(relay)
            }
            // serenity's own client waits for an answer for ever; a stalled
            // call would hold the scheduler's round or a command's task.
            None => {
                http = http.client(rest_client(timeout)?);
                None
            }
        };
        let dev_guild = settings.dev_guild_id.map(|id| GuildId::new(id.get()));
        let bot = Arc::new(Bot::new(engine));
        let framework = poise::Framework::builder()
            .options(poise::FrameworkOptions {
                commands: commands::all(),
                on_error: |error| Box::pin(reply::on_framework_error(error)),
                pre_command: |ctx| Box::pin(command_metrics::started(ctx)),
                post_command: |ctx| {
                    Box::pin(command_metrics::finished(ctx, crate::metric::Outcome::Ok))
                },
                event_handler: |ctx, event| Box::pin(on_event(ctx, event)),
                allowed_mentions: Some(render::no_pings()),
                ..Default::default()
            })
            // prepbot has no owner-only commands; skip the look-up.
            .initialize_owners(false)
            .setup(move |ctx, ready, framework| {
                Box::pin(async move {
                    let commands = &framework.options().commands;
                    let registered = match dev_guild {
                        Some(guild) => {
                            poise::builtins::register_in_guild(ctx, commands, guild).await
                        }
                        None => poise::builtins::register_globally(ctx, commands).await,
                    };
                    let scope = dev_guild.map_or("global".to_owned(), |g| format!("guild {g}"));
                    match registered {
                        Ok(()) => tracing::info!(
                            user = %ready.user.name,
                            guilds = ready.guilds.len(),
                            commands = commands.len(),
                            scope,
                            "connected to Discord; slash commands registered"
                        ),
                        // Discord keeps the commands registered last time,
                        // so the bot can still serve; a restart tries again.
                        Err(error) => tracing::error!(
                            %error,
                            scope,
                            "connected to Discord, but registering the slash commands failed; \
                             serving the commands Discord already has"
                        ),
                    }
                    Ok(bot)
                })
            })
            .build();
        let client = serenity::all::ClientBuilder::new_with_http(http.build(), intents())
            .framework(framework)
            .await
            .context("building the Discord client")?;
        Ok(Self {
            client,
            _relay: relay,
            health: None,
        })
    }

    /// Reports the gateway connection to `health` while running.
    pub fn with_health(mut self, health: Arc<crate::health::Health>) -> Self {
        health.expect_platform(gateway_watch::PLATFORM);
        self.health = Some(health);
        self
    }

    /// Posts daily questions through this client's REST connection.
    pub fn poster(&self) -> DiscordPoster {
        DiscordPoster::new(self.client.http.clone())
    }

    /// Sends reminders through this client's REST connection.
    pub fn reminders(&self) -> DiscordReminders {
        DiscordReminders::new(self.client.http.clone())
    }

    /// Connects to the gateway and handles events until `shutdown`
    /// completes or the connection fails for good.
    pub async fn run(mut self, shutdown: impl Future<Output = ()>) -> anyhow::Result<()> {
        let shards = self.client.shard_manager.clone();
        let watching = self
            .health
            .clone()
            .map(|health| tokio::spawn(gateway_watch::watch(shards.clone(), health)));
        let _stop_watching = AbortOnDrop(watching);
        tokio::select! {
            result = self.client.start() => result.context("the Discord connection ended"),
            () = shutdown => {
                tracing::info!("shutting down the Discord connection");
                shards.shutdown_all().await;
                Ok(())
            }
        }
    }
}

/// The HTTP client serenity calls Discord with directly: rustls, as
/// serenity's own, but with a limit on how long one call may take.
fn rest_client(timeout: std::time::Duration) -> anyhow::Result<reqwest::Client> {
    reqwest::Client::builder()
        .use_rustls_tls()
        .timeout(timeout)
        .build()
        .context("building the HTTP client for Discord")
}

/// Stops the gateway watcher when `run` returns, however it returns.
struct AbortOnDrop(Option<tokio::task::JoinHandle<()>>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(task) = &self.0 {
            task.abort();
        }
    }
}

/// Only what needs no approval from Discord: guild create/delete for
/// names. Interactions arrive whatever the intents.
fn intents() -> GatewayIntents {
    GatewayIntents::GUILDS
}

use crate::command_log::{action_of, observe};

async fn on_event(
    ctx: poise::FrameworkContext<'_, Arc<Bot>, Error>,
    event: &FullEvent,
) -> Result<(), Error> {
    let bot = ctx.user_data().await;
    match event {
        FullEvent::GuildCreate { guild, .. } => bot.remember_guild(guild.id, &guild.name),
        FullEvent::GuildDelete { incomplete, .. } => bot.forget_guild(incomplete.id),
        FullEvent::Ready { .. } => {
            use std::sync::atomic::Ordering;
            if bot.connected_once.swap(true, Ordering::Relaxed) {
                crate::metric::reconnected(gateway_watch::PLATFORM);
            }
        }
        FullEvent::Resume { .. } => crate::metric::reconnected(gateway_watch::PLATFORM),
        FullEvent::InteractionCreate { interaction } => match interaction {
            Interaction::Component(click) => {
                let workspace = click.guild_id.map(|g| g.to_string()).unwrap_or_default();
                let action = format!("button:{}", action_of(&click.data.custom_id));
                let work = components::on_click(ctx.serenity_context, bot, click);
                observe("discord", &workspace, &action, work).await;
            }
            Interaction::Modal(submit) => {
                let workspace = submit.guild_id.map(|g| g.to_string()).unwrap_or_default();
                let action = format!("form:{}", action_of(&submit.data.custom_id));
                let work = components::on_modal(ctx.serenity_context, bot, submit);
                observe("discord", &workspace, &action, work).await;
            }
            _ => {}
        },
        _ => {}
    }
    Ok(())
}
