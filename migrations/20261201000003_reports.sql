-- Members flag a question that is wrong, unclear, outdated or a duplicate;
-- admins list and close the reports, and `prepbot bank reports` exports
-- them for the bank's maintainers. The question's text and answer are kept
-- as the bank had them when the report was made, so a report still makes
-- sense after the bank has changed.
CREATE TABLE reports (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    member_id     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    question_id   TEXT NOT NULL,
    reason        TEXT NOT NULL
                  CHECK (reason IN ('wrong', 'unclear', 'outdated', 'duplicate', 'other')),
    -- What the member wrote, on one line without control characters; NULL
    -- when they wrote nothing.
    text          TEXT CHECK (length(text) BETWEEN 1 AND 500),
    question_text TEXT NOT NULL,
    answer_text   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    -- All three NULL while the report is open.
    closed_at     TEXT,
    closed_by     INTEGER REFERENCES members (id) ON DELETE SET NULL,
    close_note    TEXT CHECK (length(close_note) BETWEEN 1 AND 500)
) STRICT;

-- One open report per member and question: a second one updates the first.
CREATE UNIQUE INDEX reports_one_open ON reports (member_id, question_id)
    WHERE closed_at IS NULL;
CREATE INDEX reports_open_by_question ON reports (workspace_id, question_id)
    WHERE closed_at IS NULL;
