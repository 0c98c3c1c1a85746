//! Engine replies as Discord embeds and buttons, cut to Discord's length
//! limits (with an ellipsis) so a long answer never gets a message refused.

use std::fmt::Write;

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed,
    CreateEmbedFooter,
};

use super::custom_id::{Action, ComponentId};
use crate::domain::{Context, Grade, Mode};
use crate::engine::{
    AnswerCheck, Card, CardId, Covered, DailyPost, FollowUp, InterviewSummary, PublicReveal, Reveal,
};

/// Discord's limits, in characters.
const TITLE_MAX: usize = 256;
const DESCRIPTION_MAX: usize = 4_096;
const FIELD_NAME_MAX: usize = 256;
const FIELD_VALUE_MAX: usize = 1_024;
const FOOTER_MAX: usize = 2_048;
const EMBED_TOTAL_MAX: usize = 6_000;
const BUTTON_LABEL_MAX: usize = 80;
pub const THREAD_NAME_MAX: usize = 100;
pub const CHOICE_NAME_MAX: usize = 100;

const COLOUR: u32 = 0x3B82F6;

/// No mention in anything prepbot sends pings anyone: not `@everyone`, not a
/// role, not a user, whatever a member typed or called themselves.
pub fn no_pings() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

/// What a member typed, shown outside a code block as typed: each character
/// Discord's Markdown would read (`**`, `||`, `<@…>`, backticks) is escaped.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '~' | '|' | '`' | '<' | '>' | '#' | '[' | ']' | '@' | ':'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` cut to `max` characters, ending in an ellipsis when cut.
pub use crate::domain::text::cut as truncate;

/// An embed's text before it becomes a serenity builder, so the limits can
/// be applied (and tested) in one place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EmbedText {
    pub title: String,
    pub description: String,
    pub fields: Vec<(String, String)>,
    pub footer: Option<String>,
}

impl EmbedText {
    fn new(title: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            description: description.into(),
            ..Self::default()
        }
    }

    fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let value = value.into();
        if !value.trim().is_empty() {
            self.fields.push((name.into(), value));
        }
        self
    }

    fn footer(mut self, footer: impl Into<String>) -> Self {
        self.footer = Some(footer.into());
        self
    }

    /// Every part cut to its own limit, then the description shortened
    /// until the whole embed fits in Discord's total.
    pub fn within_limits(&self) -> EmbedText {
        let mut fitted = EmbedText {
            title: truncate(&self.title, TITLE_MAX),
            description: truncate(&self.description, DESCRIPTION_MAX),
            fields: self
                .fields
                .iter()
                .take(25)
                .map(|(name, value)| {
                    (
                        truncate(name, FIELD_NAME_MAX),
                        truncate(value, FIELD_VALUE_MAX),
                    )
                })
                .collect(),
            footer: self.footer.as_deref().map(|f| truncate(f, FOOTER_MAX)),
        };
        // Trailing fields go first while they alone take over half the room;
        // then the description gives way.
        while fitted.total_chars() > EMBED_TOTAL_MAX
            && fitted.total_chars() - fitted.description.chars().count() > EMBED_TOTAL_MAX / 2
            && fitted.fields.pop().is_some()
        {}
        let total = fitted.total_chars();
        if total > EMBED_TOTAL_MAX {
            let keep = fitted
                .description
                .chars()
                .count()
                .saturating_sub(total - EMBED_TOTAL_MAX);
            fitted.description = truncate(&fitted.description, keep);
        }
        fitted
    }

    pub fn total_chars(&self) -> usize {
        let count = |s: &str| s.chars().count();
        count(&self.title)
            + count(&self.description)
            + self
                .fields
                .iter()
                .map(|(n, v)| count(n) + count(v))
                .sum::<usize>()
            + self.footer.as_deref().map_or(0, count)
    }

    pub fn build(&self) -> CreateEmbed {
        let fitted = self.within_limits();
        let mut embed = CreateEmbed::new()
            .colour(COLOUR)
            .title(fitted.title)
            .description(fitted.description);
        for (name, value) in fitted.fields {
            embed = embed.field(name, value, false);
        }
        if let Some(footer) = fitted.footer {
            embed = embed.footer(CreateEmbedFooter::new(footer));
        }
        embed
    }
}

fn button(id: ComponentId, label: &str, style: ButtonStyle) -> CreateButton {
    CreateButton::new(id.to_string())
        .label(truncate(label, BUTTON_LABEL_MAX))
        .style(style)
}

