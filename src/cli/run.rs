//! `prepbot run`: every configured front-end side by side on one engine,
//! one daily-question scheduler whose posts go to the platform that owns
//! each channel, and one reminder runner whose DMs go to each member's
//! platform. The first front-end to fail stops the others; a stop
//! signal stops them all.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::app::App;
use crate::config::{Secret, Settings, SlackCredentials};
use crate::discord::DiscordBot;
use crate::engine::{
    DailyPost, Platform, PostReceipt, PublicReveal, Reminder, SystemClock, WeeklyRecap,
};
use crate::reminders::{ReminderRunner, ReminderSender, SendError};
use crate::scheduler::{PostError, Poster, Scheduler};
use crate::slack::SlackBot;

pub async fn run(
    settings: Settings,
    discord_token: Option<Secret>,
    slack: Option<SlackCredentials>,
    judge_key: Option<Secret>,
    stop: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let app = App::build_with_key(settings.clone(), Arc::new(SystemClock), judge_key).await?;
    let hangups = crate::app::reload_on_hangup(app.engine.clone());
    let heartbeat = crate::liveness::keep_recording(app.engine.clone());
    // Health and metrics only when asked for: the recorder is global, and
    // without it every metric call does nothing.
    let ops = match settings.metrics.listen {
        Some(listen) => {
            let bound = chrono::Duration::seconds(
                i64::try_from(settings.metrics.scheduler_behind_seconds.get())
                    .unwrap_or(i64::MAX / 1000),
            );
            let ops = crate::ops_server::Ops {
                engine: app.engine.clone(),
                health: Arc::new(crate::health::Health::new(bound)),
                metrics: crate::ops_server::install_recorder()?,
                database: settings.database.sqlite_file()?,
            };
            Some((listen, ops))
        }
        None => None,
    };
    let health = ops.as_ref().map(|(_, ops)| ops.health.clone());
    let mut posters = ByPlatform::default();
    let mut reminders = RemindersByPlatform::default();
    let discord = match discord_token {
        Some(token) => {
            let mut bot = DiscordBot::build(app.engine.clone(), &settings.discord, &token).await?;
            if let Some(health) = &health {
                bot = bot.with_health(health.clone());
            }
            posters.discord = Some(Arc::new(bot.poster()));
            reminders.discord = Some(Arc::new(bot.reminders()));
            Some(bot)
        }
        None => None,
    };
    let slack = match slack {
        Some(credentials) => {
            let mut bot =
                SlackBot::build(app.engine.clone(), &settings.slack, &credentials).await?;
            if let Some(health) = &health {
                bot = bot.with_health(health.clone());
            }
            posters.slack = Some(Arc::new(bot.poster()));
            reminders.slack = Some(Arc::new(bot.reminders()));
            Some(bot)
        }
        None => None,
    };
    let mut scheduler = Scheduler::new(app.engine.clone(), Arc::new(posters), &settings.daily);
    if let Some(health) = &health {
        scheduler = scheduler.with_health(health.clone());
    }
    let scheduler = Arc::new(scheduler);
    let reminder_runner = Arc::new(ReminderRunner::new(
        app.engine.clone(),
        Arc::new(reminders.clone()),
        &reminders.platforms(),
        &settings.daily,
    ));
    let (stopping, stop_seen) = watch::channel(false);
    let until_stopped = move || {
        let mut seen = stop_seen.clone();
        async move {
            let _ = seen.wait_for(|stop| *stop).await;
        }
    };
    let mut running: JoinSet<anyhow::Result<()>> = JoinSet::new();
    running.spawn({
        let stopped = until_stopped();
        async move {
            scheduler.run(stopped).await;
            Ok(())
        }
    });
    running.spawn({
        let stopped = until_stopped();
        async move {
            reminder_runner.run(stopped).await;
            Ok(())
        }
    });
    // A task that ends stops the run, so the backup task runs only when
    // backups are on (it then ends only on the stop signal).
    if settings.backup.every_hours.is_some() {
        let backups = crate::backups::keep_backups(
            settings.database.sqlite_file()?,
            settings.backup.clone(),
            Arc::new(SystemClock),
            until_stopped(),
        );
        running.spawn(async move {
            backups.await;
            Ok(())
        });
    }
    if let Some((listen, ops)) = ops {
        running.spawn(crate::ops_server::serve(listen, ops, until_stopped()));
    }
    if let Some(bot) = discord {
        running.spawn(bot.run(until_stopped()));
    }
    if let Some(bot) = slack {
        running.spawn(bot.run(until_stopped()));
    }
    let mut outcome = Ok(());
    tokio::select! {
        () = stop => {}
        Some(ended) = running.join_next() => outcome = flatten(ended),
    }
    let _ = stopping.send(true);
    while let Some(ended) = running.join_next().await {
        if outcome.is_ok() {
            outcome = flatten(ended);
        }
    }
    // Fold the write-ahead log into the database file on every clean stop.
    hangups.abort();
    heartbeat.abort();
    app.close().await;
    outcome
}

