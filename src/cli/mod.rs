//! The `prepbot` command line: subcommands and what each prints.

mod bank_check;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{Secrets, Settings};

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
    /// Work with the question bank.
    #[command(subcommand)]
    Bank(BankCommand),
    /// Print the settings in effect (secrets show only whether they are set).
    Config,
}

#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// Check a bank and print its topics; every fault is listed with its
    /// file:line:column.
    Check {
        /// The folder of question files; the configured bank by default.
        dir: Option<PathBuf>,
    },
}

/// What a finished command asks of the process.
pub const EXIT_FAILED: u8 = 1;
/// Settings or arguments were wrong; nothing ran.
pub const EXIT_BAD_SETTINGS: u8 = 2;

/// Runs a parsed command line. Output goes to stdout, faults to stderr.
pub fn run(cli: Cli, settings: Settings) -> ExitCode {
    match cli.command {
        Command::Bank(BankCommand::Check { dir }) => {
            let dir = dir.unwrap_or_else(|| settings.bank.questions_dir.clone());
            bank_check::run(&dir)
        }
        Command::Config => {
            print!("{}", settings.to_toml());
            println!("\n# Secrets come from the environment only:");
            for (name, set) in Secrets::from_env().presence() {
                println!(
                    "# {name}: {}",
                    if set { "set ([redacted])" } else { "not set" }
                );
            }
            ExitCode::SUCCESS
        }
    }
}
