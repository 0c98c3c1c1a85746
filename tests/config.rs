//! Settings layer defaults, then `config.toml`, then `PREPBOT__` variables;
//! bad values name their key and source; secrets never print.

// figment::Jail closures return figment::Error, which is large by figment's
// design; boxing it is not ours to do.
#![allow(clippy::result_large_err)]

use figment::Jail;
use prepbot::config::{DatabaseUrl, LogFormat, Secret, Secrets, Settings, SlackMode};
use prepbot::store::Store;

#[test]
fn with_no_file_and_no_variables_the_defaults_apply() {
    Jail::expect_with(|_jail| {
        let settings = Settings::load(None).expect("defaults load");
        assert_eq!(settings, Settings::default());
        assert_eq!(settings.database.path.to_str(), Some("prepbot.db"));
        assert_eq!(settings.bank.questions_dir.to_str(), Some("questions"));
        assert_eq!(settings.time.default_timezone.to_string(), "UTC");
        assert_eq!(settings.time.day_start_hour.hour(), 4);
        assert_eq!(settings.slack.mode, SlackMode::Socket);
        Ok(())
    });
}

#[test]
fn config_toml_in_the_working_folder_overrides_the_defaults() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "config.toml",
            r#"
            [database]
            path = "data/study.db"
            [time]
            default_timezone = "Europe/Berlin"
            day_start_hour = 5
            [logging]
            format = "json"
            "#,
        )?;
        let settings = Settings::load(None).expect("file loads");
        assert_eq!(settings.database.path.to_str(), Some("data/study.db"));
        assert_eq!(settings.time.default_timezone.to_string(), "Europe/Berlin");
        assert_eq!(settings.time.day_start_hour.hour(), 5);
        assert_eq!(settings.logging.format, LogFormat::Json);
        // What the file does not mention keeps its default.
        assert_eq!(settings.bank.questions_dir.to_str(), Some("questions"));
        Ok(())
    });
}

#[test]
fn environment_variables_override_the_file() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "custom.toml",
            "[time]\ndefault_timezone = \"Europe/Berlin\"\nday_start_hour = 5\n",
        )?;
        jail.set_env("PREPBOT__TIME__DEFAULT_TIMEZONE", "America/New_York");
        jail.set_env("PREPBOT__DISCORD__API_BASE_URL", "http://127.0.0.1:8080/");
        let settings = Settings::load(Some("custom.toml".as_ref())).expect("file and env load");
        assert_eq!(
            settings.time.default_timezone.to_string(),
            "America/New_York"
        );
        assert_eq!(
            settings.time.day_start_hour.hour(),
            5,
            "the file still counts where env is silent"
        );
        let base = settings.discord.api_base_url.expect("base url set");
        assert_eq!(
            base.as_str(),
            "http://127.0.0.1:8080",
            "the trailing slash is dropped"
        );
        Ok(())
    });
}

#[test]
fn an_unknown_time_zone_names_the_variable_it_came_from() {
    Jail::expect_with(|jail| {
        jail.set_env("PREPBOT__TIME__DEFAULT_TIMEZONE", "Mars/Olympus");
        let error = Settings::load(None).unwrap_err().to_string();
        assert_eq!(
            error,
            "invalid value for `time.default_timezone` from environment variable PREPBOT__TIME__DEFAULT_TIMEZONE: \
             `Mars/Olympus` is not a known time zone; use an IANA name such as `Europe/Berlin` or `UTC`"
        );
        Ok(())
    });
}

#[test]
fn discord_ids_and_rates_of_zero_are_refused_with_their_key() {
    Jail::expect_with(|jail| {
        jail.set_env("PREPBOT__DISCORD__DEV_GUILD_ID", "0");
        let error = Settings::load(None).unwrap_err().to_string();
        assert_eq!(
            error,
            "invalid value for `discord.dev_guild_id` from environment variable PREPBOT__DISCORD__DEV_GUILD_ID: \
             found unsigned int `0`, expected a whole number above 0"
        );
        jail.set_env("PREPBOT__DISCORD__DEV_GUILD_ID", "123456789012345678");
        jail.create_file("config.toml", "[discord]\nrequests_per_second = 0\n")?;
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(
            error.starts_with("invalid value for `discord.requests_per_second` in "),
            "{error}"
        );
        assert!(
            error.ends_with("config.toml: found signed int `0`, expected a whole number above 0"),
            "{error}"
        );
        Ok(())
    });
}

