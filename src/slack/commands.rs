//! `/prep` and its subcommands: which engine call answers each, and who
//! sees the reply. A quiz card and the leaderboard go to the channel;
//! everything that reveals an answer or a member's own progress, a mock
//! interview, and every refusal, go to the caller alone.

use slack_morphism::prelude::*;

use super::blocks::{self, Message};
use super::command::{self, Command, SetupArgs};
use super::escape::escape;
use super::interactions::{cram_reply, review_reply};
use super::reply::Reply;
use super::{Bot, Where};
use crate::button_id::Action;
use crate::engine::{DailySetup, MemberRef, SubscriptionStatus};
use crate::wording;

/// Runs one slash command and sends its reply.
pub async fn run(bot: &Bot, event: SlackCommandEvent) {
    if !bot
        .redeliveries
        .first_delivery(Some(event.trigger_id.as_ref()))
    {
        tracing::info!("a Slack command delivered again was already taken");
        return;
    }
    let workspace = event.team_id.to_string();
    let name = command::name_of(event.text.as_deref().unwrap_or_default());
    crate::command_log::observe("slack", &workspace, name, handle(bot, event)).await
}

async fn handle(bot: &Bot, event: SlackCommandEvent) {
    let to = Where {
        user: event.user_id.to_string(),
        channel: Some(event.channel_id.to_string()),
        response_url: Some(event.response_url.clone()),
    };
    let parsed = command::parse(event.text.as_deref().unwrap_or_default());
    let me = bot
        .member(
            event.team_id.as_ref(),
            event.team_domain.as_deref(),
            event.user_id.as_ref(),
        )
        .await;
    // A modal must open within the trigger's 3 seconds, so these go first.
    match &parsed {
        Command::Answer => {
            if let Some(reply) = open_answer(bot, &me, &event).await {
                bot.send(&to, &reply).await;
            }
            return;
        }
        Command::Suggest | Command::Add => {
            let refused = match parsed {
                Command::Add => bot.refuse_non_admin(&me).await,
                _ => None,
            };
            let action = match parsed {
                Command::Add => Action::AddQuestion,
                _ => Action::SuggestQuestion,
            };
            let reply = match refused {
                Some(refusal) => Some(refusal),
                None => {
                    let view = blocks::question_modal(action, Some(event.channel_id.as_ref()));
                    bot.open_modal(&event.trigger_id, view).await
                }
            };
            if let Some(reply) = reply {
                bot.send(&to, &reply).await;
            }
            return;
        }
        Command::Setup(args) if *args == SetupArgs::default() => {
            let refused = bot.refuse_non_admin(&me).await;
            let reply = match refused {
                Some(refusal) => Some(refusal),
                None => {
                    let view = blocks::setup_modal(event.channel_id.as_ref());
                    bot.open_modal(&event.trigger_id, view).await
                }
            };
            if let Some(reply) = reply {
                bot.send(&to, &reply).await;
            }
            return;
        }
        _ => {}
    }
    let reply = answer(bot, &me, event.channel_id.as_ref(), parsed).await;
    bot.send(&to, &reply).await;
}

