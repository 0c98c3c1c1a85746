//! Grading a card: the attempt, its points, the review schedule and the
//! streak, written in one transaction.
//!
//! The transaction starts with `BEGIN IMMEDIATE`, holding SQLite's write
//! lock before it reads, and the attempt is inserted with `ON CONFLICT DO
//! NOTHING` on (card, member): a double click's two grades queue on the
//! lock and the second finds the first, so exactly one counts.

use anyhow::Context as _;
use chrono::NaiveDate;

use super::points::{period_keys, points_for};
use super::{CardId, Engine, EngineError, MemberRef, UserError, schedule};
use crate::domain::day::practice_day;
use crate::domain::streak::Streak;
use crate::domain::{Context, Grade, Mode};
use crate::store::{attempts, cards, grading, members, review_cards, time};

type GradingTransaction = crate::store::Transaction;

/// What the member chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeInput {
    /// A self-grade after revealing a flashcard.
    Grade(Grade),
    /// The option picked on a choice card (0 for A).
    Choice(usize),
}

/// What grading did.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub card_id: CardId,
    /// Where the card was shown (a review card leads on to the next one).
    pub context: Context,
    /// The card was drawn by `/review cram`, so the next one is too.
    pub crammed: bool,
    /// The card was graded before by this member; nothing new was recorded
    /// and the fields describe the first grade.
    pub already_graded: bool,
    pub grade: Grade,
    /// For choice cards: whether the pick was right, and which was.
    pub correct: Option<bool>,
    pub correct_option: Option<usize>,
    pub points: i64,
    pub streak: Streak,
    /// The member's day the question comes back for review.
    pub next_review: NaiveDate,
}

impl Engine {
    pub async fn grade(
        &self,
        who: &MemberRef,
        card_id: CardId,
        input: GradeInput,
    ) -> Result<Outcome, EngineError> {
        let (mut tx, member, card, previous, crammed) = self.grading_read(who, card_id).await?;
        let (card, question) = self.checked_card(&member, card)?;
        let mode = card.mode.parse::<Mode>().map_err(anyhow::Error::msg)?;
        let context = Context::parse(&card.context).context("reading the card's context")?;
        let option_ids = self.card_options(&card)?;
        let correct_option = option_ids
            .iter()
            .position(|option| option.is_right(&question));
        let (grade, choice, correct) = match (input, mode) {
            (GradeInput::Grade(grade), _) => (grade, None, None),
            (GradeInput::Choice(_), Mode::Flashcard) => {
                return Err(UserError::NotAChoiceCard.into());
            }
            (GradeInput::Choice(pick), Mode::Choice) if pick >= option_ids.len() => {
                let letters: Vec<String> = (0..option_ids.len()).map(option_letter).collect();
                return Err(UserError::NoSuchOption {
                    options: letters.join(", "),
                }
                .into());
            }
            (GradeInput::Choice(pick), Mode::Choice) => {
                let right = Some(pick) == correct_option;
                (
                    if right { Grade::Good } else { Grade::Again },
                    Some(pick),
                    Some(right),
                )
            }
        };

        let now = self.clock.now();
        let today = self.today(&member);
        let today_text = time::day_text(today);
        let now_text = time::instant_text(now);
        // The first attempt at a question in a context earns points: a daily
        // card once (its own card is graded once), a quiz question once
        // ever, a review once a day.
        let once = match context {
            Context::Daily => None,
            Context::Quiz => Some(None),
            Context::Review => Some(Some(today_text.as_str())),
        };
        let attempt = attempts::NewAttempt {
            card_id: card.id,
            member_id: member.id(),
            question_id: &card.question_id,
            context: context.as_str(),
            grade: grade.as_str(),
            choice: choice.map(|pick| pick as i64),
            correct,
            answered_at: &now_text,
            local_day: &today_text,
            points: points_for(context, correct),
            once,
        };
        let Some(recorded) = attempts::insert_first(&mut tx, &attempt).await? else {
            tx.rollback().await.context("ending the repeated grade")?;
            return self
                .repeated_grade(
                    who,
                    card_id,
                    context,
                    crammed,
                    &card.question_id,
                    correct_option,
                )
                .await;
        };
        let points = recorded.points;
        let review = match &previous {
            Some(previous) if crammed => super::cram::after_cram(previous, grade, &now_text),
            _ => schedule::next(
                previous.as_ref(),
                member.id(),
                &card.question_id,
                grade,
                now,
                &today_text,
            )?,
        };
        let before = member.streak_state()?;
        let state = before.practised(today);
        let last_day = state.last_day.map(time::day_text);
        // Boards count weeks and months in the workspace's calendar.
        let board_day = practice_day(now, member.workspace_zone, self.config.day_start);
        let effects = grading::GradeEffects {
            workspace_id: member.row.workspace_id,
            review: &review,
            points,
            periods: &period_keys(board_day),
            // Only the day's first practice moves the streak.
            streak: (state != before).then(|| members::StreakRow {
                length: i64::from(state.run),
                best: i64::from(state.best),
                freezes: i64::from(state.freezes),
                last_practice_day: last_day.as_deref(),
                days_practised: i64::from(state.days_practised),
            }),
        };
        grading::write_effects(&mut tx, &effects).await?;
        tx.commit().await.context("committing the grade")?;
        crate::metric::attempt_recorded(who.workspace.platform.as_str());

        Ok(Outcome {
            card_id,
            context,
            crammed,
            already_graded: false,
            grade,
            correct,
            correct_option,
            points,
            streak: state.at(today),
            next_review: practice_day(
                time::parse_instant(&review.due)?,
                member.zone,
                self.config.day_start,
            ),
        })
    }

