-- SPDX-License-Identifier: EUPL-1.2
-- Status tokens stored as their SHA-256 only (issue #15), as inbox tokens are. A
-- submission may have several: an idempotent retry, whose sender never saw the first
-- answer, gets a new token of its own (the relay cannot give the first one again, as it
-- does not keep it). The plaintext tokens of older rows are hashed by the server at its
-- next start (SQLite has no SHA-256 function), which then empties `status_token`.
CREATE TABLE status_tokens (
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    sha256        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (submission_id, sha256)
);