async fn answer(bot: &Bot, me: &MemberRef, channel: &str, parsed: Command) -> Reply {
    let engine = &bot.engine;
    match parsed {
        Command::Quiz {
            topic,
            difficulty,
            mode,
            question,
        } => {
            // A question id asks that question in the mode asked for; an
            // unknown id is answered by `quiz_question`'s message.
            let drawn = match question {
                Some(id) => match engine.quiz(me, Some(&id), difficulty, mode).await {
                    Ok(card) => Ok(card),
                    Err(_) => engine.quiz_question(me, &id).await,
                },
                None => engine.quiz(me, topic.as_deref(), difficulty, mode).await,
            };
            match drawn {
                Ok(card) => Reply::public(blocks::card(&card, "Quiz")),
                Err(error) => Reply::failure(error),
            }
        }
        Command::Daily => match engine.todays_daily(me, channel).await {
            Ok(Some(card)) => Reply::private(blocks::card(&card, "Daily question")),
            Ok(None) => Reply::notice(
                "Daily question",
                "No daily question has been posted in this channel yet. An admin can start one with /prepbot setup.",
            ),
            Err(error) => Reply::failure(error),
        },
        Command::Reveal { question } => reveal(bot, me, channel, question).await,
        // `run` opens the modal before this is reached.
        Command::Answer => Reply::refusal("Type /answer on its own to open the answer box."),
        Command::Suggest | Command::Add => Reply::refusal(
            "Type /prep suggest (or /prep add) on its own to open the question form.",
        ),
        Command::Pending => {
            if let Some(refusal) = bot.refuse_non_admin(me).await {
                return refusal;
            }
            match engine.pending_questions(&me.workspace).await {
                Ok(questions) => Reply::private(blocks::pending_questions(&questions)),
                Err(error) => Reply::failure(error),
            }
        }
        // The member's own interview: nobody else sees the question, the
        // follow-up or the summary.
        Command::Interview { topic } => {
            match engine
                .quiz(me, topic.as_deref(), None, crate::domain::Mode::Flashcard)
                .await
            {
                Ok(card) => Reply::private(blocks::interview_card(&card)),
                Err(error) => Reply::failure(error),
            }
        }
        Command::Review => match engine.review(me).await {
            Ok(next) => review_reply(next),
            Err(error) => Reply::failure(error),
        },
        Command::Cram => match engine.cram(me).await {
            Ok(next) => cram_reply(next),
            Err(error) => Reply::failure(error),
        },
        Command::InterviewDate { date: None, .. } => Reply::notice(
            "Settings",
            "Give your interview date after `interview`, such as `/prep settings interview 2027-01-15 rag, agents`; `off` clears it.",
        ),
        Command::InterviewDate {
            date: Some(date),
            topics,
        } => match engine.interview_setting(me, &date, topics.as_deref()).await {
            Ok(setting) => Reply::notice("Settings", &wording::interview_setting(&setting)),
            Err(error) => Reply::failure(error),
        },
        Command::Streak { member } => streak(bot, me, member).await,
        Command::StreakAdmin {
            member,
            restore,
            reason,
        } => super::admin::streak(bot, me, member, restore, reason).await,
        Command::Check { channel: named } => {
            super::admin::check(bot, me, named.as_deref().unwrap_or(channel)).await
        }
        Command::Leaderboard { period, by } => {
            match engine.leaderboard(&me.workspace, period, by, 10).await {
                // The board is public: no "← you" marker meant for one reader.
                Ok(board) => Reply::public(blocks::monospace(
                    "Leaderboard",
                    &wording::leaderboard(&board, ""),
                )),
                Err(error) => Reply::failure(error),
            }
        }
        Command::Stats => match engine.stats(me).await {
            Ok(stats) => super::pictures::stats_reply(&bot.session(), &stats).await,
            Err(error) => Reply::failure(error),
        },
        Command::Topics => Reply::private(blocks::monospace(
            "Topics",
            &wording::topics_for(&engine.topics(), "/prep quiz <topic>"),
        )),
        Command::Settings {
            timezone,
            hide_from_leaderboards,
            reminders,
            theme,
        } => settings(bot, me, timezone, hide_from_leaderboards, reminders, theme).await,
        Command::Recap(switch) => {
            if let Some(refusal) = bot.refuse_non_admin(me).await {
                return refusal;
            }
            match switch {
                Ok(None) => match engine.recap_preview(me).await {
                    Ok(recap) => super::pictures::recap_preview(&bot.session(), &recap).await,
                    Err(error) => Reply::failure(error),
                },
                Ok(Some(on)) => match engine.set_weekly_recap(me, channel, on).await {
                    Ok(found) => Reply::notice("Weekly recap", &wording::recap_switched(on, found)),
                    Err(error) => Reply::failure(error),
                },
                Err(typed) => Reply::refusal(&format!(
                    "`{}` is not a recap switch; type /prep recap for a preview, or /prep recap on or /prep recap off.",
                    escape(&crate::domain::text::echo(&typed))
                )),
            }
        }
        Command::MyData { delete: false } => super::member_data::export(engine, me).await,
        Command::MyData { delete: true } => super::member_data::ask_to_delete(engine, me).await,
        Command::Help => Reply::private(help(bot)),
        Command::Setup(args) => {
            if let Some(refusal) = bot.refuse_non_admin(me).await {
                return refusal;
            }
            setup(bot, me, channel, args).await
        }
        Command::Status => {
            if let Some(refusal) = bot.refuse_non_admin(me).await {
                return refusal;
            }
            status(bot, me).await
        }
        Command::Reload => {
            if let Some(refusal) = bot.refuse_non_admin(me).await {
                return refusal;
            }
            // Slack's sections hold 3,000 characters; a long list of faults
            // is cut, and `prepbot bank check` prints it whole.
            let cut = |text: String| crate::domain::text::cut(&text, 2_800);
            match engine.reload_bank().await {
                Ok(changes) => {
                    Reply::notice("Bank reloaded", &cut(wording::bank_changes(&changes)))
                }
                Err(errors) => {
                    Reply::notice("Bank not reloaded", &cut(wording::bank_refused(&errors)))
                }
            }
        }
        Command::Stop { channel: named } => {
            if let Some(refusal) = bot.refuse_non_admin(me).await {
                return refusal;
            }
            let target = named.unwrap_or_else(|| channel.to_owned());
            match engine.stop_daily(me, &target).await {
                Ok(true) => Reply::private(blocks::trusted(
                    "Daily question stopped",
                    &format!(
                        "No more daily questions in <#{target}>. `/prep setup` starts them again."
                    ),
                )),
                Ok(false) => Reply::private(blocks::trusted(
                    "Nothing to stop",
                    &format!("<#{target}> has no daily question."),
                )),
                Err(error) => Reply::failure(error),
            }
        }
        Command::Report(Err(message)) => Reply::refusal(&message),
        Command::Report(Ok(words)) => {
            match engine
                .report(
                    me,
                    words.question.as_deref(),
                    words.reason,
                    words.text.as_deref(),
                )
                .await
            {
                Ok(filed) => Reply::notice("Reported", &wording::report_filed(&filed)),
                Err(error) => Reply::failure(error),
            }
        }
        Command::Reports => {
            if let Some(refusal) = bot.refuse_non_admin(me).await {
                return refusal;
            }
            match engine.open_reports(&me.workspace).await {
                Ok(reports) => Reply::private(blocks::monospace(
                    "Open reports",
                    &wording::open_reports(&reports, "/prep close-report N [note]"),
                )),
                Err(error) => Reply::failure(error),
            }
        }
        Command::CloseReport { id, typed, note } => {
            if let Some(refusal) = bot.refuse_non_admin(me).await {
                return refusal;
            }
            let Some(id) = id else {
                return Reply::refusal(&format!(
                    "`{}` is not a report number; write /prep close-report 3 [note], with a number from /prep reports.",
                    crate::domain::text::echo(&typed)
                ));
            };
            match engine.close_report(me, id, note.as_deref()).await {
                Ok(report) => Reply::notice("Report closed", &wording::report_closed(&report)),
                Err(error) => Reply::failure(error),
            }
        }
        Command::DailyAdmin(words) => {
            if let Some(refusal) = bot.refuse_non_admin(me).await {
                return refusal;
            }
            match words {
                Ok(words) => super::daily_admin::answer(bot, me, channel, words).await,
                Err(message) => Reply::refusal(&message),
            }
        }
        Command::Unknown { typed, suggestion } => {
            let hint = match suggestion {
                Some(name) => format!(" Did you mean `/prep {name}`?"),
                None => String::new(),
            };
            Reply::refusal(&format!(
                "`{typed}` is not a prepbot command.{hint} Type /prep help to see them all."
            ))
        }
    }
}