    /// Opens the grading transaction and reads, in it, the member, the card
    /// and the member's review state for its question. `BEGIN IMMEDIATE`
    /// takes the write lock first, so nothing read can change before the
    /// writes; a double click's second grade waits here for the first. A
    /// member seen for the first time (or renamed) is recorded first.
    async fn grading_read(
        &self,
        who: &MemberRef,
        card_id: CardId,
    ) -> anyhow::Result<(
        GradingTransaction,
        super::Member,
        Option<cards::CardRow>,
        Option<review_cards::ReviewCardRow>,
        bool,
    )> {
        let who = &who.cleaned();
        let platform = who.workspace.platform.as_str();
        for _ in 0..2 {
            let mut tx = self.store.begin_write().await?;
            let read = grading::read(
                &mut tx,
                platform,
                &who.workspace.external_id,
                &who.external_id,
                card_id.0,
            )
            .await?;
            match read {
                Some(read) if read.member.display_name == who.display_name => {
                    let member = self.member_of(read.member, read.workspace_timezone.as_deref());
                    return Ok((tx, member, read.card, read.review, read.crammed));
                }
                _ => {
                    tx.rollback().await.context("ending the grading read")?;
                    self.record_member(who).await?;
                }
            }
        }
        anyhow::bail!("the member could not be recorded")
    }

    /// The outcome of the first grade, for a repeat of it.
    async fn repeated_grade(
        &self,
        who: &MemberRef,
        card_id: CardId,
        context: Context,
        crammed: bool,
        question_id: &str,
        correct_option: Option<usize>,
    ) -> Result<Outcome, EngineError> {
        let pool = self.store.pool();
        // Read the member again: the first grade updated their streak.
        let member = self.member(who).await?;
        let first = attempts::find(pool, card_id.0, member.id())
            .await?
            .context("the first grade has vanished")?;
        let review = review_cards::get(pool, member.id(), question_id).await?;
        let due = match review {
            Some(row) => time::parse_instant(&row.due)?,
            None => self.clock.now(),
        };
        Ok(Outcome {
            card_id,
            context,
            crammed,
            already_graded: true,
            grade: first.grade.parse().map_err(anyhow::Error::msg)?,
            correct: first.correct.map(|c| c == 1),
            correct_option,
            points: first.points,
            streak: member.streak_state()?.at(self.today(&member)),
            next_review: practice_day(due, member.zone, self.config.day_start),
        })
    }
}

/// `A`, `B`, `C`, `D`.
pub fn option_letter(index: usize) -> String {
    char::from(b'A' + u8::try_from(index).unwrap_or(25).min(25)).to_string()
}
