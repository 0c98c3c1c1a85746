-- PostgreSQL dialect of migrations/20261201000001_zone_changes.sql: the same tables, columns and
-- constraints. INTEGER is BIGINT (i64 on both), 0/1 flags stay BIGINT, instants
-- and days stay the same sortable text, compared byte by byte (COLLATE "C",
-- as SQLite's BINARY).

-- A member's change of time zone takes effect at the start of their next
-- practice day, never at once, so that changing zone can neither create nor
-- fill a practice day. Until then the change waits here.
-- next_timezone_from NULL: no change waiting. next_timezone NULL with a
-- from: the member goes back to the workspace's zone at that instant.
ALTER TABLE members ADD COLUMN next_timezone TEXT COLLATE "C";
ALTER TABLE members ADD COLUMN next_timezone_from TEXT COLLATE "C";