#[test]
fn an_unknown_key_in_the_file_names_the_key_and_the_file() {
    Jail::expect_with(|jail| {
        jail.create_file("config.toml", "[logging]\ncolour = \"always\"\n")?;
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(
            error.starts_with("unknown setting `colour` in [logging] in "),
            "{error}"
        );
        assert!(
            error.ends_with("config.toml; the settings there are: format, filter"),
            "{error}"
        );
        Ok(())
    });
}

#[test]
fn a_token_in_the_file_is_refused_because_tokens_come_only_from_the_environment() {
    Jail::expect_with(|jail| {
        jail.create_file("config.toml", "[discord]\ntoken = \"abc\"\n")?;
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(
            error.starts_with("unknown setting `token` in [discord]"),
            "{error}"
        );
        assert!(
            error.ends_with(
                "; tokens are read only from the environment \
                 (DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, \
                 PREPBOT_JUDGE_API_KEY)"
            ),
            "{error}"
        );
        assert!(
            !error.contains("abc"),
            "the refused value must not be echoed: {error}"
        );
        Ok(())
    });
}

#[test]
fn a_malformed_listen_address_is_refused() {
    Jail::expect_with(|jail| {
        jail.create_file("config.toml", "[metrics]\nlisten = \"localhost\"\n")?;
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(
            error.starts_with("invalid value for `metrics.listen` in "),
            "{error}"
        );
        assert!(error.ends_with("config.toml: invalid socket address syntax; write it as ip:port, such as 127.0.0.1:9100"), "{error}");
        Ok(())
    });
}

#[test]
fn a_config_file_that_is_not_toml_says_where_it_breaks() {
    Jail::expect_with(|jail| {
        jail.create_file("config.toml", "[time\n")?;
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(error.starts_with("the settings in "), "{error}");
        assert!(
            error.contains("config.toml could not be read: TOML parse error at line 1, column 6"),
            "{error}"
        );
        Ok(())
    });
}

#[test]
fn a_base_url_that_is_not_http_is_refused() {
    Jail::expect_with(|jail| {
        jail.set_env("PREPBOT__SLACK__API_BASE_URL", "ftp://files.example");
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(error.contains("`slack.api_base_url`"), "{error}");
        assert!(
            error.contains("must be an http:// or https:// URL"),
            "{error}"
        );
        Ok(())
    });
}

#[test]
fn a_slack_mode_that_does_not_exist_lists_the_ones_that_do() {
    Jail::expect_with(|jail| {
        jail.set_env("PREPBOT__SLACK__MODE", "webhook");
        let error = Settings::load(None).unwrap_err().to_string();
        assert_eq!(
            error,
            "invalid value for `slack.mode` from environment variable PREPBOT__SLACK__MODE: \
             `webhook` is not one of socket, http"
        );
        Ok(())
    });
}

#[test]
fn a_day_start_hour_outside_the_day_is_refused() {
    Jail::expect_with(|jail| {
        jail.set_env("PREPBOT__TIME__DAY_START_HOUR", "24");
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(error.contains("`time.day_start_hour`"), "{error}");
        assert!(error.contains("0 to 23"), "{error}");
        Ok(())
    });
}

#[test]
fn a_log_filter_that_does_not_parse_is_refused() {
    Jail::expect_with(|jail| {
        jail.set_env("PREPBOT__LOGGING__FILTER", "prepbot=loud");
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(error.contains("`logging.filter`"), "{error}");
        Ok(())
    });
}

#[test]
fn a_named_config_file_that_does_not_exist_is_an_error() {
    Jail::expect_with(|_jail| {
        let error = Settings::load(Some("missing.toml".as_ref()))
            .unwrap_err()
            .to_string();
        assert_eq!(error, "config file `missing.toml` does not exist");
        Ok(())
    });
}

