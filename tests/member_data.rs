//! A member's own data: the export holds everything stored about them and
//! reads back as the database has it; the deletion removes every row of
//! theirs, in every table, and not one row of anyone else's.

mod support;

use std::collections::BTreeSet;

use chrono::Duration;
use prepbot::bank::Draft;
use prepbot::domain::Grade;
use prepbot::domain::report::ReportReason;
use prepbot::engine::{
    EXPORT_SCHEMA_VERSION, GradeInput, MemberExport, Period, RankBy, ReviewNext,
};
use support::{TestApp, member, spawn_app, utc};

fn draft(question: &str) -> Draft {
    Draft {
        topic: "vaes".into(),
        difficulty: "medium".into(),
        question: question.into(),
        answer: "It keeps the latent distribution close to the prior, so sampling works.".into(),
        key_points: vec![
            "latent close to the prior".into(),
            "sampling from the prior works".into(),
        ],
    }
}

/// The stored id of a member, by display name.
async fn id_of(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM members WHERE display_name = ?")
        .bind(name)
        .fetch_one(app.engine.store().pool())
        .await
        .unwrap()
}

/// Every application table with the columns that name a member (foreign
/// keys to `members`, and `members.id` itself).
async fn tables(app: &TestApp) -> Vec<(String, Vec<String>, Vec<String>)> {
    let pool = app.engine.store().pool();
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut out = Vec::new();
    for name in names {
        let columns: Vec<String> =
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{name}')"))
                .fetch_all(pool)
                .await
                .unwrap();
        let mut member_columns: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT \"from\" FROM pragma_foreign_key_list('{name}') WHERE \"table\" = 'members'"
        ))
        .fetch_all(pool)
        .await
        .unwrap();
        if name == "members" {
            member_columns.push("id".to_owned());
        }
        out.push((name, columns, member_columns));
    }
    out
}