fn flatten(ended: Result<anyhow::Result<()>, tokio::task::JoinError>) -> anyhow::Result<()> {
    ended.map_err(anyhow::Error::from).and_then(|result| result)
}

/// Routes each post to the platform of its channel: Discord's channel ids
/// are numbers, Slack's start with a letter (C…, G…).
#[derive(Default)]
struct ByPlatform {
    discord: Option<Arc<dyn Poster>>,
    slack: Option<Arc<dyn Poster>>,
}

impl ByPlatform {
    fn poster_for(&self, channel: &str) -> Result<&Arc<dyn Poster>, PostError> {
        let on_discord = !channel.is_empty() && channel.bytes().all(|b| b.is_ascii_digit());
        let (poster, platform) = if on_discord {
            (&self.discord, "Discord")
        } else {
            (&self.slack, "Slack")
        };
        poster.as_ref().ok_or_else(|| {
            PostError::retry(format!(
                "channel {channel} is on {platform}, which this run of prepbot is not connected to"
            ))
        })
    }
}

#[async_trait::async_trait]
impl Poster for ByPlatform {
    async fn post_daily(&self, post: &DailyPost) -> Result<PostReceipt, PostError> {
        self.poster_for(&post.channel_id)?.post_daily(post).await
    }

    async fn post_reveal(&self, reveal: &PublicReveal) -> Result<(), PostError> {
        self.poster_for(&reveal.channel_id)?
            .post_reveal(reveal)
            .await
    }

    async fn post_recap(&self, recap: &WeeklyRecap) -> Result<(), PostError> {
        self.poster_for(&recap.channel_id)?.post_recap(recap).await
    }
}

/// Routes each reminder to its member's platform.
#[derive(Default, Clone)]
struct RemindersByPlatform {
    discord: Option<Arc<dyn ReminderSender>>,
    slack: Option<Arc<dyn ReminderSender>>,
}

impl RemindersByPlatform {
    /// The platforms this run can reach, so reminders of members on
    /// others are left unclaimed.
    fn platforms(&self) -> Vec<Platform> {
        let mut platforms = Vec::new();
        if self.discord.is_some() {
            platforms.push(Platform::Discord);
        }
        if self.slack.is_some() {
            platforms.push(Platform::Slack);
        }
        platforms
    }
}

#[async_trait::async_trait]
impl ReminderSender for RemindersByPlatform {
    async fn remind(&self, reminder: &Reminder) -> Result<(), SendError> {
        let sender = match reminder.member.workspace.platform {
            Platform::Discord => self.discord.as_ref(),
            Platform::Slack => self.slack.as_ref(),
            Platform::Console => None,
        };
        match sender {
            Some(sender) => sender.remind(reminder).await,
            None => Err(SendError::retry(format!(
                "{} is not connected in this run of prepbot",
                reminder.member.workspace.platform
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Named(&'static str);

    #[async_trait::async_trait]
    impl Poster for Named {
        async fn post_daily(&self, _post: &DailyPost) -> Result<PostReceipt, PostError> {
            Err(PostError::retry(self.0))
        }

        async fn post_reveal(&self, _reveal: &PublicReveal) -> Result<(), PostError> {
            Err(PostError::retry(self.0))
        }

        async fn post_recap(&self, _recap: &WeeklyRecap) -> Result<(), PostError> {
            Err(PostError::retry(self.0))
        }
    }

    fn chosen(posters: &ByPlatform, channel: &str) -> String {
        match posters.poster_for(channel) {
            Ok(poster) => {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .build()
                    .unwrap();
                let reveal = PublicReveal {
                    post_id: 1,
                    channel_id: channel.to_owned(),
                    message_id: None,
                    thread_id: None,
                    card: crate::engine::Card {
                        id: crate::engine::CardId(1),
                        question_id: crate::domain::QuestionId::parse("genai-001").unwrap(),
                        topic_id: "fundamentals".to_owned(),
                        topic_name: "Fundamentals".to_owned(),
                        difficulty: crate::domain::Difficulty::Easy,
                        question: "?".to_owned(),
                        context: crate::domain::Context::Daily,
                        mode: crate::domain::Mode::Flashcard,
                        options: Vec::new(),
                    },
                    answer: String::new(),
                    key_points: Vec::new(),
                    practised: 0,
                };
                runtime
                    .block_on(poster.post_reveal(&reveal))
                    .unwrap_err()
                    .message
            }
            Err(error) => format!("refused: {error}"),
        }
    }

    #[test]
    fn posts_go_to_the_platform_that_owns_the_channel() {
        let both = ByPlatform {
            discord: Some(Arc::new(Named("discord"))),
            slack: Some(Arc::new(Named("slack"))),
        };
        assert_eq!(chosen(&both, "710000000000000001"), "discord");
        assert_eq!(chosen(&both, "C0123ABC"), "slack");
        assert_eq!(chosen(&both, "G0123ABC"), "slack");
        let discord_only = ByPlatform {
            discord: Some(Arc::new(Named("discord"))),
            slack: None,
        };
        assert!(
            chosen(&discord_only, "C0123ABC").starts_with("refused: channel C0123ABC is on Slack")
        );
    }
}
