//! Button clicks and modal submissions. The custom id says what to do and
//! to which card; the engine checks the card belongs to the clicker's
//! server. Every answer is private to the person who clicked.
//!
//! A mock interview runs on the same parts: its Answer button opens the
//! answer modal under `Action::Interview`, and the follow-up's button opens
//! it under `Action::FollowUp`, whose id carries what the first answer
//! covered.

use serenity::all::{
    ActionRowComponent, ComponentInteraction, Context as SerenityContext, CreateActionRow,
    CreateInputText, CreateInteractionResponse, CreateModal, InputTextStyle, ModalInteraction,
};

use super::custom_id::{Action, ComponentId};
use super::reply::{self, Reply};
use super::{Bot, questions, render};
use crate::engine::{
    CardId, CramNext, EngineError, GradeInput, InterviewStep, MAX_ANSWER_CHARS, MemberRef,
    ReviewNext,
};

/// The answer modal's one text field.
const ANSWER_FIELD: &str = "answer";

pub async fn on_click(ctx: &SerenityContext, bot: &Bot, click: &ComponentInteraction) {
    let target = (click.id, click.token.as_str());
    let parsed = ComponentId::parse(&click.data.custom_id);
    // A reminder's buttons live in a DM, which names no server: the id
    // carries the workspace instead.
    if let Ok(ComponentId {
        action: action @ (Action::ReviewIn(_) | Action::StopReminders(_)),
        ..
    }) = parsed
    {
        let work = reminder_click(bot, &click.user, action);
        return reply::private(&ctx.http, target, work).await;
    }
    let (id, who) = match (parsed, click.guild_id) {
        (Ok(id), Some(guild)) => {
            let nick = click.member.as_ref().and_then(|m| m.nick.as_deref());
            (id, bot.member(guild, &click.user, nick))
        }
        (Err(unknown), _) => {
            tracing::info!(custom_id = %click.data.custom_id, "refused a button with an unknown id");
            let refusal = Reply::refusal(&unknown.to_string());
            return reply::private(&ctx.http, target, async { refusal }).await;
        }
        // A review card a reminder opened in a DM: its member is found
        // from the card's workspace.
        (Ok(id), None) => {
            let user = click.user.id.to_string();
            match bot
                .engine
                .direct_message_member(crate::engine::Platform::Discord, &user, id.card)
                .await
            {
                Ok(who) => (id, who),
                Err(error) => {
                    let refusal = Reply::refusal(&reply::failure_text(error));
                    return reply::private(&ctx.http, target, async { refusal }).await;
                }
            }
        }
    };
    match (id.action, id.card) {
        (action @ (Action::Answer | Action::Interview | Action::FollowUp(_)), Some(card)) => {
            open_answer_modal(ctx, click, action, card).await;
        }
        (action @ (Action::AddQuestion | Action::SuggestQuestion), None) => {
            let modal = CreateInteractionResponse::Modal(questions::question_modal(action));
            if let Err(error) = click.create_response(&ctx.http, modal).await {
                tracing::warn!(%error, "could not open the question form");
            }
        }
        (action @ (Action::Approve(_) | Action::Reject(_)), None) => {
            let work = questions::decide(bot, &who, click.member.as_ref(), action);
            reply::private(&ctx.http, target, work).await;
        }
        (action, card) => {
            reply::private(&ctx.http, target, act(bot, &who, action, card)).await;
        }
    }
}

async fn act(bot: &Bot, who: &MemberRef, action: Action, card: Option<CardId>) -> Reply {
    let engine = &bot.engine;
    let result = match (action, card) {
        (Action::Reveal, Some(card)) => engine
            .reveal(who, card)
            .await
            .map(|reveal| render::reveal(&reveal).into()),
        (Action::Grade(grade), Some(card)) => {
            grade_reply(bot, who, card, GradeInput::Grade(grade)).await
        }
        (Action::Pick(index), Some(card)) => {
            grade_reply(bot, who, card, GradeInput::Choice(index)).await
        }
        (Action::NextReview, _) => engine.review(who).await.map(review_reply),
        (Action::NextCram, _) => engine.cram(who).await.map(cram_reply),
        (Action::Forget, _) => return super::member_data::forget(bot, who).await,
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
            return Reply::refusal(&super::UnknownId.to_string());
        }
        // `on_click` opens the answer modal for these.
        (Action::Answer | Action::Interview | Action::FollowUp(_), Some(_)) => {
            return Reply::refusal("Use the Answer button to write an answer.");
        }
        // `on_click` opens the question form or decides for these; the
        // parser never gives them a card.
        (
            Action::AddQuestion
            | Action::SuggestQuestion
            | Action::Approve(_)
            | Action::Reject(_)
            | Action::ReviewIn(_)
            | Action::StopReminders(_),
            _,
        ) => {
            return Reply::refusal(&super::UnknownId.to_string());
        }
    };
    result.unwrap_or_else(|error| Reply::refusal(&reply::failure_text(error)))
}

