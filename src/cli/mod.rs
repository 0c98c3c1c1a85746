//! The `prepbot` command line: subcommands and what each prints.

mod backup;
mod bank_check;
mod bank_export;
mod bank_import;
mod bank_reports;
mod bank_try;
mod export;
mod health;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app::App;
use crate::config::{Secrets, Settings};
use crate::engine::SystemClock;

/// prepbot: practise Generative-AI interview questions together, on Discord,
/// on Slack or in this terminal.
#[derive(Debug, Parser)]
#[command(name = "prepbot", version, about, long_about = None)]
pub struct Cli {
    /// Settings file; `./config.toml` is read when present and this is not
    /// given. `PREPBOT__SECTION__KEY` environment variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bot: the Discord front-end when DISCORD_TOKEN is set, the
    /// Slack front-end when SLACK_BOT_TOKEN is set (both side by side when
    /// both are), and the daily-question scheduler. Stops cleanly on Ctrl-C
    /// or SIGTERM.
    Run,
    /// Practise in this terminal, on a local database, with no token.
    Console {
        /// The name you practise under (default: your login name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Create or upgrade the database, then exit. (Every other command
    /// does this by itself at start-up.)
    Migrate,
    /// Work with the question bank.
    #[command(subcommand)]
    Bank(BankCommand),
    /// Print the settings in effect (secrets show only whether they are set).
    Config,
    /// Copy the database while prepbot runs, and check the copy. PATH is a
    /// new file, or a folder to put `prepbot-<UTC time>.db` in; the backup
    /// folder (`backup.dir`) when left out.
    Backup { path: Option<PathBuf> },
    /// Put a backup in place of the database, keeping the one it replaces
    /// beside it. Refused while prepbot (a bot or a console) runs on it.
    Restore { path: PathBuf },
    /// Ask a running prepbot's /healthz and print the answer; exit 0 when
    /// healthy, 1 otherwise (for a container's health check).
    Health {
        /// Where prepbot serves /healthz, such as http://127.0.0.1:9100;
        /// from metrics.listen when left out.
        #[arg(long)]
        url: Option<String>,
    },
    /// Write a workspace's data for its admins: members (ids, names, streak
    /// figures, leaderboard opt-outs), attempts, daily-question channels
    /// and daily posts, as one CSV file per table or one JSON file.
    Export {
        /// The workspace, written as for `prepbot bank export`: a Discord
        /// guild id, a Slack team id, `console`, or `platform:ID`.
        #[arg(long, value_name = "ID")]
        workspace: String,
        #[arg(long, value_enum, default_value_t = export::Format::Csv)]
        format: export::Format,
        /// The folder to write into (created if needed).
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// Check a bank and print its topics; every fault is listed with its
    /// file:line:column.
    Check {
        /// The folder of question files; the configured bank by default.
        dir: Option<PathBuf>,
    },
    /// Check an answer against a question's key points with the checker
    /// in effect, as a member's typed answer would be: for bank authors
    /// testing their key points.
    Try {
        /// The question's id, such as genai-018.
        question_id: String,
        /// The answer, as a member would type it.
        #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
        answer: Vec<String>,
        /// Print JSON: question_id, judge, key_points (text, covered) in the
        /// bank's order, feedback.
        #[arg(long)]
        json: bool,
    },
    /// Turn a CSV file or an Anki text export into a topic file of bank
    /// TOML in DIR. Every row that cannot be imported is reported by its
    /// line, and then nothing is written.
    Import {
        /// The deck: `*.csv` (a header row may name question, answer,
        /// key_points, difficulty), or Anki's "Notes in Plain Text" export.
        file: PathBuf,
        /// The new topic's id, such as company-interviews; the file is
        /// DIR/<topic>.toml and question ids are <topic>-001 and on.
        #[arg(long)]
        topic: String,
        /// The topic's display name; the id capitalised if left out.
        #[arg(long)]
        name: Option<String>,
        /// For rows that give none.
        #[arg(long, default_value = "medium")]
        difficulty: crate::domain::Difficulty,
        /// The folder to write into (created if missing).
        dir: PathBuf,
    },
    /// Print the questions members reported, from the database, for the
    /// bank's maintainers: question id, reason, what they wrote, the bank's
    /// text at that moment, who, when, and whether it is open.
    Reports {
        /// Only the reports no admin has closed yet.
        #[arg(long)]
        open: bool,
        /// Print JSON: a list of id, question_id, reason, text, question,
        /// answer, reporter, platform, workspace, created_at, state,
        /// closed_at, closed_by, close_note.
        #[arg(long)]
        json: bool,
    },
    /// Write a workspace's approved questions as bank files, one per topic,
    /// that `prepbot bank check` accepts (ids become `<topic>-wsN`), to send
    /// them upstream.
    Export {
        /// The workspace's platform id as stored: a Discord server's guild
        /// id, a Slack team id, or `console` for the console's (stored as
        /// `local`); write `platform:ID`, such as `discord:1234`, if two
        /// platforms share an id.
        #[arg(long, value_name = "ID")]
        workspace: String,
        /// The folder to write into (created if needed).
        dir: PathBuf,
    },
}

/// What a finished command asks of the process.
pub const EXIT_FAILED: u8 = 1;
/// Settings or arguments were wrong; nothing ran.
pub const EXIT_BAD_SETTINGS: u8 = 2;

/// Runs a parsed command line. Output goes to stdout, faults to stderr.
pub fn run(cli: Cli, settings: Settings) -> ExitCode {
    match cli.command {
        Command::Console { name } => block_on(console(settings, name)),
        Command::Run => {
            let secrets = Secrets::from_env();
            if let Err(error) = secrets.check() {
                eprintln!("prepbot run: {error}");
                return ExitCode::from(EXIT_BAD_SETTINGS);
            }
            let slack = match secrets.slack(settings.slack.mode) {
                Ok(slack) => slack,
                Err(error) => {
                    eprintln!("prepbot run: {error}");
                    return ExitCode::from(EXIT_BAD_SETTINGS);
                }
            };
            // A setting missing for the mode chosen is a settings fault,
            // found before anything starts.
            if slack.is_some()
                && settings.slack.mode == crate::config::SlackMode::Http
                && settings.slack.http_listen.is_none()
            {
                eprintln!(
                    "prepbot run: slack.mode = \"http\" needs slack.http_listen \
                     (PREPBOT__SLACK__HTTP_LISTEN), such as 0.0.0.0:3000"
                );
                return ExitCode::from(EXIT_BAD_SETTINGS);
            }
            if secrets.discord_token.is_none() && slack.is_none() {
                eprintln!(
                    "prepbot run: no chat platform to connect to. Set {} to the bot token from \
                     the Discord developer portal, or {} (xoxb-...) and {} (xapp-...) from your \
                     Slack app (see README.md), or both; or practise without one: prepbot console",
                    Secrets::DISCORD_TOKEN,
                    Secrets::SLACK_BOT_TOKEN,
                    Secrets::SLACK_APP_TOKEN
                );
                return ExitCode::from(EXIT_BAD_SETTINGS);
            }
            block_on(run::run(
                settings,
                secrets.discord_token,
                slack,
                secrets.judge_api_key,
                stop_requested(),
            ))
        }
        Command::Migrate => block_on(async move {
            crate::app::migrate(&settings).await?;
            let text = format!(
                "The database {} is up to date.\n",
                settings.database.location()
            );
            print_quietly(&text);
            Ok(())
        }),
        Command::Bank(BankCommand::Import {
            file,
            topic,
            name,
            difficulty,
            dir,
        }) => bank_import::run(&bank_import::ImportArgs {
            file: &file,
            topic: &topic,
            name: name.as_deref(),
            difficulty,
            dir: &dir,
        }),
        Command::Bank(BankCommand::Check { dir }) => {
            let dir = dir.unwrap_or_else(|| settings.bank.questions_dir.clone());
            bank_check::run(&dir)
        }
        Command::Bank(BankCommand::Try {
            question_id,
            answer,
            json,
        }) => {
            // `--json` typed after the answer is still the flag, not a word
            // of the answer.
            let mut answer = answer;
            let json = json || answer.last().is_some_and(|word| word == "--json");
            if answer.last().is_some_and(|word| word == "--json") {
                answer.pop();
            }
            bank_try::run(&settings, &question_id, &answer.join(" "), json)
        }
        Command::Bank(BankCommand::Reports { open, json }) => {
            bank_reports::run(&settings, open, json)
        }
        Command::Bank(BankCommand::Export { workspace, dir }) => {
            bank_export::run(&settings, &workspace, &dir)
        }
        Command::Backup { path } => {
            block_on(async move { backup::backup(&settings, path.as_deref()).await })
        }
        Command::Export {
            workspace,
            format,
            dir,
        } => export::run(&settings, &workspace, format, &dir),
        Command::Restore { path } => {
            block_on(async move { backup::restore(&settings, &path).await })
        }
        Command::Health { url } => health::run(&settings, url),
        Command::Config => {
            let mut out = settings.to_toml();
            out += "\n# Secrets come from the environment only:\n";
            for (name, set) in Secrets::from_env().presence() {
                let state = if set { "set ([redacted])" } else { "not set" };
                out += &format!("# {name}: {state}\n");
            }
            print_quietly(&out)
        }
    }
}

/// Writes `text` to stdout. A reader that went away (`prepbot config | head
/// -1`) is not an error: prepbot stops quietly, as other tools do.
pub fn print_quietly(text: &str) -> ExitCode {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("prepbot: cannot write the output: {error}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

/// Runs an async command to completion, reporting a failure on stderr.
/// Runs `work` to its end on a fresh runtime; `Err` (already reported)
/// when no runtime can start.
fn block_on_value<T>(work: impl std::future::Future<Output = T>) -> Result<T, ()> {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => Ok(runtime.block_on(work)),
        Err(error) => {
            eprintln!("prepbot: cannot start the async runtime: {error}");
            Err(())
        }
    }
}

fn block_on(command: impl std::future::Future<Output = anyhow::Result<()>>) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("prepbot: cannot start the async runtime: {error}");
            return ExitCode::from(EXIT_FAILED);
        }
    };
    match runtime.block_on(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("prepbot: {error:#}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

/// Ctrl-C, or SIGTERM (what `docker stop` and systemd send).
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops prepbot");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    tracing::info!("stopping");
}

async fn console(settings: Settings, name: Option<String>) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    let name = name
        .or_else(|| std::env::var("USER").ok())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "you".to_owned());
    let daily = settings.daily.clone();
    let secrets = Secrets::from_env();
    secrets.check()?;
    let app = App::build_with_key(
        settings,
        std::sync::Arc::new(SystemClock),
        secrets.judge_api_key,
    )
    .await?;
    let hangups = crate::app::reload_on_hangup(app.engine.clone());
    let heartbeat = crate::liveness::keep_recording(app.engine.clone());
    // The daily question runs beside the console, posting into it.
    let (poster, events) = crate::console::ConsolePoster::new();
    let scheduler = std::sync::Arc::new(crate::scheduler::Scheduler::new(
        app.engine.clone(),
        std::sync::Arc::new(poster.clone()),
        &daily,
    ));
    // Reminders of the console's members come as lines in it too.
    let reminders = crate::reminders::ReminderRunner::new(
        app.engine.clone(),
        std::sync::Arc::new(poster.clone()),
        &[crate::engine::Platform::Console],
        &daily,
    );
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let running = tokio::spawn({
        let scheduler = scheduler.clone();
        let mut stopped = stopped.clone();
        async move {
            let stopped = async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            };
            scheduler.run(stopped).await
        }
    });
    let reminding = tokio::spawn({
        let mut stopped = stopped.clone();
        async move {
            let stopped = async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            };
            reminders.run(stopped).await
        }
    });
    let prompt = std::io::stdin().is_terminal();
    let mut console =
        crate::console::Console::new(app.engine.clone(), name.trim(), prompt).with_daily(events);
    let input = tokio::io::BufReader::new(tokio::io::stdin());
    // Ctrl-C or SIGTERM ends the session like /quit, so the database is
    // closed cleanly (its write-ahead log folded in) either way.
    let result = tokio::select! {
        result = console.run(input, tokio::io::stdout()) => result,
        () = stop_requested() => Ok(()),
    };
    let _ = stop.send(true);
    let _ = running.await;
    let _ = reminding.await;
    hangups.abort();
    heartbeat.abort();
    app.close().await;
    result?;
    Ok(())
}