#[test]
fn secrets_print_as_redacted_even_inside_debug_output() {
    let secrets = Secrets::from_lookup(|name| match name {
        "DISCORD_TOKEN" => Some("discord-secret-value".to_owned()),
        "SLACK_BOT_TOKEN" => Some("xoxb-secret-value".to_owned()),
        "SLACK_APP_TOKEN" => Some("   ".to_owned()),
        _ => None,
    });
    let shown = format!("{secrets:?} {}", secrets.discord_token.as_ref().unwrap());
    assert!(!shown.contains("secret-value"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert_eq!(
        secrets.discord_token.as_ref().map(Secret::expose),
        Some("discord-secret-value")
    );
    assert_eq!(
        secrets.slack_app_token, None,
        "a blank variable counts as unset"
    );
    assert_eq!(secrets.slack_signing_secret, None);
}

#[test]
fn the_example_config_loads_and_shows_the_defaults() {
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
            .expect("config.example.toml is committed");
    Jail::expect_with(|jail| {
        jail.create_file("config.toml", &example)?;
        assert_eq!(
            Settings::load(None).expect("the example loads"),
            Settings::default()
        );
        Ok(())
    });
}

#[test]
fn the_example_config_documents_every_setting() {
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
            .expect("config.example.toml is committed");
    // Fill every optional setting so the serialised form names them all.
    let mut settings = Settings::default();
    settings.discord.api_base_url = Some("http://127.0.0.1:1".to_owned().try_into().unwrap());
    settings.discord.dev_guild_id = std::num::NonZeroU64::new(1);
    settings.slack.http_listen = Some("127.0.0.1:1".parse().unwrap());
    settings.slack.api_base_url = settings.discord.api_base_url.clone();
    settings.metrics.listen = settings.slack.http_listen;
    settings.judge.base_url = settings.discord.api_base_url.clone();
    settings.judge.model = Some("llama3.1:8b".to_owned());
    let all: toml::Table = toml::from_str(&settings.to_toml()).unwrap();
    for (section, keys) in &all {
        assert!(
            example.contains(&format!("[{section}]\n")),
            "[{section}] is not in config.example.toml"
        );
        for key in keys.as_table().unwrap().keys() {
            let documented = example.lines().any(|line| {
                let line = line.trim_start_matches('#').trim_start();
                line.starts_with(&format!("{key} = "))
            });
            assert!(
                documented,
                "`{section}.{key}` is not in config.example.toml"
            );
        }
    }
}

#[test]
fn a_token_with_a_line_break_inside_is_refused_by_name() {
    let secrets = Secrets::from_lookup(|name| {
        (name == Secrets::DISCORD_TOKEN).then(|| "abc.def\nghi".to_owned())
    });
    let error = secrets.check().unwrap_err().to_string();
    assert_eq!(
        error,
        "environment variable DISCORD_TOKEN holds a line break, which no token has; copy the token again as one line"
    );
    assert!(!error.contains("abc"), "the token itself is never shown");
    let clean = Secrets::from_lookup(|_| Some("  abc.def  \n".to_owned()));
    assert!(clean.check().is_ok(), "surrounding white space is trimmed");
}

#[test]
fn retry_waits_of_zero_or_a_first_wait_above_the_longest_are_refused() {
    Jail::expect_with(|jail| {
        jail.set_env("PREPBOT__DAILY__RETRY_MAX_SECONDS", "0");
        let error = Settings::load(None).unwrap_err().to_string();
        assert_eq!(
            error,
            "invalid value for `daily.retry_max_seconds` from environment variable PREPBOT__DAILY__RETRY_MAX_SECONDS: found unsigned int `0`, expected a whole number above 0"
        );
        jail.set_env("PREPBOT__DAILY__RETRY_MAX_SECONDS", "10");
        jail.set_env("PREPBOT__DAILY__RETRY_FIRST_SECONDS", "60");
        let error = Settings::load(None).unwrap_err().to_string();
        assert_eq!(
            error,
            "invalid value for `daily.retry_first_seconds` from environment variable PREPBOT__DAILY__RETRY_FIRST_SECONDS: the first retry (60 s) waits longer than `daily.retry_max_seconds` (10 s) allows; make it at most 10"
        );
        Ok(())
    });
}

#[test]
fn a_config_folder_or_device_is_named_for_what_it_is() {
    Jail::expect_with(|jail| {
        jail.create_dir("settings")?;
        let error = Settings::load(Some("settings".as_ref()))
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "config file `settings` is a folder; name a TOML file such as config.toml"
        );
        let error = Settings::load(Some("/dev/zero".as_ref()))
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "config file `/dev/zero` is not a regular file; name a TOML file such as config.toml"
        );
        Ok(())
    });
}

