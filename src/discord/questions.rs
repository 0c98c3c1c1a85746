//! A server's own questions on Discord: the question form (a modal of five
//! fields: topic, difficulty, question, answer, key points), which admins
//! use to add a question and members to suggest one, and the list of
//! pending suggestions with Approve and Reject buttons. Admins are members
//! with *Manage Server*, as for the daily question; the check is made on
//! every submission and click, whatever the form or button claims.

use serenity::all::{
    ActionRowComponent, ButtonStyle, CreateActionRow, CreateButton, CreateInputText, CreateModal,
    InputTextStyle, Member, ModalInteraction,
};

use super::custom_id::{Action, ComponentId};
use super::reply::{self, Reply};
use crate::bank::{Draft, MAX_ANSWER_CHARS, MAX_QUESTION_CHARS};
use crate::engine::{EngineError, MemberRef, WorkspaceQuestion};

/// The form's fields, by custom id.
const TOPIC: &str = "topic";
const DIFFICULTY: &str = "difficulty";
const QUESTION: &str = "question";
const ANSWER: &str = "answer";
const KEY_POINTS: &str = "key_points";

/// Discord shows at most five rows of buttons: one per suggestion.
const LISTED_WITH_BUTTONS: usize = 5;

/// Whether the member may manage the server (and so its questions).
pub fn is_admin(member: Option<&Member>) -> bool {
    member
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.administrator() || p.manage_guild())
}

/// The refusal a member without *Manage Server* gets.
pub fn admins_only() -> Reply {
    Reply::refusal(
        "Only members who can manage this server (the Manage Server permission) add, approve and reject questions. Suggest one with /suggest.",
    )
}

/// The question form: `Action::AddQuestion` for an admin's question,
/// `Action::SuggestQuestion` for a member's suggestion.
pub fn question_modal(action: Action) -> CreateModal {
    let title = match action {
        Action::AddQuestion => "Add a question to this server",
        _ => "Suggest a question",
    };
    let field = |style, label: &str, id: &str, placeholder: &str, max: usize| {
        CreateActionRow::InputText(
            CreateInputText::new(style, label, id)
                .placeholder(placeholder)
                .min_length(1)
                .max_length(u16::try_from(max).unwrap_or(4_000))
                .required(true),
        )
    };
    CreateModal::new(ComponentId::alone(action).to_string(), title).components(vec![
        field(
            InputTextStyle::Short,
            "Topic",
            TOPIC,
            "A topic of the bank, such as rag (see /topics)",
            60,
        ),
        field(
            InputTextStyle::Short,
            "Difficulty",
            DIFFICULTY,
            "easy, medium or hard",
            10,
        ),
        field(
            InputTextStyle::Paragraph,
            "Question",
            QUESTION,
            "As an interviewer would ask it",
            MAX_QUESTION_CHARS,
        ),
        field(
            InputTextStyle::Paragraph,
            "Model answer",
            ANSWER,
            "What a strong candidate would say",
            MAX_ANSWER_CHARS,
        ),
        field(
            InputTextStyle::Paragraph,
            "Key points (one per line, 2 to 5)",
            KEY_POINTS,
            "Short phrases a good answer covers",
            600,
        ),
    ])
}

/// The form's fields as a draft for the bank's rules.
fn draft_of(submit: &ModalInteraction) -> Draft {
    let field = |wanted: &str| {
        submit
            .data
            .components
            .iter()
            .flat_map(|row| &row.components)
            .find_map(|component| match component {
                ActionRowComponent::InputText(input) if input.custom_id == wanted => {
                    input.value.clone()
                }
                _ => None,
            })
            .unwrap_or_default()
    };
    Draft {
        topic: field(TOPIC).trim().to_owned(),
        difficulty: field(DIFFICULTY).trim().to_owned(),
        question: field(QUESTION).trim().to_owned(),
        answer: field(ANSWER).trim().to_owned(),
        key_points: Draft::key_points_from_lines(&field(KEY_POINTS)),
    }
}

/// A submitted form: added (admins) or suggested (members).
pub async fn take_form(
    bot: &super::Bot,
    who: &MemberRef,
    action: Action,
    submit: &ModalInteraction,
) -> Reply {
    let draft = draft_of(submit);
    let submitted = match action {
        Action::AddQuestion if !is_admin(submit.member.as_ref()) => return admins_only(),
        Action::AddQuestion => bot.engine.add_question(who, &draft).await,
        _ => bot.engine.suggest_question(who, &draft).await,
    };
    match submitted {
        Ok(question) => Reply::notice(
            "Question saved",
            &crate::wording::question_submitted(&question),
        ),
        Err(error) => refusal(error),
    }
}

/// The pending suggestions, each with Approve and Reject.
pub fn pending(questions: &[WorkspaceQuestion]) -> Reply {
    let usage = if questions.len() > LISTED_WITH_BUTTONS {
        format!(
            "Buttons below decide the first {LISTED_WITH_BUTTONS}; decide those and list again for the rest."
        )
    } else {
        "Approve or reject each with its buttons.".to_owned()
    };
    let text = crate::wording::pending_questions(questions, &usage);
    let rows = questions
        .iter()
        .take(LISTED_WITH_BUTTONS)
        .map(|question| {
            let button = |action, label: String, style| {
                CreateButton::new(ComponentId::alone(action).to_string())
                    .label(label)
                    .style(style)
            };
            CreateActionRow::Buttons(vec![
                button(
                    Action::Approve(question.number),
                    format!("Approve {}", question.id),
                    ButtonStyle::Success,
                ),
                button(
                    Action::Reject(question.number),
                    format!("Reject {}", question.id),
                    ButtonStyle::Danger,
                ),
            ])
        })
        .collect();
    // In a code block: an admin reads what was typed, markup and mentions
    // included, before deciding, and none of it renders live.
    Reply::new(super::render::monospace("Suggested questions", &text), rows)
}

/// An admin's Approve or Reject click.
pub async fn decide(
    bot: &super::Bot,
    who: &MemberRef,
    member: Option<&Member>,
    action: Action,
) -> Reply {
    if !is_admin(member) {
        return admins_only();
    }
    let decided = match action {
        Action::Approve(number) => bot.engine.approve_question(who, number).await,
        Action::Reject(number) => bot.engine.reject_question(who, number, None).await,
        _ => return Reply::refusal(&super::UnknownId.to_string()),
    };
    match decided {
        Ok(question) => Reply::notice("Decided", &crate::wording::question_decided(&question)),
        Err(error) => refusal(error),
    }
}

fn refusal(error: EngineError) -> Reply {
    Reply::refusal(&reply::failure_text(error))
}
