//! The slash commands, as poise declares them: what each takes, who may
//! use it, and which engine call answers it. Replies that reveal an answer
//! or a member's own progress are private (ephemeral).

use std::sync::Arc;

use poise::serenity_prelude::{self as serenity, AutocompleteChoice, CreateAutocompleteResponse};

use super::daily_admin::{pause, preview, queue, resume, skip};
use super::pictures::{ThemeChoice, recap};
use super::reply::{self, Reply};
use super::{Action, Bot, Ctx, Error, components, render};
use crate::domain::report::ReportReason;
use crate::domain::{Difficulty, Mode};
use crate::engine::{DailySetup, EngineError, MemberRef, Period, RankBy, SubscriptionStatus};

/// Every command, for registration.
pub fn all() -> Vec<poise::Command<Arc<Bot>, Error>> {
    vec![
        quiz(),
        daily(),
        reveal(),
        answer(),
        interview(),
        review(),
        streak(),
        leaderboard(),
        stats(),
        topics(),
        settings(),
        report(),
        suggest(),
        prepbot(),
    ]
}

/// The caller as the engine knows them. Commands are guild-only, so a
/// guild is always there; `None` only if Discord sent something odd.
fn caller(ctx: Ctx<'_>) -> Option<MemberRef> {
    let guild = ctx.guild_id()?;
    let nick = match ctx {
        poise::Context::Application(app) => {
            app.interaction.member.as_ref().and_then(|m| m.nick.clone())
        }
        poise::Context::Prefix(_) => None,
    };
    Some(ctx.data().member(guild, ctx.author(), nick.as_deref()))
}

/// Runs a command's work for the caller as a member of this server, and
/// sends its reply (see `reply::command`).
pub(super) async fn for_member<Work>(
    ctx: Ctx<'_>,
    ephemeral: bool,
    work: impl FnOnce(MemberRef) -> Work + Send,
) -> Result<(), Error>
where
    Work: std::future::Future<Output = Reply> + Send,
{
    reply::command(ctx, ephemeral, async move {
        match caller(ctx) {
            Some(me) => work(me).await,
            None => not_in_a_server(),
        }
    })
    .await
}

/// `for_member`, for commands kept in other modules.
pub(super) async fn for_member_reply<Work>(
    ctx: Ctx<'_>,
    ephemeral: bool,
    work: impl FnOnce(MemberRef) -> Work + Send,
) -> Result<(), Error>
where
    Work: std::future::Future<Output = Reply> + Send,
{
    for_member(ctx, ephemeral, work).await
}

fn not_in_a_server() -> Reply {
    Reply::refusal("prepbot works in a server's channels; use this command there.")
}

