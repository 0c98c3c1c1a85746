//! `/prep preview|queue|skip|pause|resume`: an admin (checked by the
//! caller) steers this channel's daily question. Every reply is private;
//! the engine records who did what and why.

use super::blocks;
use super::reply::Reply;
use crate::domain::daily_admin_words::DailyAdminWords;
use crate::engine::MemberRef;
use crate::wording;

/// How the resume command is written on Slack, for the replies that name it.
const RESUME: &str = "/prep resume";

pub(super) async fn answer(
    bot: &super::Bot,
    me: &MemberRef,
    channel: &str,
    words: DailyAdminWords,
) -> Reply {
    let engine = &bot.engine;
    let done = match words {
        DailyAdminWords::Preview => engine.daily_preview(me, channel).await.map(|preview| {
            Reply::private(blocks::monospace(
                "Coming daily questions",
                &wording::daily_preview(&preview, RESUME),
            ))
        }),
        DailyAdminWords::Queue { question, reason } => engine
            .queue_daily(me, channel, &question, reason.as_deref())
            .await
            .map(|queued| {
                Reply::notice("Question queued", &wording::daily_queued(&queued, RESUME))
            }),
        DailyAdminWords::Skip { reason } => engine
            .skip_daily(me, channel, reason.as_deref())
            .await
            .map(|skipped| {
                Reply::notice("Post skipped", &wording::daily_skipped(&skipped, RESUME))
            }),
        DailyAdminWords::Pause { until, reason } => engine
            .pause_daily(me, channel, until, reason.as_deref())
            .await
            .map(|paused| {
                Reply::notice(
                    "Daily question paused",
                    &wording::daily_paused(&paused, RESUME),
                )
            }),
        DailyAdminWords::Resume { reason } => engine
            .resume_daily(me, channel, reason.as_deref())
            .await
            .map(|resumed| {
                Reply::notice(
                    "Daily question resumed",
                    &wording::daily_resumed(&resumed, RESUME),
                )
            }),
    };
    done.unwrap_or_else(Reply::failure)
}
