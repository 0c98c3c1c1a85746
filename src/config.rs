//! Settings, layered: built-in defaults, then `config.toml`, then
//! `PREPBOT__SECTION__KEY` environment variables. Tokens are read only from
//! the environment and print as `[redacted]`.
//!
//! ```text
//! PREPBOT__TIME__DEFAULT_TIMEZONE=Europe/Berlin prepbot bank check
//! ```
//!
//! A bad value is an error that names the key and where it came from.

use std::fmt;
use std::net::SocketAddr;
use std::num::{NonZeroU32, NonZeroU64, NonZeroUsize};
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use tracing_subscriber::EnvFilter;

use crate::domain::{DayStartHour, Timezone};

/// The file read when `--config` is not given, if it exists.
pub const DEFAULT_CONFIG_FILE: &str = "config.toml";
/// The prefix of environment variables that override the file.
pub const ENV_PREFIX: &str = "PREPBOT__";

/// Everything an operator can set, except secrets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub database: DatabaseSettings,
    pub bank: BankSettings,
    pub time: TimeSettings,
    pub review: ReviewSettings,
    pub daily: DailySettings,
    pub discord: DiscordSettings,
    pub slack: SlackSettings,
    pub logging: LoggingSettings,
    pub metrics: MetricsSettings,
    pub judge: JudgeSettings,
    pub backup: BackupSettings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseSettings {
    /// `sqlite://FILE` or `postgres://USER@HOST/DATABASE`; when set, it wins
    /// over `path`.
    pub url: Option<DatabaseUrl>,
    /// The SQLite file; created on first start.
    #[serde(deserialize_with = "database_file")]
    pub path: PathBuf,
}

impl DatabaseSettings {
    /// The database in effect: `url` when set, else the file at `path`.
    pub fn location(&self) -> DatabaseUrl {
        self.url
            .clone()
            .unwrap_or_else(|| DatabaseUrl::Sqlite(self.path.clone()))
    }

    /// The SQLite file, for the commands that work on the file itself
    /// (backups, exports); refused in plain words on PostgreSQL.
    pub fn sqlite_file(&self) -> anyhow::Result<PathBuf> {
        match self.location() {
            DatabaseUrl::Sqlite(path) => Ok(path),
            postgres @ DatabaseUrl::Postgres(_) => Err(postgres_not_yet(&postgres)),
        }
    }
}

/// Said wherever a PostgreSQL database is asked for before prepbot can run
/// on one from end to end.
pub fn postgres_not_yet(url: &DatabaseUrl) -> anyhow::Error {
    anyhow::anyhow!(
        "`database.url` names a PostgreSQL database ({url}), which prepbot does not support \
         yet; use a SQLite file (`sqlite://prepbot.db`, the default)"
    )
}

/// Where the database is. A PostgreSQL URL may carry a password; it prints
/// as `[redacted]` everywhere (`{:?}`, `prepbot config`, logs), and may be
/// left out of the URL for `PGPASSWORD` or `~/.pgpass` to supply.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    /// The URL as written, password included, for the one call that
    /// connects.
    Postgres(String),
}

impl DatabaseUrl {
    /// The URL with any password hidden, for showing.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => redact_url(url),
        }
    }
}

/// A SQLite database shows as its file, as messages always named it.
impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(path) => write!(f, "{}", path.display()),
            DatabaseUrl::Postgres(_) => f.write_str(&self.redacted()),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

impl From<DatabaseUrl> for String {
    fn from(url: DatabaseUrl) -> Self {
        url.redacted()
    }
}

