-- PostgreSQL dialect of migrations/20261201000004_card_text.sql: the same tables, columns and
-- constraints. INTEGER is BIGINT (i64 on both), 0/1 flags stay BIGINT, instants
-- and days stay the same sortable text, compared byte by byte (COLLATE "C",
-- as SQLite's BINARY).

-- What each card showed: its question as the bank had it when the card was
-- issued (JSON: topic, difficulty, question, answer, key points, example,
-- written options). A reveal after the bank is reloaded shows what the
-- member saw, and a question removed from the bank stays readable in their
-- history. NULL on cards issued before this migration: those follow the
-- bank as it is.
ALTER TABLE cards ADD COLUMN shown TEXT COLLATE "C";