fn letter(index: usize) -> char {
    char::from(b'A' + u8::try_from(index).unwrap_or(0))
}

/// A question with its buttons: options to pick on a choice card, Reveal
/// and Answer on a flashcard.
pub fn card(card: &Card, heading: &str) -> (EmbedText, Vec<CreateActionRow>) {
    let mut embed = EmbedText::new(
        format!("{heading}: {} · {}", card.topic_name, card.difficulty),
        &card.question,
    )
    .footer(format!("{} · {}", card.question_id, footer_hint(card)));
    let row = match card.mode {
        Mode::Choice => {
            for (index, option) in card.options.iter().enumerate() {
                embed = embed.field(format!("{})", letter(index)), option);
            }
            card.options
                .iter()
                .enumerate()
                .map(|(index, _)| {
                    button(
                        ComponentId::on_card(Action::Pick(index), card.id),
                        &letter(index).to_string(),
                        ButtonStyle::Secondary,
                    )
                })
                .collect()
        }
        Mode::Flashcard => reveal_and_answer(card),
    };
    (embed, vec![CreateActionRow::Buttons(row)])
}

fn footer_hint(card: &Card) -> &'static str {
    match card.mode {
        Mode::Choice => "pick the right option",
        Mode::Flashcard => "think of your answer, then Reveal (only you see it) or Answer",
    }
}

fn reveal_and_answer(card: &Card) -> Vec<CreateButton> {
    vec![
        button(
            ComponentId::on_card(Action::Reveal, card.id),
            "Reveal",
            ButtonStyle::Primary,
        ),
        button(
            ComponentId::on_card(Action::Answer, card.id),
            "Answer",
            ButtonStyle::Secondary,
        ),
    ]
}

pub fn grade_buttons(card: crate::engine::CardId) -> CreateActionRow {
    let styles = [
        ButtonStyle::Danger,
        ButtonStyle::Secondary,
        ButtonStyle::Success,
        ButtonStyle::Primary,
    ];
    CreateActionRow::Buttons(
        Grade::ALL
            .into_iter()
            .zip(styles)
            .map(|(grade, style)| {
                let label = crate::wording::capitalised(grade.as_str());
                button(
                    ComponentId::on_card(Action::Grade(grade), card),
                    &label,
                    style,
                )
            })
            .collect(),
    )
}

fn bullets(points: &[String]) -> String {
    points.iter().fold(String::new(), |mut out, point| {
        let _ = writeln!(out, "• {point}");
        out
    })
}

/// The model answer, for the caller only, with the grade buttons (a choice
/// card says which option was right instead).
pub fn reveal(reveal: &Reveal) -> (EmbedText, Vec<CreateActionRow>) {
    let mut embed = EmbedText::new("Model answer", &reveal.answer)
        .field("Key points", bullets(&reveal.key_points));
    if let Some(example) = &reveal.example {
        embed = embed.field("Example", example);
    }
    if let Some(note) = crate::wording::since_note(reveal.since) {
        embed = embed.field("Note", note);
    }
    match reveal.correct_option {
        Some(index) => {
            let option = reveal.options.get(index).map_or("", String::as_str);
            embed = embed.field("Right option", format!("{}) {option}", letter(index)));
            (embed, Vec::new())
        }
        None => {
            embed = embed.footer("How did you do? Grade yourself; only you see this.");
            (embed, vec![grade_buttons(reveal.card_id)])
        }
    }
}

/// Which key points a written answer covers, then Reveal and the grades.
pub fn answer_check(check: &AnswerCheck) -> (EmbedText, Vec<CreateActionRow>) {
    let mut lines = String::new();
    for found in &check.matches {
        let mark = if found.covered { "✅" } else { "❌" };
        let _ = writeln!(lines, "{mark} {}", crate::wording::key_point_line(found));
    }
    let mut embed = EmbedText::new("Your answer against the key points", &check.verdict)
        .field("Key points", lines);
    if let Some(note) = crate::wording::judged_note(&check.judged_by) {
        embed = embed.field("Judge", note);
    }
    let embed = embed.footer("Reveal the model answer, then grade yourself.");
    let reveal = button(
        ComponentId::on_card(Action::Reveal, check.card_id),
        "Reveal",
        ButtonStyle::Primary,
    );
    (
        embed,
        vec![
            CreateActionRow::Buttons(vec![reveal]),
            grade_buttons(check.card_id),
        ],
    )
}

