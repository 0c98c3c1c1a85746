//! Members grading through the fake Slack, for runs of the real binary
//! that break things meanwhile (the Slack kill -9 soak, the Slack platform
//! faults): each member types `/prep quiz`, clicks Good on the card, and
//! goes on whether or not prepbot answered, and the counts at the end say
//! what was answered, stored, lost and doubled.
//!
//! On Slack a grade is "answered with success" when its `response_url`
//! got the graded text ("Graded good.", or "You already graded this one"
//! for a redelivered click whose first delivery was graded): that is what
//! the member sees. A command or click sent while prepbot holds no socket
//! is not sent at all: Slack tells the member it could not reach the app
//! (`dispatch_failed`), so prepbot never heard of it.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

use super::fake_slack::{FakeSlack, FakeUser};

/// A grade click sent to prepbot.
#[derive(Debug, Clone)]
pub struct Click {
    pub envelope: String,
    /// The id of its `response_url`.
    pub respond: u64,
    pub member: String,
    pub card: i64,
    pub sent_at: Instant,
}

/// What the members did.
#[derive(Debug, Default)]
pub struct Traffic {
    pub quizzes_sent: u64,
    pub quizzes_answered: u64,
    /// Commands and clicks Slack could not send: no socket was open.
    pub not_dispatched: u64,
    pub clicks: Vec<Click>,
    /// `/prep quiz` commands sent, by their `response_url` id.
    pub quizzes: Vec<u64>,
}

/// The member ids `U0M000`, `U0M001`, … as users of the fake workspace.
pub fn members(count: u64) -> Vec<FakeUser> {
    (0..count)
        .map(|i| FakeUser::member(&format!("U0M{i:03}"), &format!("Member{i}")))
        .collect()
}

/// The action ids of every button in a message.
pub fn action_ids(message: &Value) -> Vec<String> {
    message["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|block| block["elements"].as_array().cloned().unwrap_or_default())
        .filter_map(|element| element["action_id"].as_str().map(str::to_owned))
        .collect()
}

/// Draws a quiz as `member` and clicks Good on it; `None` when prepbot did
/// not answer the quiz in time (it may be down or reconnecting).
pub async fn quiz_and_grade(
    fake: &FakeSlack,
    member: &str,
    channel: &str,
    traffic: &Mutex<Traffic>,
) -> Option<Click> {
    let Some((_, respond)) = fake.try_slash_command(member, channel, "quiz") else {
        traffic.lock().unwrap().not_dispatched += 1;
        return None;
    };
    {
        let mut traffic = traffic.lock().unwrap();
        traffic.quizzes_sent += 1;
        traffic.quizzes.push(respond);
    }
    let quiz = fake
        .response_within(respond, Duration::from_secs(2))
        .await?;
    traffic.lock().unwrap().quizzes_answered += 1;
    let reveal = action_ids(&quiz)
        .into_iter()
        .find(|id| id.starts_with("pb1:reveal:"))
        .unwrap_or_else(|| panic!("a quiz card without a reveal button: {quiz:#}"));
    let card: i64 = reveal
        .rsplit(':')
        .next()
        .and_then(|card| card.parse().ok())
        .expect("a card id at the end of the button id");
    let good = reveal.replace("reveal", "grade-good");
    let Some((envelope, respond)) = fake.try_click(member, channel, &good) else {
        traffic.lock().unwrap().not_dispatched += 1;
        return None;
    };
    let click = Click {
        envelope,
        respond,
        member: member.to_owned(),
        card,
        sent_at: Instant::now(),
    };
    traffic.lock().unwrap().clicks.push(click.clone());
    Some(click)
}

/// Members drawing a quiz and grading it Good, one after another, until
/// `stop`; whatever the bot does not answer in time is left unanswered and
/// the next member goes on.
pub async fn grade_continuously(
    fake: FakeSlack,
    members: Vec<String>,
    channels: Vec<String>,
    seed: u64,
    stop: Arc<AtomicBool>,
    traffic: Arc<Mutex<Traffic>>,
) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x9e37_79b9);
    while !stop.load(Ordering::Relaxed) {
        let member = &members[rng.gen_range(0..members.len())];
        let channel = &channels[rng.gen_range(0..channels.len())];
        match quiz_and_grade(&fake, member, channel, &traffic).await {
            // Whether it was answered is read from the fake at the end;
            // waiting here only paces the members.
            Some(click) => {
                let _ = fake
                    .response_within(click.respond, Duration::from_secs(1))
                    .await;
            }
            None => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// Whether the member saw this grade click answered with its grade.
pub fn answered_with_success(fake: &FakeSlack, click: &Click) -> bool {
    fake.responses_to(click.respond).iter().any(|reply| {
        let text = reply.to_string();
        text.contains("Graded ") || text.contains("already graded")
    })
}

/// The counts at the end of a run, against what the database holds.
#[derive(Debug, Default)]
pub struct Verdict {
    pub clicks_sent: usize,
    pub answered: usize,
    pub stored: usize,
    /// Stored though the member never saw the answer (prepbot died or the
    /// reply was lost after the grade was committed).
    pub stored_unanswered: usize,
    /// Answered with success but not stored exactly once.
    pub lost: Vec<Click>,
    /// Grades stored more than once.
    pub doubled: usize,
    /// Stored grades no member clicked.
    pub unclicked: usize,
    /// Commands and clicks whose `response_url` got more than one reply:
    /// a redelivered envelope handled twice.
    pub replies_doubled: usize,
    pub not_dispatched: u64,
    pub quizzes_sent: u64,
    pub quizzes_answered: u64,
}

/// Compares the traffic with the stored grades, (card, member id) each.
pub fn verdict(fake: &FakeSlack, traffic: &Traffic, stored: &[(i64, String)]) -> Verdict {
    let mut counts: HashMap<(i64, String), usize> = HashMap::new();
    for key in stored {
        *counts.entry(key.clone()).or_default() += 1;
    }
    let clicked: std::collections::HashSet<(i64, String)> = traffic
        .clicks
        .iter()
        .map(|click| (click.card, click.member.clone()))
        .collect();
    let answered: Vec<&Click> = traffic
        .clicks
        .iter()
        .filter(|click| answered_with_success(fake, click))
        .collect();
    let lost: Vec<Click> = answered
        .iter()
        .filter(|click| counts.get(&(click.card, click.member.clone())) != Some(&1))
        .map(|click| (*click).clone())
        .collect();
    let answered_keys: std::collections::HashSet<(i64, String)> = answered
        .iter()
        .map(|click| (click.card, click.member.clone()))
        .collect();
    let replies_doubled = traffic
        .clicks
        .iter()
        .map(|click| click.respond)
        .chain(traffic.quizzes.iter().copied())
        .filter(|respond| fake.responses_to(*respond).len() > 1)
        .count();
    Verdict {
        clicks_sent: traffic.clicks.len(),
        answered: answered.len(),
        stored: stored.len(),
        stored_unanswered: counts
            .keys()
            .filter(|key| !answered_keys.contains(*key))
            .count(),
        lost,
        doubled: counts.values().filter(|count| **count > 1).count(),
        unclicked: counts.keys().filter(|key| !clicked.contains(*key)).count(),
        replies_doubled,
        not_dispatched: traffic.not_dispatched,
        quizzes_sent: traffic.quizzes_sent,
        quizzes_answered: traffic.quizzes_answered,
    }
}
