//! Answering within Discord's deadline, and turning failures into words a
//! member can act on. An interaction must be answered within 3 seconds, so
//! work still running after `DEFER_AFTER` is acknowledged first ("prepbot is
//! thinking…") and its reply sent when it finishes.

use std::future::Future;
use std::time::Duration;

use serenity::all::{
    Builder, CreateActionRow, CreateAttachment, CreateInteractionResponse,
    CreateInteractionResponseMessage, EditInteractionResponse, Http, InteractionId,
};

use super::render::{self, EmbedText};
use super::{Bot, Ctx, Error};
use crate::engine::EngineError;

/// Work slower than this is deferred; Discord's limit is 3 s, and the
/// acknowledgement itself needs time to travel.
pub const DEFER_AFTER: Duration = Duration::from_millis(1_500);

/// A reply: an embed and its buttons.
pub struct Reply {
    pub embed: EmbedText,
    pub rows: Vec<CreateActionRow>,
    /// Shown only to the caller even where the command's reply is public:
    /// a refusal is nobody else's business.
    pub private: bool,
    /// A PNG shown as the embed's image, and its file name.
    pub picture: Option<(&'static str, Vec<u8>)>,
    /// A file attached beside the embed (a member's data export), by name.
    pub file: Option<(&'static str, Vec<u8>)>,
}

impl Reply {
    pub fn new(embed: EmbedText, rows: Vec<CreateActionRow>) -> Self {
        Self {
            embed,
            rows,
            private: false,
            picture: None,
            file: None,
        }
    }

    pub fn with_file(self, name: &'static str, bytes: Vec<u8>) -> Self {
        Self {
            file: Some((name, bytes)),
            ..self
        }
    }

    pub fn with_picture(self, name: &'static str, png: Vec<u8>) -> Self {
        Self {
            picture: Some((name, png)),
            ..self
        }
    }

    pub fn notice(title: &str, text: &str) -> Self {
        Self::new(render::notice(title, text), Vec::new())
    }

    /// "Not done", and why; always private.
    pub fn refusal(text: &str) -> Self {
        Self {
            private: true,
            ..Self::notice("Not done", text)
        }
    }
}

impl From<(EmbedText, Vec<CreateActionRow>)> for Reply {
    fn from((embed, rows): (EmbedText, Vec<CreateActionRow>)) -> Self {
        Self::new(embed, rows)
    }
}

/// What a member sees when the engine says no, or fails.
pub fn failure_text(error: EngineError) -> String {
    error.message_for_people("Discord")
}

/// An apology for a fault outside the engine, logged with its id.
fn apology(error: &anyhow::Error) -> String {
    crate::engine::apology(error, "Discord")
}

/// Runs `work` for a slash command and sends its reply, deferring first if
/// the work outlasts `DEFER_AFTER`. A private reply to a public command
/// stays private unless the wait already showed "thinking" to everyone.
pub async fn command(
    ctx: Ctx<'_>,
    ephemeral: bool,
    work: impl Future<Output = Reply>,
) -> Result<(), Error> {
    let workspace = ctx.guild_id().map(|g| g.to_string()).unwrap_or_default();
    let name = ctx.command().qualified_name.clone();
    crate::command_log::observe("discord", &workspace, &name, answer(ctx, ephemeral, work)).await
}

async fn answer(
    ctx: Ctx<'_>,
    ephemeral: bool,
    work: impl Future<Output = Reply>,
) -> Result<(), Error> {
    tokio::pin!(work);
    let mut ephemeral = ephemeral;
    let reply = tokio::select! {
        reply = &mut work => {
            ephemeral |= reply.private;
            reply
        }
        () = tokio::time::sleep(DEFER_AFTER) => {
            if ephemeral {
                ctx.defer_ephemeral().await?;
            } else {
                ctx.defer().await?;
            }
            work.await
        }
    };
    let mut embed = reply.embed.build();
    let mut message = poise::CreateReply::default()
        .ephemeral(ephemeral)
        .components(reply.rows)
        .allowed_mentions(render::no_pings());
    if let Some((name, png)) = reply.picture {
        embed = embed.image(format!("attachment://{name}"));
        message = message.attachment(CreateAttachment::bytes(png, name));
    }
    if let Some((name, bytes)) = reply.file {
        message = message.attachment(CreateAttachment::bytes(bytes, name));
    }
    ctx.send(message.embed(embed)).await?;
    Ok(())
}

/// Runs `work` for a button or modal and answers privately, deferring
/// first if the work outlasts `DEFER_AFTER`.
pub async fn private(
    http: &Http,
    interaction: (InteractionId, &str),
    work: impl Future<Output = Reply>,
) {
    let (id, token) = interaction;
    tokio::pin!(work);
    let sent = tokio::select! {
        reply = &mut work => {
            let message = CreateInteractionResponseMessage::new()
                .ephemeral(true)
                .embed(reply.embed.build())
                .components(reply.rows)
                .allowed_mentions(render::no_pings());
            CreateInteractionResponse::Message(message)
                .execute(http, (id, token))
                .await
        }
        () = tokio::time::sleep(DEFER_AFTER) => {
            let thinking = CreateInteractionResponse::Defer(
                CreateInteractionResponseMessage::new().ephemeral(true),
            );
            match thinking.execute(http, (id, token)).await {
                Ok(()) => {
                    let reply = work.await;
                    EditInteractionResponse::new()
                        .embed(reply.embed.build())
                        .components(reply.rows)
                        .allowed_mentions(render::no_pings())
                        .execute(http, token)
                        .await
                        .map(|_| ())
                }
                Err(error) => Err(error),
            }
        }
    };
    if let Err(error) = sent {
        tracing::warn!(%error, interaction = %id, "could not answer a Discord interaction");
    }
}

/// Poise's errors (a missing permission, a bad argument, a failed
/// command) as private replies in prepbot's words.
pub async fn on_framework_error(error: poise::FrameworkError<'_, std::sync::Arc<Bot>, Error>) {
    use crate::metric::Outcome;
    use poise::FrameworkError as E;
    let (ctx, text, outcome) = match error {
        E::Command { error, ctx, .. } => (ctx, apology(&error), Outcome::Error),
        E::CommandPanic { ctx, payload, .. } => (
            ctx,
            apology(&anyhow::anyhow!(
                "a command panicked: {}",
                payload.unwrap_or_default()
            )),
            Outcome::Error,
        ),
        E::CommandStructureMismatch {
            ctx, description, ..
        } => {
            tracing::warn!(description, command = %ctx.command().name, "Discord sent a command in a shape prepbot does not know");
            (
                poise::Context::Application(ctx),
                "Discord sent this command in an older shape than prepbot knows; new command \
                 versions can take up to an hour to reach every server. Please try again later."
                    .to_owned(),
                Outcome::Refused,
            )
        }
        E::MissingUserPermissions { ctx, .. } => (
            ctx,
            "Only members with the Manage Server permission can manage the daily question."
                .to_owned(),
            Outcome::Refused,
        ),
        E::GuildOnly { ctx, .. } => (
            ctx,
            "prepbot works in a server's channels; use this command there.".to_owned(),
            Outcome::Refused,
        ),
        E::ArgumentParse {
            ctx, input, error, ..
        } => (
            ctx,
            match input {
                Some(input) => format!(
                    "`{}` is not a valid value here: {error}",
                    render::truncate(&input, 100)
                ),
                None => format!("A value is missing or wrong: {error}"),
            },
            Outcome::Refused,
        ),
        other => {
            if let Err(error) = poise::builtins::on_error(other).await {
                tracing::warn!(%error, "could not report a command error");
            }
            return;
        }
    };
    super::command_metrics::finished(ctx, outcome).await;
    let reply = poise::CreateReply::default()
        .ephemeral(true)
        .embed(render::notice("Not done", &text).build())
        .allowed_mentions(render::no_pings());
    if let Err(error) = ctx.send(reply).await {
        tracing::warn!(%error, "could not report a command error");
    }
}
