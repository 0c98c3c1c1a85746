-- A daily question the platform refuses for good (prepbot removed from the
-- channel, the channel deleted or archived) is paused with the reason, so
-- that admins see it in status instead of prepbot retrying forever. Setting
-- the daily question up again clears it.
ALTER TABLE subscriptions ADD COLUMN paused_reason TEXT;