/// The question of a mock interview, for the member alone, with one
/// button that opens the answer modal.
pub fn interview_card(card: &Card) -> (EmbedText, Vec<CreateActionRow>) {
    let embed = EmbedText::new(
        format!("Mock interview: {} · {}", card.topic_name, card.difficulty),
        &card.question,
    )
    .footer(format!(
        "{} · answer as you would in the interview; prepbot asks one follow-up, then sums up",
        card.question_id
    ));
    let answer = button(
        ComponentId::on_card(Action::Interview, card.id),
        "Answer",
        ButtonStyle::Primary,
    );
    (embed, vec![CreateActionRow::Buttons(vec![answer])])
}

/// The interviewer's follow-up on what the first answer missed. Its
/// button carries what the first answer covered, so the summary can count
/// both answers without anything stored in between.
pub fn follow_up(
    card: CardId,
    follow_up: &FollowUp,
    covered: Covered,
) -> (EmbedText, Vec<CreateActionRow>) {
    let embed = EmbedText::new(
        "Mock interview: follow-up",
        crate::wording::follow_up(follow_up),
    )
    .footer("Answer it as you would in the interview; then prepbot sums up both answers.");
    let answer = button(
        ComponentId::on_card(Action::FollowUp(covered), card),
        "Answer the follow-up",
        ButtonStyle::Primary,
    );
    (embed, vec![CreateActionRow::Buttons(vec![answer])])
}

/// The end of a mock interview: the key points both answers covered, the
/// model answer and the grade buttons, as after a reveal. `at_once` when
/// the first answer left nothing to follow up.
pub fn interview_summary(
    summary: &InterviewSummary,
    at_once: bool,
) -> (EmbedText, Vec<CreateActionRow>) {
    let mut text = String::new();
    if at_once {
        text += crate::wording::NO_FOLLOW_UP;
        text += "\n\n";
    }
    text += &crate::wording::interview_summary(summary);
    let reveal = &summary.reveal;
    // Headed by the question, which is a few messages up by now.
    let mut embed = EmbedText::new(&reveal.question, text).field("Model answer", &reveal.answer);
    if let Some(example) = &reveal.example {
        embed = embed.field("Example", example);
    }
    embed = embed.footer(
        "How did you do? Grade yourself: it counts as practice, like a quiz. Only you see this.",
    );
    (embed, vec![grade_buttons(reveal.card_id)])
}

/// After a grade: what it earned; on a review card, a button to the next
/// (the next cram card after a cram card).
pub fn outcome(text: String, context: Context, crammed: bool) -> (EmbedText, Vec<CreateActionRow>) {
    let embed = EmbedText::new("Graded", text);
    let rows = if crammed {
        vec![CreateActionRow::Buttons(vec![button(
            ComponentId::alone(crate::button_id::Action::NextCram),
            "Next cram card",
            ButtonStyle::Primary,
        )])]
    } else if context == Context::Review {
        vec![CreateActionRow::Buttons(vec![button(
            ComponentId::next_review(),
            "Next review card",
            ButtonStyle::Primary,
        )])]
    } else {
        Vec::new()
    };
    (embed, rows)
}

/// An outcome with the model answer under it (after a pick).
pub fn with_model_answer(mut embed: EmbedText, reveal: &Reveal) -> EmbedText {
    embed
        .fields
        .push(("Model answer".to_owned(), reveal.answer.clone()));
    embed
        .fields
        .push(("Key points".to_owned(), bullets(&reveal.key_points)));
    embed
}

/// A footer with a note added (how much of the review queue is left, how
/// to read a picture).
pub fn with_footer_note(mut embed: EmbedText, note: &str) -> EmbedText {
    embed.footer = Some(match embed.footer.take() {
        Some(footer) => format!("{footer} · {note}"),
        None => note.to_owned(),
    });
    embed
}

/// Another member's streak, in the third person.
pub fn someone_elses_streak(streak: &crate::domain::streak::Streak) -> String {
    let mut out = crate::wording::streak_summary(streak);
    if streak.practised_today {
        out += "\nPractised today.";
    }
    out
}

/// The day's post in its channel.
pub fn daily_post(post: &DailyPost) -> (EmbedText, Vec<CreateActionRow>) {
    let embed = EmbedText::new(
        format!("Daily question · {}", day_label(&post.local_date)),
        &post.card.question,
    )
    .field(
        "Topic",
        format!("{} · {}", post.card.topic_name, post.card.difficulty),
    )
    .footer(format!(
        "{} · Reveal shows the model answer to you alone; Answer checks yours. Discuss in the thread.",
        post.card.question_id
    ));
    (
        embed,
        vec![CreateActionRow::Buttons(reveal_and_answer(&post.card))],
    )
}