/// A click on a reminder's Next review or Stop reminders, by the member
/// the reminder went to, in the workspace its id names.
async fn reminder_click(bot: &Bot, user: &serenity::all::User, action: Action) -> Reply {
    let engine = &bot.engine;
    let (Action::ReviewIn(workspace) | Action::StopReminders(workspace)) = action else {
        return Reply::refusal(&super::UnknownId.to_string());
    };
    let who = match engine
        .reminded_member(
            workspace,
            crate::engine::Platform::Discord,
            &user.id.to_string(),
        )
        .await
    {
        Ok(who) => who,
        Err(error) => return Reply::refusal(&reply::failure_text(error)),
    };
    let result = match action {
        Action::StopReminders(_) => engine
            .stop_reminders(&who)
            .await
            .map(|_| Reply::notice("Reminders", &crate::wording::reminders_stopped("/settings"))),
        _ => engine.review(&who).await.map(review_reply),
    };
    result.unwrap_or_else(|error| Reply::refusal(&reply::failure_text(error)))
}

async fn grade_reply(
    bot: &Bot,
    who: &MemberRef,
    card: CardId,
    input: GradeInput,
) -> Result<Reply, crate::engine::EngineError> {
    let outcome = bot.engine.grade(who, card, input).await?;
    // A pick is marked, not self-graded: show the model answer with it.
    let options = match input {
        GradeInput::Choice(_) => bot.engine.reveal(who, card).await.ok(),
        GradeInput::Grade(_) => None,
    };
    let text = crate::wording::outcome(
        &outcome,
        options.as_ref().map_or(&[][..], |r| r.options.as_slice()),
    );
    let (mut embed, rows) = render::outcome(text, outcome.context, outcome.crammed);
    if let Some(reveal) = options {
        embed = render::with_model_answer(embed, &reveal);
    }
    Ok(Reply::new(embed, rows))
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
            let (embed, rows) = render::card(&card, heading);
            let mut note = format!("{due_after} more due, {new_left} new left today");
            if let Some(countdown) = &countdown {
                note = format!("{note} · {}", crate::wording::countdown_short(countdown));
            }
            Reply::new(render::with_footer_note(embed, &note), rows)
        }
        ReviewNext::Done {
            next_due,
            countdown,
        } => {
            let mut text = crate::wording::review_done(next_due);
            if let Some(countdown) = &countdown {
                text = format!("{text}\n{}", crate::wording::countdown(countdown));
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
            let (embed, rows) = render::card(&card, &crate::wording::cram_heading(left));
            let note = format!(
                "ahead of schedule: your review dates stay as they are · {}",
                crate::wording::countdown_short(&countdown)
            );
            Reply::new(render::with_footer_note(embed, &note), rows)
        }
        CramNext::Nothing { due, countdown } => {
            Reply::notice("Cram", &crate::wording::cram_nothing(due, &countdown))
        }
    }
}

/// The modal must be the first answer to the click, so it opens at once;
/// the card is checked when the answer comes back.
async fn open_answer_modal(
    ctx: &SerenityContext,
    click: &ComponentInteraction,
    action: Action,
    card: CardId,
) {
    let title = match action {
        Action::FollowUp(_) => "Your follow-up answer",
        _ => "Your answer",
    };
    let modal = CreateInteractionResponse::Modal(answer_modal(action, card, title));
    if let Err(error) = click.create_response(&ctx.http, modal).await {
        tracing::warn!(%error, "could not open the answer modal");
    }
}

