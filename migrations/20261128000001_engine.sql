-- The engine's tables: who practises where, what they were shown, how they
-- graded it, and what is derived from that (review schedule, points
-- rollups, streak snapshot). Instants are UTC text in one fixed format
-- (2026-11-28T18:30:00.000Z) so that they sort as text; days are
-- YYYY-MM-DD in the member's own calendar.

-- A Discord guild, a Slack team, or the local console.
CREATE TABLE workspaces (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL CHECK (platform IN ('discord', 'slack', 'console')),
    external_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    -- The workspace's IANA zone; NULL means the configured default.
    timezone    TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (platform, external_id)
) STRICT;

-- A person within one workspace. The same Discord user in two servers is two
-- members, so each study group keeps its own streaks and boards.
CREATE TABLE members (
    id                  INTEGER PRIMARY KEY,
    workspace_id        INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    external_id         TEXT NOT NULL,
    display_name        TEXT NOT NULL,
    -- NULL means the workspace's zone.
    timezone            TEXT,
    leaderboard_opt_out INTEGER NOT NULL DEFAULT 0 CHECK (leaderboard_opt_out IN (0, 1)),
    -- The streak as of last_practice_day, recomputed from attempts on every
    -- grade; kept here so a streak leaderboard needs no scan of attempts.
    streak_length       INTEGER NOT NULL DEFAULT 0,
    streak_best         INTEGER NOT NULL DEFAULT 0,
    streak_freezes      INTEGER NOT NULL DEFAULT 0,
    last_practice_day   TEXT,
    days_practised      INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    UNIQUE (workspace_id, external_id)
) STRICT;

CREATE INDEX members_by_streak ON members (workspace_id, streak_length DESC);

-- A question as shown to someone: a quiz or review card drawn by a member,
-- or a daily post's card shared by a channel. Buttons carry its id.
CREATE TABLE cards (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    -- Who drew it; NULL for a daily post.
    member_id    INTEGER REFERENCES members (id) ON DELETE CASCADE,
    question_id  TEXT NOT NULL,
    context      TEXT NOT NULL CHECK (context IN ('daily', 'quiz', 'review')),
    mode         TEXT NOT NULL CHECK (mode IN ('flashcard', 'choice')),
    -- For choice cards: the question ids whose brief answers are the
    -- options, in the order shown, fixed when the card is issued.
    choice_options TEXT,
    issued_at    TEXT NOT NULL
) STRICT;

-- A graded attempt. One per member and card: a double click or a retry of
-- the same card is refused by the UNIQUE constraint, not by luck.
CREATE TABLE attempts (
    id          INTEGER PRIMARY KEY,
    card_id     INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    context     TEXT NOT NULL CHECK (context IN ('daily', 'quiz', 'review')),
    grade       TEXT NOT NULL CHECK (grade IN ('again', 'hard', 'good', 'easy')),
    -- For choice cards: the option picked (0-3) and whether it was right.
    choice      INTEGER,
    correct     INTEGER CHECK (correct IN (0, 1)),
    points      INTEGER NOT NULL DEFAULT 0,
    answered_at TEXT NOT NULL,
    local_day   TEXT NOT NULL,
    UNIQUE (card_id, member_id)
) STRICT;

CREATE INDEX attempts_by_member_day ON attempts (member_id, local_day);
CREATE INDEX attempts_by_member_question ON attempts (member_id, question_id, context);

-- Each member's spaced-repetition state per question (FSRS).
CREATE TABLE review_cards (
    member_id      INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    question_id    TEXT NOT NULL,
    due            TEXT NOT NULL,
    stability      REAL NOT NULL,
    difficulty     REAL NOT NULL,
    elapsed_days   INTEGER NOT NULL,
    scheduled_days INTEGER NOT NULL,
    reps           INTEGER NOT NULL,
    lapses         INTEGER NOT NULL,
    state          INTEGER NOT NULL,
    last_review    TEXT NOT NULL,
    -- The member's day the question was first graded, to cap new cards a day.
    introduced_on  TEXT NOT NULL,
    PRIMARY KEY (member_id, question_id)
) STRICT;

CREATE INDEX review_cards_due ON review_cards (member_id, due);

-- Points per member and period ('all', 'week:2026-W48', 'month:2026-11'),
-- added to in the grading transaction; derivable from attempts at any time.
CREATE TABLE period_points (
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    points       INTEGER NOT NULL,
    PRIMARY KEY (member_id, period)
) STRICT;

CREATE INDEX period_points_board ON period_points (workspace_id, period, points DESC);
