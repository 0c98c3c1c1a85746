//! Button clicks and modal submissions. The action id says what to do and
//! to which card (see `button_id`); the engine checks the card belongs to
//! the clicker's workspace. Every answer goes to the clicker alone.
//!
//! A mock interview runs on the same parts: its Answer button opens the
//! answer modal under `Action::Interview`, the follow-up's button opens it
//! under `Action::FollowUp`, whose id carries what the first answer
//! covered, and each submission answers with the next step.

use slack_morphism::prelude::*;

use super::blocks::{
    self, ANSWER_BLOCK, ANSWER_INPUT, HOME_QUIZ_ACTION, SETUP_CALLBACK, SETUP_CHANNEL,
    SETUP_REVEAL, SETUP_TIME, SETUP_TIMEZONE, SETUP_TOPICS,
};
use super::command::SetupArgs;
use super::reply::Reply;
use super::{Bot, Where};
use crate::button_id::{Action, ComponentId, UnknownId};
use crate::domain::Mode;
use crate::engine::{
    CardId, CramNext, EngineError, GradeInput, InterviewStep, MemberRef, ReviewNext,
};
use crate::wording;

pub async fn run(bot: &Bot, event: SlackInteractionEvent) {
    if !bot.redeliveries.first_delivery(trigger_of(&event)) {
        tracing::info!("a Slack interaction delivered again was already taken");
        return;
    }
    let (workspace, action) = match &event {
        SlackInteractionEvent::BlockActions(click) => (
            click.team.id.to_string(),
            format!(
                "button:{}",
                crate::command_log::action_of(
                    click
                        .actions
                        .as_ref()
                        .and_then(|actions| actions.first())
                        .map(|action| action.action_id.as_ref())
                        .unwrap_or_default()
                )
            ),
        ),
        SlackInteractionEvent::ViewSubmission(submission) => {
            (submission.team.id.to_string(), "form".to_owned())
        }
        other => (String::new(), interaction_kind(other).to_owned()),
    };
    crate::command_log::observe("slack", &workspace, &action, handle(bot, event)).await
}

async fn handle(bot: &Bot, event: SlackInteractionEvent) {
    match event {
        SlackInteractionEvent::BlockActions(click) => on_click(bot, click).await,
        SlackInteractionEvent::ViewSubmission(submission) => on_submit(bot, submission).await,
        other => tracing::debug!(
            kind = interaction_kind(&other),
            "ignored a Slack interaction"
        ),
    }
}

fn interaction_kind(event: &SlackInteractionEvent) -> &'static str {
    match event {
        SlackInteractionEvent::BlockActions(_) => "block_actions",
        SlackInteractionEvent::ViewSubmission(_) => "view_submission",
        SlackInteractionEvent::ViewClosed(_) => "view_closed",
        _ => "other",
    }
}

async fn on_click(bot: &Bot, click: SlackInteractionBlockActionsEvent) {
    let Some(user) = &click.user else {
        return;
    };
    let Some(action) = click.actions.as_ref().and_then(|a| a.first()) else {
        return;
    };
    let channel = click
        .channel
        .as_ref()
        .map(|c| c.id.to_string())
        .or_else(|| match &click.container {
            SlackInteractionActionContainer::Message(m) => {
                m.channel_id.as_ref().map(ToString::to_string)
            }
            _ => None,
        });
    let to = Where {
        user: user.id.to_string(),
        channel: channel.clone(),
        response_url: click.response_url.clone(),
    };
    let me = bot
        .member(
            click.team.id.as_ref(),
            click.team.domain.as_deref(),
            user.id.as_ref(),
        )
        .await;
    let action_id = action.action_id.to_string();
    if action_id == HOME_QUIZ_ACTION {
        let reply = match bot.engine.quiz(&me, None, None, Mode::Flashcard).await {
            Ok(card) => Reply::private(blocks::card(&card, "Quiz")),
            Err(error) => Reply::failure(error),
        };
        return bot.send(&to, &reply).await;
    }
    let id = match ComponentId::parse(&action_id) {
        Ok(id) => id,
        Err(unknown) => {
            tracing::info!(action_id, "refused a button with an unknown id");
            return bot.send(&to, &Reply::refusal(&unknown.to_string())).await;
        }
    };
    let reply = match (id.action, id.card) {
        (action @ (Action::Answer | Action::Interview | Action::FollowUp(_)), Some(card)) => {
            let title = match action {
                Action::FollowUp(_) => "Your follow-up answer",
                _ => "Your answer",
            };
            let view = blocks::answer_modal(action, card, title, channel.as_deref());
            match bot.open_modal(&click.trigger_id, view).await {
                Some(reply) => reply,
                None => return,
            }
        }
        (action, card) => act(bot, &me, action, card).await,
    };
    bot.send(&to, &reply).await;
}