#[test]
fn type_errors_speak_of_settings_and_numbers_not_rust_types() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "config.toml",
            "database = 3\n[review]\nnew_per_day = \"five\"\n",
        )?;
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(!error.contains("struct"), "{error}");
        assert!(!error.contains("u32"), "{error}");
        assert!(
            error.contains("expected a section of settings (a [table] in TOML)")
                || error.contains("expected a whole number of 0 or more"),
            "{error}"
        );
        Ok(())
    });
}

#[test]
fn a_password_in_a_url_setting_is_never_shown() {
    Jail::expect_with(|jail| {
        jail.set_env(
            "PREPBOT__DISCORD__API_BASE_URL",
            "http://relay:hunter2@127.0.0.1:8080/",
        );
        let settings = Settings::load(None).expect("a valid URL");
        let shown = settings.to_toml();
        assert!(!shown.contains("hunter2"), "{shown}");
        let debugged = format!("{settings:?}");
        assert!(!debugged.contains("hunter2"), "{debugged}");
        assert!(
            debugged.contains("relay:[redacted]@127.0.0.1"),
            "{debugged}"
        );
        assert!(
            shown.contains("http://relay:[redacted]@127.0.0.1:8080"),
            "{shown}"
        );
        let url = settings.discord.api_base_url.unwrap();
        assert_eq!(url.to_string(), "http://relay:[redacted]@127.0.0.1:8080");
        assert_eq!(url.as_str(), "http://relay:hunter2@127.0.0.1:8080");
        Ok(())
    });
}

#[test]
fn slack_secrets_are_checked_for_the_mode_with_the_variable_named() {
    use prepbot::config::{Secrets, SlackMode};
    let secrets = |pairs: &[(&str, &str)]| {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Secrets::from_lookup(move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    };
    assert_eq!(secrets(&[]).slack(SlackMode::Socket).unwrap(), None);
    let socket = secrets(&[("SLACK_BOT_TOKEN", "xoxb-1"), ("SLACK_APP_TOKEN", "xapp-1")])
        .slack(SlackMode::Socket)
        .unwrap()
        .expect("Slack is configured");
    assert_eq!(socket.bot_token.expose(), "xoxb-1");
    let only_app = secrets(&[("SLACK_APP_TOKEN", "xapp-1")])
        .slack(SlackMode::Socket)
        .unwrap_err()
        .to_string();
    assert!(
        only_app.contains("SLACK_BOT_TOKEN is not set"),
        "{only_app}"
    );
    let wrong_app = secrets(&[("SLACK_BOT_TOKEN", "xoxb-1"), ("SLACK_APP_TOKEN", "xoxb-2")])
        .slack(SlackMode::Socket)
        .unwrap_err()
        .to_string();
    assert!(
        wrong_app.contains("SLACK_APP_TOKEN must be an app-level token"),
        "{wrong_app}"
    );
    let http = secrets(&[("SLACK_BOT_TOKEN", "xoxb-1")])
        .slack(SlackMode::Http)
        .unwrap_err()
        .to_string();
    assert!(http.contains("needs SLACK_SIGNING_SECRET"), "{http}");
    assert!(
        secrets(&[("SLACK_BOT_TOKEN", "xoxb-1"), ("SLACK_SIGNING_SECRET", "s")])
            .slack(SlackMode::Http)
            .unwrap()
            .is_some()
    );
}

#[test]
fn an_llm_judge_without_an_endpoint_or_model_is_refused_naming_what_is_missing() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "config.toml",
            "[judge]\nkind = \"llm\"\nmodel = \"llama3.1:8b\"\n",
        )?;
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(error.starts_with("`judge.kind` is \"llm\" in "), "{error}");
        assert!(
            error.contains("which needs `judge.base_url` too"),
            "{error}"
        );

        jail.create_file(
            "config.toml",
            "[judge]\nkind = \"llm\"\nbase_url = \"http://127.0.0.1:11434/v1/\"\n",
        )?;
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(error.contains("which needs `judge.model` too"), "{error}");

        jail.set_env("PREPBOT__JUDGE__MODEL", "llama3.1:8b");
        let settings = Settings::load(None).expect("a complete [judge] loads");
        assert_eq!(
            settings.judge.base_url.unwrap().as_str(),
            "http://127.0.0.1:11434/v1",
            "the trailing slash is dropped"
        );
        Ok(())
    });
}