/// A due-review reminder in a direct message: Next review opens the
/// member's next card, Stop reminders turns them off. The buttons carry the
/// workspace, since a click in a DM names no server.
pub fn reminder(reminder: &crate::engine::Reminder) -> (EmbedText, Vec<CreateActionRow>) {
    let embed = EmbedText::new(
        format!("Reviews due · {}", reminder.member.workspace.name),
        crate::wording::reminder(reminder),
    )
    .footer("Change the time with /settings reminders in the server.");
    let workspace = reminder.workspace_id;
    let buttons = vec![
        button(
            ComponentId::alone(Action::ReviewIn(workspace)),
            "Next review",
            ButtonStyle::Primary,
        ),
        button(
            ComponentId::alone(Action::StopReminders(workspace)),
            "Stop reminders",
            ButtonStyle::Secondary,
        ),
    ];
    (embed, vec![CreateActionRow::Buttons(buttons)])
}

/// The discussion thread's name.
pub fn thread_name(post: &DailyPost) -> String {
    truncate(
        &format!("{} · {}", day_label(&post.local_date), post.card.topic_name),
        THREAD_NAME_MAX,
    )
}

fn day_label(local_date: &str) -> String {
    chrono::NaiveDate::parse_from_str(local_date, "%Y-%m-%d")
        .map(|d| d.format("%a %-d %b %Y").to_string())
        .unwrap_or_else(|_| local_date.to_owned())
}

/// The answer, posted publicly in the thread after the reveal delay.
pub fn public_reveal(reveal: &PublicReveal) -> EmbedText {
    let people = match reveal.practised {
        1 => "1 member practised".to_owned(),
        n => format!("{n} members practised"),
    };
    EmbedText::new("The answer", &reveal.answer)
        .field("Key points", bullets(&reveal.key_points))
        .footer(format!("{} · {people}", reveal.card.question_id))
}

/// Terminal-style text (tables, the practice calendar) kept aligned in a
/// code block.
pub fn monospace(title: &str, text: &str) -> EmbedText {
    // A backtick run in a member's name must not close the block early.
    let safe = text.replace("```", "ˋˋˋ");
    let room = DESCRIPTION_MAX - 8;
    EmbedText::new(title, format!("```\n{}\n```", truncate(&safe, room)))
}

/// A short message, as an embed.
pub fn notice(title: &str, text: &str) -> EmbedText {
    EmbedText::new(title, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_text_escapes_every_character_discord_markdown_reads() {
        assert_eq!(
            literal(r"**b** __u__ ~~s~~ ||x|| `c` <@1> @here # [l](u) :e: a\b"),
            r"\*\*b\*\* \_\_u\_\_ \~\~s\~\~ \|\|x\|\| \`c\` \<\@1\> \@here \# \[l\](u) \:e\: a\\b"
        );
        assert_eq!(literal("Ada Lovelace"), "Ada Lovelace");
    }

    #[test]
    fn text_over_a_limit_is_cut_with_an_ellipsis() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdefghij", 10), "abcdefghij");
        assert_eq!(truncate("abcdefghijk", 10), "abcdefghi…");
        assert_eq!(truncate("ééééé", 3).chars().count(), 3);
    }

    #[test]
    fn an_embed_with_every_part_too_long_fits_discords_limits() {
        let long = "word ".repeat(3_000);
        let embed = EmbedText {
            title: long.clone(),
            description: long.clone(),
            fields: vec![(long.clone(), long.clone()); 30],
            footer: Some(long.clone()),
        }
        .within_limits();
        assert!(embed.title.chars().count() <= TITLE_MAX);
        assert!(embed.description.chars().count() <= DESCRIPTION_MAX);
        assert!(embed.fields.len() <= 25);
        assert!(
            embed
                .fields
                .iter()
                .all(|(n, v)| n.chars().count() <= FIELD_NAME_MAX
                    && v.chars().count() <= FIELD_VALUE_MAX)
        );
        assert!(embed.total_chars() <= EMBED_TOTAL_MAX);
        assert!(embed.title.ends_with('…'));
    }

    #[test]
    fn a_code_block_cannot_be_closed_by_a_members_name() {
        let embed = monospace("Board", "1. ```@everyone``` 10 pts");
        assert_eq!(embed.description.matches("```").count(), 2);
    }
}