async fn act(bot: &Bot, me: &MemberRef, action: Action, card: Option<CardId>) -> Reply {
    let engine = &bot.engine;
    let result = match (action, card) {
        (Action::Reveal, Some(card)) => engine
            .reveal(me, card)
            .await
            .map(|reveal| Reply::private(blocks::reveal(&reveal))),
        (Action::Grade(grade), Some(card)) => {
            grade_or_review_reply(bot, me, card, GradeInput::Grade(grade)).await
        }
        (Action::Pick(index), Some(card)) => {
            grade_or_review_reply(bot, me, card, GradeInput::Choice(index)).await
        }
        (Action::NextReview, _) => engine.review(me).await.map(review_reply),
        (Action::NextCram, _) => engine.cram(me).await.map(cram_reply),
        // The parser never pairs these with a missing card.
        (
            Action::Reveal
            | Action::Grade(_)
            | Action::Pick(_)
            | Action::Answer
            | Action::Interview
            | Action::FollowUp(_),
            None,
        ) => {
            return Reply::refusal(&UnknownId.to_string());
        }
        // `on_click` opens the answer modal for these.
        (Action::Answer | Action::Interview | Action::FollowUp(_), Some(_)) => {
            return Reply::refusal("Use the Answer button to write an answer.");
        }
        (action @ (Action::Approve(_) | Action::Reject(_)), _) => {
            if let Some(refusal) = bot.refuse_non_admin(me).await {
                return refusal;
            }
            let decided = match action {
                Action::Approve(number) => engine.approve_question(me, number).await,
                Action::Reject(number) => engine.reject_question(me, number, None).await,
                _ => return Reply::refusal(&UnknownId.to_string()),
            };
            decided.map(|question| Reply::notice("Decided", &wording::question_decided(&question)))
        }
        // A reminder's buttons, in the member's DM with prepbot.
        (action @ (Action::ReviewIn(workspace) | Action::StopReminders(workspace)), _) => {
            let who = match engine
                .reminded_member(workspace, crate::engine::Platform::Slack, &me.external_id)
                .await
            {
                Ok(who) => who,
                Err(error) => return Reply::failure(error),
            };
            if matches!(action, Action::StopReminders(_)) {
                engine.stop_reminders(&who).await.map(|_| {
                    Reply::notice("Reminders", &wording::reminders_stopped("/prep settings"))
                })
            } else {
                engine.review(&who).await.map(review_reply)
            }
        }
        (Action::Forget, _) => return super::member_data::forget(engine, me).await,
        // Their forms are opened by the commands and taken by `on_submit`.
        (Action::AddQuestion | Action::SuggestQuestion, _) => {
            return Reply::refusal(&UnknownId.to_string());
        }
    };
    result.unwrap_or_else(Reply::failure)
}

/// Grades a card (a self-grade or a pick) and says what it earned; a pick
/// shows the model answer with it.
pub async fn grade_or_review_reply(
    bot: &Bot,
    me: &MemberRef,
    card: CardId,
    input: GradeInput,
) -> Result<Reply, EngineError> {
    let outcome = bot.engine.grade(me, card, input).await?;
    let options = match input {
        GradeInput::Choice(_) => bot.engine.reveal(me, card).await.ok(),
        GradeInput::Grade(_) => None,
    };
    let text = wording::outcome(
        &outcome,
        options.as_ref().map_or(&[][..], |r| r.options.as_slice()),
    );
    let mut message = blocks::outcome(&text, outcome.context, outcome.crammed);
    if let Some(reveal) = options {
        message = blocks::with_model_answer(message, &reveal);
    }
    Ok(Reply::private(message))
}

