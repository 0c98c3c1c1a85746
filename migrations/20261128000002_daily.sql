-- Daily questions: which channels get one and when, each channel's shuffled
-- deck, and every post claimed for a (subscription, local date).

CREATE TABLE subscriptions (
    id                   INTEGER PRIMARY KEY,
    workspace_id         INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    channel_id           TEXT NOT NULL,
    -- HH:MM or a cron expression, as the admin wrote it.
    schedule             TEXT NOT NULL,
    timezone             TEXT NOT NULL,
    -- Topic ids separated by commas; NULL for every topic.
    topics               TEXT,
    -- Minutes after the post when the answer is revealed in its thread;
    -- NULL for no public reveal.
    reveal_after_minutes INTEGER,
    enabled              INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at           TEXT NOT NULL,
    -- Firings before this instant belong to an older setup and are never
    -- caught up.
    updated_at           TEXT NOT NULL,
    UNIQUE (workspace_id, channel_id)
) STRICT;

-- The channel's questions in shuffled order; no question comes twice until
-- every eligible one has been posted. The order survives restarts.
CREATE TABLE decks (
    subscription_id INTEGER PRIMARY KEY REFERENCES subscriptions (id) ON DELETE CASCADE,
    question_ids    TEXT NOT NULL,
    next_index      INTEGER NOT NULL,
    round           INTEGER NOT NULL
) STRICT;

-- A daily post, claimed under (subscription, local date) before it is sent:
-- a crash or restart can resend the claimed post, never post a second one.
CREATE TABLE daily_posts (
    id            INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    local_date    TEXT NOT NULL,
    scheduled_at  TEXT NOT NULL,
    -- NULL for a post skipped because it was missed for too long.
    card_id       INTEGER REFERENCES cards (id),
    status        TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'skipped')),
    claimed_at    TEXT NOT NULL,
    send_attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at   TEXT,
    last_error    TEXT,
    sent_at       TEXT,
    message_id    TEXT,
    thread_id     TEXT,
    reveal_due_at TEXT,
    revealed_at   TEXT,
    UNIQUE (subscription_id, local_date)
) STRICT;

CREATE INDEX daily_posts_unsent ON daily_posts (status, next_try_at);
CREATE INDEX daily_posts_reveals ON daily_posts (reveal_due_at) WHERE revealed_at IS NULL;
