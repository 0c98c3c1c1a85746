//! Console commands: parsing a line and calling the engine.

use super::{Console, InterviewStage, Reply, render};
use crate::bank::Draft;
use crate::domain::question::WORKSPACE_ID_PREFIX;
use crate::domain::report::parse_report_words;
use crate::domain::{Difficulty, Grade, Mode};
use crate::engine::{Card, CramNext, GradeInput, InterviewStep, Period, RankBy, ReviewNext};
use crate::wording;

/// Every command, for `/help` and for "did you mean".
pub const COMMANDS: &[(&str, &str)] = &[
    (
        "/quiz [topic] [difficulty] [mode]",
        "a question now; mode is flashcard (default) or choice",
    ),
    (
        "/reveal",
        "the model answer and key points of the current question",
    ),
    (
        "/answer <text>",
        "check your answer against the key points (or just type it)",
    ),
    (
        "again | hard | good | easy",
        "grade yourself on the current question",
    ),
    ("a | b | c | d", "pick an option on a choice question"),
    (
        "/interview [topic]",
        "a mock interview: answer, one follow-up, then a summary",
    ),
    ("/review", "your next due card, then new ones"),
    (
        "/review cram",
        "before your interview: questions you know, ahead of schedule (your review dates stay put)",
    ),
    ("/daily", "today's daily question"),
    (
        "/daily setup <HH:MM> [Area/City] [topics] [reveal=MIN]",
        "post a daily question here (cron in quotes works too)",
    ),
    (
        "/daily status | /daily stop",
        "when the next one comes, or stop them",
    ),
    (
        "/daily preview | queue <id> | skip | pause [until YYYY-MM-DD] | resume",
        "the next seven posting dates; post a question next, skip the next post, pause or resume (a reason may follow)",
    ),
    ("/streak", "current and best streak, freezes left"),
    (
        "/leaderboard [week|month|all] [points|streak]",
        "the top members",
    ),
    (
        "/stats [--out FILE]",
        "your progress by topic, and a picture of it in prepbot-stats.png (or FILE)",
    ),
    ("/theme light|dark", "how your /stats picture is drawn"),
    (
        "/recap [on|off]",
        "preview last week's recap, or switch this channel's Monday recap on or off",
    ),
    ("/topics", "topics and how many questions each has"),
    (
        "/timezone <Area/City|workspace>",
        "set your time zone, which decides when your day starts",
    ),
    (
        "/settings interview <YYYY-MM-DD|off> [topics]",
        "your interview date: a countdown, and new questions paced to meet every one before it",
    ),
    (
        "/settings reminders <HH:MM|off>",
        "a reminder here at that time (your zone) on days when reviews are due and you have not practised",
    ),
    (
        "/settings export [path] | /settings delete [confirm]",
        "everything prepbot keeps about you as a JSON file; or delete it (confirm to go ahead)",
    ),
    (
        "/reload",
        "re-read the question bank folder (the old bank stays if the new one has faults)",
    ),
    (
        "/report [question-id] <reason> [text]",
        "report a question (the current one if no id): wrong, unclear, outdated, duplicate or other",
    ),
    (
        "/reports | /reports close <N> [note]",
        "the open reports (you are this console's admin), or close report N",
    ),
    (
        "/add <topic> | <level> | <question> | <answer> | <points>",
        "add your own question here (you are the admin): points separated by `;`, level easy/medium/hard",
    ),
    (
        "/suggest <topic> | <level> | <question> | <answer> | <points>",
        "suggest a question, written as for /add; it waits in /pending for an admin",
    ),
    (
        "/pending | /approve <ws-N> | /reject <ws-N> [note]",
        "the suggestions waiting, and approve or reject one (ws-3 or just 3)",
    ),
    (
        "/prepbot streak <name> history | restore [reason] | /prepbot check",
        "admin: a member's streak story, or restore a streak broken while prepbot was down",
    ),
    ("/help", "this list"),
    ("/quit", "leave"),
];

impl Console {
    pub(super) async fn handle(&mut self, line: &str) -> Reply {
        // Plain text is an answer (or an interview turn): logged as "text".
        let command = match line.split_whitespace().next() {
            Some(word)
                if word.starts_with('/')
                    && COMMANDS
                        .iter()
                        .any(|(usage, _)| usage.split_whitespace().next() == Some(word)) =>
            {
                word.to_owned()
            }
            Some(word) if word.starts_with('/') => "unknown".to_owned(),
            Some(_) => "text".to_owned(),
            None => "empty".to_owned(),
        };
        let workspace = self.me.workspace.external_id.clone();
        crate::command_log::observe("console", &workspace, &command, self.dispatch(line)).await
    }

