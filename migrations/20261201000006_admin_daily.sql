-- Admins steer a channel's daily question: skip a day, pause for a while,
-- queue a question. Every such action is recorded with who did it and why,
-- and pause periods stay queryable so that a streak broken while the daily
-- question was paused can be recognised later.

-- What an admin did, by whom, with the detail they gave. Other admin tools
-- (streak repair) write here too.
CREATE TABLE admin_actions (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    -- NULL once the member's data is deleted; the action stays on record.
    member_id    INTEGER REFERENCES members (id) ON DELETE SET NULL,
    action       TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 40),
    detail       TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

CREATE INDEX admin_actions_by_workspace ON admin_actions (workspace_id, created_at);

-- A pause of a channel's daily question by an admin (not to be confused
-- with `subscriptions.paused_reason`, set when the platform refuses the
-- channel). Firings from `paused_at` up to `resumed_at` are skipped, never
-- caught up. `resumed_at` is set when the pause is made with an end date
-- (the start of the day after `until_date`, in the channel's zone) or when
-- an admin resumes; NULL while it runs until resumed.
CREATE TABLE daily_pauses (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    paused_at       TEXT NOT NULL,
    -- The last local date without a post, as the admin gave it; NULL for
    -- a pause until resumed.
    until_date      TEXT,
    resumed_at      TEXT,
    paused_by       INTEGER REFERENCES members (id) ON DELETE SET NULL,
    reason          TEXT CHECK (length(reason) <= 500),
    CHECK (resumed_at IS NULL OR resumed_at >= paused_at)
) STRICT;

CREATE INDEX daily_pauses_by_subscription ON daily_pauses (subscription_id, paused_at);

-- Why a date was skipped: 'admin' (/prepbot skip, made before the date
-- came), 'paused' (the date fell in a pause). NULL for every other skip
-- (missed for longer than the catch-up window, no eligible question, given
-- up after failed sends) and for posts.
ALTER TABLE daily_posts ADD COLUMN skip_reason TEXT
    CHECK (skip_reason IS NULL OR skip_reason IN ('admin', 'paused'));
