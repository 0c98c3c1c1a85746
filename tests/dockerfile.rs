//! The Dockerfile and compose.yaml, checked as text: there is no Docker
//! engine where prepbot is built and tested, so what can be read off the
//! files is checked here, and `scripts/dockerfile-build-steps` (run by
//! `.ci/run`) performs the image's two build steps without Docker.

use std::collections::HashMap;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One instruction: its keyword (upper case) and the rest of its line,
/// continuation lines joined.
#[derive(Debug)]
struct Instruction {
    keyword: String,
    args: String,
}

/// The Dockerfile's stages, each the instructions after its FROM.
fn stages() -> Vec<Vec<Instruction>> {
    let text = read("Dockerfile");
    let mut stages: Vec<Vec<Instruction>> = Vec::new();
    let mut line = String::new();
    for raw in text.lines() {
        if raw.trim_start().starts_with('#') || (line.is_empty() && raw.trim().is_empty()) {
            continue;
        }
        match raw.strip_suffix('\\') {
            Some(part) => {
                line.push_str(part);
                continue;
            }
            None => line.push_str(raw),
        }
        let joined = std::mem::take(&mut line);
        let (keyword, args) = joined.trim().split_once(' ').unwrap_or((joined.trim(), ""));
        let instruction = Instruction {
            keyword: keyword.to_uppercase(),
            args: args.split_whitespace().collect::<Vec<_>>().join(" "),
        };
        if instruction.keyword == "FROM" {
            stages.push(Vec::new());
        }
        stages
            .last_mut()
            .expect("the Dockerfile starts with FROM")
            .push(instruction);
    }
    stages
}

fn runtime() -> Vec<Instruction> {
    stages().pop().expect("a runtime stage")
}

fn all<'a>(stage: &'a [Instruction], keyword: &str) -> Vec<&'a str> {
    stage
        .iter()
        .filter(|i| i.keyword == keyword)
        .map(|i| i.args.as_str())
        .collect()
}

/// The runtime stage's ENV settings (`ENV A=1 B=2` form).
fn env(stage: &[Instruction]) -> HashMap<String, String> {
    all(stage, "ENV")
        .iter()
        .flat_map(|args| args.split_whitespace())
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
}

#[test]
fn the_image_runs_prepbot_as_a_user_that_is_not_root() {
    let stage = runtime();
    let users = all(&stage, "USER");
    let user = users.last().expect("the runtime stage sets USER");
    assert!(
        !["root", "0", "0:0"].contains(user),
        "the image runs as {user}"
    );
    let run = all(&stage, "RUN").join(" ");
    assert!(
        run.contains("useradd") && run.contains(user),
        "the user {user} is created in the image: {run}"
    );
    let user_at = stage.iter().rposition(|i| i.keyword == "USER").unwrap();
    let entry_at = stage
        .iter()
        .position(|i| i.keyword == "ENTRYPOINT")
        .unwrap();
    assert!(user_at < entry_at, "USER comes before the ENTRYPOINT");
}

#[test]
fn the_image_checks_its_health_with_prepbot_itself_on_the_metrics_port() {
    let stage = runtime();
    let checks = all(&stage, "HEALTHCHECK");
    assert_eq!(checks.len(), 1, "one HEALTHCHECK: {checks:?}");
    let (_, command) = checks[0]
        .split_once("CMD ")
        .expect("the HEALTHCHECK runs a command");
    assert_eq!(
        command.trim(),
        r#"["prepbot", "health"]"#,
        "prepbot answers its own health check, so the image needs no curl"
    );
    let listen = env(&stage)
        .get("PREPBOT__METRICS__LISTEN")
        .cloned()
        .expect("metrics.listen is set, or /healthz would not be served");
    let port = listen.rsplit(':').next().unwrap();
    assert!(
        all(&stage, "EXPOSE").iter().any(|ports| ports
            .split_whitespace()
            .any(|p| p.trim_end_matches("/tcp") == port)),
        "the metrics port {port} is exposed"
    );
    let health = std::process::Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .args(["health", "--help"])
        .output()
        .expect("prepbot runs");
    assert!(health.status.success(), "`prepbot health` is a command");
}

#[test]
fn the_image_keeps_its_database_in_the_data_volume() {
    let stage = runtime();
    let volumes = all(&stage, "VOLUME");
    assert!(
        volumes.iter().any(|v| v
            .split_whitespace()
            .any(|v| v.trim_matches(['[', ']', '"', ',']) == "/data")),
        "VOLUME /data: {volumes:?}"
    );
    let database = env(&stage)
        .get("PREPBOT__DATABASE__PATH")
        .cloned()
        .expect("the database path is set");
    assert!(database.starts_with("/data/"), "the database is {database}");
}

#[test]
fn the_image_carries_the_question_bank_it_is_told_to_load() {
    let stage = runtime();
    let bank = env(&stage)
        .get("PREPBOT__BANK__QUESTIONS_DIR")
        .cloned()
        .expect("the bank's folder is set");
    let copies = all(&stage, "COPY");
    assert!(
        copies.iter().any(|c| *c == format!("questions {bank}")),
        "the bank is copied to {bank}: {copies:?}"
    );
    let copied = copies
        .iter()
        .any(|c| c.starts_with("--from=build") && c.contains("/release/prepbot"));
    assert!(copied, "the binary comes from the build stage: {copies:?}");
}

#[test]
fn the_migrations_are_built_into_the_binary_from_the_build_stage() {
    let build = stages().into_iter().next().unwrap();
    assert!(
        all(&build, "COPY")
            .iter()
            .any(|c| c.starts_with("migrations ")),
        "the build stage copies migrations/ for sqlx::migrate!"
    );
    assert!(
        read("src/store/mod.rs").contains("sqlx::migrate!()"),
        "the migrations are embedded, so the runtime stage needs none"
    );
}

#[test]
fn every_file_the_build_copies_exists_and_is_not_ignored() {
    let ignored = read(".dockerignore");
    for stage in stages() {
        for copy in all(&stage, "COPY") {
            if copy.starts_with("--from=") {
                continue;
            }
            let parts: Vec<&str> = copy.split_whitespace().collect();
            for source in &parts[..parts.len() - 1] {
                assert!(
                    std::path::Path::new(ROOT).join(source).exists(),
                    "COPY {source}: no such file in the repository"
                );
                assert!(
                    !ignored.lines().any(|line| line.trim() == *source),
                    "COPY {source}, which .dockerignore leaves out"
                );
            }
        }
    }
}

#[test]
fn compose_runs_the_image_with_a_named_volume_its_env_file_and_the_health_check() {
    let compose = read("compose.yaml");
    for expected in [
        "build: .",
        "env_file:",
        ".env",
        "prepbot-data:/data",
        r#"test: ["CMD", "prepbot", "health"]"#,
        "volumes:\n  prepbot-data:",
    ] {
        assert!(
            compose.contains(expected),
            "compose.yaml has no `{expected}`"
        );
    }
    let ignored = read(".gitignore");
    assert!(
        ignored
            .lines()
            .any(|line| line.trim() == "/.env" || line.trim() == ".env"),
        ".env (real tokens) is git-ignored"
    );
    let example = read(".env.example");
    for name in [
        "DISCORD_TOKEN",
        "SLACK_BOT_TOKEN",
        "SLACK_APP_TOKEN",
        "PREPBOT_JUDGE_API_KEY",
    ] {
        assert!(
            example.contains(&format!("{name}=")),
            ".env.example documents {name}"
        );
    }
}
