-- Questions a workspace adds beside the shipped bank: an admin's are
-- approved at once, a member's wait as suggestions until an admin approves
-- or rejects them. Ids are `ws-<number>`, numbered per workspace; the
-- bank's validator refuses `ws-` ids, so the two can never collide. Nothing
-- is deleted: a rejected suggestion keeps its number and its note.
CREATE TABLE workspace_questions (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL CHECK (number > 0),
    question_id  TEXT NOT NULL CHECK (question_id = 'ws-' || number),
    topic_id     TEXT NOT NULL,
    difficulty   TEXT NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    question     TEXT NOT NULL,
    answer       TEXT NOT NULL,
    -- A JSON list of 2 to 5 strings, checked by the bank's rules on entry.
    key_points   TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    suggested_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
    decided_by   INTEGER REFERENCES members (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    -- NULL while pending.
    decided_at   TEXT,
    reject_note  TEXT CHECK (length(reject_note) BETWEEN 1 AND 500),
    UNIQUE (workspace_id, number),
    UNIQUE (workspace_id, question_id)
) STRICT;

CREATE INDEX workspace_questions_by_status ON workspace_questions (workspace_id, status);
