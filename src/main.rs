//! The `prepbot` binary: read settings, start logging, run the command.

use std::process::ExitCode;

use clap::Parser;
use prepbot::cli::{self, Cli, EXIT_BAD_SETTINGS};
use prepbot::config::Settings;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("prepbot: the settings are not valid:\n{error}");
            return ExitCode::from(EXIT_BAD_SETTINGS);
        }
    };
    let mut logging = settings.logging.clone();
    // In the console, logs would interleave with the conversation: unless
    // asked for, show only warnings there.
    if matches!(cli.command, cli::Command::Console { .. })
        && logging == prepbot::config::LoggingSettings::default()
    {
        logging.filter = "warn"
            .to_owned()
            .try_into()
            .expect("`warn` is a valid filter");
    }
    prepbot::telemetry::init(&logging);
    cli::run(cli, settings)
}