async fn reveal(bot: &Bot, me: &MemberRef, channel: &str, question: Option<String>) -> Reply {
    let engine = &bot.engine;
    let card = match question.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        Some(id) => engine.quiz_question(me, id).await.map(Some),
        None => engine.todays_daily(me, channel).await,
    };
    match card {
        Ok(Some(card)) => match engine.reveal(me, card.id).await {
            Ok(reveal) => {
                let mut message = blocks::reveal(&reveal);
                // Admins see that members flagged this question; the admin
                // check costs a call, so it runs only for reported ones.
                let reported = engine
                    .is_reported(&me.workspace, card.question_id.as_str())
                    .await
                    .unwrap_or(false);
                if reported && bot.is_admin(me).await {
                    message = blocks::with_note(message, wording::REPORTED_MARK);
                }
                Reply::private(message)
            }
            Err(error) => Reply::failure(error),
        },
        Ok(None) => Reply::notice(
            "Nothing to reveal",
            "There is no daily question in this channel today. Name a question (/reveal genai-016) or draw one with /quiz.",
        ),
        Err(error) => Reply::failure(error),
    }
}

/// `/prep answer` opens the answer modal on today's daily question; the
/// trigger id is only good for 3 seconds, so this runs first.
async fn open_answer(bot: &Bot, me: &MemberRef, event: &SlackCommandEvent) -> Option<Reply> {
    match bot.engine.todays_daily(me, event.channel_id.as_ref()).await {
        Ok(Some(card)) => {
            let view = blocks::answer_modal(
                Action::Answer,
                card.id,
                "Your answer",
                Some(event.channel_id.as_ref()),
            );
            bot.open_modal(&event.trigger_id, view).await
        }
        Ok(None) => Some(Reply::notice(
            "Nothing to answer",
            "There is no daily question in this channel today. Draw a question with /quiz and use its Answer button.",
        )),
        Err(error) => Some(Reply::failure(error)),
    }
}