/// The answer modal; its id says what the answer is for (`Action::Answer`
/// to check it, `Action::Interview` or `Action::FollowUp` in a mock
/// interview).
pub fn answer_modal(action: Action, card: CardId, title: &str) -> CreateModal {
    let field = CreateInputText::new(InputTextStyle::Paragraph, title, ANSWER_FIELD)
        .placeholder("Answer as you would in the interview; prepbot checks the key points.")
        .min_length(1)
        .max_length(u16::try_from(MAX_ANSWER_CHARS).unwrap_or(4_000))
        .required(true);
    CreateModal::new(ComponentId::on_card(action, card).to_string(), title)
        .components(vec![CreateActionRow::InputText(field)])
}

pub async fn on_modal(ctx: &SerenityContext, bot: &Bot, submit: &ModalInteraction) {
    let target = (submit.id, submit.token.as_str());
    let parsed = ComponentId::parse(&submit.data.custom_id);
    if let (Ok(id), Some(guild)) = (&parsed, submit.guild_id)
        && matches!(id.action, Action::AddQuestion | Action::SuggestQuestion)
    {
        let nick = submit.member.as_ref().and_then(|m| m.nick.as_deref());
        let who = bot.member(guild, &submit.user, nick);
        let work = questions::take_form(bot, &who, id.action, submit);
        return reply::private(&ctx.http, target, work).await;
    }
    let (action, card, guild) = match (parsed, submit.guild_id) {
        (
            Ok(ComponentId {
                action,
                card: Some(card),
            }),
            guild,
        ) => (action, card, guild),
        _ => {
            tracing::info!(custom_id = %submit.data.custom_id, "refused a modal with an unknown id");
            let refusal = Reply::refusal(&super::UnknownId.to_string());
            return reply::private(&ctx.http, target, async { refusal }).await;
        }
    };
    let text = submit
        .data
        .components
        .iter()
        .flat_map(|row| &row.components)
        .find_map(|component| match component {
            ActionRowComponent::InputText(input) if input.custom_id == ANSWER_FIELD => {
                input.value.clone()
            }
            _ => None,
        })
        .unwrap_or_default();
    let who = match guild {
        Some(guild) => {
            let nick = submit.member.as_ref().and_then(|m| m.nick.as_deref());
            bot.member(guild, &submit.user, nick)
        }
        // An answer to a review card a reminder opened in a DM.
        None => {
            let user = submit.user.id.to_string();
            let found = bot
                .engine
                .direct_message_member(crate::engine::Platform::Discord, &user, Some(card))
                .await;
            match found {
                Ok(who) => who,
                Err(error) => {
                    let refusal = Reply::refusal(&reply::failure_text(error));
                    return reply::private(&ctx.http, target, async { refusal }).await;
                }
            }
        }
    };
    // A judge may take a while; `private` acknowledges first if it does.
    let work = async {
        take_answer(bot, &who, action, card, &text)
            .await
            .unwrap_or_else(|error| Reply::refusal(&reply::failure_text(error)))
    };
    reply::private(&ctx.http, target, work).await;
}

/// A written answer, by what its modal was for: checked against the key
/// points, or a turn of a mock interview.
async fn take_answer(
    bot: &Bot,
    who: &MemberRef,
    action: Action,
    card: CardId,
    text: &str,
) -> Result<Reply, EngineError> {
    let engine = &bot.engine;
    Ok(match action {
        Action::Interview => match engine.interview_answer(who, card, text).await? {
            InterviewStep::FollowUp {
                covered, follow_up, ..
            } => render::follow_up(card, &follow_up, covered).into(),
            InterviewStep::Done(summary) => render::interview_summary(&summary, true).into(),
        },
        Action::FollowUp(earlier) => {
            let summary = engine.interview_follow_up(who, card, earlier, text).await?;
            render::interview_summary(&summary, false).into()
        }
        Action::Answer => render::answer_check(&engine.check_answer(who, card, text).await?).into(),
        // Not an answer modal's id: made by no modal prepbot opened.
        Action::Reveal
        | Action::Grade(_)
        | Action::Pick(_)
        | Action::NextReview
        | Action::NextCram
        | Action::AddQuestion
        | Action::SuggestQuestion
        | Action::Approve(_)
        | Action::Reject(_)
        | Action::ReviewIn(_)
        | Action::StopReminders(_)
        | Action::Forget => Reply::refusal(&super::UnknownId.to_string()),
    })
}
