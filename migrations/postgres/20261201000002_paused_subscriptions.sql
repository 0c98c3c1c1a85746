-- PostgreSQL dialect of migrations/20261201000002_paused_subscriptions.sql: the same tables, columns and
-- constraints. INTEGER is BIGINT (i64 on both), 0/1 flags stay BIGINT, instants
-- and days stay the same sortable text, compared byte by byte (COLLATE "C",
-- as SQLite's BINARY).

-- A daily question the platform refuses for good (prepbot removed from the
-- channel, the channel deleted or archived) is paused with the reason, so
-- that admins see it in status instead of prepbot retrying forever. Setting
-- the daily question up again clears it.
ALTER TABLE subscriptions ADD COLUMN paused_reason TEXT COLLATE "C";