async fn streak(bot: &Bot, me: &MemberRef, member: Option<String>) -> Reply {
    let (who, mine) = match member {
        Some(user) if user != me.external_id => {
            let workspace = &me.workspace;
            let other = bot
                .member(&workspace.external_id, Some(&workspace.name), &user)
                .await;
            (other, false)
        }
        _ => (me.clone(), true),
    };
    match bot.engine.streak(&who).await {
        Ok(streak) => {
            let text = if mine {
                let countdown = bot.engine.interview_countdown(&who).await;
                wording::streak_with_countdown(&streak, countdown.ok().flatten().as_ref())
            } else {
                let mut out = wording::streak_summary(&streak);
                if streak.practised_today {
                    out += "\nPractised today.";
                }
                out
            };
            Reply::notice(&format!("Streak · {}", who.cleaned().display_name), &text)
        }
        Err(error) => Reply::failure(error),
    }
}

async fn settings(
    bot: &Bot,
    me: &MemberRef,
    timezone: Option<String>,
    hide: Option<bool>,
    reminders: Option<String>,
    theme: Option<crate::domain::theme::Theme>,
) -> Reply {
    let engine = &bot.engine;
    let mut said = Vec::new();
    if let Some(zone) = timezone.as_deref().map(str::trim) {
        let follows_workspace = crate::domain::Timezone::means_workspace(zone);
        match engine
            .set_timezone(me, (!follows_workspace).then_some(zone))
            .await
        {
            Ok(change) => said.push(escape(&crate::wording::zone_change(&change, "workspace"))),
            Err(error) => return Reply::failure(error),
        }
    }
    if let Some(hide) = hide {
        if let Err(error) = engine.set_leaderboard_opt_out(me, hide).await {
            return Reply::failure(error);
        }
        said.push(if hide {
            "You are hidden from this workspace's leaderboards; your streak and points still count for you.".to_owned()
        } else {
            "You appear on this workspace's leaderboards.".to_owned()
        });
    }
    if let Some(typed) = reminders.as_deref() {
        match engine.set_reminders(me, typed).await {
            Ok(setting) => said.push(escape(&crate::wording::reminder_setting(
                &setting,
                "/prep settings",
            ))),
            Err(error) => return Reply::failure(error),
        }
    }
    if let Some(theme) = theme {
        if let Err(error) = engine.set_theme(me, theme).await {
            return Reply::failure(error);
        }
        said.push(wording::theme_set(theme));
    }
    if said.is_empty() {
        said.push(
            "Nothing changed: give a time zone (Europe/Berlin, or workspace), hide or show, \
             reminders HH:MM or off, light or dark, or any of them."
                .to_owned(),
        );
        // Looking is also how a member learns their reminders are paused.
        match engine.reminder_setting(me).await {
            Ok(setting) => said.push(escape(&crate::wording::reminder_setting(
                &setting,
                "/prep settings",
            ))),
            Err(error) => return Reply::failure(error),
        }
    }
    Reply::notice("Settings", &said.join("\n"))
}

