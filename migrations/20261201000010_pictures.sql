-- Pictures: each member's choice of light or dark pictures, and the weekly
-- recap a channel with a daily question gets on Monday.

-- NULL until the member chooses; pictures are then light.
ALTER TABLE members ADD COLUMN picture_theme TEXT CHECK (picture_theme IN ('light', 'dark'));

-- Admins turn a channel's weekly recap off (0) or on again (1).
ALTER TABLE subscriptions ADD COLUMN weekly_recap INTEGER NOT NULL DEFAULT 1
    CHECK (weekly_recap IN (0, 1));

-- A recap, claimed under (subscription, ISO week recapped) before it is
-- sent: a restart or a second process finds the claim and never posts the
-- week twice. A send that fails is tried again a few times.
CREATE TABLE weekly_recaps (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    -- The week recapped, as 2026-W48, and its Monday.
    iso_week        TEXT NOT NULL,
    week_monday     TEXT NOT NULL,
    claimed_at      TEXT NOT NULL,
    send_attempts   INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    sent_at         TEXT,
    UNIQUE (subscription_id, iso_week)
) STRICT;

CREATE INDEX weekly_recaps_unsent ON weekly_recaps (sent_at) WHERE sent_at IS NULL;