pub fn review_reply(next: ReviewNext) -> Reply {
    match next {
        ReviewNext::Card {
            card,
            due_after,
            new_left,
            is_new,
            countdown,
        } => {
            let heading = if is_new { "New question" } else { "Review" };
            let mut note = format!("{due_after} more due, {new_left} new left today");
            if let Some(countdown) = &countdown {
                note = format!("{note} · {}", wording::countdown_short(countdown));
            }
            Reply::private(blocks::with_note(blocks::card(&card, heading), &note))
        }
        ReviewNext::Done {
            next_due,
            countdown,
        } => {
            let mut text = wording::review_done(next_due);
            if let Some(countdown) = &countdown {
                text = format!("{text}\n{}", wording::countdown(countdown));
            }
            Reply::notice("Review", &text)
        }
    }
}

pub fn cram_reply(next: CramNext) -> Reply {
    match next {
        CramNext::Card {
            card,
            left,
            countdown,
        } => {
            let note = format!(
                "ahead of schedule: your review dates stay as they are · {}",
                wording::countdown_short(&countdown)
            );
            Reply::private(blocks::with_note(
                blocks::card(&card, &wording::cram_heading(left)),
                &note,
            ))
        }
        CramNext::Nothing { due, countdown } => {
            Reply::notice("Cram", &wording::cram_nothing(due, &countdown))
        }
    }
}

/// An answer modal came back: check the text against the key points, or
/// take the interview's next step, and show the result where the card was.
async fn on_submit(bot: &Bot, submission: SlackInteractionViewSubmissionEvent) {
    let (callback, channel) = match &submission.view.view {
        SlackView::Modal(modal) => (modal.callback_id.clone(), modal.private_metadata.clone()),
        SlackView::Home(_) => return,
    };
    let to = Where {
        user: submission.user.id.to_string(),
        channel: channel.filter(|c| !c.is_empty()),
        response_url: None,
    };
    if callback.as_ref().map(|id| id.as_ref()) == Some(SETUP_CALLBACK) {
        return on_setup(bot, &submission, &to).await;
    }
    let parsed = callback.map(|id| ComponentId::parse(id.as_ref()));
    if let Some(Ok(ComponentId {
        action: action @ (Action::AddQuestion | Action::SuggestQuestion),
        card: None,
    })) = parsed
    {
        return take_question(bot, &submission, action, &to).await;
    }
    let (action, card) = match parsed {
        Some(Ok(ComponentId {
            action,
            card: Some(card),
        })) => (action, card),
        _ => {
            tracing::info!("refused a modal with an unknown callback id");
            return bot.send(&to, &Reply::refusal(&UnknownId.to_string())).await;
        }
    };
    let text = field(&submission, ANSWER_BLOCK, ANSWER_INPUT).unwrap_or_default();
    let me = submitter(bot, &submission).await;
    let reply = take_answer(bot, &me, action, card, &text)
        .await
        .unwrap_or_else(Reply::failure);
    bot.send(&to, &reply).await;
}

/// A written answer, by what its modal was for: checked against the key
/// points, or a turn of a mock interview.
async fn take_answer(
    bot: &Bot,
    me: &MemberRef,
    action: Action,
    card: CardId,
    text: &str,
) -> Result<Reply, EngineError> {
    let engine = &bot.engine;
    let message = match action {
        Action::Interview => match engine.interview_answer(me, card, text).await? {
            InterviewStep::FollowUp {
                covered, follow_up, ..
            } => blocks::follow_up(card, &follow_up, covered),
            InterviewStep::Done(summary) => blocks::interview_summary(&summary, true),
        },
        Action::FollowUp(earlier) => {
            let summary = engine.interview_follow_up(me, card, earlier, text).await?;
            blocks::interview_summary(&summary, false)
        }
        Action::Answer => blocks::answer_check(&engine.check_answer(me, card, text).await?),
        // Not an answer modal's id: made by no modal prepbot opened.
        Action::Reveal
        | Action::Grade(_)
        | Action::Pick(_)
        | Action::NextReview
        | Action::NextCram
        | Action::AddQuestion
        | Action::SuggestQuestion
        | Action::Forget
        | Action::Approve(_)
        | Action::Reject(_)
        | Action::ReviewIn(_)
        | Action::StopReminders(_) => {
            return Ok(Reply::refusal(&UnknownId.to_string()));
        }
    };
    Ok(Reply::private(message))
}