fn help(bot: &Bot) -> Message {
    // Slack cuts a section at 3,000 characters: the commands are split
    // into parts well under it, and the topics get a part of their own.
    const PART: usize = 2_500;
    let mut parts = vec![
        "*prepbot*: practise Generative-AI interview questions. Type `/prep` and one of:"
            .to_owned(),
    ];
    for (usage, what) in command::HELP {
        let line = format!("• `/prep {}`: {}", escape(usage), escape(what));
        match parts.last_mut() {
            Some(part) if part.len() + line.len() < PART => {
                part.push('\n');
                part.push_str(&line);
            }
            _ => parts.push(line),
        }
    }
    let topics: Vec<String> = bot.engine.topics().into_iter().map(|t| t.id).collect();
    parts.push(format!("*Topics:* {}", escape(&topics.join(", "))));
    blocks::trusted_parts("Commands", &parts)
}

/// Starts or changes the daily question from `/prep setup`'s words or the
/// setup modal's fields (an admin's, checked by the caller).
pub(super) async fn setup(bot: &Bot, me: &MemberRef, here: &str, args: SetupArgs) -> Reply {
    if !args.unrecognised.is_empty() {
        return Reply::refusal(&format!(
            "prepbot did not understand {}. Write it like /prepbot setup #channel 09:00 Europe/Berlin topics=transformers reveal=60",
            args.unrecognised
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let Some(schedule) = args.schedule else {
        return Reply::refusal(
            "Say when: a time such as 09:00, or a cron expression in quotes such as \"0 9 * * 1-5\". For example /prepbot setup #study 09:00 Europe/Berlin",
        );
    };
    let setup = DailySetup {
        channel_id: args.channel.unwrap_or_else(|| here.to_owned()),
        schedule,
        timezone: args.timezone,
        topics: args.topics,
        reveal_after_minutes: args.reveal_after,
    };
    let channel = setup.channel_id.clone();
    match bot.engine.setup_daily(me, &setup).await {
        Ok(status) => {
            let mut text = describe(&status);
            if let Some(warning) = super::admin::setup_warning(bot, &channel).await {
                text = format!("{text}\n\n{warning}");
            }
            Reply::private(blocks::trusted("Daily question set up", &text))
        }
        Err(error) => Reply::failure(error),
    }
}

async fn status(bot: &Bot, me: &MemberRef) -> Reply {
    match bot.engine.daily_status(me).await {
        Ok(statuses) if statuses.is_empty() => Reply::notice(
            "Daily questions",
            "No daily question is set up. Start one with /prepbot setup #channel 09:00 Europe/Berlin",
        ),
        Ok(statuses) => {
            let lines: Vec<String> = statuses.iter().map(describe).collect();
            Reply::private(blocks::trusted("Daily questions", &lines.join("\n\n")))
        }
        Err(error) => Reply::failure(error),
    }
}

/// One subscription in a sentence, with Slack's channel link and a date
/// each reader sees in their own time zone.
fn describe(status: &SubscriptionStatus) -> String {
    let subscription = &status.subscription;
    let next = match (&status.next, subscription.enabled) {
        (_, false) => escape(&crate::wording::not_running(subscription)),
        (Some(firing), true) => {
            let fallback = firing
                .at
                .with_timezone(&subscription.zone.tz())
                .format("%a %-d %b %H:%M %Z");
            format!(
                "next <!date^{}^{{date_short_pretty}} at {{time}}|{fallback}>",
                firing.at.timestamp()
            )
        }
        (None, true) => "never (the schedule has no future date)".to_owned(),
    };
    let next = crate::wording::status_with_pause(status, next, escape);
    let reveal = crate::wording::reveal_in_thread(subscription);
    format!(
        "<#{}>: `{}` {}, {}{reveal}\n{next}; {} left before the deck repeats",
        escape(&subscription.channel_id),
        escape(&subscription.schedule.to_string()),
        subscription.zone,
        escape(&subscription.topics_label()),
        crate::wording::counted(status.left_in_deck, "question")
    )
}