pub(super) fn refused(error: EngineError) -> Reply {
    Reply::refusal(&reply::failure_text(error))
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum DifficultyChoice {
    Easy,
    Medium,
    Hard,
}

impl From<DifficultyChoice> for Difficulty {
    fn from(choice: DifficultyChoice) -> Self {
        match choice {
            DifficultyChoice::Easy => Difficulty::Easy,
            DifficultyChoice::Medium => Difficulty::Medium,
            DifficultyChoice::Hard => Difficulty::Hard,
        }
    }
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum ModeChoice {
    #[name = "flashcard (reveal, then grade yourself)"]
    Flashcard,
    #[name = "choice (pick one of four)"]
    Choice,
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum PeriodChoice {
    #[name = "this week"]
    Week,
    #[name = "this month"]
    Month,
    #[name = "all time"]
    All,
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum RankChoice {
    Points,
    Streak,
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum ReasonChoice {
    #[name = "wrong (the answer or a key point is incorrect)"]
    Wrong,
    #[name = "unclear (hard to understand what is asked)"]
    Unclear,
    #[name = "outdated (no longer true)"]
    Outdated,
    #[name = "duplicate (another question asks the same)"]
    Duplicate,
    #[name = "other"]
    Other,
}

impl From<ReasonChoice> for ReportReason {
    fn from(choice: ReasonChoice) -> Self {
        match choice {
            ReasonChoice::Wrong => ReportReason::Wrong,
            ReasonChoice::Unclear => ReportReason::Unclear,
            ReasonChoice::Outdated => ReportReason::Outdated,
            ReasonChoice::Duplicate => ReportReason::Duplicate,
            ReasonChoice::Other => ReportReason::Other,
        }
    }
}

/// Whether the caller may manage this server: only they see the
/// "reported" mark.
fn is_admin(ctx: Ctx<'_>) -> bool {
    match ctx {
        poise::Context::Application(app) => app
            .interaction
            .member
            .as_ref()
            .and_then(|member| member.permissions)
            .is_some_and(|permissions| permissions.manage_guild() || permissions.administrator()),
        poise::Context::Prefix(_) => false,
    }
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum ReviewChoice {
    #[name = "due and new"]
    Due,
    #[name = "cram before my interview"]
    Cram,
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum DataChoice {
    #[name = "export my data"]
    Export,
    #[name = "delete my data"]
    Delete,
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum BoardChoice {
    #[name = "show me"]
    Shown,
    #[name = "hide me"]
    Hidden,
}

async fn complete_topic(ctx: Ctx<'_>, partial: &str) -> CreateAutocompleteResponse {
    let choices = ctx
        .data()
        .engine
        .complete_topic(partial)
        .into_iter()
        .take(25)
        .map(|topic| {
            let label = format!("{} ({} questions)", topic.name, topic.questions);
            AutocompleteChoice::new(render::truncate(&label, render::CHOICE_NAME_MAX), topic.id)
        })
        .collect();
    CreateAutocompleteResponse::new().set_choices(choices)
}

async fn complete_timezone(_ctx: Ctx<'_>, partial: &str) -> CreateAutocompleteResponse {
    let wanted = partial.trim().to_ascii_lowercase().replace(' ', "_");
    let choices = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| zone.name())
        .filter(|name| name.to_ascii_lowercase().contains(&wanted))
        .take(25)
        .map(|name| AutocompleteChoice::new(name, name))
        .collect();
    CreateAutocompleteResponse::new().set_choices(choices)
}

/// A question now; anyone here can reveal it privately.
#[poise::command(slash_command, guild_only)]
pub async fn quiz(
    ctx: Ctx<'_>,
    #[description = "A topic, such as transformers"]
    #[autocomplete = "complete_topic"]
    topic: Option<String>,
    #[description = "How hard"] difficulty: Option<DifficultyChoice>,
    #[description = "Flashcard (default) or multiple choice"] mode: Option<ModeChoice>,
) -> Result<(), Error> {
    let mode = match mode {
        Some(ModeChoice::Choice) => Mode::Choice,
        _ => Mode::Flashcard,
    };
    for_member(ctx, false, |me| async move {
        let drawn = ctx
            .data()
            .engine
            .quiz(&me, topic.as_deref(), difficulty.map(Into::into), mode)
            .await;
        match drawn {
            Ok(card) => render::card(&card, "Quiz").into(),
            Err(error) => refused(error),
        }
    })
    .await
}

/// Today's daily question in this channel, for anyone who missed the post.
#[poise::command(slash_command, guild_only)]
pub async fn daily(ctx: Ctx<'_>) -> Result<(), Error> {
    for_member(ctx, true, |me| async move {
        let channel = ctx.channel_id().to_string();
        match ctx.data().engine.todays_daily(&me, &channel).await {
            Ok(Some(card)) => render::card(&card, "Daily question").into(),
            Ok(None) => Reply::notice(
                "Daily question",
                "No daily question has been posted in this channel yet. An admin can start one with /prepbot setup.",
            ),
            Err(error) => refused(error),
        }
    })
    .await
}

/// The model answer and its key points, shown only to you.
#[poise::command(slash_command, guild_only)]
pub async fn reveal(
    ctx: Ctx<'_>,
    #[description = "A question id such as genai-016; today's daily question if left out"]
    question: Option<String>,
) -> Result<(), Error> {
    for_member(ctx, true, |me| async move {
        let engine = &ctx.data().engine;
        let card = match question.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            Some(id) => engine.quiz_question(&me, id).await.map(Some),
            None => engine.todays_daily(&me, &ctx.channel_id().to_string()).await,
        };
        let card = match card {
            Ok(Some(card)) => card,
            Ok(None) => {
                return Reply::notice(
                    "Nothing to reveal",
                    "There is no daily question in this channel today. Name a question (/reveal genai-016) or draw one with /quiz.",
                );
            }
            Err(error) => return refused(error),
        };
        match engine.reveal(&me, card.id).await {
            Ok(reveal) => {
                let (mut embed, rows) = render::reveal(&reveal);
                // Admins see that members flagged this question; a failed
                // look-up only loses the mark.
                if is_admin(ctx)
                    && engine
                        .is_reported(&me.workspace, card.question_id.as_str())
                        .await
                        .unwrap_or(false)
                {
                    embed = render::with_footer_note(embed, crate::wording::REPORTED_MARK);
                }
                (embed, rows).into()
            }
            Err(error) => refused(error),
        }
    })
    .await
}

/// Write an answer to today's daily question; prepbot checks its key points.
#[poise::command(slash_command, guild_only)]
pub async fn answer(ctx: Ctx<'_>) -> Result<(), Error> {
    let poise::Context::Application(app) = ctx else {
        return Ok(());
    };
    let Some(me) = caller(ctx) else {
        return reply::command(ctx, true, async { not_in_a_server() }).await;
    };
    let channel = ctx.channel_id().to_string();
    match ctx.data().engine.todays_daily(&me, &channel).await {
        Ok(Some(card)) => {
            let modal = components::answer_modal(Action::Answer, card.id, "Your answer");
            let modal = serenity::CreateInteractionResponse::Modal(modal);
            app.interaction.create_response(ctx.http(), modal).await?;
            app.has_sent_initial_response
                .store(true, std::sync::atomic::Ordering::SeqCst);
            Ok(())
        }
        Ok(None) => {
            let text = "There is no daily question in this channel today. Draw a question with /quiz and use its Answer button.";
            reply::command(ctx, true, async {
                Reply::notice("Nothing to answer", text)
            })
            .await
        }
        Err(error) => reply::command(ctx, true, async { refused(error) }).await,
    }
}

/// A mock interview: a question, your answer, one follow-up, then a summary.
#[poise::command(slash_command, guild_only)]
pub async fn interview(
    ctx: Ctx<'_>,
    #[description = "A topic, such as transformers"]
    #[autocomplete = "complete_topic"]
    topic: Option<String>,
) -> Result<(), Error> {
    // Private: it is the member's own interview, and their answers follow.
    for_member(ctx, true, |me| async move {
        let drawn = ctx
            .data()
            .engine
            .quiz(&me, topic.as_deref(), None, Mode::Flashcard)
            .await;
        match drawn {
            Ok(card) => render::interview_card(&card).into(),
            Err(error) => refused(error),
        }
    })
    .await
}

/// Your due review cards (spaced repetition), then a few new ones; or cram before your interview.
#[poise::command(slash_command, guild_only)]
pub async fn review(
    ctx: Ctx<'_>,
    #[description = "Due and new cards (default), or known ones ahead of schedule before your interview"]
    mode: Option<ReviewChoice>,
) -> Result<(), Error> {
    for_member(ctx, true, |me| async move {
        let engine = &ctx.data().engine;
        let reply = match mode {
            Some(ReviewChoice::Cram) => engine.cram(&me).await.map(components::cram_reply),
            _ => engine.review(&me).await.map(components::review_reply),
        };
        reply.unwrap_or_else(refused)
    })
    .await
}

/// Current and best streak, freezes left, days practised.
#[poise::command(slash_command, guild_only)]
pub async fn streak(
    ctx: Ctx<'_>,
    #[description = "Someone else's streak (yours if left out)"] member: Option<serenity::User>,
) -> Result<(), Error> {
    reply::command(ctx, true, async {
        let Some(guild) = ctx.guild_id() else {
            return not_in_a_server();
        };
        let (who, mine) = match &member {
            Some(user) if user.bot => {
                return Reply::refusal("Bots do not practise; name a member of this server.");
            }
            Some(user) if user.id != ctx.author().id => {
                // The server nickname, from the member Discord resolved.
                let nick = match ctx {
                    poise::Context::Application(app) => app
                        .interaction
                        .data
                        .resolved
                        .members
                        .get(&user.id)
                        .and_then(|m| m.nick.clone()),
                    poise::Context::Prefix(_) => None,
                };
                (ctx.data().member(guild, user, nick.as_deref()), false)
            }
            _ => match caller(ctx) {
                Some(me) => (me, true),
                None => return not_in_a_server(),
            },
        };
        match ctx.data().engine.streak(&who).await {
            Ok(streak) => {
                let title = format!("Streak · {}", render::literal(&who.cleaned().display_name));
                let text = if mine {
                    let countdown = ctx.data().engine.interview_countdown(&who).await;
                    crate::wording::streak_with_countdown(
                        &streak,
                        countdown.ok().flatten().as_ref(),
                    )
                } else {
                    render::someone_elses_streak(&streak)
                };
                Reply::notice(&title, &text)
            }
            Err(error) => refused(error),
        }
    })
    .await
}

/// This server's top members by points or streak.
#[poise::command(slash_command, guild_only)]
pub async fn leaderboard(
    ctx: Ctx<'_>,
    #[description = "This week (default), this month or all time"] period: Option<PeriodChoice>,
    #[description = "Rank by points (default) or streak"] by: Option<RankChoice>,
) -> Result<(), Error> {
    let period = match period {
        Some(PeriodChoice::Month) => Period::Month,
        Some(PeriodChoice::All) => Period::All,
        _ => Period::Week,
    };
    let by = match by {
        Some(RankChoice::Streak) => RankBy::Streak,
        _ => RankBy::Points,
    };
    for_member(ctx, false, |me| async move {
        match ctx
            .data()
            .engine
            .leaderboard(&me.workspace, period, by, 10)
            .await
        {
            Ok(board) => Reply::new(
                render::monospace(
                    "Leaderboard",
                    // The board is public: no "← you" marker meant for one reader.
                    &crate::wording::leaderboard(&board, ""),
                ),
                Vec::new(),
            ),
            Err(error) => refused(error),
        }
    })
    .await
}

/// Your progress by topic, and your practice days.
#[poise::command(slash_command, guild_only)]
pub async fn stats(ctx: Ctx<'_>) -> Result<(), Error> {
    for_member(ctx, true, |me| async move {
        match ctx.data().engine.stats(&me).await {
            Ok(stats) => stats_reply(&stats),
            Err(error) => refused(error),
        }
    })
    .await
}

/// The table as text and the card as a picture; the text calendar stands
/// in if the picture cannot be drawn.
fn stats_reply(stats: &crate::engine::Stats) -> Reply {
    use crate::wording as text;
    match crate::picture::stats_card_png(stats) {
        Ok(png) => {
            let embed = render::with_footer_note(
                render::monospace("Your progress", &text::stats_table(stats)),
                "The card: your streak, half a year of practice days (darker: more cards graded) and each topic's questions practised and mastered. /settings theme switches it light or dark.",
            );
            Reply::new(embed, Vec::new()).with_picture(crate::picture::STATS_CARD_FILE, png)
        }
        Err(error) => {
            tracing::warn!(
                error = format!("{error:#}"),
                "could not draw the stats card"
            );
            Reply::new(
                render::monospace("Your progress", &text::stats(stats)),
                Vec::new(),
            )
        }
    }
}

/// Topics and how many questions each has.
#[poise::command(slash_command, guild_only)]
pub async fn topics(ctx: Ctx<'_>) -> Result<(), Error> {
    reply::command(ctx, true, async {
        let text = crate::wording::topics(&ctx.data().engine.topics());
        Reply::new(render::monospace("Topics", &text), Vec::new())
    })
    .await
}

/// Your time zone, leaderboard visibility, reminders, interview date, picture theme and your data.
#[poise::command(slash_command, guild_only)]
// Each argument is one of the command's options, as Discord shows them.
#[allow(clippy::too_many_arguments)]
pub async fn settings(
    ctx: Ctx<'_>,
    #[description = "Your time zone, such as Europe/Berlin; `server` to follow the server's"]
    #[autocomplete = "complete_timezone"]
    timezone: Option<String>,
    #[description = "Show or hide you on this server's leaderboards"] leaderboard: Option<
        BoardChoice,
    >,
    #[description = "A private reminder when reviews are due: HH:MM in your time zone, or off"]
    reminders: Option<String>,
    #[description = "Your interview date as YYYY-MM-DD, for a countdown and a study pace; `off` to clear it"]
    interview: Option<String>,
    #[description = "The topics your interview covers, separated by commas (every topic if left out)"]
    interview_topics: Option<String>,
    #[description = "Draw your /stats picture light or dark"] theme: Option<ThemeChoice>,
    #[description = "Export everything prepbot keeps about you as a file, or delete it (asks first)"]
    data: Option<DataChoice>,
) -> Result<(), Error> {
    for_member(ctx, true, |me| async move {
        let engine = &ctx.data().engine;
        if let Some(choice) = data {
            let others = timezone.is_some()
                || leaderboard.is_some()
                || reminders.is_some()
                || interview.is_some()
                || interview_topics.is_some();
            if others {
                return Reply::refusal(
                    "Give `data` on its own: nothing was changed or exported. Change your other settings in a separate /settings.",
                );
            }
            return match choice {
                DataChoice::Export => super::member_data::export(engine, &me).await,
                DataChoice::Delete => super::member_data::ask_to_delete(engine, &me).await,
            };
        }
        let mut said = Vec::new();
        if let Some(zone) = timezone.as_deref().map(str::trim) {
            let zone = (!crate::domain::Timezone::means_workspace(zone)).then_some(zone);
            match engine.set_timezone(&me, zone).await {
                Ok(change) => said.push(crate::wording::zone_change(&change, "server")),
                Err(error) => return refused(error),
            }
        }
        if let Some(choice) = leaderboard {
            let hide = matches!(choice, BoardChoice::Hidden);
            if let Err(error) = engine.set_leaderboard_opt_out(&me, hide).await {
                return refused(error);
            }
            said.push(if hide {
                "You are hidden from this server's leaderboards; your streak and points still count for you.".to_owned()
            } else {
                "You appear on this server's leaderboards.".to_owned()
            });
        }
        if let Some(typed) = reminders.as_deref() {
            match engine.set_reminders(&me, typed).await {
                Ok(setting) => said.push(crate::wording::reminder_setting(&setting, "/settings")),
                Err(error) => return refused(error),
            }
        }
        match (interview.as_deref(), interview_topics.as_deref()) {
            (Some(date), topics) => match engine.interview_setting(&me, date, topics).await {
                Ok(setting) => said.push(crate::wording::interview_setting(&setting)),
                Err(error) => return refused(error),
            },
            (None, Some(_)) => said.push(
                "Interview topics go with a date: give `interview` as well, such as 2027-01-15."
                    .to_owned(),
            ),
            (None, None) => {}
        }
        if let Some(choice) = theme {
            let theme = choice.into();
            if let Err(error) = engine.set_theme(&me, theme).await {
                return refused(error);
            }
            said.push(crate::wording::theme_set(theme));
        }
        if said.is_empty() {
            said.push(
                "Nothing changed: give a time zone, a leaderboard choice, reminders, an interview date or a picture theme."
                    .to_owned(),
            );
            // Looking is also how a member learns their reminders are paused.
            match engine.reminder_setting(&me).await {
                Ok(setting) => said.push(crate::wording::reminder_setting(&setting, "/settings")),
                Err(error) => return refused(error),
            }
        }
        Reply::notice("Settings", &said.join("\n"))
    })
    .await
}

/// Report a wrong, unclear or outdated question to this server's admins and the bank's maintainers.
#[poise::command(slash_command, guild_only)]
pub async fn report(
    ctx: Ctx<'_>,
    #[description = "What is wrong with it"] reason: ReasonChoice,
    #[description = "A question id such as genai-016; the last one you saw if left out"]
    question: Option<String>,
    #[description = "What is wrong, in a sentence (at most 500 characters)"] text: Option<String>,
) -> Result<(), Error> {
    for_member(ctx, true, |me| async move {
        let filed = ctx
            .data()
            .engine
            .report(&me, question.as_deref(), reason.into(), text.as_deref())
            .await;
        match filed {
            Ok(filed) => Reply::notice("Reported", &crate::wording::report_filed(&filed)),
            Err(error) => refused(error),
        }
    })
    .await
}

/// Admin: the daily question in this server's channels, and reported questions.
#[poise::command(
    slash_command,
    guild_only,
    subcommands(
        "setup",
        "status",
        "stop",
        "reload",
        "reports",
        "close_report",
        "add",
        "pending",
        "preview",
        "queue",
        "skip",
        "pause",
        "resume",
        "super::admin::admin_streak",
        "super::admin::check",
        "recap"
    ),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn prepbot(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// Start or change the daily question in a channel.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn setup(
    ctx: Ctx<'_>,
    #[description = "When: HH:MM local time, or a cron expression such as 0 9 * * 1-5"]
    time: String,
    #[description = "An IANA time zone such as Europe/Berlin; the server's if left out"]
    #[autocomplete = "complete_timezone"]
    timezone: Option<String>,
    #[description = "The channel (this one if left out)"]
    #[channel_types("Text")]
    channel: Option<serenity::ChannelId>,
    #[description = "Only these topics, separated by commas"] topics: Option<String>,
    #[description = "Reveal the answer in the thread this many minutes after the post"]
    #[min = 1]
    #[max = 1440]
    reveal_after: Option<u32>,
) -> Result<(), Error> {
    let channel = channel.unwrap_or_else(|| ctx.channel_id());
    for_member(ctx, true, |me| async move {
        let setup = DailySetup {
            channel_id: channel.to_string(),
            schedule: time.trim().to_owned(),
            // A zone typed blank is refused by the engine as empty, rather
            // than read as "the server's zone", which would quietly move a
            // running schedule to another zone.
            timezone: timezone.map(|z| z.trim().to_owned()),
            topics: topics.filter(|t| !t.trim().is_empty()),
            reveal_after_minutes: reveal_after,
        };
        let engine = &ctx.data().engine;
        match engine.setup_daily(&me, &setup).await {
            Ok(status) => {
                let mut text = describe(&status);
                if let Some(warning) = super::admin::setup_warning(ctx, channel).await {
                    text = format!("{text}\n\n{warning}");
                }
                Reply::notice("Daily question set up", &text)
            }
            Err(error) => refused(error),
        }
    })
    .await
}

/// When each channel's next daily question comes, and how many are left before the deck repeats.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn status(ctx: Ctx<'_>) -> Result<(), Error> {
    for_member(ctx, true, |me| async move {
        let engine = &ctx.data().engine;
        match engine.daily_status(&me).await {
            Ok(statuses) if statuses.is_empty() => Reply::notice(
                "Daily questions",
                "No daily question is set up. Start one with /prepbot setup time:09:00 timezone:Europe/Berlin",
            ),
            Ok(statuses) => {
                let lines: Vec<String> = statuses.iter().map(describe).collect();
                Reply::notice("Daily questions", &lines.join("\n\n"))
            }
            Err(error) => refused(error),
        }
    })
    .await
}

/// Stop the daily question in a channel.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn stop(
    ctx: Ctx<'_>,
    #[description = "The channel (this one if left out)"]
    #[channel_types("Text")]
    channel: Option<serenity::ChannelId>,
) -> Result<(), Error> {
    let channel = channel.unwrap_or_else(|| ctx.channel_id());
    for_member(ctx, true, |me| async move {
        match ctx
            .data()
            .engine
            .stop_daily(&me, &channel.to_string())
            .await
        {
            Ok(true) => Reply::notice(
                "Daily question stopped",
                &format!(
                    "No more daily questions in <#{channel}>. /prepbot setup starts them again."
                ),
            ),
            Ok(false) => Reply::notice(
                "Nothing to stop",
                &format!("<#{channel}> has no daily question."),
            ),
            Err(error) => refused(error),
        }
    })
    .await
}

/// The open reports on this server's questions, with their numbers.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn reports(ctx: Ctx<'_>) -> Result<(), Error> {
    for_member(ctx, true, |me| async move {
        match ctx.data().engine.open_reports(&me.workspace).await {
            Ok(reports) => Reply::new(
                render::monospace(
                    "Open reports",
                    &crate::wording::open_reports(&reports, "/prepbot close-report"),
                ),
                Vec::new(),
            ),
            Err(error) => refused(error),
        }
    })
    .await
}

/// Close a report, with a note for the maintainers.
#[poise::command(
    slash_command,
    guild_only,
    rename = "close-report",
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn close_report(
    ctx: Ctx<'_>,
    #[description = "The report's number, from /prepbot reports"]
    #[min = 1]
    report: i64,
    #[description = "What was done about it (at most 500 characters)"] note: Option<String>,
) -> Result<(), Error> {
    for_member(ctx, true, |me| async move {
        match ctx
            .data()
            .engine
            .close_report(&me, report, note.as_deref())
            .await
        {
            Ok(closed) => Reply::notice("Report closed", &crate::wording::report_closed(&closed)),
            Err(error) => refused(error),
        }
    })
    .await
}

/// One subscription in a sentence: where, when, what, and what is next.
fn describe(status: &SubscriptionStatus) -> String {
    let subscription = &status.subscription;
    let topics = subscription.topics_label();
    let next = match (&status.next, subscription.enabled) {
        (_, false) => crate::wording::not_running(subscription),
        (Some(firing), true) => format!(
            "next <t:{}:F> (<t:{}:R>)",
            firing.at.timestamp(),
            firing.at.timestamp()
        ),
        (None, true) => "never (the schedule has no future date)".to_owned(),
    };
    let next = crate::wording::status_with_pause(status, next, str::to_owned);
    let reveal = crate::wording::reveal_in_thread(subscription);
    format!(
        "<#{}>: `{}` {}, {topics}{reveal}\n{next}; {} left before the deck repeats",
        subscription.channel_id,
        subscription.schedule,
        subscription.zone,
        crate::wording::counted(status.left_in_deck, "question")
    )
}

/// Re-read the question bank; if it has faults, the old bank stays and they are listed.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn reload(ctx: Ctx<'_>) -> Result<(), Error> {
    for_member(ctx, true, |_me| async move {
        match ctx.data().engine.reload_bank().await {
            Ok(changes) => Reply::notice("Bank reloaded", &crate::wording::bank_changes(&changes)),
            Err(errors) => {
                Reply::notice("Bank not reloaded", &crate::wording::bank_refused(&errors))
            }
        }
    })
    .await
}

/// Opens the question form as the first answer to a command.
async fn open_question_form(ctx: Ctx<'_>, action: super::Action) -> Result<(), Error> {
    let poise::Context::Application(app) = ctx else {
        return Ok(());
    };
    let modal =
        serenity::CreateInteractionResponse::Modal(super::questions::question_modal(action));
    app.interaction.create_response(ctx.http(), modal).await?;
    app.has_sent_initial_response
        .store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

/// Suggest a question for this server; an admin approves or rejects it.
#[poise::command(slash_command, guild_only)]
pub async fn suggest(ctx: Ctx<'_>) -> Result<(), Error> {
    open_question_form(ctx, super::Action::SuggestQuestion).await
}

/// Add a question of this server's own; it joins quizzes, daily questions and reviews here.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn add(ctx: Ctx<'_>) -> Result<(), Error> {
    open_question_form(ctx, super::Action::AddQuestion).await
}

/// The suggested questions waiting for approval, with Approve and Reject buttons.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn pending(ctx: Ctx<'_>) -> Result<(), Error> {
    for_member(ctx, true, |me| async move {
        match ctx.data().engine.pending_questions(&me.workspace).await {
            Ok(questions) => super::questions::pending(&questions),
            Err(error) => refused(error),
        }
    })
    .await
}