/// A modal field's value as the member left it: typed text, or the
/// channel picked; `None` when empty.
fn field(
    submission: &SlackInteractionViewSubmissionEvent,
    block: &str,
    action: &str,
) -> Option<String> {
    let value = submission
        .view
        .state_params
        .state
        .as_ref()?
        .values
        .get(&SlackBlockId::new(block.to_owned()))?
        .get(&SlackActionId::new(action.to_owned()))?;
    value
        .value
        .clone()
        .or_else(|| {
            value
                .selected_conversation
                .as_ref()
                .map(ToString::to_string)
        })
        .or_else(|| value.selected_channel.as_ref().map(ToString::to_string))
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

/// The setup modal came back: the same checks and engine call as
/// `/prep setup` typed out.
async fn on_setup(bot: &Bot, submission: &SlackInteractionViewSubmissionEvent, to: &Where) {
    let me = submitter(bot, submission).await;
    if let Some(refusal) = bot.refuse_non_admin(&me).await {
        return bot.send(to, &refusal).await;
    }
    let reveal = field(submission, SETUP_REVEAL, SETUP_REVEAL);
    let reveal_after = match reveal.as_deref().map(str::parse::<u32>) {
        None => None,
        Some(Ok(minutes)) => Some(minutes),
        Some(Err(_)) => {
            let typed = reveal.unwrap_or_default();
            let refusal = Reply::refusal(&format!(
                "`{typed}` is not a number of minutes; leave it empty for no public reveal."
            ));
            return bot.send(to, &refusal).await;
        }
    };
    let here = to.channel.clone().unwrap_or_default();
    let args = SetupArgs {
        channel: field(submission, SETUP_CHANNEL, SETUP_CHANNEL),
        schedule: field(submission, SETUP_TIME, SETUP_TIME),
        timezone: field(submission, SETUP_TIMEZONE, SETUP_TIMEZONE),
        topics: field(submission, SETUP_TOPICS, SETUP_TOPICS),
        reveal_after,
        unrecognised: Vec::new(),
    };
    let reply = super::commands::setup(bot, &me, &here, args).await;
    bot.send(to, &reply).await;
}

/// A question form came back: added (admins, checked again here) or
/// suggested, by the bank's own rules.
async fn take_question(
    bot: &Bot,
    submission: &SlackInteractionViewSubmissionEvent,
    action: Action,
    to: &Where,
) {
    let me = submitter(bot, submission).await;
    let value = |id: &str| {
        field(submission, id, id)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let [topic, difficulty, question, answer, key_points] = blocks::QUESTION_FIELDS;
    let draft = crate::bank::Draft {
        topic: value(topic),
        difficulty: value(difficulty),
        question: value(question),
        answer: value(answer),
        key_points: crate::bank::Draft::key_points_from_lines(&value(key_points)),
    };
    let submitted = match action {
        Action::AddQuestion => {
            if let Some(refusal) = bot.refuse_non_admin(&me).await {
                return bot.send(to, &refusal).await;
            }
            bot.engine.add_question(&me, &draft).await
        }
        _ => bot.engine.suggest_question(&me, &draft).await,
    };
    let reply = match submitted {
        Ok(question) => Reply::notice("Question saved", &wording::question_submitted(&question)),
        Err(error) => Reply::failure(error),
    };
    bot.send(to, &reply).await;
}

/// Who submitted a modal, as the engine knows them.
async fn submitter(bot: &Bot, submission: &SlackInteractionViewSubmissionEvent) -> MemberRef {
    bot.member(
        submission.team.id.as_ref(),
        submission.team.domain.as_deref(),
        submission.user.id.as_ref(),
    )
    .await
}

/// The interaction's `trigger_id`, the same on every delivery of it.
fn trigger_of(event: &SlackInteractionEvent) -> Option<&str> {
    match event {
        SlackInteractionEvent::BlockActions(click) => Some(click.trigger_id.as_ref()),
        SlackInteractionEvent::ViewSubmission(submitted) => {
            submitted.trigger_id.as_ref().map(|id| id.as_ref())
        }
        SlackInteractionEvent::Shortcut(shortcut) => Some(shortcut.trigger_id.as_ref()),
        SlackInteractionEvent::MessageAction(action) => Some(action.trigger_id.as_ref()),
        _ => None,
    }
}
