-- What each card showed: its question as the bank had it when the card was
-- issued (JSON: topic, difficulty, question, answer, key points, example,
-- written options). A reveal after the bank is reloaded shows what the
-- member saw, and a question removed from the bank stays readable in their
-- history. NULL on cards issued before this migration: those follow the
-- bank as it is.
ALTER TABLE cards ADD COLUMN shown TEXT;
