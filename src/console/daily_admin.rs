//! `/daily preview|queue|skip|pause|resume` in the console, whose one
//! member is its admin: steering the console's daily question.

use super::Console;
use crate::domain::daily_admin_words::DailyAdminWords;
use crate::wording;

const RESUME: &str = "/daily resume";

impl Console {
    pub(super) async fn daily_admin(&mut self, words: Result<DailyAdminWords, String>) -> String {
        let words = match words {
            Ok(words) => words,
            Err(message) => return message,
        };
        let engine = &self.engine;
        let (me, channel) = (&self.me, super::CHANNEL);
        let done = match words {
            DailyAdminWords::Preview => engine
                .daily_preview(me, channel)
                .await
                .map(|preview| wording::daily_preview(&preview, RESUME)),
            DailyAdminWords::Queue { question, reason } => engine
                .queue_daily(me, channel, &question, reason.as_deref())
                .await
                .map(|queued| wording::daily_queued(&queued, RESUME)),
            DailyAdminWords::Skip { reason } => engine
                .skip_daily(me, channel, reason.as_deref())
                .await
                .map(|skipped| wording::daily_skipped(&skipped, RESUME)),
            DailyAdminWords::Pause { until, reason } => engine
                .pause_daily(me, channel, until, reason.as_deref())
                .await
                .map(|paused| wording::daily_paused(&paused, RESUME)),
            DailyAdminWords::Resume { reason } => engine
                .resume_daily(me, channel, reason.as_deref())
                .await
                .map(|resumed| wording::daily_resumed(&resumed, RESUME)),
        };
        done.unwrap_or_else(|error| self.failure(error))
    }
}
