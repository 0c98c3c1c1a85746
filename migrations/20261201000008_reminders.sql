-- Due-review reminders, opt-in and off by default: a member who chooses a
-- local time gets one private message a day at that time when they have
-- reviews due and have not practised yet that day.

-- A member's choice. No row, or `at` NULL: no reminders. `blocked_at` is
-- set when the platform refused to deliver a direct message (DMs closed,
-- user gone); reminders then stay paused, instead of failing every day,
-- until the member sets a time again. `updated_at` is when the time was
-- chosen: a reminder time that passed before then waits for the next day.
CREATE TABLE reminder_settings (
    member_id      INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    at             TEXT CHECK (length(at) = 5),
    blocked_at     TEXT,
    blocked_reason TEXT,
    updated_at     TEXT NOT NULL
) STRICT;

-- One reminder per member and local date, claimed before it is sent (as
-- daily posts are): a crash or restart can resend the claimed reminder,
-- with the same nonce, never claim a second one for that date.
-- 'skipped': at the reminder time nothing was due or the member had
-- practised already, so nothing was sent that day.
CREATE TABLE reminders (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    local_date    TEXT NOT NULL,
    scheduled_at  TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'skipped', 'blocked', 'dropped')),
    due_reviews   INTEGER NOT NULL DEFAULT 0,
    claimed_at    TEXT NOT NULL,
    send_attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at   TEXT,
    last_error    TEXT,
    sent_at       TEXT,
    UNIQUE (member_id, local_date)
) STRICT;

CREATE INDEX reminders_unsent ON reminders (status, next_try_at);
