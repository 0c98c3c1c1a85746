-- When prepbot was running, so that a day it was down can be told from a
-- day a member simply missed. Each process (`prepbot run`, the console)
-- adds a row when it starts and moves `last_seen_at` on every minute; the
-- time between one run's last sign of life and the next start is downtime.
CREATE TABLE bot_runs (
    id           INTEGER PRIMARY KEY,
    started_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL CHECK (last_seen_at >= started_at)
) STRICT;

CREATE INDEX bot_runs_by_start ON bot_runs (started_at);

-- Days an admin excused from a member's streak because prepbot itself was
-- down: the streak is recomputed as if the day had not been missed, yet
-- the day earns no points and is not counted as a practice day. One row per
-- excused day; the rows of one restore share `created_at`. Kept for good, so
-- the repair outlives later grades, restarts and recomputations.
CREATE TABLE streak_repairs (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    day         TEXT NOT NULL,
    restored_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
    -- The admin's name when they restored, kept if they leave.
    restored_by_name TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_at  TEXT NOT NULL,
    UNIQUE (member_id, day)
) STRICT;
