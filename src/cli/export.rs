//! `prepbot export --workspace ID [--format csv|json] DIR`: a workspace's
//! data for its admins. CSV writes one file per table (members.csv,
//! attempts.csv, subscriptions.csv, daily_posts.csv), each with its header
//! even when empty; JSON writes them all as one workspace.json.
//!
//! ```text
//! $ prepbot export --workspace console exported
//! Wrote 2 members, 14 attempts, 1 subscription and 3 daily posts to exported: members.csv, attempts.csv, subscriptions.csv, daily_posts.csv
//! ```

use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::{EXIT_FAILED, block_on_value, print_quietly};
use crate::config::Settings;
use crate::engine::{WorkspaceExport, export_workspace};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Csv,
    Json,
}

pub fn run(settings: &Settings, workspace: &str, format: Format, dir: &Path) -> ExitCode {
    let path = match settings.database.sqlite_file() {
        Ok(path) => path,
        Err(error) => {
            eprintln!("prepbot export: {error:#}");
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let path = &path;
    let read = block_on_value(async {
        let store = Store::open(path).await?;
        let exported = export_workspace(&store, workspace).await;
        store.close().await;
        exported
    });
    let export = match read {
        Ok(Ok(export)) => export,
        Ok(Err(error)) => {
            eprintln!("prepbot export: {error:#}");
            return ExitCode::from(EXIT_FAILED);
        }
        Err(()) => return ExitCode::from(EXIT_FAILED),
    };
    if let Err(error) = std::fs::create_dir_all(dir) {
        eprintln!("prepbot export: cannot create {}: {error}", dir.display());
        return ExitCode::from(EXIT_FAILED);
    }
    let written = match format {
        Format::Csv => write_csv(&export, dir),
        Format::Json => write_json(&export, dir),
    };
    match written {
        Ok(names) => print_quietly(&format!(
            "Wrote {}, {}, {} and {} to {}: {}\n",
            crate::wording::counted(export.members.len(), "member"),
            crate::wording::counted(export.attempts.len(), "attempt"),
            crate::wording::counted(export.subscriptions.len(), "subscription"),
            crate::wording::counted(export.daily_posts.len(), "daily post"),
            dir.display(),
            names.join(", ")
        )),
        Err(error) => {
            eprintln!("prepbot export: {error:#}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

fn write_json(export: &WorkspaceExport, dir: &Path) -> anyhow::Result<Vec<String>> {
    let name = "workspace.json";
    let file = dir.join(name);
    let json = serde_json::to_string_pretty(export)?;
    std::fs::write(&file, json + "\n")
        .map_err(|error| anyhow::anyhow!("cannot write {}: {error}", file.display()))?;
    Ok(vec![name.to_owned()])
}

fn write_csv(export: &WorkspaceExport, dir: &Path) -> anyhow::Result<Vec<String>> {
    let tables = [
        ("members.csv", table(&export.members)?),
        ("attempts.csv", table(&export.attempts)?),
        ("subscriptions.csv", table(&export.subscriptions)?),
        ("daily_posts.csv", table(&export.daily_posts)?),
    ];
    let mut names = Vec::new();
    for (name, bytes) in tables {
        let file = dir.join(name);
        std::fs::write(&file, bytes)
            .map_err(|error| anyhow::anyhow!("cannot write {}: {error}", file.display()))?;
        names.push(name.to_owned());
    }
    Ok(names)
}

/// Rows as CSV under their header. The csv crate writes a header only with
/// a first row, so the header is taken from an empty row, and an empty
/// table still says what its columns are.
fn table<Row: Serialize + Default>(rows: &[Row]) -> anyhow::Result<Vec<u8>> {
    let mut header = csv::Writer::from_writer(Vec::new());
    header.serialize(Row::default())?;
    let header = header.into_inner()?;
    let first_line = header
        .iter()
        .position(|b| *b == b'\n')
        .map_or(&header[..], |end| &header[..=end]);
    let mut out = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(first_line.to_vec());
    for row in rows {
        out.serialize(row)?;
    }
    Ok(out.into_inner()?)
}