    async fn dispatch(&mut self, line: &str) -> Reply {
        if line.is_empty() {
            return Reply::Text("Type /help to see the commands.".to_owned());
        }
        let (command, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let rest = rest.trim();
        let command = command.to_ascii_lowercase();
        // Anything but plain text ends a mock interview in progress.
        if command.starts_with('/') || command.parse::<Grade>().is_ok() {
            self.interview = None;
        }
        let text = match command.as_str() {
            "/quit" | "/exit" => return Reply::Quit,
            "/interview" => self.interview(rest).await,
            "/help" => render::help(COMMANDS),
            "/quiz" => self.quiz(rest).await,
            "/reveal" => self.reveal().await,
            "/answer" => self.answer(rest).await,
            "/review" if rest.eq_ignore_ascii_case("cram") => self.cram().await,
            "/review" => self.review().await,
            "/settings" => self.settings(rest).await,
            "/daily" => self.daily(rest).await,
            // The admin commands as Discord and Slack spell them.
            "/prepbot" => self.prepbot(rest).await,
            "/streak" => self.streak().await,
            "/leaderboard" => self.leaderboard(rest).await,
            "/stats" => self.stats_with_picture(rest).await,
            "/theme" => self.theme(rest).await,
            "/recap" => self.recap(rest).await,
            "/topics" => wording::topics(&self.engine.topics()),
            "/timezone" => self.timezone(rest).await,
            "/reload" => match self.engine.reload_bank().await {
                Ok(changes) => wording::bank_changes(&changes),
                Err(errors) => wording::bank_refused(&errors),
            },
            "/report" => self.report(rest).await,
            "/reports" => self.reports(rest).await,
            "/add" => self.submit_question(rest, true).await,
            "/suggest" => self.submit_question(rest, false).await,
            "/pending" => match self.engine.pending_questions(&self.me.workspace).await {
                Ok(pending) => wording::pending_questions(
                    &pending,
                    "Approve one with /approve ws-N, or reject it with /reject ws-N [note].",
                ),
                Err(error) => self.failure(error),
            },
            "/approve" => self.decide_question(rest, true).await,
            "/reject" => self.decide_question(rest, false).await,
            word if is_grade_word(word, rest) => self.grade_word(word).await,
            letter if self.is_option_letter(letter, rest) => self.pick(letter).await,
            unknown if unknown.starts_with('/') => unknown_command(unknown),
            _ if self.interview.is_some() => self.interview_turn(line).await,
            _ if self.current.is_some() => self.answer(line).await,
            _ => "Draw a question first with /quiz, or type /help to see the commands.".to_owned(),
        };
        Reply::Text(text)
    }

    /// Whether `line` is an answer to check: `/answer …`, or plain text
    /// while a question or an interview waits for one.
    pub(super) fn is_typed_answer(&self, line: &str) -> bool {
        let (command, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let command = command.to_ascii_lowercase();
        if command == "/answer" {
            return !rest.trim().is_empty() && self.current.is_some();
        }
        let other_input = line.is_empty()
            || command.starts_with('/')
            || is_grade_word(&command, rest)
            || self.is_option_letter(&command, rest);
        !other_input && (self.interview.is_some() || self.current.is_some())
    }

    /// A single letter while a choice card waits: a pick, not an answer.
    fn is_option_letter(&self, word: &str, rest: &str) -> bool {
        word.len() == 1 && rest.trim().is_empty() && self.on_choice_card()
    }

    async fn quiz(&mut self, args: &str) -> String {
        let mut difficulty = None;
        let mut mode = Mode::Flashcard;
        let mut topic_words = Vec::new();
        for word in args.split_whitespace() {
            if let Ok(level) = word.parse::<Difficulty>() {
                difficulty = Some(level);
            } else if let Ok(chosen) = word.parse::<Mode>() {
                mode = chosen;
            } else {
                topic_words.push(word);
            }
        }
        let topic = topic_words.join(" ");
        let topic = (!topic.is_empty()).then_some(topic.as_str());
        match self.engine.quiz(&self.me, topic, difficulty, mode).await {
            Ok(card) => {
                let text = self.marked(&card, render::card(&card)).await;
                self.current = Some(card);
                text
            }
            Err(error) => self.failure(error),
        }
    }

    async fn interview(&mut self, topic: &str) -> String {
        let topic = (!topic.is_empty()).then_some(topic);
        match self
            .engine
            .quiz(&self.me, topic, None, Mode::Flashcard)
            .await
        {
            Ok(card) => {
                let text = render::interview_card(&card);
                self.current = Some(card);
                self.interview = Some(InterviewStage::FirstAnswer);
                text
            }
            Err(error) => self.failure(error),
        }
    }

    /// An answer typed during a mock interview: the first one earns a
    /// follow-up on what it missed, the second the summary.
    async fn interview_turn(&mut self, text: &str) -> String {
        let (Some(card), Some(stage)) = (&self.current, self.interview) else {
            return "There is no interview running; start one with /interview.".to_owned();
        };
        let card_id = card.id;
        match stage {
            InterviewStage::FirstAnswer => {
                match self.engine.interview_answer(&self.me, card_id, text).await {
                    Ok(InterviewStep::FollowUp {
                        covered, follow_up, ..
                    }) => {
                        self.interview = Some(InterviewStage::FollowUp(covered));
                        wording::follow_up(&follow_up)
                    }
                    Ok(InterviewStep::Done(summary)) => {
                        self.interview = None;
                        render::interview_summary(&summary, true)
                    }
                    Err(error) => self.failure(error),
                }
            }
            InterviewStage::FollowUp(earlier) => {
                match self
                    .engine
                    .interview_follow_up(&self.me, card_id, earlier, text)
                    .await
                {
                    Ok(summary) => {
                        self.interview = None;
                        render::interview_summary(&summary, false)
                    }
                    Err(error) => self.failure(error),
                }
            }
        }
    }

    async fn reveal(&mut self) -> String {
        let Some(card) = &self.current else {
            return "There is no question to reveal; draw one with /quiz.".to_owned();
        };
        match self.engine.reveal(&self.me, card.id).await {
            Ok(reveal) => render::reveal(&reveal),
            Err(error) => self.failure(error),
        }
    }

    async fn answer(&mut self, text: &str) -> String {
        let Some(card) = &self.current else {
            return "There is no question to answer; draw one with /quiz.".to_owned();
        };
        if text.is_empty() {
            return "Write your answer after /answer, for example: /answer it attends to every token".to_owned();
        }
        match self.engine.check_answer(&self.me, card.id, text).await {
            Ok(check) => render::answer_check(&check),
            Err(error) => self.failure(error),
        }
    }

    fn on_choice_card(&self) -> bool {
        self.current
            .as_ref()
            .is_some_and(|card| card.mode == Mode::Choice)
    }

    async fn grade_word(&mut self, word: &str) -> String {
        match word.parse::<Grade>() {
            Ok(grade) => self.grade(GradeInput::Grade(grade)).await,
            Err(message) => message,
        }
    }

    /// A letter on a choice card; the engine says which letters exist when
    /// this one does not.
    async fn pick(&mut self, letter: &str) -> String {
        let index = letter
            .to_ascii_lowercase()
            .bytes()
            .next()
            .and_then(|b| b.checked_sub(b'a'))
            .map_or(usize::MAX, usize::from);
        self.grade(GradeInput::Choice(index)).await
    }

    async fn grade(&mut self, input: GradeInput) -> String {
        let Some(card) = &self.current else {
            return "There is no question to grade; draw one with /quiz.".to_owned();
        };
        match self.engine.grade(&self.me, card.id, input).await {
            Ok(outcome) => wording::outcome(&outcome, &card.options),
            Err(error) => self.failure(error),
        }
    }

    async fn review(&mut self) -> String {
        match self.engine.review(&self.me).await {
            Ok(ReviewNext::Card {
                card,
                due_after,
                new_left,
                is_new,
                countdown,
            }) => {
                let note = countdown.as_ref().map(wording::countdown_short);
                let text = render::review_card(&card, due_after, new_left, is_new, note.as_deref());
                let text = self.marked(&card, text).await;
                self.current = Some(card);
                text
            }
            Ok(ReviewNext::Done {
                next_due,
                countdown,
            }) => match countdown {
                Some(countdown) => format!(
                    "{}\n{}",
                    wording::review_done(next_due),
                    wording::countdown(&countdown)
                ),
                None => wording::review_done(next_due),
            },
            Err(error) => self.failure(error),
        }
    }

    async fn cram(&mut self) -> String {
        match self.engine.cram(&self.me).await {
            Ok(CramNext::Card {
                card,
                left,
                countdown,
            }) => {
                let text = format!(
                    "{} ({}; your review dates stay as they are)\n{}",
                    wording::cram_heading(left),
                    wording::countdown_short(&countdown),
                    render::card(&card)
                );
                let text = self.marked(&card, text).await;
                self.current = Some(card);
                text
            }
            Ok(CramNext::Nothing { due, countdown }) => wording::cram_nothing(due, &countdown),
            Err(error) => self.failure(error),
        }
    }

    async fn streak(&mut self) -> String {
        match self.engine.streak(&self.me).await {
            Ok(streak) => {
                let countdown = self.engine.interview_countdown(&self.me).await;
                wording::streak_with_countdown(&streak, countdown.ok().flatten().as_ref())
            }
            Err(error) => self.failure(error),
        }
    }

    async fn leaderboard(&mut self, args: &str) -> String {
        let mut period = Period::Week;
        let mut by = RankBy::Points;
        for word in args.split_whitespace() {
            if let Ok(chosen) = word.parse::<Period>() {
                period = chosen;
            } else if let Ok(chosen) = word.parse::<RankBy>() {
                by = chosen;
            } else {
                return format!(
                    "`{word}` is neither a period (week, month, all) nor a ranking (points, streak)."
                );
            }
        }
        match self
            .engine
            .leaderboard(&self.me.workspace, period, by, 10)
            .await
        {
            Ok(board) => wording::leaderboard(&board, &self.me.display_name),
            Err(error) => self.failure(error),
        }
    }

    async fn timezone(&mut self, zone: &str) -> String {
        if zone.is_empty() {
            return "Name a time zone, for example: /timezone Europe/Berlin".to_owned();
        }
        // "workspace" goes back to the workspace's zone.
        let follows_workspace = crate::domain::Timezone::means_workspace(zone);
        match self
            .engine
            .set_timezone(&self.me, (!follows_workspace).then_some(zone))
            .await
        {
            Ok(change) => crate::wording::zone_change(&change, "workspace"),
            Err(error) => self.failure(error),
        }
    }
}

impl Console {
    /// `/settings reminders HH:MM|off` sets reminders; `/settings` alone
    /// shows them (and whether they are paused).
    /// `/settings` (shows reminders), `/settings reminders <HH:MM|off>`,
    /// `/settings interview <YYYY-MM-DD|off> [topics]`, `/settings timezone`.
    async fn settings(&mut self, rest: &str) -> String {
        let (what, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let after = after.trim();
        match what.to_ascii_lowercase().as_str() {
            "interview" if !after.is_empty() => {
                let (date, topics) = after.split_once(char::is_whitespace).unwrap_or((after, ""));
                let topics = Some(topics.trim()).filter(|t| !t.is_empty());
                return match self.engine.interview_setting(&self.me, date, topics).await {
                    Ok(setting) => wording::interview_setting(&setting),
                    Err(error) => self.failure(error),
                };
            }
            "timezone" => return self.timezone(after).await,
            "export" => return self.export_data(after).await,
            "delete" => return self.delete_data(after).await,
            _ => {}
        }
        let mut words = rest.split_whitespace();
        let result = match (words.next().map(str::to_ascii_lowercase), words.next()) {
            (None, _) => self.engine.reminder_setting(&self.me).await,
            (Some(word), Some(at)) if word == "reminders" || word == "reminder" => {
                self.engine.set_reminders(&self.me, at).await
            }
            _ => {
                return "Write /settings reminders 08:00 (your own time zone), \
                        /settings reminders off, or /settings to see them; \
                        /settings interview 2027-01-15 [topics] for an interview date; \
                        /settings export or /settings delete for your data; \
                        /timezone sets your zone."
                    .to_owned();
            }
        };
        match result {
            Ok(setting) => wording::reminder_setting(&setting, "/settings"),
            Err(error) => self.failure(error),
        }
    }
}

/// How `/add` and `/suggest` are written.
const QUESTION_USAGE: &str = "/add <topic> | <difficulty> | <question> | <answer> | <key point; key point; ...>, \
     for example: /add rag | easy | What is a chunk? | A piece of a document, embedded on its own. | \
     piece of a document; embedded separately";

/// A typed `/add` or `/suggest`: five parts between `|`, key points
/// between `;`.
fn parse_draft(args: &str, command: &str) -> Result<Draft, String> {
    let parts: Vec<&str> = args.split('|').map(str::trim).collect();
    let [topic, difficulty, question, answer, key_points] = parts.as_slice() else {
        return Err(format!(
            "{command} needs five parts separated by `|` (you wrote {}). Write {}",
            parts.len(),
            QUESTION_USAGE.replacen("/add", command, 2)
        ));
    };
    Ok(Draft {
        topic: (*topic).to_owned(),
        difficulty: (*difficulty).to_owned(),
        question: (*question).to_owned(),
        answer: (*answer).to_owned(),
        key_points: key_points
            .split(';')
            .map(str::trim)
            .filter(|point| !point.is_empty())
            .map(str::to_owned)
            .collect(),
    })
}

impl Console {
    /// `/add` (the console's member is its admin: approved at once) and
    /// `/suggest` (pending).
    async fn submit_question(&mut self, args: &str, as_admin: bool) -> String {
        let command = if as_admin { "/add" } else { "/suggest" };
        let draft = match parse_draft(args, command) {
            Ok(draft) => draft,
            Err(message) => return message,
        };
        let submitted = if as_admin {
            self.engine.add_question(&self.me, &draft).await
        } else {
            self.engine.suggest_question(&self.me, &draft).await
        };
        match submitted {
            Ok(question) => wording::question_submitted(&question),
            Err(error) => self.failure(error),
        }
    }

    /// `/approve ws-N` and `/reject ws-N [note]`.
    async fn decide_question(&mut self, args: &str, approve: bool) -> String {
        let command = if approve { "/approve" } else { "/reject" };
        let (number, note) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
        let digits = number
            .trim()
            .to_ascii_lowercase()
            .trim_start_matches(WORKSPACE_ID_PREFIX)
            .trim_start_matches('#')
            .to_owned();
        let Ok(number) = digits.parse::<i64>() else {
            return format!(
                "`{}` is not a suggestion's id; write {command} ws-3, with an id from /pending.",
                crate::domain::text::echo(number)
            );
        };
        let note = (!note.trim().is_empty()).then_some(note.trim());
        let decided = if approve {
            self.engine.approve_question(&self.me, number).await
        } else {
            self.engine.reject_question(&self.me, number, note).await
        };
        match decided {
            Ok(question) => wording::question_decided(&question),
            Err(error) => self.failure(error),
        }
    }

    /// `/report [question-id] <reason> [text]`; the card in front of the
    /// member when no id is given.
    async fn report(&mut self, args: &str) -> String {
        let words = match parse_report_words(args, "/report") {
            Ok(words) => words,
            Err(message) => return message,
        };
        let question = words.question.or_else(|| {
            self.current
                .as_ref()
                .map(|card| card.question_id.to_string())
        });
        match self
            .engine
            .report(
                &self.me,
                question.as_deref(),
                words.reason,
                words.text.as_deref(),
            )
            .await
        {
            Ok(filed) => wording::report_filed(&filed),
            Err(error) => self.failure(error),
        }
    }

    /// A card with the mark admins see when its question has open reports;
    /// the console's member is its admin. The mark is a nicety, so a failed
    /// look-up leaves the card as it is.
    async fn marked(&self, card: &Card, text: String) -> String {
        let reported = self
            .engine
            .is_reported(&self.me.workspace, card.question_id.as_str())
            .await;
        match reported {
            Ok(true) => format!("{text}\n{}", wording::REPORTED_MARK),
            Ok(false) => text,
            Err(error) => {
                tracing::warn!(error = %error, "could not look up the question's reports");
                text
            }
        }
    }

    /// `/reports` lists the open reports; `/reports close N [note]` closes
    /// one. The console's one member is its admin.
    async fn reports(&mut self, args: &str) -> String {
        let (action, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
        match action.to_ascii_lowercase().as_str() {
            "" => match self.engine.open_reports(&self.me.workspace).await {
                Ok(reports) => wording::open_reports(&reports, "/reports close N [note]"),
                Err(error) => self.failure(error),
            },
            "close" => {
                let (number, note) = rest
                    .trim()
                    .split_once(char::is_whitespace)
                    .unwrap_or((rest.trim(), ""));
                let Ok(id) = number.trim_start_matches('#').parse::<i64>() else {
                    return format!(
                        "`{}` is not a report number; write /reports close 3 [note], with a number from /reports.",
                        crate::domain::text::echo(number)
                    );
                };
                let note = (!note.trim().is_empty()).then_some(note);
                match self.engine.close_report(&self.me, id, note).await {
                    Ok(report) => wording::report_closed(&report),
                    Err(error) => self.failure(error),
                }
            }
            other => format!(
                "`/reports {}` is not a reports command; use /reports, or /reports close N [note].",
                crate::domain::text::echo(other)
            ),
        }
    }

    pub(super) async fn daily(&mut self, args: &str) -> String {
        let (action, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
        match action {
            "" => match self.engine.todays_daily(&self.me, super::CHANNEL).await {
                Ok(Some(card)) => {
                    let text = self.marked(&card, render::card(&card)).await;
                    self.current = Some(card);
                    text
                }
                Ok(None) => "No daily question has been posted here yet. Start one with /daily setup 09:00 Europe/Berlin".to_owned(),
                Err(error) => self.failure(error),
            },
            "setup" => match parse_setup(rest) {
                Ok(setup) => match self.engine.setup_daily(&self.me, &setup).await {
                    Ok(status) => render::daily_setup(&status, self.engine.now()),
                    Err(error) => self.failure(error),
                },
                Err(message) => message,
            },
            "status" => match self.engine.daily_status(&self.me).await {
                Ok(statuses) => render::daily_status(&statuses, self.engine.now()),
                Err(error) => self.failure(error),
            },
            "stop" => match self.engine.stop_daily(&self.me, super::CHANNEL).await {
                Ok(true) => "The daily question is stopped. /daily setup starts it again.".to_owned(),
                Ok(false) => "There was no daily question to stop.".to_owned(),
                Err(error) => self.failure(error),
            },
            other => match crate::domain::daily_admin_words::parse(other, &rest.split_whitespace().collect::<Vec<_>>(), "/daily") {
                Some(words) => self.daily_admin(words).await,
                None => format!("`/daily {other}` is not a daily command; use /daily, /daily setup, /daily status, /daily stop, /daily preview, /daily queue, /daily skip, /daily pause or /daily resume."),
            },
        }
    }
}

/// `09:00 Europe/Berlin transformers llms reveal=60`, or a quoted cron
/// expression in place of the time.
fn parse_setup(args: &str) -> Result<crate::engine::DailySetup, String> {
    let usage = "Write it as /daily setup 09:00 [Area/City] [topics] [reveal=MINUTES], for example /daily setup 09:00 Europe/Berlin transformers";
    let args = args.trim();
    let (schedule, rest) = if let Some(quoted) = args.strip_prefix('"') {
        let (inside, rest) = quoted
            .split_once('"')
            .ok_or_else(|| format!("The cron expression has no closing quote. {usage}"))?;
        (inside.to_owned(), rest)
    } else {
        let (first, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
        (first.to_owned(), rest)
    };
    if schedule.is_empty() {
        return Err(format!("Say when. {usage}"));
    }
    let mut setup = crate::engine::DailySetup {
        channel_id: super::CHANNEL.to_owned(),
        schedule,
        ..Default::default()
    };
    let mut topics = Vec::new();
    for word in rest.split_whitespace() {
        if let Some(minutes) = word.strip_prefix("reveal=") {
            let minutes = minutes.parse().map_err(|_| {
                format!("`{word}` needs a whole number of minutes, such as reveal=60.")
            })?;
            setup.reveal_after_minutes = Some(minutes);
        } else if crate::domain::Timezone::looks_like_zone(word) {
            setup.timezone = Some(word.to_owned());
        } else {
            topics.push(word);
        }
    }
    setup.topics = (!topics.is_empty()).then(|| topics.join(" "));
    Ok(setup)
}

fn unknown_command(typed: &str) -> String {
    let names = COMMANDS
        .iter()
        .filter_map(|(usage, _)| usage.split_whitespace().next())
        .filter(|name| name.starts_with('/'));
    let nearest = names
        .map(|name| (strsim::normalized_damerau_levenshtein(typed, name), name))
        .filter(|(score, _)| *score >= crate::engine::SUGGESTION_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match nearest {
        Some((_, name)) => {
            format!("Unknown command `{typed}`. Did you mean `{name}`? Type /help for the list.")
        }
        None => format!("Unknown command `{typed}`. Type /help for the list."),
    }
}

/// `good` (or another grade) alone on a line grades the current card.
fn is_grade_word(word: &str, rest: &str) -> bool {
    rest.trim().is_empty() && word.parse::<Grade>().is_ok()
}
