//! Engine replies as Block Kit: a card with its header, question and
//! buttons; the model answer with the grade buttons; key-point feedback;
//! the daily post and its reveal; the answer modal; a mock interview's
//! question, follow-up and summary. Text from the bank or a
//! member is escaped here (see `escape`), and every part is cut to Slack's
//! limits so a long answer never gets a message refused.

use slack_morphism::prelude::*;

use super::escape::{code, escape, mrkdwn, slack_commands};
use crate::button_id::{Action, ComponentId};
use crate::domain::{Context, Grade, Mode};
use crate::engine::{
    AnswerCheck, Card, CardId, Covered, DailyPost, FollowUp, InterviewSummary, PublicReveal, Reveal,
};
use crate::wording::letter;

/// Slack's limits, in characters.
const SECTION_MAX: usize = 3_000;
const HEADER_MAX: usize = 150;
const BUTTON_MAX: usize = 75;
const CONTEXT_MAX: usize = 2_000;
const MODAL_TITLE_MAX: usize = 24;

/// The answer modal's input block and element.
pub const ANSWER_BLOCK: &str = "answer";
pub const ANSWER_INPUT: &str = "answer";
/// The setup modal's callback id; its fields' block and action ids.
pub const SETUP_CALLBACK: &str = "pb1-setup";
pub const SETUP_CHANNEL: &str = "channel";
pub const SETUP_TIME: &str = "time";
pub const SETUP_TIMEZONE: &str = "timezone";
pub const SETUP_TOPICS: &str = "topics";
pub const SETUP_REVEAL: &str = "reveal";
/// The App Home's button that draws a quiz card.
pub const HOME_QUIZ_ACTION: &str = "pb1:home-quiz";
/// Where the daily post's marker sits: the first block's id carries the
/// post's nonce, so a resend can find the first send in the history.
pub const DAILY_MARKER_PREFIX: &str = "prepbot-daily-";

/// A message: Block Kit and the plain text Slack shows in notifications.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub blocks: Vec<SlackBlock>,
}

impl Message {
    fn new(text: impl Into<String>, blocks: Vec<SlackBlock>) -> Self {
        Self {
            text: truncate(&text.into(), SECTION_MAX),
            blocks,
        }
    }

    pub fn content(&self) -> SlackMessageContent {
        SlackMessageContent::new()
            .with_text(self.text.clone())
            .with_blocks(self.blocks.clone())
    }
}

/// `text` cut to `max` characters, ending in an ellipsis when cut.
pub use crate::domain::text::cut as truncate;

fn md(text: &str, max: usize) -> SlackBlockText {
    SlackBlockMarkDownText::new(truncate(text, max)).into()
}

fn plain(text: &str, max: usize) -> SlackBlockPlainTextOnly {
    SlackBlockPlainTextOnly::from(truncate(text, max))
}

/// A section of mrkdwn the caller has already made safe.
fn section(text: &str) -> SlackBlock {
    SlackSectionBlock::new()
        .with_text(md(text, SECTION_MAX))
        .into()
}

fn header(text: &str) -> SlackBlock {
    SlackHeaderBlock::new(plain(text, HEADER_MAX)).into()
}

fn context(text: &str) -> SlackBlock {
    SlackContextBlock::new(vec![
        SlackBlockMarkDownText::new(truncate(text, CONTEXT_MAX)).into(),
    ])
    .into()
}

fn button(
    action: &str,
    label: &str,
    style: Option<SlackBlockButtonStyle>,
) -> SlackActionBlockElement {
    SlackBlockButtonElement::new(plain(label, BUTTON_MAX))
        .with_action_id(SlackActionId::new(action.to_owned()))
        .opt_style(style)
        .into()
}

fn card_button(
    action: Action,
    card: CardId,
    label: &str,
    style: Option<SlackBlockButtonStyle>,
) -> SlackActionBlockElement {
    button(
        &ComponentId::on_card(action, card).to_string(),
        label,
        style,
    )
}

fn actions(elements: Vec<SlackActionBlockElement>) -> SlackBlock {
    SlackActionsBlock::new(elements).into()
}

fn reveal_and_answer(card: CardId) -> SlackBlock {
    actions(vec![
        card_button(
            Action::Reveal,
            card,
            "Reveal",
            Some(SlackBlockButtonStyle::Primary),
        ),
        card_button(Action::Answer, card, "Answer", None),
    ])
}