impl TryFrom<String> for DatabaseUrl {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let trimmed = text.trim();
        let scheme = trimmed.split_once(':').map(|(scheme, _)| scheme);
        match scheme.map(str::to_ascii_lowercase).as_deref() {
            Some("sqlite") => {
                let rest = &trimmed["sqlite:".len()..];
                let file = rest.strip_prefix("//").unwrap_or(rest);
                if file.contains('?') {
                    return Err(format!(
                        "`{trimmed}` has options after `?`; prepbot sets SQLite's options \
                         itself, so name only the file, such as sqlite://prepbot.db"
                    ));
                }
                check_database_file(file).map(|()| DatabaseUrl::Sqlite(PathBuf::from(file)))
            }
            Some("postgres" | "postgresql") => {
                let parsed = url::Url::parse(trimmed)
                    .map_err(|error| format!("`{}` is not a URL ({error})", redact_url(trimmed)))?;
                if parsed.host_str().is_none_or(str::is_empty) {
                    return Err(format!(
                        "`{}` names no host; write it as postgres://USER@HOST:5432/DATABASE",
                        redact_url(trimmed)
                    ));
                }
                Ok(DatabaseUrl::Postgres(trimmed.to_owned()))
            }
            _ => Err(format!(
                "`{}` is not a database prepbot can use; write sqlite://FILE (such as \
                 sqlite://prepbot.db) or postgres://USER@HOST:5432/DATABASE",
                redact_url(trimmed)
            )),
        }
    }
}

/// A database path must name a file: an empty path or SQLite's `:memory:`
/// would run, save nothing, and lose every grade at exit.
fn database_file<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
    let text = String::deserialize(deserializer)?;
    check_database_file(&text).map_err(serde::de::Error::custom)?;
    Ok(PathBuf::from(text))
}

