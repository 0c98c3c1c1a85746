-- A member preparing for a dated interview: the date (their own calendar)
-- and the topics it covers. `/streak`, `/review` and `/stats` count down to
-- it, and `/review` spends its new-question budget on those topics first.
CREATE TABLE interview_plans (
    member_id      INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    -- YYYY-MM-DD in the member's own calendar.
    interview_date TEXT NOT NULL,
    -- Topic ids separated by commas; NULL for every topic.
    topics         TEXT,
    set_at         TEXT NOT NULL
) STRICT;

-- Cards drawn by `/review cram`: practice ahead of schedule before the
-- interview. Grading one records the attempt (points and streak as a
-- review) but never lengthens the question's FSRS schedule; see
-- engine::cram for what it may change.
CREATE TABLE cram_cards (
    card_id INTEGER PRIMARY KEY REFERENCES cards (id) ON DELETE CASCADE
) STRICT;