/// Every row of every table as `table: [values]`, split into the rows that
/// name the member and the rest.
async fn snapshot(app: &TestApp, member_id: i64) -> (BTreeSet<String>, BTreeSet<String>) {
    let pool = app.engine.store().pool();
    let (mut theirs, mut others) = (BTreeSet::new(), BTreeSet::new());
    for (table, columns, member_columns) in tables(app).await {
        let names_them = if member_columns.is_empty() {
            "0".to_owned()
        } else {
            member_columns
                .iter()
                .map(|c| format!("\"{c}\" IS {member_id}"))
                .collect::<Vec<_>>()
                .join(" OR ")
        };
        let sql = format!(
            "SELECT json_array({}), {names_them} FROM \"{table}\"",
            columns
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let rows: Vec<(String, bool)> = sqlx::query_as(&sql).fetch_all(pool).await.unwrap();
        for (row, is_theirs) in rows {
            let line = format!("{table}: {row}");
            if is_theirs {
                theirs.insert(line);
            } else {
                others.insert(line);
            }
        }
    }
    (theirs, others)
}

/// Ada and Bob practise in one server over three days; Ada also reviews,
/// reports, suggests (one approved, one waiting), sets a zone, reminders
/// and an interview date, and Bob grades a quiz card Ada drew.
async fn two_members_who_practised() -> TestApp {
    let app = spawn_app(utc("2026-12-01T09:00:00Z")).await;
    let (ada, bob, root) = (
        member("g1", "ada"),
        member("g1", "bob"),
        member("g1", "root"),
    );
    for day in 0..3 {
        app.set_time(utc("2026-12-01T09:00:00Z") + Duration::days(day));
        app.practise(&ada, Grade::Good).await;
        app.practise(&bob, Grade::Hard).await;
    }
    if let ReviewNext::Card { card, .. } = app.engine.review(&ada).await.unwrap() {
        app.engine
            .grade(&ada, card.id, GradeInput::Grade(Grade::Easy))
            .await
            .unwrap();
    }
    let shared = app.quiz(&ada, None).await;
    app.engine
        .grade(&bob, shared.id, GradeInput::Grade(Grade::Good))
        .await
        .unwrap();
    app.engine
        .report(
            &ada,
            None,
            ReportReason::Unclear,
            Some("The answer skips a step"),
        )
        .await
        .unwrap();
    app.engine
        .report(&bob, None, ReportReason::Wrong, None)
        .await
        .unwrap();
    let approved = app
        .engine
        .suggest_question(&ada, &draft("Why does a VAE add a KL term to its loss?"))
        .await
        .unwrap();
    app.engine
        .approve_question(&root, approved.id.as_str()[3..].parse().unwrap())
        .await
        .unwrap();
    app.engine
        .suggest_question(
            &ada,
            &draft("What does the reparameterisation trick make possible?"),
        )
        .await
        .unwrap();
    app.engine
        .set_timezone(&ada, Some("Europe/Berlin"))
        .await
        .unwrap();
    app.engine.set_reminders(&ada, "08:30").await.unwrap();
    app.engine
        .set_interview(&ada, "2027-01-15", Some("rag"))
        .await
        .unwrap();
    app.engine
        .set_leaderboard_opt_out(&ada, true)
        .await
        .unwrap();
    app
}

#[tokio::test]
async fn an_export_holds_every_attempt_and_setting_and_reads_back_as_the_database_has_them() {
    let app = two_members_who_practised().await;
    let ada = member("g1", "ada");
    let ada_id = id_of(&app, "ada").await;

    let export = app.engine.export_member_data(&ada).await.unwrap();
    let json = export.to_json();
    let read_back: MemberExport = serde_json::from_str(&json).expect("the export parses");
    assert_eq!(read_back, export, "the JSON holds the whole export");

    assert_eq!(read_back.schema_version, EXPORT_SCHEMA_VERSION);
    assert_eq!(read_back.exported_at, "2026-12-03T09:00:00.000Z");
    assert_eq!(read_back.member.display_name, "ada");
    assert_eq!(read_back.member.member_id, "id-ada");
    assert_eq!(read_back.member.platform, "discord");

    let stored: Vec<(i64, String, String, String, i64, String)> = sqlx::query_as(
        "SELECT id, question_id, context, grade, points, local_day FROM attempts
         WHERE member_id = ? ORDER BY answered_at, id",
    )
    .bind(ada_id)
    .fetch_all(app.engine.store().pool())
    .await
    .unwrap();
    let exported: Vec<(i64, String, String, String, i64, String)> = read_back
        .attempts
        .iter()
        .map(|a| {
            (
                a.id,
                a.question_id.clone(),
                a.context.clone(),
                a.grade.clone(),
                a.points,
                a.local_day.clone(),
            )
        })
        .collect();
    assert_eq!(exported, stored, "every attempt, as stored");
    assert!(stored.len() >= 4, "three quizzes and a review: {stored:?}");
    assert_eq!(
        read_back.practice_days,
        vec!["2026-12-01", "2026-12-02", "2026-12-03"]
    );

    let (length, best, days): (i64, i64, i64) = sqlx::query_as(
        "SELECT streak_length, streak_best, days_practised FROM members WHERE id = ?",
    )
    .bind(ada_id)
    .fetch_one(app.engine.store().pool())
    .await
    .unwrap();
    assert_eq!(
        (
            read_back.streak.length,
            read_back.streak.best,
            read_back.streak.days_practised
        ),
        (length, best, days)
    );
    assert_eq!(read_back.streak.length, 3);

    let review_cards = app
        .count(&format!(
            "SELECT count(*) FROM review_cards WHERE member_id = {ada_id}"
        ))
        .await;
    assert_eq!(read_back.review_cards.len() as i64, review_cards);
    assert!(review_cards > 0);

    assert_eq!(read_back.reports.len(), 1);
    assert_eq!(
        read_back.reports[0].text.as_deref(),
        Some("The answer skips a step")
    );
    let statuses: Vec<&str> = read_back
        .suggested_questions
        .iter()
        .map(|s| s.status.as_str())
        .collect();
    assert_eq!(statuses, vec!["approved", "pending"]);

    let settings = &read_back.settings;
    let zone = settings
        .timezone_change
        .as_deref()
        .or(settings.timezone.as_deref());
    assert_eq!(zone, Some("Europe/Berlin"));
    assert!(settings.hidden_from_leaderboards);
    assert_eq!(settings.reminder_time.as_deref(), Some("08:30"));
    assert_eq!(settings.interview_date.as_deref(), Some("2027-01-15"));
    assert!(settings.interview_topics.is_some());
    assert!(
        read_back
            .points
            .iter()
            .any(|p| p.period == "all" && p.points > 0),
        "{:?}",
        read_back.points
    );
}

#[tokio::test]
async fn deleting_a_members_data_removes_every_row_of_theirs_and_changes_nothing_of_anyone_elses() {
    let app = two_members_who_practised().await;
    let (ada, bob) = (member("g1", "ada"), member("g1", "bob"));
    let ada_id = id_of(&app, "ada").await;
    let (theirs_before, others_before) = snapshot(&app, ada_id).await;
    assert!(theirs_before.len() > 10, "{theirs_before:#?}");
    let bob_before = app.engine.streak(&bob).await.unwrap();
    let board_before = app
        .engine
        .leaderboard(&bob.workspace, Period::All, RankBy::Points, 10)
        .await
        .unwrap();

    let deleted = app.engine.delete_member_data(&ada).await.unwrap();
    assert_eq!(deleted.members, 1);
    assert!(deleted.attempts >= 4, "{deleted:?}");
    assert_eq!(deleted.reports, 1);
    assert_eq!(deleted.suggestions, 1, "the waiting one");
    assert_eq!(deleted.questions_kept, 1, "the approved one");
    assert_eq!(deleted.cards_kept_for_others, 1, "the card Bob graded");

    let (theirs_after, others_after) = snapshot(&app, ada_id).await;
    assert!(theirs_after.is_empty(), "left of Ada: {theirs_after:#?}");
    let missing: Vec<&String> = others_before.difference(&others_after).collect();
    assert!(
        missing.is_empty(),
        "others' rows changed or lost: {missing:#?}"
    );
    let new: Vec<&String> = others_after.difference(&others_before).collect();
    assert_eq!(
        new.len(),
        2,
        "only the approved question and Bob's card lose Ada's id: {new:#?}"
    );
    assert!(
        new.iter()
            .all(|row| !row.contains("\"ada\"") && !row.contains("id-ada")),
        "{new:#?}"
    );

    assert_eq!(app.engine.streak(&bob).await.unwrap(), bob_before);
    let board_after = app
        .engine
        .leaderboard(&bob.workspace, Period::All, RankBy::Points, 10)
        .await
        .unwrap();
    assert_eq!(
        board_after, board_before,
        "Ada was hidden, so Bob's board is as it was"
    );
    let bank = app.engine.bank_for(1).await.unwrap();
    assert!(
        bank.questions().iter().any(|q| q.id.as_str() == "ws-1"),
        "the approved question stays in the server's bank"
    );
}

#[tokio::test]
async fn a_member_who_comes_back_after_deleting_their_data_starts_fresh() {
    let app = two_members_who_practised().await;
    let ada = member("g1", "ada");
    app.engine.delete_member_data(&ada).await.unwrap();
    assert_eq!(
        app.engine.delete_member_data(&ada).await.unwrap().members,
        0,
        "a second deletion finds nothing"
    );

    app.set_time(utc("2026-12-04T09:00:00Z"));
    let streak = app.engine.streak(&ada).await.unwrap();
    assert_eq!(
        (streak.current, streak.best, streak.days_practised),
        (0, 0, 0)
    );
    app.practise(&ada, Grade::Good).await;
    let export = app.engine.export_member_data(&ada).await.unwrap();
    assert_eq!(export.attempts.len(), 1);
    assert_eq!(export.streak.length, 1);
    assert!(export.reports.is_empty() && export.suggested_questions.is_empty());
    assert_eq!(export.settings.reminder_time, None);
    assert!(!export.settings.hidden_from_leaderboards);
}