#[test]
fn a_judge_kind_that_does_not_exist_is_refused_with_the_kinds_that_do() {
    Jail::expect_with(|jail| {
        jail.create_file("config.toml", "[judge]\nkind = \"gpt\"\n")?;
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(error.contains("judge.kind"), "{error}");
        assert!(
            error.contains("keypoints") && error.contains("llm"),
            "{error}"
        );

        jail.create_file("config.toml", "[judge]\nmax_concurrent = 0\n")?;
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(error.contains("judge.max_concurrent"), "{error}");
        assert!(
            error.ends_with("expected a whole number above 0"),
            "{error}"
        );
        Ok(())
    });
}

#[test]
fn a_sqlite_database_url_names_the_file_and_wins_over_the_path() {
    Jail::expect_with(|jail| {
        jail.create_file("config.toml", "[database]\npath = \"old.db\"\n")?;
        jail.set_env("PREPBOT__DATABASE__URL", "sqlite://data/study.db");
        let settings = Settings::load(None).expect("a SQLite URL");
        assert_eq!(
            settings.database.location(),
            DatabaseUrl::Sqlite("data/study.db".into())
        );
        assert_eq!(
            settings.database.sqlite_file().unwrap().to_str(),
            Some("data/study.db")
        );
        assert!(
            settings
                .to_toml()
                .contains("url = \"sqlite://data/study.db\"")
        );
        jail.set_env("PREPBOT__DATABASE__URL", "sqlite:///srv/prepbot.db");
        let settings = Settings::load(None).expect("an absolute path");
        assert_eq!(
            settings.database.sqlite_file().unwrap().to_str(),
            Some("/srv/prepbot.db")
        );
        Ok(())
    });
}

#[test]
fn without_a_url_the_database_path_keeps_working() {
    Jail::expect_with(|jail| {
        jail.set_env("PREPBOT__DATABASE__PATH", "data/study.db");
        let settings = Settings::load(None).expect("a path");
        assert_eq!(
            settings.database.location(),
            DatabaseUrl::Sqlite("data/study.db".into())
        );
        Ok(())
    });
}

#[test]
fn a_postgres_url_hides_its_password_and_is_refused_until_prepbot_runs_on_postgres() {
    Jail::expect_with(|jail| {
        jail.set_env(
            "PREPBOT__DATABASE__URL",
            "postgres://prep:hunter2@db.example:5432/prepbot",
        );
        let settings = Settings::load(None).expect("a PostgreSQL URL is a valid setting");
        let shown = format!("{}\n{settings:?}", settings.to_toml());
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("postgres://prep:[redacted]@db.example:5432/prepbot"));
        let refused = tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(Store::connect(&settings.database.location()))
            .expect_err("PostgreSQL is not supported yet");
        let message = format!("{refused:#}");
        assert!(message.contains("does not support"), "{message}");
        assert!(!message.contains("hunter2"), "{message}");
        let refused = settings.database.sqlite_file().expect_err("no SQLite file");
        assert!(format!("{refused:#}").contains("PostgreSQL"));
        Ok(())
    });
}

#[test]
fn a_database_url_of_another_kind_is_refused_with_the_kinds_that_work() {
    Jail::expect_with(|jail| {
        jail.set_env(
            "PREPBOT__DATABASE__URL",
            "mysql://prep:hunter2@db.example/prepbot",
        );
        let error = Settings::load(None).expect_err("MySQL is not a database prepbot uses");
        let message = error.to_string();
        assert!(message.contains("PREPBOT__DATABASE__URL"), "{message}");
        assert!(message.contains("sqlite://"), "{message}");
        assert!(message.contains("postgres://"), "{message}");
        assert!(!message.contains("hunter2"), "{message}");
        jail.set_env("PREPBOT__DATABASE__URL", "sqlite://:memory:");
        let error = Settings::load(None).expect_err("not a file");
        assert!(error.to_string().contains("is not a file"), "{error}");
        Ok(())
    });
}