fn check_database_file(text: &str) -> Result<(), String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("the database path is empty; name a file such as prepbot.db".to_owned());
    }
    if trimmed.starts_with(':') || trimmed.starts_with("file:") {
        return Err(format!(
            "`{trimmed}` is not a file; prepbot keeps streaks in a file that survives a restart \
             (such as prepbot.db)"
        ));
    }
    Ok(())
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: None,
            path: PathBuf::from("prepbot.db"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BankSettings {
    /// The folder of `*.toml` question files.
    pub questions_dir: PathBuf,
}

impl Default for BankSettings {
    fn default() -> Self {
        Self {
            questions_dir: PathBuf::from("questions"),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TimeSettings {
    /// The zone of a workspace, and of members who set none, until an admin
    /// chooses another.
    pub default_timezone: Timezone,
    /// The local hour a practice day starts.
    pub day_start_hour: DayStartHour,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReviewSettings {
    /// New questions `/review` introduces per member per day, after the due
    /// ones.
    pub new_per_day: u32,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        Self { new_per_day: 5 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DailySettings {
    /// A post missed while prepbot was down goes out at start-up if it is
    /// at most this many hours late; older ones are skipped and logged.
    pub catch_up_hours: u32,
    /// Posts and reveals sent per second across all channels.
    pub posts_per_second: std::num::NonZeroU32,
    /// The wait before the first retry of a failed post; it doubles with
    /// each failure up to `retry_max_seconds`.
    pub retry_first_seconds: std::num::NonZeroU32,
    pub retry_max_seconds: std::num::NonZeroU32,
}

impl Default for DailySettings {
    fn default() -> Self {
        Self {
            catch_up_hours: 6,
            posts_per_second: std::num::NonZeroU32::new(45).expect("45 is not zero"),
            retry_first_seconds: std::num::NonZeroU32::new(10).expect("10 is not zero"),
            retry_max_seconds: std::num::NonZeroU32::new(900).expect("900 is not zero"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordSettings {
    /// Where REST calls go instead of Discord itself, such as a shared
    /// rate-limit proxy.
    pub api_base_url: Option<BaseUrl>,
    /// With `api_base_url` set, prepbot paces its own REST calls to this
    /// many a second (Discord's global limit is 50).
    pub requests_per_second: std::num::NonZeroU32,
    /// Register commands in this guild only, which takes effect at once;
    /// global registration can take up to an hour.
    pub dev_guild_id: Option<std::num::NonZeroU64>,
    /// A REST call to Discord with no answer after this many seconds is
    /// given up (and a daily post tried again later under its nonce), so a
    /// stalled connection cannot hold the scheduler or a command forever.
    pub http_timeout_seconds: std::num::NonZeroU32,
}

impl Default for DiscordSettings {
    fn default() -> Self {
        Self {
            api_base_url: None,
            requests_per_second: std::num::NonZeroU32::new(45).expect("45 is not zero"),
            dev_guild_id: None,
            http_timeout_seconds: std::num::NonZeroU32::new(30).expect("30 is not zero"),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SlackSettings {
    pub mode: SlackMode,
    /// Where HTTP mode listens for Slack's signed requests.
    pub http_listen: Option<SocketAddr>,
    /// Where Web API calls go instead of Slack itself (`https://slack.com/api`).
    pub api_base_url: Option<BaseUrl>,
    /// Slack user ids (`U…`) who may manage the daily question besides the
    /// workspace's admins and owners.
    pub admin_user_ids: Vec<String>,
}

impl SlackSettings {
    /// Slack's own Web API, used when `api_base_url` is not set.
    pub const SLACK_API: &str = "https://slack.com/api";

    pub fn api_base(&self) -> &str {
        self.api_base_url
            .as_ref()
            .map_or(Self::SLACK_API, BaseUrl::as_str)
    }
}

/// How Slack reaches prepbot.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlackMode {
    /// A WebSocket that prepbot opens: no public URL needed.
    #[default]
    Socket,
    /// Signed HTTP requests from Slack to `http_listen`.
    Http,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoggingSettings {
    pub format: LogFormat,
    /// A `RUST_LOG`-style filter; `RUST_LOG` itself wins when set.
    pub filter: LogFilter,
}

impl Default for LoggingSettings {
    fn default() -> Self {
        Self {
            format: LogFormat::Human,
            filter: LogFilter("info".to_owned()),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Human,
    Json,
}

/// A log filter such as `info,prepbot=debug`, checked when settings load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LogFilter(String);

impl LogFilter {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LogFilter {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        EnvFilter::try_new(&text).map_err(|error| {
            format!("`{text}` is not a log filter ({error}); try `info` or `info,prepbot=debug`")
        })?;
        Ok(Self(text))
    }
}

impl From<LogFilter> for String {
    fn from(filter: LogFilter) -> Self {
        filter.0
    }
}

/// Backups `prepbot run` keeps by itself (`prepbot backup` takes one at
/// any time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupSettings {
    /// Hours between backups while `prepbot run` runs; off when unset.
    pub every_hours: Option<NonZeroU32>,
    /// How many of its own backups to keep; older ones are deleted.
    pub keep: NonZeroUsize,
    /// Where they go; a `backups` folder beside the database when unset.
    pub dir: Option<PathBuf>,
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self {
            every_hours: None,
            keep: NonZeroUsize::new(7).expect("7 is not zero"),
            dir: None,
        }
    }
}

impl BackupSettings {
    /// The folder backups go to for the database at `database`.
    pub fn folder_for(&self, database: &Path) -> PathBuf {
        match &self.dir {
            Some(dir) => dir.clone(),
            None => database
                .parent()
                .filter(|parent| !parent.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .join("backups"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsSettings {
    /// Where `/healthz` and `/metrics` listen; off when unset.
    pub listen: Option<SocketAddr>,
    /// `/healthz` fails when the daily-question scheduler is this far
    /// behind a round it should have started.
    pub scheduler_behind_seconds: NonZeroU64,
}

impl Default for MetricsSettings {
    fn default() -> Self {
        Self {
            listen: None,
            scheduler_behind_seconds: NonZeroU64::new(300).expect("300 is not zero"),
        }
    }
}

/// Who judges typed answers: the built-in key-point checker, or an LLM
/// behind an OpenAI-compatible endpoint (with the checker standing in
/// whenever it cannot answer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JudgeSettings {
    pub kind: JudgeKind,
    /// The endpoint's base, such as `http://127.0.0.1:11434/v1` for Ollama;
    /// prepbot posts to `{base_url}/chat/completions`.
    pub base_url: Option<BaseUrl>,
    /// The model name the endpoint knows, such as `llama3.1:8b`.
    pub model: Option<String>,
    /// How long one judgement may take, waiting for a free slot included.
    pub timeout_seconds: NonZeroU64,
    /// Answers judged at the same time; more wait for a slot.
    pub max_concurrent: NonZeroUsize,
    /// Judged answers per member per hour; past it the checker judges.
    pub per_member_per_hour: NonZeroU32,
}

impl Default for JudgeSettings {
    fn default() -> Self {
        Self {
            kind: JudgeKind::KeyPoints,
            base_url: None,
            model: None,
            timeout_seconds: NonZeroU64::new(20).expect("20 is not zero"),
            max_concurrent: NonZeroUsize::new(4).expect("4 is not zero"),
            per_member_per_hour: NonZeroU32::new(30).expect("30 is not zero"),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JudgeKind {
    /// The built-in checker: no network, no model.
    #[default]
    #[serde(rename = "keypoints")]
    KeyPoints,
    /// An LLM through an OpenAI-compatible chat-completions endpoint.
    Llm,
}

/// An `http` or `https` URL with no trailing slash, so paths join cleanly.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BaseUrl(String);

/// `{:?}` of the settings reaches logs, so a password in a base URL is
/// redacted there as it is in `prepbot config`.
impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({})", self.redacted())
    }
}

impl BaseUrl {
    /// The URL itself, credentials included, for the client that uses it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL with any password in it replaced by `[redacted]`, for logs
    /// and `prepbot config`.
    pub fn redacted(&self) -> String {
        redact_url(&self.0)
    }
}

/// `http://user:secret@host/` becomes `http://user:[redacted]@host/`; a URL
/// without a password is unchanged.
pub fn redact_url(text: &str) -> String {
    match url::Url::parse(text) {
        Ok(url) if url.password().is_some() || !url.username().is_empty() => {
            let user = if url.username().is_empty() {
                String::new()
            } else {
                format!("{}:", url.username())
            };
            let rest = &text[text.find('@').map_or(0, |at| at + 1)..];
            format!("{}://{user}[redacted]@{rest}", url.scheme())
        }
        _ => text.to_owned(),
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl TryFrom<String> for BaseUrl {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let parsed =
            url::Url::parse(&text).map_err(|error| format!("`{text}` is not a URL ({error})"))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
            return Err(format!(
                "`{text}` must be an http:// or https:// URL with a host"
            ));
        }
        Ok(Self(text.trim_end_matches('/').to_owned()))
    }
}

/// Serializing is only ever for showing (`prepbot config`), so credentials
/// in a URL never leave through it.
impl From<BaseUrl> for String {
    fn from(url: BaseUrl) -> Self {
        url.redacted()
    }
}

/// Settings could not be loaded; the message names the key and its source.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

impl Settings {
    /// Loads settings from `file` (or `./config.toml` if it exists) and the
    /// process environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let file = match file {
            Some(path) if !path.exists() => {
                return Err(ConfigError(format!(
                    "config file `{}` does not exist",
                    path.display()
                )));
            }
            Some(path) if path.is_dir() => {
                return Err(ConfigError(format!(
                    "config file `{}` is a folder; name a TOML file such as config.toml",
                    path.display()
                )));
            }
            Some(path) if !path.is_file() => {
                return Err(ConfigError(format!(
                    "config file `{}` is not a regular file; name a TOML file such as config.toml",
                    path.display()
                )));
            }
            Some(path) => Some(path.to_path_buf()),
            None => Some(PathBuf::from(DEFAULT_CONFIG_FILE)).filter(|path| path.is_file()),
        };
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(path) = &file {
            figment = figment.merge(Toml::file_exact(path));
        }
        figment = figment.merge(Env::prefixed(ENV_PREFIX).split("__"));
        let settings: Settings = figment.extract().map_err(describe)?;
        settings.check_together(&figment)?;
        Ok(settings)
    }

    /// Rules between settings, which no single key can check alone.
    fn check_together(&self, figment: &Figment) -> Result<(), ConfigError> {
        let (first, max) = (self.daily.retry_first_seconds, self.daily.retry_max_seconds);
        if first > max {
            let key = "daily.retry_first_seconds";
            return Err(ConfigError(format!(
                "invalid value for `{key}`{}: the first retry ({first} s) waits longer than \
                 `daily.retry_max_seconds` ({max} s) allows; make it at most {max}",
                source_of(
                    figment.find_metadata(key),
                    &["daily", "retry_first_seconds"]
                )
            )));
        }
        if self.judge.kind == JudgeKind::Llm {
            let missing = [
                ("judge.base_url", self.judge.base_url.is_none()),
                (
                    "judge.model",
                    self.judge
                        .model
                        .as_deref()
                        .is_none_or(|m| m.trim().is_empty()),
                ),
            ];
            if let Some((key, _)) = missing.iter().find(|(_, missing)| *missing) {
                return Err(ConfigError(format!(
                    "`judge.kind` is \"llm\"{}, which needs `{key}` too: the endpoint's base URL \
                     (such as http://127.0.0.1:11434/v1 for Ollama) and the model name it knows",
                    source_of(figment.find_metadata("judge.kind"), &["judge", "kind"])
                )));
            }
        }
        Ok(())
    }

    /// The settings as TOML, for `prepbot config`.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self)
            .unwrap_or_else(|error| format!("# cannot show settings: {error}\n"))
    }
}

/// One line per fault: what is wrong, with which key, from which source.
fn describe(error: figment::Error) -> ConfigError {
    let lines: Vec<String> = error
        .into_iter()
        .map(|fault| describe_one(&fault))
        .collect();
    ConfigError(lines.join("\n"))
}

/// " in config.toml", " from environment variable PREPBOT__…", or nothing
/// for a built-in default.
fn source_of(metadata: Option<&figment::Metadata>, path: &[&str]) -> String {
    match metadata.map(|meta| (&meta.source, &meta.name)) {
        Some((Some(figment::Source::File(file)), _)) => format!(" in {}", file.display()),
        // figment names env sources by their lowercased key; the operator
        // typed the variable, so name that.
        Some((_, name)) if name.contains("environment") => {
            format!(
                " from environment variable {ENV_PREFIX}{}",
                path.join("__").to_uppercase()
            )
        }
        Some((_, name)) if name.contains("default") => String::new(),
        Some((_, name)) => format!(" in {name}"),
        None => String::new(),
    }
}

fn describe_one(fault: &figment::Error) -> String {
    let key = fault.path.join(".");
    let path: Vec<&str> = fault.path.iter().map(String::as_str).collect();
    let source = source_of(fault.metadata.as_ref(), &path);
    match &fault.kind {
        figment::error::Kind::UnknownField(field, expected) => {
            let section = fault
                .path
                .iter()
                .take(fault.path.len().saturating_sub(1))
                .cloned()
                .collect::<Vec<_>>();
            let section = if section.is_empty() {
                "the top level".to_owned()
            } else {
                format!("[{}]", section.join("."))
            };
            let expected = expected.join(", ");
            let hint = if field.contains("token") || field.contains("secret") {
                format!(
                    "; tokens are read only from the environment ({})",
                    Secrets::NAMES.join(", ")
                )
            } else {
                String::new()
            };
            format!(
                "unknown setting `{field}` in {section}{source}; the settings there are: {expected}{hint}"
            )
        }
        figment::error::Kind::UnknownVariant(found, expected) => {
            format!(
                "invalid value for `{key}`{source}: `{found}` is not one of {}",
                expected.join(", ")
            )
        }
        // A file that is not TOML at all has no key to name.
        kind if key.is_empty() => format!("the settings{source} could not be read: {kind}"),
        kind if key.ends_with("listen") => {
            format!(
                "invalid value for `{key}`{source}: {kind}; write it as ip:port, such as 127.0.0.1:9100"
            )
        }
        figment::error::Kind::InvalidType(actual, expected) => {
            format!(
                "invalid value for `{key}`{source}: found {actual}, expected {}",
                in_words(expected)
            )
        }
        figment::error::Kind::InvalidValue(actual, expected) => {
            format!(
                "invalid value for `{key}`{source}: found {actual}, expected {}",
                in_words(expected)
            )
        }
        kind => format!("invalid value for `{key}`{source}: {kind}"),
    }
}

/// serde's "expected" as an operator reads it: "struct DatabaseSettings"
/// is a section of settings, "u32" a whole number.
fn in_words(expected: &str) -> String {
    let expected = expected.trim();
    if expected.starts_with("struct ") || expected == "a map" {
        return "a section of settings (a [table] in TOML)".to_owned();
    }
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number of 0 or more".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_owned(),
        "a nonzero u32" | "a nonzero u64" | "a nonzero u16" | "a nonzero u8"
        | "a nonzero usize" => "a whole number above 0".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a boolean" => "true or false".to_owned(),
        "a string" => "text in quotes".to_owned(),
        other => other.to_owned(),
    }
}

/// A token or signing secret. It prints as `[redacted]` so that it never
/// reaches a log, even through `{:?}` on a struct that holds it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the one call that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The platform credentials, from the environment only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    pub discord_token: Option<Secret>,
    pub slack_bot_token: Option<Secret>,
    pub slack_app_token: Option<Secret>,
    pub slack_signing_secret: Option<Secret>,
    /// Sent as a bearer token to the LLM judge's endpoint, if set.
    pub judge_api_key: Option<Secret>,
}

impl Secrets {
    pub const DISCORD_TOKEN: &str = "DISCORD_TOKEN";
    pub const SLACK_BOT_TOKEN: &str = "SLACK_BOT_TOKEN";
    pub const SLACK_APP_TOKEN: &str = "SLACK_APP_TOKEN";
    pub const SLACK_SIGNING_SECRET: &str = "SLACK_SIGNING_SECRET";
    pub const JUDGE_API_KEY: &str = "PREPBOT_JUDGE_API_KEY";
    pub const NAMES: [&str; 5] = [
        Self::DISCORD_TOKEN,
        Self::SLACK_BOT_TOKEN,
        Self::SLACK_APP_TOKEN,
        Self::SLACK_SIGNING_SECRET,
        Self::JUDGE_API_KEY,
    ];

    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads each secret through `lookup`; an empty value counts as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let read = |name: &str| {
            lookup(name)
                .map(|value| value.trim().to_owned())
                .filter(|v| !v.is_empty())
                .map(Secret)
        };
        Self {
            discord_token: read(Self::DISCORD_TOKEN),
            slack_bot_token: read(Self::SLACK_BOT_TOKEN),
            slack_app_token: read(Self::SLACK_APP_TOKEN),
            slack_signing_secret: read(Self::SLACK_SIGNING_SECRET),
            judge_api_key: read(Self::JUDGE_API_KEY),
        }
    }

    /// Refuses a secret that cannot be one: a token is a single line of
    /// visible characters, and one pasted with a line break in it would be
    /// refused by every request, over and over, with nothing said at start.
    pub fn check(&self) -> Result<(), ConfigError> {
        let named = [
            (Self::DISCORD_TOKEN, &self.discord_token),
            (Self::SLACK_BOT_TOKEN, &self.slack_bot_token),
            (Self::SLACK_APP_TOKEN, &self.slack_app_token),
            (Self::SLACK_SIGNING_SECRET, &self.slack_signing_secret),
            (Self::JUDGE_API_KEY, &self.judge_api_key),
        ];
        let faults: Vec<String> = named
            .iter()
            .filter_map(|(name, secret)| {
                let value = secret.as_ref()?.expose();
                let bad = value
                    .chars()
                    .find(|c| c.is_whitespace() || c.is_control())?;
                let what = match bad {
                    '\n' | '\r' => "a line break",
                    c if c.is_whitespace() => "a space",
                    _ => "a control character",
                };
                Some(format!(
                    "environment variable {name} holds {what}, which no token has; copy the \
                     token again as one line"
                ))
            })
            .collect();
        if faults.is_empty() {
            Ok(())
        } else {
            Err(ConfigError(faults.join("\n")))
        }
    }

    /// Slack's credentials for `mode`, checked: `None` when Slack is not
    /// configured (no bot token), an error naming the variable when one is
    /// missing or has the wrong shape.
    pub fn slack(&self, mode: SlackMode) -> Result<Option<SlackCredentials>, ConfigError> {
        let Some(bot) = &self.slack_bot_token else {
            return match (&self.slack_app_token, &self.slack_signing_secret) {
                (None, None) => Ok(None),
                _ => Err(ConfigError(format!(
                    "{} is not set, but other Slack secrets are; set it to the bot token \
                     (xoxb-...) from the Slack app's OAuth & Permissions page",
                    Self::SLACK_BOT_TOKEN
                ))),
            };
        };
        if !bot.expose().starts_with("xoxb-") {
            return Err(ConfigError(format!(
                "{} must be a bot token, which starts with xoxb- (a user token xoxp- or an \
                 app token xapp- does not work here)",
                Self::SLACK_BOT_TOKEN
            )));
        }
        let app = match (mode, &self.slack_app_token) {
            (SlackMode::Socket, None) => {
                return Err(ConfigError(format!(
                    "Socket Mode (slack.mode = \"socket\") needs {} set to an app-level token \
                     (xapp-...) with the connections:write scope",
                    Self::SLACK_APP_TOKEN
                )));
            }
            (_, Some(app)) if !app.expose().starts_with("xapp-") => {
                return Err(ConfigError(format!(
                    "{} must be an app-level token, which starts with xapp-",
                    Self::SLACK_APP_TOKEN
                )));
            }
            (_, app) => app.clone(),
        };
        let signing_secret = match (mode, &self.slack_signing_secret) {
            (SlackMode::Http, None) => {
                return Err(ConfigError(format!(
                    "HTTP mode (slack.mode = \"http\") needs {} set to the app's signing secret \
                     (Basic Information page), to verify each request comes from Slack",
                    Self::SLACK_SIGNING_SECRET
                )));
            }
            (_, secret) => secret.clone(),
        };
        Ok(Some(SlackCredentials {
            bot_token: bot.clone(),
            app_token: app,
            signing_secret,
        }))
    }

    /// Which secrets are set, by variable name, for `prepbot config`.
    pub fn presence(&self) -> [(&'static str, bool); 5] {
        [
            (Self::DISCORD_TOKEN, self.discord_token.is_some()),
            (Self::SLACK_BOT_TOKEN, self.slack_bot_token.is_some()),
            (Self::SLACK_APP_TOKEN, self.slack_app_token.is_some()),
            (
                Self::SLACK_SIGNING_SECRET,
                self.slack_signing_secret.is_some(),
            ),
            (Self::JUDGE_API_KEY, self.judge_api_key.is_some()),
        ]
    }
}

/// Slack's secrets, checked by `Secrets::slack`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlackCredentials {
    /// `xoxb-…`, for the Web API.
    pub bot_token: Secret,
    /// `xapp-…`, for Socket Mode; always set in Socket Mode.
    pub app_token: Option<Secret>,
    /// Verifies HTTP mode's requests; always set in HTTP mode.
    pub signing_secret: Option<Secret>,
}
