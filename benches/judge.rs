//! What the LLM judge adds to checking one typed answer, over a fake
//! OpenAI-compatible server on 127.0.0.1, with the fake's own scripted
//! delay taken out: prompt building, the HTTP round trip on loopback,
//! reading and checking the verdict, and the bookkeeping (slots, limits).
//! The built-in checker's time through the same engine call is the baseline.
//!
//! `cargo bench --bench judge` (a plain binary: it prints a report).

#[path = "../tests/support/fake_llm.rs"]
mod fake_llm;

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use fake_llm::{FakeLlm, Scripted, verdict};
use prepbot::app::App;
use prepbot::config::{BaseUrl, JudgeKind, Settings};
use prepbot::engine::{JudgedBy, ManualClock, MemberRef, Platform, WorkspaceRef};

const ANSWERS: usize = 500;
const ANSWER: &str = "Self-attention lets every token look at every other token of the same \
sequence. Queries, keys and values all come from the same input, and the weights are a softmax \
of QK^T divided by sqrt(d_k).";

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        println!("prepbot LLM judge overhead, {ANSWERS} answers each (release build)\n");
        let baseline = per_answer(None, Duration::ZERO).await;
        report("built-in checker (no judge)", &baseline, Duration::ZERO);
        for delay in [Duration::ZERO, Duration::from_millis(20)] {
            let fake = FakeLlm::start().await;
            let times = per_answer(Some(&fake), delay).await;
            report(
                &format!("LLM judge, fake answering after {} ms", delay.as_millis()),
                &times,
                delay,
            );
        }
    });
}

async fn per_answer(fake: Option<&FakeLlm>, delay: Duration) -> Vec<Duration> {
    let folder = tempfile::tempdir().unwrap();
    let mut settings = Settings::default();
    settings.database.path = folder.path().join("bench.db");
    settings.bank.questions_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/questions").into();
    if let Some(fake) = fake {
        settings.judge.kind = JudgeKind::Llm;
        settings.judge.base_url = Some(BaseUrl::try_from(fake.base_url.clone()).unwrap());
        settings.judge.model = Some("bench".into());
        settings.judge.per_member_per_hour = NonZeroU32::new(1_000_000).unwrap();
        let answer = verdict(
            &[
                (true, Some("every token look at every other token")),
                (true, Some("look at every other token of the same sequence")),
                (
                    true,
                    Some("Queries, keys and values all come from the same input"),
                ),
                (true, Some("softmax of QK^T divided by sqrt(d_k)")),
            ],
            "Clear and complete.",
            "easy",
            None,
        );
        fake.otherwise(Scripted::After(delay, Box::new(answer)));
    }
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let app = App::build(settings, clock).await.unwrap();
    let who = MemberRef {
        workspace: WorkspaceRef {
            platform: Platform::Discord,
            external_id: "bench".into(),
            name: "bench".into(),
        },
        external_id: "ada".into(),
        display_name: "ada".into(),
    };
    let card = app.engine.quiz_question(&who, "genai-018").await.unwrap();
    // Warm the connection pool and the database first.
    for _ in 0..20 {
        app.engine
            .check_answer(&who, card.id, ANSWER)
            .await
            .unwrap();
    }
    let mut times = Vec::with_capacity(ANSWERS);
    for _ in 0..ANSWERS {
        let started = Instant::now();
        let check = app
            .engine
            .check_answer(&who, card.id, ANSWER)
            .await
            .unwrap();
        times.push(started.elapsed());
        let judged = matches!(check.judged_by, JudgedBy::Llm(_));
        assert_eq!(judged, fake.is_some(), "{:?}", check.judged_by);
    }
    app.close().await;
    times.sort();
    times
}

fn report(what: &str, times: &[Duration], delay: Duration) {
    let at = |share: f64| times[((times.len() as f64 * share) as usize).min(times.len() - 1)];
    let ms = |d: Duration| d.saturating_sub(delay).as_secs_f64() * 1e3;
    println!(
        "{what:<44} p50 {:>6.3} ms  p99 {:>6.3} ms  (the fake's delay taken out)",
        ms(at(0.50)),
        ms(at(0.99))
    );
}
