//! Wiring: settings in, a ready engine out. `main` and the tests build the
//! very same `App`.

use std::sync::Arc;

use anyhow::Context as _;

use crate::bank::QuestionBank;
use crate::config::{Secret, Settings};
use crate::engine::{Clock, Engine, EngineConfig};
use crate::judge::LlmJudge;
use crate::store::Store;

pub struct App {
    pub settings: Settings,
    pub engine: Arc<Engine>,
}

impl App {
    /// Loads the bank (refusing a bank with faults), opens and migrates the
    /// database, and builds the engine on `clock`, with the LLM judge if
    /// the settings ask for one (and no API key).
    pub async fn build(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        Self::build_with_key(settings, clock, None).await
    }

    /// As `build`, sending `judge_key` to the LLM judge's endpoint.
    pub async fn build_with_key(
        settings: Settings,
        clock: Arc<dyn Clock>,
        judge_key: Option<Secret>,
    ) -> anyhow::Result<Self> {
        let dir = &settings.bank.questions_dir;
        let bank = QuestionBank::load(dir).map_err(|errors| {
            anyhow::anyhow!(
                "{errors}\nThe question bank in {} has faults; prepbot did not start.",
                dir.display()
            )
        })?;
        let store = Store::connect(&settings.database.location()).await?;
        let config = EngineConfig {
            default_timezone: settings.time.default_timezone,
            day_start: settings.time.day_start_hour,
            new_cards_per_day: settings.review.new_per_day,
            bank_dir: settings.bank.questions_dir.clone(),
        };
        // Seeded from the clock: draws differ from run to run, yet a test on
        // a fixed clock replays exactly.
        let seed = clock.now().timestamp_nanos_opt().unwrap_or_default() as u64;
        let mut engine = Engine::new(store, Arc::new(bank), clock, config, seed);
        if let Some(judge) = LlmJudge::from_settings(&settings.judge, judge_key)? {
            tracing::info!(endpoint = %judge.endpoint(), "typed answers are judged by the LLM judge");
            engine = engine.with_judge(Arc::new(judge));
        }
        Ok(Self {
            settings,
            engine: Arc::new(engine),
        })
    }
}

impl App {
    /// Closes the database cleanly: the write-ahead log is folded into the
    /// database file, so copying that file after a stop copies everything.
    pub async fn close(&self) {
        self.engine.store().close().await;
    }
}

/// Opens and migrates the database alone, for `prepbot migrate`.
pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let location = settings.database.location();
    let store = Store::connect(&location)
        .await
        .with_context(|| format!("migrating {location}"))?;
    store.close().await;
    Ok(())
}

/// Reloads the bank whenever the process gets SIGHUP (`kill -HUP`,
/// `systemctl reload`), logging what changed or every fault of a bank that
/// was refused. Runs until aborted.
pub fn reload_on_hangup(engine: Arc<Engine>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let mut hangups = match signal(SignalKind::hangup()) {
                Ok(hangups) => hangups,
                Err(error) => {
                    tracing::warn!(%error, "cannot listen for SIGHUP; reload the bank with /prepbot reload");
                    return;
                }
            };
            while hangups.recv().await.is_some() {
                match engine.reload_bank().await {
                    Ok(changes) => tracing::info!(
                        "SIGHUP: {}",
                        crate::wording::bank_changes(&changes).replace('\n', " ")
                    ),
                    Err(errors) => tracing::error!(
                        "SIGHUP: the bank was not reloaded, the old one keeps serving:\n{errors}"
                    ),
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = engine;
        }
    })
}
