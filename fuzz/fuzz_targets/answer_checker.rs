//! Fuzzes the answer checker: the built-in key-point checker (with a
//! vocabulary of synonyms), a judge's reply as the LLM endpoint sends it,
//! and the checks that hold a judge's verdict to what the member wrote.
//!
//! The input is text in sections split at lines `%%%%`: the answer; key
//! points, one per line; synonym groups, one per line, phrases split at
//! `|`; a judge's reply body (the endpoint's JSON); the judge's quotes,
//! one per key point (`-` for covered without a quote, empty for not
//! covered); its feedback; its follow-up question.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prepbot::domain::evidence::{inert, quote_appears};
use prepbot::domain::key_points::Checker;
use prepbot::engine::{
    JudgeReply, JudgedPoint, MAX_FEEDBACK_CHARS, MAX_FOLLOW_UP_CHARS, answer_verdict,
    checked_verdict, safe_follow_up,
};

/// Mentions that would notify someone if a judge's words carried them.
fn assert_inert(text: &str) {
    assert!(
        !text.contains("<@") && !text.contains("<!") && !text.contains("<#"),
        "{text:?}"
    );
    assert!(
        !text.contains("@everyone") && !text.contains("@here"),
        "{text:?}"
    );
    assert!(!text.contains('\n'), "{text:?}");
}

fuzz_target!(|text: &str| {
    let mut sections = text.split("\n%%%%\n");
    let mut next = || sections.next().unwrap_or_default();
    let answer = next();
    let key_points: Vec<String> = next().lines().take(8).map(str::to_owned).collect();
    let synonyms: Vec<Vec<String>> = next()
        .lines()
        .take(8)
        .map(|line| line.split('|').map(str::to_owned).collect())
        .collect();
    let judge_body = next();
    let judged: Vec<JudgedPoint> = next()
        .lines()
        .map(|line| JudgedPoint {
            covered: !line.is_empty(),
            quote: (line != "-" && !line.is_empty()).then(|| line.to_owned()),
        })
        .collect();
    let feedback = next().to_owned();
    let follow_up = Some(next()).filter(|f| !f.is_empty()).map(str::to_owned);

    // The built-in checker: one verdict per key point, in order, never a
    // quote of its own.
    let checker = Checker::new(&synonyms);
    let matches = checker.check(answer, &key_points);
    assert_eq!(matches.len(), key_points.len());
    for (found, point) in matches.iter().zip(&key_points) {
        assert_eq!(&found.key_point, point);
        assert!(found.evidence.is_none());
    }
    let covered = matches.iter().filter(|m| m.covered).count();
    assert!(!answer_verdict(covered, matches.len()).is_empty());
    // An answer of nothing covers nothing.
    assert!(checker.check("", &key_points).iter().all(|m| !m.covered));

    // A quote really cut from the answer is found in it, once it has
    // enough letters to prove anything.
    let chars: Vec<char> = answer.chars().collect();
    for (n, point) in key_points.iter().enumerate() {
        if chars.is_empty() {
            break;
        }
        let start = (n * 7 + point.len()) % chars.len();
        let end = (start + point.chars().count() + 4).min(chars.len());
        let quote: String = chars[start..end].iter().collect();
        if quote.chars().filter(|c| c.is_alphanumeric()).count() >= 4
            && !quote.contains("...")
            && !quote.contains('…')
        {
            assert!(quote_appears(answer, &quote), "{quote:?} in {:?}", answer);
        }
    }

    // A reply from the endpoint, whatever it holds, is read or refused.
    if let Ok(reply) = prepbot::judge::reply::parse(judge_body.as_bytes()) {
        let _ = checked_verdict(reply, answer, &key_points);
    }

    // A reply already read is held to the answer: covered points need a
    // quote the answer really holds; all the judge wrote is made inert.
    let reply = JudgeReply {
        points: judged,
        feedback,
        grade: None,
        follow_up,
    };
    let points = reply.points.len();
    match checked_verdict(reply, answer, &key_points) {
        Ok((matches, verdict)) => {
            assert_eq!(points, key_points.len());
            assert_eq!(matches.len(), key_points.len());
            for found in &matches {
                assert_eq!(found.covered, found.evidence.is_some());
                if let Some(evidence) = &found.evidence {
                    assert_inert(evidence);
                }
            }
            assert!(verdict.feedback.chars().count() <= MAX_FEEDBACK_CHARS + 1);
            assert_inert(&verdict.feedback);
            if let Some(follow_up) = &verdict.follow_up {
                assert!(follow_up.chars().count() <= MAX_FOLLOW_UP_CHARS);
                assert!(follow_up.ends_with('?'));
                assert_inert(follow_up);
            }
        }
        Err(_) => assert_ne!(points, key_points.len()),
    }
    if let Some(text) = safe_follow_up(answer) {
        assert_inert(&text);
    }
    assert!(inert(answer, 50).chars().count() <= 51);
});
