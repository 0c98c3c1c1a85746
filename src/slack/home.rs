//! The App Home tab: when a member opens it, prepbot publishes their
//! streak, points and due reviews with a Quiz me button (`views.publish`).

use slack_morphism::prelude::*;

use super::{Bot, blocks};
use crate::wording;

pub async fn publish(bot: &Bot, team_id: &str, user: &str) {
    let me = bot.member(team_id, None, user).await;
    let engine = &bot.engine;
    let view = match (engine.stats(&me).await, engine.due_reviews(&me).await) {
        (Ok(stats), Ok(due)) => blocks::home(&wording::streak(&stats.streak), stats.points, due),
        (Err(error), _) | (_, Err(error)) => {
            let text = error.message_for_people("Slack");
            blocks::home_failure(&text)
        }
    };
    let request = SlackApiViewsPublishRequest::new(SlackUserId::new(user.to_owned()), view);
    if let Err(error) = bot.session().views_publish(&request).await {
        tracing::warn!(%error, user, "could not publish the App Home");
    }
}