fn grade_buttons(card: CardId) -> SlackBlock {
    let styles = [
        Some(SlackBlockButtonStyle::Danger),
        None,
        Some(SlackBlockButtonStyle::Primary),
        None,
    ];
    actions(
        Grade::ALL
            .into_iter()
            .zip(styles)
            .map(|(grade, style)| {
                card_button(
                    Action::Grade(grade),
                    card,
                    &crate::wording::capitalised(grade.as_str()),
                    style,
                )
            })
            .collect(),
    )
}

fn bullets(points: &[String]) -> String {
    points
        .iter()
        .map(|point| format!("• {}", mrkdwn(point)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A question with its buttons: Reveal and Answer on a flashcard, A–D on a
/// choice card.
pub fn card(card: &Card, heading: &str) -> Message {
    let mut blocks = vec![
        header(&format!(
            "{heading}: {} · {}",
            card.topic_name, card.difficulty
        )),
        section(&mrkdwn(&card.question)),
    ];
    let hint = match card.mode {
        Mode::Choice => {
            let options: Vec<String> = card
                .options
                .iter()
                .enumerate()
                .map(|(index, option)| format!("*{})* {}", letter(index), mrkdwn(option)))
                .collect();
            blocks.push(section(&options.join("\n")));
            blocks.push(actions(
                (0..card.options.len())
                    .map(|index| {
                        card_button(
                            Action::Pick(index),
                            card.id,
                            &letter(index).to_string(),
                            None,
                        )
                    })
                    .collect(),
            ));
            "pick the right option"
        }
        Mode::Flashcard => {
            blocks.push(reveal_and_answer(card.id));
            "think of your answer, then Reveal (only you see it) or Answer"
        }
    };
    blocks.push(context(&format!("{} · {hint}", card.question_id)));
    Message::new(format!("{heading}: {}", escape(&card.question)), blocks)
}

/// The model answer, for the clicker only, with the grade buttons (a
/// choice card says which option was right instead).
pub fn reveal(reveal: &Reveal) -> Message {
    let mut blocks = vec![
        section(&format!("*Model answer*\n{}", mrkdwn(&reveal.answer))),
        section(&format!("*Key points*\n{}", bullets(&reveal.key_points))),
    ];
    if let Some(example) = &reveal.example {
        blocks.push(section(&format!("*Example*\n{}", mrkdwn(example))));
    }
    if let Some(note) = crate::wording::since_note(reveal.since) {
        blocks.push(context(note));
    }
    match reveal.correct_option {
        Some(index) => {
            let option = reveal.options.get(index).map_or("", String::as_str);
            blocks.push(section(&format!(
                "*Right option:* {}) {}",
                letter(index),
                mrkdwn(option)
            )));
        }
        None => {
            blocks.push(context(
                "How did you do? Grade yourself; only you see this.",
            ));
            blocks.push(grade_buttons(reveal.card_id));
        }
    }
    Message::new(format!("Model answer: {}", escape(&reveal.answer)), blocks)
}

/// Which key points a written answer covers, then Reveal and the grades.
pub fn answer_check(check: &AnswerCheck) -> Message {
    let lines: Vec<String> = check
        .matches
        .iter()
        .map(|found| {
            let mark = if found.covered {
                ":white_check_mark:"
            } else {
                ":x:"
            };
            format!("{mark} {}", mrkdwn(&crate::wording::key_point_line(found)))
        })
        .collect();
    let mut verdict = check.verdict.clone();
    if let Some(note) = crate::wording::judged_note(&check.judged_by) {
        verdict = format!("{verdict}\n{note}");
    }
    let blocks = vec![
        section(&format!(
            "*Your answer against the key points*\n{}",
            escape(&verdict)
        )),
        section(&lines.join("\n")),
        context("Reveal the model answer, then grade yourself."),
        actions(vec![card_button(
            Action::Reveal,
            check.card_id,
            "Reveal",
            Some(SlackBlockButtonStyle::Primary),
        )]),
        grade_buttons(check.card_id),
    ];
    Message::new(escape(&check.verdict), blocks)
}

/// The question of a mock interview, for the member alone, with one
/// button that opens the answer modal.
pub fn interview_card(card: &Card) -> Message {
    let blocks = vec![
        header(&format!(
            "Mock interview: {} · {}",
            card.topic_name, card.difficulty
        )),
        section(&mrkdwn(&card.question)),
        actions(vec![card_button(
            Action::Interview,
            card.id,
            "Answer",
            Some(SlackBlockButtonStyle::Primary),
        )]),
        context(&format!(
            "{} · answer as you would in the interview; prepbot asks one follow-up, then sums up",
            card.question_id
        )),
    ];
    Message::new(
        format!("Mock interview: {}", escape(&card.question)),
        blocks,
    )
}

/// The interviewer's follow-up on what the first answer missed. Its
/// button carries what the first answer covered, so the summary can count
/// both answers without anything stored in between.
pub fn follow_up(card: CardId, follow_up: &FollowUp, covered: Covered) -> Message {
    let text = mrkdwn(&crate::wording::follow_up(follow_up));
    let blocks = vec![
        section(&format!("*Mock interview: follow-up*\n{text}")),
        actions(vec![card_button(
            Action::FollowUp(covered),
            card,
            "Answer the follow-up",
            Some(SlackBlockButtonStyle::Primary),
        )]),
        context("Answer it as you would in the interview; then prepbot sums up both answers."),
    ];
    Message::new(text, blocks)
}

/// The end of a mock interview: the key points both answers covered, the
/// model answer and the grade buttons, as after a reveal. `at_once` when
/// the first answer left nothing to follow up.
pub fn interview_summary(summary: &InterviewSummary, at_once: bool) -> Message {
    let mut text = String::new();
    if at_once {
        text += crate::wording::NO_FOLLOW_UP;
        text += "\n";
    }
    text += &crate::wording::interview_summary(summary);
    let text = mrkdwn(&text);
    let reveal = &summary.reveal;
    let mut blocks = vec![
        // Headed by the question, which is a few messages up by now.
        section(&format!("*{}*\n{text}", mrkdwn(&reveal.question))),
        section(&format!("*Model answer*\n{}", mrkdwn(&reveal.answer))),
    ];
    if let Some(example) = &reveal.example {
        blocks.push(section(&format!("*Example*\n{}", mrkdwn(example))));
    }
    blocks.push(context(
        "How did you do? Grade yourself: it counts as practice, like a quiz. Only you see this.",
    ));
    blocks.push(grade_buttons(reveal.card_id));
    Message::new(text, blocks)
}

/// After a grade: what it earned; on a review card, a button to the next
/// (the next cram card after a cram card).
pub fn outcome(text: &str, context: Context, crammed: bool) -> Message {
    let safe = slack_commands(&escape(text));
    let mut blocks = vec![section(&format!("*Graded*\n{safe}"))];
    if crammed {
        blocks.push(actions(vec![button(
            &ComponentId::alone(crate::button_id::Action::NextCram).to_string(),
            "Next cram card",
            Some(SlackBlockButtonStyle::Primary),
        )]));
    } else if context == Context::Review {
        blocks.push(actions(vec![button(
            &ComponentId::next_review().to_string(),
            "Next review card",
            Some(SlackBlockButtonStyle::Primary),
        )]));
    }
    Message::new(safe, blocks)
}

/// An outcome with the model answer under it (after a pick).
pub fn with_model_answer(mut message: Message, reveal: &Reveal) -> Message {
    message.blocks.push(section(&format!(
        "*Model answer*\n{}",
        mrkdwn(&reveal.answer)
    )));
    message.blocks.push(section(&format!(
        "*Key points*\n{}",
        bullets(&reveal.key_points)
    )));
    message
}

/// A message with a short note (prepbot's own words) under it.
pub fn with_note(mut message: Message, note: &str) -> Message {
    message.blocks.push(context(&escape(note)));
    message
}

/// A short message in prepbot's words (which may quote what a member
/// typed): escaped, with command names in Slack's `/prep` shape.
pub fn notice(title: &str, text: &str) -> Message {
    let safe = slack_commands(&escape(text));
    Message::new(
        format!("{}: {safe}", escape(title)),
        vec![section(&format!("*{}*\n{safe}", escape(title)))],
    )
}

/// Aligned text (tables, the practice calendar) in a code block.
pub fn monospace(title: &str, text: &str) -> Message {
    let body = code(&slack_commands(text));
    let room = SECTION_MAX - title.len() - 16;
    Message::new(
        escape(title),
        vec![section(&format!(
            "*{}*\n```{}```",
            escape(title),
            truncate(&body, room)
        ))],
    )
}

/// Mrkdwn written by the Slack front-end itself (it may hold channel
/// links and dates it built); the caller escaped anything typed.
pub fn trusted(title: &str, mrkdwn_text: &str) -> Message {
    Message::new(
        format!("{}: {mrkdwn_text}", escape(title)),
        vec![section(&format!("*{}*\n{mrkdwn_text}", escape(title)))],
    )
}

/// As `trusted`, with each part in a section of its own: Slack cuts a
/// section at 3,000 characters, so long text (the help) goes in parts.
pub fn trusted_parts(title: &str, parts: &[String]) -> Message {
    let mut blocks = Vec::with_capacity(parts.len());
    for (index, part) in parts.iter().enumerate() {
        blocks.push(if index == 0 {
            section(&format!("*{}*\n{part}", escape(title)))
        } else {
            section(part)
        });
    }
    Message::new(format!("{}: {}", escape(title), parts.join("\n")), blocks)
}

/// The day's post in its channel; its first block carries the marker.
pub fn daily_post(post: &DailyPost) -> Message {
    let title = format!("Daily question · {}", day_label(&post.local_date));
    let mut first = SlackHeaderBlock::new(plain(&title, HEADER_MAX));
    first.block_id = Some(SlackBlockId::new(marker(&post.nonce)));
    let blocks = vec![
        first.into(),
        section(&mrkdwn(&post.card.question)),
        context(&format!(
            "{} · {} · {}",
            escape(&post.card.topic_name),
            post.card.difficulty,
            post.card.question_id
        )),
        reveal_and_answer(post.card.id),
        context(
            "Reveal shows the model answer to you alone; Answer checks yours. Discuss in the thread.",
        ),
    ];
    Message::new(format!("{title}: {}", escape(&post.card.question)), blocks)
}

/// A due-review reminder in the member's direct messages with prepbot:
/// Next review opens their next card, Stop reminders turns them off.
pub fn reminder(reminder: &crate::engine::Reminder) -> Message {
    let title = "Reviews due";
    let text = escape(&crate::wording::reminder(reminder));
    let workspace = reminder.workspace_id;
    let blocks = vec![
        header(title),
        section(&text),
        actions(vec![
            button(
                &ComponentId::alone(Action::ReviewIn(workspace)).to_string(),
                "Next review",
                Some(SlackBlockButtonStyle::Primary),
            ),
            button(
                &ComponentId::alone(Action::StopReminders(workspace)).to_string(),
                "Stop reminders",
                None,
            ),
        ]),
        context("Change the time with /prep settings reminders HH:MM."),
    ];
    Message::new(format!("{title}: {text}"), blocks)
}

/// The block id that marks a daily post.
pub fn marker(nonce: &str) -> String {
    format!("{DAILY_MARKER_PREFIX}{nonce}")
}

fn day_label(local_date: &str) -> String {
    chrono::NaiveDate::parse_from_str(local_date, "%Y-%m-%d")
        .map(|d| d.format("%a %-d %b %Y").to_string())
        .unwrap_or_else(|_| local_date.to_owned())
}

/// The answer, posted publicly in the post's thread after the delay.
pub fn public_reveal(reveal: &PublicReveal) -> Message {
    let people = match reveal.practised {
        1 => "1 member practised".to_owned(),
        n => format!("{n} members practised"),
    };
    Message::new(
        format!("The answer: {}", escape(&reveal.answer)),
        vec![
            section(&format!("*The answer*\n{}", mrkdwn(&reveal.answer))),
            section(&format!("*Key points*\n{}", bullets(&reveal.key_points))),
            context(&format!("{} · {people}", reveal.card.question_id)),
        ],
    )
}

/// The answer modal for a card; its callback id says what the answer is
/// for (`Action::Answer` to check it, `Action::Interview` or
/// `Action::FollowUp` in a mock interview). `channel` comes back with the
/// submission so the feedback lands where the card was.
pub fn answer_modal(action: Action, card: CardId, title: &str, channel: Option<&str>) -> SlackView {
    let input = SlackBlockPlainTextInputElement::new()
        .with_action_id(SlackActionId::new(ANSWER_INPUT.to_owned()))
        .with_multiline(true)
        .with_min_length(1)
        .with_max_length(crate::engine::MAX_ANSWER_CHARS as u64)
        .with_placeholder(plain(
            "Answer as you would in the interview; prepbot checks the key points.",
            150,
        ));
    let mut block = SlackInputBlock::new(
        plain(title, 2_000),
        SlackInputBlockElement::PlainTextInput(input),
    );
    block.block_id = Some(SlackBlockId::new(ANSWER_BLOCK.to_owned()));
    // An answer is checked; an interview's answer is heard, and answered.
    let submit = match action {
        Action::Answer => "Check",
        _ => "Send",
    };
    SlackView::Modal(
        SlackModalView::new(plain(title, MODAL_TITLE_MAX), vec![block.into()])
            .with_submit(plain(submit, MODAL_TITLE_MAX))
            .with_close(plain("Cancel", MODAL_TITLE_MAX))
            .with_callback_id(SlackCallbackId::new(
                ComponentId::on_card(action, card).to_string(),
            ))
            .opt_private_metadata(channel.map(str::to_owned)),
    )
}

fn text_input(
    id: &str,
    label: &str,
    hint: &str,
    initial: Option<&str>,
    optional: bool,
) -> SlackBlock {
    let element = SlackBlockPlainTextInputElement::new()
        .with_action_id(SlackActionId::new(id.to_owned()))
        .with_placeholder(plain(hint, 150))
        .opt_initial_value(initial.map(str::to_owned));
    let mut block = SlackInputBlock::new(
        plain(label, 2_000),
        SlackInputBlockElement::PlainTextInput(element),
    )
    .with_optional(optional);
    block.block_id = Some(SlackBlockId::new(id.to_owned()));
    block.into()
}

/// The daily question's setup as a form: the channel (the current one
/// first), the time, the zone, topics and the reveal delay. `here` comes
/// back with the submission so the result lands where `/prep setup` was
/// typed.
pub fn setup_modal(here: &str) -> SlackView {
    let channel = SlackBlockConversationsSelectElement::new()
        .with_action_id(SlackActionId::new(SETUP_CHANNEL.to_owned()))
        .with_default_to_current_conversation(true)
        .with_filter(
            SlackBlockConversationFilter::new()
                .with_include(vec![
                    SlackConversationFilterInclude::Public,
                    SlackConversationFilterInclude::Private,
                ])
                .with_exclude_bot_users(true),
        );
    let mut channel_block = SlackInputBlock::new(
        plain("Channel", 2_000),
        SlackInputBlockElement::ConversationsSelect(channel),
    );
    channel_block.block_id = Some(SlackBlockId::new(SETUP_CHANNEL.to_owned()));
    let blocks = vec![
        channel_block.into(),
        text_input(
            SETUP_TIME,
            "Time",
            "HH:MM, or a cron expression such as 0 9 * * 1-5",
            Some("09:00"),
            false,
        ),
        text_input(
            SETUP_TIMEZONE,
            "Time zone",
            "An IANA zone such as Europe/Berlin; the workspace's if empty",
            None,
            true,
        ),
        text_input(
            SETUP_TOPICS,
            "Topics",
            "Only these, separated by commas (transformers, llms); every topic if empty",
            None,
            true,
        ),
        text_input(
            SETUP_REVEAL,
            "Reveal the answer after (minutes)",
            "Posted in the thread this many minutes after the question; never if empty",
            None,
            true,
        ),
    ];
    SlackView::Modal(
        SlackModalView::new(plain("Daily question", MODAL_TITLE_MAX), blocks)
            .with_submit(plain("Start", MODAL_TITLE_MAX))
            .with_close(plain("Cancel", MODAL_TITLE_MAX))
            .with_callback_id(SlackCallbackId::new(SETUP_CALLBACK.to_owned()))
            .with_private_metadata(here.to_owned()),
    )
}

/// The App Home tab: the member's streak, points and due reviews, and a
/// button that draws a quiz card.
pub fn home(streak: &str, points: i64, due: usize) -> SlackView {
    let due_line = match due {
        0 => "Nothing due for review.".to_owned(),
        1 => "1 card due for review: `/prep review`.".to_owned(),
        n => format!("{n} cards due for review: `/prep review`."),
    };
    let blocks = vec![
        header("Your interview practice"),
        section(&escape(streak)),
        section(&format!("*Points:* {points}\n{due_line}")),
        actions(vec![button(
            HOME_QUIZ_ACTION,
            "Quiz me",
            Some(SlackBlockButtonStyle::Primary),
        )]),
        context("Type `/prep help` in any channel for every command."),
    ];
    SlackView::Home(SlackHomeView::new(blocks))
}

/// The App Home when the member's figures could not be read.
pub fn home_failure(text: &str) -> SlackView {
    SlackView::Home(SlackHomeView::new(vec![
        header("Your interview practice"),
        section(&escape(text)),
    ]))
}

/// The question form's fields, by block and action id.
pub const QUESTION_FIELDS: [&str; 5] = ["topic", "difficulty", "question", "answer", "key_points"];

/// The question form: `Action::AddQuestion` for an admin's question,
/// `Action::SuggestQuestion` for a member's suggestion. `channel` comes
/// back with the submission so the reply lands where the command was.
pub fn question_modal(action: Action, channel: Option<&str>) -> SlackView {
    let title = match action {
        Action::AddQuestion => "Add a question",
        _ => "Suggest a question",
    };
    let field = |id: &str, label: &str, hint: &str, multiline: bool, max: usize| -> SlackBlock {
        let element = SlackBlockPlainTextInputElement::new()
            .with_action_id(SlackActionId::new(id.to_owned()))
            .with_multiline(multiline)
            .with_min_length(1)
            .with_max_length(max as u64)
            .with_placeholder(plain(hint, 150));
        let mut block = SlackInputBlock::new(
            plain(label, 2_000),
            SlackInputBlockElement::PlainTextInput(element),
        );
        block.block_id = Some(SlackBlockId::new(id.to_owned()));
        block.into()
    };
    let blocks = vec![
        field(
            "topic",
            "Topic",
            "A topic of the bank, such as rag (see /prep topics)",
            false,
            60,
        ),
        field(
            "difficulty",
            "Difficulty",
            "easy, medium or hard",
            false,
            10,
        ),
        field(
            "question",
            "Question",
            "As an interviewer would ask it",
            true,
            crate::bank::MAX_QUESTION_CHARS,
        ),
        field(
            "answer",
            "Model answer",
            "What a strong candidate would say",
            true,
            crate::bank::MAX_ANSWER_CHARS,
        ),
        field(
            "key_points",
            "Key points (one per line, 2 to 5)",
            "Short phrases a good answer covers",
            true,
            600,
        ),
    ];
    SlackView::Modal(
        SlackModalView::new(plain(title, MODAL_TITLE_MAX), blocks)
            .with_submit(plain("Save", MODAL_TITLE_MAX))
            .with_close(plain("Cancel", MODAL_TITLE_MAX))
            .with_callback_id(SlackCallbackId::new(ComponentId::alone(action).to_string()))
            .opt_private_metadata(channel.map(str::to_owned)),
    )
}

/// The suggestions waiting, each with Approve and Reject buttons.
pub fn pending_questions(questions: &[crate::engine::WorkspaceQuestion]) -> Message {
    let text = crate::wording::pending_questions(
        questions,
        "Approve or reject each with its buttons; /prep pending lists what is left.",
    );
    let mut message = monospace("Suggested questions", &text);
    // Slack allows 50 blocks a message: 20 suggestions leave room.
    for question in questions.iter().take(20) {
        let id = |action| ComponentId::alone(action).to_string();
        message.blocks.push(actions(vec![
            button(
                &id(Action::Approve(question.number)),
                &format!("Approve {}", question.id),
                Some(SlackBlockButtonStyle::Primary),
            ),
            button(
                &id(Action::Reject(question.number)),
                &format!("Reject {}", question.id),
                Some(SlackBlockButtonStyle::Danger),
            ),
        ]));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_escapes_what_a_member_typed_and_names_slack_commands() {
        let message = notice(
            "Not done",
            "No topic `<!channel>`. Type /topics to see them all.",
        );
        let json = serde_json::to_string(&message.blocks).unwrap();
        assert!(!json.contains("<!channel>"), "{json}");
        assert!(json.contains("/prep topics"), "{json}");
    }

    #[test]
    fn long_text_is_cut_to_slacks_limits() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        let message = monospace("Board", &"x".repeat(10_000));
        let SlackBlock::Section(section) = &message.blocks[0] else {
            panic!("a section");
        };
        let Some(SlackBlockText::MarkDown(text)) = &section.text else {
            panic!("mrkdwn");
        };
        assert!(text.text.chars().count() <= SECTION_MAX);
    }
}
